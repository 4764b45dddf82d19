// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <unordered_map>

namespace soss::net {

// The bytes all connections of a process together may hold in partly received requests, above
// the one read chunk each connection always has. A connection that grows its buffer past the
// limit makes the budget shed the connection holding most (or is refused itself when it is that
// one), so a few clients claiming huge frames cannot pin the host's memory.
// Thread-safe: connections on every io thread charge it.
class InputBudget {
 public:
  // What holds a charge: shed() asks it to close soon; it is called under the budget's lock and
  // must only post work (it may run on any thread).
  class Holder {
   public:
    virtual void shed() = 0;

   protected:
    ~Holder() = default;
  };

  explicit InputBudget(std::size_t limit_bytes) : limit_(limit_bytes) {}

  // Sets `holder`'s charge to `bytes` (0 = none; a holder sets 0 before it goes). Shrinking
  // always succeeds. Growing past the limit sheds the biggest other holder (its charge is dropped
  // at once) and succeeds, or fails when `holder` would be the biggest.
  bool charge(Holder& holder, std::size_t bytes);

  std::size_t limit() const { return limit_; }
  std::size_t used() const { return used_.load(); }
  std::uint64_t shed_count() const { return shed_.load(); }

 private:
  const std::size_t limit_;
  std::mutex mu_;
  std::unordered_map<Holder*, std::size_t> holders_;  // those with a charge above 0
  std::atomic<std::size_t> used_{0};
  std::atomic<std::uint64_t> shed_{0};
};

}  // namespace soss::net
