// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string_view>

namespace soss::core {

// A signed 64-bit integer written the strict way Redis reads one (string2ll): optional '-', no
// '+', no spaces, no leading zeros, no "-0", in range. The store's kIncrement and the Redis
// endpoint's argument parsing share it, so both refuse exactly the same texts.
bool parse_strict_int64(std::string_view text, std::int64_t& out);

// The value of one hexadecimal digit (0-9, a-f, A-F), or -1 for any other character.
constexpr int hex_value(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

}  // namespace soss::core
