// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <cstdint>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "soss/core/membership/partition_map.hpp"
#include "support/catch.hpp"

using namespace soss::core;

namespace {

std::uint32_t replicas_for(const std::vector<HostShare>& hosts, std::uint32_t max_replicas) {
  std::set<HostId> weighted;
  for (const HostShare& h : hosts) {
    if (h.weight > 0) {
      weighted.insert(h.id);
    }
  }
  std::uint32_t n = static_cast<std::uint32_t>(weighted.size());
  return n == 0 ? 0 : std::min({max_replicas, 2u, n - 1});
}

std::map<HostId, std::uint32_t> as_map(const std::vector<HostQuota>& quotas) {
  std::map<HostId, std::uint32_t> m;
  for (const HostQuota& q : quotas) {
    m[q.id] = q.count;
  }
  return m;
}

// Reference apportionment, written independently: every host gets floor(share); the units left
// go one each to the hosts with the largest fractional part, equal parts to the smaller id.
std::map<HostId, std::uint32_t> reference_quotas(const std::vector<HostShare>& hosts) {
  std::uint64_t total = 0;
  for (const HostShare& h : hosts) {
    total += h.weight;
  }
  std::map<HostId, std::uint32_t> quota;
  std::vector<std::pair<std::uint64_t, HostId>> order;
  std::uint32_t given = 0;
  for (const HostShare& h : hosts) {
    if (h.weight > 0) {
      quota[h.id] = static_cast<std::uint32_t>(kPartitionCount * h.weight / total);
      given += quota[h.id];
      order.push_back({total - kPartitionCount * h.weight % total, h.id});
    }
  }
  std::sort(order.begin(), order.end());
  for (std::size_t i = 0; !order.empty() && given < kPartitionCount; ++i, ++given) {
    ++quota[order[i].second];
  }
  return quota;
}

// The structural invariants (1, 2, 3 exactly, 4 within ±1) of a map made for `hosts`;
// returns the first violation, or "" when there is none.
std::string violation(const PartitionMap& m, const std::vector<HostShare>& hosts,
                      std::uint32_t max_replicas) {
  std::map<HostId, std::uint32_t> quota = reference_quotas(hosts);
  std::uint32_t r = replicas_for(hosts, max_replicas);
  for (PartitionId p = 0; p < kPartitionCount; ++p) {
    std::vector<HostId> all = m.hosts_of(p);
    std::set<HostId> distinct(all.begin(), all.end());
    if (quota.empty() ? !all.empty() : all.size() != r + 1 || m.primary_of(p) == 0) {
      return "partition " + std::to_string(p) + " has " + std::to_string(all.size()) + " hosts";
    }
    if (distinct.size() != all.size()) {
      return "partition " + std::to_string(p) + " has a host twice";
    }
    for (HostId h : all) {
      if (quota.count(h) == 0) {
        return "partition " + std::to_string(p) + " on unweighted host " + std::to_string(h);
      }
    }
  }
  std::map<HostId, std::uint32_t> rquota = as_map(replica_quotas(m, hosts, max_replicas));
  for (auto [id, q] : quota) {
    if (m.count_primaries(id) != q) {
      return "host " + std::to_string(id) + " has " + std::to_string(m.count_primaries(id)) +
             " primaries, quota " + std::to_string(q);
    }
    std::int64_t off = std::int64_t{m.count_replicas(id)} - std::int64_t{rquota[id]};
    if (off < -1 || off > 1 || rquota[id] > kPartitionCount - q) {
      return "host " + std::to_string(id) + " has " + std::to_string(m.count_replicas(id)) +
             " replicas, quota " + std::to_string(rquota[id]);
    }
  }
  return "";
}

// Minimal movement of primaries (invariant 5a): every weighted host keeps min(held, quota).
std::string primary_churn(const PartitionMap& a, const PartitionMap& b,
                          const std::vector<HostShare>& hosts) {
  for (auto [id, q] : reference_quotas(hosts)) {
    std::uint32_t kept = 0;
    for (PartitionId p = 0; p < kPartitionCount; ++p) {
      kept += (a.primary_of(p) == id && b.primary_of(p) == id) ? 1 : 0;
    }
    if (kept != std::min(a.count_primaries(id), q)) {
      return "host " + std::to_string(id) + " kept " + std::to_string(kept) + " of " +
             std::to_string(a.count_primaries(id)) + " primaries, quota " + std::to_string(q);
    }
  }
  return "";
}

// Failover (invariant 5b): a primary that moved to a host without the data did so only because
// each live former replica was filled up with promotions (it gained nothing else).
std::string missed_promotion(const PartitionMap& a, const PartitionMap& b,
                             const std::vector<HostShare>& hosts) {
  std::map<HostId, bool> only_promotions;
  for (auto [id, q] : reference_quotas(hosts)) {
    only_promotions[id] = true;
    for (PartitionId p = 0; p < kPartitionCount; ++p) {
      if (b.primary_of(p) == id && a.primary_of(p) != id && !a.holds(p, id)) {
        only_promotions[id] = false;
      }
    }
  }
  for (PartitionId p = 0; p < kPartitionCount; ++p) {
    if (a.primary_of(p) == b.primary_of(p) || a.holds(p, b.primary_of(p))) {
      continue;
    }
    for (HostId g : a.replicas_of(p)) {
      if (only_promotions.count(g) != 0 && !only_promotions[g]) {
        return "partition " + std::to_string(p) + " not promoted to its replica " +
               std::to_string(g);
      }
    }
  }
  return "";
}

// Replica retention: with no fewer replicas per partition than before, a host keeps every
// replica it held (of a partition it is not now primary of) up to its replica quota.
std::string replica_churn(const PartitionMap& a, const PartitionMap& b,
                          const std::vector<HostShare>& hosts, std::uint32_t max_replicas) {
  std::map<HostId, std::uint32_t> rquota = as_map(replica_quotas(b, hosts, max_replicas));
  for (auto [id, q] : rquota) {
    std::uint32_t could = 0;
    std::uint32_t kept = 0;
    for (PartitionId p = 0; p < kPartitionCount; ++p) {
      const std::vector<HostId>& old = a.replicas_of(p);
      if (std::find(old.begin(), old.end(), id) != old.end() && b.primary_of(p) != id) {
        ++could;
        const std::vector<HostId>& now = b.replicas_of(p);
        kept += std::find(now.begin(), now.end(), id) != now.end() ? 1 : 0;
      }
    }
    if (kept < std::min(could, q)) {
      return "host " + std::to_string(id) + " kept " + std::to_string(kept) + " of " +
             std::to_string(could) + " replicas, quota " + std::to_string(q);
    }
  }
  return "";
}

std::uint32_t count_promotions(const PartitionMap& a, const PartitionMap& b) {
  return static_cast<std::uint32_t>(diff(a, b).promoted.size());
}

}  // namespace

