// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// Dependencies whose parent and child have different primaries (sim/cluster_sim.hpp): updates,
// removals, expiry and eviction of the parent remove the child on its primary and its replicas,
// also when a primary fails in between; eviction picks only a host's own primaries; a lost
// Release is told again.
#include <algorithm>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/sim/cluster_sim.hpp"
#include "core/sim/cluster_test_support.hpp"
#include "support/catch.hpp"

using namespace soss::core;
using namespace soss::core::sim;
using soss::StatusCode;
using std::chrono::milliseconds;

namespace {

ObjectId id_of(const std::string& key) { return get(key).id; }

bool contains(const std::vector<HostId>& hosts, HostId h) {
  return std::find(hosts.begin(), hosts.end(), h) != hosts.end();
}

// A key of namespace "t" whose partition has `primary` as primary and, when given, `replica`
// among its replicas (`not_replica`: not among them). Fails the test if none of the first keys
// tried fits.
std::string key_on(ClusterSim& sim, const std::string& prefix, HostId primary, HostId replica = 0,
                   HostId not_replica = 0) {
  const PartitionMap& map = sim.host(primary).membership().map();
  for (int i = 0; i < 100000; ++i) {
    std::string key = prefix + std::to_string(i);
    PartitionId p = partition_of(id_of(key));
    const auto& replicas = map.replicas_of(p);
    if (map.primary_of(p) == primary && (replica == 0 || contains(replicas, replica)) &&
        (not_replica == 0 || !contains(replicas, not_replica))) {
      return key;
    }
  }
  FAIL("no key found for primary " << primary);
  return {};
}

// The state of `id` in `store` (read without changing anything), if it holds it.
std::optional<ObjectState> state_in(Store& store, const ObjectId& id) {
  std::string cursor;
  do {
    for (Effect& e : store.export_partition(partition_of(id),
                                            std::numeric_limits<std::size_t>::max(), cursor)) {
      if (e.id == id && e.state) {
        return e.state;
      }
    }
  } while (!cursor.empty());
  return std::nullopt;
}

// The hosts that hold `key`'s partition in the map of `via`: primary first.
std::vector<HostId> holders(ClusterSim& sim, HostId via, const std::string& key) {
  PartitionId p = partition_of(id_of(key));
  const PartitionMap& map = sim.host(via).membership().map();
  std::vector<HostId> out{map.primary_of(p)};
  for (HostId r : map.replicas_of(p)) {
    out.push_back(r);
  }
  return out;
}

bool held_anywhere(ClusterSim& sim, const std::string& key) {
  for (HostId h : sim.up_ids()) {
    if (state_in(sim.host(h).store(), id_of(key))) {
      return true;
    }
  }
  return false;
}

Request child_of(const std::string& key, const std::vector<std::string>& parents) {
  Request r = put(key, "child");
  for (const std::string& p : parents) {
    r.policy.parents.push_back(id_of(p));
  }
  return r;
}

Request remove(const std::string& key) {
  Request r = get(key);
  r.op = OpCode::kRemove;
  return r;
}

bool has_dependent(const std::optional<ObjectState>& s, const std::string& child) {
  return s &&
         std::find(s->dependents.begin(), s->dependents.end(), id_of(child)) != s->dependents.end();
}

// Drops every dependency request `from` sends `to`, also those still in flight when `from`
// crashes (a cut link would deliver them once healed).
void lose_dependency_requests(ClusterSim& sim, HostId from, HostId to) {
  sim.net().set_filter([from, to](ClusterNetwork::Envelope& e) {
    if (auto* packet = std::get_if<ReplicationPacket>(&e.message)) {
      if (e.from == from && e.to == to) {
        packet->dependency_requests.clear();
      }
    }
    return true;
  });
}

struct Store3 {
  ClusterSim sim{21, sim_options(1), ids_upto(3), 4, 0};
  std::vector<HostId> all = sim.ids();

  Store3() {
    start_all(sim);
    REQUIRE(sim.run_until([&] { return sim.healthy(all); }, milliseconds(20000)));
  }
};

}  // namespace

