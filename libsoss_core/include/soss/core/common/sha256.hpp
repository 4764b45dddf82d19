// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace soss::core {

using Sha256Digest = std::array<std::uint8_t, 32>;

// FIPS 180-4 SHA-256. Core may use only std and fmt, so it carries its own small implementation
// (keys and namespace ids are hashed with it on every client; it is not a hot path in the service).
Sha256Digest sha256(std::string_view data);

}  // namespace soss::core
