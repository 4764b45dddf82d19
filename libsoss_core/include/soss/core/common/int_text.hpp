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

}  // namespace soss::core
