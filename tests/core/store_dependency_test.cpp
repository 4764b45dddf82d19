// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "soss/core/common/clock.hpp"
#include "soss/core/store/store.hpp"
#include "store_test_support.hpp"
#include "support/catch.hpp"

using namespace soss;
using namespace soss::core;

namespace {

const std::string kNs = "deps";

ObjectId oid(std::string_view key, std::string_view ns = kNs) {
  return ObjectId{namespace_id_of(ns), key_of(key)};
}

Request req(OpCode op, std::string_view key, std::string value = {}) {
  return store_test::make_request(op, kNs, key, std::move(value));
}

Request child_of(std::string_view key, std::vector<ObjectId> parents) {
  Request r = req(OpCode::kAdd, key, "child");
  r.policy.parents = std::move(parents);
  return r;
}

using store_test::run;

struct Fixture {
  ManualClock clock;
  Store store{clock, StoreOptions{}};

  bool present(std::string_view key) {
    return run(store, req(OpCode::kMetadata, key)).code == StatusCode::kRetrieved;
  }
};

}  // namespace

TEST_CASE_METHOD(Fixture, "updating a parent removes its dependents", "[core][store]") {
  for (OpCode op : {OpCode::kUpdate, OpCode::kPut, OpCode::kUpdateOptimistic}) {
    run(store, req(OpCode::kPut, "p", "v"));
    REQUIRE(run(store, child_of("c", {oid("p")})).code == StatusCode::kAdded);
    Request update = req(op, "p", "v2");
    update.version = run(store, req(OpCode::kMetadata, "p")).meta.version;
    REQUIRE(is_success(run(store, update).code));
    CHECK(present("p"));
    CHECK_FALSE(present("c"));
  }
  CHECK(store.stats().dependency_removals == 3);
}

TEST_CASE_METHOD(Fixture, "removing or expiring a parent removes its dependents", "[core][store]") {
  run(store, req(OpCode::kAdd, "p", "v"));
  run(store, child_of("c", {oid("p")}));
  run(store, req(OpCode::kRemove, "p"));
  CHECK_FALSE(present("c"));

  Request timed = req(OpCode::kAdd, "p", "v");
  timed.policy.timeout_s = 5;
  run(store, timed);
  run(store, child_of("c", {oid("p")}));
  clock.advance(TimePoint(5'000));
  store.tick();
  CHECK_FALSE(present("p"));
  CHECK_FALSE(present("c"));
  StoreStats s = store.stats();
  CHECK(s.expirations == 1);
  CHECK(s.dependency_removals == 2);
}

TEST_CASE_METHOD(Fixture, "removal cascades along a chain", "[core][store]") {
  run(store, req(OpCode::kAdd, "a", "v"));
  run(store, child_of("b", {oid("a")}));
  run(store, child_of("c", {oid("b")}));
  run(store, child_of("d", {oid("c")}));
  run(store, req(OpCode::kAdd, "other", "v"));
  run(store, req(OpCode::kRemove, "a"));
  CHECK_FALSE(present("b"));
  CHECK_FALSE(present("c"));
  CHECK_FALSE(present("d"));
  CHECK(present("other"));
  CHECK(store.stats().dependency_removals == 3);
  CHECK(store.stats().objects == 1);
}

TEST_CASE_METHOD(Fixture, "either of two parents removes the dependent", "[core][store]") {
  run(store, req(OpCode::kAdd, "p1", "v"));
  run(store, req(OpCode::kAdd, "p2", "v"));
  run(store, child_of("c", {oid("p1"), oid("p2")}));
  run(store, req(OpCode::kUpdate, "p2", "v2"));
  CHECK_FALSE(present("c"));
  // The removed child unlinked itself from p1: a new, unrelated "c" survives p1's update.
  run(store, req(OpCode::kAdd, "c", "plain"));
  run(store, req(OpCode::kUpdate, "p1", "v2"));
  CHECK(present("c"));
}

TEST_CASE_METHOD(Fixture, "a missing parent is ignored", "[core][store]") {
  Response r = run(store, child_of("c", {oid("ghost")}));
  CHECK(r.code == StatusCode::kAdded);
  CHECK(r.meta.parents.empty());
  run(store, req(OpCode::kAdd, "ghost", "v"));
  run(store, req(OpCode::kRemove, "ghost"));
  CHECK(present("c"));
  CHECK(store.stats().dependency_removals == 0);
}

TEST_CASE_METHOD(Fixture, "a put with new parents replaces the old links", "[core][store]") {
  run(store, req(OpCode::kAdd, "p1", "v"));
  run(store, req(OpCode::kAdd, "p2", "v"));
  run(store, child_of("c", {oid("p1")}));
  Request reparent = req(OpCode::kPut, "c", "v");
  reparent.policy.parents = {oid("p2"), oid("c")};  // a self link is ignored
  Response put = run(store, reparent);
  REQUIRE(put.meta.parents.size() == 1);
  CHECK(put.meta.parents[0] == oid("p2"));
  run(store, req(OpCode::kUpdate, "p1", "v2"));
  CHECK(present("c"));
  run(store, req(OpCode::kUpdate, "c", "v3"));  // updating the child itself is fine
  CHECK(present("c"));
  run(store, req(OpCode::kUpdate, "p2", "v2"));
  CHECK_FALSE(present("c"));
}

TEST_CASE_METHOD(Fixture, "dependents are removed in spite of locks; waiters get NotFound",
                 "[core][store]") {
  run(store, req(OpCode::kAdd, "p", "v"));
  run(store, child_of("c", {oid("p")}));
  LockTicket t = run(store, req(OpCode::kLock, "c")).ticket;
  std::vector<Response> answers;
  Request wait = req(OpCode::kLock, "c");
  wait.wait_ms = 1000;
  REQUIRE_FALSE(store.execute(wait, [&](Response r) { answers.push_back(r); }).has_value());
  run(store, req(OpCode::kPut, "p", "v2"));
  CHECK_FALSE(present("c"));
  REQUIRE(answers.size() == 1);
  CHECK(answers[0].code == StatusCode::kNotFound);
  Request stale = req(OpCode::kReleaseLock, "c");
  stale.ticket = t;
  CHECK(run(store, stale).code == StatusCode::kNotFound);
}

TEST_CASE_METHOD(Fixture, "clearing a namespace removes dependents elsewhere", "[core][store]") {
  run(store, req(OpCode::kAdd, "p", "v"));
  Request other = child_of("c", {oid("p")});
  other.id = oid("c", "elsewhere");
  run(store, other);
  Request clear;
  clear.op = OpCode::kClearNamespace;
  clear.id.ns = namespace_id_of(kNs);
  CHECK(run(store, clear).count == 1);
  Request read;
  read.op = OpCode::kRead;
  read.id = oid("c", "elsewhere");
  CHECK(run(store, read).code == StatusCode::kNotFound);
  CHECK(store.stats().objects == 0);
}
