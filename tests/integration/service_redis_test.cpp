// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// The real soss_service's Redis endpoint (resp_port) driven by redis-cli, redis-benchmark, the
// Python redis client library, and hostile raw sockets. Each test skips (with a message) when
// its tool is not installed; scripts/install-deps.sh installs them all.
#include <unistd.h>

#include <cstdlib>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <asio.hpp>

#include "integration/service_fixture.hpp"
#include "support/catch.hpp"

using namespace soss::test;

namespace {

// A Python 3 that can import redis (Debian's python3-redis lives in /usr/bin/python3, which a
// python3 earlier on PATH may not see).
std::string python_with_redis() {
  for (const std::string& py : {std::string("/usr/bin/python3"), find_program("python3")}) {
    if (!py.empty() && run({py, "-c", "import redis"}).exit_code == 0) {
      return py;
    }
  }
  return {};
}

// A service with the Redis endpoint on a free port.
struct RedisService {
  RedisService() : port(free_port()), svc(true, "resp_port " + std::to_string(port) + "\n") {}
  std::uint16_t port;
  ServiceFixture svc;
};

// Runs redis-cli with `input` as commands, one per line; stdout holds one reply per line (an
// error reply is followed by an empty line, as redis-cli prints them).
std::string cli(const RedisService& r, const std::string& input,
                const std::vector<std::string>& extra = {}) {
  std::vector<std::string> argv{find_program("redis-cli"), "-h", "127.0.0.1", "-p",
                                std::to_string(r.port)};
  argv.insert(argv.end(), extra.begin(), extra.end());
  RunResult out = run(argv, input);
  REQUIRE(out.exit_code == 0);
  return out.out;
}

std::string python(const RedisService& r, const std::string& py, const std::string& script) {
  TempDir dir;
  write_text(dir.file("t.py"), script);
  RunResult out = run({py, dir.file("t.py"), std::to_string(r.port)}, {}, std::chrono::seconds(90));
  INFO(out.err);
  REQUIRE(out.exit_code == 0);
  return out.out;
}

// Sends `bytes` on a fresh connection and returns whatever comes back before the service closes
// it or `wait` passes.
std::string raw_exchange(std::uint16_t port, const std::string& bytes,
                         std::chrono::milliseconds wait = std::chrono::milliseconds(200)) {
  asio::io_context io;
  asio::ip::tcp::socket s(io);
  asio::error_code ec;
  s.connect({asio::ip::make_address("127.0.0.1"), port}, ec);
  REQUIRE_FALSE(ec);
  asio::write(s, asio::buffer(bytes), ec);
  std::string got;
  const auto until = std::chrono::steady_clock::now() + wait;
  s.non_blocking(true);
  char buf[4096];
  while (std::chrono::steady_clock::now() < until) {
    std::size_t n = s.read_some(asio::buffer(buf), ec);
    if (ec == asio::error::would_block) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      continue;
    }
    if (ec) {
      break;  // closed by the service
    }
    got.append(buf, n);
  }
  return got;
}

}  // namespace

TEST_CASE("redis-cli gets Redis's exact replies", "[integration][redis]") {
  if (find_program("redis-cli").empty()) {
    WARN("redis-cli not installed (Debian redis-tools): skipped");
    return;
  }
  RedisService r;
  CHECK(cli(r, "PING\nSET k v\nGET k\nSET k w NX\nSET n 1 XX\nGET n\nSET k w XX\nGET k\n") ==
        "PONG\nOK\nv\n\n\n\nOK\nw\n");
  CHECK(
      cli(r, "SET t v EX 100\nTTL t\nTTL k\nTTL missing\nEXPIRE missing 10\nPERSIST t\nTTL t\n") ==
      "OK\n100\n-1\n-2\n0\n1\n-1\n");
  CHECK(cli(r, "SET g old\nSET g new GET\nGET g\nGETDEL g\nGETDEL g\nEXISTS g k\n") ==
        "OK\nold\nnew\nnew\n\n1\n");
  CHECK(cli(r, "MSET a 1 b 2\nMGET a b nope\nINCR a\nINCRBY a 10\nDECR a\nDECRBY a 5\nINCR k\n") ==
        "OK\n1\n2\n\n2\n12\n11\n6\nERR value is not an integer or out of range\n\n");
  CHECK(cli(r, "DEL a b nope\nSELECT 1\nGET k\nSET k db1\nDBSIZE\nSELECT 0\nGET k\nSELECT 16\n") ==
        "2\nOK\n\nOK\n1\nOK\nw\nERR DB index is out of range\n\n");
  CHECK(cli(r, "NOSUCH x y\nGET\nHELLO 3\nECHO hi\n") ==
        "ERR unknown command 'NOSUCH', with args beginning with: 'x' 'y' \n\n"
        "ERR wrong number of arguments for 'get' command\n\n"
        "NOPROTO unsupported protocol version\n\nhi\n");
  // soss timeouts have whole seconds: PX 1500 becomes 2 s.
  const std::string px = cli(r, "FLUSHDB\nDBSIZE\nSET p 1 PX 1500\nPTTL p\n");
  REQUIRE(px.substr(0, 8) == "OK\n0\nOK\n");
  const int pttl = std::stoi(px.substr(8));
  CHECK(pttl > 1500);
  CHECK(pttl <= 2000);
  std::string info = cli(r, "INFO\n");
  CHECK(info.find("redis_version:") != std::string::npos);
  CHECK(info.find("connected_clients:1") != std::string::npos);
  CHECK(info.find("used_memory:") != std::string::npos);
  CHECK(info.find("db1:keys=1") != std::string::npos);
}

