// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// A primary without a complete copy queries every member of its view (required) and the members
// of the view before that left (optional: waited for a grace period), pulls the freshest copy
// found, or starts empty when no host has one. Once its replicas are complete it releases the
// copies the old holders kept.
#include "cluster/replication/partition_transfer.hpp"

#include <iterator>
#include <utility>

#include "soss/core/common/log.hpp"

namespace soss::core {

namespace {
constexpr std::string_view kLog = "cluster";
}  // namespace

PartitionTransfer::PartitionTransfer(TransferHost& host, const Clock& clock,
                                     std::chrono::milliseconds retransmit)
    : host_(host), clock_(clock), retransmit_(retransmit), parts_(kPartitionCount) {}

void PartitionTransfer::become_serving(PartitionId p) {
  Part& part = parts_[p];
  host_.set_phase(p, PartitionPhase::kServing);
  host_.set_synced_epoch(p, host_.epoch());
  part.query.reset();
  part.pull_source = 0;
  querying_.erase(p);
  host_.serve(p);
  for (HostId replica : host_.map().replicas_of(p)) {
    host_.open_stream(p, replica, false, host_.epoch());
  }
  host_.check_links(p);
  maybe_release_others(p);
}

// Once every replica of the epoch is complete, the hosts that held the partition before and
// hold it no more may forget their copies.
void PartitionTransfer::maybe_release_others(PartitionId p) {
  Part& part = parts_[p];
  if (part.released_others || host_.phase(p) != PartitionPhase::kServing) {
    return;
  }
  if (!host_.replicas_synced(p)) {
    return;
  }
  part.released_others = true;
  const HostId self = host_.self();
  const View& view = host_.view();
  part.releasing.clear();
  for (const Member& m : view.members) {
    if (m.id != self && !host_.map().holds(p, m.id)) {
      part.releasing.insert(m.id);
    }
  }
  for (const Member& m : host_.previous_view().members) {
    if (!view.contains(m.id) && m.id != self) {
      part.releasing.insert(m.id);
    }
  }
  part.release_tries = 0;
  tell_releases(p);
  part.release_sent_at = clock_.now();
  if (!part.releasing.empty()) {
    releasing_.insert(p);
  }
}

void PartitionTransfer::tell_releases(PartitionId p) {
  for (HostId h : parts_[p].releasing) {
    host_.send_release(h, Release{host_.epoch(), {p}});
  }
}

// Releases are told again until each host confirms (a lost Release would leave a stale copy in
// that host's memory until the next view change); hosts outside the view only for a while.
void PartitionTransfer::resend_releases() {
  const TimePoint now = clock_.now();
  for (auto it = releasing_.begin(); it != releasing_.end();) {
    Part& part = parts_[*it];
    if (!part.releasing.empty() && part.release_sent_at + retransmit_ <= now) {
      part.release_sent_at = now;
      if (++part.release_tries >= kReleaseTriesOutsideView) {
        std::erase_if(part.releasing, [&](HostId h) { return !host_.view().contains(h); });
      }
      tell_releases(*it);
    }
    it = part.releasing.empty() ? releasing_.erase(it) : std::next(it);
  }
}

void PartitionTransfer::on_release_ack(HostId from, const Release& ack) {
  if (ack.epoch != host_.epoch()) {
    return;
  }
  for (PartitionId p : ack.partitions) {
    if (p < kPartitionCount) {
      parts_[p].releasing.erase(from);
    }
  }
}

void PartitionTransfer::start_query(PartitionId p) {
  Part& part = parts_[p];
  host_.set_phase(p, PartitionPhase::kQuerying);
  part.pull_source = 0;
  Query q;
  const HostId self = host_.self();
  const View& view = host_.view();
  for (const Member& m : view.members) {
    if (m.id != self) {
      q.required.insert(m.id);
    }
  }
  for (const Member& m : host_.previous_view().members) {
    if (m.id != self && !view.contains(m.id)) {
      q.optional.insert(m.id);
    }
  }
  q.asked_at = clock_.now();
  for (const std::set<HostId>* group : {&q.required, &q.optional}) {
    for (HostId h : *group) {
      host_.send_query(h, SyncQuery{host_.epoch(), {p}});
    }
  }
  part.query = std::move(q);
  querying_.insert(p);
  decide_query(p);
}

// A host still acting on an older epoch could be accepting writes for the partition: it answers
// only once it caught up (or when it serves nothing at all).
bool PartitionTransfer::answers_for(std::uint64_t epoch) const {
  return host_.epoch() >= epoch || !host_.serving();
}

void PartitionTransfer::on_query(HostId from, const SyncQuery& query) {
  if (!answers_for(query.epoch)) {
    return;
  }
  SyncInfo info{query.epoch, {}};
  for (PartitionId p : query.partitions) {
    if (p < kPartitionCount) {
      info.answers.push_back(SyncAnswer{p, host_.synced_epoch(p)});
    }
  }
  host_.send_info(from, info);
}

void PartitionTransfer::on_info(HostId from, const SyncInfo& info) {
  if (info.epoch != host_.epoch()) {
    return;
  }
  for (const SyncAnswer& a : info.answers) {
    if (a.partition >= kPartitionCount) {
      continue;
    }
    Part& part = parts_[a.partition];
    const PartitionPhase phase = host_.phase(a.partition);
    if (phase == PartitionPhase::kQuerying && part.query) {
      part.query->answers[from] = a.synced_epoch;
      decide_query(a.partition);
    } else if (phase == PartitionPhase::kPulling && from == part.pull_source &&
               a.synced_epoch == 0) {
      log::debug(kLog, "partition {}: source host {} no longer holds it; asking every host again",
                 a.partition, from);
      start_query(a.partition);
    }
  }
}

// True while the query must wait: for a member of the view, or (for a grace period after the
// members answered) for a member of the view before.
bool PartitionTransfer::waits_for_answers(Query& q, TimePoint now) {
  for (HostId h : q.required) {
    if (q.answers.count(h) == 0) {
      return true;
    }
  }
  if (!q.required_done_at) {
    q.required_done_at = now;
  }
  bool all_optional = true;
  for (HostId h : q.optional) {
    all_optional = all_optional && q.answers.count(h) != 0;
  }
  return !all_optional && now < *q.required_done_at + retransmit_ * kFormerMemberGrace;
}

void PartitionTransfer::decide_query(PartitionId p) {
  Part& part = parts_[p];
  if (host_.phase(p) != PartitionPhase::kQuerying || !part.query) {
    return;
  }
  const TimePoint now = clock_.now();
  if (waits_for_answers(*part.query, now)) {
    return;
  }
  HostId best_host = host_.self();
  std::uint64_t best = host_.synced_epoch(p);
  for (const auto& [h, e] : part.query->answers) {
    if (e > best) {
      best = e;
      best_host = h;
    }
  }
  if (best == 0 || best_host == host_.self()) {
    if (best == 0) {
      host_.drop_partition(p);  // nobody has a complete copy: the partition starts empty
      log::debug(kLog, "partition {}: no complete copy anywhere; starting empty", p);
    }
    become_serving(p);
    return;
  }
  host_.set_phase(p, PartitionPhase::kPulling);
  part.pull_source = best_host;
  part.pull_asked_at = now;
  part.query.reset();
  host_.send_pull(best_host, PullRequest{host_.epoch(), {p}});
}

bool PartitionTransfer::pulls_from(PartitionId p, HostId from) const {
  return host_.phase(p) == PartitionPhase::kPulling && parts_[p].pull_source == from;
}

void PartitionTransfer::on_pull_item(PartitionId p, HostId from, bool complete) {
  if (complete && host_.phase(p) == PartitionPhase::kPulling) {
    log::debug(kLog, "partition {} pulled from host {}", p, from);
    querying_.erase(p);
    become_serving(p);
  } else {
    parts_[p].pull_asked_at = clock_.now();  // progress: the pull is alive
  }
}

void PartitionTransfer::on_pull(HostId from, const PullRequest& pull) {
  // A serving host streams only to a puller of its own epoch: a puller behind it would ignore
  // the stream once it catches up, and ask again then.
  if (!answers_for(pull.epoch) || (host_.serving() && pull.epoch != host_.epoch())) {
    return;
  }
  for (PartitionId p : pull.partitions) {
    if (p >= kPartitionCount) {
      continue;
    }
    if (host_.synced_epoch(p) == 0) {
      // No complete copy any more (dropped since this host answered the query, e.g. when it
      // rejoined as a new member): say so, and the puller asks every host again.
      host_.send_info(from, SyncInfo{pull.epoch, {SyncAnswer{p, 0}}});
      continue;
    }
    if (!host_.has_pull(p, from, pull.epoch)) {
      host_.open_stream(p, from, true, pull.epoch);
    }
  }
}

// A host that has not reached the sender's epoch yet may still hold the partition there: it
// neither drops nor confirms, and the sender tells it again.
void PartitionTransfer::on_release(HostId from, const Release& release) {
  if (host_.member() && release.epoch > host_.epoch()) {
    return;
  }
  host_.send_release_ack(from, release);
  for (PartitionId p : release.partitions) {
    if (p < kPartitionCount && host_.role(p) == PartitionRole::kNone &&
        host_.synced_epoch(p) != 0) {
      host_.drop_partition(p);
      host_.set_synced_epoch(p, 0);
    }
  }
}

// Re-asks hosts that did not answer a query, gives up stalled pulls.
void PartitionTransfer::retry_queries() {
  const TimePoint now = clock_.now();
  std::vector<PartitionId> list(querying_.begin(), querying_.end());
  for (PartitionId p : list) {
    Part& part = parts_[p];
    const PartitionPhase phase = host_.phase(p);
    if (phase == PartitionPhase::kQuerying && part.query) {
      if (part.query->asked_at + retransmit_ <= now) {
        ask_again(p, *part.query, now);
      }
      decide_query(p);
    } else if (phase == PartitionPhase::kPulling) {
      retry_pull(p, now);
    } else {
      querying_.erase(p);
    }
  }
}

void PartitionTransfer::ask_again(PartitionId p, Query& q, TimePoint now) {
  q.asked_at = now;
  for (const std::set<HostId>* group : {&q.required, &q.optional}) {
    for (HostId h : *group) {
      if (q.answers.count(h) == 0) {
        host_.send_query(h, SyncQuery{host_.epoch(), {p}});
      }
    }
  }
}

// Within an epoch a source keeps its stream until the copy is complete (only a view change,
// which restarts everything, ends it), so a silent pull only means the request or the stream's
// start was lost, or the source is busy: ask again, keep what arrived.
void PartitionTransfer::retry_pull(PartitionId p, TimePoint now) {
  Part& part = parts_[p];
  if (part.pull_asked_at + retransmit_ * kPullPatience <= now) {
    log::debug(kLog, "partition {}: no news from source host {}; asking again", p,
               part.pull_source);
    part.pull_asked_at = now;
    host_.send_pull(part.pull_source, PullRequest{host_.epoch(), {p}});
  }
}

void PartitionTransfer::reset() {
  for (Part& part : parts_) {
    part = Part{};
  }
  querying_.clear();
  releasing_.clear();
}

std::string PartitionTransfer::describe(PartitionId p) const {
  const Part& part = parts_[p];
  std::string out;
  if (part.query) {
    out += fmt::format("; query answers {} of {}+{}", part.query->answers.size(),
                       part.query->required.size(), part.query->optional.size());
  }
  if (host_.phase(p) == PartitionPhase::kPulling) {
    out += fmt::format("; pulling from {}", part.pull_source);
  }
  return out;
}

}  // namespace soss::core
