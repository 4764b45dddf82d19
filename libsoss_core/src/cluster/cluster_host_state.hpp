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

// One ordered stream this host sends for one partition: to a replica (as primary) or a
// snapshot to a host pulling the partition (as source).
struct ClusterHost::Outgoing {
  struct Sent {
    StreamItem item;
    std::uint64_t write_index = 0;  // the partition's writes this item brings the receiver to
    TimePoint sent_at{};
    bool snapshot = false;  // a snapshot chunk: counts against the host's snapshot budget
  };
  HostId to = 0;
  std::uint64_t epoch = 0;
  bool pull = false;  // a snapshot for a pulling primary (not a replica of ours)
  std::uint64_t next_seq = 1;
  std::deque<std::pair<std::vector<Effect>, std::uint64_t>> queued;  // writes not yet sent
  std::deque<Sent> in_flight;
  std::uint64_t acked_seq = 0;
  TimePoint last_progress{};       // when an ack last moved acked_seq (or the stream opened)
  std::uint64_t acked_writes = 0;  // write index covered by the acknowledged items
  bool synced = false;             // the receiver says its copy is complete
  bool snapshotting = false;
  bool snapshot_begun = false;
  bool snapshot_sent = false;  // the last chunk went out
  std::string cursor;
};

// Which snapshot budget a stream's chunks count against (ClusterHost::snapshot_chunks_out_).
inline std::size_t ClusterHost::budget_kind(const Outgoing& out) { return out.pull ? 0 : 1; }

// The stream this host receives for one partition.
struct ClusterHost::Incoming {
  HostId from = 0;
  std::uint64_t epoch = 0;
  std::uint64_t applied = 0;
  bool synced = false;
  std::map<std::uint64_t, StreamItem> early;  // arrived ahead of a missing item
};

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

// The fields every request reads (role, phase, writes, out, waiting) come first, so they share
// the first cache lines of the entry (a profile showed a miss on a field that came last).
struct ClusterHost::Partition {
  PartitionRole role = PartitionRole::kNone;
  PartitionPhase phase = PartitionPhase::kIdle;
  bool released_others = false;
  std::uint64_t writes = 0;  // writes executed as primary in this epoch
  std::vector<Outgoing> out;
  std::deque<Waiting> waiting;
  std::uint64_t synced_epoch = 0;  // 0 = this host's copy is not known to be complete
  std::optional<Incoming> in;
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
