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

const std::string kNs = "basic";

ObjectId oid(std::string_view key) { return ObjectId{namespace_id_of(kNs), key_of(key)}; }

Request req(OpCode op, std::string_view key, std::string value = {}) {
  return store_test::make_request(op, kNs, key, std::move(value), store_test::KeyName::kSend);
}

using store_test::run;

struct Fixture {
  ManualClock clock;
  Store store{clock, StoreOptions{}};
};

}  // namespace

TEST_CASE_METHOD(Fixture, "add creates once and reports metadata", "[core][store]") {
  Request add = req(OpCode::kAdd, "k1", "hello");
  add.content_type = "text/plain";
  Response r = run(store, add);
  CHECK(r.code == StatusCode::kAdded);
  CHECK(r.meta.version >= 1);
  CHECK(r.meta.created_ms == clock.wall_ms());
  CHECK(r.meta.updated_ms == clock.wall_ms());
  CHECK(r.meta.size == 5);
  CHECK(r.meta.key_name == "k1");
  CHECK(r.meta.content_type == "text/plain");
  CHECK_FALSE(r.meta.locked);
  CHECK(r.ticket == 0);
  CHECK(run(store, req(OpCode::kAdd, "k1", "other")).code == StatusCode::kAlreadyExists);
  CHECK(run(store, req(OpCode::kRead, "k1")).value == "hello");
}

TEST_CASE_METHOD(Fixture, "put adds then updates and keeps created time", "[core][store]") {
  Response a = run(store, req(OpCode::kPut, "k", "v1"));
  CHECK(a.code == StatusCode::kAdded);
  clock.advance(TimePoint(500));
  Response b = run(store, req(OpCode::kPut, "k", "v2"));
  CHECK(b.code == StatusCode::kUpdated);
  CHECK(b.meta.version > a.meta.version);
  CHECK(b.meta.created_ms == a.meta.created_ms);
  CHECK(b.meta.updated_ms == a.meta.updated_ms + 500);
  CHECK(run(store, req(OpCode::kRead, "k")).value == "v2");
}

TEST_CASE_METHOD(Fixture, "update needs an existing unlocked object", "[core][store]") {
  CHECK(run(store, req(OpCode::kUpdate, "k", "x")).code == StatusCode::kNotFound);
  run(store, req(OpCode::kAdd, "k", "v1"));
  Response u = run(store, req(OpCode::kUpdate, "k", "v2"));
  CHECK(u.code == StatusCode::kUpdated);
  CHECK(run(store, req(OpCode::kRead, "k")).value == "v2");
  Response lock = run(store, req(OpCode::kLock, "k"));
  REQUIRE(lock.code == StatusCode::kLocked);
  CHECK(run(store, req(OpCode::kUpdate, "k", "v3")).code == StatusCode::kObjectLocked);
  CHECK(run(store, req(OpCode::kRead, "k")).value == "v2");
}

TEST_CASE_METHOD(Fixture, "update_optimistic checks the version", "[core][store]") {
  Request u = req(OpCode::kUpdateOptimistic, "k", "v2");
  u.version = 1;
  CHECK(run(store, u).code == StatusCode::kNotFound);
  std::uint64_t v1 = run(store, req(OpCode::kAdd, "k", "v1")).meta.version;
  u.version = v1 + 100;
  Response mismatch = run(store, u);
  CHECK(mismatch.code == StatusCode::kVersionMismatch);
  CHECK_FALSE(mismatch.message.empty());
  u.version = v1;
  Response ok = run(store, u);
  CHECK(ok.code == StatusCode::kUpdated);
  CHECK(ok.meta.version > v1);
  // The old version no longer matches.
  CHECK(run(store, u).code == StatusCode::kVersionMismatch);
  Request lock = req(OpCode::kLock, "k");
  REQUIRE(run(store, lock).code == StatusCode::kLocked);
  u.version = ok.meta.version;
  CHECK(run(store, u).code == StatusCode::kObjectLocked);
}

