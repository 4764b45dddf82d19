// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "store/lock_waiters.hpp"

#include <utility>

namespace soss::core {

void LockWaiters::add(LockWaiter waiter) {
  std::uint64_t id = next_id_++;
  Queue& queue = queues_[waiter.object];
  auto in_queue = queue.insert(queue.end(), id);
  auto in_deadlines = deadlines_.emplace(waiter.deadline, id);
  waiters_.emplace(id, Entry{std::move(waiter), in_queue, in_deadlines});
}

LockWaiter LockWaiters::take(std::uint64_t id) {
  auto it = waiters_.find(id);
  Entry entry = std::move(it->second);
  waiters_.erase(it);
  deadlines_.erase(entry.in_deadlines);
  auto queue = queues_.find(entry.waiter.object);
  queue->second.erase(entry.in_queue);
  if (queue->second.empty()) {
    queues_.erase(queue);
  }
  return std::move(entry.waiter);
}

std::optional<LockWaiter> LockWaiters::pop_first(const ObjectId& object, TimePoint now,
                                                 std::vector<LockWaiter>& timed_out) {
  while (true) {
    auto queue = queues_.find(object);
    if (queue == queues_.end()) {
      return std::nullopt;
    }
    LockWaiter waiter = take(queue->second.front());
    if (waiter.deadline > now) {
      return waiter;
    }
    timed_out.push_back(std::move(waiter));
  }
}

std::vector<LockWaiter> LockWaiters::take_all(const ObjectId& object) {
  std::vector<LockWaiter> out;
  auto queue = queues_.find(object);
  while (queue != queues_.end()) {
    out.push_back(take(queue->second.front()));
    queue = queues_.find(object);
  }
  return out;
}

std::vector<LockWaiter> LockWaiters::take_due(TimePoint now) {
  std::vector<LockWaiter> out;
  while (!deadlines_.empty() && deadlines_.begin()->first <= now) {
    out.push_back(take(deadlines_.begin()->second));
  }
  return out;
}

std::vector<LockWaiter> LockWaiters::take_everything() {
  std::vector<LockWaiter> out;
  while (!deadlines_.empty()) {
    out.push_back(take(deadlines_.begin()->second));
  }
  return out;
}

}  // namespace soss::core