TEST_CASE_METHOD(Store3, "cluster: updating or removing a parent removes its child on another host",
                 "[core][cluster][deps]") {
  for (bool update : {true, false}) {
    INFO((update ? "update" : "remove"));
    const std::string parent = key_on(sim, update ? "pu" : "pr", 1);
    const std::string child = key_on(sim, update ? "cu" : "cr", 2);
    const Response p = call(sim, 3, put(parent, "p"));
    REQUIRE(p.code == StatusCode::kAdded);
    const Response c = call(sim, 3, child_of(child, {parent}));
    REQUIRE(c.code == StatusCode::kAdded);
    // Acknowledged once linked: every copy of the parent knows the child, every copy of the
    // child knows the version of the parent it is linked to.
    for (HostId h : holders(sim, 1, parent)) {
      CHECK(has_dependent(state_in(sim.host(h).store(), id_of(parent)), child));
    }
    for (HostId h : holders(sim, 1, child)) {
      auto s = state_in(sim.host(h).store(), id_of(child));
      REQUIRE(s);
      CHECK(s->meta.parents == std::vector<ObjectId>{id_of(parent)});
      CHECK(s->parent_versions == std::vector<std::uint64_t>{p.meta.version});
    }
    const Response changed = call(sim, 1, update ? put(parent, "p2") : remove(parent));
    REQUIRE(changed.code == (update ? StatusCode::kUpdated : StatusCode::kRemoved));
    // The answer came after the child was removed on its primary and its replica.
    CHECK_FALSE(held_anywhere(sim, child));
    CHECK(call(sim, 2, get(child)).code == StatusCode::kNotFound);
    CHECK(sim.host(2).store().stats().dependency_removals == (update ? 1u : 2u));
  }
}

TEST_CASE_METHOD(Store3, "cluster: a cascade goes on through a third host before the answer",
                 "[core][cluster][deps]") {
  const std::string parent = key_on(sim, "p", 1);
  const std::string child = key_on(sim, "c", 2);
  const std::string grandchild = key_on(sim, "g", 3);
  const std::string sibling = key_on(sim, "s", 1);  // a child with the parent's primary
  REQUIRE(call(sim, 2, put(parent, "p")).code == StatusCode::kAdded);
  REQUIRE(call(sim, 2, child_of(child, {parent})).code == StatusCode::kAdded);
  REQUIRE(call(sim, 2, child_of(grandchild, {child})).code == StatusCode::kAdded);
  REQUIRE(call(sim, 2, child_of(sibling, {parent})).code == StatusCode::kAdded);
  REQUIRE(call(sim, 3, put(parent, "p2")).code == StatusCode::kUpdated);
  for (const std::string& key : {child, grandchild, sibling}) {
    INFO(key);
    CHECK_FALSE(held_anywhere(sim, key));
  }
  CHECK(call(sim, 1, get(parent)).value == "p2");
}

TEST_CASE_METHOD(Store3, "cluster: a parent that expires removes its child on another host",
                 "[core][cluster][deps]") {
  const std::string parent = key_on(sim, "p", 1);
  const std::string child = key_on(sim, "c", 3);
  Request timed = put(parent, "p");
  timed.policy.timeout_s = 2;
  REQUIRE(call(sim, 2, timed).code == StatusCode::kAdded);
  REQUIRE(call(sim, 2, child_of(child, {parent})).code == StatusCode::kAdded);
  sim.run_for(milliseconds(1500));
  CHECK(held_anywhere(sim, child));
  sim.run_for(milliseconds(1000));
  CHECK_FALSE(held_anywhere(sim, parent));
  CHECK_FALSE(held_anywhere(sim, child));
  CHECK(sim.host(1).store().stats().expirations == 1);
}

TEST_CASE_METHOD(Store3, "cluster: a child whose parent is absent is written without it",
                 "[core][cluster][deps]") {
  const std::string child = key_on(sim, "c", 2);
  const std::string parent = key_on(sim, "p", 3);
  const std::string present = key_on(sim, "q", 1);
  REQUIRE(call(sim, 1, put(present, "q")).code == StatusCode::kAdded);
  REQUIRE(call(sim, 1, child_of(child, {parent, present})).code == StatusCode::kAdded);
  for (HostId h : holders(sim, 1, child)) {
    auto s = state_in(sim.host(h).store(), id_of(child));
    REQUIRE(s);
    CHECK(s->meta.parents == std::vector<ObjectId>{id_of(present)});
  }
  REQUIRE(call(sim, 1, put(parent, "p")).code == StatusCode::kAdded);
  REQUIRE(call(sim, 1, remove(parent)).code == StatusCode::kRemoved);
  CHECK(call(sim, 1, get(child)).code == StatusCode::kRetrieved);
  REQUIRE(call(sim, 1, remove(present)).code == StatusCode::kRemoved);
  CHECK(call(sim, 1, get(child)).code == StatusCode::kNotFound);
}