TEST_CASE_METHOD(Fixture, "remove_optimistic checks the version and the lock", "[core][store]") {
  Request rm = req(OpCode::kRemoveOptimistic, "k");
  rm.version = 1;
  CHECK(run(store, rm).code == StatusCode::kNotFound);
  std::uint64_t v1 = run(store, req(OpCode::kAdd, "k", "v")).meta.version;
  rm.version = v1 + 1;
  CHECK(run(store, rm).code == StatusCode::kVersionMismatch);
  Response lock = run(store, req(OpCode::kLock, "k"));
  rm.version = v1;
  CHECK(run(store, rm).code == StatusCode::kObjectLocked);
  Request release = req(OpCode::kReleaseLock, "k");
  release.ticket = lock.ticket;
  REQUIRE(run(store, release).code == StatusCode::kUnlocked);
  CHECK(run(store, rm).code == StatusCode::kRemoved);
  CHECK(run(store, req(OpCode::kRead, "k")).code == StatusCode::kNotFound);
}

TEST_CASE_METHOD(Fixture, "versions grow and are never reused after a remove", "[core][store]") {
  std::uint64_t last = run(store, req(OpCode::kAdd, "k", "0")).meta.version;
  for (int i = 1; i < 5; ++i) {
    std::uint64_t v = run(store, req(OpCode::kUpdate, "k", std::to_string(i))).meta.version;
    CHECK(v > last);
    last = v;
  }
  REQUIRE(run(store, req(OpCode::kRemove, "k")).code == StatusCode::kRemoved);
  Response again = run(store, req(OpCode::kAdd, "k", "new"));
  CHECK(again.code == StatusCode::kAdded);
  CHECK(again.meta.version > last);
}

TEST_CASE_METHOD(Fixture, "read, metadata and read_or_add", "[core][store]") {
  CHECK(run(store, req(OpCode::kRead, "k")).code == StatusCode::kNotFound);
  CHECK(run(store, req(OpCode::kMetadata, "k")).code == StatusCode::kNotFound);
  Response first = run(store, req(OpCode::kReadOrAdd, "k", "factory1"));
  CHECK(first.code == StatusCode::kAdded);
  Response second = run(store, req(OpCode::kReadOrAdd, "k", "factory2"));
  CHECK(second.code == StatusCode::kRetrieved);
  CHECK(second.value == "factory1");
  CHECK(second.meta.version == first.meta.version);
  Response meta = run(store, req(OpCode::kMetadata, "k"));
  CHECK(meta.code == StatusCode::kRetrieved);
  CHECK(meta.value.empty());
  CHECK(meta.meta.size == 8);
  // A lock does not block plain reads.
  REQUIRE(run(store, req(OpCode::kLock, "k")).code == StatusCode::kLocked);
  Response locked_read = run(store, req(OpCode::kRead, "k"));
  CHECK(locked_read.code == StatusCode::kRetrieved);
  CHECK(locked_read.meta.locked);
}

TEST_CASE_METHOD(Fixture, "remove and touch", "[core][store]") {
  CHECK(run(store, req(OpCode::kRemove, "k")).code == StatusCode::kNotFound);
  CHECK(run(store, req(OpCode::kTouch, "k")).code == StatusCode::kNotFound);
  run(store, req(OpCode::kAdd, "k", "v"));
  CHECK(run(store, req(OpCode::kTouch, "k")).code == StatusCode::kOk);
  Response lock = run(store, req(OpCode::kLock, "k"));
  CHECK(run(store, req(OpCode::kRemove, "k")).code == StatusCode::kObjectLocked);
  Request release = req(OpCode::kReleaseLock, "k");
  release.ticket = lock.ticket;
  REQUIRE(run(store, release).code == StatusCode::kUnlocked);
  Response removed = run(store, req(OpCode::kRemove, "k"));
  CHECK(removed.code == StatusCode::kRemoved);
  CHECK(removed.meta.size == 1);
  CHECK(run(store, req(OpCode::kRemove, "k")).code == StatusCode::kNotFound);
}

