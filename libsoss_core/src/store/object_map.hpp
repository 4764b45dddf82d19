// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "soss/core/store/types.hpp"
#include "store/stored_object.hpp"

namespace soss::core {

enum class PrefetchStage : std::uint8_t { kSlot, kEntry, kValue };

// The objects of one partition: an open-addressing hash table (linear probing, backward-shift
// deletion) of {hash tag, entry pointer} slots. A lookup costs one cache miss for the slot and
// one for the entry; std::unordered_map costs three (bucket, the node before, the node), and a
// profile of the service showed its find as the largest single cost. Entries are heap-allocated
// once, so StoredObject references stay valid while other objects come and go.
// Not thread-safe; owned by ObjectTable.
class ObjectMap {
 public:
  // Not cache-line aligned on purpose: alignas(64) would put the id and the fields every
  // request touches (StoredObject's first members, 128 bytes in all) on exactly two lines, but
  // glibc's aligned allocation cost 76 more bytes per object (744 instead of 668 measured).
  struct Entry {
    ObjectId id;
    StoredObject object;
  };

  ObjectMap() = default;
  ObjectMap(ObjectMap&&) noexcept = default;
  ObjectMap& operator=(ObjectMap&&) noexcept = default;
  ~ObjectMap();

  StoredObject* find(const ObjectId& id) const;
  // Inserts `object` under `id` (which must be absent) and returns the stored object.
  StoredObject& insert(const ObjectId& id, StoredObject object);
  // Removes `id` (which must be present) and returns its object.
  StoredObject take(const ObjectId& id);
  std::size_t size() const { return size_; }
  // A cache hint. Starts loading what a request of the object whose hash(id) is `tag` will
  // touch, in stages over a batch: the slot, then the entry (needs the slot), then the value
  // bytes (needs the entry).
  void prefetch(std::uint64_t tag, PrefetchStage stage) const;

  // Calls f(const ObjectId&, StoredObject&) for every object; f must not insert or remove.
  template <typename F>
  void for_each(F&& f) {
    for (const Slot& s : slots_) {
      if (s.entry != nullptr) {
        f(s.entry->id, s.entry->object);
      }
    }
  }

  // 64-bit hash of all 32 key bytes and the namespace (raw keys may differ in any byte).
  static std::uint64_t hash(const ObjectId& id);

 private:
  struct Slot {
    std::uint64_t tag = 0;
    Entry* entry = nullptr;  // null = empty slot
  };

  std::size_t index_of(const ObjectId& id, std::uint64_t tag) const;  // slot of id, or npos
  void grow();

  std::vector<Slot> slots_;  // size is 0 or a power of two
  std::size_t size_ = 0;
};

}  // namespace soss::core
