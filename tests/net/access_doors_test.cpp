// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// The access file enforced at the doors: the Dispatcher (native svr_port and mgt_port) and the
// Redis endpoint (AUTH, HELLO AUTH, NOAUTH, WRONGPASS, NOPERM).
#include <string>

#include "loopback_exchange.hpp"
#include "soss/core/common/access.hpp"
#include "soss/core/common/clock.hpp"
#include "soss/core/store/store.hpp"
#include "soss/net/dispatcher.hpp"
#include "soss/net/resp_server.hpp"
#include "support/catch.hpp"

using namespace soss;
using namespace soss::core;
using namespace soss::net;

namespace {

constexpr const char* kAccessFile =
    "secret 0123456789abcdef-store\n"
    "user default write pw-default\n"
    "user web write pw-web\n"
    "user report read pw-report\n"
    "user ops admin pw-ops\n";

AccessList access() { return *AccessList::parse(kAccessFile, "access.txt"); }

Request auth(const std::string& user, const std::string& password) {
  return auth_request(Credentials{user, password});
}

Request put(const std::string& key) {
  Request r;
  r.op = OpCode::kPut;
  r.id.key = key_of(key);
  r.value = "v";
  return r;
}

Request read(const std::string& key) {
  Request r;
  r.op = OpCode::kRead;
  r.id.key = key_of(key);
  return r;
}

Request op(OpCode code) {
  Request r;
  r.op = code;
  return r;
}

// A management handler that says yes: the role check must come before it is asked.
class Managed final : public ManagementHandler {
 public:
  Response manage(const Request&) override {
    ++calls;
    return Response::of(StatusCode::kOk);
  }
  bool is_active() const override { return true; }
  int calls = 0;
};

struct Guarded {
  SystemClock clock;
  Store store{clock, StoreOptions{}};
  Managed managed;
  Dispatcher dispatcher{store, &managed, access()};

  StatusCode run(const Request& r, Caller& caller) {
    auto answer = dispatcher.handle(r, caller, {});
    REQUIRE(answer);
    return answer->code;
  }
  Caller connect(Listener listener = Listener::kObjects) {
    return Caller{listener, dispatcher.initial_role(), {}};
  }
};

}  // namespace

TEST_CASE("dispatcher: before auth only ping and auth are answered", "[net][auth]") {
  Guarded g;
  Caller c = g.connect();
  CHECK(c.role == Role::kNone);
  CHECK(g.run(op(OpCode::kPing), c) == StatusCode::kOk);
  CHECK(g.run(read("k"), c) == StatusCode::kUnauthorized);
  CHECK(g.run(put("k"), c) == StatusCode::kUnauthorized);
  CHECK(g.run(op(OpCode::kGetRouting), c) == StatusCode::kUnauthorized);
  CHECK(g.run(auth("web", "wrong"), c) == StatusCode::kUnauthorized);
  CHECK(g.run(auth("nobody", "pw-web"), c) == StatusCode::kUnauthorized);
  CHECK(c.role == Role::kNone);
  CHECK(g.run(read("k"), c) == StatusCode::kUnauthorized);
  CHECK(g.store.stats().objects == 0);
}

TEST_CASE("dispatcher: each role may do what it allows and no more", "[net][auth]") {
  Guarded g;
  Caller report = g.connect();
  auto answer = g.dispatcher.handle(auth("report", "pw-report"), report, {});
  REQUIRE(answer);
  CHECK(answer->code == StatusCode::kOk);
  REQUIRE(answer->fields.size() == 1);
  CHECK(answer->fields[0].second == "read");
  CHECK(g.run(read("k"), report) == StatusCode::kNotFound);
  CHECK(g.run(put("k"), report) == StatusCode::kUnauthorized);

  Caller web = g.connect();
  REQUIRE(g.run(auth("web", "pw-web"), web) == StatusCode::kOk);
  CHECK(g.run(put("k"), web) == StatusCode::kAdded);
  CHECK(g.run(read("k"), report) == StatusCode::kRetrieved);
  // A failed auth keeps what the connection had proven.
  CHECK(g.run(auth("ops", "wrong"), web) == StatusCode::kUnauthorized);
  CHECK(g.run(put("k"), web) == StatusCode::kUpdated);

  Caller web_mgt = g.connect(Listener::kManagement);
  REQUIRE(g.run(auth("web", "pw-web"), web_mgt) == StatusCode::kOk);
  CHECK(g.run(op(OpCode::kGetStatus), web_mgt) == StatusCode::kOk);
  CHECK(g.run(op(OpCode::kLeave), web_mgt) == StatusCode::kUnauthorized);
  CHECK(g.run(op(OpCode::kSetParams), web_mgt) == StatusCode::kUnauthorized);
  CHECK(g.run(op(OpCode::kRestart), web_mgt) == StatusCode::kUnauthorized);
  CHECK(g.managed.calls == 1);  // only the status reached the host

  Caller ops = g.connect(Listener::kManagement);
  REQUIRE(g.run(auth("ops", "pw-ops"), ops) == StatusCode::kOk);
  CHECK(g.run(op(OpCode::kLeave), ops) == StatusCode::kOk);
  CHECK(g.managed.calls == 2);
}

