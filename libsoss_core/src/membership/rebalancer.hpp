// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <vector>

#include "membership/apportion.hpp"
#include "soss/core/membership/partition_map.hpp"

namespace soss::core::detail {

// ---------------------------------------------------------------------------------------------
// Rebalancer: the state of one rebalance() call, on host indices rather than ids.

class Rebalancer {
 public:
  Rebalancer(const PartitionMap& previous, std::vector<Host> hosts, std::uint32_t max_replicas);
  PartitionMap run(std::uint64_t epoch);

 private:
  Index index_of(HostId id) const;
  void keep_primaries();
  bool promotable(PartitionId p, Index holder) const;
  void promote_orphans();
  bool augment(PartitionId p, std::vector<bool>& visited);
  void place_remaining_primaries();
  void keep_replicas();
  void keep_held(const std::vector<std::vector<PartitionId>>& held);
  void fill_replicas();
  bool better_replica(PartitionId p, Index a, Index b) const;
  bool eligible(PartitionId p, Index h) const;
  void add_replica(PartitionId p, Index h);
  void move_replica(PartitionId p, Index from, Index to);
  bool repair_once(bool kept_movable, std::int64_t over_by, std::int64_t under_by);
  std::int64_t excess(Index h) const;
  bool has_data(PartitionId p, Index h) const;

  std::vector<Host> hosts_;
  std::size_t n_ = 0;
  std::uint32_t replicas_ = 0;                    // per partition in the new map
  std::vector<Index> old_primary_;                // former primary if still weighted
  std::vector<std::vector<Index>> old_replicas_;  // former replicas still weighted
  std::vector<Index> primary_;
  std::vector<std::vector<Index>> replicas_of_;
  std::vector<std::uint32_t> kept_;  // replicas_of_[p][0, kept_[p]) were there
  std::vector<std::uint32_t> primary_quota_;
  std::vector<std::uint32_t> primary_count_;
  std::vector<std::uint32_t> room_;                // primaries a host may still take
  std::vector<std::vector<PartitionId>> matched_;  // promotions per host
  std::vector<std::uint32_t> replica_quota_;
  std::vector<std::uint32_t> replica_count_;
  std::vector<std::uint32_t> pairs_;  // [a * n + b]: primary on a, replica on b
};

}  // namespace soss::core::detail
