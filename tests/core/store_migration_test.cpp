// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// Migration: a partition exported in chunks and imported with apply() elsewhere, and dropped.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "soss/core/common/clock.hpp"
#include "soss/core/store/store.hpp"
#include "store_replication_support.hpp"
#include "store_test_support.hpp"
#include "support/catch.hpp"

using namespace soss;
using namespace soss::core;
using namespace soss::core::store_test;

namespace {

const std::string kMigA = "mig-a";
const std::string kMigB = "mig-b";

// A store with objects of every kind in one partition (locked, with timeouts of each type,
// indexed, dependent), linked to objects of other partitions both ways.
struct MigrationFixture {
  ManualClock clock;
  Store source{clock, StoreOptions{}};
  PartitionId partition = partition_of(oid(kMigA, "anchor"));
  std::vector<std::string> keys_a = keys_in(partition, kMigA, "a", 10);
  std::vector<std::string> keys_b = keys_in(partition, kMigB, "b", 4);
  ObjectId outside_child = oid(kMigA, "outside-child");
  ObjectId outside_parent = oid(kMigA, "outside-parent");
  LockTicket ticket = 0;

  MigrationFixture() {
    REQUIRE(partition_of(outside_child) != partition);
    REQUIRE(partition_of(outside_parent) != partition);
    run(source, make_request(OpCode::kPut, kMigA, "outside-parent", "p"));
    for (std::size_t i = 0; i < keys_a.size(); ++i) {
      Request r = make_request(OpCode::kPut, kMigA, keys_a[i], std::string(50 + 20 * i, 'v'),
                               KeyName::kSend);
      r.ns_name = kMigA;
      r.policy.timeout_s = static_cast<std::uint32_t>(i % 4);
      r.policy.timeout_type = static_cast<TimeoutType>(i % 3);
      r.indexes = {i % 2 == 0 ? "red" : "blue"};
      if (i == 1) {
        r.policy.parents = {oid(kMigA, keys_a[0])};
      } else if (i == 2) {
        r.policy.parents = {outside_parent};
      }
      REQUIRE(run(source, r).code == StatusCode::kAdded);
    }
    for (const std::string& key : keys_b) {
      Request r = make_request(OpCode::kPut, kMigB, key, "b");
      r.ns_name = kMigB;
      r.policy.priority = Priority::kNotRemovable;
      REQUIRE(run(source, r).code == StatusCode::kAdded);
    }
    Request child = make_request(OpCode::kPut, kMigA, "outside-child", "c");
    child.policy.parents = {oid(kMigA, keys_a[0])};
    run(source, child);
    ticket = run(source, make_request(OpCode::kLock, kMigA, keys_a[3])).ticket;
    REQUIRE(ticket != 0);
    REQUIRE(run(source, make_request(OpCode::kRemove, kMigA, keys_a[9])).code ==
            StatusCode::kRemoved);
    clock.advance(TimePoint(700));
  }

  Request locked_request(OpCode op) {
    Request r = make_request(op, kMigA, keys_a[3]);
    r.ticket = ticket;
    return r;
  }
};

}  // namespace

TEST_CASE_METHOD(MigrationFixture, "a partition exported in small chunks rebuilds it elsewhere",
                 "[core][replication]") {
  ManualClock target_clock{TimePoint(50'000'000)};
  Store target{target_clock, StoreOptions{}};
  std::string cursor;
  int chunks = 0;
  do {
    std::vector<Effect> chunk = source.export_partition(partition, 400, cursor);
    REQUIRE_FALSE(chunk.empty());
    REQUIRE(target.apply(chunk).is_ok());
    REQUIRE(++chunks < 100);
  } while (!cursor.empty());
  CHECK(chunks >= 4);
  const std::set<PartitionId> only{partition};
  const Snapshot copied = snapshot_of(source, only);
  CHECK(copied.objects.size() == keys_a.size() - 1 + keys_b.size());
  // Links to objects outside the partition are part of the copy: once it is promoted, a change
  // of the parent must still reach them (through their own primary).
  check_same_snapshot(copied, snapshot_of(target, only));
  CHECK(target.stats().objects == copied.objects.size());

  // The copy works as the new owner: the lock with its ticket, timeouts at the same moments,
  // versions above the source's counter.
  CHECK(run(target, locked_request(OpCode::kReadLocked)).code == StatusCode::kRetrieved);
  CHECK(run(source, locked_request(OpCode::kReadLocked)).code == StatusCode::kRetrieved);
  for (int i = 0; i < 40; ++i) {
    clock.advance(TimePoint(100));
    target_clock.advance(TimePoint(100));
    source.tick();
    target.tick();
    INFO("ms " << 100 * (i + 1));
    check_same_snapshot(snapshot_of(source, only), snapshot_of(target, only));
  }
  const Response put = run(target, make_request(OpCode::kPut, kMigA, keys_a[9], "new"));
  CHECK(put.meta.version > copied.versions.at(partition));
}

TEST_CASE_METHOD(MigrationFixture, "an empty partition still hands over its version counter",
                 "[core][replication]") {
  for (const std::string& ns : {kMigA, kMigB}) {
    run(source, make_request(OpCode::kClearNamespace, ns, ""));
  }
  std::string cursor;
  const std::vector<Effect> chunk = source.export_partition(partition, 400, cursor);
  CHECK(cursor.empty());
  REQUIRE(chunk.size() == 1);
  CHECK_FALSE(chunk[0].state.has_value());
  CHECK(partition_of(chunk[0].id) == partition);
  const std::uint64_t counter = chunk[0].partition_version;
  CHECK(counter >= keys_a.size() + keys_b.size());

  ManualClock target_clock;
  Store target{target_clock, StoreOptions{}};
  REQUIRE(target.apply(chunk).is_ok());
  CHECK(target.stats().objects == 0);
  CHECK(run(target, make_request(OpCode::kPut, kMigA, keys_a[0], "v")).meta.version > counter);

  const PartitionId unused = (partition + 1) % kPartitionCount;
  CHECK(source.export_partition(unused, 400, cursor).empty());
  CHECK(cursor.empty());
}

TEST_CASE_METHOD(MigrationFixture, "drop_partition forgets exactly that partition's objects",
                 "[core][replication]") {
  const std::set<PartitionId> all{partition, partition_of(outside_child),
                                  partition_of(outside_parent)};
  const Snapshot before = snapshot_of(source, all);
  std::optional<Response> waited;
  Request wait = make_request(OpCode::kLock, kMigA, keys_a[3]);
  wait.wait_ms = 5000;
  REQUIRE_FALSE(source.execute(wait, [&](Response r) { waited = std::move(r); }).has_value());

  REQUIRE(source.drop_partition(partition).is_ok());
  REQUIRE(waited.has_value());
  CHECK(waited->code == StatusCode::kNotReady);

  Snapshot expected = before;
  std::erase_if(expected.objects, [&](const auto& entry) {
    return std::any_of(
               keys_a.begin(), keys_a.end(),
               [&](const std::string& k) { return id_text(oid(kMigA, k)) == entry.first; }) ||
           std::any_of(keys_b.begin(), keys_b.end(),
                       [&](const std::string& k) { return id_text(oid(kMigB, k)) == entry.first; });
  });
  for (auto& [text, state] : expected.objects) {
    std::erase_if(state.dependents,
                  [&](const ObjectId& d) { return partition_of(d) == partition; });
  }
  CHECK(expected.objects.size() == 2);  // the two outside objects, the child not cascaded
  check_same_snapshot(expected, snapshot_of(source, all));
  CHECK(source.stats().objects == 2);
}
