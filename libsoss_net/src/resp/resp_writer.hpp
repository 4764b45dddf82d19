// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

namespace soss::net::resp {

// Appends RESP2 replies to a connection's output buffer. Not thread-safe; one per connection.
class RespWriter {
 public:
  explicit RespWriter(std::string& out) : out_(&out) {}

  void simple(std::string_view s) { line('+', s); }
  // An error reply; `s` is "ERR ..." or another Redis error prefix. Line breaks become spaces.
  void error(std::string_view s) {
    out_->push_back('-');
    for (char c : s) {
      out_->push_back(c == '\r' || c == '\n' ? ' ' : c);
    }
    out_->append("\r\n", 2);
  }
  void integer(std::int64_t v) { number(':', v); }
  void bulk(std::string_view s) {
    number('$', static_cast<std::int64_t>(s.size()));
    out_->append(s);
    out_->append("\r\n", 2);
  }
  void null() { out_->append("$-1\r\n", 5); }
  void null_array() { out_->append("*-1\r\n", 5); }
  void array(std::size_t n) { number('*', static_cast<std::int64_t>(n)); }
  void ok() { out_->append("+OK\r\n", 5); }

 private:
  void line(char prefix, std::string_view s) {
    out_->push_back(prefix);
    out_->append(s);
    out_->append("\r\n", 2);
  }
  void number(char prefix, std::int64_t v) {
    char buf[24];
    buf[0] = prefix;
    auto r = std::to_chars(buf + 1, buf + sizeof buf - 2, v);
    *r.ptr++ = '\r';
    *r.ptr++ = '\n';
    out_->append(buf, static_cast<std::size_t>(r.ptr - buf));
  }

  std::string* out_;
};

}  // namespace soss::net::resp
