// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// Real soss_service processes killed with SIGKILL and started again at once (what systemd's
// Restart=always does), each host in turn, under a write load: the restarted host joins its
// store again instead of founding a second one, and every acknowledged write is read back.
#include <signal.h>

#include <string>
#include <vector>

#include "integration/farm.hpp"

using namespace soss::test;
using namespace soss::client;
using namespace std::chrono_literals;

TEST_CASE("kill -9 and an immediate restart of each host lose no acknowledged write",
          "[integration][cluster][restart]") {
  Farm farm(3, false);
  for (int i = 1; i <= 3; ++i) {
    farm.start(i);
  }
  const std::vector<int> all = {1, 2, 3};
  REQUIRE(eventually([&] { return farm.healthy(all); }, 30s));
  Writer writer(farm.svr_port(), /*unique_keys=*/true);
  std::this_thread::sleep_for(1s);
  for (int victim : all) {
    INFO("host " << victim << " killed and restarted");
    const std::size_t acked_before = writer.acknowledged();
    const std::size_t log_before = farm.log(victim).size();  // the log file is appended to
    farm.proc(victim).stop(SIGKILL);
    farm.start(victim);  // at once: well within the others' suspicion time (1 s)
    REQUIRE(eventually([&] { return farm.healthy(all); }, 30s));
    const std::string log = farm.log(victim).substr(log_before);
    // It must not have served a store of its own beside the others' (the store's fork).
    CHECK(log.find("created the store") == std::string::npos);
    CHECK(log.find("drops its copies") == std::string::npos);
    // Writes go on (one in flight at the kill may wait out its timeout and retries first).
    CHECK(eventually([&] { return writer.acknowledged() > acked_before + 100; }, 30s));
  }
  writer.stop();
  INFO("acknowledged " << writer.acknowledged() << ", failed " << writer.failed());
  CHECK(writer.acknowledged() > 100);
  CHECK(writer.verify(farm.svr_port()).empty());
}
