// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "store/timer_queue.hpp"

namespace soss::core {

void TimerQueue::schedule(std::optional<Handle>& handle, TimePoint at, const ObjectId& id) {
  cancel(handle);
  handle = entries_.emplace(at, id);
}

void TimerQueue::cancel(std::optional<Handle>& handle) {
  if (handle) {
    entries_.erase(*handle);
    handle.reset();
  }
}

std::optional<ObjectId> TimerQueue::pop_due(TimePoint now) {
  if (entries_.empty() || entries_.begin()->first > now) {
    return std::nullopt;
  }
  ObjectId id = entries_.begin()->second;
  entries_.erase(entries_.begin());
  return id;
}

}  // namespace soss::core
