// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// A primary Store ships the effects of a random workload to a replica Store; the replica must
// answer like the primary at every step and, promoted, carry on with the same versions, locks
// and timeouts.
#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <random>
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

const std::array<std::string, 2> kNamespaces = {"repl-a", "repl-b"};
constexpr int kKeysPerNamespace = 10;

// Every object operation, with the clock's advance listed several times (timeouts must fire).
// clang-format off
constexpr std::array<OpCode, 30> kOps = {
    OpCode::kAdd, OpCode::kAdd, OpCode::kPut, OpCode::kPut, OpCode::kPut, OpCode::kUpdate,
    OpCode::kUpdateOptimistic, OpCode::kRemove, OpCode::kRemoveOptimistic, OpCode::kRead,
    OpCode::kReadOrAdd, OpCode::kMetadata, OpCode::kReadExclusive, OpCode::kTryReadExclusive,
    OpCode::kLock, OpCode::kLock, OpCode::kReadLocked, OpCode::kUpdateAndRetain,
    OpCode::kUpdateAndRelease, OpCode::kReleaseLock, OpCode::kRefreshLock, OpCode::kRemoveLocked,
    OpCode::kTouch, OpCode::kBulkRead, OpCode::kBulkAdd, OpCode::kClearNamespace,
    OpCode::kPing, OpCode::kPing, OpCode::kPing, OpCode::kPing};
// clang-format on

StoreOptions replication_options() {
  StoreOptions o;
  o.max_memory_bytes = 2200;  // about 9 objects: the workload evicts
  o.lru_threshold_pct = 90;
  o.lock_timeout_s = 4;
  return o;
}

// A primary and its replica, each on its own clock (the replica's reads another time: deadlines
// must travel as remaining durations). Records every ticket and the highest version per
// partition that clients of the primary saw.
struct Pair {
  explicit Pair(std::uint64_t seed) : rng(seed) {
    for (const std::string& ns : kNamespaces) {
      for (int k = 0; k < kKeysPerNamespace; ++k) {
        ids.push_back(oid(ns, "k" + std::to_string(k)));
        names.push_back(ns);
        partitions.insert(partition_of(ids.back()));
      }
    }
  }

  std::mt19937_64 rng;
  ManualClock primary_clock{TimePoint(1'000'000)};
  ManualClock replica_clock{TimePoint(9'000'000)};
  Store primary{primary_clock, replication_options()};
  Store replica{replica_clock, replication_options()};
  std::vector<ObjectId> ids;
  std::vector<std::string> names;  // namespace name of ids[i]
  std::set<PartitionId> partitions;
  std::map<std::string, LockTicket> tickets;  // last ticket handed out, by id_text
  std::set<LockTicket> all_tickets;
  std::map<std::string, std::uint64_t> versions;  // last version seen, by id_text
  std::map<PartitionId, std::uint64_t> max_version;
  std::size_t effects_shipped = 0;
  std::size_t last_locked = 0;  // index in ids of the object locked last

  std::uint64_t pick(std::uint64_t n) { return rng() % n; }

  void note(const ObjectId& id, const Response& r) {
    if (r.ticket != 0) {
      last_locked = static_cast<std::size_t>(std::find(ids.begin(), ids.end(), id) - ids.begin()) %
                    ids.size();
      tickets[id_text(id)] = r.ticket;
      all_tickets.insert(r.ticket);
    }
    if (r.meta.version != 0) {
      versions[id_text(id)] = r.meta.version;
      max_version[partition_of(id)] = std::max(max_version[partition_of(id)], r.meta.version);
    }
  }

  void ship(const std::vector<Effect>& effects) {
    effects_shipped += effects.size();
    REQUIRE(replica.apply(effects).is_ok());
  }

  // Runs a request on the primary and ships its effects; nullopt when it waits.
  std::optional<Response> on_primary(const Request& r) {
    std::vector<Effect> effects;
    const ObjectId id = r.id;
    Completion later = [this, id](Response late) { note(id, late); };
    std::optional<Response> out = primary.execute(r, std::move(later), &effects);
    ship(effects);
    if (out) {
      note(r.id, *out);
      for (std::size_t i = 0; i < out->items.size() && i < r.items.size(); ++i) {
        Response item;
        item.meta.version = out->items[i].version;
        note(ObjectId{r.id.ns, r.items[i].key}, item);
      }
    }
    return out;
  }

  void advance(std::int64_t ms) {
    primary_clock.advance(TimePoint(ms));
    replica_clock.advance(TimePoint(ms));
    std::vector<Effect> effects;
    primary.tick(&effects);
    ship(effects);
  }

  CreatePolicy random_policy() {
    CreatePolicy p;
    static constexpr std::array<std::uint32_t, 5> kTimeouts = {0, 0, 1, 2, 5};
    p.timeout_s = kTimeouts[pick(kTimeouts.size())];
    p.timeout_type = static_cast<TimeoutType>(pick(3));
    p.priority = pick(5) == 0 ? Priority::kNotRemovable : Priority::kNormal;
    for (std::uint64_t n = pick(3); n > 0; --n) {
      p.parents.push_back(ids[pick(ids.size())]);
    }
    return p;
  }

