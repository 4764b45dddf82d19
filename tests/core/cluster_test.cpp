// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// Whole stores in one process (sim/cluster_sim.hpp): replication, failover, transfer, and seeded
// random schedules of crashes, partitions (one-way too), leaves, loss, delay and reordering with
// a client workload, checked for lost acknowledged writes and linearizability.
#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>

#include "core/sim/cluster_sim.hpp"
#include "core/sim/cluster_test_support.hpp"
#include "soss/core/common/log.hpp"
#include "support/catch.hpp"

using namespace soss::core;
using namespace soss::core::sim;
using soss::StatusCode;
using std::chrono::milliseconds;

namespace {

std::string balance_problem(ClusterSim& sim, const std::vector<HostId>& hosts) {
  const Membership& m = sim.host(hosts.front()).membership();
  for (const HostQuota& q : primary_quotas(m.view().shares())) {
    if (m.map().count_primaries(q.id) != q.count) {
      return "host " + std::to_string(q.id) + " is primary of " +
             std::to_string(m.map().count_primaries(q.id)) + " partitions, quota " +
             std::to_string(q.count);
    }
  }
  return {};
}

// `recovered` holds and still holds, in the same view, a while later. Healing can come while a
// view change the event set off is still being agreed (host 2 preparing epoch 4 ballot 3 when
// isolated host 1 hears the others again): the old view still looks healthy, the removal lands
// after the check, and the next event would overlap the re-replication it starts. Two failures
// at once are more than max_replicas 1 covers, so the loss that follows is the schedule's, not
// the store's (seed 5 lost k4 so with one timing: host 1 removed and re-admitted empty, then
// host 3, the only complete holder, crashed before the new replica was built).
template <typename Pred>
bool settled(ClusterSim& sim, Pred&& recovered, milliseconds limit) {
  const auto until = sim.clock().now() + limit;
  const milliseconds quiet = sim_options(1).membership.suspicion_time() * 3;
  for (int round = 0; round < 100 && sim.clock().now() < until; ++round) {
    const auto left = std::chrono::duration_cast<milliseconds>(until - sim.clock().now());
    if (!sim.run_until(recovered, left)) {
      return false;
    }
    const std::uint64_t epoch = sim.host(sim.ids().front()).membership().view().epoch;
    sim.run_for(quiet);
    if (recovered() && sim.host(sim.ids().front()).membership().view().epoch == epoch) {
      return true;
    }
  }
  return false;
}

// One random schedule; "" when every check passed.
std::string run_schedule(std::uint64_t seed, bool verbose = false) {
  std::mt19937_64 rng(seed * 7919 + 17);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const HostId n = static_cast<HostId>(pick(3, 5));
  const std::uint32_t max_replicas = n >= 4 && pick(0, 1) == 1 ? 2 : 1;
  ClusterSim sim(seed, sim_options(max_replicas), ids_upto(n), 8, 4);
  auto say = [&](const std::string& what) {
    if (verbose) {
      std::cerr << "[t=" << sim.clock().now().count() << "ms] " << what << "\n";
    }
  };
  say("hosts " + std::to_string(n) + ", max_replicas " + std::to_string(max_replicas));
  start_all(sim);
  std::vector<HostId> all = sim.ids();
  if (!sim.run_until([&] { return sim.healthy(all); }, milliseconds(20000))) {
    return "the store never became healthy at start";
  }
  auto chaos = [&] {
    sim.net().set_delay(milliseconds(1), milliseconds(pick(2, 40)));
    sim.net().set_loss(pick(0, 5) / 100.0);
    sim.net().set_duplicate(pick(0, 2) / 100.0);
  };
  chaos();
  const int events = pick(3, 6);
  for (int e = 0; e < events; ++e) {
    sim.run_for(milliseconds(pick(200, 1500)));
    std::vector<HostId> order = all;
    std::shuffle(order.begin(), order.end(), rng);
    const std::size_t majority_keeps = all.size() - (all.size() / 2 + 1);
    const std::size_t k =
        std::min<std::size_t>(pick(1, static_cast<int>(max_replicas)), majority_keeps);
    std::vector<HostId> victims(order.begin(), order.begin() + static_cast<long>(k));
    std::vector<HostId> rest(order.begin() + static_cast<long>(k), order.end());
    const int kind = pick(0, 3);
    std::ostringstream what;
    what << (kind == 0 ? "crash" : kind == 1 ? "isolate" : kind == 2 ? "one-way cut" : "leave");
    for (HostId v : victims) {
      what << " " << v;
    }
    say(what.str());
    if (kind == 0) {
      for (HostId v : victims) {
        sim.crash(v);
      }
    } else if (kind == 1) {
      sim.net().partition(victims, rest);
    } else if (kind == 2) {
      for (HostId v : victims) {
        for (HostId r : rest) {
          sim.net().block(r, v);  // v hears nothing, but the others still hear v
        }
      }
    } else {
      sim.host(victims.front()).leave();
      victims.resize(1);
      what.str("leave " + std::to_string(victims.front()));
      rest.assign(order.begin() + 1, order.end());
    }
    sim.run_for(milliseconds(pick(300, 3000)));
    if (kind == 3) {
      // The leaver keeps its copies as a source until the others took them over.
      if (!sim.run_until([&] { return sim.healthy(rest); }, milliseconds(30000))) {
        return "no recovery after " + what.str();
      }
    }
    say("undo " + what.str());
    sim.net().heal();
    chaos();
    for (HostId v : victims) {
      if (!sim.up(v)) {
        sim.restart(v, sim.others(v));  // as a service starts: it seeks its store
      } else if (sim.host(v).membership().state() == HostState::kInactive) {
        sim.host(v).join(sim.others(v));
      }
    }
    auto recovered = [&] {
      for (HostId h : all) {  // hosts removed while cut off ask to come back on their own
        if (sim.host(h).membership().state() == HostState::kInactive) {
          sim.host(h).join(sim.others(h));
        }
      }
      return sim.healthy(all);
    };
    if (!settled(sim, recovered, milliseconds(40000))) {
      return "no recovery after " + what.str() + " (" + sim.summary() + ")";
    }
  }
  sim.net().heal();
  if (!sim.run_until([&] { return sim.healthy(all); }, milliseconds(30000))) {
    return "not healthy at the end";
  }
  if (!sim.final_reads(all.front(), milliseconds(20000))) {
    return "final reads got no answer";
  }
  say(sim.summary());
  std::string problem = sim.check();
  if (verbose && problem.rfind("key k", 0) == 0) {
    std::cerr << sim.history(std::stoul(problem.substr(5)));
  }
  if (problem.empty()) {
    problem = balance_problem(sim, all);
  }
  return problem.empty() ? problem : problem + " (" + sim.summary() + ")";
}

}  // namespace