TEST_CASE("redis-cli gets Redis's exact replies to hash commands", "[integration][redis]") {
  if (find_program("redis-cli").empty()) {
    WARN("redis-cli not installed (Debian redis-tools): skipped");
    return;
  }
  RedisService r;
  // The expected text is what redis-server 7.0.15 answered to the same input.
  const std::string input =
      "del h s\nhset h a 1 b 2\nhset h a 3 c 4\nhsetnx h a 9\nhsetnx h z 9\n"
      "hget h a\nhget h nope\nhmget h a b nope\nhgetall h\nhkeys h\nhvals h\n"
      "hlen h\nhexists h a\nhexists h q\nhincrby h a 10\nhincrby h n -5\n"
      "hincrby h a x\nhincrby h a 9223372036854775807\nhdel h a b zz\nhmset h x 1 y 2\n"
      "type h\nget h\nset s v\nhget s a\nhset s a 1\ntype s\ntype nope\nincr h\n"
      "strlen h\nmget h s\nexpire h 100\nttl h\npersist h\nttl h\nexists h\n"
      "hset h a\nhset h\nhget h\nhmset h a\nhdel h c n z x y\nexists h\nhgetall nope\n"
      "hlen nope\nhincrby h a 1\nhset h f abc\nhincrby h f 1\ndel h\n";
  const std::string expected =
      "0\n2\n1\n0\n1\n3\n\n3\n2\n\na\n3\nb\n2\nc\n4\nz\n9\na\nb\nc\nz\n3\n2\n4\n9\n4\n1\n0\n13\n-"
      "5\n"
      "ERR value is not an integer or out of range\n\nERR increment or decrement would overflow\n"
      "\n2\nOK\nhash\nWRONGTYPE Operation against a key holding the wrong kind of value\n"
      "\nOK\nWRONGTYPE Operation against a key holding the wrong kind of value\n"
      "\nWRONGTYPE Operation against a key holding the wrong kind of value\n"
      "\nstring\nnone\nWRONGTYPE Operation against a key holding the wrong kind of value\n"
      "\nWRONGTYPE Operation against a key holding the wrong kind of value\n"
      "\n\nv\n1\n100\n1\n-1\n1\nERR wrong number of arguments for 'hset' command\n"
      "\nERR wrong number of arguments for 'hset' command\n\nERR wrong number of arguments for "
      "'hget' command\n"
      "\nERR wrong number of arguments for 'hmset' command\n\n5\n0\n\n0\n1\n"
      "1\nERR hash value is not an integer\n\n1\n";
  CHECK(cli(r, input) == expected);
}

TEST_CASE("two redis-cli connections changing one hash lose no update", "[integration][redis]") {
  if (find_program("redis-cli").empty()) {
    WARN("redis-cli not installed (Debian redis-tools): skipped");
    return;
  }
  RedisService r;
  constexpr int kEach = 300;
  auto load = [&r](const std::string& who) {
    std::string input;
    for (int i = 0; i < kEach; ++i) {
      input += "HINCRBY h n 1\nHSET h " + who + std::to_string(i) + " x\n";
    }
    return cli(r, input);
  };
  std::string a;
  std::string b;
  std::thread other([&] { b = load("b"); });
  a = load("a");
  other.join();
  CHECK(a.find("ERR") == std::string::npos);
  CHECK(b.find("ERR") == std::string::npos);
  CHECK(cli(r, "HGET h n\nHLEN h\nHEXISTS h a0\nHEXISTS h b299\n") ==
        std::to_string(2 * kEach) + "\n" + std::to_string(2 * kEach + 1) + "\n1\n1\n");
}

