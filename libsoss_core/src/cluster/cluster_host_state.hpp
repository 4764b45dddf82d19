// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// The per-partition state of a ClusterHost, shared by its source files.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "cluster/replication/partition_transfer.hpp"
#include "soss/core/cluster/cluster_host.hpp"

namespace soss::core {

// A response held until the replicas acknowledged the writes before it.
struct ClusterHost::Waiting {
  std::uint64_t write_index = 0;
  bool wrote = false;
  Completion done;
  Response response;
};

// The fields every request reads (role, phase, writes, waiting) come first, so they share the
// first cache line of the entry (a profile showed a miss on a field that came last). Role and
// phase (read by every request) and synced_epoch (by every stream item) stay here although
// PartitionTransfer moves them (through TransferLink, its TransferHost); the transfer's own
// state (query, pull, Releases) lives in the transfer.
struct ClusterHost::Partition {
  PartitionRole role = PartitionRole::kNone;
  PartitionPhase phase = PartitionPhase::kIdle;
  std::uint64_t writes = 0;  // writes executed as primary in this epoch
  std::deque<Waiting> waiting;
  std::uint64_t synced_epoch = 0;  // 0 = this host's copy is not known to be complete
};

}  // namespace soss::core