TEST_CASE("cluster: writes are replicated and survive the primary's death", "[core][cluster]") {
  ClusterSim sim(1, sim_options(1), ids_upto(3), 4, 0);
  start_all(sim);
  std::vector<HostId> all = sim.ids();
  REQUIRE(sim.run_until([&] { return sim.healthy(all); }, milliseconds(20000)));
  for (int i = 0; i < 50; ++i) {
    REQUIRE(call(sim, 1 + i % 3, put("key" + std::to_string(i), "v" + std::to_string(i))).code ==
            StatusCode::kAdded);
  }
  // Every object is on two hosts: 100 copies over the three stores.
  CHECK(objects_on_all_hosts(sim) == 100);
  // Kill the primary of key7; the others promote its replica and lose nothing.
  PartitionId p = partition_of(get("key7").id);
  HostId primary = sim.host(1).membership().map().primary_of(p);
  sim.crash(primary);
  std::vector<HostId> rest;
  for (HostId h : all) {
    if (h != primary) {
      rest.push_back(h);
    }
  }
  REQUIRE(sim.run_until([&] { return sim.healthy(rest); }, milliseconds(20000)));
  for (int i = 0; i < 50; ++i) {
    Response r = call(sim, rest.front(), get("key" + std::to_string(i)));
    REQUIRE(r.code == StatusCode::kRetrieved);
    CHECK(r.value == "v" + std::to_string(i));
  }
  // The dead host comes back as a new member, gets its share and copies again.
  sim.start(primary, sim.others(primary));
  REQUIRE(sim.run_until([&] { return sim.healthy(all); }, milliseconds(20000)));
  CHECK(balance_problem(sim, all).empty());
  CHECK(objects_on_all_hosts(sim) == 100);
}

TEST_CASE("cluster: a joining host takes its share, objects move, nothing is lost",
          "[core][cluster]") {
  ClusterSim sim(2, sim_options(1), ids_upto(4), 4, 0);
  sim.start(1, {});
  sim.start(2, {1});
  sim.start(3, {1});
  std::vector<HostId> three = {1, 2, 3};
  REQUIRE(sim.run_until([&] { return sim.healthy(three); }, milliseconds(20000)));
  for (int i = 0; i < 200; ++i) {
    REQUIRE(call(sim, 1, put("key" + std::to_string(i), std::string(100, 'x'))).code ==
            StatusCode::kAdded);
  }
  sim.start(4, {1});
  std::vector<HostId> all = sim.ids();
  REQUIRE(sim.run_until([&] { return sim.healthy(all); }, milliseconds(20000)));
  CHECK(balance_problem(sim, all).empty());
  // Old holders released what moved: 400 copies in all, the new host holds some.
  CHECK(objects_on_all_hosts(sim) == 400);
  CHECK(sim.host(4).store().stats().objects > 0);
  for (int i = 0; i < 200; ++i) {
    CHECK(call(sim, 4, get("key" + std::to_string(i))).code == StatusCode::kRetrieved);
  }
}

