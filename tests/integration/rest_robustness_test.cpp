// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// soss_rest against hostile and unusual clients: pipelining, malformed HTTP, oversized and slow
// requests. After each, the service must still answer.
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>
#include <vector>

#include "integration/rest_fixture.hpp"
#include "soss/client/cache.hpp"
#include "support/catch.hpp"

using namespace soss::test;
using namespace soss::client;

namespace {

bool have_curl() {
  if (find_program("curl").empty()) {
    WARN("curl is not installed (apt-get install curl): skipping the REST test");
    return false;
  }
  return true;
}

// The service still serves a normal request.
bool still_serves(const RestFixture& rest) { return rest.curl({rest.url("/data/")}).status == 200; }

std::string get(const std::string& path, const std::string& extra = {}) {
  return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n" + extra + "\r\n";
}

// A connected socket to 127.0.0.1:port, or -1.
int open_socket(std::uint16_t port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(port);
  if (connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

// True when the peer closes `fd` within `timeout` (reading and dropping what comes).
bool closed_within(int fd, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  char buf[4096];
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 50) > 0 && recv(fd, buf, sizeof buf, 0) <= 0) {
      return true;
    }
  }
  return false;
}

}  // namespace

TEST_CASE("rest: pipelined requests are answered in order on one connection",
          "[integration][rest]") {
  if (!have_curl()) {
    return;
  }
  RestFixture rest;
  Cache cache(rest.client(), "pipe");
  REQUIRE(cache.put("a", "AAA").ok());
  REQUIRE(cache.put("b", "BBB").ok());
  std::string put = "PUT /data/pipe/c HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nCCC";
  bool closed = false;
  std::string got =
      raw_exchange(rest.port(),
                   get("/data/pipe/a") + get("/data/pipe/missing") + put + get("/data/pipe/b") +
                       get("/data/pipe/c", "Connection: close\r\n"),
                   std::chrono::seconds(5), &closed);
  CHECK(closed);  // Connection: close honoured
  CHECK(statuses_of(got) == std::vector<int>{200, 404, 201, 200, 200});
  auto a = got.find("AAA"), b = got.find("BBB"), c = got.rfind("CCC");
  CHECK(a != std::string::npos);
  CHECK(a < b);
  CHECK(b < c);
  CHECK(c != std::string::npos);
}

TEST_CASE("rest: keep-alive keeps the connection open between requests", "[integration][rest]") {
  if (!have_curl()) {
    return;
  }
  RestFixture rest;
  bool closed = true;
  std::string got = raw_exchange(rest.port(), get("/data/") + get("/data/"),
                                 std::chrono::milliseconds(800), &closed);
  CHECK_FALSE(closed);
  CHECK(statuses_of(got) == std::vector<int>{200, 200});
  // HTTP/1.0 closes unless asked to keep alive.
  got = raw_exchange(rest.port(), "GET /data/ HTTP/1.0\r\n\r\n", std::chrono::seconds(3), &closed);
  CHECK(closed);
  CHECK(statuses_of(got) == std::vector<int>{200});
}

TEST_CASE("rest: malformed HTTP gets a clean 400 and the service survives", "[integration][rest]") {
  if (!have_curl()) {
    return;
  }
  RestFixture rest;
  const std::vector<std::string> bad = {
      "GARBAGE\r\n\r\n",
      "GET /data/ HTTP/1.1\r\nBad Header Line\r\n\r\n",
      "GET /data/ HTTP/9.9\r\n\r\n",
      "PUT /data/ns/k HTTP/1.1\r\nContent-Length: abc\r\n\r\n",
      "PUT /data/ns/k HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\n",
      "GET http://elsewhere/data/ HTTP/1.1\r\nHost: x\r\n\r\n",
      std::string("GET /data/\0 HTTP/1.1\r\n\r\n", 24),
  };
  for (const auto& request : bad) {
    INFO(request);
    bool closed = false;
    std::string got = raw_exchange(rest.port(), request, std::chrono::seconds(5), &closed);
    CHECK(closed);
    auto statuses = statuses_of(got);
    REQUIRE(statuses.size() == 1);
    CHECK((statuses[0] == 400 || statuses[0] == 505));
    CHECK(got.find("\"code\":") != std::string::npos);
  }
  // A good request before a bad one is still answered, in order.
  std::string got = raw_exchange(rest.port(), get("/data/") + "NONSENSE\r\n\r\n");
  CHECK(statuses_of(got) == std::vector<int>{200, 400});
  CHECK(still_serves(rest));
  CHECK(rest.process().running());
}