  // Lock operations aim at the object locked last half of the time, so that waiters queue up
  // and get locks handed over.
  std::size_t pick_object(OpCode op) {
    const bool lock_op = op >= OpCode::kReadExclusive && op <= OpCode::kRemoveLocked;
    if (lock_op && pick(2) == 0) {
      return last_locked;
    }
    return pick(ids.size());
  }

  Request random_request() {
    static constexpr std::array<const char*, 3> kIndexValues = {"", "red", "blue"};
    Request r;
    r.op = kOps[pick(kOps.size())];
    const std::size_t i = pick_object(r.op);
    r.id = ids[i];
    r.ns_name = pick(2) == 0 ? names[i] : "";
    r.key_name = pick(2) == 0 ? "name-" + key_hex(r.id.key, 2) : "";
    r.value = std::string(pick(200), static_cast<char>('a' + pick(26)));
    r.content_type = pick(3) == 0 ? "text/plain" : "";
    r.policy = random_policy();
    for (std::uint64_t n = pick(4) == 0 ? 1 + pick(3) : 0; n > 0; --n) {
      r.indexes.push_back(kIndexValues[pick(kIndexValues.size())]);
    }
    r.version = pick(4) == 0 ? pick(50) : versions[id_text(r.id)];
    r.ticket = pick(5) == 0 ? pick(1000) + 1 : tickets[id_text(r.id)];
    r.wait_ms = pick(2) == 0 ? 0 : static_cast<std::uint32_t>(pick(8000));
    r.lock_after = pick(6) == 0;
    for (std::uint64_t n = 1 + pick(4);
         n > 0 && (r.op == OpCode::kBulkRead || r.op == OpCode::kBulkAdd); --n) {
      const ObjectId& other =
          ids[(i / kKeysPerNamespace) * kKeysPerNamespace + pick(kKeysPerNamespace)];
      r.items.push_back(BulkItem{other.key, "", r.value});
    }
    return r;
  }

  // One step: a request, or (kPing) time passing. Clearing a namespace is kept rare.
  void step() {
    Request r = random_request();
    if (r.op == OpCode::kPing || (r.op == OpCode::kClearNamespace && pick(4) != 0)) {
      advance(static_cast<std::int64_t>(pick(1500)));
      return;
    }
    (void)on_primary(r);
  }

  // Asks both stores the same questions; the primary's side effects (a lapsed lock, an expiry)
  // are shipped before the replica is asked.
  void check_same() {
    for (const ObjectId& id : ids) {
      Request m;
      m.op = OpCode::kMetadata;
      m.id = id;
      std::optional<Response> p = on_primary(m);
      Response r = run(replica, m);
      REQUIRE(p.has_value());
      CHECK(p->code == r.code);
      CHECK(p->meta == r.meta);
    }
    for (const std::string& ns : kNamespaces) {
      Request list;
      list.op = OpCode::kListKeys;
      list.id.ns = namespace_id_of(ns);
      CHECK(key_texts(run(primary, list)) == key_texts(run(replica, list)));
      Request query = list;
      query.op = OpCode::kQuery;
      query.indexes = {"red"};
      CHECK(key_texts(run(primary, query)) == key_texts(run(replica, query)));
      query.indexes = {"", "blue"};
      CHECK(key_texts(run(primary, query)) == key_texts(run(replica, query)));
    }
    StoreStats ps = primary.stats();
    StoreStats rs = replica.stats();
    CHECK(ps.objects == rs.objects);
    CHECK(ps.bytes == rs.bytes);
    CHECK(namespace_texts(ps.namespaces) == namespace_texts(rs.namespaces));
    check_same_snapshot(snapshot_of(primary, partitions), snapshot_of(replica, partitions));
  }

  // Waiters live only on the primary; let their deadlines pass before it "fails".
  void drain_waiters() {
    while (primary.stats().lock_waiters > 0) {
      advance(250);
    }
  }
};

// An object (re)written without parents and locked just before the failover, so that at least
// one lock is held (and no cascade can remove it).
LockTicket lock_one(Pair& pair) {
  for (const ObjectId& id : pair.ids) {
    Request put;
    put.op = OpCode::kPut;
    put.id = id;
    put.value = "locked at failover";
    put.lock_after = true;
    std::optional<Response> r = pair.on_primary(put);
    REQUIRE(r.has_value());
    if (r->ticket != 0) {
      return r->ticket;
    }
  }
  FAIL("every object is locked");
  return 0;
}

