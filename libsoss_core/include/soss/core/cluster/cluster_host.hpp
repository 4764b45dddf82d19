// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "soss/core/cluster/cluster_message.hpp"
#include "soss/core/common/clock.hpp"
#include "soss/core/membership/membership.hpp"
#include "soss/core/store/store.hpp"

namespace soss::core {

class Forwards;
class PartitionTransfer;
class RemoteDependencies;
class ReplicaStreams;

struct ClusterHostOptions {
  MembershipOptions membership;
  StoreOptions store;
  std::chrono::milliseconds retransmit{200};  // re-send unacknowledged stream items after this
  std::chrono::milliseconds forward_timeout{5000};
  std::size_t snapshot_chunk_bytes = std::size_t{256} * 1024;
  std::size_t stream_window = 8;  // items in flight per stream
  // Snapshot chunks in flight from this host, all streams together: copies of many partitions
  // share the links with heartbeats and writes, so they take turns.
  std::size_t snapshot_chunks_in_flight = 8;
};

// What the host knows about the partitions it is primary of (for health checks and tests).
struct ClusterHealth {
  std::uint32_t primaries = 0;   // partitions this host is primary of in its view
  std::uint32_t serving = 0;     // of those, with a complete copy here (requests are served)
  std::uint32_t replicated = 0;  // of those, with every replica of the view complete
  // Since start: snapshot chunks this host sent (partition copies for replicas or pullers),
  // counted as the accounted object values and keys they carried.
  std::uint64_t snapshot_bytes_sent = 0;
  std::uint64_t snapshots_sent = 0;  // completed snapshot streams (one partition each)
  std::uint64_t forwarded = 0;       // requests of one key sent on to their partition's primary
  // Dependency requests (links, checks, removals) sent to other primaries and not answered yet.
  std::uint64_t dependency_requests = 0;
};

// One host of a store: membership, the store, synchronous replication and partition transfer,
// as one deterministic state machine. No threads, sockets or timers: the owner delivers
// messages (on_message), calls tick() every few milliseconds and submits client requests with
// execute(). Not thread-safe. The protocol is described in docs/cluster-design.md; in short:
//  - Each partition has, per epoch, one primary and its replicas (the view's map). Only the
//    primary executes requests, and only once its copy is complete ("serving"); a write's effects
//    go to every replica of the epoch on an ordered, acknowledged stream, and every response
//    (reads included) waits until the replicas acknowledged every write before it.
//  - A host's copy of a partition is "synced as of epoch E" when it held a complete copy as a
//    holder in E. It carries over to E + 1 only for a holder that goes straight from E to E + 1.
//    A primary without a synced copy asks every member (and the members of the view before)
//    for theirs and pulls the most recent one; a replica without one gets a snapshot from its
//    primary while writes continue (PartitionTransfer; the streams are a ReplicaStreams).
//  - When the epoch changes, responses still waiting fail: writes with kUnavailable (the outcome
//    is unknown), everything else with kNotReady (nothing was done; retry).
//  - A request forwarded to a host that is no longer its partition's primary settles at the
//    view change: a read is sent to the new primary, a write to a host that left the view fails
//    with kUnavailable (it may have been applied), a write to a live member waits for its answer.
//  - Dependencies whose parent and child have different primaries are linked and cascaded by
//    messages between those primaries (DependencyRequest); a response waits until the
//    dependency work its request started is done everywhere (RemoteDependencies).
class ClusterHost {
 public:
  ClusterHost(ClusterHostOptions options, ClusterTransport& transport, const Clock& clock);
  ~ClusterHost();
  ClusterHost(const ClusterHost&) = delete;
  ClusterHost& operator=(const ClusterHost&) = delete;

  void join(const std::vector<HostId>& known_peers);
  // Activates the host as a service does at start (Membership::seek).
  void seek(const std::vector<HostId>& known_peers);
  void leave();
  // A host discovery found (see Membership::add_contact).
  void add_peer(HostId id) { membership_.add_contact(id); }

  // Runs one object request here or at its partition's primary. Returns the response when it is
  // ready before execute() returns (a lone host, or a partition whose replicas have acknowledged
  // everything before it); otherwise `done` is called exactly once, later, from an entry point
  // (on_message, tick or a later execute).
  std::optional<Response> execute(const Request& request, Completion&& done);
  void on_message(HostId from, const ClusterMessage& message);
  void tick();

  const Membership& membership() const { return membership_; }
  Store& store() { return store_; }
  const Store& store() const { return store_; }
  ClusterHealth health() const;
  // One line about the first partition this host is primary of that is not fully replicated
  // ("" if none): for diagnostics when a test finds the store unhealthy.
  std::string describe_unhealthy() const;
  // Test hook: called whenever this host executes a request as primary of `partition`.
  std::function<void(PartitionId partition, std::uint64_t lineage, std::uint64_t epoch)>
      on_primary_execute;

