// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "connection_tracker.hpp"

#include <iterator>

namespace soss::rest {
namespace {

// Lower is shed first: a connection with no request yet before one that is sending a body.
int shed_rank(ConnPhase p) {
  switch (p) {
    case ConnPhase::kIdle:
    case ConnPhase::kHead:
      return 0;
    case ConnPhase::kBody:
      return 1;
    default:
      return -1;  // busy or already shed: never a victim
  }
}

}  // namespace

bool TrackedConnection::enter(ConnPhase to, std::chrono::steady_clock::time_point now) {
  ConnPhase cur = phase_.load(std::memory_order_acquire);
  while (cur != ConnPhase::kShed) {
    if (phase_.compare_exchange_weak(cur, to, std::memory_order_acq_rel)) {
      since_ns_.store(now.time_since_epoch().count(), std::memory_order_release);
      return true;
    }
  }
  return false;
}

std::chrono::steady_clock::time_point TrackedConnection::since() const {
  return std::chrono::steady_clock::time_point(
      std::chrono::steady_clock::duration(since_ns_.load(std::memory_order_acquire)));
}

bool TrackedConnection::try_mark_shed(ConnPhase seen) {
  return phase_.compare_exchange_strong(seen, ConnPhase::kShed, std::memory_order_acq_rel);
}

bool ConnectionTracker::make_room() {
  std::shared_ptr<TrackedConnection> victim;
  {
    std::lock_guard lock(mu_);
    if (open_.size() < max_) {
      return true;
    }
    victim = pick_victim_locked();
    if (!victim) {
      return false;
    }
    open_.erase(victim->where_);
    victim->listed_ = false;
  }
  shed_.fetch_add(1);
  victim->on_shed();
  return true;
}

// The waiting connection of the lowest rank that has waited longest, marked shed. A connection
// that changes phase during the scan is skipped; three scans at most, so this stays bounded.
std::shared_ptr<TrackedConnection> ConnectionTracker::pick_victim_locked() {
  for (int attempt = 0; attempt < 3; ++attempt) {
    std::shared_ptr<TrackedConnection> best;
    ConnPhase best_phase = ConnPhase::kBusy;
    for (const auto& weak : open_) {
      auto c = weak.lock();
      if (!c) {
        continue;  // ending; its destructor removes it
      }
      ConnPhase p = c->phase();
      int rank = shed_rank(p);
      if (rank < 0) {
        continue;
      }
      if (!best || rank < shed_rank(best_phase) ||
          (rank == shed_rank(best_phase) && c->since() < best->since())) {
        best = std::move(c);
        best_phase = p;
      }
    }
    if (!best) {
      return nullptr;
    }
    if (best->try_mark_shed(best_phase)) {
      return best;
    }
  }
  return nullptr;
}

void ConnectionTracker::add(const std::shared_ptr<TrackedConnection>& c) {
  std::lock_guard lock(mu_);
  open_.push_back(c);
  c->where_ = std::prev(open_.end());
  c->listed_ = true;
}

void ConnectionTracker::remove(TrackedConnection& c) {
  std::lock_guard lock(mu_);
  if (c.listed_) {
    open_.erase(c.where_);
    c.listed_ = false;
  }
}

std::uint32_t ConnectionTracker::open() const {
  std::lock_guard lock(mu_);
  return static_cast<std::uint32_t>(open_.size());
}

}  // namespace soss::rest
