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

// Work whose end waits for other hosts (the dependency requests it sent) or for the replication
// of writes in other partitions: a peer's dependency request (answered when it is done), or a
// request, tick, clear or check after a view change that left dependency work behind. While it
// runs, the client responses of its partitions from its write index on are held ("floors"), so
// nobody sees part of a cascade before the whole of it is done. Lives until the view changes.
struct ClusterHost::Job {
  std::uint32_t left = 0;  // requests and replication waits outstanding
  std::vector<std::pair<PartitionId, std::uint64_t>> floors;  // (partition, write index)
  HostId reply_to = 0;  // the peer whose request this is (0 = none); answered when done
  DependencyReply reply;
};

// A dependency request this host sent and waits for an answer to (re-sent until it comes).
struct ClusterHost::DependencyOut {
  DependencyRequest request;
  PartitionId target = 0;  // the partition whose primary answers it
  std::uint64_t job = 0;   // the job it belongs to
  TimePoint sent_at{};
};

enum class PartitionRole : std::uint8_t { kNone, kPrimary, kReplica };
enum class PartitionPhase : std::uint8_t { kIdle, kQuerying, kPulling, kServing };

// The fields every request reads (role, phase, writes, floor, replication_waits, waiting)
// come first, so they share the first two cache lines of the entry (a profile showed a miss on
// replication_waits when it came last).
struct ClusterHost::Partition {
  PartitionRole role = PartitionRole::kNone;
  PartitionPhase phase = PartitionPhase::kIdle;
  bool released_others = false;
  std::uint64_t writes = 0;  // writes executed as primary in this epoch
  // Client responses from this write index on wait for the jobs that hold them (held.begin());
  // kNoFloor when none does.
  std::uint64_t floor = kNoFloor;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> replication_waits;  // (write index, job)
  std::deque<Waiting> waiting;
  std::uint64_t synced_epoch = 0;  // 0 = this host's copy is not known to be complete
  std::optional<Query> query;
  HostId pull_source = 0;
  TimePoint pull_asked_at{};
  std::map<std::uint64_t, std::uint32_t> held;  // write index -> jobs holding responses from it
  // Old holders told to drop their copies (Release) that have not confirmed yet; re-told every
  // retransmit period.
  std::set<HostId> releasing;
  TimePoint release_sent_at{};
  std::uint32_t release_tries = 0;

  static constexpr std::uint64_t kNoFloor = ~std::uint64_t{0};
};

}  // namespace soss::core