TEST_CASE("PartitionMap: one host holds every primary and no replica", "[core][membership]") {
  std::vector<HostShare> hosts = {{7, 100}};
  PartitionMap m = rebalance(PartitionMap{}, hosts, 2);
  REQUIRE(m.epoch() == 1);
  REQUIRE(m.count_primaries(7) == kPartitionCount);
  REQUIRE(m.count_replicas(7) == 0);
  REQUIRE(m.hosts_of(0) == std::vector<HostId>{7});
  REQUIRE(violation(m, hosts, 2) == "");
}

TEST_CASE("PartitionMap: two hosts split 512/512 and replicate each other", "[core][membership]") {
  std::vector<HostShare> hosts = {{1, 100}, {2, 100}};
  PartitionMap m = rebalance(PartitionMap{}, hosts, 1);
  REQUIRE(m.count_primaries(1) == 512);
  REQUIRE(m.count_primaries(2) == 512);
  for (PartitionId p = 0; p < kPartitionCount; ++p) {
    HostId other = m.primary_of(p) == 1 ? 2 : 1;
    REQUIRE(m.replicas_of(p) == std::vector<HostId>{other});
  }
  // max_replicas 2 cannot be met with two hosts: still one replica each.
  REQUIRE(violation(rebalance(m, hosts, 2), hosts, 2) == "");
  REQUIRE(rebalance(m, hosts, 2).count_replicas(1) == 512);
}

