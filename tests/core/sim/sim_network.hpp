// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <queue>
#include <random>
#include <set>
#include <utility>
#include <vector>

#include "soss/core/common/clock.hpp"
#include "soss/core/membership/membership.hpp"

namespace soss::core::sim {

using std::chrono::milliseconds;

// One message on the simulated wire.
template <typename Message>
struct BasicEnvelope {
  TimePoint due{};
  std::uint64_t seq = 0;  // ties on `due` are delivered in send order
  HostId from = 0;
  HostId to = 0;
  Message message;
};

// A seeded in-memory network: every message gets a random delay in [min_delay, max_delay]
// (so messages reorder), may be lost or duplicated, and is dropped at delivery time when the
// link from -> to is cut. Links are cut one way (block) or both ways (partition). Same seed,
// same calls => same deliveries. Not thread-safe; one per test.
template <typename Message>
class BasicSimNetwork {
 public:
  using Envelope = BasicEnvelope<Message>;

  BasicSimNetwork(const ManualClock& clock, std::uint64_t seed) : clock_(clock), rng_(seed) {}

  void send(HostId from, HostId to, const Message& message) {
    if (chance(loss_)) {
      return;
    }
    const int copies = chance(duplicate_) ? 2 : 1;
    for (int i = 0; i < copies; ++i) {
      std::uniform_int_distribution<std::int64_t> delay(min_delay_.count(), max_delay_.count());
      queue_.push(Envelope{clock_.now() + milliseconds(delay(rng_)), ++seq_, from, to, message});
    }
  }
  // The next message due at or before now (the caller delivers it), if any.
  std::optional<Envelope> next_due() {
    while (!queue_.empty() && queue_.top().due <= clock_.now()) {
      Envelope e = queue_.top();
      queue_.pop();
      if (!is_cut(e.from, e.to) && (!filter_ || filter_(e))) {
        ++delivered_;
        return e;
      }
    }
    return std::nullopt;
  }
  // Called with every message about to be delivered: it may change it, or return false to drop
  // it (e.g. to lose one kind of message). An empty function delivers everything.
  void set_filter(std::function<bool(Envelope&)> filter) { filter_ = std::move(filter); }

  void set_delay(milliseconds min, milliseconds max) {
    min_delay_ = std::max(min, milliseconds(1));
    max_delay_ = std::max(max, min_delay_);
  }
  void set_loss(double p) { loss_ = p; }
  void set_duplicate(double p) { duplicate_ = p; }
  void block(HostId from, HostId to) { cut_.insert({from, to}); }
  // Cuts every link between a host of `a` and a host of `b`, both ways.
  void partition(const std::vector<HostId>& a, const std::vector<HostId>& b) {
    for (HostId x : a) {
      for (HostId y : b) {
        block(x, y);
        block(y, x);
      }
    }
  }
  // Restores every link, the delays to 1..20 ms, and no loss or duplication.
  void heal() {
    cut_.clear();
    min_delay_ = milliseconds(1);
    max_delay_ = milliseconds(20);
    loss_ = 0.0;
    duplicate_ = 0.0;
  }
  bool is_cut(HostId from, HostId to) const { return cut_.count({from, to}) != 0; }

  std::mt19937_64& rng() { return rng_; }
  std::uint64_t delivered() const { return delivered_; }
  std::size_t queued() const { return queue_.size(); }

 private:
  struct Later {
    bool operator()(const Envelope& a, const Envelope& b) const {
      return a.due != b.due ? a.due > b.due : a.seq > b.seq;
    }
  };
  bool chance(double p) {
    return p > 0.0 && std::uniform_real_distribution<double>(0.0, 1.0)(rng_) < p;
  }

  const ManualClock& clock_;
  std::mt19937_64 rng_;
  milliseconds min_delay_{1};
  milliseconds max_delay_{20};
  double loss_ = 0.0;
  double duplicate_ = 0.0;
  std::set<std::pair<HostId, HostId>> cut_;
  std::function<bool(Envelope&)> filter_;
  std::priority_queue<Envelope, std::vector<Envelope>, Later> queue_;
  std::uint64_t seq_ = 0;
  std::uint64_t delivered_ = 0;
};

using Envelope = BasicEnvelope<MembershipMessage>;
using SimNetwork = BasicSimNetwork<MembershipMessage>;

// What one host sends through: tags each message with its sender.
class SimEndpoint final : public PeerMessenger {
 public:
  SimEndpoint(SimNetwork& net, HostId self) : net_(net), self_(self) {}
  void send(HostId to, const MembershipMessage& message) override { net_.send(self_, to, message); }

 private:
  SimNetwork& net_;
  HostId self_;
};

// N Membership instances on one ManualClock and one SimNetwork. A crashed host receives
// nothing and is not ticked; restart() gives it a fresh Membership (all state lost, as for a
// real process) that joins through the given peers. Not thread-safe; one per test.
class SimCluster {
 public:
  SimCluster(std::uint64_t seed, MembershipOptions base, const std::vector<HostId>& ids);

  // Called after every delivery (for the receiver) and every tick (for each host).
  void set_observer(std::function<void(const Membership&)> observer) {
    observer_ = std::move(observer);
  }

  void start(HostId id, const std::vector<HostId>& peers);
  void crash(HostId id);
  void restart(HostId id, const std::vector<HostId>& peers);
  bool up(HostId id) const { return hosts_.at(id) != nullptr; }
  Membership& host(HostId id) { return *hosts_.at(id); }
  const std::vector<HostId>& ids() const { return ids_; }
  std::vector<HostId> up_ids() const;
  std::vector<HostId> others(HostId id) const;

  // Advances simulated time in steps of `step`, delivering due messages and ticking each host.
  void run_for(milliseconds duration);
  // Runs until pred() holds (checked after each step) or `limit` passes; true if it held.
  bool run_until(const std::function<bool()>& pred, milliseconds limit);

  SimNetwork& net() { return net_; }
  ManualClock& clock() { return clock_; }
  static constexpr milliseconds kStep{5};

 private:
  void step();

  MembershipOptions base_;
  std::vector<HostId> ids_;
  ManualClock clock_;
  SimNetwork net_;
  std::map<HostId, std::unique_ptr<SimEndpoint>> endpoints_;
  std::map<HostId, std::unique_ptr<Membership>> hosts_;
  std::function<void(const Membership&)> observer_;
};

}  // namespace soss::core::sim
