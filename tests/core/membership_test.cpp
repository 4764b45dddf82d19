// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "soss/core/membership/membership.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <iterator>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "sim/sim_network.hpp"
#include "soss/core/common/log.hpp"
#include "support/catch.hpp"

using namespace soss::core;
using soss::core::sim::SimCluster;
using std::chrono::milliseconds;

namespace {

MembershipOptions fast_options() {
  MembershipOptions o;
  o.heartbeat = milliseconds(100);
  o.heartbeat_misses = 10;  // suspicion after 1 s
  o.max_replicas = 1;
  return o;
}

std::vector<HostId> ids(HostId n) {
  std::vector<HostId> out;
  for (HostId i = 1; i <= n; ++i) {
    out.push_back(i);
  }
  return out;
}

std::vector<HostId> member_ids(const View& v) {
  std::vector<HostId> out;
  for (const Member& m : v.members) {
    out.push_back(m.id);
  }
  return out;
}

// Every host of `expected` is up, active, and holds the same view (exactly `expected`) and map.
bool converged(SimCluster& c, const std::vector<HostId>& expected) {
  if (expected.empty()) {
    return true;
  }
  for (HostId id : expected) {
    if (!c.up(id) || c.host(id).state() != HostState::kActive) {
      return false;
    }
  }
  const Membership& first = c.host(expected[0]);
  if (member_ids(first.view()) != expected) {
    return false;
  }
  return std::all_of(expected.begin(), expected.end(), [&](HostId id) {
    return c.host(id).view() == first.view() && c.host(id).map() == first.map();
  });
}

// Every view any host ever held, by (lineage, epoch): two different ones is a safety bug.
class ViewLedger {
 public:
  void record(const Membership& h) {
    const View& v = h.view();
    if (v.epoch == 0) {
      return;
    }
    lineages_.insert(v.lineage);
    auto [it, added] = views_.try_emplace(std::make_pair(v.lineage, v.epoch));
    if (added) {
      it->second = v.members;
    } else if (it->second != v.members && violation_.empty()) {
      std::ostringstream s;
      s << "host " << h.self() << " holds epoch " << v.epoch << " with " << v.members.size()
        << " member(s) but another host committed " << it->second.size();
      violation_ = s.str();
    }
  }
  const std::string& violation() const { return violation_; }
  std::size_t lineages() const { return lineages_.size(); }

 private:
  std::map<std::pair<std::uint64_t, std::uint64_t>, std::vector<Member>> views_;
  std::set<std::uint64_t> lineages_;
  std::string violation_;
};

void form(SimCluster& c, const std::vector<HostId>& hosts) {
  c.start(hosts[0], {});
  c.run_for(milliseconds(50));
  for (std::size_t i = 1; i < hosts.size(); ++i) {
    c.start(hosts[i], {hosts[0]});
  }
  REQUIRE(c.run_until([&] { return converged(c, hosts); }, milliseconds(5000)));
}

}  // namespace

TEST_CASE("membership options are validated", "[core][membership]") {
  MembershipOptions o;
  CHECK(o.validate().code() == soss::StatusCode::kInvalidArgument);  // self 0
  o.self = 1;
  CHECK(o.validate().is_ok());
  o.heartbeat = milliseconds(5);
  CHECK(o.validate().code() == soss::StatusCode::kInvalidArgument);
  o.heartbeat = milliseconds(300);
  o.max_replicas = 3;
  CHECK(o.validate().code() == soss::StatusCode::kInvalidArgument);
}

TEST_CASE("the first host creates the store; two more join one view", "[core][membership]") {
  SimCluster c(1, fast_options(), ids(3));
  c.start(1, {});
  CHECK(c.host(1).state() == HostState::kActive);
  CHECK(c.host(1).view().epoch == 1);
  CHECK(c.host(1).map().count_primaries(1) == kPartitionCount);
  form(c, ids(3));
  for (HostId id : ids(3)) {
    CHECK(c.host(id).map().epoch() == c.host(id).view().epoch);
    CHECK(c.host(id).map().count_primaries(id) > 0);
    CHECK(c.host(id).map().count_replicas(id) > 0);
  }
}

TEST_CASE("a fourth host joins and every host agrees on view and map", "[core][membership]") {
  SimCluster c(2, fast_options(), ids(4));
  form(c, ids(3));
  const std::uint64_t before = c.host(1).view().epoch;
  c.start(4, {2});  // knows only a non-coordinator
  REQUIRE(c.run_until([&] { return converged(c, ids(4)); }, milliseconds(5000)));
  CHECK(c.host(4).view().epoch == before + 1);
  CHECK(c.host(4).map().count_primaries(4) == kPartitionCount / 4);
  c.run_for(milliseconds(3000));  // stays put: no spurious suspicion
  CHECK(converged(c, ids(4)));
  CHECK(c.host(4).view().epoch == before + 1);
}