TEST_CASE("PartitionMap: primaries follow weight exactly", "[core][membership]") {
  std::vector<HostShare> hosts = {{1, 100}, {2, 200}, {3, 100}};
  PartitionMap m = rebalance(PartitionMap{}, hosts, 1);
  REQUIRE(m.count_primaries(1) == 256);
  REQUIRE(m.count_primaries(2) == 512);
  REQUIRE(m.count_primaries(3) == 256);
  REQUIRE(violation(m, hosts, 1) == "");
  // Three equal hosts: 341.33 each; the one unit left over goes to the smallest id.
  std::vector<HostShare> equal = {{30, 1}, {10, 1}, {20, 1}};
  REQUIRE(primary_quotas(equal) == std::vector<HostQuota>{{10, 342}, {20, 341}, {30, 341}});
  PartitionMap e = rebalance(PartitionMap{}, equal, 2);
  REQUIRE(e.count_primaries(10) == 342);
  REQUIRE(e.count_primaries(30) == 341);
  // Largest remainder: 1024 x 3/7 = 438.86, x 2/7 = 292.57 (twice): 439/293/292.
  std::vector<HostShare> sevenths = {{5, 3}, {6, 2}, {4, 2}};
  REQUIRE(primary_quotas(sevenths) == std::vector<HostQuota>{{4, 293}, {5, 439}, {6, 292}});
  REQUIRE(violation(rebalance(PartitionMap{}, sevenths, 2), sevenths, 2) == "");
}

TEST_CASE("PartitionMap: weight 0 stores nothing; no weight gives an empty map",
          "[core][membership]") {
  std::vector<HostShare> hosts = {{1, 100}, {2, 0}, {3, 100}};
  PartitionMap m = rebalance(PartitionMap{}, hosts, 2);
  REQUIRE(m.count_primaries(2) == 0);
  REQUIRE(m.count_replicas(2) == 0);
  REQUIRE(m.count_primaries(1) == 512);
  REQUIRE(m.count_replicas(1) == 512);  // two weighted hosts: one replica per partition
  REQUIRE(violation(m, hosts, 2) == "");

  std::vector<HostShare> none = {{1, 0}, {2, 0}};
  PartitionMap empty = rebalance(m, none, 2);
  REQUIRE(empty.epoch() == m.epoch() + 1);
  for (PartitionId p = 0; p < kPartitionCount; ++p) {
    REQUIRE(empty.hosts_of(p).empty());
  }
  REQUIRE(empty == rebalance(m, {}, 2));
  REQUIRE(violation(empty, none, 2) == "");
}

TEST_CASE("PartitionMap: a join moves only the primaries it must", "[core][membership]") {
  std::vector<HostShare> three = {{1, 10}, {2, 10}, {3, 10}};
  PartitionMap before = rebalance(PartitionMap{}, three, 1);
  std::vector<HostShare> four = {{1, 10}, {2, 10}, {3, 10}, {4, 10}};
  PartitionMap after = rebalance(before, four, 1);
  REQUIRE(after.count_primaries(4) == 256);
  // Minimum: sum of max(0, old count - new quota) = (342-256) + (341-256) + (341-256).
  REQUIRE(diff(before, after).primary_moved.size() == 256);
  REQUIRE(primary_churn(before, after, four) == "");
  for (PartitionId p = 0; p < kPartitionCount; ++p) {
    if (before.primary_of(p) != after.primary_of(p)) {
      REQUIRE(after.primary_of(p) == 4);  // the others keep theirs; only the newcomer gains
    }
  }
  REQUIRE(violation(after, four, 1) == "");
  REQUIRE(replica_churn(before, after, four, 1) == "");
}

