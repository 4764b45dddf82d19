// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

#include "soss/core/membership/partition_map.hpp"

// Quotas for rebalance(): which hosts may store, and how many partitions and replica copies
// each gets by weight. Internal to libsoss_core (used by Rebalancer and partition_map.cpp).
namespace soss::core::detail {

using Index = std::uint32_t;  // a host's position in the sorted list of weighted hosts
constexpr Index kNoHost = std::numeric_limits<Index>::max();

struct Host {
  HostId id = 0;
  std::uint64_t weight = 0;
};

// The hosts that may store something (weight > 0, id != 0), sorted by id, duplicates merged.
std::vector<Host> weighted_hosts(const std::vector<HostShare>& shares);
// Largest-remainder apportionment of `slots` by weight; ties to the smaller id.
std::vector<std::uint32_t> apportion(const std::vector<Host>& hosts, std::uint64_t slots);
// Replicas per partition: min(max_replicas, kMaxReplicas, hosts - 1).
std::uint32_t replicas_per_partition(std::size_t hosts, std::uint32_t max_replicas);
// Replica copies by weight, capped by the partitions a host is not primary of.
std::vector<std::uint32_t> capped_replica_quotas(const std::vector<Host>& hosts,
                                                 const std::vector<std::uint32_t>& primaries,
                                                 std::uint32_t replicas);

}  // namespace soss::core::detail
