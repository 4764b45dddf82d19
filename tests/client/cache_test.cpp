// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "soss/client/cache.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "soss/client/grid_connection.hpp"
#include "soss/core/store/types.hpp"
#include "support/catch.hpp"
#include "test_server.hpp"

using namespace soss::client;
using soss::client::test::TestServer;

namespace {

std::shared_ptr<GridConnection> connect_to(const TestServer& server) {
  auto c = GridConnection::connect(server.connection_string());
  INFO(c.message);
  REQUIRE(c.ok());
  REQUIRE(c.connection != nullptr);
  return c.connection;
}

}  // namespace

TEST_CASE("cache: add, put, update, read, metadata, remove", "[client]") {
  TestServer server;
  Cache cache(connect_to(server), "client-basic");
  CHECK(cache.name() == "client-basic");
  CHECK(cache.namespace_id() == soss::core::namespace_id_of("client-basic"));

  auto added = cache.add("k", "v1");
  CHECK(added.result == ResultCode::kAdded);
  CHECK(added.ok());
  CHECK(added.version > 0);
  CHECK(cache.add("k", "again").result == ResultCode::kAlreadyExists);

  auto read = cache.read("k");
  CHECK(read.result == ResultCode::kRetrieved);
  CHECK(read.value == "v1");
  CHECK(read.version == added.version);
  CHECK(read.metadata.key_name == "k");

  auto put = cache.put("k", "v2");
  CHECK(put.result == ResultCode::kUpdated);
  CHECK(put.version > added.version);
  CHECK(cache.put("k2", "new").result == ResultCode::kAdded);

  CHECK(cache.update("k", "v3").result == ResultCode::kUpdated);
  CHECK(cache.update("missing", "x").result == ResultCode::kNotFound);
  CHECK(cache.read("k").value == "v3");

  auto meta = cache.metadata("k");
  CHECK(meta.result == ResultCode::kRetrieved);
  CHECK(meta.value.empty());
  CHECK(meta.metadata.size == 2);
  CHECK(cache.metadata("missing").result == ResultCode::kNotFound);

  CHECK(cache.touch("k").result == ResultCode::kOk);
  CHECK(cache.touch("missing").result == ResultCode::kNotFound);

  CHECK(cache.remove("k").result == ResultCode::kRemoved);
  CHECK(cache.remove("k").result == ResultCode::kNotFound);
  auto gone = cache.read("k");
  CHECK(gone.result == ResultCode::kNotFound);
  CHECK_FALSE(gone.ok());
}

TEST_CASE("cache: optimistic update and remove", "[client]") {
  TestServer server;
  Cache cache(connect_to(server), "client-optimistic");
  auto v1 = cache.add("o", "one").version;
  auto updated = cache.update_optimistic("o", "two", v1);
  CHECK(updated.result == ResultCode::kUpdated);
  CHECK(cache.update_optimistic("o", "stale", v1).result == ResultCode::kVersionMismatch);
  CHECK(cache.update_optimistic("none", "x", 1).result == ResultCode::kNotFound);
  CHECK(cache.read("o").value == "two");
  CHECK(cache.remove_optimistic("o", v1).result == ResultCode::kVersionMismatch);
  CHECK(cache.remove_optimistic("o", updated.version).result == ResultCode::kRemoved);
  CHECK(cache.remove_optimistic("o", updated.version).result == ResultCode::kNotFound);
}

TEST_CASE("cache: updates with options replace the content type and keep the timeout", "[client]") {
  TestServer server;
  Cache cache(connect_to(server), "client-update-options");
  WriteOptions created(CreatePolicy{std::chrono::seconds(600), TimeoutType::kSliding, {}, {}});
  created.content_type = "text/plain";
  auto v1 = cache.add("c", "one", created).version;
  WriteOptions json;
  json.content_type = "application/json";
  CHECK(cache.update("c", "{}", json).result == ResultCode::kUpdated);
  auto read = cache.read("c");
  CHECK(read.metadata.content_type == "application/json");
  CHECK(read.metadata.timeout == std::chrono::seconds(600));
  CHECK(read.metadata.timeout_type == TimeoutType::kSliding);
  WriteOptions html;
  html.content_type = "text/html";
  CHECK(cache.update_optimistic("c", "<p>", v1, html).result == ResultCode::kVersionMismatch);
  CHECK(cache.update_optimistic("c", "<p>", read.version, html).result == ResultCode::kUpdated);
  CHECK(cache.read("c").metadata.content_type == "text/html");
  CHECK(cache.update("missing", "x", html).result == ResultCode::kNotFound);
}

TEST_CASE("cache: read_or_add adds only once", "[client]") {
  TestServer server;
  Cache cache(connect_to(server), "client-read-or-add");
  auto first = cache.read_or_add("r", "factory-1");
  CHECK(first.result == ResultCode::kAdded);
  auto second = cache.read_or_add("r", "factory-2");
  CHECK(second.result == ResultCode::kRetrieved);
  CHECK(second.value == "factory-1");
}

