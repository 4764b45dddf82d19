// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include <atomic>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "soss/client/cache.hpp"
#include "soss/client/grid_connection.hpp"
#include "support/catch.hpp"
#include "test_server.hpp"

using namespace soss::client;
using soss::client::test::ready_within;
using soss::client::test::TestServer;

TEST_CASE("async: 4 threads with 1000 requests each in flight on one connection", "[client]") {
  constexpr int kThreads = 4;
  constexpr int kOps = 1000;
  TestServer server;
  auto c = GridConnection::connect(server.connection_string());
  REQUIRE(c.ok());
  Cache cache(c.connection, "client-async");

  std::atomic<int> wrong{0};
  std::atomic<int> not_ready{0};
  auto worker = [&](int t) {
    auto key = [t](int i) { return "t" + std::to_string(t) + "-" + std::to_string(i); };
    std::vector<std::future<CacheResponse>> puts;
    puts.reserve(kOps);
    for (int i = 0; i < kOps; ++i) {
      puts.push_back(cache.put_async(key(i), "value-" + key(i)));
    }
    for (auto& f : puts) {
      if (!ready_within(f)) {
        ++not_ready;
        return;
      }
      if (f.get().result != ResultCode::kAdded) {
        ++wrong;
      }
    }
    std::vector<std::future<CacheResponse>> reads;
    reads.reserve(kOps);
    for (int i = 0; i < kOps; ++i) {
      reads.push_back(cache.read_async(key(i)));
    }
    for (int i = 0; i < kOps; ++i) {
      if (!ready_within(reads[static_cast<std::size_t>(i)])) {
        ++not_ready;
        return;
      }
      auto r = reads[static_cast<std::size_t>(i)].get();
      if (r.result != ResultCode::kRetrieved || r.value != "value-" + key(i)) {
        ++wrong;
      }
    }
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back(worker, t);
  }
  for (auto& th : threads) {
    th.join();
  }
  CHECK(not_ready == 0);
  CHECK(wrong == 0);
  auto page = cache.list_keys({}, 10000);
  CHECK(page.keys.size() == static_cast<std::size_t>(kThreads * kOps));
}

TEST_CASE("async: mixed operations complete in any order with their own answers", "[client]") {
  TestServer server;
  auto c = GridConnection::connect(server.connection_string());
  REQUIRE(c.ok());
  Cache cache(c.connection, "client-async-mixed");
  REQUIRE(cache.put("held", "x").ok());
  auto held = cache.lock("held", std::chrono::milliseconds(0));
  REQUIRE(held.ok());

  // A lock wait is answered later than requests sent after it.
  auto waiting = cache.lock_async("held", std::chrono::seconds(20));
  auto add = cache.add_async("a", "1");
  auto missing = cache.read_async("nope");
  auto list = cache.list_keys_async();
  REQUIRE(ready_within(add));
  REQUIRE(ready_within(missing));
  REQUIRE(ready_within(list));
  CHECK(add.get().result == ResultCode::kAdded);
  CHECK(missing.get().result == ResultCode::kNotFound);
  CHECK(list.get().ok());
  CHECK(waiting.wait_for(std::chrono::milliseconds(20)) == std::future_status::timeout);
  CHECK(cache.release_lock("held", held.lock_ticket).result == ResultCode::kUnlocked);
  REQUIRE(ready_within(waiting));
  CHECK(waiting.get().result == ResultCode::kLocked);
}
