// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "soss/core/membership/partition_map.hpp"

#include "membership/apportion.hpp"
#include "membership/rebalancer.hpp"

#include <algorithm>
#include <cstddef>
#include <deque>
#include <limits>
#include <utility>

namespace soss::core {

using detail::apportion;
using detail::capped_replica_quotas;
using detail::Host;
using detail::Rebalancer;
using detail::replicas_per_partition;
using detail::weighted_hosts;

// ---------------------------------------------------------------------------------------------
// PartitionMap

PartitionMap::PartitionMap() : partitions_(kPartitionCount) {}

const PartitionOwners& PartitionMap::owners(PartitionId p) const {
  static const PartitionOwners kUnowned;
  return p < partitions_.size() ? partitions_[p] : kUnowned;
}

PartitionOwners& PartitionMap::mutable_owners(PartitionId p) {
  return partitions_[std::min<std::size_t>(p, partitions_.size() - 1)];
}

HostId PartitionMap::primary_of(PartitionId p) const { return owners(p).primary; }

const std::vector<HostId>& PartitionMap::replicas_of(PartitionId p) const {
  return owners(p).replicas;
}

std::vector<HostId> PartitionMap::hosts_of(PartitionId p) const {
  const PartitionOwners& o = owners(p);
  std::vector<HostId> hosts;
  if (o.primary != 0) {
    hosts.push_back(o.primary);
  }
  hosts.insert(hosts.end(), o.replicas.begin(), o.replicas.end());
  return hosts;
}

bool PartitionMap::holds(PartitionId p, HostId host) const {
  const PartitionOwners& o = owners(p);
  return host != 0 && (o.primary == host ||
                       std::find(o.replicas.begin(), o.replicas.end(), host) != o.replicas.end());
}

std::uint32_t PartitionMap::count_primaries(HostId host) const {
  std::uint32_t n = 0;
  for (const PartitionOwners& o : partitions_) {
    n += (host != 0 && o.primary == host) ? 1 : 0;
  }
  return n;
}

std::uint32_t PartitionMap::count_replicas(HostId host) const {
  std::uint32_t n = 0;
  for (const PartitionOwners& o : partitions_) {
    n += static_cast<std::uint32_t>(std::count(o.replicas.begin(), o.replicas.end(), host));
  }
  return host != 0 ? n : 0;
}

// ---------------------------------------------------------------------------------------------
// Public functions

PartitionMap rebalance(const PartitionMap& previous, const std::vector<HostShare>& hosts,
                       std::uint32_t max_replicas) {
  return Rebalancer(previous, weighted_hosts(hosts), max_replicas).run(previous.epoch() + 1);
}

std::vector<HostQuota> primary_quotas(const std::vector<HostShare>& hosts) {
  std::vector<Host> live = weighted_hosts(hosts);
  std::vector<std::uint32_t> quota = apportion(live, kPartitionCount);
  std::vector<HostQuota> out;
  for (std::size_t i = 0; i < live.size(); ++i) {
    out.push_back({live[i].id, quota[i]});
  }
  return out;
}

std::vector<HostQuota> replica_quotas(const PartitionMap& map, const std::vector<HostShare>& hosts,
                                      std::uint32_t max_replicas) {
  std::vector<Host> live = weighted_hosts(hosts);
  std::vector<std::uint32_t> primaries;
  primaries.reserve(live.size());
  for (const Host& h : live) {
    primaries.push_back(map.count_primaries(h.id));
  }
  std::vector<std::uint32_t> quota =
      capped_replica_quotas(live, primaries, replicas_per_partition(live.size(), max_replicas));
  std::vector<HostQuota> out;
  for (std::size_t i = 0; i < live.size(); ++i) {
    out.push_back({live[i].id, quota[i]});
  }
  return out;
}

MapDiff diff(const PartitionMap& a, const PartitionMap& b) {
  MapDiff d;
  for (PartitionId p = 0; p < kPartitionCount; ++p) {
    HostId to = b.primary_of(p);
    if (a.primary_of(p) != to) {
      d.primary_moved.push_back(p);
      if (a.holds(p, to)) {
        d.promoted.push_back(p);
      }
    }
    for (HostId h : b.hosts_of(p)) {
      d.copies_to_build += a.holds(p, h) ? 0 : 1;
    }
  }
  return d;
}

}  // namespace soss::core
