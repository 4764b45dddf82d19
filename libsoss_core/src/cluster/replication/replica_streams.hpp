// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// The ordered, acknowledged partition streams of one host: from a primary to each replica of the
// epoch (writes, and a snapshot when the replica's copy is not current), and from a source to a
// primary pulling a partition (a snapshot). Items are numbered from 1 (a hello), kept until
// acknowledged, re-sent after `retransmit`, at most `window` in flight per stream; snapshot
// chunks share a host-wide budget per kind. The receiving side applies items in order, holding
// the ones that arrive early.
// Needs: the Store (export, apply, drop a partition), a Clock, and a StreamHost to send items and
// acks through and to read a partition's write index. It decides nothing about roles or views:
// the host says which streams to open, which items to accept, and resets everything at a view
// change.
#pragma once

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "soss/core/cluster/cluster_message.hpp"
#include "soss/core/common/clock.hpp"
#include "soss/core/store/store.hpp"

namespace soss::core {

// What the streams need from the host that owns them. Called only from inside a ReplicaStreams
// call.
class StreamHost {
 public:
  virtual ~StreamHost() = default;
  // Queued for `to` (the host batches items and acks into one packet per peer).
  virtual void send_item(HostId to, StreamItem&& item) = 0;
  virtual void send_ack(HostId to, const StreamAck& ack) = 0;
  // The partition's writes executed here as primary in this epoch (a snapshot chunk brings the
  // receiver up to them).
  virtual std::uint64_t writes(PartitionId p) const = 0;
};

// Not thread-safe; owned by a ClusterHost (or a test), which calls it from its entry points.
class ReplicaStreams {
 public:
  struct Limits {
    std::chrono::milliseconds retransmit{200};  // re-send unacknowledged items after this
    std::size_t window = 8;                     // items in flight per stream
    std::size_t snapshot_chunk_bytes = std::size_t{256} * 1024;
    std::size_t snapshot_chunks_in_flight = 8;  // per kind (pulls, replica copies), all streams
  };
  // How this host holds the partition an accepted item is for; `synced_epoch` (the epoch its
  // copy is complete as of, 0 = not known complete) is the host's and updated here.
  struct Holding {
    bool replica = false;  // a replica of the partition (else a primary pulling it)
    std::uint64_t epoch = 0;
    std::uint64_t& synced_epoch;
  };

  ReplicaStreams(Limits limits, StreamHost& host, Store& store, const Clock& clock);

  // Opens a stream of partition `p` to `to` in `epoch` and sends its hello: to a replica
  // (`pull` false; a snapshot follows if its copy turns out not to be current) or a snapshot to
  // a pulling primary.
  void open(PartitionId p, HostId to, bool pull, std::uint64_t epoch);
  // A write's effects for every replica stream of `p`; `write_index` is the partition's write
  // count after it. Moves from `effects`.
  void queue(PartitionId p, std::vector<Effect>& effects, std::uint64_t write_index);
  // An item the host accepted (from the partition's primary or the pull's source); applies it in
  // order and acknowledges. True when the receiver's copy is complete.
  bool on_item(HostId from, const StreamItem& item, Holding holding);
  // True when the ack moved a stream on (the host may release responses); false for an unknown
  // stream, an old ack, or a finished pull stream (closed here).
  bool on_ack(HostId from, const StreamAck& ack);
  // Re-sends items unacknowledged for `retransmit`; drops pull streams nobody acknowledges.
  void retransmit();
  // Forgets every stream (a view change).
  void reset();

  // The writes of `p` every replica acknowledged as synced (`writes` when it has none).
  std::uint64_t acked_writes(PartitionId p, std::uint64_t writes) const {
    std::uint64_t upto = writes;
    for (const Outgoing& out : parts_[p].out) {
      if (!out.pull) {
        upto = std::min(upto, out.synced ? out.acked_writes : 0);
      }
    }
    return upto;
  }
  // Every replica stream of `p` says its copy is complete.
  bool replicas_synced(PartitionId p) const;
  bool has_pull(PartitionId p, HostId to, std::uint64_t epoch) const;
  // For diagnostics: each outgoing stream of `p`; `bad` is set when a replica is not synced.
  std::string describe(PartitionId p, bool& bad) const;
  std::size_t in_flight(PartitionId p, HostId to) const;
  std::uint64_t snapshot_bytes_sent() const { return snapshot_bytes_sent_; }
  std::uint64_t snapshots_sent() const { return snapshots_sent_; }

 private:
  // One ordered stream this host sends for one partition.
  struct Outgoing {
    struct Sent {
      StreamItem item;
      std::uint64_t write_index = 0;  // the partition's writes this item brings the receiver to
      TimePoint sent_at{};
      bool snapshot = false;  // a snapshot chunk: counts against the host's snapshot budget
    };
    HostId to = 0;
    std::uint64_t epoch = 0;
    bool pull = false;  // a snapshot for a pulling primary (not a replica of ours)
    std::uint64_t next_seq = 1;
    std::deque<std::pair<std::vector<Effect>, std::uint64_t>> queued;  // writes not yet sent
    std::deque<Sent> in_flight;
    std::uint64_t acked_seq = 0;
    TimePoint last_progress{};       // when an ack last moved acked_seq (or the stream opened)
    std::uint64_t acked_writes = 0;  // write index covered by the acknowledged items
    bool synced = false;             // the receiver says its copy is complete
    bool snapshotting = false;
    bool snapshot_begun = false;
    bool snapshot_sent = false;  // the last chunk went out
    std::string cursor;
  };
  // The stream this host receives for one partition.
  struct Incoming {
    HostId from = 0;
    std::uint64_t epoch = 0;
    std::uint64_t applied = 0;
    bool synced = false;
    std::map<std::uint64_t, StreamItem> early;  // arrived ahead of a missing item
  };
  struct PartitionStreams {
    std::vector<Outgoing> out;
    std::optional<Incoming> in;
  };

  // Which snapshot budget a stream's chunks count against: [0] pulls (a new primary waits for
  // them to serve), [1] replica copies. Each kind has its own budget, so rebuilding redundancy
  // never delays serving.
  static std::size_t budget_kind(const Outgoing& out) { return out.pull ? 0 : 1; }
  void pump(PartitionId p, Outgoing& out);
  void apply_item(PartitionId p, Incoming& in, const StreamItem& item, Holding holding);
  void resume_snapshots();

  Limits limits_;
  StreamHost& host_;
  Store& store_;
  const Clock& clock_;
  std::vector<PartitionStreams> parts_;
  std::set<PartitionId> streaming_;  // partitions with items in flight
  // Snapshot chunks sent and not yet acknowledged, and partitions with a stream waiting for the
  // budget, per kind (budget_kind).
  std::array<std::size_t, 2> snapshot_chunks_out_{};
  std::array<std::set<PartitionId>, 2> snapshot_waiting_;
  std::uint64_t snapshot_bytes_sent_ = 0;  // since start, accounted value and key bytes
  std::uint64_t snapshots_sent_ = 0;       // completed snapshot streams
};

}  // namespace soss::core