 private:
  class Messenger;
  class StreamLink;
  struct Waiting;
  struct Partition;
  struct Gather;
  class DependencyLink;
  class TransferLink;
  // Partitions a store call wrote, each with its write index after the call.
  using Written = std::vector<std::pair<PartitionId, std::uint64_t>>;

  // cluster_host.cpp
  void after_input();
  void check_view();
  void on_view_change();
  void fail_waiting(Partition& part);
  // These two return the response when it is ready at once, and take (move from) `done` only
  // when the answer comes later.
  std::optional<Response> execute_local(const Request& request, Completion& done);
  std::optional<Response> route(const Request& request, Completion& done);  // at the primary
  std::optional<Response> execute_routed(const Request& request, Completion& done);
  std::optional<Response> route_or_refuse(const Request& request, Completion& done);
  std::optional<Response> execute_serving(PartitionId p, const Request& request, Completion& done);
  std::optional<Response> execute_spanning_now(const Request& request, Completion done);
  void on_store_later(std::uint64_t token, Response response);
  std::uint64_t acked_writes(const Partition& part) const;
  void forward(HostId primary, const Request& request, Completion done,
               const ForwardRequest& share = {});
  void redirect_forwards();
  void record_effects(std::vector<Effect>& effects, Written* written = nullptr);
  void run_deferred();
  void release(PartitionId p);
  // Where the store leaves dependency work for other hosts: nowhere on a host that serves every
  // partition (a lone host: the store links and cascades everything itself, at no extra cost).
  DependencyWork* work_sink();
  // cluster_scatter.cpp: requests that span partitions
  void execute_spanning(const Request& request, Completion done);
  void execute_bulk(const Request& request, Completion done);
  void run_share(const Request& request, std::uint64_t lineage, std::uint64_t epoch,
                 Completion done);
  // cluster_streams.cpp: which stream items and acks this host takes (the streams themselves
  // are a ReplicaStreams)
  void on_item(HostId from, const StreamItem& item);
  void on_ack(HostId from, const StreamAck& ack);
  // cluster_dependencies.cpp: the host's side of RemoteDependencies
  // Records a store call's effects; the dependency work it left, if any, starts a job whose
  // floors hold the answers that depend on it (`own`: the partition of the request whose answer
  // waits, kPartitionCount for none).
  void after_store_call(std::vector<Effect>& effects, PartitionId own);
  void check_links(PartitionId p);

  ReplicationPacket& packet(HostId to);
  void flush();

  ClusterHostOptions options_;
  ClusterTransport& transport_;
  const Clock& clock_;
  std::unique_ptr<Messenger> messenger_;
  // Requests the store parked (lock waits), by the token their store completion carries. The
  // store's completions capture only `this` and a token (no allocation per request). Declared
  // before store_: ~Store answers its waiters, and by then the destructor has emptied this map.
  struct Parked {
    ObjectId id;
    Completion done;
  };
  std::map<std::uint64_t, Parked> parked_;
  std::uint64_t next_token_ = 1;
  std::uint64_t executing_token_ = 0;     // the request inside store_.execute() now
  Completion* executing_done_ = nullptr;  // its `done`, should the store answer it early
  ObjectId executing_id_;
  Store store_;
  Membership membership_;
  // The replica and pull streams (cluster/replication/replica_streams.hpp); they send through
  // stream_link_ and use store_.
  std::unique_ptr<StreamLink> stream_link_;
  std::unique_ptr<ReplicaStreams> streams_;

  std::vector<Partition> parts_;
  // Whether a partition this host is primary of has replicas in the current map: only then do
  // the store's effects (object states, with copies of values) go anywhere, so only then are
  // they captured.
  bool need_effects_ = false;

  // The view replication acts on; kept after this host leaves (its copies stay a source).
  bool member_ = false;
  std::uint64_t epoch_ = 0;
  std::uint64_t lineage_ = 0;
  View current_view_;
  View previous_view_;  // the view before current_view_ when adopted in sequence, else empty

  std::unique_ptr<Forwards> forwards_;  // sent on to other hosts; duplicates filtered
  // Dependencies across hosts (RemoteDependencies, through the DependencyLink adapter).
  std::unique_ptr<DependencyLink> dependency_link_;
  std::unique_ptr<RemoteDependencies> dependencies_;
  std::vector<std::pair<ObjectId, std::pair<Completion, Response>>> deferred_;
  std::vector<std::pair<Completion, Response>> ready_;  // run at the end of the entry point
  std::map<HostId, ReplicationPacket> outbox_;

  std::uint32_t serving_count_ = 0;  // partitions this host serves as primary now
  // Partition transfer: query, pull, release (cluster/replication/partition_transfer.hpp,
  // through the TransferLink adapter, cluster_transfer.cpp).
  std::unique_ptr<TransferLink> transfer_link_;
  std::unique_ptr<PartitionTransfer> transfer_;
};

}  // namespace soss::core
