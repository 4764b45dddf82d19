// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// digest_crypto.hpp on Windows, through CNG (bcrypt.dll, Windows Vista and later): no OpenSSL
// for mingw-w64 on Debian, and no hand-written hash to get wrong.
#include "digest_crypto.hpp"

#include <windows.h>
// bcrypt.h needs the types of windows.h first.
#include <bcrypt.h>

#include <climits>

namespace soss::rest {

std::optional<std::array<std::uint8_t, 16>> md5(std::string_view data) {
  BCRYPT_ALG_HANDLE alg = nullptr;
  if (!BCRYPT_SUCCESS(BCryptOpenAlgorithmProvider(&alg, BCRYPT_MD5_ALGORITHM, nullptr, 0))) {
    return std::nullopt;
  }
  std::array<std::uint8_t, 16> out{};
  BCRYPT_HASH_HANDLE hash = nullptr;
  // BCryptHashData takes a non-const pointer but only reads (documented as input).
  auto* bytes = const_cast<PUCHAR>(reinterpret_cast<const UCHAR*>(data.data()));
  bool ok = BCRYPT_SUCCESS(BCryptCreateHash(alg, &hash, nullptr, 0, nullptr, 0, 0)) &&
            data.size() <= ULONG_MAX &&
            BCRYPT_SUCCESS(BCryptHashData(hash, bytes, static_cast<ULONG>(data.size()), 0)) &&
            BCRYPT_SUCCESS(BCryptFinishHash(hash, out.data(), static_cast<ULONG>(out.size()), 0));
  if (hash != nullptr) {
    BCryptDestroyHash(hash);
  }
  BCryptCloseAlgorithmProvider(alg, 0);
  if (!ok) {
    return std::nullopt;
  }
  return out;
}

bool random_bytes(std::uint8_t* out, std::size_t n) {
  return n <= ULONG_MAX && BCRYPT_SUCCESS(BCryptGenRandom(nullptr, out, static_cast<ULONG>(n),
                                                          BCRYPT_USE_SYSTEM_PREFERRED_RNG));
}

}  // namespace soss::rest
