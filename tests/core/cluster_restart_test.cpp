// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// Restarts in the cluster simulator, as a service restarts (ClusterSim::restart: a new
// ClusterHost that seeks its store knowing its last view): a host killed and started again,
// before or after the others notice, joins their store and never founds a second one beside it;
// a whole farm restarted founds one store; a host that comes back alone waits for the operator.
// Every acknowledged write is checked (linearizability of each key's history).
#include <set>
#include <string>
#include <vector>

#include "core/sim/cluster_sim.hpp"
#include "core/sim/cluster_test_support.hpp"
#include "support/catch.hpp"

using namespace soss::core;
using namespace soss::core::sim;
using std::chrono::milliseconds;

namespace {

// The service's defaults: heartbeats every 300 ms, suspected after 20 missed (6 s), so that the
// restart delays below fall on both sides of the time the others take to notice.
ClusterHostOptions service_like_options() {
  ClusterHostOptions o = sim_options(1);
  o.membership.heartbeat = milliseconds(300);
  o.membership.heartbeat_misses = 20;
  o.retransmit = milliseconds(300);
  return o;
}

std::size_t stores_served(ClusterSim& sim) {
  std::set<std::uint64_t> lineages;
  for (HostId id : sim.up_ids()) {
    if (sim.host(id).membership().serving()) {
      lineages.insert(sim.host(id).membership().view().lineage);
    }
  }
  return lineages.size();
}

}  // namespace

TEST_CASE("cluster: a host killed and restarted at once rejoins its store; no write is lost",
          "[core][cluster][restart]") {
  const std::vector<int> delays_ms = {100, 1000, 3000, 10000};
  for (HostId victim : {HostId{1}, HostId{2}, HostId{3}}) {
    for (int delay : delays_ms) {
      INFO("host " << victim << " restarted after " << delay << " ms");
      ClusterSim sim(victim * 100 + static_cast<std::uint64_t>(delay), service_like_options(),
                     ids_upto(3), 8, 4);
      start_all(sim);
      const std::vector<HostId> all = sim.ids();
      REQUIRE(sim.run_until([&] { return sim.healthy(all); }, milliseconds(60000)));
      sim.run_for(milliseconds(1000));
      const std::uint64_t lineage = sim.host(2).membership().view().lineage;
      sim.crash(victim);
      sim.run_for(milliseconds(delay));
      sim.restart(victim, sim.others(victim));
      // Never two stores at once: the restarted host founds none of its own.
      bool forked = false;
      bool back = sim.run_until(
          [&] {
            forked = forked || stores_served(sim) > 1;
            return sim.healthy(all);
          },
          milliseconds(60000));
      CHECK_FALSE(forked);
      REQUIRE(back);
      CHECK(sim.host(victim).membership().view().lineage == lineage);
      REQUIRE(sim.final_reads(all.front(), milliseconds(20000)));
      CHECK(sim.check() == "");
    }
  }
}

TEST_CASE("cluster: a whole farm restarted founds one store; the lowest id founds it",
          "[core][cluster][restart]") {
  ClusterSim sim(7, sim_options(1), ids_upto(3), 4, 0);
  start_all(sim);
  const std::vector<HostId> all = sim.ids();
  REQUIRE(sim.run_until([&] { return sim.healthy(all); }, milliseconds(20000)));
  for (HostId id : all) {
    sim.crash(id);
  }
  sim.run_for(milliseconds(500));
  for (HostId id : {HostId{3}, HostId{1}, HostId{2}}) {
    sim.restart(id, sim.others(id));
  }
  bool forked = false;
  REQUIRE(sim.run_until(
      [&] {
        forked = forked || stores_served(sim) > 1;
        return sim.healthy(all);
      },
      milliseconds(30000)));
  CHECK_FALSE(forked);
  CHECK(call(sim, 3, put("a", "1")).code == soss::StatusCode::kAdded);
  CHECK(call(sim, 1, get("a")).value == "1");
}

TEST_CASE("cluster: a host that comes back without a majority of its last view founds nothing",
          "[core][cluster][restart]") {
  ClusterSim sim(8, sim_options(1), ids_upto(3), 4, 0);
  start_all(sim);
  const std::vector<HostId> all = sim.ids();
  REQUIRE(sim.run_until([&] { return sim.healthy(all); }, milliseconds(20000)));
  for (HostId id : all) {
    sim.crash(id);
  }
  sim.restart(1, sim.others(1));
  sim.run_for(milliseconds(5000));  // many search times (200 ms here)
  CHECK(sim.host(1).membership().state() == HostState::kJoining);
  CHECK(call(sim, 1, put("a", "1")).code == soss::StatusCode::kNotReady);

  SECTION("a second host of the three comes back: together they are a majority") {
    sim.restart(3, sim.others(3));
    const std::vector<HostId> two = {1, 3};
    REQUIRE(sim.run_until([&] { return sim.healthy(two); }, milliseconds(20000)));
    CHECK(sim.host(1).membership().view().members.size() == 2);
  }
  SECTION("the operator founds a new store (soss join --force)") {
    sim.host(1).leave();  // ends the search, as ClusterDriver::join(found) does
    sim.start(1, {});
    REQUIRE(sim.run_until([&] { return sim.healthy({1}); }, milliseconds(5000)));
  }
}

TEST_CASE("cluster: a host that left founds a store again when it hears none",
          "[core][cluster][restart]") {
  ClusterSim sim(9, sim_options(1), ids_upto(2), 4, 0);
  start_all(sim);
  REQUIRE(sim.run_until([&] { return sim.healthy({1, 2}); }, milliseconds(20000)));
  sim.host(2).leave();
  REQUIRE(sim.run_until([&] { return sim.healthy({1}); }, milliseconds(20000)));
  REQUIRE(sim.host(2).membership().state() == HostState::kInactive);
  sim.crash(1);
  sim.crash(2);
  sim.restart(2, sim.others(2));  // its last view: none (it left)
  REQUIRE(sim.run_until([&] { return sim.healthy({2}); }, milliseconds(5000)));
}