TEST_CASE("Python redis: concurrent INCR, SCAN over 10,000 keys, SELECT, TTL",
          "[integration][redis]") {
  const std::string py = python_with_redis();
  if (py.empty()) {
    WARN("python3 with the redis module not installed (Debian python3-redis): skipped");
    return;
  }
  RedisService r;
  const std::string out = python(r, py, R"PY(
import sys, threading, redis
port = int(sys.argv[1])
c = redis.Redis(host="127.0.0.1", port=port)

def bump():
    mine = redis.Redis(host="127.0.0.1", port=port)
    for _ in range(500):
        mine.incr("counter")
threads = [threading.Thread(target=bump) for _ in range(8)]
for t in threads: t.start()
for t in threads: t.join()
assert int(c.get("counter")) == 4000, c.get("counter")

p = c.pipeline(transaction=False)
for i in range(10000):
    p.set("scan:%05d" % i, i)
p.execute()
seen = list(c.scan_iter(match="scan:*", count=500))
assert len(seen) == 10000, len(seen)
assert len(set(seen)) == 10000
assert c.dbsize() == 10001

one = redis.Redis(host="127.0.0.1", port=port, db=1)
one.set("counter", "other")
assert one.get("counter") == b"other" and int(c.get("counter")) == 4000
assert one.dbsize() == 1

c.set("t", "v", ex=100)
assert 99 <= c.ttl("t") <= 100
assert c.pexpire("t", 50000) and 49000 <= c.pttl("t") <= 50000
assert c.persist("t") and c.ttl("t") == -1
assert c.ttl("nope") == -2 and not c.expire("nope", 5)
c.set("short", "v", px=100)
import time; time.sleep(1.2)
assert c.get("short") is None
assert c.set("nx", "1", nx=True) and not c.set("nx", "2", nx=True)
assert c.mget(["nx", "missing"]) == [b"1", None]
print("python redis ok")
)PY");
  CHECK(out == "python redis ok\n");
}

TEST_CASE("redis-cli: the empty key is listed; expiries past 2^32 s are taken",
          "[integration][redis]") {
  if (find_program("redis-cli").empty()) {
    WARN("redis-cli not installed (Debian redis-tools): skipped");
    return;
  }
  RedisService r;
  // Listings come in the store's order: either key may be first.
  const std::string keys = cli(r, "SET \"\" empty\nSET a 1\nDBSIZE\nKEYS *\n");
  CHECK((keys == "OK\nOK\n2\n\na\n" || keys == "OK\nOK\n2\na\n\n"));
  const std::string scan = cli(r, "SCAN 0 COUNT 100\n");
  CHECK((scan == "0\n\na\n" || scan == "0\na\n\n"));
  // Redis takes any expiry that fits in int64 ms; soss keeps at most 2^32 - 1 s.
  CHECK(cli(r, "EXPIRE a 5000000000\nTTL a\nSET b 1 EX 9999999999\nTTL b\n") ==
        "1\n4294967295\nOK\n4294967295\n");
}

