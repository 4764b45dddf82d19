// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <variant>

#include "soss/core/membership/partition_map.hpp"
#include "soss/core/membership/view.hpp"

namespace soss::core {

// The messages hosts exchange about membership. Plain values; the net layer serializes them.
// The agreement on view `epoch + 1` is single-decree Paxos among the members of view `epoch`
// (Prepare/Promise, then Propose/Ack, then Commit); membership.hpp explains why it is needed.

// "I am alive and hold view (lineage, epoch)". Sent every heartbeat period.
struct Heartbeat {
  std::uint64_t epoch = 0;
  std::uint64_t lineage = 0;
  std::int64_t sent_at_ms = 0;  // the sender's clock, echoed back for its serving lease
};

// A member's answer to a heartbeat of its own view: "at sent_at_ms you were still in my view".
struct HeartbeatEcho {
  std::uint64_t epoch = 0;
  std::uint64_t lineage = 0;
  std::int64_t sent_at_ms = 0;
};

// "Add `host` to the store". Re-sent every heartbeat period until a committed view holds it.
struct JoinRequest {
  HostId host = 0;
  std::uint32_t weight = 0;
  std::uint64_t incarnation = 0;
  std::uint64_t lineage = 0;  // the store asked; 0: any (a first join)
};

// "Remove me". Re-sent every heartbeat period until a committed view excludes the sender.
struct LeaveRequest {};

// Phase 1a: may `ballot` decide view `epoch`?
struct Prepare {
  std::uint64_t epoch = 0;
  std::uint64_t lineage = 0;
  Ballot ballot;
};

// Phase 1b: yes, and here is what I accepted for `epoch` before (if anything).
struct Promise {
  std::uint64_t epoch = 0;
  Ballot ballot;
  Ballot accepted_ballot;
  std::optional<View> accepted;
};

// Phase 2a: accept `view` (whose epoch is the one being decided) under `ballot`.
struct Propose {
  Ballot ballot;
  View view;
};

// Phase 2b: accepted.
struct Ack {
  std::uint64_t epoch = 0;
  Ballot ballot;
};

// Refused: I promised `promised` for `epoch` (so the proposer picks a higher round).
struct Nack {
  std::uint64_t epoch = 0;
  Ballot promised;
};

// `view` is committed; `map` is its partition map, for receivers that missed the epochs before
// it (receivers that hold epoch - 1 recompute it with rebalance() instead). Shared so that
// copying a message does not copy kPartitionCount entries.
struct Commit {
  View view;
  std::shared_ptr<const PartitionMap> map;
};

using MembershipMessage = std::variant<Heartbeat, JoinRequest, LeaveRequest, Prepare, Promise,
                                       Propose, Ack, Nack, Commit, HeartbeatEcho>;

}  // namespace soss::core
