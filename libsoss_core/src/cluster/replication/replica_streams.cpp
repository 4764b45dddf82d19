// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "cluster/replication/replica_streams.hpp"

#include <algorithm>
#include <iterator>

#include <fmt/format.h>

#include "soss/core/common/log.hpp"

namespace soss::core {

namespace {
constexpr std::string_view kLog = "cluster";
constexpr std::size_t kMaxEarlyItems = 256;
constexpr int kAbandonedPullPeriods = 30;
}  // namespace

ReplicaStreams::ReplicaStreams(Limits limits, StreamHost& host, Store& store, const Clock& clock)
    : limits_(limits), host_(host), store_(store), clock_(clock), parts_(kPartitionCount) {}

void ReplicaStreams::open(PartitionId p, HostId to, bool pull, std::uint64_t epoch) {
  PartitionStreams& part = parts_[p];
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
  out.in_flight.push_back(Outgoing::Sent{hello, host_.writes(p), clock_.now()});
  host_.send_item(to, std::move(hello));
  part.out.push_back(std::move(out));
  streaming_.insert(p);
  pump(p, part.out.back());
}

void ReplicaStreams::queue(PartitionId p, std::vector<Effect>& effects, std::uint64_t write_index) {
  std::vector<Outgoing>& outs = parts_[p].out;
  std::size_t replicas = 0;
  for (const Outgoing& out : outs) {
    replicas += out.pull ? 0 : 1;
  }
  for (Outgoing& out : outs) {
    if (!out.pull) {
      // The last replica's stream takes the list itself, the others a copy (tidy cannot see
      // that the move happens on the last pass only).
      // NOLINTNEXTLINE(bugprone-use-after-move)
      out.queued.emplace_back(--replicas == 0 ? std::move(effects) : effects, write_index);
      pump(p, out);
    }
  }
}

void ReplicaStreams::pump(PartitionId p, Outgoing& out) {
  while (out.in_flight.size() < limits_.window) {
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
               snapshot_chunks_out_[budget_kind(out)] >= limits_.snapshot_chunks_in_flight) {
      snapshot_waiting_[budget_kind(out)].insert(p);
      break;
    } else if (out.snapshotting && !out.snapshot_sent) {
      item.reset = !out.snapshot_begun;
      out.snapshot_begun = true;
      item.effects = store_.export_partition(p, limits_.snapshot_chunk_bytes, out.cursor);
      item.complete = out.cursor.empty();
      out.snapshot_sent = item.complete;
      for (const Effect& e : item.effects) {
        snapshot_bytes_sent_ += e.state ? e.state->value.size() + e.state->meta.key_name.size() : 0;
      }
      snapshots_sent_ += item.complete ? 1 : 0;
      chunk = true;
      ++snapshot_chunks_out_[budget_kind(out)];
      write_index = host_.writes(p);
    } else {
      break;
    }
    item.seq = out.next_seq++;
    out.in_flight.push_back(Outgoing::Sent{item, write_index, clock_.now(), chunk});
    host_.send_item(out.to, std::move(item));
    streaming_.insert(p);
  }
}

bool ReplicaStreams::on_item(HostId from, const StreamItem& item, Holding holding) {
  const PartitionId p = item.partition;
  std::optional<Incoming>& slot = parts_[p].in;
  if (!slot || slot->from != from || slot->epoch != item.epoch) {
    slot = Incoming{};
    slot->from = from;
    slot->epoch = item.epoch;
  }
  Incoming& in = *slot;
  if (item.seq == in.applied + 1) {
    apply_item(p, in, item, holding);
    for (auto it = in.early.find(in.applied + 1); it != in.early.end();
         it = in.early.find(in.applied + 1)) {
      StreamItem next = std::move(it->second);
      in.early.erase(it);
      apply_item(p, in, next, holding);
    }
  } else if (item.seq > in.applied + 1 && in.early.size() < kMaxEarlyItems) {
    in.early.emplace(item.seq, item);
  }
  host_.send_ack(from, StreamAck{p, item.epoch, in.applied, in.synced});
  return in.synced;
}

