// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <map>
#include <optional>

#include "soss/core/common/clock.hpp"
#include "soss/core/store/types.hpp"

namespace soss::core {

// Objects ordered by a due time, so that firing what is due never scans the store. Each object
// keeps the Handle of its entry and gives it back to cancel() when it is rescheduled or removed.
// Not thread-safe; owned by the StoreEngine (under the Store mutex).
class TimerQueue {
 public:
  using Map = std::multimap<TimePoint, ObjectId>;
  using Handle = Map::iterator;

  // Cancels any entry in `handle`, then adds one for `id` at `at` and stores it in `handle`.
  void schedule(std::optional<Handle>& handle, TimePoint at, const ObjectId& id);
  // Removes the entry in `handle`, if any, and resets `handle`.
  void cancel(std::optional<Handle>& handle);
  // Removes and returns the earliest entry due at or before `now`. The caller must reset the
  // owner's handle, which now refers to nothing.
  std::optional<ObjectId> pop_due(TimePoint now);

  std::size_t size() const { return entries_.size(); }

 private:
  Map entries_;
};

}  // namespace soss::core
