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

const std::string kNs = "memory";
// Accounted bytes per object: value + key name + content type + index values + this overhead.
constexpr std::uint64_t kOverhead = 128;
// A value that makes an object (without key name) account for exactly 1000 bytes.
const std::string kValue(1000 - kOverhead, 'x');

ObjectId oid(std::string_view key) { return ObjectId{namespace_id_of(kNs), key_of(key)}; }

Request req(OpCode op, std::string_view key, std::string value = {}) {
  return store_test::make_request(op, kNs, key, std::move(value));
}

using store_test::run;

StoreOptions limited(std::uint64_t max_memory, std::uint32_t threshold_pct = 100) {
  StoreOptions o;
  o.max_memory_bytes = max_memory;
  o.lru_threshold_pct = threshold_pct;
  return o;
}

struct Fixture {
  ManualClock clock;
  Store store{clock, limited(3000)};

  bool present(std::string_view key) {
    return run(store, req(OpCode::kMetadata, key)).code == StatusCode::kRetrieved;
  }
  Response add(std::string_view key, Priority priority = Priority::kNormal) {
    Request r = req(OpCode::kAdd, key, kValue);
    r.policy.priority = priority;
    return run(store, r);
  }
};

}  // namespace

TEST_CASE("accounted bytes cover value, names, index values and overhead", "[core][store]") {
  ManualClock clock;
  Store store(clock, StoreOptions{});
  Request r = req(OpCode::kAdd, "k", std::string(100, 'v'));
  r.key_name = "k";
  r.content_type = "text/x";
  r.indexes = {"ab", "", "cde"};
  run(store, r);
  const std::uint64_t expected = 100 + 1 + 6 + 5 + kOverhead;
  StoreStats s = store.stats();
  CHECK(s.bytes == expected);
  REQUIRE(s.namespaces.size() == 1);
  CHECK(s.namespaces[0].bytes == expected);
  // An update that keeps the key name and indexes changes only the value part.
  Request u = req(OpCode::kUpdate, "k", std::string(10, 'v'));
  u.content_type = "text/x";
  run(store, u);
  CHECK(store.stats().bytes == expected - 90);
  run(store, req(OpCode::kRemove, "k"));
  CHECK(store.stats().bytes == 0);
}

TEST_CASE_METHOD(Fixture, "the least recently used object is evicted first", "[core][store]") {
  add("a");
  add("b");
  add("c");
  CHECK(store.stats().bytes == 3000);
  CHECK(store.stats().evictions == 0);
  add("d");
  CHECK_FALSE(present("a"));
  CHECK(present("b"));
  CHECK(store.stats().evictions == 1);
  CHECK(store.stats().bytes == 3000);
  // A read makes b recent, so c goes next.
  run(store, req(OpCode::kRead, "b"));
  add("e");
  CHECK(present("b"));
  CHECK_FALSE(present("c"));
  // An update makes d recent, so b goes next.
  run(store, req(OpCode::kUpdate, "d", kValue));
  add("f");
  CHECK_FALSE(present("b"));
  CHECK(present("d"));
  CHECK(present("e"));
  CHECK(store.stats().evictions == 3);
}

TEST_CASE_METHOD(Fixture, "NotRemovable and locked objects are never evicted", "[core][store]") {
  add("pinned", Priority::kNotRemovable);
  add("locked");
  add("plain");
  run(store, req(OpCode::kLock, "locked"));
  add("new");
  CHECK(present("pinned"));
  CHECK(present("locked"));
  CHECK_FALSE(present("plain"));
  // Now "new" is the only evictable object, so it makes room for the next one.
  CHECK(add("another").code == StatusCode::kAdded);
  CHECK_FALSE(present("new"));
  CHECK(present("pinned"));
  CHECK(present("locked"));
  CHECK(store.stats().evictions == 2);
}

TEST_CASE_METHOD(Fixture, "writes get LowMemory when nothing can be evicted", "[core][store]") {
  add("p1", Priority::kNotRemovable);
  add("p2", Priority::kNotRemovable);
  add("l1");
  run(store, req(OpCode::kLock, "l1"));
  Response refused = add("x");
  CHECK(refused.code == StatusCode::kLowMemory);
  CHECK_FALSE(refused.message.empty());
  CHECK_FALSE(present("x"));
  CHECK(store.stats().evictions == 0);
  CHECK(store.stats().objects == 3);
  // Growing an existing object is refused too; shrinking is always allowed.
  Response grow = run(store, req(OpCode::kUpdate, "p1", kValue + "more"));
  CHECK(grow.code == StatusCode::kLowMemory);
  CHECK(run(store, req(OpCode::kRead, "p1")).value == kValue);
  CHECK(run(store, req(OpCode::kUpdate, "p1", "small")).code == StatusCode::kUpdated);
  CHECK(store.stats().bytes == 2000 + kOverhead + 5);
  CHECK(run(store, req(OpCode::kAdd, "x", std::string(500, 'x'))).code == StatusCode::kAdded);
}

