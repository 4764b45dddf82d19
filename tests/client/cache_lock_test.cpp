// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include <chrono>
#include <future>
#include <thread>

#include "soss/client/cache.hpp"
#include "soss/client/grid_connection.hpp"
#include "support/catch.hpp"
#include "test_server.hpp"

using namespace soss::client;
using soss::client::test::ready_within;
using soss::client::test::TestServer;
using std::chrono::milliseconds;

namespace {

Cache open_cache(const TestServer& server, const char* name) {
  auto c = GridConnection::connect(server.connection_string());
  INFO(c.message);
  REQUIRE(c.ok());
  return Cache(c.connection, name);
}

}  // namespace

TEST_CASE("locks: lock, ticket operations and release", "[client]") {
  TestServer server;
  Cache cache = open_cache(server, "client-locks");
  REQUIRE(cache.add("obj", "v0").ok());

  auto locked = cache.lock("obj", milliseconds(0));
  REQUIRE(locked.result == ResultCode::kLocked);
  CHECK(locked.lock_ticket != 0);
  auto ticket = locked.lock_ticket;

  CHECK(cache.metadata("obj").metadata.locked);
  CHECK(cache.update("obj", "refused").result == ResultCode::kObjectLocked);
  CHECK(cache.remove("obj").result == ResultCode::kObjectLocked);
  CHECK(cache.try_read_exclusive("obj").result == ResultCode::kAlreadyLocked);
  CHECK(cache.lock("obj", milliseconds(20)).result == ResultCode::kAlreadyLocked);
  // put ignores locks (and keeps it).
  CHECK(cache.put("obj", "v1").result == ResultCode::kUpdated);

  auto read_locked = cache.read_locked("obj", ticket);
  CHECK(read_locked.result == ResultCode::kRetrieved);
  CHECK(read_locked.value == "v1");
  CHECK(cache.refresh_lock("obj", ticket).result == ResultCode::kLocked);
  CHECK(cache.update_and_retain("obj", "v2", ticket).result == ResultCode::kUpdated);
  CHECK(cache.read_locked("obj", ticket + 1).result == ResultCode::kLockLost);
  CHECK(cache.update_and_release("obj", "v3", ticket).result == ResultCode::kUpdated);
  CHECK(cache.release_lock("obj", ticket).result == ResultCode::kLockLost);
  CHECK(cache.read("obj").value == "v3");
  CHECK_FALSE(cache.metadata("obj").metadata.locked);

  auto again = cache.try_read_exclusive("obj");
  REQUIRE(again.result == ResultCode::kRetrieved);
  CHECK(again.value == "v3");
  CHECK(again.lock_ticket != 0);
  CHECK(again.lock_ticket != ticket);
  CHECK(cache.release_lock("obj", again.lock_ticket).result == ResultCode::kUnlocked);

  auto third = cache.lock("obj", milliseconds(0));
  REQUIRE(third.ok());
  CHECK(cache.remove_locked("obj", third.lock_ticket).result == ResultCode::kRemoved);
  CHECK(cache.read("obj").result == ResultCode::kNotFound);

  CHECK(cache.lock("missing", milliseconds(0)).result == ResultCode::kNotFound);
  CHECK(cache.read_exclusive("missing", milliseconds(10)).result == ResultCode::kNotFound);
  CHECK(cache.release_lock("missing", 42).result == ResultCode::kNotFound);
}

TEST_CASE("locks: read_exclusive waits for a lock held by another thread", "[client]") {
  TestServer server;
  Cache cache = open_cache(server, "client-lock-wait");
  REQUIRE(cache.put("shared", "before").ok());
  auto held = cache.lock("shared", milliseconds(0));
  REQUIRE(held.result == ResultCode::kLocked);

  std::promise<void> waiting;
  auto waiter = std::async(std::launch::async, [&] {
    auto f = cache.read_exclusive_async("shared", std::chrono::seconds(20));
    waiting.set_value();
    return f.get();
  });
  waiting.get_future().wait();
  // The waiter is parked in the service; it must not be answered while the lock is held.
  CHECK(waiter.wait_for(milliseconds(100)) == std::future_status::timeout);

  // Another thread releases the lock after updating the object.
  std::thread releaser([&] {
    CHECK(cache.update_and_release("shared", "after", held.lock_ticket).result ==
          ResultCode::kUpdated);
  });
  releaser.join();

  REQUIRE(ready_within(waiter));
  auto got = waiter.get();
  CHECK(got.result == ResultCode::kRetrieved);
  CHECK(got.value == "after");
  CHECK(got.lock_ticket != 0);
  CHECK(got.lock_ticket != held.lock_ticket);
  CHECK(cache.try_read_exclusive("shared").result == ResultCode::kAlreadyLocked);
  CHECK(cache.release_lock("shared", got.lock_ticket).result == ResultCode::kUnlocked);
}

TEST_CASE("locks: a lock wait ends with AlreadyLocked at its deadline", "[client]") {
  TestServer server;
  Cache cache = open_cache(server, "client-lock-deadline");
  REQUIRE(cache.put("k", "v").ok());
  auto held = cache.lock("k", milliseconds(0));
  REQUIRE(held.ok());
  auto start = std::chrono::steady_clock::now();
  auto r = cache.read_exclusive("k", milliseconds(150));
  auto took = std::chrono::steady_clock::now() - start;
  CHECK(r.result == ResultCode::kAlreadyLocked);
  CHECK(took >= milliseconds(100));
  CHECK(took < std::chrono::seconds(10));
}
