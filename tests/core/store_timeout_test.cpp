// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "soss/core/common/clock.hpp"
#include "soss/core/store/store.hpp"
#include "store_test_support.hpp"
#include "support/catch.hpp"

using namespace soss;
using namespace soss::core;

namespace {

const std::string kNs = "timeouts";

ObjectId oid(std::string_view key) { return ObjectId{namespace_id_of(kNs), key_of(key)}; }

Request req(OpCode op, std::string_view key, std::string value = {}) {
  return store_test::make_request(op, kNs, key, std::move(value));
}

Request timed(OpCode op, std::string_view key, std::uint32_t timeout_s, TimeoutType type) {
  Request r = req(op, key, "v");
  r.policy.timeout_s = timeout_s;
  r.policy.timeout_type = type;
  return r;
}

using store_test::run;

struct Fixture {
  ManualClock clock;
  Store store{clock, StoreOptions{}};

  void advance_s(int seconds) {
    clock.advance(TimePoint(seconds * 1000));
    store.tick();
  }
  // True when the object is still there (metadata touches no timeout).
  bool present(std::string_view key) {
    return run(store, req(OpCode::kMetadata, key)).code == StatusCode::kRetrieved;
  }
};

}  // namespace

TEST_CASE_METHOD(Fixture, "an absolute timeout is reset by neither reads nor updates",
                 "[core][store]") {
  run(store, timed(OpCode::kAdd, "k", 10, TimeoutType::kAbsolute));
  advance_s(5);
  run(store, req(OpCode::kRead, "k"));
  run(store, req(OpCode::kUpdate, "k", "v2"));
  advance_s(4);
  CHECK(present("k"));
  CHECK(store.stats().expirations == 0);
  advance_s(1);
  CHECK(store.stats().objects == 0);
  CHECK(store.stats().expirations == 1);
  CHECK_FALSE(present("k"));
}

TEST_CASE_METHOD(Fixture, "a sliding timeout is reset by reads and updates, not by metadata",
                 "[core][store]") {
  run(store, timed(OpCode::kAdd, "k", 10, TimeoutType::kSliding));
  advance_s(9);
  run(store, req(OpCode::kRead, "k"));
  advance_s(9);
  CHECK(present("k"));  // 18 s after creation
  run(store, req(OpCode::kUpdate, "k", "v2"));
  advance_s(9);
  CHECK(present("k"));
  advance_s(1);  // metadata at 9 s did not reset it
  CHECK(store.stats().expirations == 1);
  CHECK_FALSE(present("k"));
}

TEST_CASE_METHOD(Fixture, "every read-type access slides the timeout", "[core][store]") {
  run(store, timed(OpCode::kAdd, "k", 10, TimeoutType::kSliding));
  auto bulk = req(OpCode::kBulkRead, "k");
  bulk.items = {BulkItem{key_of("k"), "", ""}};
  advance_s(9);
  run(store, req(OpCode::kReadOrAdd, "k", "factory"));
  advance_s(9);
  run(store, bulk);
  advance_s(9);
  LockTicket t = run(store, req(OpCode::kTryReadExclusive, "k")).ticket;
  REQUIRE(t != 0);
  Request release = req(OpCode::kReleaseLock, "k");
  release.ticket = t;
  run(store, release);
  advance_s(9);
  CHECK(present("k"));
  advance_s(1);
  CHECK_FALSE(present("k"));
}

TEST_CASE_METHOD(Fixture, "reset-on-update is reset by updates only", "[core][store]") {
  run(store, timed(OpCode::kAdd, "k", 10, TimeoutType::kResetOnUpdate));
  advance_s(9);
  run(store, req(OpCode::kRead, "k"));
  run(store, req(OpCode::kUpdate, "k", "v2"));
  advance_s(9);
  CHECK(present("k"));  // the update at 9 s restarted it
  run(store, req(OpCode::kRead, "k"));
  advance_s(1);
  CHECK_FALSE(present("k"));  // the read at 18 s did not
}

TEST_CASE_METHOD(Fixture, "put applies its policy and touch restarts any timeout",
                 "[core][store]") {
  run(store, timed(OpCode::kAdd, "k", 10, TimeoutType::kAbsolute));
  advance_s(8);
  run(store, timed(OpCode::kPut, "k", 10, TimeoutType::kAbsolute));
  advance_s(8);
  CHECK(present("k"));
  CHECK(run(store, req(OpCode::kTouch, "k")).code == StatusCode::kOk);
  advance_s(8);
  CHECK(present("k"));
  // A put with timeout 0 makes it permanent.
  run(store, req(OpCode::kPut, "k", "forever"));
  advance_s(1000);
  CHECK(present("k"));
  CHECK(store.stats().expirations == 0);
}

