// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <random>

#include "common/sha256_blocks.hpp"
#include "soss/core/common/sha256.hpp"
#include "soss/core/common/status.hpp"
#include "soss/core/store/partitioning.hpp"
#include "soss/core/store/types.hpp"
#include "support/catch.hpp"

using namespace soss;
using namespace soss::core;

TEST_CASE("sha256 matches the FIPS 180-4 test vectors", "[core][common]") {
  KeyBytes k;
  k = sha256("abc");
  CHECK(key_hex(k) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  k = sha256("");
  CHECK(key_hex(k) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  k = sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq");
  CHECK(key_hex(k) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  std::string million(1000000, 'a');
  k = sha256(million);
  CHECK(key_hex(k) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  // 55/56/64 byte boundaries of the padding.
  CHECK(key_hex(sha256(std::string(55, 'x'))) != key_hex(sha256(std::string(56, 'x'))));
  CHECK(key_hex(sha256(std::string(64, 'a'))) ==
        "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
}

TEST_CASE("sha256 with the CPU's SHA extensions equals the portable rounds", "[core][common]") {
  if (!detail::sha256_blocks_accelerated_available()) {
    WARN("this CPU has no SHA extensions: only the portable rounds run here");
    return;
  }
  std::mt19937 rng(7);
  std::string data;
  // Every length up to 300 bytes covers one- and two-block tails and several full blocks.
  for (std::size_t len = 0; len <= 300; ++len) {
    data.resize(len);
    for (char& c : data) {
      c = static_cast<char>(rng());
    }
    REQUIRE(key_hex(sha256(data)) == key_hex(detail::sha256_portable(data)));
  }
  std::uint32_t fast[8] = {1, 2, 3, 4, 5, 6, 7, 8};
  std::uint32_t slow[8] = {1, 2, 3, 4, 5, 6, 7, 8};
  std::string blocks(64 * 5, 'q');
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(blocks.data());
  detail::sha256_blocks_accelerated(fast, bytes, 5);
  detail::sha256_blocks_portable(slow, bytes, 5);
  CHECK(std::equal(fast, fast + 8, slow));
}

TEST_CASE("namespace ids are the first 4 bytes of SHA-256 masked to 28 bits", "[core][common]") {
  // SHA-256("abc") starts ba 78 16 bf.
  CHECK(namespace_id_of("abc") == (0xba7816bfu & 0x0FFFFFFFu));
  CHECK(namespace_id_of("x") <= kMaxUserNamespaceId);
}

TEST_CASE("partition_of is the byte-wise big-endian fold of the wire contract", "[core][common]") {
  auto reference = [](const ObjectId& id) {
    std::uint64_t h = std::uint64_t{id.ns} * 0x9E3779B97F4A7C15ull;
    for (std::size_t w = 0; w < 4; ++w) {
      std::uint64_t word = 0;
      for (std::size_t i = 0; i < 8; ++i) {
        word = (word << 8) | id.key[8 * w + i];
      }
      h ^= word;
      h ^= h >> 33;
      h *= 0xFF51AFD7ED558CCDull;
      h ^= h >> 33;
    }
    return static_cast<PartitionId>(h % kPartitionCount);
  };
  std::mt19937 rng(11);
  for (int n = 0; n < 1000; ++n) {
    ObjectId id{static_cast<NamespaceId>(rng()), KeyBytes{}};
    for (auto& b : id.key) {
      b = static_cast<std::uint8_t>(rng());
    }
    REQUIRE(partition_of(id) == reference(id));
  }
  constexpr ObjectId fixed{7, KeyBytes{1, 2, 3}};
  static_assert(partition_of(fixed) < kPartitionCount);
  CHECK(partition_of(fixed) == reference(fixed));
}

TEST_CASE("partitions spread string keys evenly", "[core][common]") {
  std::vector<int> counts(kPartitionCount, 0);
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    ObjectId id{namespace_id_of("ns"), key_of("key:" + std::to_string(i))};
    ++counts[partition_of(id)];
  }
  int lo = *std::min_element(counts.begin(), counts.end());
  int hi = *std::max_element(counts.begin(), counts.end());
  double mean = double(n) / kPartitionCount;
  CHECK(lo > mean * 0.7);
  CHECK(hi < mean * 1.3);
}

TEST_CASE("Status carries code, message and context", "[core][common]") {
  Status ok;
  CHECK(ok.is_ok());
  CHECK(Status(StatusCode::kAdded).is_ok());
  Status nf(StatusCode::kNotFound, "key 1");
  CHECK_FALSE(nf.is_ok());
  CHECK(nf.with_context("reading {}", "x").to_string() == "NotFound: reading x: key 1");
  CHECK(status_code_name(StatusCode::kLockLost) == "LockLost");
  CHECK(status_code_name(StatusCode::kConfigError) == "ConfigError");
  Result<int> r = 5;
  CHECK(r.has_value());
  CHECK(*r == 5);
  Result<int> e = StatusCode::kTimeout;
  CHECK_FALSE(e);
  CHECK(e.error().code() == StatusCode::kTimeout);
}

TEST_CASE("partitions spread raw keys that differ only in their last bytes", "[core][common]") {
  std::vector<int> counts(kPartitionCount, 0);
  for (int i = 0; i < 65536; ++i) {
    ObjectId id;
    id.ns = 7;
    id.key[30] = static_cast<std::uint8_t>(i >> 8);
    id.key[31] = static_cast<std::uint8_t>(i);
    ++counts[partition_of(id)];
  }
  int hi = *std::max_element(counts.begin(), counts.end());
  CHECK(hi < 64 * 2);  // mean 64 per partition
}
