// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "soss/core/store/types.hpp"

#include "soss/core/common/sha256.hpp"

namespace soss::core {

NamespaceId namespace_id_of(std::string_view name) {
  Sha256Digest d = sha256(name);
  std::uint32_t id = (std::uint32_t{d[0]} << 24) | (std::uint32_t{d[1]} << 16) |
                     (std::uint32_t{d[2]} << 8) | std::uint32_t{d[3]};
  return id & kMaxUserNamespaceId;
}

KeyBytes key_of(std::string_view text) { return sha256(text); }

std::string key_hex(const KeyBytes& key, std::size_t bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  bytes = bytes > key.size() ? key.size() : bytes;
  out.reserve(bytes * 2);
  for (std::size_t i = 0; i < bytes; ++i) {
    out += kHex[key[i] >> 4];
    out += kHex[key[i] & 0xF];
  }
  return out;
}

}  // namespace soss::core