TEST_CASE_METHOD(Store3,
                 "cluster: a child is removed when its parent's primary failed after the "
                 "update, before the removal arrived",
                 "[core][cluster][deps]") {
  const std::string parent = key_on(sim, "p", 1, 3);  // replica on host 3, not on host 2
  const std::string child = key_on(sim, "c", 2);
  REQUIRE(call(sim, 3, put(parent, "p")).code == StatusCode::kAdded);
  REQUIRE(call(sim, 3, child_of(child, {parent})).code == StatusCode::kAdded);
  lose_dependency_requests(sim, 1, 2);  // the removal request never reaches the child's primary
  auto answered = std::make_shared<bool>(false);
  submit(sim.host(1), put(parent, "p2"), [answered](Response) { *answered = true; });
  REQUIRE(sim.run_until(
      [&] {
        auto s = state_in(sim.host(3).store(), id_of(parent));
        return s && s->value == "p2";
      },
      milliseconds(2000)));
  CHECK_FALSE(*answered);  // it waits for the child's removal
  CHECK(held_anywhere(sim, child));
  sim.crash(1);
  REQUIRE(sim.run_until([&] { return sim.healthy({2, 3}); }, milliseconds(20000)));
  // Host 3 serves the updated parent; the child's primary checked the link and found it stale.
  CHECK(call(sim, 2, get(parent)).value == "p2");
  CHECK(call(sim, 2, get(child)).code == StatusCode::kNotFound);
  CHECK_FALSE(held_anywhere(sim, child));
}

TEST_CASE_METHOD(Store3,
                 "cluster: a link not confirmed when the child's primary failed is made by "
                 "the new primary",
                 "[core][cluster][deps]") {
  const std::string parent = key_on(sim, "p", 1);
  const std::string child = key_on(sim, "c", 2, 3);  // replica on host 3
  REQUIRE(call(sim, 3, put(parent, "p")).code == StatusCode::kAdded);
  lose_dependency_requests(sim, 2, 1);  // the link request never reaches the parent's primary
  auto answered = std::make_shared<bool>(false);
  submit(sim.host(2), child_of(child, {parent}), [answered](Response) { *answered = true; });
  REQUIRE(sim.run_until([&] { return state_in(sim.host(3).store(), id_of(child)).has_value(); },
                        milliseconds(2000)));
  CHECK_FALSE(*answered);  // the answer waits for the link
  CHECK_FALSE(has_dependent(state_in(sim.host(1).store(), id_of(parent)), child));
  sim.crash(2);
  REQUIRE(sim.run_until([&] { return sim.healthy({1, 3}); }, milliseconds(20000)));
  CHECK(has_dependent(state_in(sim.host(1).store(), id_of(parent)), child));
  auto linked = state_in(sim.host(3).store(), id_of(child));
  REQUIRE(linked);
  CHECK(linked->parent_versions.at(0) != 0);
  REQUIRE(call(sim, 3, put(parent, "p2")).code == StatusCode::kUpdated);
  CHECK_FALSE(held_anywhere(sim, child));
}

TEST_CASE_METHOD(Store3,
                 "cluster: eviction picks only the host's own primaries, replicates its "
                 "removals and cascades to other hosts",
                 "[core][cluster][deps]") {
  const std::string parent = key_on(sim, "p", 1);
  const std::string child = key_on(sim, "c", 2);
  REQUIRE(call(sim, 3, put(parent, "p")).code == StatusCode::kAdded);
  REQUIRE(call(sim, 3, child_of(child, {parent})).code == StatusCode::kAdded);
  StoreOptions limited = sim.host(1).store().options();
  limited.max_memory_bytes = 40 * 1024;
  REQUIRE(sim.host(1).store().set_options(limited).is_ok());
  for (int i = 0; i < 300; ++i) {
    const auto via = static_cast<HostId>(1 + i % 3);
    Response r = call(sim, via, put("fill" + std::to_string(i), std::string(200, 'x')));
    REQUIRE((r.code == StatusCode::kAdded || r.code == StatusCode::kLowMemory));
  }
  CHECK(sim.host(1).store().stats().evictions > 0);
  CHECK_FALSE(held_anywhere(sim, parent));  // the oldest of host 1's primaries
  CHECK_FALSE(held_anywhere(sim, child));
  // Every copy of every partition is the same as its primary's: nothing was dropped from a copy
  // alone.
  const PartitionMap& map = sim.host(1).membership().map();
  for (PartitionId p = 0; p < kPartitionCount; ++p) {
    std::string cursor;
    auto primary = sim.host(map.primary_of(p)).store().export_partition(p, ~std::size_t{0}, cursor);
    for (HostId r : map.replicas_of(p)) {
      std::string c2;
      INFO("partition " << p << " replica " << r);
      CHECK(sim.host(r).store().export_partition(p, ~std::size_t{0}, c2) == primary);
    }
  }
}

