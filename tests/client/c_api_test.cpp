// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include <cstring>
#include <string>

#include "soss/client/soss_c.h"
#include "support/catch.hpp"
#include "test_server.hpp"

using soss::client::test::TestServer;

TEST_CASE("C API: put, get, remove, lock and unlock", "[client]") {
  TestServer server;
  soss_conn* conn = nullptr;
  REQUIRE(soss_connect(server.connection_string().c_str(), &conn) == SOSS_OK);
  REQUIRE(conn != nullptr);
  soss_cache* cache = nullptr;
  REQUIRE(soss_cache_open(conn, "c-api", &cache) == SOSS_OK);
  REQUIRE(cache != nullptr);
  // Caches keep the connection alive on their own.
  soss_disconnect(conn);

  const char value[] = {'a', '\0', 'b'};  // binary-safe
  CHECK(soss_put(cache, "key", value, sizeof value, 0) == SOSS_ADDED);
  CHECK(soss_add(cache, "key", "x", 1, 0) == SOSS_ALREADY_EXISTS);
  CHECK(soss_update(cache, "missing", "x", 1, 0) == SOSS_NOT_FOUND);

  char* got = nullptr;
  size_t len = 0;
  uint64_t version = 0;
  REQUIRE(soss_get(cache, "key", &got, &len, &version) == SOSS_RETRIEVED);
  REQUIRE(got != nullptr);
  CHECK(len == sizeof value);
  CHECK(std::memcmp(got, value, len) == 0);
  CHECK(got[len] == '\0');
  CHECK(version > 0);
  soss_free(got);

  uint64_t ticket = 0;
  CHECK(soss_lock(cache, "key", 0, &ticket) == SOSS_LOCKED);
  CHECK(ticket != 0);
  uint64_t other = 0;
  CHECK(soss_lock(cache, "key", 10, &other) == SOSS_ALREADY_LOCKED);
  CHECK(soss_remove(cache, "key") == SOSS_OBJECT_LOCKED);
  CHECK(soss_unlock(cache, "key", ticket + 1) == SOSS_LOCK_LOST);
  CHECK(soss_unlock(cache, "key", ticket) == SOSS_UNLOCKED);

  CHECK(soss_update(cache, "key", "", 0, 0) == SOSS_UPDATED);
  REQUIRE(soss_get(cache, "key", &got, &len, nullptr) == SOSS_RETRIEVED);
  CHECK(len == 0);
  soss_free(got);

  CHECK(soss_remove(cache, "key") == SOSS_REMOVED);
  got = reinterpret_cast<char*>(&len);  // must be reset on failure
  CHECK(soss_get(cache, "key", &got, &len, nullptr) == SOSS_NOT_FOUND);
  CHECK(got == nullptr);
  soss_cache_close(cache);
}

TEST_CASE("C API: argument errors and result names", "[client]") {
  soss_conn* conn = nullptr;
  CHECK(soss_connect("bootstrapGateways=", &conn) == SOSS_INVALID_ARGUMENT);
  CHECK(conn == nullptr);
  CHECK(soss_connect("bootstrapGateways=h", nullptr) == SOSS_INVALID_ARGUMENT);
  CHECK(soss_put(nullptr, "k", "v", 1, 0) == SOSS_INVALID_ARGUMENT);
  CHECK(soss_get(nullptr, "k", nullptr, nullptr, nullptr) == SOSS_INVALID_ARGUMENT);
  CHECK(soss_lock(nullptr, "k", 0, nullptr) == SOSS_INVALID_ARGUMENT);
  CHECK(std::string(soss_result_name(SOSS_LOCK_LOST)) == "LockLost");
  CHECK(std::string(soss_result_name(-5)) == "Unknown");
  CHECK(std::string(soss_result_name(1000)) == "Unknown");
}
