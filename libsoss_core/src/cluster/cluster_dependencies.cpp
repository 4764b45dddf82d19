// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// ClusterHost: dependencies whose parent and child live in partitions of different primaries.
// The store leaves that work in a DependencyWork (links to ask for, removals to ask for); this
// file sends it as DependencyRequests to the primaries concerned, re-sends until answered, and
// holds the answers that depend on it ("jobs"): the response of a request, or a peer's request,
// is released only when every request it started was answered (and so, transitively, when the
// whole cascade is done and replicated everywhere). After a view change every primary checks the
// links of its children (check_links), which makes up for requests lost with a failed host.
#include <algorithm>
#include <utility>

#include "cluster/cluster_host_state.hpp"
#include "soss/core/common/log.hpp"

namespace soss::core {

namespace {

constexpr std::string_view kLog = "cluster";

using Requests = std::vector<std::pair<DependencyRequest, PartitionId>>;

// The requests of `work`, each with the partition whose primary answers it (ids set later).
Requests requests_of(const DependencyWork& work) {
  Requests out;
  for (const DependencyWork::Link& link : work.links) {
    out.emplace_back(DependencyRequest{0, false, link.child, link.parent, 0},
                     partition_of(link.parent));
  }
  for (const DependencyWork::Removal& r : work.removals) {
    out.emplace_back(DependencyRequest{0, true, r.child, r.parent, r.parent_version},
                     partition_of(r.child));
  }
  return out;
}

}  // namespace

DependencyWork ClusterHost::take_work() {
  DependencyWork work = std::move(work_);
  work_.links.clear();
  work_.removals.clear();
  return work;
}

// Records a store call's effects. If it wrote other partitions than `own` (the partition of the
// request whose answer waits; kPartitionCount for none) or left dependency work, a job holds the
// answers of those partitions (and of `own`) until the other writes are replicated and the work
// is done.
void ClusterHost::after_store_call(std::vector<Effect>& effects, DependencyWork work,
                                   PartitionId own) {
  Written written;
  record_effects(effects, &written);
  Written others;
  for (const auto& w : written) {
    if (w.first != own) {
      others.push_back(w);
    }
  }
  if (work.empty() && (others.empty() || own >= kPartitionCount)) {
    return;
  }
  Job job;
  if (own < kPartitionCount) {
    job.floors.emplace_back(own, parts_[own].writes);
  }
  if (!work.empty()) {
    job.floors.insert(job.floors.end(), others.begin(), others.end());
    for (const DependencyWork::Link& link : work.links) {
      PartitionId p = partition_of(link.child);
      job.floors.emplace_back(p, parts_[p].writes);
    }
    for (const DependencyWork::Removal& r : work.removals) {
      PartitionId p = partition_of(r.parent);
      job.floors.emplace_back(p, parts_[p].writes);
    }
  }
  start_job(std::move(job), others, requests_of(work));
}

std::uint64_t ClusterHost::start_job(Job job, const Written& wait_for, Requests requests) {
  const std::uint64_t id = next_job_++;
  for (const auto& [p, index] : wait_for) {
    if (acked_writes(parts_[p]) < index) {
      parts_[p].replication_waits.emplace_back(index, id);
      ++job.left;
    }
  }
  std::vector<std::uint64_t> sends;
  for (auto& [request, target] : requests) {
    request.id = next_dependency_id_++;
    dependency_out_[request.id] = DependencyOut{request, target, id, {}};
    sends.push_back(request.id);
    ++job.left;
  }
  for (const auto& [p, index] : job.floors) {
    hold_floor(p, index);
  }
  ++job.left;  // held until everything is set up: a local answer may come at once
  jobs_.emplace(id, std::move(job));
  for (std::uint64_t request : sends) {
    send_dependency(request);
  }
  job_progress(id);
  return id;
}

// One thing job `id` waited for is done; the last one finishes it.
void ClusterHost::job_progress(std::uint64_t id) {
  auto it = jobs_.find(id);
  if (it == jobs_.end() || --it->second.left > 0) {
    return;
  }
  Job job = std::move(it->second);
  jobs_.erase(it);
  if (job.reply_to != 0) {
    reply_dependency(job.reply_to, job.reply);
  }
  for (const auto& [p, index] : job.floors) {
    lift_floor(p, index);
  }
}

void ClusterHost::hold_floor(PartitionId p, std::uint64_t index) {
  Partition& part = parts_[p];
  ++part.held[index];
  part.floor = part.held.begin()->first;
}

void ClusterHost::lift_floor(PartitionId p, std::uint64_t index) {
  Partition& part = parts_[p];
  auto it = part.held.find(index);
  if (it != part.held.end() && --it->second == 0) {
    part.held.erase(it);
  }
  part.floor = part.held.empty() ? Partition::kNoFloor : part.held.begin()->first;
  release(p);
}

// To the current primary of the request's partition (this host included); again after
// options.retransmit until it is answered.
void ClusterHost::send_dependency(std::uint64_t id) {
  auto it = dependency_out_.find(id);
  if (it == dependency_out_.end()) {
    return;
  }
  DependencyOut& out = it->second;
  out.sent_at = clock_.now();
  HostId to = membership_.map().primary_of(out.target);
  if (to == membership_.self()) {
    local_requests_.push_back(out.request);
  } else if (to != 0) {
    packet(to).dependency_requests.push_back(out.request);
  }
}

void ClusterHost::reply_dependency(HostId to, const DependencyReply& reply) {
  if (to == membership_.self()) {
    local_replies_.push_back(reply);
  } else {
    packet(to).dependency_replies.push_back(reply);
  }
}

// At the primary of the object the request is about (the parent for a link or check, the child
// for a removal). The answer waits until what the request changed is replicated, and a removal's
// answer also until the removals it started on other hosts are done. A link's answer does not
// wait for those (a parent that expired when the link came): a removal may wait for a link
// (kPending), so a link must never wait for a removal.
void ClusterHost::on_dependency_request(HostId from, const DependencyRequest& request) {
  PartitionId p = partition_of(request.remove ? request.child : request.parent);
  Partition& part = parts_[p];
  DependencyReply reply{request.id, true, 0};
  if (!member_ || !membership_.has_lease() || part.role != PartitionRole::kPrimary ||
      part.phase != PartitionPhase::kServing) {
    reply_dependency(from, reply);
    return;
  }
  std::vector<Effect> effects;
  std::vector<Effect>* sink = need_effects_ ? &effects : nullptr;
  if (request.remove) {
    DependencyWork::Removal removal{request.child, request.parent, request.version};
    reply.retry = store_.remove_dependent(removal, sink, work_sink()) == DependentRemoval::kPending;
  } else {
    reply.retry = false;
    reply.version =
        store_.link_dependent(request.child, request.parent, request.version, sink, work_sink());
  }
  Written written;
  record_effects(effects, &written);
  DependencyWork work = take_work();
  Job answer;
  answer.reply_to = from;
  answer.reply = reply;
  written.emplace_back(p, part.writes);  // and everything before it in p
  Job cascade;
  for (const auto& w : written) {
    cascade.floors.push_back(w);
  }
  for (const auto& [request_out, target] : requests_of(work)) {
    PartitionId origin = partition_of(request_out.remove ? request_out.parent : request_out.child);
    cascade.floors.emplace_back(origin, parts_[origin].writes);
  }
  if (request.remove && !reply.retry) {
    answer.floors = std::move(cascade.floors);
    start_job(std::move(answer), written, requests_of(work));
    return;
  }
  start_job(std::move(answer), written, {});
  if (!work.empty()) {
    start_job(std::move(cascade), {}, requests_of(work));
  }
}

// At the host that asked. A link's answer is recorded with the child (its link version, or the
// parent dropped when absent; a failed check removes the child), then the job moves on.
void ClusterHost::on_dependency_reply(const DependencyReply& reply) {
  auto it = dependency_out_.find(reply.id);
  if (it == dependency_out_.end() || reply.retry) {
    return;  // unknown (answered before, or from another view), or asked again at retransmit
  }
  DependencyOut out = std::move(it->second);
  dependency_out_.erase(it);
  if (!out.request.remove) {
    std::vector<Effect> effects;
    store_.resolve_link(out.request.child, out.request.parent, out.request.version, reply.version,
                        need_effects_ ? &effects : nullptr, work_sink());
    after_store_call(effects, take_work(), kPartitionCount);
  }
  job_progress(out.job);
}

// After a view change, before partition `p` answers anything: every link of its children is
// checked with the parent's primary (a pending link is asked again). A removal request lost with
// a failed host, or a link whose answer was lost, is made up for here: a parent no longer at the
// version its child is linked to means the child goes.
void ClusterHost::check_links(PartitionId p) {
  std::vector<ParentLink> links = store_.links_in(p);
  if (links.empty()) {
    return;
  }
  Requests requests;
  for (const ParentLink& link : links) {
    requests.emplace_back(DependencyRequest{0, false, link.child, link.parent, link.version},
                          partition_of(link.parent));
  }
  log::debug(kLog, "partition {}: checking {} dependency links", p, requests.size());
  Job job;
  job.floors.emplace_back(p, 0);
  start_job(std::move(job), {}, std::move(requests));
}

void ClusterHost::retry_dependencies() {
  const TimePoint now = clock_.now();
  std::vector<std::uint64_t> due;
  for (const auto& [id, out] : dependency_out_) {
    if (out.sent_at + options_.retransmit <= now) {
      due.push_back(id);
    }
  }
  for (std::uint64_t id : due) {
    send_dependency(id);
  }
}

// Requests and replies between two partitions this host serves.
void ClusterHost::deliver_local() {
  while (!local_requests_.empty() || !local_replies_.empty()) {
    auto requests = std::move(local_requests_);
    local_requests_.clear();
    for (const DependencyRequest& r : requests) {
      on_dependency_request(membership_.self(), r);
    }
    auto replies = std::move(local_replies_);
    local_replies_.clear();
    for (const DependencyReply& r : replies) {
      on_dependency_reply(r);
    }
  }
}

void ClusterHost::reset_dependencies() {
  jobs_.clear();
  dependency_out_.clear();
  local_requests_.clear();
  local_replies_.clear();
  releasing_.clear();
  serving_count_ = 0;
  for (Partition& part : parts_) {
    part.held.clear();
    part.floor = Partition::kNoFloor;
    part.replication_waits.clear();
    part.releasing.clear();
  }
}

}  // namespace soss::core