void ReplicaStreams::apply_item(PartitionId p, Incoming& in, const StreamItem& item,
                                Holding holding) {
  if (item.seq == 1 && holding.replica) {
    if (holding.synced_epoch == holding.epoch &&
        store_.partition_version(p) == item.primary_version) {
      in.synced = true;  // this copy was complete in the epoch before, and matches the primary's
    } else {
      // It missed writes of the epoch before (their acks were pending at the view change): not
      // a complete copy until the primary's snapshot arrives, so it must not claim to be one
      // (a later write would raise its version counter past the gap; found by seed 1327).
      holding.synced_epoch = 0;
    }
  }
  if (item.reset) {
    (void)store_.drop_partition(p);
    holding.synced_epoch = 0;
    in.synced = false;
  }
  Status s = store_.apply(item.effects);
  if (!s.is_ok()) {
    log::warn(kLog, "partition {}: {}", p, s.to_string());
  }
  if (item.complete) {
    in.synced = true;
    holding.synced_epoch = holding.epoch;
  }
  in.applied = item.seq;
}

bool ReplicaStreams::on_ack(HostId from, const StreamAck& ack) {
  std::vector<Outgoing>& outs = parts_[ack.partition].out;
  auto it = std::find_if(outs.begin(), outs.end(),
                         [&](const Outgoing& o) { return o.to == from && o.epoch == ack.epoch; });
  if (it == outs.end()) {
    return false;
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
    return false;  // an older ack, overtaken on the way: it says nothing new
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
    outs.erase(it);
    return false;
  }
  pump(ack.partition, out);
  return true;
}

// Gives the snapshot budget freed by acknowledged chunks to the streams waiting for it.
void ReplicaStreams::resume_snapshots() {
  for (std::size_t kind = 0; kind < snapshot_waiting_.size(); ++kind) {
    std::set<PartitionId>& waiting = snapshot_waiting_[kind];
    while (!waiting.empty() && snapshot_chunks_out_[kind] < limits_.snapshot_chunks_in_flight) {
      PartitionId p = *waiting.begin();
      waiting.erase(waiting.begin());
      for (Outgoing& out : parts_[p].out) {
        pump(p, out);
      }
    }
  }
}

void ReplicaStreams::retransmit() {
  const TimePoint now = clock_.now();
  for (auto it = streaming_.begin(); it != streaming_.end();) {
    std::vector<Outgoing>& outs = parts_[*it].out;
    bool any = false;
    // A pull stream nobody acknowledges any more (the puller moved on to another epoch, which
    // this host, not serving, will never see) is dropped, with its share of the budget.
    for (auto o = outs.begin(); o != outs.end();) {
      if (o->pull && !o->in_flight.empty() &&
          o->last_progress + limits_.retransmit * kAbandonedPullPeriods <= now) {
        for (const Outgoing::Sent& sent : o->in_flight) {
          snapshot_chunks_out_[budget_kind(*o)] -= sent.snapshot ? 1 : 0;
        }
        o = outs.erase(o);
        resume_snapshots();
      } else {
        ++o;
      }
    }
    for (Outgoing& out : outs) {
      for (Outgoing::Sent& sent : out.in_flight) {
        any = true;
        if (sent.sent_at + limits_.retransmit <= now) {
          sent.sent_at = now;
          host_.send_item(out.to, StreamItem(sent.item));
        }
      }
    }
    it = any ? std::next(it) : streaming_.erase(it);
  }
}

void ReplicaStreams::reset() {
  for (PartitionStreams& part : parts_) {
    part.out.clear();
    part.in.reset();
  }
  streaming_.clear();
  snapshot_waiting_ = {};
  snapshot_chunks_out_ = {};
}

bool ReplicaStreams::replicas_synced(PartitionId p) const {
  return std::all_of(parts_[p].out.begin(), parts_[p].out.end(),
                     [](const Outgoing& out) { return out.pull || out.synced; });
}

bool ReplicaStreams::has_pull(PartitionId p, HostId to, std::uint64_t epoch) const {
  return std::any_of(parts_[p].out.begin(), parts_[p].out.end(), [&](const Outgoing& out) {
    return out.pull && out.to == to && out.epoch == epoch;
  });
}

std::string ReplicaStreams::describe(PartitionId p, bool& bad) const {
  std::string text;
  for (const Outgoing& o : parts_[p].out) {
    text +=
        fmt::format("; to {} pull {} synced {} acked {} in_flight {} snap {}/{}", o.to, o.pull,
                    o.synced, o.acked_seq, o.in_flight.size(), o.snapshot_begun, o.snapshot_sent);
    bad = bad || (!o.pull && !o.synced);
  }
  return text;
}

std::size_t ReplicaStreams::in_flight(PartitionId p, HostId to) const {
  std::size_t n = 0;
  for (const Outgoing& o : parts_[p].out) {
    n += o.to == to ? o.in_flight.size() : 0;
  }
  return n;
}

}  // namespace soss::core