TEST_CASE("cache: policies, parents, index values and content type", "[client]") {
  TestServer server;
  CreatePolicy sliding;
  sliding.timeout = std::chrono::seconds(300);
  sliding.timeout_type = TimeoutType::kSliding;
  Cache cache(connect_to(server), "client-policy", sliding);

  CHECK(cache.add("plain", "x").ok());
  auto m = cache.metadata("plain").metadata;
  CHECK(m.timeout == std::chrono::seconds(300));
  CHECK(m.timeout_type == TimeoutType::kSliding);

  CreatePolicy pinned;
  pinned.priority = Priority::kNotRemovable;
  pinned.parent_keys = {"plain"};
  WriteOptions options(pinned);
  options.index_values = {"red", "", "large"};
  options.content_type = "text/plain";
  CHECK(cache.put("child", "y", options).result == ResultCode::kAdded);
  m = cache.metadata("child").metadata;
  CHECK(m.timeout == std::chrono::seconds(0));
  CHECK(m.priority == Priority::kNotRemovable);
  CHECK(m.content_type == "text/plain");
  REQUIRE(m.parent_keys.size() == 1);
  CHECK(m.parent_keys[0] == Key("plain").bytes());
  CHECK(m.index_values.at(0) == "red");

  auto found = cache.query({"red"});
  CHECK(found.result == ResultCode::kOk);
  REQUIRE(found.keys.size() == 1);
  CHECK(found.keys[0].key_name == "child");
  CHECK(cache.query({"blue"}).keys.empty());

  // Updating the parent removes the dependent.
  CHECK(cache.update("plain", "x2").ok());
  CHECK(cache.read("child").result == ResultCode::kNotFound);

  CreatePolicy negative;
  negative.timeout = std::chrono::seconds(-1);
  CHECK(cache.add("bad", "x", negative).result == ResultCode::kInvalidArgument);
}

TEST_CASE("cache: raw keys", "[client]") {
  TestServer server;
  Cache cache(connect_to(server), "client-raw");
  KeyBytes raw{};
  raw[0] = 0xAB;
  raw[31] = 0x01;
  CHECK(cache.put(Key(raw), "bytes").result == ResultCode::kAdded);
  auto r = cache.read(Key(raw));
  CHECK(r.value == "bytes");
  CHECK(r.metadata.key_name.empty());
  // A string key is SHA-256 of the string, so the same bytes reach the same object.
  CHECK(cache.put("named", "n").ok());
  CHECK(cache.read(Key(soss::core::key_of("named"))).value == "n");
}

TEST_CASE("cache: bulk read and bulk add", "[client]") {
  TestServer server;
  Cache cache(connect_to(server), "client-bulk");
  CHECK(cache.add("b1", "one").ok());
  auto added = cache.bulk_add({{"b1", "dup"}, {"b2", "two"}, {"b3", "three"}});
  CHECK(added.result == ResultCode::kOk);
  REQUIRE(added.items.size() == 3);
  CHECK(added.items[0].result == ResultCode::kAlreadyExists);
  CHECK(added.items[1].result == ResultCode::kAdded);
  CHECK(added.items[2].result == ResultCode::kAdded);

  auto read = cache.bulk_read({"b1", "missing", "b3"});
  CHECK(read.ok());
  REQUIRE(read.items.size() == 3);
  CHECK(read.items[0].result == ResultCode::kRetrieved);
  CHECK(read.items[0].value == "one");
  CHECK(read.items[1].result == ResultCode::kNotFound);
  CHECK(read.items[2].value == "three");
  CHECK(read.items[2].version > 0);
}

TEST_CASE("cache: list keys in pages, namespaces, clear", "[client]") {
  TestServer server;
  auto connection = connect_to(server);
  Cache cache(connection, "client-list");
  Cache other(connection, "client-list-other");
  for (int i = 0; i < 25; ++i) {
    REQUIRE(cache.put("key-" + std::to_string(i), "v").ok());
  }
  REQUIRE(other.put("elsewhere", "v").ok());

  std::vector<std::string> names;
  std::string cursor;
  int pages = 0;
  do {
    auto page = cache.list_keys(cursor, 10);
    REQUIRE(page.ok());
    CHECK(page.keys.size() <= 10);
    for (const auto& k : page.keys) {
      names.push_back(k.key_name);
    }
    cursor = page.next_cursor;
    REQUIRE(++pages < 10);
  } while (!cursor.empty());
  std::sort(names.begin(), names.end());
  CHECK(names.size() == 25);
  CHECK(std::unique(names.begin(), names.end()) == names.end());
  CHECK(pages >= 3);

  auto spaces = connection->list_namespaces();
  REQUIRE(spaces.ok());
  auto has = [&](const std::string& name) {
    return std::any_of(spaces.namespaces.begin(), spaces.namespaces.end(),
                       [&](const NamespaceInfo& ns) { return ns.name == name; });
  };
  CHECK(has("client-list"));
  CHECK(has("client-list-other"));

  auto cleared = cache.clear();
  CHECK(cleared.result == ResultCode::kOk);
  CHECK(cleared.removed == 25);
  CHECK(cache.list_keys().keys.empty());
  CHECK(other.read("elsewhere").ok());
}

TEST_CASE("cache without a connection answers InvalidArgument", "[client]") {
  Cache cache(nullptr, "nowhere");
  CHECK(cache.read("k").result == ResultCode::kInvalidArgument);
  CHECK(cache.clear().result == ResultCode::kInvalidArgument);
}
