// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace soss::net::resp {

// Limits on what one client command may be; a violation is a protocol error that closes the
// connection (as Redis does).
struct RespLimits {
  std::size_t max_bulk_bytes = 32u << 20;  // one argument (the service ties it to max_object_size)
  std::size_t max_args = 65536;            // arguments of one command, the name included
  std::size_t max_inline_bytes = 64u << 10;  // an inline command line or a `*`/`$` header line
};

// Parses RESP2 client commands (multibulk arrays of bulk strings) and inline commands (a line of
// space-separated words, with "..." and '...' quoting as redis-cli and telnet users type them).
// Incremental: after kNeedMore, call parse() again with the same command start and more bytes
// appended; the arguments already parsed are not scanned again. Arguments are views into the
// caller's buffer (inline commands: into the parser's own storage, kept until begin_batch()), so
// the commands of one read stay valid together while the buffer is not changed.
// Not thread-safe; one per connection.
class RespParser {
 public:
  enum class Result { kCommand, kNeedMore, kError };

  explicit RespParser(RespLimits limits = {}) : limits_(limits) {}

  // Parses the command at the start of `data`. kCommand: args() holds it (empty for an empty
  // multibulk such as "*0\r\n", which the caller ignores). In both kCommand and kNeedMore,
  // `consumed` bytes are done with (the command, or empty lines before an incomplete one) and the
  // next call must start after them. kError: error() says why; the connection must be closed.
  Result parse(std::string_view data, std::size_t& consumed);

  const std::vector<std::string_view>& args() const { return args_; }
  // Forgets the inline commands' storage: their earlier argument views become invalid.
  void begin_batch() { inline_store_.clear(); }
  const std::string& error() const { return error_; }
  // After kNeedMore: bytes the whole command needs at least, when known (else 0); lets the
  // caller grow its buffer once for a large value.
  std::size_t bytes_wanted() const { return wanted_; }

 private:
  Result parse_multibulk(std::string_view data, std::size_t& consumed);
  Result parse_inline(std::string_view data, std::size_t& consumed);
  Result fail(std::string message);
  // Reads a "<prefix><integer>\r\n" header at `pos`; kNeedMore when the line is not complete.
  Result read_header(std::string_view data, std::size_t pos, char prefix, std::int64_t& value,
                     std::size_t& next);
  bool split_inline(std::string_view line);
  void reset_progress();

  RespLimits limits_;
  std::vector<std::string_view> args_;
  std::string error_;
  std::deque<std::string> inline_store_;  // one string per inline command of the batch
  std::size_t wanted_ = 0;
  // Progress of a multibulk command across kNeedMore calls (offsets from the command start).
  std::int64_t expected_ = -1;  // argument count, -1 = header not read yet
  std::size_t pos_ = 0;         // where the next argument header starts
  std::vector<std::pair<std::size_t, std::size_t>> spans_;  // parsed arguments: offset, length
};

}  // namespace soss::net::resp