TEST_CASE_METHOD(Fixture, "put ignores and keeps a lock; lock_after needs the ticket",
                 "[core][store]") {
  run(store, req(OpCode::kAdd, "k", "v1"));
  Response lock = run(store, req(OpCode::kLock, "k"));
  Response put = run(store, req(OpCode::kPut, "k", "v2"));
  CHECK(put.code == StatusCode::kUpdated);
  CHECK(put.meta.locked);
  CHECK(put.ticket == 0);  // the holder's ticket is not handed out
  Request lock_put = req(OpCode::kPut, "k", "v3");
  lock_put.lock_after = true;
  CHECK(run(store, lock_put).code == StatusCode::kObjectLocked);
  CHECK(run(store, req(OpCode::kRead, "k")).value == "v2");
  lock_put.ticket = lock.ticket;
  Response own = run(store, lock_put);
  CHECK(own.code == StatusCode::kUpdated);
  CHECK(own.ticket == lock.ticket);
  Request release = req(OpCode::kReleaseLock, "k");
  release.ticket = lock.ticket;
  CHECK(run(store, release).code == StatusCode::kUnlocked);
}

TEST_CASE_METHOD(Fixture, "lock_after on add, put and read_or_add returns a ticket",
                 "[core][store]") {
  for (OpCode op : {OpCode::kAdd, OpCode::kPut, OpCode::kReadOrAdd}) {
    std::string key = "k" + std::to_string(static_cast<int>(op));
    Request r = req(op, key, "v");
    r.lock_after = true;
    Response added = run(store, r);
    CHECK(added.code == StatusCode::kAdded);
    CHECK(added.ticket != 0);
    CHECK(added.meta.locked);
    CHECK(run(store, req(OpCode::kUpdate, key, "x")).code == StatusCode::kObjectLocked);
    Request release = req(OpCode::kReleaseLock, key);
    release.ticket = added.ticket;
    CHECK(run(store, release).code == StatusCode::kUnlocked);
  }
  // A read_or_add hit does not lock.
  Request hit = req(OpCode::kReadOrAdd, "k" + std::to_string(static_cast<int>(OpCode::kAdd)));
  hit.lock_after = true;
  Response r = run(store, hit);
  CHECK(r.code == StatusCode::kRetrieved);
  CHECK(r.ticket == 0);
  CHECK_FALSE(r.meta.locked);
}

TEST_CASE_METHOD(Fixture, "metadata carries the policy, names, parents and indexes",
                 "[core][store]") {
  run(store, req(OpCode::kAdd, "parent", "p"));
  Request add = req(OpCode::kAdd, "child", "abc");
  add.content_type = "application/json";
  add.policy.timeout_s = 30;
  add.policy.timeout_type = TimeoutType::kSliding;
  add.policy.priority = Priority::kNotRemovable;
  add.policy.parents = {oid("parent")};
  add.indexes = {"red", "", "big"};
  run(store, add);
  Response m = run(store, req(OpCode::kMetadata, "child"));
  CHECK(m.meta.timeout_s == 30);
  CHECK(m.meta.timeout_type == TimeoutType::kSliding);
  CHECK(m.meta.priority == Priority::kNotRemovable);
  CHECK(m.meta.content_type == "application/json");
  CHECK(m.meta.key_name == "child");
  REQUIRE(m.meta.parents.size() == 1);
  CHECK(m.meta.parents[0] == oid("parent"));
  CHECK(m.meta.indexes == std::vector<std::string>{"red", "", "big"});
  // An update without a key name keeps the stored one.
  Request u = req(OpCode::kUpdate, "child", "abcd");
  u.key_name.clear();
  CHECK(run(store, u).meta.key_name == "child");
}

TEST_CASE_METHOD(Fixture, "requests are validated field by field", "[core][store]") {
  auto check_invalid = [&](const Request& r, std::string_view field) {
    Response resp = run(store, r);
    CHECK(resp.code == StatusCode::kInvalidArgument);
    CHECK(resp.message.find(field) != std::string::npos);
  };
  Request r = req(OpCode::kAdd, "k", "v");
  r.key_name = std::string(kMaxKeyNameBytes + 1, 'x');
  check_invalid(r, "key_name");
  r = req(OpCode::kAdd, "k", "v");
  r.ns_name = std::string(kMaxNamespaceNameBytes + 1, 'n');
  check_invalid(r, "ns_name");
  r = req(OpCode::kAdd, "k", "v");
  r.ns_name = "not-" + kNs;
  check_invalid(r, "ns_name");
  r = req(OpCode::kAdd, "k", "v");
  r.policy.parents = {oid("a"), oid("b"), oid("c")};
  check_invalid(r, "parents");
  r = req(OpCode::kAdd, "k", "v");
  r.indexes.assign(kMaxIndexValues + 1, "x");
  check_invalid(r, "indexes");
  r = req(OpCode::kAdd, "k", "v");
  r.indexes = {"", std::string(kMaxIndexValueBytes + 1, 'i')};
  check_invalid(r, "indexes[1]");
  r = req(OpCode::kAdd, "k", "v");
  r.content_type = std::string(kMaxContentTypeBytes + 1, 'c');
  check_invalid(r, "content_type");
  r = req(OpCode::kAdd, "k", "v");
  r.policy.timeout_type = static_cast<TimeoutType>(3);
  check_invalid(r, "timeout_type");
  r = req(OpCode::kAdd, "k", "v");
  r.policy.priority = static_cast<Priority>(7);
  check_invalid(r, "priority");
  check_invalid(req(OpCode::kGetStatus, "k"), "op");
  check_invalid(req(OpCode::kPing, "k"), "op");
  // Nothing above was stored.
  CHECK(run(store, req(OpCode::kRead, "k")).code == StatusCode::kNotFound);
  CHECK(store.stats().objects == 0);
}

