// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "soss/core/common/sha256.hpp"

#include <bit>
#include <cstddef>
#include <cstring>

#include "common/sha256_blocks.hpp"

namespace soss::core {
namespace detail {

const std::uint32_t kSha256Round[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

namespace {

constexpr std::uint32_t rotr(std::uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

void compress(std::uint32_t state[8], const std::uint8_t block[64]) {
  std::uint32_t w[64];
  for (int i = 0; i < 16; ++i) {
    const std::uint8_t* p = block + std::ptrdiff_t{4} * i;
    w[i] = (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
           std::uint32_t{p[3]};
  }
  for (int i = 16; i < 64; ++i) {
    std::uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
    std::uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
    w[i] = w[i - 16] + s0 + w[i - 7] + s1;
  }
  std::uint32_t v[8];
  std::memcpy(v, state, sizeof v);
  for (int i = 0; i < 64; ++i) {
    std::uint32_t s1 = rotr(v[4], 6) ^ rotr(v[4], 11) ^ rotr(v[4], 25);
    std::uint32_t ch = (v[4] & v[5]) ^ (~v[4] & v[6]);
    std::uint32_t t1 = v[7] + s1 + ch + kSha256Round[i] + w[i];
    std::uint32_t s0 = rotr(v[0], 2) ^ rotr(v[0], 13) ^ rotr(v[0], 22);
    std::uint32_t maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
    std::uint32_t t2 = s0 + maj;
    v[7] = v[6];
    v[6] = v[5];
    v[5] = v[4];
    v[4] = v[3] + t1;
    v[3] = v[2];
    v[2] = v[1];
    v[1] = v[0];
    v[0] = t1 + t2;
  }
  for (int i = 0; i < 8; ++i) {
    state[i] += v[i];
  }
}

}  // namespace

void sha256_blocks_portable(std::uint32_t state[8], const std::uint8_t* blocks, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    compress(state, blocks + 64 * i);
  }
}

}  // namespace detail

namespace {

// Picked once: the SHA extensions of x86 CPUs when present (a key is hashed on every request,
// ~4,000 instructions in portable code against ~300), else the portable rounds.
using BlocksFn = void (*)(std::uint32_t*, const std::uint8_t*, std::size_t);
BlocksFn blocks_fn() {
  static const BlocksFn fn = detail::sha256_blocks_accelerated_available()
                                 ? &detail::sha256_blocks_accelerated
                                 : &detail::sha256_blocks_portable;
  return fn;
}

void store_be32(std::uint8_t* p, std::uint32_t v) {
  if constexpr (std::endian::native == std::endian::little) {
    v = __builtin_bswap32(v);
  }
  std::memcpy(p, &v, sizeof v);
}

Sha256Digest digest_with(BlocksFn blocks, std::string_view data) {
  std::uint32_t state[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                            0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(data.data());
  const std::size_t n = data.size();
  const std::size_t full = n / 64;
  if (full > 0) {
    blocks(state, bytes, full);
  }
  // The last block(s): the rest of the data, 0x80, zeros, and the length in bits (big-endian).
  std::uint8_t tail[128];
  const std::size_t rest = n - 64 * full;
  const std::size_t tail_len = rest + 9 <= 64 ? 64 : 128;
  std::memcpy(tail, bytes + 64 * full, rest);
  tail[rest] = 0x80;
  std::memset(tail + rest + 1, 0, tail_len - 8 - (rest + 1));
  const std::uint64_t bits = static_cast<std::uint64_t>(n) * 8;
  store_be32(tail + tail_len - 8, static_cast<std::uint32_t>(bits >> 32));
  store_be32(tail + tail_len - 4, static_cast<std::uint32_t>(bits));
  blocks(state, tail, tail_len / 64);
  Sha256Digest out;
  for (std::size_t i = 0; i < 8; ++i) {
    store_be32(out.data() + 4 * i, state[i]);
  }
  return out;
}

}  // namespace

Sha256Digest sha256(std::string_view data) { return digest_with(blocks_fn(), data); }

namespace detail {
Sha256Digest sha256_portable(std::string_view data) {
  return digest_with(&sha256_blocks_portable, data);
}
}  // namespace detail

}  // namespace soss::core
