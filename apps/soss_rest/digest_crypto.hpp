// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace soss::rest {

// What digest authentication needs from a crypto library, in one of two builds (CMake picks):
// OpenSSL where soss_rest has it (digest_crypto_openssl.cpp, Linux), Windows' own CNG (BCrypt)
// in the Windows builds (digest_crypto_bcrypt.cpp), which have no OpenSSL. Thread-safe.

// The MD5 digest (RFC 1321) of `data`; nullopt when the library fails.
std::optional<std::array<std::uint8_t, 16>> md5(std::string_view data);

// Fills `out[0..n)` from the system's cryptographic random source; false when it fails.
bool random_bytes(std::uint8_t* out, std::size_t n);

}  // namespace soss::rest