TEST_CASE("cluster: a Release lost on the way is told again", "[core][cluster][deps]") {
  ClusterSim sim(5, sim_options(0), ids_upto(3), 4, 0);
  start_all(sim);
  std::vector<HostId> all = sim.ids();
  REQUIRE(sim.run_until([&] { return sim.healthy(all); }, milliseconds(20000)));
  for (int i = 0; i < 60; ++i) {
    REQUIRE(call(sim, 2, put("key" + std::to_string(i), "v")).code == StatusCode::kAdded);
  }
  auto lost = std::make_shared<int>(0);
  sim.net().set_filter([lost](ClusterNetwork::Envelope& e) {
    if (auto* packet = std::get_if<ReplicationPacket>(&e.message)) {
      *lost += packet->releases.empty() ? 0 : 1;
      packet->releases.clear();
    }
    return true;
  });
  sim.host(3).leave();
  REQUIRE(sim.run_until([&] { return sim.healthy({1, 2}); }, milliseconds(20000)));
  sim.run_for(milliseconds(500));
  CHECK(*lost > 0);
  CHECK(sim.host(3).store().stats().objects > 0);  // nobody told it to drop its copies
  sim.net().set_filter({});
  sim.run_for(milliseconds(1000));
  CHECK(sim.host(3).store().stats().objects == 0);
}

// With max_replicas 0 no primary has replicas, so no host captures effects at all; links and
// cascades between hosts must still be made.
TEST_CASE("cluster: without replicas, dependencies across hosts are linked and cascaded",
          "[core][cluster][deps]") {
  ClusterSim sim(9, sim_options(0), ids_upto(3), 4, 0);
  start_all(sim);
  const std::vector<HostId> all = sim.ids();
  REQUIRE(sim.run_until([&] { return sim.healthy(all); }, milliseconds(20000)));
  const std::string parent = key_on(sim, "p", 1);
  const std::string child = key_on(sim, "c", 2);
  const std::string grandchild = key_on(sim, "g", 3);
  const Response p = call(sim, 3, put(parent, "p"));
  REQUIRE(p.code == StatusCode::kAdded);
  REQUIRE(call(sim, 1, child_of(child, {parent})).code == StatusCode::kAdded);
  REQUIRE(call(sim, 2, child_of(grandchild, {child})).code == StatusCode::kAdded);
  CHECK(has_dependent(state_in(sim.host(1).store(), id_of(parent)), child));
  auto linked = state_in(sim.host(2).store(), id_of(child));
  REQUIRE(linked);
  CHECK(linked->parent_versions == std::vector<std::uint64_t>{p.meta.version});
  REQUIRE(call(sim, 3, put(parent, "p2")).code == StatusCode::kUpdated);
  CHECK_FALSE(held_anywhere(sim, child));
  CHECK_FALSE(held_anywhere(sim, grandchild));
  CHECK(call(sim, 1, get(grandchild)).code == StatusCode::kNotFound);

  // A parent that expires removes its child on another host too.
  Request timed = put(parent, "p3");
  timed.policy.timeout_s = 1;
  REQUIRE(call(sim, 2, timed).code == StatusCode::kUpdated);
  REQUIRE(call(sim, 2, child_of(child, {parent})).code == StatusCode::kAdded);
  CHECK(held_anywhere(sim, child));
  sim.run_for(milliseconds(1500));
  CHECK_FALSE(held_anywhere(sim, parent));
  CHECK_FALSE(held_anywhere(sim, child));
}
