// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "digest_crypto.hpp"

#include <climits>

#include <openssl/evp.h>
#include <openssl/rand.h>

namespace soss::rest {

std::optional<std::array<std::uint8_t, 16>> md5(std::string_view data) {
  std::array<std::uint8_t, EVP_MAX_MD_SIZE> md{};
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), md.data(), &len, EVP_md5(), nullptr) != 1 || len != 16) {
    return std::nullopt;
  }
  std::array<std::uint8_t, 16> out{};
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i] = md[i];
  }
  return out;
}

bool random_bytes(std::uint8_t* out, std::size_t n) {
  return n <= INT_MAX && RAND_bytes(out, static_cast<int>(n)) == 1;
}

}  // namespace soss::rest
