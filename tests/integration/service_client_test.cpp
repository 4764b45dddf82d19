// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// The real soss_service used through libsoss_client, soss_bench and a hostile raw socket.
#include <signal.h>

#include <random>
#include <thread>

#include <asio.hpp>

#include "integration/service_fixture.hpp"
#include "soss/client/cache.hpp"
#include "soss/client/grid_connection.hpp"
#include "soss/net/frame.hpp"
#include "support/catch.hpp"

using namespace soss::test;
using namespace soss::client;

namespace {

std::shared_ptr<GridConnection> connect_to(const ServiceFixture& svc) {
  auto c = GridConnection::connect("bootstrapGateways=127.0.0.1:" + std::to_string(svc.svr_port()) +
                                   ";maxRequestRetries=2");
  REQUIRE(c.ok());
  return c.connection;
}

}  // namespace

TEST_CASE("the client library and the CLI see the same objects", "[integration]") {
  ServiceFixture svc;
  auto conn = connect_to(svc);
  Cache cache(conn, "shared");
  auto put = cache.put("from-client", "payload");
  REQUIRE(put.result == ResultCode::kAdded);
  CHECK(svc.cli({"get", "shared", "from-client"}).out == "payload");
  REQUIRE(svc.cli({"put", "shared", "from-cli", "cli-value"}).exit_code == 0);
  auto read = cache.read("from-cli");
  CHECK(read.result == ResultCode::kRetrieved);
  CHECK(read.value == "cli-value");
  CHECK(read.metadata.key_name == "from-cli");
}

TEST_CASE("many threads share one connection against the real service", "[integration]") {
  ServiceFixture svc;
  auto conn = connect_to(svc);
  Cache cache(conn, "threads");
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 500; ++i) {
        std::string key = "k" + std::to_string(t) + "-" + std::to_string(i);
        if (cache.put(key, key + "v").result != ResultCode::kAdded) {
          ++wrong;
        }
        auto r = cache.read(key);
        if (r.result != ResultCode::kRetrieved || r.value != key + "v") {
          ++wrong;
        }
      }
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  CHECK(wrong == 0);
  auto keys = cache.list_keys({}, 10000);
  CHECK(keys.keys.size() == 2000);
}

TEST_CASE("a lock waiter is served in the service when the holder releases", "[integration]") {
  ServiceFixture svc;
  auto conn = connect_to(svc);
  Cache cache(conn, "locks");
  REQUIRE(cache.put("obj", "v0").ok());
  auto held = cache.lock("obj", std::chrono::milliseconds(0));
  REQUIRE(held.result == ResultCode::kLocked);
  auto waiter = cache.read_exclusive_async("obj", std::chrono::seconds(5));
  CHECK(waiter.wait_for(std::chrono::milliseconds(100)) == std::future_status::timeout);
  REQUIRE(cache.update_and_release("obj", "v1", held.lock_ticket).result == ResultCode::kUpdated);
  auto got = waiter.get();
  CHECK(got.result == ResultCode::kRetrieved);
  CHECK(got.value == "v1");
  CHECK(got.lock_ticket != 0);
  CHECK(got.lock_ticket != held.lock_ticket);
}

TEST_CASE("garbage on a connection never takes the service down", "[integration]") {
  ServiceFixture svc;
  std::mt19937 rng(4242);
  asio::io_context io;
  for (int i = 0; i < 40; ++i) {
    asio::ip::tcp::socket s(io);
    s.connect({asio::ip::make_address("127.0.0.1"), (i % 2) ? svc.svr_port() : svc.mgt_port()});
    std::string junk;
    if (i % 3 == 0) {
      soss::net::FrameHeader h;
      h.opcode = 11;
      h.body_length = (i % 6 == 0) ? 0xFFFFFFF0u : 100;  // oversized, or a garbage body
      soss::net::append_header(h, junk);
    }
    for (int b = 0; b < 100; ++b) {
      junk += static_cast<char>(rng());
    }
    asio::error_code ec;
    asio::write(s, asio::buffer(junk), ec);
  }
  CHECK(svc.process().running());
  CHECK(svc.cli({"put", "after", "junk", "fine"}).exit_code == 0);
  CHECK(svc.cli({"get", "after", "junk"}).out == "fine");
  CHECK(svc.log().find("closing connection") != std::string::npos);
}

TEST_CASE("the client reports a dead service and reconnects when it returns", "[integration]") {
  ServiceFixture svc;
  auto conn = connect_to(svc);
  Cache cache(conn, "restart");
  REQUIRE(cache.put("a", "1").ok());
  REQUIRE(svc.stop(SIGKILL) == -1);
  auto down = cache.read("a");
  CHECK(down.result == ResultCode::kUnavailable);
  svc.start();
  // The store is in memory: a restarted host starts empty (replicas arrive with the cluster).
  bool back = eventually([&] { return cache.put("b", "2").ok(); });
  CHECK(back);
  CHECK(cache.read("b").value == "2");
}

TEST_CASE("soss_bench drives the service without errors", "[integration]") {
  ServiceFixture svc;
  auto r = run({SOSS_BENCH_BIN, "--port", std::to_string(svc.svr_port()), "-c", "4", "-q", "8",
                "-r", "1000", "--mix", "0.5", "--prefill", "-n", "5000", "-t", "10", "--json"});
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("\"errors\":0") != std::string::npos);
  CHECK(r.out.find("\"misses\":0") != std::string::npos);
  CHECK(r.out.find("\"requests\":5000") != std::string::npos);
}