TEST_CASE("PartitionMap: a leave promotes the departed host's replicas", "[core][membership]") {
  std::vector<HostShare> four = {{1, 10}, {2, 10}, {3, 10}, {4, 10}};
  std::vector<HostShare> three = {{2, 10}, {3, 10}, {4, 10}};
  SECTION("two replicas: every orphan goes to a former replica") {
    PartitionMap before = rebalance(PartitionMap{}, four, 2);
    PartitionMap after = rebalance(before, three, 2);
    MapDiff d = diff(before, after);
    REQUIRE(d.primary_moved.size() == 256);
    REQUIRE(d.promoted == d.primary_moved);
    for (PartitionId p : d.primary_moved) {
      REQUIRE(before.primary_of(p) == 1);
    }
    REQUIRE(violation(after, three, 2) == "");
  }
  SECTION("one replica: promotions as many as the new quotas allow") {
    PartitionMap before = rebalance(PartitionMap{}, four, 1);
    PartitionMap after = rebalance(before, three, 1);
    MapDiff d = diff(before, after);
    REQUIRE(d.primary_moved.size() == 256);
    std::map<HostId, std::uint32_t> orphans_on;  // host 1's partitions by their replica
    for (PartitionId p : d.primary_moved) {
      REQUIRE(before.primary_of(p) == 1);
      ++orphans_on[before.replicas_of(p).at(0)];
    }
    std::uint32_t best = 0;  // each host can take quota - 256 (it kept its 256)
    for (auto [id, q] : as_map(primary_quotas(three))) {
      best += std::min(orphans_on[id], q - 256);
    }
    REQUIRE(d.promoted.size() == best);
    REQUIRE(best >= 250);  // the replicas are spread evenly, so nearly all are promoted
    REQUIRE(missed_promotion(before, after, three) == "");
  }
  SECTION("two hosts to one: every partition is promoted") {
    std::vector<HostShare> two = {{1, 10}, {2, 10}};
    PartitionMap before = rebalance(PartitionMap{}, two, 1);
    PartitionMap after = rebalance(before, {{2, 10}}, 1);
    REQUIRE(count_promotions(before, after) == 512);
    REQUIRE(after.count_primaries(2) == kPartitionCount);
  }
}

TEST_CASE("PartitionMap: replicas are distinct and balanced by weight", "[core][membership]") {
  std::vector<std::vector<HostShare>> cases = {
      {{1, 1}, {2, 1}, {3, 1}},
      {{1, 10000}, {2, 1}, {3, 1}},
      {{1, 10000}, {2, 1}, {3, 1}, {4, 5000}},
      {{1, 3}, {2, 5}, {3, 7}, {4, 11}, {5, 13}, {6, 17}, {7, 19}},
      {{9, 1}, {8, 9999}},
  };
  for (const auto& hosts : cases) {
    for (std::uint32_t r = 0; r <= 3; ++r) {
      INFO("hosts " << hosts.size() << " first weight " << hosts[0].weight << " r " << r);
      PartitionMap m = rebalance(PartitionMap{}, hosts, r);
      REQUIRE(violation(m, hosts, r) == "");
    }
  }
  // A host with nearly all the weight cannot hold replicas of its own partitions: the quota is
  // capped at the partitions it is not primary of and the rest go to the light hosts.
  std::vector<HostShare> heavy = {{1, 10000}, {2, 1}, {3, 1}};
  PartitionMap m = rebalance(PartitionMap{}, heavy, 2);
  // 1024 x 10000/10002 = 1023.8: host 1 gets the left-over unit too, so it is every primary
  // and holds no replica; hosts 2 and 3 each replicate every partition.
  REQUIRE(m.count_primaries(1) == kPartitionCount);
  REQUIRE(m.count_replicas(1) == 0);
  REQUIRE(m.count_replicas(2) == kPartitionCount);
  REQUIRE(m.count_replicas(3) == kPartitionCount);
}

TEST_CASE("PartitionMap: the result does not depend on the order of hosts", "[core][membership]") {
  std::vector<HostShare> hosts = {{11, 3}, {5, 7}, {42, 7}, {8, 1}, {23, 0}, {2, 9}};
  PartitionMap base = rebalance(PartitionMap{}, hosts, 2);
  std::mt19937 rng(7);
  for (int i = 0; i < 20; ++i) {
    std::shuffle(hosts.begin(), hosts.end(), rng);
    REQUIRE(rebalance(PartitionMap{}, hosts, 2) == base);
  }
  std::vector<HostShare> next = {{5, 7}, {42, 2}, {8, 1}, {2, 9}, {99, 4}};
  PartitionMap moved = rebalance(base, next, 2);
  for (int i = 0; i < 20; ++i) {
    std::shuffle(next.begin(), next.end(), rng);
    REQUIRE(rebalance(base, next, 2) == moved);
  }
}