TEST_CASE("transactions: redis-py's default pipeline, EXECABORT, DISCARD, WATCH",
          "[integration][redis]") {
  RedisService r;
  if (!find_program("redis-cli").empty()) {
    // A refused command inside MULTI aborts the whole transaction: nothing is applied.
    CHECK(cli(r, "SET n 5\nMULTI\nINCR n\nNOSUCH\nINCR n\nEXEC\nGET n\n") ==
          "OK\nOK\nQUEUED\nERR unknown command 'NOSUCH', with args beginning with: \n\n"
          "QUEUED\nEXECABORT Transaction discarded because of previous errors.\n\n5\n");
    CHECK(cli(r, "MULTI\nSET d 1\nDISCARD\nGET d\nEXEC\nDISCARD\n") ==
          "OK\nQUEUED\nOK\n\nERR EXEC without MULTI\n\nERR DISCARD without MULTI\n\n");
    CHECK(cli(r, "MULTI\nMULTI\nGET\nEXEC\n") ==
          "OK\nERR MULTI calls can not be nested\n\n"
          "ERR wrong number of arguments for 'get' command\n\n"
          "EXECABORT Transaction discarded because of previous errors.\n\n");
  }
  const std::string py = python_with_redis();
  if (py.empty()) {
    WARN("python3 with the redis module not installed (Debian python3-redis): skipped");
    return;
  }
  const std::string out = python(r, py, R"PY(
import sys, redis
port = int(sys.argv[1])
c = redis.Redis(host="127.0.0.1", port=port)
c.set("hits", 10)
p = c.pipeline()  # transaction=True: MULTI, SET, INCR, GET, EXEC
p.set("user", "ann").incr("hits").get("user")
assert p.execute() == [True, 11, b"ann"], "exec"
assert int(c.get("hits")) == 11

# A failing command inside EXEC fails alone, as in Redis; the others are applied once.
p = c.pipeline()
p.incr("hits").incr("user").incr("hits")
try:
    p.execute()
    raise SystemExit("no error raised")
except redis.ResponseError:
    pass
assert int(c.get("hits")) == 13, c.get("hits")

# WATCH: a change by another client between WATCH and EXEC makes EXEC apply nothing.
other = redis.Redis(host="127.0.0.1", port=port)
with c.pipeline() as p:
    p.watch("hits")
    seen = int(p.get("hits"))
    other.set("hits", 100)
    p.multi()
    p.set("hits", seen + 1)
    try:
        p.execute()
        raise SystemExit("watch did not abort")
    except redis.WatchError:
        pass
assert int(c.get("hits")) == 100
with c.pipeline() as p:  # unchanged: applied
    p.watch("hits")
    seen = int(p.get("hits"))
    p.multi()
    p.set("hits", seen + 1)
    assert p.execute() == [True]
assert int(c.get("hits")) == 101
print("transactions ok")
)PY");
  CHECK(out == "transactions ok\n");
}

TEST_CASE("redis-benchmark set,get,incr,mset completes without errors", "[integration][redis]") {
  if (find_program("redis-benchmark").empty()) {
    WARN("redis-benchmark not installed (Debian redis-tools): skipped");
    return;
  }
  RedisService r;
  RunResult out = run({find_program("redis-benchmark"), "-h", "127.0.0.1", "-p",
                       std::to_string(r.port), "-t", "set,get,incr,mset", "-n", "20000", "-q"},
                      {}, std::chrono::seconds(110));
  INFO(out.out << out.err);
  REQUIRE(out.exit_code == 0);
  for (const char* test : {"SET: ", "GET: ", "INCR: ", "MSET (10 keys): "}) {
    CHECK(out.out.find(test) != std::string::npos);
  }
  CHECK(out.out.find("ERR") == std::string::npos);
  CHECK(out.err.find("rror") == std::string::npos);
  CHECK(cli(r, "GET counter:__rand_int__\n") == "20000\n");  // every INCR landed
}

TEST_CASE("random and truncated RESP input never crashes the service", "[integration][redis]") {
  RedisService r;
  // A limit violation is answered and closes that connection only.
  CHECK(raw_exchange(r.port, "*1\r\n$99999999999\r\n") ==
        "-ERR Protocol error: invalid bulk length\r\n");
  CHECK(raw_exchange(r.port, "PING\r\nPING\r\n*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\n") ==
        "+PONG\r\n+PONG\r\n$2\r\nhi\r\n");
  std::mt19937 rng(424242);
  const std::string valid =
      "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nvalue\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n";
  const std::string alphabet = "*$+-:\r\n0123456789 \"'\\abcSETGET";
  for (int i = 0; i < 150; ++i) {
    std::string junk = i % 2 == 0 ? valid.substr(0, rng() % valid.size()) : std::string();
    const std::size_t n = rng() % 300;
    for (std::size_t j = 0; j < n; ++j) {
      junk.push_back(rng() % 3 == 0 ? static_cast<char>(rng() % 256)
                                    : alphabet[rng() % alphabet.size()]);
    }
    (void)raw_exchange(r.port, junk, std::chrono::milliseconds(5));
  }
  CHECK(r.svc.process().running());
  CHECK(raw_exchange(r.port, "PING\r\n") == "+PONG\r\n");
}
