// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "soss/core/common/clock.hpp"
#include "soss/core/store/store.hpp"
#include "store_test_support.hpp"
#include "support/catch.hpp"

using namespace soss;
using namespace soss::core;

namespace {

const std::string kNs = "locks";

ObjectId oid(std::string_view key) { return ObjectId{namespace_id_of(kNs), key_of(key)}; }

Request req(OpCode op, std::string_view key, std::string value = {}) {
  return store_test::make_request(op, kNs, key, std::move(value));
}

Request with_ticket(OpCode op, std::string_view key, LockTicket ticket, std::string value = {}) {
  Request r = req(op, key, std::move(value));
  r.ticket = ticket;
  return r;
}

using store_test::run;

// Collects the answers of requests that waited for a lock, and how often each was called.
struct Waiter {
  std::vector<Response> answers;
  Completion completion() {
    return [this](Response r) { answers.push_back(std::move(r)); };
  }
};

// Queues a lock-type request that must wait.
void enqueue(Store& s, OpCode op, std::string_view key, std::uint32_t wait_ms, Waiter& w) {
  Request r = req(op, key);
  r.wait_ms = wait_ms;
  REQUIRE_FALSE(s.execute(r, w.completion()).has_value());
}

struct Fixture {
  ManualClock clock;
  Store store{clock, make_options()};

  static StoreOptions make_options() {
    StoreOptions o;
    o.lock_timeout_s = 10;
    return o;
  }
};

}  // namespace

TEST_CASE_METHOD(Fixture, "lock, try_read_exclusive and read_exclusive on a free object",
                 "[core][store]") {
  CHECK(run(store, req(OpCode::kLock, "k")).code == StatusCode::kNotFound);
  CHECK(run(store, req(OpCode::kTryReadExclusive, "k")).code == StatusCode::kNotFound);
  run(store, req(OpCode::kAdd, "k", "v"));
  Response lock = run(store, req(OpCode::kLock, "k"));
  CHECK(lock.code == StatusCode::kLocked);
  CHECK(lock.ticket != 0);
  CHECK(lock.meta.locked);
  CHECK(run(store, req(OpCode::kLock, "k")).code == StatusCode::kAlreadyLocked);
  CHECK(run(store, req(OpCode::kTryReadExclusive, "k")).code == StatusCode::kAlreadyLocked);
  CHECK(run(store, req(OpCode::kReadExclusive, "k")).code == StatusCode::kAlreadyLocked);
  REQUIRE(run(store, with_ticket(OpCode::kReleaseLock, "k", lock.ticket)).code ==
          StatusCode::kUnlocked);
  Response excl = run(store, req(OpCode::kTryReadExclusive, "k"));
  CHECK(excl.code == StatusCode::kRetrieved);
  CHECK(excl.value == "v");
  CHECK(excl.ticket != 0);
  CHECK(excl.ticket != lock.ticket);
  // try_read_exclusive never waits, even when given a wait and a completion.
  Waiter w;
  Request again = req(OpCode::kTryReadExclusive, "k");
  again.wait_ms = 1000;
  std::optional<Response> out = store.execute(again, w.completion());
  REQUIRE(out.has_value());
  CHECK(out->code == StatusCode::kAlreadyLocked);
  CHECK(w.answers.empty());
  // Neither can a request that brings no completion.
  Request no_completion = req(OpCode::kLock, "k");
  no_completion.wait_ms = 1000;
  CHECK(run(store, no_completion).code == StatusCode::kAlreadyLocked);
  CHECK(store.stats().lock_waiters == 0);
}