TEST_CASE("PartitionMap: diff counts moves, promotions and copies", "[core][membership]") {
  std::vector<HostShare> two = {{1, 1}, {2, 1}};
  PartitionMap a = rebalance(PartitionMap{}, two, 1);
  MapDiff same = diff(a, a);
  REQUIRE(same.primary_moved.empty());
  REQUIRE(same.copies_to_build == 0);
  REQUIRE(diff(PartitionMap{}, a).copies_to_build == 2 * kPartitionCount);

  PartitionMap b = a;
  b.mutable_owners(0).replicas = {3};                              // new replica: one copy
  b.mutable_owners(1) = {a.replicas_of(1)[0], {a.primary_of(1)}};  // swap: a promotion
  b.mutable_owners(2).primary = 3;                                 // fresh primary: one copy
  MapDiff d = diff(a, b);
  REQUIRE(d.primary_moved == std::vector<PartitionId>{1, 2});
  REQUIRE(d.promoted == std::vector<PartitionId>{1});
  REQUIRE(d.copies_to_build == 2);
}

namespace {

// One random change of the view: joins, leaves (sometimes two hosts at once, as in a double
// failure), weight changes (including to and from 0) and a change of max_replicas.
void mutate(std::vector<HostShare>& hosts, std::uint32_t& max_replicas, HostId& next_id,
            std::mt19937_64& rng) {
  auto weight = [&]() -> std::uint32_t {
    switch (rng() % 4) {
      case 0:
        return static_cast<std::uint32_t>(1 + rng() % 3);  // light hosts next to heavy ones
      case 1:
        return 100;
      default:
        return static_cast<std::uint32_t>(rng() % 10001);
    }
  };
  std::uint64_t op = rng() % 10;
  if ((op < 3 && hosts.size() < 7) || hosts.empty()) {
    hosts.push_back({next_id, weight()});
    next_id += 1 + rng() % 5;
  } else if (op < 6) {
    std::size_t leaving = (op == 5 && hosts.size() > 2) ? 2 : 1;
    for (std::size_t i = 0; i < leaving; ++i) {
      hosts.erase(hosts.begin() + static_cast<std::ptrdiff_t>(rng() % hosts.size()));
    }
  } else if (op < 9) {
    hosts[rng() % hosts.size()].weight = rng() % 5 == 0 ? 0 : weight();
  } else {
    max_replicas = static_cast<std::uint32_t>(rng() % 3);
  }
}

std::uint32_t most_replicas(const PartitionMap& m) {
  std::size_t most = 0;
  for (const PartitionOwners& o : m.partitions()) {
    most = std::max(most, o.replicas.size());
  }
  return static_cast<std::uint32_t>(most);
}

}  // namespace

TEST_CASE("PartitionMap: random joins, leaves and weight changes keep every invariant",
          "[core][membership]") {
  constexpr std::uint64_t kBaseSeed = 20260301;
  std::uint32_t checked = 0;
  std::uint32_t broken = 0;
  for (std::uint64_t seed = kBaseSeed; seed < kBaseSeed + 500; ++seed) {
    INFO("seed " << seed);
    std::mt19937_64 rng(seed);
    std::vector<HostShare> hosts;
    std::uint32_t max_replicas = static_cast<std::uint32_t>(rng() % 3);
    HostId next_id = 1 + rng() % 100;
    PartitionMap map;
    for (int step = 0; step < 12; ++step) {
      INFO("step " << step << " hosts " << hosts.size() << " max_replicas " << max_replicas);
      mutate(hosts, max_replicas, next_id, rng);
      PartitionMap next = rebalance(map, hosts, max_replicas);
      REQUIRE(next.epoch() == map.epoch() + 1);
      REQUIRE(violation(next, hosts, max_replicas) == "");
      REQUIRE(primary_churn(map, next, hosts) == "");
      REQUIRE(missed_promotion(map, next, hosts) == "");
      if (most_replicas(map) <= replicas_for(hosts, max_replicas)) {
        ++checked;
        broken += replica_churn(map, next, hosts, max_replicas).empty() ? 0 : 1;
      }
      std::vector<HostShare> shuffled = hosts;
      std::shuffle(shuffled.begin(), shuffled.end(), rng);
      REQUIRE(rebalance(map, shuffled, max_replicas) == next);
      map = next;
    }
  }
  // Retention of replicas is best effort (see repair_once): kept replicas move only when the ±1
  // balance cannot be reached otherwise. Measured: 98 of 5545 steps on these seeds.
  INFO("replica retention broken in " << broken << " of " << checked << " steps");
  REQUIRE(broken * 20 <= checked);
}