TEST_CASE("dispatcher: without an access file every connection is admin", "[net][auth]") {
  SystemClock clock;
  Store store(clock, StoreOptions{});
  Dispatcher open(store, nullptr);
  Caller c{Listener::kObjects, open.initial_role(), {}};
  CHECK(c.role == Role::kAdmin);
  auto answer = open.handle(put("k"), c, {});
  REQUIRE(answer);
  CHECK(answer->code == StatusCode::kAdded);
}

namespace {

struct RespEndpoint {
  explicit RespEndpoint(AccessList list)
      : dispatcher(store, nullptr, std::move(list)), server(options(), dispatcher) {
    REQUIRE(server.start().is_ok());
  }
  ~RespEndpoint() { server.stop(); }
  static RespServerOptions options() {
    RespServerOptions o;
    o.port = 0;
    return o;
  }
  void check(const std::string& commands, const std::string& expected) {
    CAPTURE(commands);
    CHECK(soss::test::exchange(server.port(), commands, expected.size()) == expected);
  }
  SystemClock clock;
  Store store{clock, StoreOptions{}};
  Dispatcher dispatcher;
  RespServer server;
};

const std::string kNoAuth = "-NOAUTH Authentication required.\r\n";
const std::string kWrongPass = "-WRONGPASS invalid username-password pair or user is disabled.\r\n";

}  // namespace

TEST_CASE("resp: NOAUTH until AUTH, WRONGPASS for a wrong password", "[net][resp][auth]") {
  RespEndpoint e(access());
  e.check("PING\r\nSET k v\r\nGET k\r\nDBSIZE\r\n", kNoAuth + kNoAuth + kNoAuth + kNoAuth);
  e.check("AUTH web wrong\r\nAUTH wrong\r\nGET k\r\n", kWrongPass + kWrongPass + kNoAuth);
  e.check("NOSUCHCOMMAND\r\n",
          "-ERR unknown command 'NOSUCHCOMMAND', with args beginning with: \r\n");
  e.check("AUTH web pw-web\r\nSET k v\r\nGET k\r\n", "+OK\r\n+OK\r\n$1\r\nv\r\n");
  // AUTH with one argument is the user "default", as in Redis.
  e.check("AUTH pw-default\r\nGET k\r\n", "+OK\r\n$1\r\nv\r\n");
  CHECK(e.store.stats().objects == 1);
}

TEST_CASE("resp: a read user gets NOPERM for writes, also inside MULTI", "[net][resp][auth]") {
  RespEndpoint e(access());
  e.check("AUTH report pw-report\r\nGET k\r\nSET k v\r\nDEL k\r\nFLUSHALL\r\n",
          "+OK\r\n$-1\r\n"
          "-NOPERM User report has no permissions to run the 'set' command\r\n"
          "-NOPERM User report has no permissions to run the 'del' command\r\n"
          "-NOPERM User report has no permissions to run the 'flushall' command\r\n");
  e.check("AUTH report pw-report\r\nMULTI\r\nSET k v\r\nEXEC\r\n",
          "+OK\r\n+OK\r\n"
          "-NOPERM User report has no permissions to run the 'set' command\r\n"
          "-EXECABORT Transaction discarded because of previous errors.\r\n");
  CHECK(e.store.stats().objects == 0);
}

TEST_CASE("resp: HELLO needs authentication or its AUTH option", "[net][resp][auth]") {
  RespEndpoint e(access());
  const std::string hello_noauth =
      "-NOAUTH HELLO must be called with the client already authenticated, otherwise the "
      "HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and "
      "select the RESP protocol version at the same time\r\n";
  e.check("HELLO 2\r\n", hello_noauth);
  e.check("HELLO 2 AUTH web wrong\r\n", kWrongPass);
  const std::string ok_hello_start = "*14\r\n$6\r\nserver\r\n";
  CHECK(soss::test::exchange(e.server.port(), "HELLO 2 AUTH web pw-web\r\nSET k v\r\n", 200)
            .rfind(ok_hello_start, 0) == 0);
  CHECK(e.store.stats().objects == 1);
}

TEST_CASE("resp: without an access file AUTH is answered OK and nothing is checked",
          "[net][resp][auth]") {
  RespEndpoint e(AccessList{});
  e.check("SET k v\r\nAUTH anything\r\nAUTH u p\r\nGET k\r\n", "+OK\r\n+OK\r\n+OK\r\n$1\r\nv\r\n");
}