TEST_CASE("rest: oversized bodies and headers get 413 and 431", "[integration][rest]") {
  if (!have_curl()) {
    return;
  }
  RestFixture rest("max_body_bytes 1048576\nmax_header_bytes 8192\n");
  // Declared too large: refused from the headers, before the body is read.
  bool closed = false;
  std::string got = raw_exchange(rest.port(),
                                 "PUT /data/big/k HTTP/1.1\r\nHost: x\r\nContent-Length: "
                                 "104857600\r\n\r\n" +
                                     std::string(65536, 'x'),
                                 std::chrono::seconds(5), &closed);
  CHECK(statuses_of(got) == std::vector<int>{413});
  CHECK(closed);
  // Chunked, growing too large while it arrives.
  std::string chunk = "80000\r\n" + std::string(0x80000, 'y') + "\r\n";
  got = raw_exchange(rest.port(),
                     "PUT /data/big/k HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" +
                         chunk + chunk + chunk + "0\r\n\r\n",
                     std::chrono::seconds(5), &closed);
  CHECK(statuses_of(got) == std::vector<int>{413});
  CHECK(closed);
  // Through curl, which waits for 100-continue on large bodies.
  std::string file = rest.dir().file("big.bin");
  write_text(file, std::string(2 * 1048576, 'z'));
  auto r = rest.curl({"-X", "PUT", "--data-binary", "@" + file, rest.url("/data/big/k")});
  CHECK(r.status == 413);
  // Exactly at the limit is fine.
  write_text(file, std::string(1048576, 'z'));
  CHECK(rest.curl({"-X", "PUT", "--data-binary", "@" + file, rest.url("/data/big/k")}).status ==
        201);
  // Headers beyond max_header_bytes.
  got = raw_exchange(rest.port(), get("/data/", "X-Big: " + std::string(10000, 'h') + "\r\n"),
                     std::chrono::seconds(5), &closed);
  CHECK(statuses_of(got) == std::vector<int>{431});
  CHECK(still_serves(rest));
}

TEST_CASE("rest: Expect: 100-continue is answered before the body", "[integration][rest]") {
  if (!have_curl()) {
    return;
  }
  RestFixture rest;
  bool closed = true;
  std::string got = raw_exchange(rest.port(),
                                 "PUT /data/e/k HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                                 "Expect: 100-continue\r\n\r\n",
                                 std::chrono::milliseconds(800), &closed);
  CHECK(statuses_of(got) == std::vector<int>{100});
  CHECK_FALSE(closed);
}