TEST_CASE_METHOD(Fixture, "a due object is absent on access before tick", "[core][store]") {
  run(store, timed(OpCode::kAdd, "k", 10, TimeoutType::kAbsolute));
  clock.advance(TimePoint(10'000));
  CHECK(run(store, req(OpCode::kRead, "k")).code == StatusCode::kNotFound);
  CHECK(store.stats().expirations == 1);
  CHECK(run(store, req(OpCode::kAdd, "k", "again")).code == StatusCode::kAdded);
  store.tick();
  CHECK(store.stats().expirations == 1);
  CHECK(present("k"));
}

TEST_CASE_METHOD(Fixture, "a locked object does not expire until its lock is released",
                 "[core][store]") {
  run(store, timed(OpCode::kAdd, "k", 10, TimeoutType::kAbsolute));
  LockTicket t = run(store, req(OpCode::kLock, "k")).ticket;
  advance_s(30);
  CHECK(present("k"));
  Request read = req(OpCode::kReadLocked, "k");
  read.ticket = t;
  CHECK(run(store, read).code == StatusCode::kRetrieved);
  CHECK(store.stats().expirations == 0);
  Request release = req(OpCode::kReleaseLock, "k");
  release.ticket = t;
  CHECK(run(store, release).code == StatusCode::kUnlocked);
  CHECK(store.stats().expirations == 1);
  CHECK_FALSE(present("k"));
}

TEST_CASE_METHOD(Fixture, "a deferred expiry waits for the lock to pass through all waiters",
                 "[core][store]") {
  run(store, timed(OpCode::kAdd, "k", 10, TimeoutType::kAbsolute));
  LockTicket t = run(store, req(OpCode::kLock, "k")).ticket;
  std::optional<Response> next;
  Request wait = req(OpCode::kLock, "k");
  wait.wait_ms = 60'000;
  REQUIRE_FALSE(store.execute(wait, [&](Response r) { next = std::move(r); }).has_value());
  advance_s(20);
  Request release = req(OpCode::kReleaseLock, "k");
  release.ticket = t;
  run(store, release);
  REQUIRE(next.has_value());
  CHECK(next->code == StatusCode::kLocked);
  CHECK(present("k"));
  release.ticket = next->ticket;
  run(store, release);
  CHECK_FALSE(present("k"));
}

TEST_CASE_METHOD(Fixture, "an object whose timeout passed is expired when its lock lapses",
                 "[core][store]") {
  StoreOptions o;
  o.lock_timeout_s = 5;
  REQUIRE(store.set_options(o).is_ok());
  run(store, timed(OpCode::kAdd, "k", 3, TimeoutType::kAbsolute));
  run(store, req(OpCode::kLock, "k"));
  advance_s(4);
  CHECK(present("k"));
  advance_s(1);
  CHECK(store.stats().expirations == 1);
  CHECK_FALSE(present("k"));
}

TEST_CASE_METHOD(Fixture, "an update under lock restarts a sliding timeout", "[core][store]") {
  run(store, timed(OpCode::kAdd, "k", 10, TimeoutType::kSliding));
  LockTicket t = run(store, req(OpCode::kLock, "k")).ticket;
  advance_s(8);
  Request update = req(OpCode::kUpdateAndRelease, "k", "v2");
  update.ticket = t;
  CHECK(run(store, update).code == StatusCode::kUpdated);
  advance_s(8);
  CHECK(present("k"));
  advance_s(2);
  CHECK_FALSE(present("k"));
}

TEST_CASE_METHOD(Fixture, "tick expires many objects in deadline order", "[core][store]") {
  for (int i = 0; i < 50; ++i) {
    run(store, timed(OpCode::kAdd, "k" + std::to_string(i), static_cast<std::uint32_t>(i + 1),
                     TimeoutType::kAbsolute));
  }
  run(store, req(OpCode::kAdd, "permanent", "v"));
  advance_s(25);
  CHECK(store.stats().objects == 26);
  CHECK(present("k25"));
  CHECK_FALSE(present("k24"));
  advance_s(25);
  CHECK(store.stats().objects == 1);
  CHECK(store.stats().expirations == 50);
}
