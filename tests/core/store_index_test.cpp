// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <optional>
#include <set>
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

const std::string kNs = "index";

ObjectId oid(std::string_view key, std::string_view ns = kNs) {
  return ObjectId{namespace_id_of(ns), key_of(key)};
}

Request req(OpCode op, std::string_view key, std::string value = {}) {
  return store_test::make_request(op, kNs, key, std::move(value), store_test::KeyName::kSend);
}

Request indexed(std::string_view key, std::vector<std::string> indexes) {
  Request r = req(OpCode::kPut, key, "v");
  r.indexes = std::move(indexes);
  return r;
}

Request query(std::vector<std::string> filter) {
  Request r;
  r.op = OpCode::kQuery;
  r.id.ns = namespace_id_of(kNs);
  r.indexes = std::move(filter);
  return r;
}

using store_test::run;

std::set<std::string> names(const Response& r) {
  std::set<std::string> out;
  for (const KeyInfo& k : r.keys) {
    out.insert(k.key_name);
  }
  return out;
}

struct Fixture {
  ManualClock clock;
  Store store{clock, StoreOptions{}};

  std::set<std::string> found(std::vector<std::string> filter) {
    Response r = run(store, query(std::move(filter)));
    CHECK(r.code == StatusCode::kOk);
    return names(r);
  }
};

}  // namespace

TEST_CASE_METHOD(Fixture, "query matches every non-empty filter slot", "[core][store]") {
  run(store, indexed("apple", {"red", "fruit", "small"}));
  run(store, indexed("cherry", {"red", "fruit", "tiny"}));
  run(store, indexed("brick", {"red", "stone"}));
  run(store, indexed("banana", {"yellow", "fruit"}));
  run(store, req(OpCode::kPut, "plain", "v"));
  CHECK(found({"red"}) == std::set<std::string>{"apple", "cherry", "brick"});
  CHECK(found({"red", "fruit"}) == std::set<std::string>{"apple", "cherry"});
  CHECK(found({"", "fruit"}) == std::set<std::string>{"apple", "cherry", "banana"});
  CHECK(found({"red", "", "tiny"}) == std::set<std::string>{"cherry"});
  CHECK(found({"red", "fruit", "big"}).empty());
  CHECK(found({"fruit"}).empty());  // slots are positional
  CHECK(found({"", "", "", "", "", "", "", "nothing"}).empty());
  Response keys = run(store, query({"", "stone"}));
  REQUIRE(keys.keys.size() == 1);
  CHECK(keys.keys[0].key == key_of("brick"));
  // Another namespace's objects never match.
  Request elsewhere = indexed("apple", {"red"});
  elsewhere.id = oid("apple", "elsewhere");
  run(store, elsewhere);
  CHECK(found({"red"}).size() == 3);
}

TEST_CASE_METHOD(Fixture, "a query needs a filter", "[core][store]") {
  CHECK(run(store, query({})).code == StatusCode::kInvalidArgument);
  CHECK(run(store, query({"", ""})).code == StatusCode::kInvalidArgument);
}

TEST_CASE_METHOD(Fixture, "writes replace or keep index values", "[core][store]") {
  run(store, indexed("k", {"a", "b"}));
  CHECK(found({"a"}) == std::set<std::string>{"k"});
  run(store, req(OpCode::kUpdate, "k", "v2"));  // no indexes: kept
  CHECK(found({"a", "b"}) == std::set<std::string>{"k"});
  Request change = req(OpCode::kUpdate, "k", "v3");
  change.indexes = {"", "c"};
  run(store, change);
  CHECK(found({"a"}).empty());
  CHECK(found({"", "b"}).empty());
  CHECK(found({"", "c"}) == std::set<std::string>{"k"});
  CHECK(run(store, req(OpCode::kMetadata, "k")).meta.indexes == std::vector<std::string>{"", "c"});
}

