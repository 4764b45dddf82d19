// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// ClusterHost: how a primary comes to hold a complete copy (query every host for the epoch its
// copy is complete as of, pull the most recent), starts serving and building its replicas, and
// finally releases the copies the old holders kept.
#include <iterator>

#include "cluster/cluster_host_state.hpp"
#include "cluster/replication/replica_streams.hpp"
#include "soss/core/common/log.hpp"

namespace soss::core {

namespace {
constexpr std::string_view kLog = "cluster";
// A pull that makes no progress for this many retransmit periods is given up and re-queried.
constexpr int kPullPatience = 10;
// Members of the previous view (they may have left with the freshest copy) are waited for this
// many retransmit periods after every member of the current view answered.
constexpr int kFormerMemberGrace = 3;
// A Release to a host outside the view (a host that left) is repeated this many retransmit
// periods at most: it may be gone for good. Members are told until they confirm.
constexpr std::uint32_t kReleaseTriesOutsideView = 50;

template <typename T>
T& batch_for(std::vector<T>& list, std::uint64_t epoch) {
  if (list.empty() || list.back().epoch != epoch) {
    list.push_back(T{});
    list.back().epoch = epoch;
  }
  return list.back();
}
}  // namespace

void ClusterHost::become_serving(PartitionId p) {
  Partition& part = parts_[p];
  part.phase = PartitionPhase::kServing;
  part.synced_epoch = epoch_;
  part.query.reset();
  part.pull_source = 0;
  querying_.erase(p);
  store_.set_ticking(p, true);
  ++serving_count_;
  for (HostId replica : membership_.map().replicas_of(p)) {
    streams_->open(p, replica, false, epoch_);
  }
  check_links(p);
  maybe_release_others(p);
}

// Once every replica of the epoch is complete, the hosts that held the partition before and
// hold it no more may forget their copies.
void ClusterHost::maybe_release_others(PartitionId p) {
  Partition& part = parts_[p];
  if (part.released_others || part.phase != PartitionPhase::kServing) {
    return;
  }
  if (!streams_->replicas_synced(p)) {
    return;
  }
  part.released_others = true;
  const PartitionMap& map = membership_.map();
  part.releasing.clear();
  for (const Member& m : current_view_.members) {
    if (m.id != membership_.self() && !map.holds(p, m.id)) {
      part.releasing.insert(m.id);
    }
  }
  for (const Member& m : previous_view_.members) {
    if (!current_view_.contains(m.id) && m.id != membership_.self()) {
      part.releasing.insert(m.id);
    }
  }
  part.release_tries = 0;
  for (HostId h : part.releasing) {
    batch_for(packet(h).releases, epoch_).partitions.push_back(p);
  }
  part.release_sent_at = clock_.now();
  if (!part.releasing.empty()) {
    releasing_.insert(p);
  }
}

// Releases are told again until each host confirms (a lost Release would leave a stale copy in
// that host's memory until the next view change); hosts outside the view only for a while.
void ClusterHost::resend_releases() {
  const TimePoint now = clock_.now();
  for (auto it = releasing_.begin(); it != releasing_.end();) {
    Partition& part = parts_[*it];
    if (!part.releasing.empty() && part.release_sent_at + options_.retransmit <= now) {
      part.release_sent_at = now;
      if (++part.release_tries >= kReleaseTriesOutsideView) {
        std::erase_if(part.releasing, [&](HostId h) { return !current_view_.contains(h); });
      }
      for (HostId h : part.releasing) {
        batch_for(packet(h).releases, epoch_).partitions.push_back(*it);
      }
    }
    it = part.releasing.empty() ? releasing_.erase(it) : std::next(it);
  }
}

void ClusterHost::on_release_ack(HostId from, const Release& ack) {
  if (ack.epoch != epoch_) {
    return;
  }
  for (PartitionId p : ack.partitions) {
    if (p < kPartitionCount) {
      parts_[p].releasing.erase(from);
    }
  }
}

void ClusterHost::start_query(PartitionId p) {
  Partition& part = parts_[p];
  part.phase = PartitionPhase::kQuerying;
  part.pull_source = 0;
  Query q;
  HostId self = membership_.self();
  for (const Member& m : current_view_.members) {
    if (m.id != self) {
      q.required.insert(m.id);
    }
  }
  for (const Member& m : previous_view_.members) {
    if (m.id != self && !current_view_.contains(m.id)) {
      q.optional.insert(m.id);
    }
  }
  q.asked_at = clock_.now();
  for (HostId h : q.required) {
    batch_for(packet(h).queries, epoch_).partitions.push_back(p);
  }
  for (HostId h : q.optional) {
    batch_for(packet(h).queries, epoch_).partitions.push_back(p);
  }
  part.query = std::move(q);
  querying_.insert(p);
  decide_query(p);
}

bool ClusterHost::answers_for(std::uint64_t lineage, std::uint64_t epoch) const {
  // A host still acting on an older epoch could be accepting writes for the partition: it
  // answers only once it caught up (or when it serves nothing at all).
  return lineage == lineage_ && (epoch_ >= epoch || !membership_.serving());
}

void ClusterHost::on_query(HostId from, const SyncQuery& query) {
  if (!answers_for(lineage_, query.epoch)) {
    return;
  }
  SyncInfo& info = batch_for(packet(from).infos, query.epoch);
  for (PartitionId p : query.partitions) {
    if (p < kPartitionCount) {
      info.answers.push_back(SyncAnswer{p, parts_[p].synced_epoch});
    }
  }
}

void ClusterHost::on_info(HostId from, const SyncInfo& info) {
  if (info.epoch != epoch_) {
    return;
  }
  for (const SyncAnswer& a : info.answers) {
    if (a.partition >= kPartitionCount) {
      continue;
    }
    Partition& part = parts_[a.partition];
    if (part.phase == PartitionPhase::kQuerying && part.query) {
      part.query->answers[from] = a.synced_epoch;
      decide_query(a.partition);
    } else if (part.phase == PartitionPhase::kPulling && from == part.pull_source &&
               a.synced_epoch == 0) {
      log::debug(kLog, "partition {}: source host {} no longer holds it; asking every host again",
                 a.partition, from);
      start_query(a.partition);
    }
  }
}

void ClusterHost::decide_query(PartitionId p) {
  Partition& part = parts_[p];
  if (part.phase != PartitionPhase::kQuerying || !part.query) {
    return;
  }
  Query& q = *part.query;
  for (HostId h : q.required) {
    if (q.answers.count(h) == 0) {
      return;
    }
  }
  TimePoint now = clock_.now();
  if (!q.required_done_at) {
    q.required_done_at = now;
  }
  bool all_optional = true;
  for (HostId h : q.optional) {
    all_optional = all_optional && q.answers.count(h) != 0;
  }
  if (!all_optional && now < *q.required_done_at + options_.retransmit * kFormerMemberGrace) {
    return;
  }
  HostId best_host = membership_.self();
  std::uint64_t best = part.synced_epoch;
  for (const auto& [h, e] : q.answers) {
    if (e > best) {
      best = e;
      best_host = h;
    }
  }
  if (best == 0 || best_host == membership_.self()) {
    if (best == 0) {
      (void)store_.drop_partition(p);  // nobody has a complete copy: the partition starts empty
      log::debug(kLog, "partition {}: no complete copy anywhere; starting empty", p);
    }
    become_serving(p);
    return;
  }
  part.phase = PartitionPhase::kPulling;
  part.pull_source = best_host;
  part.pull_asked_at = now;
  part.query.reset();
  batch_for(packet(best_host).pulls, epoch_).partitions.push_back(p);
}

void ClusterHost::on_pull(HostId from, const PullRequest& pull) {
  // A serving host streams only to a puller of its own epoch: a puller behind it would ignore
  // the stream once it catches up, and ask again then.
  if (!answers_for(lineage_, pull.epoch) || (membership_.serving() && pull.epoch != epoch_)) {
    return;
  }
  for (PartitionId p : pull.partitions) {
    if (p >= kPartitionCount) {
      continue;
    }
    if (parts_[p].synced_epoch == 0) {
      // No complete copy any more (dropped since this host answered the query, e.g. when it
      // rejoined as a new member): say so, and the puller asks every host again.
      batch_for(packet(from).infos, pull.epoch).answers.push_back(SyncAnswer{p, 0});
      continue;
    }
    if (!streams_->has_pull(p, from, pull.epoch)) {
      streams_->open(p, from, true, pull.epoch);
    }
  }
}

// A host that has not reached the sender's epoch yet may still hold the partition there: it
// neither drops nor confirms, and the sender tells it again.
void ClusterHost::on_release(HostId from, const Release& release) {
  if (member_ && release.epoch > epoch_) {
    return;
  }
  Release& ack = batch_for(packet(from).release_acks, release.epoch);
  ack.partitions.insert(ack.partitions.end(), release.partitions.begin(), release.partitions.end());
  for (PartitionId p : release.partitions) {
    if (p < kPartitionCount && parts_[p].role == PartitionRole::kNone &&
        parts_[p].synced_epoch != 0) {
      (void)store_.drop_partition(p);
      parts_[p].synced_epoch = 0;
    }
  }
}

// Re-asks hosts that did not answer a query, gives up stalled pulls.
void ClusterHost::retry_queries() {
  TimePoint now = clock_.now();
  std::vector<PartitionId> list(querying_.begin(), querying_.end());
  for (PartitionId p : list) {
    Partition& part = parts_[p];
    if (part.phase == PartitionPhase::kQuerying && part.query) {
      Query& q = *part.query;
      if (q.asked_at + options_.retransmit <= now) {
        q.asked_at = now;
        for (const std::set<HostId>* group : {&q.required, &q.optional}) {
          for (HostId h : *group) {
            if (q.answers.count(h) == 0) {
              batch_for(packet(h).queries, epoch_).partitions.push_back(p);
            }
          }
        }
      }
      decide_query(p);
    } else if (part.phase == PartitionPhase::kPulling) {
      // Within an epoch a source keeps its stream until the copy is complete (only a view
      // change, which restarts everything, ends it), so a silent pull only means the request or
      // the stream's start was lost, or the source is busy: ask again, keep what arrived.
      if (part.pull_asked_at + options_.retransmit * kPullPatience <= now) {
        log::debug(kLog, "partition {}: no news from source host {}; asking again", p,
                   part.pull_source);
        part.pull_asked_at = now;
        batch_for(packet(part.pull_source).pulls, epoch_).partitions.push_back(p);
      }
    } else {
      querying_.erase(p);
    }
  }
}

}  // namespace soss::core
