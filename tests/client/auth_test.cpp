// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// The client against a store with an access file: the credentials of ConnectionOptions (or the
// connection string) are sent first on every connection, and the role decides what is allowed.
#include <string>

#include "soss/client/cache.hpp"
#include "soss/client/grid_connection.hpp"
#include "soss/core/common/access.hpp"
#include "soss/core/common/clock.hpp"
#include "soss/core/store/store.hpp"
#include "soss/net/dispatcher.hpp"
#include "support/catch.hpp"
#include "test_server.hpp"

using namespace soss::client;
using soss::client::test::TestServer;

namespace {

constexpr const char* kAccessFile =
    "secret 0123456789abcdef-store\n"
    "user web write pw-web\n"
    "user report read pw-report\n";

// A store whose Dispatcher checks the users of kAccessFile.
struct GuardedStore {
  GuardedStore()
      : dispatcher(store, nullptr, *soss::core::AccessList::parse(kAccessFile, "access.txt")),
        server(&dispatcher) {}

  std::shared_ptr<GridConnection> connect(const std::string& credentials) {
    auto c = GridConnection::connect(server.connection_string(credentials));
    INFO(c.message);
    REQUIRE(c.ok());
    return c.connection;
  }

  soss::core::SystemClock clock;
  soss::core::Store store{clock, {}};
  soss::net::Dispatcher dispatcher;
  TestServer server;
};

}  // namespace

TEST_CASE("auth: the right user may do what its role allows", "[client][auth]") {
  GuardedStore guarded;
  Cache web(guarded.connect(";user=web;password=pw-web"), "auth");
  CHECK(web.put("k", "v").ok());
  CHECK(web.read("k").value == "v");

  Cache report(guarded.connect(";user=report;password=pw-report"), "auth");
  CHECK(report.read("k").value == "v");
  auto refused = report.put("k", "other");
  CHECK(refused.result == ResultCode::kUnauthorized);
  CHECK(refused.message.find("needs role write") != std::string::npos);
  CHECK(web.read("k").value == "v");  // the refused write changed nothing
}

TEST_CASE("auth: no credentials or a wrong password get Unauthorized and change nothing",
          "[client][auth]") {
  GuardedStore guarded;
  Cache web(guarded.connect(";user=web;password=pw-web"), "auth");
  REQUIRE(web.put("k", "v").ok());

  Cache anonymous(guarded.connect(""), "auth");
  auto r = anonymous.read("k");
  CHECK(r.result == ResultCode::kUnauthorized);
  CHECK(r.message.find("authentication required") != std::string::npos);
  CHECK(anonymous.put("k", "x").result == ResultCode::kUnauthorized);

  Cache wrong(guarded.connect(";user=web;password=not-it"), "auth");
  auto w = wrong.put("k", "x");
  CHECK(w.result == ResultCode::kUnauthorized);
  // The message names the user and the reason, never the password.
  CHECK(w.message.find("refused user 'web'") != std::string::npos);
  CHECK(w.message.find("wrong user or password") != std::string::npos);
  CHECK(w.message.find("not-it") == std::string::npos);
  CHECK(web.read("k").value == "v");
}

TEST_CASE("auth: a reconnected client authenticates again", "[client][auth]") {
  GuardedStore guarded;
  Cache web(guarded.connect(";user=web;password=pw-web;maxRequestRetries=20"), "auth");
  REQUIRE(web.put("k", "v1").ok());
  guarded.server.stop();
  guarded.server.start();
  // The first request after the restart may meet the dead link (Unavailable); a later one runs
  // on the new connection, which must have sent auth again.
  CacheResponse put;
  for (int i = 0; i < 50 && !(put = web.put("k", "v2")).ok(); ++i) {
    REQUIRE(put.result != ResultCode::kUnauthorized);
  }
  CHECK(put.ok());
  CHECK(web.read("k").value == "v2");
}

TEST_CASE("auth: a store without an access file lets every connection in", "[client][auth]") {
  TestServer open_store;
  auto c = GridConnection::connect(open_store.connection_string(";user=any;password=any"));
  REQUIRE(c.ok());
  Cache cache(c.connection, "auth");
  CHECK(cache.put("k", "v").ok());
}
