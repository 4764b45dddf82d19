// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// The hash commands through a RespServer on loopback with the real Dispatcher and Store.
#include <chrono>
#include <string>
#include <thread>

#include <asio.hpp>

#include "loopback_exchange.hpp"
#include "soss/core/common/clock.hpp"
#include "soss/core/store/store.hpp"
#include "soss/net/dispatcher.hpp"
#include "soss/net/resp_server.hpp"
#include "support/catch.hpp"

using namespace soss;
using namespace soss::core;
using namespace soss::net;

namespace {

struct Endpoint {
  Endpoint()
      : store(clock, StoreOptions{}), dispatcher(store, nullptr), server(options(), dispatcher) {
    REQUIRE(server.start().is_ok());
  }
  ~Endpoint() { server.stop(); }
  static RespServerOptions options() {
    RespServerOptions o;
    o.port = 0;
    return o;
  }
  SystemClock clock;
  Store store;
  Dispatcher dispatcher;
  RespServer server;
};

// Sends inline commands and reads until `expected` (its size) arrived or 5 s pass.
std::string exchange(Endpoint& e, const std::string& commands, const std::string& expected) {
  return soss::test::exchange(e.server.port(), commands, expected.size());
}

void check(Endpoint& e, const std::string& commands, const std::string& expected) {
  CAPTURE(commands);
  CHECK(exchange(e, commands, expected) == expected);
}

const std::string kWrongType =
    "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";

}  // namespace

TEST_CASE("resp hashes: HSET, HSETNX, HMSET count and overwrite fields", "[net][resp]") {
  Endpoint e;
  check(e, "HSET h a 1 b 2\r\nHSET h a 3 c 4\r\nHSETNX h a 9\r\nHSETNX h z 9\r\nHMSET h x 1\r\n",
        ":2\r\n:1\r\n:0\r\n:1\r\n+OK\r\n");
  check(e, "HGET h a\r\nHGET h nope\r\nHGET nokey a\r\nHMGET h a nope b\r\n",
        "$1\r\n3\r\n$-1\r\n$-1\r\n*3\r\n$1\r\n3\r\n$-1\r\n$1\r\n2\r\n");
  check(e, "HLEN h\r\nHLEN nokey\r\nHEXISTS h a\r\nHEXISTS h q\r\nTYPE h\r\n",
        ":5\r\n:0\r\n:1\r\n:0\r\n+hash\r\n");
}

TEST_CASE("resp hashes: HGETALL, HKEYS, HVALS answer in field order", "[net][resp]") {
  Endpoint e;
  check(e, "HSET h b 2 a 1\r\nHGETALL h\r\nHKEYS h\r\nHVALS h\r\nHGETALL nokey\r\n",
        ":2\r\n*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n*2\r\n$1\r\na\r\n$1\r\nb\r\n"
        "*2\r\n$1\r\n1\r\n$1\r\n2\r\n*0\r\n");
}

TEST_CASE("resp hashes: HDEL removes fields, the last one removes the key", "[net][resp]") {
  Endpoint e;
  check(e, "HSET h a 1 b 2\r\nHDEL h a zz\r\nEXISTS h\r\nHDEL h b\r\nEXISTS h\r\nHDEL h b\r\n",
        ":2\r\n:1\r\n:1\r\n:1\r\n:0\r\n:0\r\n");
}

TEST_CASE("resp hashes: HINCRBY and its errors", "[net][resp]") {
  Endpoint e;
  check(e,
        "HINCRBY h n 5\r\nHINCRBY h n -7\r\nHINCRBY h n x\r\nHSET h f abc\r\nHINCRBY h f 1\r\n"
        "HINCRBY h n 9223372036854775807\r\nHSET h m 9223372036854775807\r\nHINCRBY h m 1\r\n",
        ":5\r\n:-2\r\n-ERR value is not an integer or out of range\r\n:1\r\n"
        "-ERR hash value is not an integer\r\n:9223372036854775805\r\n:1\r\n"
        "-ERR increment or decrement would overflow\r\n");
}

TEST_CASE("resp hashes: wrong arities", "[net][resp]") {
  Endpoint e;
  check(e, "HSET h a\r\nHSET h a 1 b\r\nHMSET h a\r\nHGET h\r\nHSETNX h a\r\nHDEL h\r\n",
        "-ERR wrong number of arguments for 'hset' command\r\n"
        "-ERR wrong number of arguments for 'hset' command\r\n"
        "-ERR wrong number of arguments for 'hmset' command\r\n"
        "-ERR wrong number of arguments for 'hget' command\r\n"
        "-ERR wrong number of arguments for 'hsetnx' command\r\n"
        "-ERR wrong number of arguments for 'hdel' command\r\n");
  check(e, "HMGET h\r\nHGETALL\r\nHLEN\r\nHKEYS\r\nHVALS\r\nHEXISTS h\r\nHINCRBY h a\r\n",
        "-ERR wrong number of arguments for 'hmget' command\r\n"
        "-ERR wrong number of arguments for 'hgetall' command\r\n"
        "-ERR wrong number of arguments for 'hlen' command\r\n"
        "-ERR wrong number of arguments for 'hkeys' command\r\n"
        "-ERR wrong number of arguments for 'hvals' command\r\n"
        "-ERR wrong number of arguments for 'hexists' command\r\n"
        "-ERR wrong number of arguments for 'hincrby' command\r\n");
}

TEST_CASE("resp hashes: WRONGTYPE between strings and hashes", "[net][resp]") {
  Endpoint e;
  check(e, "SET s v\r\nHSET h a 1\r\nHGET s a\r\nHSET s a 1\r\nHGETALL s\r\nHLEN s\r\n",
        "+OK\r\n:1\r\n" + kWrongType + kWrongType + kWrongType + kWrongType);
  check(
      e, "GET h\r\nSTRLEN h\r\nINCR h\r\nGETDEL h\r\nSET h x GET\r\nMGET h s\r\n",
      kWrongType + kWrongType + kWrongType + kWrongType + kWrongType + "*2\r\n$-1\r\n$1\r\nv\r\n");
  // A string that merely begins like a hash's encoding is still a string.
  check(e, "SET t \"H\\x01ab\"\r\nGET t\r\nTYPE t\r\nTYPE s\r\nTYPE none\r\n",
        "+OK\r\n$4\r\nH\x01"
        "ab\r\n+string\r\n+string\r\n+none\r\n");
  // SET replaces a hash with a string, as in Redis.
  check(e, "SET h now\r\nGET h\r\nTYPE h\r\n", "+OK\r\n$3\r\nnow\r\n+string\r\n");
}

TEST_CASE("resp hashes: expiry commands work on a hash, writes keep its TTL", "[net][resp]") {
  Endpoint e;
  check(e, "HSET h a 1\r\nEXPIRE h 100\r\nHSET h b 2\r\nTTL h\r\nPERSIST h\r\nTTL h\r\nDEL h\r\n",
        ":1\r\n:1\r\n:1\r\n:100\r\n:1\r\n:-1\r\n:1\r\n");
}

TEST_CASE("resp hashes: SCAN TYPE tells hashes from strings", "[net][resp]") {
  Endpoint e;
  check(e,
        "SET s v\r\nHSET h a 1\r\nSCAN 0 TYPE hash\r\nSCAN 0 TYPE string\r\nSCAN 0 TYPE list\r\n",
        "+OK\r\n:1\r\n*2\r\n$1\r\n0\r\n*1\r\n$1\r\nh\r\n*2\r\n$1\r\n0\r\n*1\r\n$1\r\ns\r\n"
        "*2\r\n$1\r\n0\r\n*0\r\n");
}