TEST_CASE_METHOD(Fixture, "the object being written is not evicted for itself", "[core][store]") {
  add("a");
  add("b");
  add("c");
  // a is the oldest; growing it evicts b, the next oldest, not a itself.
  Response grown = run(store, req(OpCode::kUpdate, "a", kValue + std::string(500, 'y')));
  CHECK(grown.code == StatusCode::kUpdated);
  CHECK(present("a"));
  CHECK_FALSE(present("b"));
  CHECK(present("c"));
  CHECK(store.stats().bytes == 2500);
}

TEST_CASE("eviction starts at the LRU threshold", "[core][store]") {
  ManualClock clock;
  Store store(clock, limited(4000, 50));  // evict above 2000 bytes
  for (const char* key : {"a", "b"}) {
    run(store, req(OpCode::kAdd, key, kValue));
  }
  CHECK(store.stats().evictions == 0);
  run(store, req(OpCode::kAdd, "c", kValue));
  CHECK(store.stats().evictions == 1);
  CHECK(store.stats().bytes == 2000);
  CHECK(run(store, req(OpCode::kRead, "a")).code == StatusCode::kNotFound);
}

TEST_CASE_METHOD(Fixture, "an evicted object takes its dependents along", "[core][store]") {
  add("parent");
  Request child = req(OpCode::kAdd, "child", kValue);
  child.policy.parents = {oid("parent")};
  child.policy.priority = Priority::kNotRemovable;
  run(store, child);
  add("other");
  run(store, req(OpCode::kRead, "other"));
  add("new");
  CHECK_FALSE(present("parent"));
  CHECK_FALSE(present("child"));
  StoreStats s = store.stats();
  CHECK(s.evictions == 1);
  CHECK(s.dependency_removals == 1);
  CHECK(s.bytes == 2000);
}

TEST_CASE_METHOD(Fixture, "lowering max_memory evicts at once", "[core][store]") {
  add("a");
  add("b");
  add("c");
  REQUIRE(store.set_options(limited(2000)).is_ok());
  CHECK_FALSE(present("a"));
  CHECK(store.stats().bytes == 2000);
  CHECK(store.stats().evictions == 1);
  REQUIRE(store.set_options(limited(0)).is_ok());
  for (const char* key : {"d", "e", "f", "g"}) {
    CHECK(add(key).code == StatusCode::kAdded);
  }
  CHECK(store.stats().evictions == 1);
}

TEST_CASE_METHOD(Fixture, "a changed priority moves an object in or out of the LRU",
                 "[core][store]") {
  add("a", Priority::kNotRemovable);
  add("b");
  add("c");
  Request pin = req(OpCode::kPut, "b", kValue);
  pin.policy.priority = Priority::kNotRemovable;
  run(store, pin);
  Request unpin = req(OpCode::kPut, "a", kValue);
  run(store, unpin);
  add("d");
  CHECK(present("b"));
  CHECK_FALSE(present("c"));
  CHECK(present("a"));
  add("e");
  CHECK_FALSE(present("a"));
  CHECK(present("b"));
}

TEST_CASE("a memory limit set at run time evicts in the exact LRU order of earlier accesses",
          "[core][store]") {
  // Without max_memory the store keeps no LRU list, only a use sequence; turning the limit on
  // must rebuild the list from it.
  ManualClock clock;
  Store store{clock, StoreOptions{}};
  for (const char* key : {"a", "b", "c", "d"}) {
    REQUIRE(run(store, req(OpCode::kAdd, key, kValue)).code == StatusCode::kAdded);
  }
  REQUIRE(run(store, req(OpCode::kRead, "a")).code == StatusCode::kRetrieved);  // order: b c d a
  REQUIRE(run(store, req(OpCode::kRead, "c")).code == StatusCode::kRetrieved);  // order: b d a c
  REQUIRE(store.set_options(limited(2000)).is_ok());  // room for two: b and d go
  auto present = [&](const char* key) {
    return run(store, req(OpCode::kMetadata, key)).code == StatusCode::kRetrieved;
  };
  CHECK_FALSE(present("b"));
  CHECK_FALSE(present("d"));
  CHECK(present("a"));
  CHECK(present("c"));
  CHECK(store.stats().evictions == 2);
}
