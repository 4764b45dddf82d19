// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <variant>
#include <vector>

#include "soss/core/membership/membership_message.hpp"
#include "soss/core/store/effect.hpp"
#include "soss/core/store/request.hpp"

namespace soss::core {

// One step of a partition stream: an ordered, acknowledged sequence of effects from one sender
// to one receiver for one partition in one epoch. A primary streams to each replica; a source
// streams a snapshot to a primary that is pulling a partition it lacks. Items are numbered from
// 1; the receiver applies them in order and acknowledges the highest it applied.
struct StreamItem {
  PartitionId partition = 0;
  std::uint64_t epoch = 0;
  std::uint64_t seq = 0;
  // Item 1 of every stream is a hello: no effects; `primary_version` is the sender's partition
  // version counter, so that a receiver whose copy is current can say so (and skip a snapshot).
  std::uint64_t primary_version = 0;
  bool reset = false;     // drop the receiver's copy of the partition before applying
  bool complete = false;  // after this item the receiver's copy is a full copy
  std::vector<Effect> effects;
};

struct StreamAck {
  PartitionId partition = 0;
  std::uint64_t epoch = 0;
  std::uint64_t seq = 0;  // every item up to this one is applied
  bool synced = false;    // the receiver's copy is complete; only then do acks count
};

// "Which epoch is your copy of these partitions complete as of?" from a primary that lacks them.
struct SyncQuery {
  std::uint64_t epoch = 0;
  std::vector<PartitionId> partitions;
};

struct SyncAnswer {
  PartitionId partition = 0;
  std::uint64_t synced_epoch = 0;  // 0 = no complete copy
};

struct SyncInfo {
  std::uint64_t epoch = 0;
  std::vector<SyncAnswer> answers;
};

// "Send me a snapshot of these partitions" (the sender chose this host as the source).
struct PullRequest {
  std::uint64_t epoch = 0;
  std::vector<PartitionId> partitions;
};

// "You no longer hold this partition, and its new holders have their copies: forget it."
struct Release {
  std::uint64_t epoch = 0;
  std::vector<PartitionId> partitions;
};

// Dependencies whose parent and child live in partitions of different primaries
// (docs/cluster-design.md, "Dependencies across hosts"). To the primary of the parent's
// partition: add `child` to the dependents of `parent` (`version` 0), or check that the parent is
// still at `version` (after a view change; it is linked again if so). To the primary of the
// child's partition (`remove`): `parent`, at `version`, changed; remove `child` if it is still
// linked to that version. Requests are idempotent; the sender repeats one until it is answered.
struct DependencyRequest {
  std::uint64_t id = 0;  // chosen by the sender, unique per sender; the reply carries it
  bool remove = false;
  ObjectId child;
  ObjectId parent;
  std::uint64_t version = 0;
};

struct DependencyReply {
  std::uint64_t id = 0;
  bool retry = false;         // not served here now, or the child's link is not confirmed yet
  std::uint64_t version = 0;  // a link or check: the parent's version, 0 = absent or changed
};

// Everything replication sends one host at one moment, batched.
struct ReplicationPacket {
  std::uint64_t lineage = 0;  // messages of another store's history are ignored
  std::vector<StreamItem> items;
  std::vector<StreamAck> acks;
  std::vector<SyncQuery> queries;
  std::vector<SyncInfo> infos;
  std::vector<PullRequest> pulls;
  std::vector<Release> releases;
  std::vector<Release> release_acks;  // "I dropped (or do not hold) these": stops the re-sends
  std::vector<DependencyRequest> dependency_requests;
  std::vector<DependencyReply> dependency_replies;

  bool empty() const {
    return items.empty() && acks.empty() && queries.empty() && infos.empty() && pulls.empty() &&
           releases.empty() && release_acks.empty() && dependency_requests.empty() &&
           dependency_replies.empty();
  }
};

// A request a host received for a partition another host is primary of.
struct ForwardRequest {
  std::uint64_t id = 0;  // chosen by the forwarding host
  Request request;
  // 0: run `request` as the primary of its key's partition. Otherwise `request` spans
  // partitions: run it over the receiver's primary partitions of this (lineage, epoch), its
  // share; a receiver in another view answers kNotReady.
  std::uint64_t share_epoch = 0;
  std::uint64_t share_lineage = 0;
};

struct ForwardReply {
  std::uint64_t id = 0;
  Response response;
};

using ClusterMessage =
    std::variant<MembershipMessage, ReplicationPacket, ForwardRequest, ForwardReply>;

// How a ClusterHost reaches other hosts: best effort (loss, delay, reordering, duplication);
// the host re-sends what matters. send() must not call back into the host.
class ClusterTransport {
 public:
  virtual ~ClusterTransport() = default;
  virtual void send(HostId to, const ClusterMessage& message) = 0;
};

}  // namespace soss::core