TEST_CASE_METHOD(Fixture, "removed and expired objects leave the index", "[core][store]") {
  run(store, indexed("a", {"x"}));
  run(store, indexed("b", {"x"}));
  Request timed = indexed("c", {"x"});
  timed.policy.timeout_s = 5;
  run(store, timed);
  CHECK(found({"x"}).size() == 3);
  run(store, req(OpCode::kRemove, "a"));
  CHECK(found({"x"}) == std::set<std::string>{"b", "c"});
  clock.advance(TimePoint(5'000));
  CHECK(found({"x"}) == std::set<std::string>{"b"});  // due, even before tick
  store.tick();
  CHECK(found({"x"}) == std::set<std::string>{"b"});
  Request clear;
  clear.op = OpCode::kClearNamespace;
  clear.id.ns = namespace_id_of(kNs);
  run(store, clear);
  CHECK(found({"x"}).empty());
}

TEST_CASE("a query returns at most max_list_page keys", "[core][store]") {
  ManualClock clock;
  StoreOptions o;
  o.max_list_page = 5;
  Store store(clock, o);
  for (int i = 0; i < 12; ++i) {
    run(store, indexed("k" + std::to_string(i), {"same"}));
  }
  CHECK(run(store, query({"same"})).keys.size() == 5);
  Request limited = query({"same"});
  limited.limit = 3;
  CHECK(run(store, limited).keys.size() == 3);
}

TEST_CASE("list keys pages through a namespace once, in key order", "[core][store]") {
  ManualClock clock;
  StoreOptions o;
  o.max_list_page = 8;
  Store store(clock, o);
  std::set<std::string> added;
  for (int i = 0; i < 25; ++i) {
    std::string key = "key" + std::to_string(i);
    run(store, req(OpCode::kAdd, key, "v"));
    added.insert(key);
  }
  Request other = req(OpCode::kAdd, "foreign", "v");
  other.id = oid("foreign", "elsewhere");
  run(store, other);

  Request list;
  list.op = OpCode::kListKeys;
  list.id.ns = namespace_id_of(kNs);
  list.limit = 10;  // capped at max_list_page = 8
  std::vector<KeyInfo> seen;
  int pages = 0;
  do {
    Response page = run(store, list);
    REQUIRE(page.code == StatusCode::kOk);
    CHECK(page.keys.size() <= 8);
    seen.insert(seen.end(), page.keys.begin(), page.keys.end());
    list.cursor = page.cursor;
    ++pages;
  } while (!list.cursor.empty() && pages < 10);
  CHECK(pages == 4);
  REQUIRE(seen.size() == 25);
  std::set<std::string> listed;
  for (std::size_t i = 0; i < seen.size(); ++i) {
    listed.insert(seen[i].key_name);
    CHECK(seen[i].key == key_of(seen[i].key_name));
    if (i > 0) {
      CHECK(seen[i - 1].key < seen[i].key);
    }
  }
  CHECK(listed == added);
  // limit 0 means a full page.
  list.cursor.clear();
  list.limit = 0;
  CHECK(run(store, list).keys.size() == 8);
  list.cursor = "zz";
  CHECK(run(store, list).code == StatusCode::kInvalidArgument);
}

TEST_CASE_METHOD(Fixture, "a page that ends the namespace has no cursor", "[core][store]") {
  Request list;
  list.op = OpCode::kListKeys;
  list.id.ns = namespace_id_of(kNs);
  Response empty = run(store, list);
  CHECK(empty.keys.empty());
  CHECK(empty.cursor.empty());
  run(store, req(OpCode::kAdd, "a", "v"));
  run(store, req(OpCode::kAdd, "b", "v"));
  list.limit = 2;
  Response all = run(store, list);
  CHECK(all.keys.size() == 2);
  CHECK(all.cursor.empty());
  list.limit = 1;
  Response first = run(store, list);
  CHECK(first.keys.size() == 1);
  CHECK(first.cursor == key_hex(first.keys[0].key));
}

TEST_CASE_METHOD(Fixture, "clearing a namespace removes its objects and bytes only",
                 "[core][store]") {
  for (int i = 0; i < 10; ++i) {
    run(store, req(OpCode::kAdd, "k" + std::to_string(i), std::string(100, 'x')));
  }
  Request other = req(OpCode::kAdd, "keep", "v");
  other.id = oid("keep", "elsewhere");
  run(store, other);
  REQUIRE(run(store, req(OpCode::kLock, "k3")).code == StatusCode::kLocked);

  auto ns_info = [&](NamespaceId id) {
    StoreStats s = store.stats();
    auto it = std::find_if(s.namespaces.begin(), s.namespaces.end(),
                           [&](const NamespaceInfo& n) { return n.id == id; });
    return it == s.namespaces.end() ? NamespaceInfo{} : *it;
  };
  NamespaceInfo before = ns_info(namespace_id_of(kNs));
  CHECK(before.objects == 10);
  CHECK(before.bytes > 1000);
  const std::uint64_t other_bytes = ns_info(namespace_id_of("elsewhere")).bytes;
  CHECK(store.stats().bytes == before.bytes + other_bytes);

  Request clear;
  clear.op = OpCode::kClearNamespace;
  clear.id.ns = namespace_id_of(kNs);
  Response cleared = run(store, clear);
  CHECK(cleared.code == StatusCode::kOk);
  CHECK(cleared.count == 10);
  NamespaceInfo after = ns_info(namespace_id_of(kNs));
  CHECK(after.objects == 0);
  CHECK(after.bytes == 0);
  CHECK(store.stats().bytes == other_bytes);
  CHECK(store.stats().objects == 1);
  CHECK(run(store, req(OpCode::kRead, "k3")).code == StatusCode::kNotFound);
  Request list;
  list.op = OpCode::kListKeys;
  list.id.ns = namespace_id_of(kNs);
  CHECK(run(store, list).keys.empty());
  CHECK(run(store, req(OpCode::kAdd, "k3", "again")).code == StatusCode::kAdded);
  CHECK(run(store, clear).count == 1);
}

TEST_CASE_METHOD(Fixture, "a partial run lists, queries, counts and clears its partitions only",
                 "[core][store]") {
  PartitionSet half;
  std::set<std::string> inside;
  for (int i = 0; i < 40; ++i) {
    std::string key = "k" + std::to_string(i);
    run(store, indexed(key, {"x"}));
    if (i % 2 == 0) {
      half.set(partition_of(oid(key)));
    }
  }
  for (int i = 0; i < 40; ++i) {
    std::string key = "k" + std::to_string(i);
    if (half.test(partition_of(oid(key)))) {
      inside.insert(key);
    }
  }
  REQUIRE(inside.size() >= 20);
  REQUIRE(inside.size() < 40);

  Request list;
  list.op = OpCode::kListKeys;
  list.id.ns = namespace_id_of(kNs);
  std::vector<Effect> effects;
  CHECK(names(store.execute_partial(list, half, &effects)) == inside);
  CHECK(names(store.execute_partial(query({"x"}), half, &effects)) == inside);
  Request namespaces;
  namespaces.op = OpCode::kListNamespaces;
  Response ns = store.execute_partial(namespaces, half, &effects);
  REQUIRE(ns.namespaces.size() == 1);
  CHECK(ns.namespaces[0].objects == inside.size());
  CHECK(effects.empty());

  Request clear;
  clear.op = OpCode::kClearNamespace;
  clear.id.ns = namespace_id_of(kNs);
  Response cleared = store.execute_partial(clear, half, &effects);
  CHECK(cleared.count == inside.size());
  CHECK(effects.size() == inside.size());  // one removal per object, for the replicas
  CHECK(store.stats().objects == 40 - inside.size());
  CHECK(names(run(store, list)).count(*inside.begin()) == 0);

  Request read = req(OpCode::kRead, "k0");
  CHECK(store.execute_partial(read, half, &effects).code == StatusCode::kInvalidArgument);
}
