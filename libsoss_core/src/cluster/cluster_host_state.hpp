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

#include "soss/core/cluster/cluster_host.hpp"

namespace soss::core {

// A response held until the replicas acknowledged the writes before it.
struct ClusterHost::Waiting {
  std::uint64_t write_index = 0;
  bool wrote = false;
  Completion done;
  Response response;
};

struct ClusterHost::Query {
  std::set<HostId> required;  // members of the view: every one must answer
  std::set<HostId> optional;  // members of the view before: asked, waited for briefly
  std::map<HostId, std::uint64_t> answers;
  TimePoint asked_at{};
  std::optional<TimePoint> required_done_at;
};

enum class PartitionRole : std::uint8_t { kNone, kPrimary, kReplica };
enum class PartitionPhase : std::uint8_t { kIdle, kQuerying, kPulling, kServing };

// The fields every request reads (role, phase, writes, waiting) come first, so they share the
// first cache line of the entry (a profile showed a miss on a field that came last).
struct ClusterHost::Partition {
  PartitionRole role = PartitionRole::kNone;
  PartitionPhase phase = PartitionPhase::kIdle;
  bool released_others = false;
  std::uint64_t writes = 0;  // writes executed as primary in this epoch
  std::deque<Waiting> waiting;
  std::uint64_t synced_epoch = 0;  // 0 = this host's copy is not known to be complete
  std::optional<Query> query;
  HostId pull_source = 0;
  TimePoint pull_asked_at{};
  // Old holders told to drop their copies (Release) that have not confirmed yet; re-told every
  // retransmit period.
  std::set<HostId> releasing;
  TimePoint release_sent_at{};
  std::uint32_t release_tries = 0;
};

}  // namespace soss::core
