// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// How a primary comes to hold a complete copy of a partition: it asks every host which epoch its
// copy is complete as of (SyncQuery / SyncInfo), pulls the most recent copy (PullRequest; the
// source streams a snapshot), or starts empty when nobody has one; then it serves, builds its
// replicas, and once they are complete tells the old holders to forget their copies (Release,
// re-told until acknowledged). It also answers other primaries' queries, pulls and releases.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "soss/core/cluster/cluster_message.hpp"
#include "soss/core/common/clock.hpp"
#include "soss/core/membership/view.hpp"

namespace soss::core {

// What this host is to a partition in its view, and how far its primary copy is.
enum class PartitionRole : std::uint8_t { kNone, kPrimary, kReplica };
enum class PartitionPhase : std::uint8_t { kIdle, kQuerying, kPulling, kServing };

// What PartitionTransfer needs from the host it runs in (ClusterHost). Calls come only from
// within PartitionTransfer's own methods, which the host calls from its entry points.
class TransferHost {
 public:
  virtual ~TransferHost() = default;
  // This host, and the view it acts on: its epoch, members, map, and the view before it (empty
  // unless adopted in sequence). member(): it holds a view (it keeps its copies after leaving);
  // serving(): its membership serves requests now.
  virtual HostId self() const = 0;
  virtual std::uint64_t epoch() const = 0;
  virtual bool member() const = 0;
  virtual bool serving() const = 0;
  virtual const View& view() const = 0;
  virtual const View& previous_view() const = 0;
  virtual const PartitionMap& map() const = 0;
  // Per partition. Role, phase and synced epoch (the epoch this host's copy is complete as of,
  // 0 = not known complete) are read on the host's hot paths (every request, every stream item),
  // so the host keeps them with the rest of its hot per-partition state; the transfer reads and
  // moves them through here.
  virtual PartitionRole role(PartitionId p) const = 0;
  virtual PartitionPhase phase(PartitionId p) const = 0;
  virtual void set_phase(PartitionId p, PartitionPhase phase) = 0;
  virtual std::uint64_t synced_epoch(PartitionId p) const = 0;
  virtual void set_synced_epoch(PartitionId p, std::uint64_t epoch) = 0;
  // The store's copy of `p` is dropped.
  virtual void drop_partition(PartitionId p) = 0;
  // `p`'s copy here is complete and this host its primary: its store ticks it and it counts as
  // served. Then, before it answers anything in this view, its dependency links are checked.
  virtual void serve(PartitionId p) = 0;
  virtual void check_links(PartitionId p) = 0;
  // Streams (ReplicaStreams): open one of `p` to `to` (a replica, or a snapshot for a puller).
  virtual void open_stream(PartitionId p, HostId to, bool pull, std::uint64_t epoch) = 0;
  virtual bool replicas_synced(PartitionId p) const = 0;
  virtual bool has_pull(PartitionId p, HostId to, std::uint64_t epoch) const = 0;
  // Batched into the host's packet for `to`: the partitions (or answers) are added to its last
  // batch of the same epoch, a new batch is started otherwise (even for an empty list).
  virtual void send_query(HostId to, const SyncQuery& query) = 0;
  virtual void send_info(HostId to, const SyncInfo& info) = 0;
  virtual void send_pull(HostId to, const PullRequest& pull) = 0;
  virtual void send_release(HostId to, const Release& release) = 0;
  virtual void send_release_ack(HostId to, const Release& ack) = 0;
};

// The partition transfer of one host (see the top of this file): per partition the query, the
// pull and the Releases not confirmed yet, and the partitions with each in progress. Everything
// is dropped at a view change (reset), after which the host starts each of its primary
// partitions again (become_serving or start_query). Owned by its ClusterHost; not thread-safe.
class PartitionTransfer {
 public:
  // A pull that makes no progress for this many retransmit periods is asked again.
  static constexpr int kPullPatience = 10;
  // Members of the previous view (they may have left with the freshest copy) are waited for this
  // many retransmit periods after every member of the current view answered.
  static constexpr int kFormerMemberGrace = 3;
  // A Release to a host outside the view (a host that left) is repeated this many retransmit
  // periods at most: it may be gone for good. Members are told until they confirm.
  static constexpr std::uint32_t kReleaseTriesOutsideView = 50;

  PartitionTransfer(TransferHost& host, const Clock& clock, std::chrono::milliseconds retransmit);

  // This host's copy of `p` is complete as its primary: serve, build the replicas.
  void become_serving(PartitionId p);
  // This host is `p`'s primary without a complete copy: ask every host for theirs.
  void start_query(PartitionId p);
  // Once every replica is complete, the old holders are told to forget their copies.
  void maybe_release_others(PartitionId p);
  // Pull streams: whether an item of `p` from `from` is the pull's (this host asked it), and
  // what follows from one the host accepted (`complete`: this host's copy is whole now).
  bool pulls_from(PartitionId p, HostId from) const;
  void on_pull_item(PartitionId p, HostId from, bool complete);

  // Messages from peers (of this host's lineage: the host drops the others).
  void on_query(HostId from, const SyncQuery& query);
  void on_info(HostId from, const SyncInfo& info);
  void on_pull(HostId from, const PullRequest& pull);
  void on_release(HostId from, const Release& release);
  void on_release_ack(HostId from, const Release& ack);
  // Timers: re-ask silent hosts, give up stalled pulls; re-tell unconfirmed Releases.
  void retry_queries();
  void resend_releases();
  // Forgets every query, pull and Release (a view change).
  void reset();

  // For diagnostics: the query's answers so far, or the pull's source ("" if neither).
  std::string describe(PartitionId p) const;

 private:
  struct Query {
    std::set<HostId> required;  // members of the view: every one must answer
    std::set<HostId> optional;  // members of the view before: asked, waited for briefly
    std::map<HostId, std::uint64_t> answers;
    TimePoint asked_at{};
    std::optional<TimePoint> required_done_at;
  };
  struct Part {
    std::optional<Query> query;
    HostId pull_source = 0;
    TimePoint pull_asked_at{};
    bool released_others = false;
    // Old holders told to drop their copies (Release) that have not confirmed yet; re-told every
    // retransmit period.
    std::set<HostId> releasing;
    TimePoint release_sent_at{};
    std::uint32_t release_tries = 0;
  };

  bool answers_for(std::uint64_t epoch) const;
  void decide_query(PartitionId p);
  bool waits_for_answers(Query& q, TimePoint now);
  void ask_again(PartitionId p, Query& q, TimePoint now);
  void retry_pull(PartitionId p, TimePoint now);
  void tell_releases(PartitionId p);

  TransferHost& host_;
  const Clock& clock_;
  std::chrono::milliseconds retransmit_;
  std::vector<Part> parts_;
  std::set<PartitionId> querying_;   // partitions being queried or pulled
  std::set<PartitionId> releasing_;  // partitions with Releases not confirmed yet
};

}  // namespace soss::core
