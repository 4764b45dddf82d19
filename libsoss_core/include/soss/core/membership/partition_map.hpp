// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <vector>

#include "soss/core/store/partitioning.hpp"

namespace soss::core {

// A host of the store, as the membership view names it. 0 means "no host".
using HostId = std::uint64_t;

// At most this many replicas per partition (SPEC §4); rebalance() clamps larger requests.
inline constexpr std::uint32_t kMaxReplicas = 2;

// One member of a view and its store_weight (0..10000). A host of weight 0 stores nothing.
struct HostShare {
  HostId id = 0;
  std::uint32_t weight = 0;
};

// The hosts of one partition: the primary serves reads and orders writes; each replica holds a
// full copy. All distinct; primary 0 (and no replicas) only when no host may store anything.
struct PartitionOwners {
  HostId primary = 0;
  std::vector<HostId> replicas;

  bool operator==(const PartitionOwners&) const = default;
};

// Which host holds each partition in one epoch: a plain value, copied freely (to clients, to
// peers, into the membership state machine). Not thread-safe; each owner keeps its own copy.
// Always has exactly kPartitionCount entries.
class PartitionMap {
 public:
  PartitionMap();  // epoch 0, every partition unowned

  std::uint64_t epoch() const { return epoch_; }
  void set_epoch(std::uint64_t epoch) { epoch_ = epoch; }

  // All accessors take p < kPartitionCount; an out-of-range id reads as unowned and
  // mutable_owners() clamps it to the last partition (callers never pass one: partition_of).
  const std::vector<PartitionOwners>& partitions() const { return partitions_; }
  const PartitionOwners& owners(PartitionId p) const;
  PartitionOwners& mutable_owners(PartitionId p);

  HostId primary_of(PartitionId p) const;
  const std::vector<HostId>& replicas_of(PartitionId p) const;
  std::vector<HostId> hosts_of(PartitionId p) const;  // primary first, then the replicas
  bool holds(PartitionId p, HostId host) const;       // as primary or replica

  std::uint32_t count_primaries(HostId host) const;
  std::uint32_t count_replicas(HostId host) const;

  bool operator==(const PartitionMap&) const = default;

 private:
  std::uint64_t epoch_ = 0;
  std::vector<PartitionOwners> partitions_;
};

// The map of the next epoch (previous.epoch() + 1) for the hosts of a new view. Pure and
// deterministic: the same inputs give the same map, whatever the order of `hosts`. Hosts with
// id 0 are ignored; a duplicated id counts once, with its largest weight. Guarantees (the
// reasoning is in partition_map.cpp):
//  1. every partition has a primary if some host has weight > 0; otherwise the map is empty;
//  2. each partition has min(max_replicas, kMaxReplicas, weighted hosts - 1) replicas, all on
//     distinct hosts other than its primary;
//  3. each host's primary count is exactly its primary quota (primary_quotas());
//  4. each host's replica count is within ±1 of its replica quota (replica_quotas()), and
//     equal to it whenever the replicas it keeps allow that;
//  5. a host keeps every primary it held, up to its quota (so the primaries that move are
//     exactly those of departed hosts plus sum(max(0, held - quota)), the minimum); a
//     partition whose primary must move goes to a live former replica whenever that host
//     still has room (failover promotes rather than copies);
//  6. replicas are kept likewise up to quota and a new replica prefers a host that already has
//     the data (a demoted primary). This one is best effort: when the kept replicas make the
//     ±1 of (4) impossible, the fewest kept replicas move (about 2% of random steps in tests).
// Cost is O(kPartitionCount x hosts) plus O(kPartitionCount x hosts^2) per unit of replica
// imbalance the greedy fill leaves (few, usually none).
PartitionMap rebalance(const PartitionMap& previous, const std::vector<HostShare>& hosts,
                       std::uint32_t max_replicas);

// How many partitions (or replica copies) one host is to hold.
struct HostQuota {
  HostId id = 0;
  std::uint32_t count = 0;

  bool operator==(const HostQuota&) const = default;
};

// The exact primary quotas rebalance() uses: largest-remainder apportionment of
// kPartitionCount by weight, ties by smaller HostId. Sorted by id; weight-0 hosts omitted.
std::vector<HostQuota> primary_quotas(const std::vector<HostShare>& hosts);

// The replica quotas rebalance() targets for a map whose primaries are `map`'s: the
// replica slots apportioned by weight as above, except that no host is given more than the
// partitions it is not primary of (it cannot hold two copies of one partition); the slots such
// a host cannot take are shared among the others by weight. Sorted by id.
std::vector<HostQuota> replica_quotas(const PartitionMap& map, const std::vector<HostShare>& hosts,
                                      std::uint32_t max_replicas);

// What moving from map a to map b costs.
struct MapDiff {
  std::vector<PartitionId> primary_moved;  // primary differs (ascending)
  std::vector<PartitionId> promoted;       // of those, the new primary already held it in a
  std::uint32_t copies_to_build = 0;       // (partition, host) pairs held in b but not in a
};

MapDiff diff(const PartitionMap& a, const PartitionMap& b);

}  // namespace soss::core
