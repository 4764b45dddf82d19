// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// Several real soss_service processes on 127.0.0.1, 127.0.0.2, ... (same port numbers) form one
// store, by multicast on loopback or by host_list, and keep every acknowledged write while one
// host is killed, one is stopped and resumed, and one leaves.
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "integration/farm.hpp"

using namespace soss::test;
using namespace soss::client;
using namespace std::chrono_literals;

namespace {

void run_farm_scenario(bool multicast) {
  Farm farm(5, multicast);
  for (int i = 1; i <= 5; ++i) {
    farm.start(i);
  }
  std::vector<int> all = {1, 2, 3, 4, 5};
  REQUIRE(eventually([&] { return farm.healthy(all); }, 30s));
  // Objects written once before the failures and never again: each must survive all of them.
  auto c = GridConnection::connect(
      "bootstrapGateways=127.0.0.1:" + std::to_string(farm.svr_port()) + ";maxRequestRetries=20");
  REQUIRE(c.ok());
  Cache fixed(c.connection, "fixed");
  for (int i = 0; i < 300; ++i) {
    REQUIRE(fixed.put("fixed-" + std::to_string(i), "v" + std::to_string(i)).result ==
            ResultCode::kAdded);
  }
  Writer writer(farm.svr_port());
  std::this_thread::sleep_for(1s);

  farm.proc(3).stop(SIGKILL);  // host 3 dies
  INFO(farm.log(1));
  REQUIRE(eventually([&] { return farm.healthy({1, 2, 4, 5}); }, 30s));
  ::kill(farm.proc(2).pid(), SIGSTOP);  // host 2 freezes past its suspicion time
  std::this_thread::sleep_for(3s);
  ::kill(farm.proc(2).pid(), SIGCONT);
  REQUIRE(eventually([&] { return farm.healthy({1, 2, 4, 5}); }, 30s));
  REQUIRE(farm.cli(4, {"leave_wait"}).exit_code == 0);  // host 4 leaves gracefully
  REQUIRE(eventually([&] { return farm.healthy({1, 2, 5}); }, 30s));
  std::this_thread::sleep_for(1s);
  writer.stop();
  INFO("acknowledged " << writer.acknowledged() << ", failed " << writer.failed());
  CHECK(writer.acknowledged() > 100);
  CHECK(writer.verify(farm.svr_port()).empty());
  int missing = 0;
  for (int i = 0; i < 300; ++i) {
    auto r = fixed.read("fixed-" + std::to_string(i));
    missing += r.result == ResultCode::kRetrieved && r.value == "v" + std::to_string(i) ? 0 : 1;
  }
  CHECK(missing == 0);
}

// Requests host `i` sent on to another host (its "forwarded" status counter).
std::uint64_t forwarded(const Farm& farm, int i) {
  RunResult r = farm.cli(i, {"--json", "show"});
  return std::stoull("0" + field(r.out, "forwarded"));
}

std::uint64_t forwarded_total(const Farm& farm, int hosts) {
  std::uint64_t n = 0;
  for (int i = 1; i <= hosts; ++i) {
    n += forwarded(farm, i);
  }
  return n;
}

}  // namespace

