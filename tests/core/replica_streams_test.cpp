// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// ReplicaStreams (libsoss_core/src/cluster/replication/replica_streams.*) alone, on a fake host:
// the window, retransmission, acks, snapshots and their budget, items arriving out of order.
#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "cluster/replication/replica_streams.hpp"
#include "core/store_test_support.hpp"
#include "soss/core/common/clock.hpp"
#include "support/catch.hpp"

using namespace soss::core;
using soss::StatusCode;
using soss::core::store_test::make_request;
using soss::core::store_test::oid;
using soss::core::store_test::run;

namespace {

using std::chrono::milliseconds;

constexpr HostId kSelf = 1;
constexpr HostId kPeer = 2;
constexpr std::uint64_t kEpoch = 5;

// Records what the streams send; `writes` is what they read as the partition's write count.
struct FakeHost final : StreamHost {
  std::vector<std::pair<HostId, StreamItem>> items;
  std::vector<std::pair<HostId, StreamAck>> acks;
  std::uint64_t write_count = 0;

  void send_item(HostId to, StreamItem&& item) override { items.emplace_back(to, std::move(item)); }
  void send_ack(HostId to, const StreamAck& ack) override { acks.emplace_back(to, ack); }
  std::uint64_t writes(PartitionId) const override { return write_count; }
};

ReplicaStreams::Limits limits(std::size_t window, std::size_t chunks_in_flight = 8) {
  ReplicaStreams::Limits l;
  l.retransmit = milliseconds(200);
  l.window = window;
  l.snapshot_chunk_bytes = 1;  // one object per chunk
  l.snapshot_chunks_in_flight = chunks_in_flight;
  return l;
}

std::vector<Effect> one_effect(PartitionId) {
  std::vector<Effect> effects(1);
  effects[0].id = oid("ns", "x");
  return effects;
}

StreamAck ack_of(PartitionId p, std::uint64_t seq, bool synced) {
  return StreamAck{p, kEpoch, seq, synced};
}

// `n` keys of namespace "ns" in one partition (returned in `p`).
std::vector<std::string> keys_in_one_partition(std::size_t n, PartitionId& p) {
  std::map<PartitionId, std::vector<std::string>> by_partition;
  for (int i = 0;; ++i) {
    std::string key = "k" + std::to_string(i);
    std::vector<std::string>& keys = by_partition[partition_of(oid("ns", key))];
    keys.push_back(key);
    if (keys.size() == n) {
      p = partition_of(oid("ns", key));
      return keys;
    }
  }
}

// Puts `n` objects into one partition of `store` (returned in `p`) and returns their keys; each
// value is "value", or `value_prefix` + its key when a prefix is given.
std::vector<std::string> fill_one_partition(Store& store, std::size_t n, PartitionId& p,
                                            const std::string& value_prefix = "") {
  std::vector<std::string> keys = keys_in_one_partition(n, p);
  for (const std::string& key : keys) {
    std::string value = value_prefix.empty() ? "value" : value_prefix + key;
    REQUIRE(run(store, make_request(OpCode::kPut, "ns", key, value)).code == StatusCode::kAdded);
  }
  return keys;
}

struct Fixture {
  ManualClock clock;
  Store store{clock, StoreOptions{}};
  FakeHost host;
};

}  // namespace

TEST_CASE("replica streams: at most `window` items in flight; the rest goes out in one item",
          "[core][cluster][streams]") {
  Fixture f;
  ReplicaStreams streams(limits(4), f.host, f.store, f.clock);
  const PartitionId p = 7;
  streams.open(p, kPeer, false, kEpoch);
  REQUIRE(f.host.items.size() == 1);  // the hello
  CHECK(f.host.items[0].second.seq == 1);
  CHECK(f.host.items[0].second.effects.empty());
  for (std::uint64_t w = 1; w <= 6; ++w) {
    std::vector<Effect> effects = one_effect(p);
    streams.queue(p, effects, w);
  }
  // Hello + writes 1-3 fill the window; writes 4-6 wait.
  REQUIRE(f.host.items.size() == 4);
  CHECK(streams.in_flight(p, kPeer) == 4);
  CHECK(streams.acked_writes(p, 6) == 0);  // not synced yet: nothing counts

  CHECK(streams.on_ack(kPeer, ack_of(p, 2, true)));
  CHECK(streams.acked_writes(p, 6) == 1);  // item 2 carried write 1
  REQUIRE(f.host.items.size() == 5);
  const StreamItem& merged = f.host.items.back().second;
  CHECK(merged.seq == 5);
  CHECK(merged.effects.size() == 3);  // writes 4, 5 and 6 together
  CHECK(streams.in_flight(p, kPeer) == 3);

  CHECK(streams.on_ack(kPeer, ack_of(p, 5, true)));
  CHECK(streams.in_flight(p, kPeer) == 0);
  CHECK(streams.acked_writes(p, 6) == 6);
  CHECK(streams.replicas_synced(p));
}

