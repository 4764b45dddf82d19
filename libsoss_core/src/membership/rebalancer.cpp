// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "membership/rebalancer.hpp"

#include <algorithm>
#include <cstddef>
#include <deque>
#include <limits>
#include <utility>

namespace soss::core::detail {

Rebalancer::Rebalancer(const PartitionMap& previous, std::vector<Host> hosts,
                       std::uint32_t max_replicas)
    : hosts_(std::move(hosts)),
      n_(hosts_.size()),
      replicas_(replicas_per_partition(n_, max_replicas)),
      old_primary_(kPartitionCount, kNoHost),
      old_replicas_(kPartitionCount),
      primary_(kPartitionCount, kNoHost),
      replicas_of_(kPartitionCount),
      kept_(kPartitionCount, 0),
      primary_count_(n_, 0),
      matched_(n_),
      replica_count_(n_, 0),
      pairs_(n_ * n_, 0) {
  for (PartitionId p = 0; p < kPartitionCount; ++p) {
    old_primary_[p] = index_of(previous.primary_of(p));
    for (HostId id : previous.replicas_of(p)) {
      Index h = index_of(id);
      if (h != kNoHost && h != old_primary_[p]) {
        old_replicas_[p].push_back(h);
      }
    }
  }
  primary_quota_ = apportion(hosts_, kPartitionCount);
}

Index Rebalancer::index_of(HostId id) const {
  auto it = std::lower_bound(hosts_.begin(), hosts_.end(), id,
                             [](const Host& h, HostId v) { return h.id < v; });
  return (it != hosts_.end() && it->id == id) ? static_cast<Index>(it - hosts_.begin()) : kNoHost;
}

// Minimal movement of primaries. A host keeps min(held, quota) of the primaries it held, so the
// primaries that move are exactly those of departed hosts plus sum(max(0, held - quota)): no
// assignment that meets the quotas can move fewer. Which of its partitions an over-quota host
// gives up does not change that number, so it gives up first those that some under-quota host
// already holds a replica of: they then move by promotion, without copying data.
void Rebalancer::keep_primaries() {
  std::vector<std::vector<PartitionId>> held(n_);
  for (PartitionId p = 0; p < kPartitionCount; ++p) {
    if (old_primary_[p] != kNoHost) {
      held[old_primary_[p]].push_back(p);
    }
  }
  room_.assign(n_, 0);
  for (Index h = 0; h < n_; ++h) {
    room_[h] =
        primary_quota_[h] -
        std::min<std::uint32_t>(static_cast<std::uint32_t>(held[h].size()), primary_quota_[h]);
  }
  for (Index h = 0; h < n_; ++h) {
    std::vector<PartitionId>& list = held[h];
    if (list.size() > primary_quota_[h]) {
      std::stable_partition(list.begin(), list.end(),
                            [&](PartitionId p) { return !promotable(p, h); });
      list.resize(primary_quota_[h]);
    }
    for (PartitionId p : list) {
      primary_[p] = h;
      ++primary_count_[h];
    }
  }
}

bool Rebalancer::promotable(PartitionId p, Index holder) const {
  return std::any_of(old_replicas_[p].begin(), old_replicas_[p].end(),
                     [&](Index g) { return g != holder && room_[g] > 0; });
}

// Failover: a partition without a primary goes to a live former replica when that host has
// room under its quota, since the replica already has the data. With two replicas a greedy
// choice can block a later partition, so this is a maximum bipartite matching (Kuhn's
// augmenting paths, host side with capacity room_): as many promotions as the quotas allow.
// A failed search leaves `visited` set until the next success: nothing it reached can lead to
// free room while the matching is unchanged, which keeps the whole pass near O(P x hosts).
void Rebalancer::promote_orphans() {
  std::vector<bool> visited(n_, false);
  for (PartitionId p = 0; p < kPartitionCount; ++p) {
    if (primary_[p] == kNoHost && augment(p, visited)) {
      visited.assign(n_, false);
    }
  }
  for (Index g = 0; g < n_; ++g) {
    for (PartitionId p : matched_[g]) {
      primary_[p] = g;
      ++primary_count_[g];
    }
    room_[g] -= static_cast<std::uint32_t>(matched_[g].size());
  }
}

bool Rebalancer::augment(PartitionId p, std::vector<bool>& visited) {
  for (Index g : old_replicas_[p]) {
    if (visited[g]) {
      continue;
    }
    visited[g] = true;
    if (matched_[g].size() < room_[g]) {
      matched_[g].push_back(p);
      return true;
    }
    for (PartitionId& other : matched_[g]) {
      if (augment(other, visited)) {  // `other` moved to another of its replicas
        other = p;
        return true;
      }
    }
  }
  return false;
}

// The rest (no live replica with room) go to the host with the most room left, ties to the
// smaller id. From an empty map this deals partitions out round-robin, which interleaves the
// hosts' partitions.
void Rebalancer::place_remaining_primaries() {
  for (PartitionId p = 0; p < kPartitionCount; ++p) {
    if (primary_[p] != kNoHost) {
      continue;
    }
    Index best = 0;
    for (Index g = 1; g < n_; ++g) {
      best = room_[g] > room_[best] ? g : best;
    }
    primary_[p] = best;
    ++primary_count_[best];
    --room_[best];
  }
}

// Replicas are kept like primaries: a host keeps the replicas it held, of partitions it is not
// now primary of (that was a promotion), up to its replica quota. Which ones an over-quota
// host drops does not change how many replicas stay, but it decides whether the slots it frees
// can be refilled: a partition can only take a new replica from a host with room that is not
// its primary. So it drops first those partitions that some host with room may take; dropping
// in plain partition order would free exactly the partitions a joining host is primary of.
void Rebalancer::keep_replicas() {
  replica_quota_ = capped_replica_quotas(hosts_, primary_count_, replicas_);
  std::vector<std::vector<PartitionId>> held(n_);
  for (PartitionId p = 0; p < kPartitionCount; ++p) {
    for (Index g : old_replicas_[p]) {
      if (g != primary_[p]) {
        held[g].push_back(p);
      }
    }
  }
  std::vector<bool> room(n_);
  for (Index g = 0; g < n_; ++g) {
    room[g] = held[g].size() < replica_quota_[g];
  }
  auto refillable = [&](PartitionId p) {
    for (Index h = 0; h < n_; ++h) {
      const std::vector<Index>& old = old_replicas_[p];
      if (room[h] && h != primary_[p] && std::find(old.begin(), old.end(), h) == old.end()) {
        return true;
      }
    }
    return false;
  };
  for (Index g = 0; g < n_; ++g) {
    if (held[g].size() > replica_quota_[g]) {
      std::stable_partition(held[g].begin(), held[g].end(),
                            [&](PartitionId p) { return !refillable(p); });
      held[g].resize(replica_quota_[g]);
      std::sort(held[g].begin(), held[g].end());
    }
  }
  keep_held(held);
}

// Adds the kept replicas partition by partition, at most replicas_ each (fewer replicas than
// before: the earlier ones in the old order stay).
void Rebalancer::keep_held(const std::vector<std::vector<PartitionId>>& held) {
  for (PartitionId p = 0; p < kPartitionCount; ++p) {
    for (Index g : old_replicas_[p]) {
      if (replicas_of_[p].size() < replicas_ &&
          std::binary_search(held[g].begin(), held[g].end(), p)) {
        add_replica(p, g);
      }
    }
    kept_[p] = static_cast<std::uint32_t>(replicas_of_[p].size());
  }
}

void Rebalancer::fill_replicas() {
  for (PartitionId p = 0; p < kPartitionCount; ++p) {
    while (replicas_of_[p].size() < replicas_) {
      Index best = kNoHost;  // some host is eligible: replicas_ <= hosts - 1
      for (Index g = 0; g < n_; ++g) {
        if (eligible(p, g) && (best == kNoHost || better_replica(p, g, best))) {
          best = g;
        }
      }
      add_replica(p, best);
    }
  }
}

// The order of preference for a new replica of p: a host under its quota; then a host that
// already has p's data (its demoted primary, or a dropped replica), so no copy is needed; then
// the host holding the fewest replicas of p's primary's partitions relative to its weight, so
// that when a host fails its partitions are promoted on many hosts, each within its room,
// instead of piling onto one; then the most room left; then the smaller id.
bool Rebalancer::better_replica(PartitionId p, Index a, Index b) const {
  if ((excess(a) < 0) != (excess(b) < 0)) {
    return excess(a) < 0;
  }
  if (has_data(p, a) != has_data(p, b)) {
    return has_data(p, a);
  }
  std::uint64_t spread_a = pairs_[primary_[p] * n_ + a] * hosts_[b].weight;
  std::uint64_t spread_b = pairs_[primary_[p] * n_ + b] * hosts_[a].weight;
  if (spread_a != spread_b) {
    return spread_a < spread_b;
  }
  return excess(a) != excess(b) ? excess(a) < excess(b) : a < b;
}

bool Rebalancer::eligible(PartitionId p, Index h) const {
  const std::vector<Index>& r = replicas_of_[p];
  return h != primary_[p] && std::find(r.begin(), r.end(), h) == r.end();
}

std::int64_t Rebalancer::excess(Index h) const {
  return std::int64_t{replica_count_[h]} - std::int64_t{replica_quota_[h]};
}

void Rebalancer::add_replica(PartitionId p, Index h) {
  replicas_of_[p].push_back(h);
  ++replica_count_[h];
  ++pairs_[primary_[p] * n_ + h];
}

void Rebalancer::move_replica(PartitionId p, Index from, Index to) {
  std::replace(replicas_of_[p].begin(), replicas_of_[p].end(), from, to);
  --replica_count_[from];
  ++replica_count_[to];
  --pairs_[primary_[p] * n_ + from];
  ++pairs_[primary_[p] * n_ + to];
}

// The greedy fill can get stuck: the only hosts with room are p's primary or its replicas,
// so it overfills another host. This finds a chain of moves of single replicas from a host
// more than `over_by` above its quota to one more than `under_by` below it (an edge h -> g is
// a replica on h of a partition g may take). Only replicas placed in this call move, unless
// kept_movable. It is a 0-1 breadth-first search in which moving a kept replica costs 1, so
// the chain found breaks the fewest "keep what you held" promises. Each chain takes one unit
// off the total deviation from the quotas.
bool Rebalancer::repair_once(bool kept_movable, std::int64_t over_by, std::int64_t under_by) {
  constexpr std::uint32_t kFar = std::numeric_limits<std::uint32_t>::max();
  std::vector<std::pair<Index, PartitionId>> parent(n_, {kNoHost, 0});
  std::vector<std::uint32_t> cost(n_, kFar);
  std::deque<Index> queue;
  for (Index h = 0; h < n_; ++h) {
    if (excess(h) > over_by) {
      cost[h] = 0;
      queue.push_back(h);
    }
  }
  std::vector<bool> done(n_, false);
  while (!queue.empty()) {
    Index h = queue.front();
    queue.pop_front();
    if (done[h]) {
      continue;
    }
    done[h] = true;
    if (excess(h) < -under_by) {
      for (Index g = h; parent[g].first != kNoHost; g = parent[g].first) {
        move_replica(parent[g].second, parent[g].first, g);
      }
      return true;
    }
    for (PartitionId p = 0; p < kPartitionCount; ++p) {
      const std::vector<Index>& r = replicas_of_[p];
      auto at = std::find(r.begin(), r.end(), h);
      bool kept = at - r.begin() < static_cast<std::ptrdiff_t>(kept_[p]);
      if (at == r.end() || (kept && !kept_movable)) {
        continue;
      }
      for (Index g = 0; g < n_; ++g) {
        std::uint32_t step = kept ? 1 : 0;
        if (!done[g] && cost[h] + step < cost[g] && eligible(p, g)) {
          cost[g] = cost[h] + step;
          parent[g] = {h, p};
          step == 0 ? queue.push_front(g) : queue.push_back(g);
        }
      }
    }
  }
  return false;
}

// Whether h had p's data in the previous map (primary or replica), so holding it costs no copy.
bool Rebalancer::has_data(PartitionId p, Index h) const {
  const std::vector<Index>& old = old_replicas_[p];
  return old_primary_[p] == h || std::find(old.begin(), old.end(), h) != old.end();
}

// Exactness where it is free, ±1 always. First only replicas placed in this call move, so a
// kept replica never moves while that can reach the quotas. If kept replicas block it (rare:
// they pin the hosts with room to partitions they may not take), kept replicas move too, but
// only to bring every host within one of its quota; the capped quotas are feasible, so a
// chain from any host above that band (or into any host below it) exists.
PartitionMap Rebalancer::run(std::uint64_t epoch) {
  PartitionMap map;
  map.set_epoch(epoch);
  if (n_ == 0) {
    return map;
  }
  keep_primaries();
  promote_orphans();
  place_remaining_primaries();
  keep_replicas();
  fill_replicas();
  while (repair_once(false, 0, 0)) {
  }
  while (repair_once(true, 1, 0) || repair_once(true, 0, 1)) {
  }
  for (PartitionId p = 0; p < kPartitionCount; ++p) {
    PartitionOwners& o = map.mutable_owners(p);
    o.primary = hosts_[primary_[p]].id;
    for (Index h : replicas_of_[p]) {
      o.replicas.push_back(hosts_[h].id);
    }
  }
  return map;
}

}  // namespace soss::core::detail