TEST_CASE("values above max_object_bytes are refused", "[core][store]") {
  ManualClock clock;
  StoreOptions options;
  options.max_object_bytes = 16;
  Store store(clock, options);
  CHECK(run(store, req(OpCode::kAdd, "k", std::string(16, 'x'))).code == StatusCode::kAdded);
  Response big = run(store, req(OpCode::kPut, "k", std::string(17, 'x')));
  CHECK(big.code == StatusCode::kObjectTooLarge);
  CHECK(big.message.find("value") != std::string::npos);
  CHECK(run(store, req(OpCode::kRead, "k")).value == std::string(16, 'x'));
  Request bulk = req(OpCode::kBulkAdd, "unused");
  bulk.items = {BulkItem{key_of("a"), "a", "small"},
                BulkItem{key_of("b"), "b", std::string(20, 'y')}};
  Response bulk_resp = run(store, bulk);
  CHECK(bulk_resp.code == StatusCode::kObjectTooLarge);
  CHECK(bulk_resp.message.find("items[1]") != std::string::npos);
  CHECK(run(store, req(OpCode::kRead, "a")).code == StatusCode::kNotFound);
}

TEST_CASE_METHOD(Fixture, "writes register the namespace name", "[core][store]") {
  Request add = req(OpCode::kAdd, "k", "v");
  add.ns_name = kNs;
  REQUIRE(run(store, add).code == StatusCode::kAdded);
  Request list;
  list.op = OpCode::kListNamespaces;
  Response listed = run(store, list);
  REQUIRE(listed.namespaces.size() == 1);
  CHECK(listed.namespaces[0].id == namespace_id_of(kNs));
  CHECK(listed.namespaces[0].name == kNs);
  CHECK(listed.namespaces[0].objects == 1);
  // A namespace written without a name is listed with an empty one.
  Request anon;
  anon.op = OpCode::kAdd;
  anon.id = ObjectId{namespace_id_of("other"), key_of("x")};
  run(store, anon);
  listed = run(store, list);
  REQUIRE(listed.namespaces.size() == 2);
  // The registration survives a clear.
  Request clear;
  clear.op = OpCode::kClearNamespace;
  clear.id.ns = namespace_id_of(kNs);
  run(store, clear);
  clear.id.ns = namespace_id_of("other");
  run(store, clear);
  listed = run(store, list);
  REQUIRE(listed.namespaces.size() == 1);
  CHECK(listed.namespaces[0].name == kNs);
  CHECK(listed.namespaces[0].objects == 0);
}

TEST_CASE_METHOD(Fixture, "a name whose id collides with a registered name is refused",
                 "[core][store]") {
  // Found offline by hashing "ns0".."ns20818": both map to namespace id 0x13f7a98.
  const std::string first = "ns17520";
  const std::string second = "ns20818";
  REQUIRE(namespace_id_of(first) == namespace_id_of(second));
  Request add;
  add.op = OpCode::kAdd;
  add.id = ObjectId{namespace_id_of(first), key_of("k")};
  add.ns_name = first;
  REQUIRE(run(store, add).code == StatusCode::kAdded);
  add.ns_name = second;
  add.id.key = key_of("k2");
  Response conflict = run(store, add);
  CHECK(conflict.code == StatusCode::kNamespaceConflict);
  CHECK(conflict.message.find(first) != std::string::npos);
  CHECK(conflict.message.find(second) != std::string::npos);
  Request read;
  read.op = OpCode::kRead;
  read.id = add.id;
  CHECK(run(store, read).code == StatusCode::kNotFound);
  // Reads need no name, and the first name stays registered.
  add.ns_name = first;
  CHECK(run(store, add).code == StatusCode::kAdded);
}

