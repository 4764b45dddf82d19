// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>

namespace soss::rest {

// What a connection is doing, as far as shedding is concerned: waiting for the client (idle
// between requests, reading a head, reading a body) or working for it (the handler runs, a
// response is being written). Only a waiting connection may be shed.
enum class ConnPhase : std::uint8_t { kIdle, kHead, kBody, kBusy, kShed };

// The part of a connection the tracker sees. The phase is published with atomics because the
// tracker reads it from the acceptor's strand while the connection changes it on its own.
class TrackedConnection {
 public:
  virtual ~TrackedConnection() = default;

  // Moves to `to` (since `now`) unless the tracker has shed the connection; false when shed.
  bool enter(ConnPhase to, std::chrono::steady_clock::time_point now);
  ConnPhase phase() const { return phase_.load(std::memory_order_acquire); }
  std::chrono::steady_clock::time_point since() const;

 protected:
  // Called (from the acceptor's strand) once the tracker has marked the connection shed:
  // close it on its own strand.
  virtual void on_shed() = 0;

 private:
  friend class ConnectionTracker;
  bool try_mark_shed(ConnPhase seen);

  std::atomic<ConnPhase> phase_{ConnPhase::kHead};
  std::atomic<std::int64_t> since_ns_{0};
  std::list<std::weak_ptr<TrackedConnection>>::iterator where_;
  bool listed_ = false;  // guarded by the tracker's mutex
};

// Counts the open connections of one HttpServer and keeps them at most `max`. At the cap a new
// connection does not wait or get refused while others merely hold sockets (slowloris, issue
// 15): the connection that has waited longest for its client is shed instead, idle and
// half-sent heads before half-sent bodies. Only when every connection is busy is the new one
// refused. Thread-safe (one mutex; a scan at the cap is O(max), bounded by max_connections).
// Shared by the server and its connections (it must outlive every connection it counts).
class ConnectionTracker {
 public:
  explicit ConnectionTracker(std::uint32_t max) : max_(max) {}

  // Makes room for a new connection: true when there is room (after shedding one if needed),
  // false when the new one must be refused.
  bool make_room();
  // Counts `c` (after make_room said yes). `c` calls remove() when it ends.
  void add(const std::shared_ptr<TrackedConnection>& c);
  void remove(TrackedConnection& c);

  std::uint32_t open() const;
  std::uint32_t max() const { return max_; }
  std::uint64_t shed_count() const { return shed_.load(); }

 private:
  std::shared_ptr<TrackedConnection> pick_victim_locked();

  const std::uint32_t max_;
  mutable std::mutex mu_;
  std::list<std::weak_ptr<TrackedConnection>> open_;
  std::atomic<std::uint64_t> shed_{0};
};

}  // namespace soss::rest
