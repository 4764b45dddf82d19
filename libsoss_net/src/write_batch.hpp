// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <memory>
#include <utility>
#include <vector>

#include <asio.hpp>

namespace soss::net::detail {

// A connection whose replies a WriteBatch writes.
class Flushable {
 public:
  virtual ~Flushable() = default;
  virtual void flush_writes() = 0;
};

// Writes the replies of the connections of one io thread together, after every read that was
// ready has been handled, like Redis's beforeSleep. Writing each reply as soon as its read was
// handled wakes a client that waits for several connections once per reply: measured with 50
// connections, the load generator slept 0.5 times per request against 0.02 with Redis, and
// those wakeups cost both sides more kernel time than the requests themselves.
// Not thread-safe: owned by its io thread and used only there.
class WriteBatch {
 public:
  explicit WriteBatch(asio::io_context& io) : io_(io) {}

  // `c` is written (flush_writes) once the handlers queued now have run. A connection adds
  // itself at most once per batch (it keeps its own flag).
  void add(std::shared_ptr<Flushable> c) {
    pending_.push_back(std::move(c));
    if (!posted_) {
      posted_ = true;
      asio::post(io_, [this] { run(); });
    }
  }

 private:
  void run() {
    posted_ = false;
    running_.swap(pending_);  // both keep their capacity: no allocation per batch
    for (auto& c : running_) {
      c->flush_writes();
    }
    running_.clear();
  }

  asio::io_context& io_;
  std::vector<std::shared_ptr<Flushable>> pending_;
  std::vector<std::shared_ptr<Flushable>> running_;
  bool posted_ = false;
};

}  // namespace soss::net::detail
