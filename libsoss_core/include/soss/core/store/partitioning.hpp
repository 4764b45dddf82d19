// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <bit>
#include <bitset>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "soss/core/store/types.hpp"

namespace soss::core {

// The store is split into a fixed number of partitions; the cluster moves whole partitions
// between hosts. 1024 keeps at least 16 partitions per host at the 64 hosts the original
// product is designed for (so weights of 1:2 balance within a few percent), keeps a 1 GB store
// at ~1 MB per partition (a migration unit copies in milliseconds), and the whole map stays
// small enough (1024 x 3 host ids) to send to every client. It is a power of two, so the
// partition is a mask of a well-mixed hash. Part of the wire contract: never change it.
inline constexpr std::uint32_t kPartitionCount = 1024;

using PartitionId = std::uint32_t;

// A set of partitions (a host's share of a store-wide request).
using PartitionSet = std::bitset<kPartitionCount>;

// partition = hash(namespace, key) mod kPartitionCount. All 32 key bytes and the namespace id
// are folded through a 64-bit finalizer, so raw keys that differ in any byte spread as well as
// SHA-256 keys do.
constexpr PartitionId partition_of(const ObjectId& id) {
  std::uint64_t h = std::uint64_t{id.ns} * 0x9E3779B97F4A7C15ull;
  for (std::size_t w = 0; w < 4; ++w) {
    std::uint64_t word = 0;
    if (std::is_constant_evaluated() || std::endian::native != std::endian::little) {
      for (std::size_t i = 0; i < 8; ++i) {
        word = (word << 8) | id.key[8 * w + i];
      }
    } else {
      // The same big-endian word in one load (this runs several times per request).
      std::memcpy(&word, id.key.data() + 8 * w, sizeof word);
      word = __builtin_bswap64(word);
    }
    h ^= word;
    h ^= h >> 33;
    h *= 0xFF51AFD7ED558CCDull;
    h ^= h >> 33;
  }
  return static_cast<PartitionId>(h % kPartitionCount);
}

}  // namespace soss::core