TEST_CASE("a crashed host is removed in time and its replicas are promoted", "[core][membership]") {
  const MembershipOptions o = fast_options();
  SimCluster c(3, o, ids(3));
  form(c, ids(3));
  const PartitionMap old_map = c.host(1).map();
  const TimePoint crashed_at = c.clock().now();
  c.crash(2);
  REQUIRE(c.run_until([&] { return converged(c, {1, 3}); }, milliseconds(10000)));
  const auto took = c.clock().now() - crashed_at;
  CHECK(took >= o.suspicion_time());
  CHECK(took <= o.suspicion_time() + milliseconds(500));
  const PartitionMap& m = c.host(1).map();
  std::uint32_t moved = 0;
  std::uint32_t promoted = 0;
  for (PartitionId p = 0; p < kPartitionCount; ++p) {
    CHECK_FALSE(m.holds(p, 2));
    if (old_map.primary_of(p) == 2) {
      ++moved;
      const std::vector<HostId>& was = old_map.replicas_of(p);
      promoted += std::find(was.begin(), was.end(), m.primary_of(p)) != was.end() ? 1 : 0;
      CHECK(m.primary_of(p) != 0);
    } else {
      CHECK(m.primary_of(p) == old_map.primary_of(p));
    }
  }
  CHECK(moved == old_map.count_primaries(2));
  // Failover promotes a replica, except the few a survivor's quota cannot take (rebalance()).
  CHECK(promoted * 100 >= moved * 98);
  CHECK(diff(old_map, m).promoted.size() == promoted);
}

TEST_CASE("leave removes the host, coordinator or not", "[core][membership]") {
  SimCluster c(4, fast_options(), ids(4));
  form(c, ids(4));
  c.host(3).leave();
  CHECK(c.host(3).state() == HostState::kLeaving);
  REQUIRE(c.run_until([&] { return converged(c, {1, 2, 4}); }, milliseconds(3000)));
  REQUIRE(
      c.run_until([&] { return c.host(3).state() == HostState::kInactive; }, milliseconds(3000)));
  c.host(1).leave();  // the coordinator itself
  REQUIRE(c.run_until([&] { return converged(c, {2, 4}); }, milliseconds(3000)));
  REQUIRE(
      c.run_until([&] { return c.host(1).state() == HostState::kInactive; }, milliseconds(3000)));
  c.host(3).join({2});  // a host that left may come back
  REQUIRE(c.run_until([&] { return converged(c, {2, 3, 4}); }, milliseconds(3000)));
}

TEST_CASE("a 2|3 partition: the majority keeps a view, the minority isolates, heal converges",
          "[core][membership]") {
  const MembershipOptions o = fast_options();
  SimCluster c(5, o, ids(5));
  ViewLedger ledger;
  c.set_observer([&](const Membership& h) { ledger.record(h); });
  form(c, ids(5));
  const std::uint64_t epoch = c.host(1).view().epoch;
  c.net().partition({1, 2}, {3, 4, 5});
  auto split = [&] {
    return converged(c, {3, 4, 5}) && c.host(1).state() == HostState::kIsolated &&
           c.host(2).state() == HostState::kIsolated;
  };
  REQUIRE(c.run_until(split, o.suspicion_time() * 3));
  CHECK(c.host(1).view().epoch == epoch);  // the minority committed nothing
  CHECK_FALSE(c.host(1).serving());
  c.run_for(o.suspicion_time() * 2);
  CHECK(split());
  c.net().heal();
  REQUIRE(c.run_until([&] { return converged(c, ids(5)); }, o.suspicion_time() * 3));
  CHECK(ledger.violation().empty());
  CHECK(ledger.lineages() == 1);
}