TEST_CASE("a client sends each key to its primary; listings and clears span every host",
          "[integration][cluster]") {
  Farm farm(3, false);
  for (int i = 1; i <= 3; ++i) {
    farm.start(i);
  }
  REQUIRE(eventually([&] { return farm.healthy({1, 2, 3}); }, 30s));
  std::string gateway = "bootstrapGateways=127.0.0.1:" + std::to_string(farm.svr_port());
  auto routed = GridConnection::connect(gateway);
  auto plain = GridConnection::connect(gateway + ";routeToPrimary=false");
  REQUIRE((routed.ok() && plain.ok()));

  // Through host 1 alone, about 2/3 of the keys are forwarded; routed, none once the client has
  // the map (it asks at its first request, so a few early ones may still be forwarded).
  std::uint64_t before = forwarded_total(farm, 3);
  Cache via_gateway(plain.connection, "plain");
  for (int i = 0; i < 300; ++i) {
    REQUIRE(via_gateway.put("k" + std::to_string(i), "v").result == ResultCode::kAdded);
  }
  std::uint64_t gateway_forwards = forwarded_total(farm, 3) - before;
  before += gateway_forwards;
  Cache direct(routed.connection, "routed");
  for (int i = 0; i < 300; ++i) {
    REQUIRE(direct.put("k" + std::to_string(i), "v" + std::to_string(i)).result ==
            ResultCode::kAdded);
  }
  std::uint64_t routed_forwards = forwarded_total(farm, 3) - before;
  INFO("forwarded: " << gateway_forwards << " through the gateway, " << routed_forwards
                     << " routed");
  CHECK(gateway_forwards > 150);
  CHECK(routed_forwards < 20);

  // Listings gather every host's primaries: each key once, in pages.
  std::set<std::string> keys;
  std::string cursor;
  for (int page = 0; page < 10; ++page) {
    KeyListResponse r = direct.list_keys(cursor, 64);
    REQUIRE(r.ok());
    for (const KeyInfo& k : r.keys) {
      CHECK(keys.insert(k.key_name).second);
    }
    cursor = r.next_cursor;
    if (cursor.empty()) {
      break;
    }
  }
  CHECK(keys.size() == 300);
  NamespaceListResponse spaces = routed.connection->list_namespaces();
  REQUIRE(spaces.ok());
  std::map<std::string, std::uint64_t> objects;
  for (const NamespaceInfo& ns : spaces.namespaces) {
    objects[ns.name] = ns.objects;
  }
  CHECK(objects["routed"] == 300);
  CHECK(objects["plain"] == 300);
  BulkResponse bulk = direct.bulk_read({"k1", "k2", "missing"});
  REQUIRE(bulk.ok());
  REQUIRE(bulk.items.size() == 3);
  CHECK(bulk.items[1].value == "v2");
  CHECK(bulk.items[2].result == ResultCode::kNotFound);
  ClearResponse cleared = direct.clear();
  CHECK(cleared.removed == 300);
  CHECK(direct.read("k5").result == ResultCode::kNotFound);

  // The Redis endpoint of host 2: its whole-database commands see every host's objects.
  if (find_program("redis-cli").empty()) {
    WARN("redis-cli not installed (Debian redis-tools): Redis part skipped");
    return;
  }
  auto redis = [&](const std::string& commands) {
    RunResult r = run(
        {find_program("redis-cli"), "-h", Farm::address(2), "-p", std::to_string(farm.resp_port())},
        commands);
    REQUIRE(r.exit_code == 0);
    return r.out;
  };
  std::string mset = "MSET";
  for (int i = 0; i < 100; ++i) {
    mset += " r" + std::to_string(i) + " " + std::to_string(i);
  }
  CHECK(redis(mset + "\nDBSIZE\n") == "OK\n100\n");
  std::string all_keys = redis("KEYS r*\n");
  CHECK(std::count(all_keys.begin(), all_keys.end(), '\n') == 100);
  std::set<std::string> scanned;
  std::string scan = "0";
  for (int round = 0; round < 200; ++round) {
    RunResult r = run({find_program("redis-cli"), "-h", Farm::address(3), "-p",
                       std::to_string(farm.resp_port()), "SCAN", scan, "COUNT", "7"});
    REQUIRE(r.exit_code == 0);
    std::istringstream lines(r.out);
    std::getline(lines, scan);
    for (std::string k; std::getline(lines, k);) {
      scanned.insert(k);
    }
    if (scan == "0") {
      break;
    }
  }
  CHECK(scan == "0");
  CHECK(scanned.size() == 100);
  CHECK(redis("FLUSHDB\nDBSIZE\n") == "OK\n0\n");
}

TEST_CASE("5 processes discover each other by multicast and lose no acknowledged write",
          "[integration][cluster]") {
  run_farm_scenario(true);
}

TEST_CASE("5 processes found by host_list lose no acknowledged write", "[integration][cluster]") {
  run_farm_scenario(false);
}

TEST_CASE("soss set of a store-wide parameter reaches every host's soss_params.txt",
          "[integration][cluster]") {
  Farm farm(2, false);
  farm.start(1);
  farm.start(2);
  REQUIRE(eventually([&] { return farm.healthy({1, 2}); }, 30s));
  auto r = farm.cli(1, {"set", "lock_timeout=123"});
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("sent to 127.0.0.2 ok") != std::string::npos);
  CHECK(read_text(farm.params(2)).find("lock_timeout") != std::string::npos);
  CHECK(read_text(farm.params(2)).find("123") != std::string::npos);
  // A host-scoped parameter stays on its host.
  CHECK(farm.cli(1, {"set", "store_weight=50"}).exit_code == 0);
  CHECK(read_text(farm.params(2)).find("store_weight") == std::string::npos);
  // Host 2 restarts with the new value in its file: host 1, still running, accepts it (it
  // judges peers by the changed values now), and the store has both hosts again.
  farm.proc(2).stop(SIGTERM);
  farm.start(2);
  CHECK(eventually([&] { return farm.healthy({1, 2}); }, 30s));
  CHECK(farm.log(1).find("refusing host") == std::string::npos);
}