TEST_CASE("replica streams: unacknowledged items are re-sent after the retransmit period",
          "[core][cluster][streams]") {
  Fixture f;
  ReplicaStreams streams(limits(8), f.host, f.store, f.clock);
  const PartitionId p = 3;
  streams.open(p, kPeer, false, kEpoch);
  std::vector<Effect> effects = one_effect(p);
  streams.queue(p, effects, 1);
  REQUIRE(f.host.items.size() == 2);

  f.clock.advance(milliseconds(199));
  streams.retransmit();
  CHECK(f.host.items.size() == 2);
  f.clock.advance(milliseconds(1));
  streams.retransmit();
  REQUIRE(f.host.items.size() == 4);
  CHECK(f.host.items[2].first == kPeer);
  CHECK(f.host.items[2].second.seq == 1);
  CHECK(f.host.items[3].second.seq == 2);
  CHECK(f.host.items[3].second.effects.size() == 1);

  // Acknowledged items are not sent again.
  CHECK(streams.on_ack(kPeer, ack_of(p, 2, true)));
  f.clock.advance(milliseconds(1000));
  streams.retransmit();
  CHECK(f.host.items.size() == 4);
}

TEST_CASE("replica streams: acks release in-flight items; old and unknown acks change nothing",
          "[core][cluster][streams]") {
  Fixture f;
  ReplicaStreams streams(limits(8), f.host, f.store, f.clock);
  const PartitionId p = 11;
  streams.open(p, kPeer, false, kEpoch);
  for (std::uint64_t w = 1; w <= 3; ++w) {
    std::vector<Effect> effects = one_effect(p);
    streams.queue(p, effects, w);
  }
  REQUIRE(streams.in_flight(p, kPeer) == 4);
  CHECK_FALSE(streams.on_ack(9, ack_of(p, 4, true)));                     // no stream to host 9
  CHECK_FALSE(streams.on_ack(kPeer, StreamAck{p, kEpoch + 1, 4, true}));  // another epoch
  CHECK(streams.in_flight(p, kPeer) == 4);

  CHECK(streams.on_ack(kPeer, ack_of(p, 3, true)));
  CHECK(streams.in_flight(p, kPeer) == 1);
  CHECK(streams.acked_writes(p, 3) == 2);
  CHECK_FALSE(streams.on_ack(kPeer, ack_of(p, 2, true)));  // overtaken on the way
  CHECK(streams.acked_writes(p, 3) == 2);

  streams.reset();
  CHECK(streams.in_flight(p, kPeer) == 0);
  CHECK(streams.acked_writes(p, 3) == 3);  // no replica streams: every write counts
}

TEST_CASE("replica streams: a replica that says it is not current gets a snapshot",
          "[core][cluster][streams]") {
  Fixture f;
  ReplicaStreams streams(limits(8), f.host, f.store, f.clock);
  PartitionId p = 0;
  fill_one_partition(f.store, 2, p);
  f.host.write_count = 4;
  streams.open(p, kPeer, false, kEpoch);
  REQUIRE(f.host.items.size() == 1);
  CHECK(streams.on_ack(kPeer, ack_of(p, 1, false)));
  CHECK_FALSE(streams.replicas_synced(p));
  REQUIRE(f.host.items.size() == 3);  // two chunks of one object each
  CHECK(f.host.items[1].second.reset);
  CHECK_FALSE(f.host.items[1].second.complete);
  CHECK_FALSE(f.host.items[2].second.reset);
  CHECK(f.host.items[2].second.complete);
  CHECK(streams.snapshots_sent() == 1);
  CHECK(streams.snapshot_bytes_sent() == 10);  // two values of 5 bytes

  CHECK(streams.on_ack(kPeer, ack_of(p, 3, true)));
  CHECK(streams.replicas_synced(p));
  CHECK(streams.acked_writes(p, 4) == 4);  // the snapshot brought the replica up to write 4
}

