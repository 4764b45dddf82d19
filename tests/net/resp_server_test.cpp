// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include <chrono>
#include <string>

#include <asio.hpp>

#include "late_answers.hpp"
#include "loopback_exchange.hpp"
#include "soss/net/resp_server.hpp"
#include "support/catch.hpp"

using namespace soss;
using namespace soss::core;
using namespace soss::net;
using soss::test::exchange;
using soss::test::LateAnswers;

namespace {

// Reads answer 20 ms later, from another thread, so reply order must survive late answers.
LateAnswers late_reads() {
  return {[](OpCode op) { return op == OpCode::kRead; }, std::chrono::milliseconds(20)};
}

}  // namespace

TEST_CASE("resp server keeps reply order when answers come later", "[net][resp]") {
  LateAnswers handler = late_reads();
  RespServerOptions o;
  o.port = 0;
  RespServer server(o, handler);
  REQUIRE(server.start().is_ok());
  const std::string pipeline =
      "*3\r\n$3\r\nSET\r\n$1\r\na\r\n$2\r\nv1\r\n"
      "*2\r\n$3\r\nGET\r\n$1\r\na\r\n"
      "PING\r\n"
      "*2\r\n$3\r\nGET\r\n$4\r\nnone\r\n"
      "INCR n\r\nINCRBY n 41\r\n";
  const std::string expected = "+OK\r\n$2\r\nv1\r\n+PONG\r\n$-1\r\n:1\r\n:42\r\n";
  CHECK(exchange(server.port(), pipeline, expected.size()) == expected);
  CHECK(server.stats().commands == 6);
  server.stop();
}

TEST_CASE("resp server answers a protocol error and closes only that connection", "[net][resp]") {
  LateAnswers handler = late_reads();
  RespServerOptions o;
  o.port = 0;
  o.max_bulk_bytes = 1024;
  RespServer server(o, handler);
  REQUIRE(server.start().is_ok());
  CHECK(exchange(server.port(), "PING\r\n*1\r\n$2000\r\n", 1000) ==
        "+PONG\r\n-ERR Protocol error: invalid bulk length\r\n");
  CHECK(exchange(server.port(), "QUIT\r\nPING\r\n", 1000) == "+OK\r\n");
  CHECK(exchange(server.port(), "ECHO \"a b\"\r\n", 9) == "$3\r\na b\r\n");
  CHECK(server.stats().protocol_errors == 1);
  server.stop();
}
