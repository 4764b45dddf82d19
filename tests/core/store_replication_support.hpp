// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// Helpers of the replication and migration tests: whole-store snapshots taken through
// export_partition(), and comparisons of what two stores answer.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "soss/core/store/store.hpp"
#include "store_test_support.hpp"
#include "support/catch.hpp"

namespace soss::core::store_test {

inline std::string id_text(const ObjectId& id) {
  return std::to_string(id.ns) + "/" + key_hex(id.key);
}

// Every object state of some partitions, and their version counters.
struct Snapshot {
  std::map<std::string, ObjectState> objects;  // by id_text
  std::map<PartitionId, std::uint64_t> versions;
};

// Exports the partitions in one chunk each (objects in several chunks would be the same).
inline Snapshot snapshot_of(Store& store, const std::set<PartitionId>& partitions) {
  Snapshot snap;
  for (PartitionId p : partitions) {
    std::string cursor;
    do {
      for (Effect& e : store.export_partition(p, std::numeric_limits<std::size_t>::max(), cursor)) {
        snap.versions[p] = std::max(snap.versions[p], e.partition_version);
        if (e.state) {
          snap.objects[id_text(e.id)] = *e.state;
        }
      }
    } while (!cursor.empty());
  }
  return snap;
}

inline void check_same_snapshot(const Snapshot& a, const Snapshot& b) {
  CHECK(a.versions == b.versions);
  REQUIRE(a.objects.size() == b.objects.size());
  for (const auto& [text, state] : a.objects) {
    INFO("object " << text);
    auto it = b.objects.find(text);
    REQUIRE(it != b.objects.end());
    CHECK(it->second.value == state.value);
    CHECK(it->second.meta == state.meta);
    CHECK(it->second.ticket == state.ticket);
    CHECK(it->second.lock_remaining_ms == state.lock_remaining_ms);
    CHECK(it->second.timeout_remaining_ms == state.timeout_remaining_ms);
    CHECK(it->second.dependents == state.dependents);
    CHECK(it->second.parent_versions == state.parent_versions);
  }
}

inline std::vector<std::string> key_texts(const Response& r) {
  std::vector<std::string> out;
  for (const KeyInfo& k : r.keys) {
    out.push_back(key_hex(k.key) + "=" + k.key_name);
  }
  return out;
}

inline std::vector<std::string> namespace_texts(const std::vector<NamespaceInfo>& list) {
  std::vector<std::string> out;
  for (const NamespaceInfo& n : list) {
    out.push_back(std::to_string(n.id) + " " + n.name + " " + std::to_string(n.objects) + " " +
                  std::to_string(n.bytes));
  }
  return out;
}

// Keys (SHA-256 of "<prefix><n>") whose objects in namespace `ns` fall in `partition`.
inline std::vector<std::string> keys_in(PartitionId partition, const std::string& ns,
                                        const std::string& prefix, std::size_t count) {
  std::vector<std::string> keys;
  for (std::uint32_t n = 0; keys.size() < count; ++n) {
    std::string key = prefix + std::to_string(n);
    if (partition_of(oid(ns, key)) == partition) {
      keys.push_back(key);
    }
  }
  return keys;
}

}  // namespace soss::core::store_test