TEST_CASE("replica streams: items arriving early are held and applied in order",
          "[core][cluster][streams]") {
  Fixture source;
  ReplicaStreams sending(limits(16), source.host, source.store, source.clock);
  PartitionId p = 0;
  std::vector<std::string> keys = fill_one_partition(source.store, 3, p, "v-");
  sending.open(p, kPeer, true, kEpoch);  // a pull: hello and the snapshot at once
  REQUIRE(source.host.items.size() == 4);
  CHECK(sending.has_pull(p, kPeer, kEpoch));

  Fixture target;
  ReplicaStreams receiving(limits(16), target.host, target.store, target.clock);
  std::uint64_t synced_epoch = 0;
  const ReplicaStreams::Holding holding{false, kEpoch, synced_epoch};
  for (std::size_t i = source.host.items.size(); i-- > 1;) {
    CHECK_FALSE(receiving.on_item(kSelf, source.host.items[i].second, holding));
  }
  // Nothing applied while item 1 is missing.
  REQUIRE(target.host.acks.size() == 3);
  CHECK(target.host.acks.back().second.seq == 0);
  CHECK(run(target.store, make_request(OpCode::kRead, "ns", keys[0])).code ==
        StatusCode::kNotFound);

  CHECK(receiving.on_item(kSelf, source.host.items[0].second, holding));
  const StreamAck& last = target.host.acks.back().second;
  CHECK(last.seq == 4);
  CHECK(last.synced);
  CHECK(synced_epoch == kEpoch);
  for (const std::string& key : keys) {
    Response r = run(target.store, make_request(OpCode::kRead, "ns", key));
    CHECK(r.code == StatusCode::kRetrieved);
    CHECK(r.value == "v-" + key);
  }
  CHECK(target.store.partition_version(p) == source.store.partition_version(p));

  // The puller's last ack ends the pull stream.
  CHECK_FALSE(sending.on_ack(kPeer, last));
  CHECK_FALSE(sending.has_pull(p, kPeer, kEpoch));
}

TEST_CASE("replica streams: a replica's hello alone makes a current copy synced",
          "[core][cluster][streams]") {
  Fixture f;
  ReplicaStreams receiving(limits(8), f.host, f.store, f.clock);
  const PartitionId p = 9;
  StreamItem hello;
  hello.partition = p;
  hello.epoch = kEpoch;
  hello.seq = 1;
  hello.primary_version = f.store.partition_version(p);

  std::uint64_t synced_epoch = kEpoch;  // complete as of this epoch, same version: current
  CHECK(receiving.on_item(kSelf, hello, ReplicaStreams::Holding{true, kEpoch, synced_epoch}));
  CHECK(synced_epoch == kEpoch);

  // Another primary (a new stream) whose version differs: this copy missed writes.
  hello.primary_version += 1;
  CHECK_FALSE(receiving.on_item(kPeer, hello, ReplicaStreams::Holding{true, kEpoch, synced_epoch}));
  CHECK(synced_epoch == 0);
  CHECK(f.host.acks.back().first == kPeer);
  CHECK_FALSE(f.host.acks.back().second.synced);
}

TEST_CASE("replica streams: snapshot chunks of all streams share the budget",
          "[core][cluster][streams]") {
  Fixture f;
  ReplicaStreams streams(limits(8, 1), f.host, f.store, f.clock);
  PartitionId p = 0;
  fill_one_partition(f.store, 2, p);
  const PartitionId q = p == 0 ? 1 : 0;  // empty: one chunk, nothing in it
  streams.open(p, kPeer, true, kEpoch);
  streams.open(q, 3, true, kEpoch);
  // Hellos for both, one chunk of p; q waits for the budget.
  REQUIRE(f.host.items.size() == 3);
  CHECK(f.host.items[1].second.partition == p);
  CHECK(f.host.items[1].second.reset);
  CHECK(streams.in_flight(q, 3) == 1);

  // Acking p's chunk frees the budget for one more chunk (of p or q), not two.
  CHECK(streams.on_ack(kPeer, StreamAck{p, kEpoch, 2, false}));
  REQUIRE(f.host.items.size() == 4);
  const StreamItem first = f.host.items[3].second;
  CHECK(first.seq >= 2);
  CHECK(first.complete);
  (void)streams.on_ack(f.host.items[3].first, StreamAck{first.partition, kEpoch, first.seq, true});
  REQUIRE(f.host.items.size() == 5);
  CHECK(f.host.items[4].second.partition != first.partition);
  CHECK(f.host.items[4].second.complete);
}
