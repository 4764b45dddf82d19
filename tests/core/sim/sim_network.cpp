// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "sim_network.hpp"

#include <algorithm>
#include <iterator>

namespace soss::core::sim {

bool SimNetwork::chance(double p) {
  return p > 0.0 && std::uniform_real_distribution<double>(0.0, 1.0)(rng_) < p;
}

void SimNetwork::send(HostId from, HostId to, const MembershipMessage& message) {
  if (chance(loss_)) {
    return;
  }
  const int copies = chance(duplicate_) ? 2 : 1;
  for (int i = 0; i < copies; ++i) {
    std::uniform_int_distribution<std::int64_t> delay(min_delay_.count(), max_delay_.count());
    queue_.push(Envelope{clock_.now() + milliseconds(delay(rng_)), ++seq_, from, to, message});
  }
}

std::optional<Envelope> SimNetwork::next_due() {
  while (!queue_.empty() && queue_.top().due <= clock_.now()) {
    Envelope e = queue_.top();
    queue_.pop();
    if (!is_cut(e.from, e.to)) {
      ++delivered_;
      return e;
    }
  }
  return std::nullopt;
}

void SimNetwork::set_delay(milliseconds min, milliseconds max) {
  min_delay_ = std::max(min, milliseconds(1));
  max_delay_ = std::max(max, min_delay_);
}

void SimNetwork::partition(const std::vector<HostId>& a, const std::vector<HostId>& b) {
  for (HostId x : a) {
    for (HostId y : b) {
      block(x, y);
      block(y, x);
    }
  }
}

void SimNetwork::heal() {
  cut_.clear();
  min_delay_ = milliseconds(1);
  max_delay_ = milliseconds(20);
  loss_ = 0.0;
  duplicate_ = 0.0;
}

SimCluster::SimCluster(std::uint64_t seed, MembershipOptions base, const std::vector<HostId>& ids)
    : base_(base), ids_(ids), net_(clock_, seed) {
  for (HostId id : ids_) {
    endpoints_[id] = std::make_unique<SimEndpoint>(net_, id);
    hosts_[id] = nullptr;
  }
}

void SimCluster::start(HostId id, const std::vector<HostId>& peers) {
  if (hosts_.at(id) == nullptr) {
    MembershipOptions o = base_;
    o.self = id;
    hosts_[id] = std::make_unique<Membership>(o, *endpoints_.at(id), clock_);
  }
  hosts_[id]->join(peers);
}

void SimCluster::crash(HostId id) { hosts_.at(id).reset(); }

void SimCluster::restart(HostId id, const std::vector<HostId>& peers) {
  crash(id);
  start(id, peers);
}

std::vector<HostId> SimCluster::up_ids() const {
  std::vector<HostId> out;
  for (HostId id : ids_) {
    if (up(id)) {
      out.push_back(id);
    }
  }
  return out;
}

std::vector<HostId> SimCluster::others(HostId id) const {
  std::vector<HostId> out;
  std::copy_if(ids_.begin(), ids_.end(), std::back_inserter(out),
               [&](HostId x) { return x != id; });
  return out;
}

void SimCluster::step() {
  clock_.advance(kStep);
  while (std::optional<Envelope> e = net_.next_due()) {
    auto it = hosts_.find(e->to);
    Membership* to = it == hosts_.end() ? nullptr : it->second.get();
    if (to != nullptr) {
      to->on_message(e->from, e->message);
      if (observer_) {
        observer_(*to);
      }
    }
  }
  for (HostId id : ids_) {
    if (Membership* h = hosts_.at(id).get()) {
      h->tick();
      if (observer_) {
        observer_(*h);
      }
    }
  }
}

void SimCluster::run_for(milliseconds duration) {
  const TimePoint end = clock_.now() + duration;
  while (clock_.now() < end) {
    step();
  }
}

bool SimCluster::run_until(const std::function<bool()>& pred, milliseconds limit) {
  const TimePoint end = clock_.now() + limit;
  while (clock_.now() < end) {
    step();
    if (pred()) {
      return true;
    }
  }
  return pred();
}

}  // namespace soss::core::sim