TEST_CASE("cluster: a host that leaves hands its partitions over first", "[core][cluster]") {
  ClusterSim sim(3, sim_options(0), ids_upto(3), 4, 0);  // no replicas: only the leaver has them
  start_all(sim);
  std::vector<HostId> all = sim.ids();
  REQUIRE(sim.run_until([&] { return sim.healthy(all); }, milliseconds(20000)));
  for (int i = 0; i < 100; ++i) {
    REQUIRE(call(sim, 2, put("key" + std::to_string(i), "v")).code == StatusCode::kAdded);
  }
  sim.host(3).leave();
  std::vector<HostId> rest = {1, 2};
  REQUIRE(sim.run_until([&] { return sim.healthy(rest); }, milliseconds(20000)));
  CHECK(sim.host(3).membership().state() == HostState::kInactive);
  for (int i = 0; i < 100; ++i) {
    CHECK(call(sim, 1, get("key" + std::to_string(i))).code == StatusCode::kRetrieved);
  }
  sim.run_for(milliseconds(1000));
  CHECK(sim.host(3).store().stats().objects == 0);  // released once the others had them
}

// A request forwarded to a primary that then fails settles when the view without it commits at
// the forwarding host, not at the forward timeout (set far above the failure detection here):
// a read is sent again to the new primary, a write answers Unavailable (it may have been
// applied: only the caller may decide to repeat it).
namespace {

struct ForwardCase {
  ClusterSim sim;
  HostId via = 0;      // the host the client talks to: neither primary nor replica of the key
  HostId primary = 0;  // the key's primary, which fails
  HostId replica = 0;  // its replica, the next primary

  explicit ForwardCase(std::uint64_t seed, const std::string& key)
      : sim(seed, options(), ids_upto(3), 4, 0) {
    start_all(sim);
    REQUIRE(sim.run_until([&] { return sim.healthy(sim.ids()); }, milliseconds(20000)));
    const PartitionMap& map = sim.host(1).membership().map();
    const PartitionId p = partition_of(get(key).id);
    primary = map.primary_of(p);
    REQUIRE(map.replicas_of(p).size() == 1);
    replica = map.replicas_of(p).front();
    for (HostId h : sim.ids()) {
      via = h != primary && h != replica ? h : via;
    }
  }
  static ClusterHostOptions options() {
    ClusterHostOptions o = sim_options(1);
    o.forward_timeout = milliseconds(20000);
    return o;
  }
  // Submits through `via`; the answer lands in the returned slot.
  std::shared_ptr<std::optional<Response>> send(const Request& r) {
    auto got = std::make_shared<std::optional<Response>>();
    submit(sim.host(via), r, [got](Response resp) { *got = std::move(resp); });
    return got;
  }
  // Runs until `via` holds a view without the primary, then until every slot is answered;
  // returns how long that took after the view change.
  milliseconds settle(const std::vector<std::shared_ptr<std::optional<Response>>>& slots) {
    REQUIRE(sim.run_until([&] { return !sim.host(via).membership().view().contains(primary); },
                          milliseconds(5000)));
    const TimePoint view_at = sim.clock().now();
    auto all = [&] {
      return std::all_of(slots.begin(), slots.end(), [](const auto& s) { return s->has_value(); });
    };
    REQUIRE(sim.run_until(all, milliseconds(15000)));
    return std::chrono::duration_cast<milliseconds>(sim.clock().now() - view_at);
  }
};

Request increment(const std::string& key) {
  Request r;
  r.op = OpCode::kIncrement;
  r.id = ObjectId{namespace_id_of("t"), key_of(key)};
  r.ns_name = "t";
  r.version = 1;
  return r;
}

}  // namespace