TEST_CASE_METHOD(Fixture, "waiters get the lock in arrival order; a timed-out one is refused",
                 "[core][store]") {
  run(store, req(OpCode::kAdd, "k", "v0"));
  Response holder = run(store, req(OpCode::kLock, "k"));
  Waiter a, b, c;
  enqueue(store, OpCode::kLock, "k", 1000, a);
  enqueue(store, OpCode::kLock, "k", 100, b);
  enqueue(store, OpCode::kReadExclusive, "k", 5000, c);
  CHECK(store.stats().lock_waiters == 3);

  clock.advance(TimePoint(150));
  store.tick();
  REQUIRE(b.answers.size() == 1);
  CHECK(b.answers[0].code == StatusCode::kAlreadyLocked);
  CHECK(a.answers.empty());
  CHECK(c.answers.empty());
  CHECK(store.stats().lock_waiters == 2);

  run(store, with_ticket(OpCode::kReleaseLock, "k", holder.ticket));
  REQUIRE(a.answers.size() == 1);
  CHECK(a.answers[0].code == StatusCode::kLocked);
  LockTicket ta = a.answers[0].ticket;
  CHECK(ta != 0);
  CHECK(ta != holder.ticket);
  CHECK(c.answers.empty());

  run(store, with_ticket(OpCode::kUpdateAndRelease, "k", ta, "from-a"));
  REQUIRE(c.answers.size() == 1);
  CHECK(c.answers[0].code == StatusCode::kRetrieved);
  CHECK(c.answers[0].value == "from-a");
  CHECK(c.answers[0].ticket != ta);
  CHECK(c.answers[0].meta.locked);
  // Each completion ran exactly once.
  store.tick();
  clock.advance(TimePoint(10'000));
  store.tick();
  CHECK(a.answers.size() == 1);
  CHECK(b.answers.size() == 1);
  CHECK(c.answers.size() == 1);
  CHECK(store.stats().lock_waiters == 0);
}

TEST_CASE_METHOD(Fixture, "a release skips waiters whose deadline passed before tick",
                 "[core][store]") {
  run(store, req(OpCode::kAdd, "k", "v"));
  Response holder = run(store, req(OpCode::kLock, "k"));
  Waiter early, late;
  enqueue(store, OpCode::kLock, "k", 100, early);
  enqueue(store, OpCode::kLock, "k", 1000, late);
  clock.advance(TimePoint(200));
  run(store, with_ticket(OpCode::kReleaseLock, "k", holder.ticket));
  REQUIRE(early.answers.size() == 1);
  CHECK(early.answers[0].code == StatusCode::kAlreadyLocked);
  REQUIRE(late.answers.size() == 1);
  CHECK(late.answers[0].code == StatusCode::kLocked);
}

TEST_CASE_METHOD(Fixture, "an expired lock passes to the next waiter; the old ticket is lost",
                 "[core][store]") {
  run(store, req(OpCode::kAdd, "k", "v"));
  Response holder = run(store, req(OpCode::kLock, "k"));
  Waiter w;
  enqueue(store, OpCode::kLock, "k", 60'000, w);
  clock.advance(TimePoint(9'999));
  store.tick();
  CHECK(w.answers.empty());
  clock.advance(TimePoint(1));
  store.tick();
  REQUIRE(w.answers.size() == 1);
  CHECK(w.answers[0].code == StatusCode::kLocked);
  CHECK(run(store, with_ticket(OpCode::kReleaseLock, "k", holder.ticket)).code ==
        StatusCode::kLockLost);
  CHECK(run(store, with_ticket(OpCode::kReadLocked, "k", holder.ticket)).code ==
        StatusCode::kLockLost);
  CHECK(run(store, with_ticket(OpCode::kReleaseLock, "k", w.answers[0].ticket)).code ==
        StatusCode::kUnlocked);
}

TEST_CASE_METHOD(Fixture, "an expired lock is noticed on access without tick", "[core][store]") {
  run(store, req(OpCode::kAdd, "k", "v"));
  Response holder = run(store, req(OpCode::kLock, "k"));
  clock.advance(TimePoint(10'000));
  CHECK_FALSE(run(store, req(OpCode::kMetadata, "k")).meta.locked);
  CHECK(run(store, req(OpCode::kUpdate, "k", "x")).code == StatusCode::kUpdated);
  CHECK(run(store, with_ticket(OpCode::kUpdateAndRetain, "k", holder.ticket, "y")).code ==
        StatusCode::kLockLost);
  CHECK(run(store, req(OpCode::kLock, "k")).code == StatusCode::kLocked);
}

TEST_CASE_METHOD(Fixture, "refreshing keeps a lock alive", "[core][store]") {
  run(store, req(OpCode::kAdd, "k", "v"));
  LockTicket t = run(store, req(OpCode::kLock, "k")).ticket;
  clock.advance(TimePoint(8'000));
  Response refreshed = run(store, with_ticket(OpCode::kRefreshLock, "k", t));
  CHECK(refreshed.code == StatusCode::kLocked);
  CHECK(refreshed.ticket == t);
  clock.advance(TimePoint(8'000));
  store.tick();
  CHECK(run(store, with_ticket(OpCode::kReadLocked, "k", t)).code == StatusCode::kRetrieved);
  clock.advance(TimePoint(8'000));
  store.tick();
  CHECK(run(store, with_ticket(OpCode::kUpdateAndRetain, "k", t, "v2")).code ==
        StatusCode::kUpdated);
  clock.advance(TimePoint(8'000));
  store.tick();
  CHECK(run(store, with_ticket(OpCode::kRefreshLock, "k", t)).code == StatusCode::kLocked);
  clock.advance(TimePoint(10'000));
  store.tick();
  CHECK(run(store, with_ticket(OpCode::kRefreshLock, "k", t)).code == StatusCode::kLockLost);
}

TEST_CASE_METHOD(Fixture, "ticket operations", "[core][store]") {
  for (OpCode op : {OpCode::kReadLocked, OpCode::kUpdateAndRetain, OpCode::kUpdateAndRelease,
                    OpCode::kReleaseLock, OpCode::kRefreshLock, OpCode::kRemoveLocked}) {
    CHECK(run(store, with_ticket(op, "missing", 1)).code == StatusCode::kNotFound);
  }
  std::uint64_t v1 = run(store, req(OpCode::kAdd, "k", "v1")).meta.version;
  CHECK(run(store, with_ticket(OpCode::kReleaseLock, "k", 42)).code == StatusCode::kLockLost);
  LockTicket t = run(store, req(OpCode::kLock, "k")).ticket;
  CHECK(run(store, with_ticket(OpCode::kReadLocked, "k", t + 1)).code == StatusCode::kLockLost);
  CHECK(run(store, with_ticket(OpCode::kReadLocked, "k", 0)).code == StatusCode::kLockLost);

  Response read = run(store, with_ticket(OpCode::kReadLocked, "k", t));
  CHECK(read.code == StatusCode::kRetrieved);
  CHECK(read.value == "v1");
  CHECK(read.ticket == t);
  Response retain = run(store, with_ticket(OpCode::kUpdateAndRetain, "k", t, "v2"));
  CHECK(retain.code == StatusCode::kUpdated);
  CHECK(retain.meta.version > v1);
  CHECK(retain.meta.locked);
  Response release = run(store, with_ticket(OpCode::kUpdateAndRelease, "k", t, "v3"));
  CHECK(release.code == StatusCode::kUpdated);
  CHECK_FALSE(release.meta.locked);
  CHECK(run(store, req(OpCode::kRead, "k")).value == "v3");
  CHECK(run(store, with_ticket(OpCode::kReleaseLock, "k", t)).code == StatusCode::kLockLost);

  t = run(store, req(OpCode::kLock, "k")).ticket;
  CHECK(run(store, with_ticket(OpCode::kRemoveLocked, "k", t + 1)).code == StatusCode::kLockLost);
  CHECK(run(store, with_ticket(OpCode::kRemoveLocked, "k", t)).code == StatusCode::kRemoved);
  CHECK(run(store, req(OpCode::kRead, "k")).code == StatusCode::kNotFound);
}

TEST_CASE_METHOD(Fixture, "removing a locked object answers its waiters NotFound",
                 "[core][store]") {
  run(store, req(OpCode::kAdd, "k", "v"));
  LockTicket t = run(store, req(OpCode::kLock, "k")).ticket;
  Waiter a, b;
  enqueue(store, OpCode::kLock, "k", 5000, a);
  enqueue(store, OpCode::kReadExclusive, "k", 5000, b);
  run(store, with_ticket(OpCode::kRemoveLocked, "k", t));
  REQUIRE(a.answers.size() == 1);
  REQUIRE(b.answers.size() == 1);
  CHECK(a.answers[0].code == StatusCode::kNotFound);
  CHECK(b.answers[0].code == StatusCode::kNotFound);
  CHECK(store.stats().lock_waiters == 0);
  clock.advance(TimePoint(10'000));
  store.tick();
  CHECK(a.answers.size() == 1);
}

TEST_CASE_METHOD(Fixture, "clearing the namespace answers waiters NotFound", "[core][store]") {
  run(store, req(OpCode::kAdd, "k", "v"));
  run(store, req(OpCode::kLock, "k"));
  Waiter w;
  enqueue(store, OpCode::kLock, "k", 5000, w);
  Request clear;
  clear.op = OpCode::kClearNamespace;
  clear.id.ns = namespace_id_of(kNs);
  CHECK(run(store, clear).count == 1);
  REQUIRE(w.answers.size() == 1);
  CHECK(w.answers[0].code == StatusCode::kNotFound);
}

TEST_CASE_METHOD(Fixture, "a completion may call back into the store", "[core][store]") {
  run(store, req(OpCode::kAdd, "k", "v"));
  LockTicket holder = run(store, req(OpCode::kLock, "k")).ticket;
  int calls = 0;
  std::optional<Response> inner;
  Request wait = req(OpCode::kLock, "k");
  wait.wait_ms = 1000;
  auto completion = [&](Response r) {
    ++calls;
    // Under the store mutex this would deadlock.
    inner = store.execute(with_ticket(OpCode::kReleaseLock, "k", r.ticket));
  };
  REQUIRE_FALSE(store.execute(wait, completion).has_value());
  run(store, with_ticket(OpCode::kReleaseLock, "k", holder));
  CHECK(calls == 1);
  REQUIRE(inner.has_value());
  CHECK(inner->code == StatusCode::kUnlocked);
  CHECK(run(store, req(OpCode::kLock, "k")).code == StatusCode::kLocked);
  // The same from tick(): the waiter times out and its completion reads the object.
  int timed_out_calls = 0;
  std::optional<Response> read;
  auto on_timeout = [&](Response r) {
    ++timed_out_calls;
    CHECK(r.code == StatusCode::kAlreadyLocked);
    read = store.execute(req(OpCode::kRead, "k"));
  };
  REQUIRE_FALSE(store.execute(wait, on_timeout).has_value());
  clock.advance(TimePoint(1000));
  store.tick();
  CHECK(timed_out_calls == 1);
  REQUIRE(read.has_value());
  CHECK(read->code == StatusCode::kRetrieved);
}

TEST_CASE("a store going away answers its waiters once", "[core][store]") {
  ManualClock clock;
  std::vector<Response> answers;
  {
    Store store(clock, StoreOptions{});
    run(store, req(OpCode::kAdd, "k", "v"));
    run(store, req(OpCode::kLock, "k"));
    Request wait = req(OpCode::kLock, "k");
    wait.wait_ms = 1000;
    REQUIRE_FALSE(store.execute(wait, [&](Response r) { answers.push_back(r); }).has_value());
  }
  REQUIRE(answers.size() == 1);
  CHECK(answers[0].code == StatusCode::kUnavailable);
}

TEST_CASE("locks exclude each other across threads", "[core][store]") {
  ManualClock clock;
  Store store(clock, StoreOptions{});
  run(store, req(OpCode::kAdd, "counter", "0"));
  constexpr int kThreads = 4;
  constexpr int kIncrements = 200;
  auto worker = [&store] {
    for (int done = 0; done < kIncrements;) {
      std::optional<Response> lock = store.execute(req(OpCode::kTryReadExclusive, "counter"));
      if (lock->code != StatusCode::kRetrieved) {
        std::this_thread::yield();
        continue;
      }
      std::string next = std::to_string(std::stoi(lock->value) + 1);
      store.execute(with_ticket(OpCode::kUpdateAndRelease, "counter", lock->ticket, next));
      ++done;
    }
  };
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back(worker);
  }
  for (std::thread& t : threads) {
    t.join();
  }
  CHECK(run(store, req(OpCode::kRead, "counter")).value == std::to_string(kThreads * kIncrements));
}
