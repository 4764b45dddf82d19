// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <list>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "soss/core/common/clock.hpp"
#include "soss/core/store/types.hpp"
#include "store/timer_queue.hpp"

namespace soss::core {

// Least-recently-used order of the evictable (Normal priority) objects; front = oldest.
using LruList = std::list<ObjectId>;

// Fixed cost charged per object on top of its bytes (map node, metadata, timers), so that many
// tiny objects still count against max_memory.
inline constexpr std::uint64_t kObjectOverheadBytes = 128;

// One object as the store holds it: value, user-visible metadata and the bookkeeping that ties it
// to the timers, the LRU list and its dependents. Plain data; owned by ObjectTable.
struct StoredObject {
  // The fields every read or write touches come first: with the map entry's id they make the
  // entry's first 128 bytes, ending with meta's fixed-size fields (a profile showed a cache
  // miss for each further line a request reached).
  std::string value;
  LockTicket ticket = 0;                 // 0 = not locked
  TimePoint expires_at{};                // meaningful when meta.timeout_s > 0
  std::uint64_t last_used = 0;           // ObjectTable's use sequence at the last access
  std::optional<LruList::iterator> lru;  // set while priority is Normal and the LRU list is kept
  ObjectMetadata meta;                   // meta.locked and meta.size are derived when answering
  std::uint64_t bytes = 0;               // accounted memory, see accounted_bytes()
  TimePoint lock_expires{};              // when the lock lapses unless refreshed
  std::optional<TimerQueue::Handle> expiry;      // unset while deferred by a lock
  std::optional<TimerQueue::Handle> lock_timer;  // set while locked
  std::unordered_set<ObjectId, ObjectIdHash> dependents;

  bool locked() const { return ticket != 0; }
  // True when the timeout has passed; locked objects never expire while locked.
  bool expired_at(TimePoint now) const {
    return !locked() && meta.timeout_s > 0 && expires_at <= now;
  }
};

// Accounted memory of an object: value, names, index values and kObjectOverheadBytes.
std::uint64_t accounted_bytes(const std::string& value, const std::string& key_name,
                              const std::string& content_type,
                              const std::vector<std::string>& indexes);

}  // namespace soss::core