// Seed 5 of the cluster schedules: hosts 2 and 3 accepted a view without the cut-off host 1, but
// the acks were lost, so nobody learned that it was chosen; after the heal host 1 was the
// coordinator again and wanted no change, and the chosen view stayed pending until a later
// failure made someone propose (and it then removed host 1 at the worst moment).
TEST_CASE("a view accepted by a majority but never committed is finished after the heal",
          "[core][membership]") {
  const MembershipOptions o = fast_options();
  SimCluster c(6, o, ids(3));
  ViewLedger ledger;
  c.set_observer([&](const Membership& h) { ledger.record(h); });
  form(c, ids(3));
  const std::uint64_t epoch = c.host(1).view().epoch;
  c.net().set_filter([](sim::Envelope& e) {
    return !std::holds_alternative<Ack>(e.message) && !std::holds_alternative<Commit>(e.message);
  });
  c.net().partition({1}, {2, 3});
  c.run_for(o.suspicion_time() * 2);
  CHECK(c.host(2).view().epoch == epoch);  // accepted, but nobody could commit
  c.net().set_filter({});
  c.net().heal();
  REQUIRE(c.run_until([&] { return c.host(2).view().epoch > epoch && converged(c, ids(3)); },
                      o.suspicion_time() * 3));
  CHECK(ledger.violation().empty());
}

// Seed 827 of the cluster schedules: when a one-way cut of host 2 healed, host 2 heard hosts 3
// and 5 first, took itself for the coordinator (it had not heard host 1 for long) and removed
// hosts 1 and 4 at once.
TEST_CASE("a host back from isolation does not remove members it has not heard yet",
          "[core][membership]") {
  const MembershipOptions o = fast_options();
  SimCluster c(7, o, ids(5));
  form(c, ids(5));
  const std::uint64_t epoch = c.host(1).view().epoch;
  for (HostId h : {1, 3, 4, 5}) {
    c.net().block(h, 2);  // host 2 hears nothing; the others still hear it
  }
  REQUIRE(c.run_until([&] { return c.host(2).state() == HostState::kIsolated; },
                      o.suspicion_time() * 2));
  const TimePoint healed = c.clock().now();
  c.net().set_filter([&](sim::Envelope& e) {
    // Hosts 1 and 4 are heard a little later than 3 and 5.
    return e.to != 2 || (e.from != 1 && e.from != 4) || c.clock().now() - healed > o.heartbeat * 3;
  });
  c.net().heal();
  c.run_for(o.suspicion_time() * 2);
  c.net().set_filter({});
  CHECK(c.host(1).view().epoch == epoch);
  CHECK(converged(c, ids(5)));
}

TEST_CASE("2-host store: the survivor serves; a true partition forks, heal merges",
          "[core][membership]") {
  MembershipOptions o = fast_options();
  SECTION("survivor rule on (SPEC)") {
    SimCluster c(6, o, ids(2));
    form(c, ids(2));
    c.net().partition({1}, {2});
    REQUIRE(c.run_until([&] { return converged(c, {1}) && converged(c, {2}); },
                        o.suspicion_time() * 3));
    CHECK(c.host(1).view().lineage != c.host(2).view().lineage);  // two histories
    c.net().heal();
    REQUIRE(c.run_until([&] { return converged(c, ids(2)); }, o.suspicion_time() * 3));
  }
  SECTION("survivor rule off: the survivor isolates") {
    o.two_host_survivor = false;
    SimCluster c(7, o, ids(2));
    form(c, ids(2));
    c.crash(2);
    REQUIRE(c.run_until([&] { return c.host(1).state() == HostState::kIsolated; },
                        o.suspicion_time() * 2));
    CHECK(c.host(1).view().members.size() == 2);
  }
}