TEST_CASE_METHOD(Fixture, "bulk add and bulk read answer per item", "[core][store]") {
  run(store, req(OpCode::kAdd, "b", "old"));
  Request bulk = req(OpCode::kBulkAdd, "unused");
  bulk.policy.timeout_s = 60;
  bulk.items = {BulkItem{key_of("a"), "a", "va"}, BulkItem{key_of("b"), "b", "vb"},
                BulkItem{key_of("c"), "c", "vc"}};
  Response added = run(store, bulk);
  CHECK(added.code == StatusCode::kOk);
  REQUIRE(added.items.size() == 3);
  CHECK(added.items[0].code == StatusCode::kAdded);
  CHECK(added.items[1].code == StatusCode::kAlreadyExists);
  CHECK(added.items[2].code == StatusCode::kAdded);
  CHECK(added.items[0].version >= 1);
  CHECK(run(store, req(OpCode::kMetadata, "c")).meta.timeout_s == 60);
  CHECK(run(store, req(OpCode::kMetadata, "c")).meta.key_name == "c");

  Request read = req(OpCode::kBulkRead, "unused");
  read.items = {BulkItem{key_of("a"), "", ""}, BulkItem{key_of("zz"), "", ""},
                BulkItem{key_of("b"), "", ""}};
  Response got = run(store, read);
  CHECK(got.code == StatusCode::kOk);
  REQUIRE(got.items.size() == 3);
  CHECK(got.items[0].code == StatusCode::kRetrieved);
  CHECK(got.items[0].value == "va");
  CHECK(got.items[0].version == added.items[0].version);
  CHECK(got.items[1].code == StatusCode::kNotFound);
  CHECK(got.items[2].value == "old");
}

TEST_CASE("StoreOptions::validate names the bad field", "[core][store]") {
  StoreOptions o;
  CHECK(o.validate().is_ok());
  o.lru_threshold_pct = 0;
  CHECK(o.validate().message().find("lru_threshold_pct") != std::string_view::npos);
  o = StoreOptions{};
  o.lru_threshold_pct = 101;
  CHECK_FALSE(o.validate().is_ok());
  o = StoreOptions{};
  o.lock_timeout_s = 0;
  CHECK(o.validate().message().find("lock_timeout_s") != std::string_view::npos);
  o.lock_timeout_s = 86401;
  CHECK_FALSE(o.validate().is_ok());
  o = StoreOptions{};
  o.max_object_bytes = 0;
  CHECK(o.validate().message().find("max_object_bytes") != std::string_view::npos);
  o.max_object_bytes = (2ull << 30) + 1;
  CHECK_FALSE(o.validate().is_ok());
  o = StoreOptions{};
  o.max_list_page = 0;
  CHECK(o.validate().message().find("max_list_page") != std::string_view::npos);

  ManualClock clock;
  Store store(clock, StoreOptions{});
  StoreOptions bad;
  bad.lock_timeout_s = 0;
  CHECK(store.set_options(bad).code() == StatusCode::kInvalidArgument);
  CHECK(store.options().lock_timeout_s == 90);
  StoreOptions good;
  good.lock_timeout_s = 5;
  CHECK(store.set_options(good).is_ok());
  CHECK(store.options().lock_timeout_s == 5);
}

TEST_CASE_METHOD(Fixture, "stats count requests and objects", "[core][store]") {
  run(store, req(OpCode::kAdd, "a", "1"));
  run(store, req(OpCode::kAdd, "b", "2"));
  run(store, req(OpCode::kRead, "zz"));
  StoreStats s = store.stats();
  CHECK(s.requests == 3);
  CHECK(s.objects == 2);
  REQUIRE(s.namespaces.size() == 1);
  CHECK(s.namespaces[0].objects == 2);
  CHECK(s.namespaces[0].bytes == s.bytes);
}