TEST_CASE("rest: slow and idle clients are closed; max_connections sheds the oldest waiting",
          "[integration][rest]") {
  if (!have_curl()) {
    return;
  }
  RestFixture rest(
      "header_timeout_s 1\nrequest_timeout_s 3\nidle_timeout_s 2\nmax_connections 3\n");
  // Slowloris: a head that never completes is dropped after header_timeout_s.
  int slow = open_socket(rest.port());
  REQUIRE(slow >= 0);
  std::string partial = "GET /data/ HTTP/1.1\r\nHost: x\r\n";
  REQUIRE(send(slow, partial.data(), partial.size(), MSG_NOSIGNAL) > 0);
  CHECK(closed_within(slow, std::chrono::seconds(3)));
  close(slow);
  // A new connection that never sends is dropped after header_timeout_s too.
  int silent = open_socket(rest.port());
  REQUIRE(silent >= 0);
  CHECK(closed_within(silent, std::chrono::seconds(3)));
  close(silent);
  // After a response, an idle keep-alive connection lasts idle_timeout_s.
  int idle = open_socket(rest.port());
  REQUIRE(idle >= 0);
  std::string req = get("/data/");
  REQUIRE(send(idle, req.data(), req.size(), MSG_NOSIGNAL) > 0);
  CHECK_FALSE(closed_within(idle, std::chrono::milliseconds(1200)));  // the response is read
  CHECK(closed_within(idle, std::chrono::seconds(3)));
  close(idle);
  // A body that trickles is dropped after request_timeout_s.
  int body = open_socket(rest.port());
  REQUIRE(body >= 0);
  std::string head = "PUT /data/s/k HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nab";
  REQUIRE(send(body, head.data(), head.size(), MSG_NOSIGNAL) > 0);
  CHECK_FALSE(closed_within(body, std::chrono::milliseconds(1500)));  // past header_timeout_s
  CHECK(closed_within(body, std::chrono::seconds(4)));
  close(body);
  // At max_connections a new connection is served and the oldest waiting one is shed.
  std::vector<int> held;
  for (int i = 0; i < 3; ++i) {
    held.push_back(open_socket(rest.port()));
    REQUIRE(send(held.back(), partial.data(), partial.size(), MSG_NOSIGNAL) > 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  bool closed = false;
  std::string got = raw_exchange(rest.port(), get("/data/", "Connection: close\r\n"),
                                 std::chrono::seconds(3), &closed);
  CHECK(statuses_of(got) == std::vector<int>{200});
  CHECK(closed_within(held[0], std::chrono::milliseconds(300)));
  CHECK_FALSE(closed_within(held[2], std::chrono::milliseconds(100)));
  for (int fd : held) {
    close(fd);
  }
  CHECK(eventually([&] { return still_serves(rest); }, std::chrono::seconds(5)));
}

namespace {

// `n` connections that each sent the start of a request head and then go silent or trickle.
struct SlowClients {
  std::vector<int> fds;
  SlowClients(std::uint16_t port, int n) {
    const std::string partial = "GET /data/ HTTP/1.1\r\nHost: x\r\n";
    for (int i = 0; i < n; ++i) {
      int fd = open_socket(port);
      if (fd < 0) {
        continue;
      }
      (void)send(fd, partial.data(), partial.size(), MSG_NOSIGNAL);
      fds.push_back(fd);
    }
  }
  // One more byte of a header on every connection (what slowloris sends every few seconds).
  void trickle() {
    for (int fd : fds) {
      (void)send(fd, "X", 1, MSG_NOSIGNAL | MSG_DONTWAIT);
    }
  }
  // How many the server has closed (a read returns 0 or an error without blocking).
  int closed_by_server() {
    int n = 0;
    char buf[512];
    for (int fd : fds) {
      pollfd p{fd, POLLIN, 0};
      if (poll(&p, 1, 0) > 0 && recv(fd, buf, sizeof buf, MSG_DONTWAIT) <= 0) {
        ++n;
      }
    }
    return n;
  }
  ~SlowClients() {
    for (int fd : fds) {
      close(fd);
    }
  }
};

}  // namespace

TEST_CASE("rest: 300 slowloris connections do not lock out a normal request (issue 15)",
          "[integration][rest]") {
  if (!have_curl()) {
    return;
  }
  RestFixture rest;  // the defaults: max_connections 256
  SlowClients slow(rest.port(), 300);
  REQUIRE(slow.fds.size() >= 280);
  // Several rounds of trickling, each followed by a normal request: every one is answered at
  // once (the oldest slow connections are shed), not after some timeout.
  for (int round = 0; round < 3; ++round) {
    slow.trickle();
    auto start = std::chrono::steady_clock::now();
    auto r = rest.curl({"--max-time", "5", rest.url("/data/")});
    auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - start);
    INFO("round " << round << ": status " << r.status << " after " << took.count() << " ms; "
                  << r.err);
    WARN("slowloris round " << round << ": a normal request took " << took.count() << " ms");
    CHECK(r.status == 200);
    CHECK(took < std::chrono::seconds(3));
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  CHECK(rest.process().running());
  // The operator is told, once (not a line per connection).
  std::string log = rest.log();
  auto first = log.find("max_connections (256) reached");
  CHECK(first != std::string::npos);
  CHECK(log.find("max_connections (256) reached", first + 1) == std::string::npos);
}

TEST_CASE("rest: a request head must arrive within header_timeout_s", "[integration][rest]") {
  if (!have_curl()) {
    return;
  }
  RestFixture rest("header_timeout_s 2\n");
  SlowClients slow(rest.port(), 20);
  REQUIRE(slow.fds.size() == 20);
  // Trickling does not keep a head alive: all are closed after about 2 s, not 30 (request) or
  // 60 (idle).
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(6);
  int closed = 0;
  while (std::chrono::steady_clock::now() < deadline && (closed = slow.closed_by_server()) < 20) {
    slow.trickle();
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  CHECK(closed == 20);
  CHECK(still_serves(rest));
}
