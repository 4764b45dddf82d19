// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// ClusterHost: the ordered, acknowledged partition streams (primary -> replica, and a source's
// snapshot to a pulling primary). Items are numbered from 1, kept until acknowledged, re-sent
// after options.retransmit, at most options.stream_window in flight.
#include <algorithm>

#include "cluster/cluster_host_state.hpp"
#include "soss/core/common/log.hpp"

namespace soss::core {

namespace {
constexpr std::string_view kLog = "cluster";
constexpr std::size_t kMaxEarlyItems = 256;
constexpr int kAbandonedPullPeriods = 30;
}  // namespace

void ClusterHost::open_stream(PartitionId p, HostId to, bool pull, std::uint64_t epoch) {
  Partition& part = parts_[p];
  Outgoing out;
  out.to = to;
  out.epoch = epoch;
  out.pull = pull;
  out.snapshotting = pull;
  out.last_progress = clock_.now();
  StreamItem hello;
  hello.partition = p;
  hello.epoch = epoch;
  hello.seq = out.next_seq++;
  hello.primary_version = store_.partition_version(p);
  out.in_flight.push_back(Outgoing::Sent{hello, part.writes, clock_.now()});
  packet(to).items.push_back(std::move(hello));
  part.out.push_back(std::move(out));
  streaming_.insert(p);
  pump(p, part.out.back());
}

void ClusterHost::pump(PartitionId p, Outgoing& out) {
  Partition& part = parts_[p];
  while (out.in_flight.size() < options_.stream_window) {
    StreamItem item;
    item.partition = p;
    item.epoch = out.epoch;
    std::uint64_t write_index = 0;
    bool chunk = false;
    if (!out.queued.empty()) {
      for (auto& [effects, index] : out.queued) {
        std::move(effects.begin(), effects.end(), std::back_inserter(item.effects));
        write_index = index;
      }
      out.queued.clear();
    } else if (out.snapshotting && !out.snapshot_sent &&
               snapshot_chunks_out_[budget_kind(out)] >= options_.snapshot_chunks_in_flight) {
      snapshot_waiting_[budget_kind(out)].insert(p);
      break;
    } else if (out.snapshotting && !out.snapshot_sent) {
      item.reset = !out.snapshot_begun;
      out.snapshot_begun = true;
      item.effects = store_.export_partition(p, options_.snapshot_chunk_bytes, out.cursor);
      item.complete = out.cursor.empty();
      out.snapshot_sent = item.complete;
      for (const Effect& e : item.effects) {
        snapshot_bytes_sent_ += e.state ? e.state->value.size() + e.state->meta.key_name.size() : 0;
      }
      snapshots_sent_ += item.complete ? 1 : 0;
      chunk = true;
      ++snapshot_chunks_out_[budget_kind(out)];
      write_index = part.writes;
    } else {
      break;
    }
    item.seq = out.next_seq++;
    out.in_flight.push_back(Outgoing::Sent{item, write_index, clock_.now(), chunk});
    packet(out.to).items.push_back(std::move(item));
    streaming_.insert(p);
  }
}

void ClusterHost::on_item(HostId from, const StreamItem& item) {
  if (item.partition >= kPartitionCount || item.epoch != epoch_ || !member_) {
    return;
  }
  PartitionId p = item.partition;
  Partition& part = parts_[p];
  bool from_primary =
      part.role == PartitionRole::kReplica && membership_.map().primary_of(p) == from;
  bool from_source = part.phase == PartitionPhase::kPulling && part.pull_source == from;
  if (!from_primary && !from_source) {
    return;
  }
  if (!part.in || part.in->from != from || part.in->epoch != item.epoch) {
    part.in = Incoming{};
    part.in->from = from;
    part.in->epoch = item.epoch;
  }
  Incoming& in = *part.in;
  if (item.seq == in.applied + 1) {
    apply_item(p, in, item);
    for (auto it = in.early.find(in.applied + 1); it != in.early.end();
         it = in.early.find(in.applied + 1)) {
      StreamItem next = std::move(it->second);
      in.early.erase(it);
      apply_item(p, in, next);
    }
  } else if (item.seq > in.applied + 1 && in.early.size() < kMaxEarlyItems) {
    in.early.emplace(item.seq, item);
  }
  packet(from).acks.push_back(StreamAck{p, item.epoch, in.applied, in.synced});
  if (from_source && in.synced && part.phase == PartitionPhase::kPulling) {
    log::debug(kLog, "partition {} pulled from host {}", p, from);
    querying_.erase(p);
    become_serving(p);
  } else if (from_source) {
    part.pull_asked_at = clock_.now();  // progress: the pull is alive
  }
}

void ClusterHost::apply_item(PartitionId p, Incoming& in, const StreamItem& item) {
  Partition& part = parts_[p];
  if (item.seq == 1 && part.role == PartitionRole::kReplica) {
    if (part.synced_epoch == epoch_ && store_.partition_version(p) == item.primary_version) {
      in.synced = true;  // this copy was complete in the epoch before, and matches the primary's
    } else {
      // It missed writes of the epoch before (their acks were pending at the view change): not
      // a complete copy until the primary's snapshot arrives, so it must not claim to be one
      // (a later write would raise its version counter past the gap; found by seed 1327).
      part.synced_epoch = 0;
    }
  }
  if (item.reset) {
    (void)store_.drop_partition(p);
    part.synced_epoch = 0;
    in.synced = false;
  }
  Status s = store_.apply(item.effects);
  if (!s.is_ok()) {
    log::warn(kLog, "partition {}: {}", p, s.to_string());
  }
  if (item.complete) {
    in.synced = true;
    part.synced_epoch = epoch_;
  }
  in.applied = item.seq;
}

void ClusterHost::on_ack(HostId from, const StreamAck& ack) {
  if (ack.partition >= kPartitionCount) {
    return;
  }
  PartitionId p = ack.partition;
  Partition& part = parts_[p];
  auto it = std::find_if(part.out.begin(), part.out.end(),
                         [&](const Outgoing& o) { return o.to == from && o.epoch == ack.epoch; });
  if (it == part.out.end()) {
    return;
  }
  Outgoing& out = *it;
  bool freed = false;
  while (!out.in_flight.empty() && out.in_flight.front().item.seq <= ack.seq) {
    out.acked_writes = std::max(out.acked_writes, out.in_flight.front().write_index);
    if (out.in_flight.front().snapshot) {
      --snapshot_chunks_out_[budget_kind(out)];
      freed = true;
    }
    out.in_flight.pop_front();
  }
  if (freed) {
    resume_snapshots();
  }
  if (ack.seq < out.acked_seq) {
    return;  // an older ack, overtaken on the way: it says nothing new
  }
  if (ack.seq > out.acked_seq) {
    out.last_progress = clock_.now();
  }
  out.acked_seq = ack.seq;
  out.synced = ack.synced;
  if (!out.synced && !out.snapshotting) {
    out.snapshotting = true;  // the replica's copy is not current: send it a snapshot
  }
  if (out.pull && out.snapshot_sent && out.in_flight.empty()) {
    part.out.erase(it);
    return;
  }
  pump(p, out);
  release(p);
  maybe_release_others(p);
}

// Gives the snapshot budget freed by acknowledged chunks to the streams waiting for it.
void ClusterHost::resume_snapshots() {
  for (std::size_t kind = 0; kind < snapshot_waiting_.size(); ++kind) {
    std::set<PartitionId>& waiting = snapshot_waiting_[kind];
    while (!waiting.empty() && snapshot_chunks_out_[kind] < options_.snapshot_chunks_in_flight) {
      PartitionId p = *waiting.begin();
      waiting.erase(waiting.begin());
      for (Outgoing& out : parts_[p].out) {
        pump(p, out);
      }
    }
  }
}

void ClusterHost::retransmit() {
  TimePoint now = clock_.now();
  for (auto it = streaming_.begin(); it != streaming_.end();) {
    Partition& part = parts_[*it];
    bool any = false;
    // A pull stream nobody acknowledges any more (the puller moved on to another epoch, which
    // this host, not serving, will never see) is dropped, with its share of the budget.
    for (auto o = part.out.begin(); o != part.out.end();) {
      if (o->pull && !o->in_flight.empty() &&
          o->last_progress + options_.retransmit * kAbandonedPullPeriods <= now) {
        for (const Outgoing::Sent& sent : o->in_flight) {
          snapshot_chunks_out_[budget_kind(*o)] -= sent.snapshot ? 1 : 0;
        }
        o = part.out.erase(o);
        resume_snapshots();
      } else {
        ++o;
      }
    }
    for (Outgoing& out : part.out) {
      for (Outgoing::Sent& sent : out.in_flight) {
        any = true;
        if (sent.sent_at + options_.retransmit <= now) {
          sent.sent_at = now;
          packet(out.to).items.push_back(sent.item);
        }
      }
    }
    it = any ? std::next(it) : streaming_.erase(it);
  }
}

}  // namespace soss::core
