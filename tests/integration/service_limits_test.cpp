// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// A real soss_service at its file-descriptor limit: it backs off instead of spinning, rate-limits
// the log line, and serves again once clients go.
#include <dirent.h>
#include <sys/resource.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <sstream>
#include <thread>
#include <vector>

#include <asio.hpp>

#include "integration/service_fixture.hpp"
#include "support/catch.hpp"

using namespace soss::test;

namespace {

std::size_t open_fds(pid_t pid) {
  std::size_t n = 0;
  if (DIR* d = opendir(("/proc/" + std::to_string(pid) + "/fd").c_str())) {
    while (readdir(d) != nullptr) {
      ++n;
    }
    closedir(d);
  }
  return n > 2 ? n - 2 : 0;  // . and ..
}

// utime + stime of `pid`, in clock ticks.
long cpu_ticks(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::istringstream fields(text.substr(text.rfind(')') + 2));
  std::string f;
  long utime = 0;
  long stime = 0;
  for (int i = 3; i <= 15 && fields >> f; ++i) {
    if (i == 14) {
      utime = std::stol(f);
    } else if (i == 15) {
      stime = std::stol(f);
    }
  }
  return utime + stime;
}

}  // namespace

TEST_CASE("soss_service at its fd limit backs off, logs a little, and recovers",
          "[integration][limits]") {
  ServiceFixture service;
  const pid_t pid = service.process().pid();
  const std::size_t base = open_fds(pid);
  rlimit old{};
  REQUIRE(prlimit(pid, RLIMIT_NOFILE, nullptr, &old) == 0);
  rlimit low{base + 8, old.rlim_max};
  REQUIRE(prlimit(pid, RLIMIT_NOFILE, &low, nullptr) == 0);

  asio::io_context io;
  std::vector<std::unique_ptr<asio::ip::tcp::socket>> clients;
  for (int i = 0; i < 60; ++i) {
    auto s = std::make_unique<asio::ip::tcp::socket>(io);
    asio::error_code ec;
    s->connect({asio::ip::make_address("127.0.0.1"), service.svr_port()}, ec);
    if (!ec) {
      clients.push_back(std::move(s));
    }
  }
  REQUIRE(eventually([&] { return open_fds(pid) >= base + 8; }, std::chrono::seconds(5)));
  const std::size_t log_before = service.log().size();
  const long cpu_before = cpu_ticks(pid);
  std::this_thread::sleep_for(std::chrono::seconds(2));
  const long cpu_used = cpu_ticks(pid) - cpu_before;
  const std::size_t logged = service.log().size() - log_before;
  INFO("cpu ticks in 2 s: " << cpu_used << ", log bytes: " << logged);
  // The old loop spun at 100 % of a core (about 200 ticks) and logged ~50 MB/s.
  CHECK(cpu_used < 40);
  CHECK(logged < 4096);
  CHECK(service.log().find("accept failed") != std::string::npos);

  clients.clear();  // the backlog drains as descriptors come free
  REQUIRE(prlimit(pid, RLIMIT_NOFILE, &old, nullptr) == 0);
  CHECK(
      eventually([&] { return service.cli({"query"}).exit_code == 0; }, std::chrono::seconds(10)));
}
