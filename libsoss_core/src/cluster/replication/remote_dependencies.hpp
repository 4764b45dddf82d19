// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// Dependencies whose parent and child live in partitions of different primaries: the
// DependencyRequests that link and cascade them across hosts, and the "floors" that hold client
// responses until the dependency work their request started is done everywhere.
#pragma once

#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include "soss/core/cluster/cluster_message.hpp"
#include "soss/core/common/clock.hpp"
#include "soss/core/membership/partition_map.hpp"
#include "soss/core/store/effect.hpp"

namespace soss::core {

// Partitions a store call wrote, each with its write index after the call.
using WrittenIndexes = std::vector<std::pair<PartitionId, std::uint64_t>>;

// What RemoteDependencies needs from the host it runs in (ClusterHost). Calls come only from
// within RemoteDependencies' own methods, which the host calls from its entry points.
class DependencyHost {
 public:
  virtual ~DependencyHost() = default;
  // Routing: this host, and partition `p`'s primary in the current map (0: none).
  virtual HostId self() const = 0;
  virtual HostId primary_of(PartitionId p) const = 0;
  // Batched for another host (never this one: RemoteDependencies delivers those itself).
  virtual void send(HostId to, const DependencyRequest& request) = 0;
  virtual void send(HostId to, const DependencyReply& reply) = 0;
  // Whether this host serves `p` as primary now (member, lease, complete copy); its write index
  // there; the part of it every replica acknowledged.
  virtual bool serves(PartitionId p) const = 0;
  virtual std::uint64_t writes(PartitionId p) const = 0;
  virtual std::uint64_t acked_writes(PartitionId p) const = 0;
  // Store calls on partitions this host serves. Each records its effects (to the replicas),
  // appends every partition it wrote to `written`, and leaves new work in work().
  // answer: a request about an object of a served partition; the reply (id, retry, version).
  virtual DependencyReply answer(const DependencyRequest& request, WrittenIndexes& written) = 0;
  // resolve: the reply to a link or check this host asked for, recorded with the child.
  virtual void resolve(const DependencyRequest& request, std::uint64_t version,
                       WrittenIndexes& written) = 0;
  virtual std::vector<ParentLink> links_in(PartitionId p) const = 0;
  // A floor of `p` was lifted: hand out the responses nothing holds any more.
  virtual void release(PartitionId p) = 0;
};

// Sends the dependency work store calls leave (work()) to the primaries concerned, re-sends each
// request every `retransmit` until it is answered, and answers such requests from peers. Work
// whose end waits for other hosts or for the replication of other partitions' writes is a "job";
// while it runs it holds the client responses of its partitions from its write index on (floor),
// so nobody sees part of a cascade before the whole of it is done. Everything is dropped at a view
// change (reset; the new primaries check every link: check_links). Owned by its ClusterHost; not
// thread-safe.
class RemoteDependencies {
 public:
  static constexpr std::uint64_t kNoFloor = ~std::uint64_t{0};

  // Request ids grow from `first_id` (like Forwards: a restarted host continues above itself).
  RemoteDependencies(DependencyHost& host, const Clock& clock, std::chrono::milliseconds retransmit,
                     std::uint64_t first_id);

  // Where store calls leave work for other hosts; after_store_call takes it.
  DependencyWork& work() { return work_; }
  bool has_work() const { return !work_.empty(); }
  // After a store call that wrote `written`: if it wrote partitions other than `own` (the
  // partition of the request whose answer waits; kPartitionCount for none) or left work, a job
  // holds the answers of those partitions (and of `own`) until the other writes are replicated
  // and the work is done.
  void after_store_call(const WrittenIndexes& written, PartitionId own);
  // Before partition `p` answers anything in a new view: every link of its children is checked.
  void check_links(PartitionId p);

  // Client responses of `p` from this write index on are held (kNoFloor: none). Hot path.
  std::uint64_t floor(PartitionId p) const { return floors_[p]; }
  // `p`'s writes up to `acked` are replicated: jobs that waited for them move on. Hot path.
  void replicated(PartitionId p, std::uint64_t acked) {
    if (!replication_waits_[p].empty()) {
      progress_waits(p, acked);
    }
  }

  void on_request(HostId from, const DependencyRequest& request);
  void on_reply(const DependencyReply& reply);
  // Re-sends the requests unanswered for `retransmit`.
  void retry();
  // Requests and replies between two partitions this host serves, queued by the calls above.
  bool has_local() const { return !local_requests_.empty() || !local_replies_.empty(); }
  void deliver_local();
  void reset();

  // Requests sent and not answered yet.
  std::size_t outstanding() const { return out_.size(); }

 private:
  using Requests = std::vector<std::pair<DependencyRequest, PartitionId>>;
  // Work whose end waits for other hosts (the requests it sent) or for the replication of
  // writes: a peer's request (answered when done), or a store call that left work behind.
  struct Job {
    std::uint32_t left = 0;  // requests and replication waits outstanding
    WrittenIndexes floors;   // (partition, write index) held while it runs
    HostId reply_to = 0;     // the peer whose request this is (0 = none); answered when done
    DependencyReply reply;
  };
  // A request this host sent and waits for an answer to.
  struct Out {
    DependencyRequest request;
    PartitionId target = 0;  // the partition whose primary answers it
    std::uint64_t job = 0;
    TimePoint sent_at{};
  };

  DependencyWork take_work();
  std::uint64_t start_job(Job job, const WrittenIndexes& wait_for, Requests requests);
  void job_progress(std::uint64_t id);
  void progress_waits(PartitionId p, std::uint64_t acked);
  void hold_floor(PartitionId p, std::uint64_t index);
  void lift_floor(PartitionId p, std::uint64_t index);
  void send_request(std::uint64_t id);
  void send_reply(HostId to, const DependencyReply& reply);

  DependencyHost& host_;
  const Clock& clock_;
  std::chrono::milliseconds retransmit_;
  DependencyWork work_;
  std::map<std::uint64_t, Job> jobs_;
  std::uint64_t next_job_ = 1;
  std::map<std::uint64_t, Out> out_;
  std::uint64_t next_id_;
  std::vector<DependencyRequest> local_requests_;
  std::vector<DependencyReply> local_replies_;
  // Per partition. floors_ is read for every client response, so it is a dense array of its own
  // (eight partitions a cache line); held_[p] counts the jobs holding from each write index, and
  // floors_[p] is its first key.
  std::vector<std::uint64_t> floors_;
  std::vector<std::vector<std::pair<std::uint64_t, std::uint64_t>>>
      replication_waits_;  // (index, job)
  std::vector<std::map<std::uint64_t, std::uint32_t>> held_;
};

}  // namespace soss::core