TEST_CASE("cluster: requests forwarded to a primary that fails settle at the view change",
          "[core][cluster]") {
  ForwardCase c(21, "fwd");
  REQUIRE(call(c.sim, c.primary, put("fwd", "before")).code == StatusCode::kAdded);
  auto read = c.send(get("fwd"));
  auto write = c.send(put("fwd", "after"));
  SECTION("the primary is killed before the requests arrive") { c.sim.crash(c.primary); }
  SECTION("the primary is cut off before the requests arrive") {
    c.sim.net().partition({c.primary}, c.sim.others(c.primary));
  }
  REQUIRE_FALSE(read->has_value());
  REQUIRE_FALSE(write->has_value());
  const milliseconds after_view = c.settle({read, write});
  CHECK(after_view <= milliseconds(200));          // one forward to the new primary at most
  CHECK((*read)->code == StatusCode::kRetrieved);  // sent again to the new primary
  CHECK((*read)->value == "before");
  CHECK((*write)->code == StatusCode::kUnavailable);  // outcome unknown
  // The store serves on: the write (never delivered) changed nothing.
  Response now = call(c.sim, c.via, get("fwd"));
  CHECK(now.code == StatusCode::kRetrieved);
  CHECK(now.value == "before");
}

TEST_CASE("cluster: a forwarded write the failed primary applied is not applied again",
          "[core][cluster]") {
  ForwardCase c(22, "count");
  // The primary applies the increment and replicates it, but its answer never reaches `via`.
  bool answered = false;
  c.sim.net().set_filter([&](ClusterNetwork::Envelope& e) {
    if (e.from == c.primary && e.to == c.via && std::holds_alternative<ForwardReply>(e.message)) {
      answered = true;
      return false;
    }
    return true;
  });
  auto incr = c.send(increment("count"));
  REQUIRE(c.sim.run_until([&] { return answered; }, milliseconds(2000)));
  c.sim.crash(c.primary);
  CHECK(c.settle({incr}) <= milliseconds(200));
  CHECK((*incr)->code == StatusCode::kUnavailable);  // not re-run at the new primary
  Response now = call(c.sim, c.via, get("count"));
  CHECK(now.code == StatusCode::kRetrieved);
  CHECK(now.value == "1");  // applied once, kept by the replica that took over
}

// Schedules that once lost an acknowledged write, each kept as a regression check in the fast
// run (the 1000-seed run of scripts/test.sh covers them too):
//  - 683: a member holding the only complete copy of a partition missed a view (adopted epoch
//    9 straight after 7) and dropped its copies as if it were new (cluster_host.cpp,
//    skipped_ahead). Fails on the code before that fix.
TEST_CASE("cluster: schedules that once lost a write keep every acknowledged write",
          "[core][cluster]") {
  for (std::uint64_t seed : {683}) {
    INFO("seed " << seed << "; replay: SOSS_SIM_SEED=" << seed
                 << " soss_core_tests \"[.cluster-replay]\"");
    const std::string problem = run_schedule(seed);
    INFO(problem);
    CHECK(problem.empty());
  }
}

TEST_CASE("cluster: random schedules keep every acknowledged write, linearizably",
          "[core][cluster][slow]") {
  const char* count = std::getenv("SOSS_CLUSTER_SEEDS");  // CI runs 1000 (scripts/test.sh)
  const std::uint64_t seeds = count != nullptr ? std::strtoull(count, nullptr, 10) : 40;
  const char* first_env = std::getenv("SOSS_CLUSTER_FIRST_SEED");
  const std::uint64_t first = first_env != nullptr ? std::strtoull(first_env, nullptr, 10) : 1;
  for (std::uint64_t seed = first; seed < first + seeds; ++seed) {
    const std::string problem = run_schedule(seed);
    INFO("seed " << seed << "; replay: SOSS_SIM_SEED=" << seed
                 << " soss_core_tests \"[.cluster-replay]\"");
    INFO(problem);
    REQUIRE(problem.empty());
  }
}

namespace {
struct StderrSink : soss::log::LogSink {
  void write(soss::log::Level, std::string_view c, std::string_view m) override {
    std::cerr << c << ": " << m << "\n";
  }
};
}  // namespace

// Replays one seed with the event trace (and the logs at SOSS_SIM_LOG=debug) on stderr:
//   SOSS_SIM_SEED=42 soss_core_tests "[.cluster-replay]"
TEST_CASE("replay one random cluster schedule", "[core][cluster][.cluster-replay]") {
  StderrSink sink;
  const char* level = std::getenv("SOSS_SIM_LOG");
  if (level != nullptr) {
    soss::log::set_sink(&sink);
    soss::log::Level l = soss::log::Level::kInfo;
    (void)soss::log::parse_level(level, l);
    soss::log::set_level(l);
  }
  const char* s = std::getenv("SOSS_SIM_SEED");
  const std::string problem = run_schedule(s != nullptr ? std::strtoull(s, nullptr, 10) : 1, true);
  soss::log::set_sink(nullptr);
  INFO(problem);
  CHECK(problem.empty());
}
