// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "soss/core/common/int_text.hpp"

#include <charconv>
#include <system_error>

namespace soss::core {

bool parse_strict_int64(std::string_view text, std::int64_t& out) {
  if (text.empty() || text.size() > 20) {
    return false;
  }
  const bool negative = text[0] == '-';
  std::string_view digits = negative ? text.substr(1) : text;
  if (digits.empty() || digits[0] < '0' || digits[0] > '9' ||
      (digits[0] == '0' && (digits.size() > 1 || negative))) {
    return false;
  }
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

}  // namespace soss::core
