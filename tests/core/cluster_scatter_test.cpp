// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// Requests that span partitions on a store of several simulated hosts: listings, queries and
// clears gather one share per primary host; bulk requests go key by key to the primaries.
#include <set>
#include <string>

#include "core/sim/cluster_sim.hpp"
#include "core/sim/cluster_test_support.hpp"
#include "support/catch.hpp"

using namespace soss::core;
using namespace soss::core::sim;
using soss::StatusCode;

namespace {

Request spanning(OpCode op) {
  Request r;
  r.op = op;
  r.id.ns = namespace_id_of("t");
  r.ns_name = "t";
  return r;
}

}  // namespace

TEST_CASE("cluster: listings, queries, clears and bulk requests span every host",
          "[core][cluster]") {
  ClusterSim sim(11, sim_options(1), ids_upto(3), 4, 0);
  start_all(sim);
  std::vector<HostId> all = sim.ids();
  REQUIRE(sim.run_until([&] { return sim.healthy(all); }, milliseconds(20000)));
  for (int i = 0; i < 300; ++i) {
    Request w = put("key" + std::to_string(i), "v" + std::to_string(i));
    w.key_name = "key" + std::to_string(i);
    w.indexes = {i % 2 == 0 ? "even" : "odd"};
    REQUIRE(call(sim, 1 + i % 3, w).code == StatusCode::kAdded);
  }
  for (HostId h : all) {
    REQUIRE(sim.host(h).membership().map().count_primaries(h) > 0);  // three shares
  }

  Response ns = call(sim, 2, spanning(OpCode::kListNamespaces));
  REQUIRE(ns.code == StatusCode::kOk);
  REQUIRE(ns.namespaces.size() == 1);
  CHECK(ns.namespaces[0].name == "t");
  CHECK(ns.namespaces[0].objects == 300);  // primaries only, not the replicas' copies

  // Pages of 70 from host 3: every key once, in key order, then no cursor.
  std::set<std::string> seen;
  Request list = spanning(OpCode::kListKeys);
  list.limit = 70;
  KeyBytes last{};
  int pages = 0;
  for (; pages < 20; ++pages) {
    Response page = call(sim, 3, list);
    REQUIRE(page.code == StatusCode::kOk);
    for (const KeyInfo& k : page.keys) {
      CHECK((seen.empty() || last < k.key));
      last = k.key;
      CHECK(seen.insert(k.key_name).second);
    }
    CHECK(page.keys.size() <= 70);
    if (page.cursor.empty()) {
      break;
    }
    list.cursor = page.cursor;
  }
  CHECK(pages == 4);  // 70 + 70 + 70 + 70 + 20
  CHECK(seen.size() == 300);

  Request query = spanning(OpCode::kQuery);
  query.indexes = {"even"};
  Response evens = call(sim, 1, query);
  REQUIRE(evens.code == StatusCode::kOk);
  CHECK(evens.keys.size() == 150);
  query.limit = 10;
  CHECK(call(sim, 1, query).keys.size() == 10);

  Request bulk_read = spanning(OpCode::kBulkRead);
  for (int i : {5, 6, 7, 999}) {
    bulk_read.items.push_back(BulkItem{key_of("key" + std::to_string(i)), {}, {}});
  }
  Response read = call(sim, 2, bulk_read);
  REQUIRE(read.code == StatusCode::kOk);
  REQUIRE(read.items.size() == 4);
  CHECK((read.items[0].code == StatusCode::kRetrieved && read.items[0].value == "v5"));
  CHECK((read.items[2].code == StatusCode::kRetrieved && read.items[2].value == "v7"));
  CHECK(read.items[3].code == StatusCode::kNotFound);

  Request bulk_add = spanning(OpCode::kBulkAdd);
  for (int i : {300, 301, 302, 0}) {
    std::string name = "key" + std::to_string(i);
    bulk_add.items.push_back(BulkItem{key_of(name), name, "new"});
  }
  Response added = call(sim, 3, bulk_add);
  REQUIRE(added.items.size() == 4);
  CHECK(added.items[0].code == StatusCode::kAdded);
  CHECK(added.items[3].code == StatusCode::kAlreadyExists);
  CHECK(objects_on_all_hosts(sim) == 2 * 303);  // each added object has its replica

  Response cleared = call(sim, 1, spanning(OpCode::kClearNamespace));
  REQUIRE(cleared.code == StatusCode::kOk);
  CHECK(cleared.count == 303);
  CHECK(objects_on_all_hosts(sim) == 0);  // the replicas' copies went too, before the answer
  CHECK(call(sim, 2, spanning(OpCode::kListKeys)).keys.empty());
  CHECK(call(sim, 2, get("key1")).code == StatusCode::kNotFound);
}

TEST_CASE("cluster: a share asked in another epoch is refused, the request retried",
          "[core][cluster]") {
  ClusterSim sim(12, sim_options(1), ids_upto(4), 4, 0);
  sim.start(1, {});
  sim.start(2, {1});
  sim.start(3, {1});
  std::vector<HostId> three = {1, 2, 3};
  REQUIRE(sim.run_until([&] { return sim.healthy(three); }, milliseconds(20000)));
  for (int i = 0; i < 40; ++i) {
    REQUIRE(call(sim, 1, put("key" + std::to_string(i), "v")).code == StatusCode::kAdded);
  }
  // A listing issued while a fourth host joins either answers in full or asks for a retry.
  sim.start(4, {1});
  int full = 0;
  int retry = 0;
  for (int round = 0; round < 40; ++round) {
    Response r = call(sim, 1 + round % 3, spanning(OpCode::kListKeys));
    if (r.code == StatusCode::kOk) {
      CHECK(r.keys.size() == 40);
      ++full;
    } else {
      CHECK(r.code == StatusCode::kNotReady);
      ++retry;
    }
    sim.run_for(milliseconds(50));
  }
  CHECK(full > 0);
  INFO("retries " << retry);
  std::vector<HostId> all = sim.ids();
  REQUIRE(sim.run_until([&] { return sim.healthy(all); }, milliseconds(20000)));
  CHECK(call(sim, 4, spanning(OpCode::kListKeys)).keys.size() == 40);
}
