// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// The store leaves cross-host dependency work in a DependencyWork (links to ask for, removals to
// ask for); this sends it as DependencyRequests to the primaries concerned, re-sends until
// answered, and holds the answers that depend on it ("jobs"): the response of a request, or a
// peer's request, is released only when every request it started was answered (and so,
// transitively, when the whole cascade is done and replicated everywhere). After a view change
// every primary checks the links of its children (check_links), which makes up for requests lost
// with a failed host.
#include "cluster/replication/remote_dependencies.hpp"

#include <algorithm>
#include <utility>

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

RemoteDependencies::RemoteDependencies(DependencyHost& host, const Clock& clock,
                                       std::chrono::milliseconds retransmit, std::uint64_t first_id)
    : host_(host),
      clock_(clock),
      retransmit_(retransmit),
      next_id_(first_id),
      floors_(kPartitionCount, kNoFloor),
      replication_waits_(kPartitionCount),
      held_(kPartitionCount) {}

DependencyWork RemoteDependencies::take_work() {
  DependencyWork work = std::move(work_);
  work_.links.clear();
  work_.removals.clear();
  return work;
}

void RemoteDependencies::after_store_call(const WrittenIndexes& written, PartitionId own) {
  DependencyWork work = take_work();
  WrittenIndexes others;
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
    job.floors.emplace_back(own, host_.writes(own));
  }
  if (!work.empty()) {
    job.floors.insert(job.floors.end(), others.begin(), others.end());
    for (const DependencyWork::Link& link : work.links) {
      PartitionId p = partition_of(link.child);
      job.floors.emplace_back(p, host_.writes(p));
    }
    for (const DependencyWork::Removal& r : work.removals) {
      PartitionId p = partition_of(r.parent);
      job.floors.emplace_back(p, host_.writes(p));
    }
  }
  start_job(std::move(job), others, requests_of(work));
}

// `requests` by value: each gets its id here (tidy takes the writes for reads).
std::uint64_t RemoteDependencies::start_job(Job job, const WrittenIndexes& wait_for,
                                            Requests requests) {  // NOLINT(performance-*)
  const std::uint64_t id = next_job_++;
  for (const auto& [p, index] : wait_for) {
    if (host_.acked_writes(p) < index) {
      replication_waits_[p].emplace_back(index, id);
      ++job.left;
    }
  }
  std::vector<std::uint64_t> sends;
  for (auto& [request, target] : requests) {
    request.id = next_id_++;
    out_[request.id] = Out{request, target, id, {}};
    sends.push_back(request.id);
    ++job.left;
  }
  for (const auto& [p, index] : job.floors) {
    hold_floor(p, index);
  }
  ++job.left;  // held until everything is set up: a local answer may come at once
  jobs_.emplace(id, std::move(job));
  for (std::uint64_t request : sends) {
    send_request(request);
  }
  job_progress(id);
  return id;
}

// One thing job `id` waited for is done; the last one finishes it.
void RemoteDependencies::job_progress(std::uint64_t id) {
  auto it = jobs_.find(id);
  if (it == jobs_.end() || --it->second.left > 0) {
    return;
  }
  Job job = std::move(it->second);
  jobs_.erase(it);
  if (job.reply_to != 0) {
    send_reply(job.reply_to, job.reply);
  }
  for (const auto& [p, index] : job.floors) {
    lift_floor(p, index);
  }
}

void RemoteDependencies::progress_waits(PartitionId p, std::uint64_t acked) {
  std::vector<std::uint64_t> done;
  std::erase_if(replication_waits_[p], [&](const auto& wait) {
    if (wait.first > acked) {
      return false;
    }
    done.push_back(wait.second);
    return true;
  });
  for (std::uint64_t job : done) {
    job_progress(job);
  }
}

void RemoteDependencies::hold_floor(PartitionId p, std::uint64_t index) {
  auto& held = held_[p];
  ++held[index];
  floors_[p] = held.begin()->first;
}

