// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <map>
#include <optional>
#include <unordered_map>
#include <vector>

#include "soss/core/common/clock.hpp"
#include "soss/core/store/request.hpp"
#include "soss/core/store/store.hpp"
#include "soss/core/store/types.hpp"

namespace soss::core {

// A request parked until the lock of `object` is free or its deadline passes.
struct LockWaiter {
  ObjectId object;
  OpCode op = OpCode::kLock;  // kLock or kReadExclusive: what to answer when granted
  TimePoint deadline{};
  Completion done;
};

// The fair (FIFO) queues of lock requests, one per locked object, plus one deadline order over
// all of them so tick() finds timed-out waiters without scanning. Not thread-safe; owned by the
// StoreEngine (under the Store mutex). It never calls a Completion: it hands waiters back.
class LockWaiters {
 public:
  void add(LockWaiter waiter);
  // Removes and returns the oldest waiter of `object` whose deadline is after `now`. Older
  // waiters whose deadline has passed are removed too and appended to `timed_out`.
  std::optional<LockWaiter> pop_first(const ObjectId& object, TimePoint now,
                                      std::vector<LockWaiter>& timed_out);
  // Removes and returns every waiter of `object` (the object is gone).
  std::vector<LockWaiter> take_all(const ObjectId& object);
  // Removes and returns every waiter whose deadline is at or before `now`.
  std::vector<LockWaiter> take_due(TimePoint now);
  // Removes and returns every waiter (shutdown).
  std::vector<LockWaiter> take_everything();

  std::size_t size() const { return waiters_.size(); }

 private:
  using Queue = std::list<std::uint64_t>;
  struct Entry {
    LockWaiter waiter;
    Queue::iterator in_queue;
    std::multimap<TimePoint, std::uint64_t>::iterator in_deadlines;
  };

  LockWaiter take(std::uint64_t id);

  std::unordered_map<std::uint64_t, Entry> waiters_;
  std::unordered_map<ObjectId, Queue, ObjectIdHash> queues_;
  std::multimap<TimePoint, std::uint64_t> deadlines_;
  std::uint64_t next_id_ = 1;
};

}  // namespace soss::core
