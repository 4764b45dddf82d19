// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <algorithm>
#include <cstdint>
#include <list>
#include <string>
#include <utility>
#include <vector>

#include "soss/core/store/partitioning.hpp"
#include "soss/core/store/types.hpp"
#include "store/namespace_table.hpp"
#include "store/object_map.hpp"
#include "store/stored_object.hpp"

namespace soss::core {

// Holds every object, one hash map per partition (so the cluster can enumerate or move one
// partition), and keeps the derived views consistent with them: per-namespace keys, bytes and
// index, the LRU list of evictable objects, the totals and the per-partition version counters.
// It knows nothing about timers or locks: the engine cancels those before extract().
// Not thread-safe; owned by the StoreEngine (under the Store mutex).
class ObjectTable {
 public:
  ObjectTable();

  StoredObject* find(const ObjectId& id);
  const StoredObject* find(const ObjectId& id) const;
  // The map that holds `id` (for prefetching: ObjectMap::prefetch with ObjectMap::hash(id)).
  const ObjectMap& map_of(const ObjectId& id) const { return partitions_[partition_of(id)]; }
  // Adds an object whose bytes, meta.indexes and meta.priority are already set.
  StoredObject& insert(const ObjectId& id, StoredObject object);
  // Removes an object (which must exist) and returns it.
  StoredObject extract(const ObjectId& id);

  void set_bytes(const ObjectId& id, StoredObject& object, std::uint64_t bytes);
  void set_indexes(const ObjectId& id, StoredObject& object, std::vector<std::string> indexes);
  void set_priority(const ObjectId& id, StoredObject& object, Priority priority);
  // Marks the object most recently used.
  void touch(StoredObject& object);
  // Keeps (or drops) the LRU list of evictable objects. It is only needed while max_memory is
  // set, and keeping it costs two cache misses per access, so without a memory limit only the
  // use sequence is recorded; turning the list on rebuilds it from that, in exact LRU order.
  void enable_lru(bool on);
  // The next version of `id`'s partition: never reused, even after a remove.
  std::uint64_t next_version(const ObjectId& id);
  // The last version handed out in `partition`, and raising it (a replica installing effects).
  std::uint64_t partition_version(PartitionId partition) const { return versions_[partition]; }
  void raise_version(PartitionId partition, std::uint64_t version) {
    versions_[partition] = std::max(versions_[partition], version);
  }
  // Calls f(const ObjectId&, StoredObject&) for every object of `partition`; f must not insert
  // or remove.
  template <typename F>
  void for_each_in(PartitionId partition, F&& f) {
    partitions_[partition].for_each(std::forward<F>(f));
  }

  std::uint64_t object_count() const { return count_; }
  std::uint64_t total_bytes() const { return bytes_; }
  const LruList& lru() const { return lru_; }
  NamespaceTable& namespaces() { return namespaces_; }
  const NamespaceTable& namespaces() const { return namespaces_; }

 private:
  using Partition = ObjectMap;

  std::vector<Partition> partitions_;
  std::vector<std::uint64_t> versions_;
  LruList lru_;
  NamespaceTable namespaces_;
  bool lru_enabled_ = false;
  std::uint64_t use_seq_ = 0;
  std::uint64_t count_ = 0;
  std::uint64_t bytes_ = 0;
};

}  // namespace soss::core
