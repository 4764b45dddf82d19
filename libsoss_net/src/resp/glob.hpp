// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string_view>

namespace soss::net::resp {

// Redis-style glob match (KEYS, SCAN MATCH, CONFIG GET): `*` any run, `?` one byte, `[abc]`,
// `[^a]`, `[a-z]` classes and `\` escapes. Byte-wise and case-sensitive; O(pattern x text).
bool glob_match(std::string_view pattern, std::string_view text);

}  // namespace soss::net::resp
