// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "resp/resp_parser.hpp"

#include <cstring>
#include <utility>

#include "soss/core/common/int_text.hpp"

namespace soss::net::resp {
namespace {

using core::hex_value;

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

// One escape inside "...": appends the byte(s) and returns how many input bytes it used.
std::size_t unescape(std::string_view s, std::size_t i, std::string& out) {
  if (s[i] == '\\' && i + 3 < s.size() && s[i + 1] == 'x' && hex_value(s[i + 2]) >= 0 &&
      hex_value(s[i + 3]) >= 0) {
    out.push_back(static_cast<char>(hex_value(s[i + 2]) * 16 + hex_value(s[i + 3])));
    return 4;
  }
  if (s[i] == '\\' && i + 1 < s.size()) {
    char c = s[i + 1];
    switch (c) {
      case 'n':
        c = '\n';
        break;
      case 'r':
        c = '\r';
        break;
      case 't':
        c = '\t';
        break;
      case 'b':
        c = '\b';
        break;
      case 'a':
        c = '\a';
        break;
      default:
        break;
    }
    out.push_back(c);
    return 2;
  }
  out.push_back(s[i]);
  return 1;
}

}  // namespace

RespParser::Result RespParser::parse(std::string_view data, std::size_t& consumed) {
  consumed = 0;
  wanted_ = 0;
  while (true) {
    std::string_view rest = data.substr(consumed);
    if (expected_ < 0 && rest.empty()) {
      return Result::kNeedMore;
    }
    std::size_t used = 0;
    Result r =
        (expected_ >= 0 || rest[0] == '*') ? parse_multibulk(rest, used) : parse_inline(rest, used);
    if (r == Result::kError) {
      return r;
    }
    consumed += used;
    if (r == Result::kNeedMore || !args_.empty() || rest[0] == '*') {
      return r;  // an empty multibulk is returned as an empty command; empty lines are skipped
    }
  }
}

RespParser::Result RespParser::fail(std::string message) {
  error_ = "Protocol error: " + std::move(message);
  reset_progress();
  return Result::kError;
}

void RespParser::reset_progress() {
  expected_ = -1;
  pos_ = 0;
  spans_.clear();
}

RespParser::Result RespParser::read_header(std::string_view data, std::size_t pos, char prefix,
                                           std::int64_t& value, std::size_t& next) {
  if (pos >= data.size()) {
    return Result::kNeedMore;
  }
  if (data[pos] != prefix) {
    return fail(std::string("expected '") + prefix + "', got '" + data[pos] + "'");
  }
  // The length is read as it is scanned: "-?[0-9]{1,18}" then CRLF (every command has three or
  // more of these headers, so no separate search for the CR).
  const char* p = data.data();
  const std::size_t end = std::min(data.size(), pos + limits_.max_inline_bytes);
  std::size_t i = pos + 1;
  const bool negative = i < end && p[i] == '-';
  if (negative) {
    ++i;
  }
  const std::size_t first = i;
  std::int64_t v = 0;
  // At most 18 digits are accumulated (fits in int64); a 19th only marks the header too long.
  while (i < end && p[i] >= '0' && p[i] <= '9' && i - first < 19) {
    if (i - first < 18) {
      v = v * 10 + (p[i] - '0');
    }
    ++i;
  }
  const std::size_t digits = i - first;
  if (i >= end || p[i] != '\r' || digits == 0 || digits > 18) {
    // Not a well-formed length (or not all of it yet): as Redis, a header without a CR within
    // the inline limit is too big, one that is not complete waits, and any other is invalid.
    const void* cr = std::memchr(p + pos, '\r', end - pos);
    if (cr == nullptr) {
      if (data.size() - pos >= limits_.max_inline_bytes) {
        return fail(prefix == '*' ? "too big mbulk count string" : "too big bulk count string");
      }
      return Result::kNeedMore;
    }
    return fail(prefix == '*' ? "invalid multibulk length" : "invalid bulk length");
  }
  if (i + 1 >= data.size()) {
    return Result::kNeedMore;
  }
  if (p[i + 1] != '\n') {
    return fail(prefix == '*' ? "invalid multibulk length" : "invalid bulk length");
  }
  value = negative ? -v : v;
  next = i + 2;
  return Result::kCommand;
}

RespParser::Result RespParser::parse_multibulk(std::string_view data, std::size_t& consumed) {
  args_.clear();
  if (expected_ < 0) {
    std::int64_t n = 0;
    std::size_t next = 0;
    Result r = read_header(data, 0, '*', n, next);
    if (r != Result::kCommand) {
      return r;
    }
    if (n > static_cast<std::int64_t>(limits_.max_args)) {
      return fail("invalid multibulk length");
    }
    if (n <= 0) {
      consumed = next;
      return Result::kCommand;  // empty: ignored, as Redis does
    }
    expected_ = n;
    pos_ = next;
  }
  while (spans_.size() < static_cast<std::size_t>(expected_)) {
    std::int64_t len = 0;
    std::size_t next = 0;
    Result r = read_header(data, pos_, '$', len, next);
    if (r != Result::kCommand) {
      return r;
    }
    if (len < 0 || static_cast<std::uint64_t>(len) > limits_.max_bulk_bytes) {
      return fail("invalid bulk length");
    }
    const std::size_t end = next + static_cast<std::size_t>(len);
    if (data.size() < end + 2) {
      wanted_ = end + 2;
      return Result::kNeedMore;
    }
    if (data[end] != '\r' || data[end + 1] != '\n') {
      return fail("expected CRLF after a bulk string");
    }
    spans_.emplace_back(next, static_cast<std::size_t>(len));
    pos_ = end + 2;
  }
  for (const auto& [offset, length] : spans_) {
    args_.emplace_back(data.data() + offset, length);
  }
  consumed = pos_;
  reset_progress();
  return Result::kCommand;
}

RespParser::Result RespParser::parse_inline(std::string_view data, std::size_t& consumed) {
  args_.clear();
  const std::size_t window = std::min(data.size(), limits_.max_inline_bytes);
  const void* nl = std::memchr(data.data(), '\n', window);
  if (nl == nullptr) {
    if (data.size() >= limits_.max_inline_bytes) {
      return fail("too big inline request");
    }
    return Result::kNeedMore;
  }
  const std::size_t at = static_cast<std::size_t>(static_cast<const char*>(nl) - data.data());
  std::string_view line = data.substr(0, at);
  if (!line.empty() && line.back() == '\r') {
    line.remove_suffix(1);
  }
  if (!split_inline(line)) {
    return fail("unbalanced quotes in request");
  }
  if (args_.size() > limits_.max_args) {
    return fail("too many arguments in inline request");
  }
  consumed = at + 1;
  return Result::kCommand;
}

// Splits like redis-cli: words separated by spaces; "..." with escapes (\n \r \t \b \a \xHH,
// backslash-quote, double backslash), '...' with \' only; a closing quote must be followed by a
// space or the end.
bool RespParser::split_inline(std::string_view line) {
  std::string& storage = inline_store_.emplace_back();
  storage.reserve(line.size());
  std::vector<std::pair<std::size_t, std::size_t>> spans;
  std::size_t i = 0;
  while (true) {
    while (i < line.size() && is_space(line[i])) {
      ++i;
    }
    if (i >= line.size()) {
      break;
    }
    const std::size_t start = storage.size();
    char quote = 0;
    bool done = false;
    while (!done) {
      if (i >= line.size()) {
        if (quote != 0) {
          return false;
        }
        break;
      }
      char c = line[i];
      if (quote == 0 && is_space(c)) {
        break;
      }
      if (quote == 0 && (c == '"' || c == '\'')) {
        quote = c;
        ++i;
      } else if (quote != 0 && c == quote) {
        if (i + 1 < line.size() && !is_space(line[i + 1])) {
          return false;
        }
        ++i;
        done = true;
      } else if (quote == '"') {
        i += unescape(line, i, storage);
      } else if (quote == '\'' && c == '\\' && i + 1 < line.size() && line[i + 1] == '\'') {
        storage.push_back('\'');
        i += 2;
      } else {
        storage.push_back(c);
        ++i;
      }
    }
    spans.emplace_back(start, storage.size() - start);
  }
  for (const auto& [offset, length] : spans) {
    args_.emplace_back(storage.data() + offset, length);
  }
  return true;
}

}  // namespace soss::net::resp
