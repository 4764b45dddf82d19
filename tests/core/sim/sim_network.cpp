// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "sim_network.hpp"

#include <algorithm>
#include <iterator>

namespace soss::core::sim {

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