namespace {

// One random schedule. Returns "" or what went wrong. `trace` prints the events on stderr.
std::string run_schedule(std::uint64_t seed, bool trace = false) {
  std::mt19937_64 rng(seed);
  auto pick = [&](std::uint64_t lo, std::uint64_t hi) {
    return std::uniform_int_distribution<std::uint64_t>(lo, hi)(rng);
  };
  MembershipOptions o;
  o.heartbeat = milliseconds(50);
  o.heartbeat_misses = 6;  // suspicion after 300 ms
  o.max_replicas = static_cast<std::uint32_t>(pick(0, 2));
  o.two_host_survivor = seed % 2 == 1;
  const std::vector<HostId> all = ids(pick(3, 5));
  SimCluster c(seed, o, all);
  ViewLedger ledger;
  c.set_observer([&](const Membership& h) { ledger.record(h); });
  c.start(1, {});
  for (std::size_t i = 1; i < all.size(); ++i) {
    c.start(all[i], {all[pick(0, i - 1)]});
  }
  if (!c.run_until([&] { return converged(c, all); }, milliseconds(5000))) {
    return "the store did not form";
  }
  std::set<HostId> down;
  for (int event = 0; event < 10 && ledger.violation().empty(); ++event) {
    const HostId h = all[pick(0, all.size() - 1)];
    std::vector<HostId> live;
    std::copy_if(all.begin(), all.end(), std::back_inserter(live),
                 [&](HostId x) { return down.count(x) == 0; });
    const std::uint64_t kind = pick(0, 6);
    if (trace) {
      std::cerr << "t=" << c.clock().now().count() << " event " << kind << " h=" << h << "\n";
    }
    switch (kind) {
      case 0: {  // two-way partition into two random sides
        std::vector<HostId> side = all;
        std::shuffle(side.begin(), side.end(), rng);
        const std::size_t cut = pick(1, side.size() - 1);
        c.net().partition({side.begin(), side.begin() + static_cast<std::ptrdiff_t>(cut)},
                          {side.begin() + static_cast<std::ptrdiff_t>(cut), side.end()});
        break;
      }
      case 1:  // one-way cut
        c.net().block(h, all[pick(0, all.size() - 1)]);
        break;
      case 2:  // bad network
        c.net().set_loss(static_cast<double>(pick(0, 30)) / 100.0);
        c.net().set_duplicate(static_cast<double>(pick(0, 10)) / 100.0);
        c.net().set_delay(milliseconds(pick(1, 10)), milliseconds(pick(10, 80)));
        break;
      case 3:
        c.net().heal();
        break;
      case 4:  // crash one host, only when the store is healthy (see membership.hpp)
        if (down.empty() && converged(c, live) && live.size() >= 3) {
          c.crash(h);
          down.insert(h);
        }
        break;
      case 5:  // a crashed host restarts as a new process
        if (down.count(h) != 0) {
          c.restart(h, c.others(h));
          down.erase(h);
        }
        break;
      default:  // a graceful leave, and a later join again
        if (down.empty() && converged(c, live) && live.size() >= 3) {
          c.host(h).leave();
          c.run_for(milliseconds(pick(0, 300)));
          c.host(h).join(c.others(h));
        }
        break;
    }
    c.run_for(milliseconds(pick(10, 1500)));
  }
  c.net().heal();
  for (HostId h : down) {
    c.restart(h, c.others(h));
  }
  if (!ledger.violation().empty()) {
    return ledger.violation();
  }
  if (!o.two_host_survivor && ledger.lineages() != 1) {
    return "a second lineage without the 2-host rule";
  }
  auto rejoin_and_check = [&] {
    for (HostId h : all) {  // a host that left comes back (its leave may end only now)
      if (c.host(h).state() == HostState::kInactive) {
        c.host(h).join(c.others(h));
      }
    }
    return converged(c, all);
  };
  if (!c.run_until(rejoin_and_check, milliseconds(30000))) {
    std::ostringstream s;
    for (HostId h : all) {
      const Membership& m = c.host(h);
      s << "host " << h << ": " << host_state_name(m.state()) << " epoch " << m.view().epoch
        << " members " << m.view().members.size() << "; ";
    }
    return "no convergence after heal: " + s.str();
  }
  return ledger.violation();
}

}  // namespace

TEST_CASE("random schedules: one view per epoch, convergence after heal",
          "[core][membership][slow]") {
  const char* count = std::getenv("SOSS_SIM_SEEDS");  // more seeds for a soak run
  const std::uint64_t seeds = count != nullptr ? std::strtoull(count, nullptr, 10) : 200;
  for (std::uint64_t seed = 1; seed <= seeds; ++seed) {
    const std::string problem = run_schedule(seed);
    INFO("seed " << seed << "; replay: SOSS_SIM_SEED=" << seed << " soss_core_tests \"[.replay]\"");
    INFO(problem);
    REQUIRE(problem.empty());
  }
}

namespace {

struct StderrSink : soss::log::LogSink {
  void write(soss::log::Level, std::string_view, std::string_view m) override {
    std::cerr << m << "\n";
  }
};

}  // namespace

// Replays one seed of the random test with the membership log and the event trace on stderr:
//   SOSS_SIM_SEED=42 soss_core_tests "[.replay]"
// (SOSS_SIM_SEEDS=N runs N seeds in the random test instead of 200.)
TEST_CASE("replay one random schedule", "[core][membership][.replay]") {
  StderrSink sink;
  soss::log::set_sink(&sink);
  soss::log::set_level(soss::log::Level::kDebug);
  const char* s = std::getenv("SOSS_SIM_SEED");
  const std::string problem = run_schedule(s != nullptr ? std::strtoull(s, nullptr, 10) : 1, true);
  soss::log::set_sink(nullptr);
  INFO(problem);
  CHECK(problem.empty());
}