// The promoted replica honours every lock held at the failover with the tickets the primary
// handed out, and its tickets are new.
void check_locks_survive(Pair& pair) {
  const Snapshot snap = snapshot_of(pair.replica, pair.partitions);
  std::size_t held = 0;
  for (const ObjectId& id : pair.ids) {
    auto it = snap.objects.find(id_text(id));
    if (it == snap.objects.end() || it->second.ticket == 0) {
      continue;
    }
    ++held;
    INFO("held " << id_text(id));
    const LockTicket ticket = it->second.ticket;
    CHECK(pair.tickets[id_text(id)] == ticket);
    Request op;
    op.id = id;
    op.ticket = ticket;
    op.op = OpCode::kReadLocked;
    CHECK(run(pair.replica, op).code == StatusCode::kRetrieved);
    op.op = OpCode::kReleaseLock;
    CHECK(run(pair.replica, op).code == StatusCode::kUnlocked);
    op.op = OpCode::kReadLocked;
    const StatusCode after = run(pair.replica, op).code;
    if (after == StatusCode::kNotFound) {
      continue;  // its expiry was deferred by the lock, and came with the release
    }
    CHECK(after == StatusCode::kLockLost);
    op.op = OpCode::kLock;
    const Response relock = run(pair.replica, op);
    REQUIRE(relock.code == StatusCode::kLocked);
    CHECK(pair.all_tickets.count(relock.ticket) == 0);
  }
  CHECK(held >= 1);
}

// Versions on the promoted replica continue above everything the old primary handed out, and a
// version read before a remove never matches the re-added object.
void check_versions_continue(Pair& pair) {
  for (const ObjectId& id : pair.ids) {
    INFO("object " << id_text(id));
    const std::uint64_t floor = pair.max_version[partition_of(id)];
    Request r;
    r.id = id;
    r.op = OpCode::kMetadata;
    const Response before = run(pair.replica, r);
    r.op = OpCode::kPut;  // put ignores the locks taken above
    r.value = "after failover";
    const Response put = run(pair.replica, r);
    CHECK(put.meta.version > floor);
    if (before.code == StatusCode::kRetrieved && !before.meta.locked) {
      r.op = OpCode::kRemove;
      REQUIRE(run(pair.replica, r).code == StatusCode::kRemoved);
      r.op = OpCode::kAdd;
      const Response added = run(pair.replica, r);
      CHECK(added.meta.version > put.meta.version);
      r.op = OpCode::kUpdateOptimistic;
      r.version = before.meta.version;
      CHECK(run(pair.replica, r).code == StatusCode::kVersionMismatch);
    }
  }
}

}  // namespace

TEST_CASE("a replica fed the primary's effects answers like it, and takes over",
          "[core][replication]") {
  const std::uint64_t seed = GENERATE(1u, 2u, 3u, 4u, 5u, 6u);
  INFO("seed " << seed);
  Pair pair(seed);
  for (int i = 0; i < 250; ++i) {
    INFO("step " << i);
    pair.step();
    pair.check_same();
  }
  const StoreStats stats = pair.primary.stats();
  CHECK(stats.evictions > 0);
  CHECK(stats.expirations > 0);
  CHECK(pair.effects_shipped > 50);

  pair.drain_waiters();
  const LockTicket last = lock_one(pair);
  INFO("last ticket " << last);
  pair.check_same();
  // Failover: the primary is gone for writes; both keep the same time. Nothing is shipped any
  // more, yet the replica's timeouts and lock expiries fire exactly when the primary's do.
  // The lock taken last (4 s) outlives these 3 s.
  for (int i = 0; i < 60; ++i) {
    pair.primary_clock.advance(TimePoint(50));
    pair.replica_clock.advance(TimePoint(50));
    pair.primary.tick();
    pair.replica.tick();
    INFO("after failover, ms " << 50 * (i + 1));
    check_same_snapshot(snapshot_of(pair.primary, pair.partitions),
                        snapshot_of(pair.replica, pair.partitions));
  }
  check_locks_survive(pair);
  check_versions_continue(pair);
}

TEST_CASE("a lock handed to a waiter is an effect of the release or the tick that hands it",
          "[core][replication]") {
  for (bool by_tick : {false, true}) {
    Pair pair(7);
    const ObjectId id = pair.ids[0];
    Request r;
    r.id = id;
    r.op = OpCode::kPut;
    r.lock_after = true;
    const LockTicket first = pair.on_primary(r)->ticket;
    std::optional<Response> granted;
    r.op = OpCode::kLock;
    r.wait_ms = 10'000;
    REQUIRE_FALSE(
        pair.primary.execute(r, [&](Response late) { granted = std::move(late); }).has_value());
    if (by_tick) {
      pair.advance(4000);  // the first lock lapses
    } else {
      r.op = OpCode::kReleaseLock;
      r.ticket = first;
      REQUIRE(pair.on_primary(r)->code == StatusCode::kUnlocked);
    }
    REQUIRE(granted.has_value());
    REQUIRE(granted->code == StatusCode::kLocked);
    const Snapshot replica = snapshot_of(pair.replica, pair.partitions);
    CHECK(replica.objects.at(id_text(id)).ticket == granted->ticket);
    pair.check_same();
    r.op = OpCode::kReadLocked;
    r.ticket = granted->ticket;
    CHECK(run(pair.replica, r).code == StatusCode::kRetrieved);
  }
}