void RemoteDependencies::lift_floor(PartitionId p, std::uint64_t index) {
  auto& held = held_[p];
  auto it = held.find(index);
  if (it != held.end() && --it->second == 0) {
    held.erase(it);
  }
  floors_[p] = held.empty() ? kNoFloor : held.begin()->first;
  host_.release(p);
}

// To the current primary of the request's partition (this host included); again after
// `retransmit` until it is answered.
void RemoteDependencies::send_request(std::uint64_t id) {
  auto it = out_.find(id);
  if (it == out_.end()) {
    return;
  }
  Out& out = it->second;
  out.sent_at = clock_.now();
  HostId to = host_.primary_of(out.target);
  if (to == host_.self()) {
    local_requests_.push_back(out.request);
  } else if (to != 0) {
    host_.send(to, out.request);
  }
}

void RemoteDependencies::send_reply(HostId to, const DependencyReply& reply) {
  if (to == host_.self()) {
    local_replies_.push_back(reply);
  } else {
    host_.send(to, reply);
  }
}

// At the primary of the object the request is about (the parent for a link or check, the child
// for a removal). The answer waits until what the request changed is replicated, and a removal's
// answer also until the removals it started on other hosts are done. A link's answer does not
// wait for those (a parent that expired when the link came): a removal may wait for a link
// (kPending), so a link must never wait for a removal.
void RemoteDependencies::on_request(HostId from, const DependencyRequest& request) {
  PartitionId p = partition_of(request.remove ? request.child : request.parent);
  if (!host_.serves(p)) {
    send_reply(from, DependencyReply{request.id, true, 0});
    return;
  }
  WrittenIndexes written;
  DependencyReply reply = host_.answer(request, written);
  DependencyWork work = take_work();
  Job answer;
  answer.reply_to = from;
  answer.reply = reply;
  written.emplace_back(p, host_.writes(p));  // and everything before it in p
  Job cascade;
  for (const auto& w : written) {
    cascade.floors.push_back(w);
  }
  for (const auto& [request_out, target] : requests_of(work)) {
    PartitionId origin = partition_of(request_out.remove ? request_out.parent : request_out.child);
    cascade.floors.emplace_back(origin, host_.writes(origin));
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
void RemoteDependencies::on_reply(const DependencyReply& reply) {
  auto it = out_.find(reply.id);
  if (it == out_.end() || reply.retry) {
    return;  // unknown (answered before, or from another view), or asked again at retransmit
  }
  Out out = it->second;
  out_.erase(it);
  if (!out.request.remove) {
    WrittenIndexes written;
    host_.resolve(out.request, reply.version, written);
    after_store_call(written, kPartitionCount);
  }
  job_progress(out.job);
}

// After a view change, before partition `p` answers anything: every link of its children is
// checked with the parent's primary (a pending link is asked again). A removal request lost with
// a failed host, or a link whose answer was lost, is made up for here: a parent no longer at the
// version its child is linked to means the child goes.
void RemoteDependencies::check_links(PartitionId p) {
  std::vector<ParentLink> links = host_.links_in(p);
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

void RemoteDependencies::retry() {
  const TimePoint now = clock_.now();
  std::vector<std::uint64_t> due;
  for (const auto& [id, out] : out_) {
    if (out.sent_at + retransmit_ <= now) {
      due.push_back(id);
    }
  }
  for (std::uint64_t id : due) {
    send_request(id);
  }
}

void RemoteDependencies::deliver_local() {
  const HostId self = host_.self();
  while (!local_requests_.empty() || !local_replies_.empty()) {
    auto requests = std::move(local_requests_);
    local_requests_.clear();
    for (const DependencyRequest& r : requests) {
      on_request(self, r);
    }
    auto replies = std::move(local_replies_);
    local_replies_.clear();
    for (const DependencyReply& r : replies) {
      on_reply(r);
    }
  }
}

void RemoteDependencies::reset() {
  jobs_.clear();
  out_.clear();
  local_requests_.clear();
  local_replies_.clear();
  std::fill(floors_.begin(), floors_.end(), kNoFloor);
  for (auto& waits : replication_waits_) {
    waits.clear();
  }
  for (auto& held : held_) {
    held.clear();
  }
}

}  // namespace soss::core
