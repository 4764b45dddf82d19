// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "membership/apportion.hpp"

#include <algorithm>
#include <cstddef>
#include <utility>

namespace soss::core::detail {

// The hosts that may store something, sorted by id. Sorting here is what makes the result
// independent of the order of the caller's list; a duplicated id keeps its largest weight.
std::vector<Host> weighted_hosts(const std::vector<HostShare>& shares) {
  std::vector<Host> hosts;
  for (const HostShare& s : shares) {
    if (s.id != 0 && s.weight > 0) {
      hosts.push_back({s.id, s.weight});
    }
  }
  std::sort(hosts.begin(), hosts.end(), [](const Host& a, const Host& b) {
    return a.id != b.id ? a.id < b.id : a.weight > b.weight;
  });
  auto same_id = [](const Host& a, const Host& b) { return a.id == b.id; };
  hosts.erase(std::unique(hosts.begin(), hosts.end(), same_id), hosts.end());
  return hosts;
}

// Largest-remainder (Hamilton) apportionment of `slots` by weight. Why this rule: every host
// gets the floor or the ceiling of its exact share (never a whole unit off), the arithmetic is
// exact integers (every host and every platform computes the same map, no floating point),
// and breaking equal remainders by HostId (hosts are sorted by id) makes it a total function.
// Its classic flaw, the Alabama paradox, needs a growing total; kPartitionCount never changes.
std::vector<std::uint32_t> apportion(const std::vector<Host>& hosts, std::uint64_t slots) {
  std::uint64_t total = 0;
  for (const Host& h : hosts) {
    total += h.weight;
  }
  std::vector<std::uint32_t> quota(hosts.size(), 0);
  if (total == 0) {
    return quota;
  }
  std::vector<std::pair<std::uint64_t, std::size_t>> remainders;  // (remainder, index)
  std::uint64_t given = 0;
  for (std::size_t i = 0; i < hosts.size(); ++i) {
    std::uint64_t exact = slots * hosts[i].weight;  // <= 2048 * 2^32: no overflow
    quota[i] = static_cast<std::uint32_t>(exact / total);
    given += quota[i];
    remainders.emplace_back(exact % total, i);
  }
  std::sort(remainders.begin(), remainders.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  for (std::size_t k = 0; given < slots; ++k, ++given) {
    ++quota[remainders[k].second];  // fewer than hosts.size() units are left over
  }
  return quota;
}

std::uint32_t replicas_per_partition(std::size_t hosts, std::uint32_t max_replicas) {
  std::size_t r = std::min<std::size_t>(std::min(max_replicas, kMaxReplicas), hosts);
  return hosts == 0 ? 0 : static_cast<std::uint32_t>(std::min(r, hosts - 1));
}

// Replica copies by weight, capped: a host that is primary of k partitions can hold at most
// kPartitionCount - k replicas (two copies of a partition on one host protect nothing). The
// slots a capped host cannot take are apportioned again among the uncapped hosts by weight
// ("water filling"). The caps sum to (hosts - 1) x kPartitionCount >= the slots, so this
// ends within hosts rounds; and any quotas that respect the caps and sum to the slots can be
// realized with distinct hosts per partition (a max-flow/min-cut argument), so these are
// feasible targets.
std::vector<std::uint32_t> capped_replica_quotas(const std::vector<Host>& hosts,
                                                 const std::vector<std::uint32_t>& primaries,
                                                 std::uint32_t replicas) {
  std::vector<std::uint32_t> quota(hosts.size(), 0);
  std::vector<bool> capped(hosts.size(), false);
  std::uint64_t slots = std::uint64_t{kPartitionCount} * replicas;
  for (bool again = true; again;) {
    std::vector<Host> open;
    std::vector<std::size_t> where;
    for (std::size_t i = 0; i < hosts.size(); ++i) {
      if (!capped[i]) {
        open.push_back(hosts[i]);
        where.push_back(i);
      }
    }
    std::vector<std::uint32_t> share = apportion(open, slots);
    again = false;
    for (std::size_t k = 0; k < open.size(); ++k) {
      std::uint32_t cap = kPartitionCount - primaries[where[k]];
      quota[where[k]] = std::min(share[k], cap);
      if (share[k] > cap) {
        capped[where[k]] = true;
        slots -= cap;
        again = true;
      }
    }
  }
  return quota;
}

}  // namespace soss::core::detail
