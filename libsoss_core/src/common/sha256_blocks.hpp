// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// The SHA-256 block functions behind soss::core::sha256, shared by its source files and tests.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "soss/core/common/sha256.hpp"

namespace soss::core::detail {

extern const std::uint32_t kSha256Round[64];

// Runs the compression function over `n` consecutive 64-byte blocks.
void sha256_blocks_portable(std::uint32_t state[8], const std::uint8_t* blocks, std::size_t n);
// The same with the x86 SHA extensions; call only when ..._available() says so.
void sha256_blocks_accelerated(std::uint32_t state[8], const std::uint8_t* blocks, std::size_t n);
// Whether this CPU (and build) has the SHA extensions, SSSE3 and SSE4.1.
bool sha256_blocks_accelerated_available();

// sha256() with the portable block function, whatever the CPU: for tests that compare the two.
Sha256Digest sha256_portable(std::string_view data);

}  // namespace soss::core::detail
