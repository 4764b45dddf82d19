// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include <chrono>
#include <random>
#include <thread>

#include <asio.hpp>

#include "soss/net/codec.hpp"
#include "soss/net/server.hpp"
#include "support/catch.hpp"

using namespace soss;
using namespace soss::core;
using namespace soss::net;
using asio::ip::tcp;

namespace {

// Echoes the request value; kLock answers later from another thread (like a lock wait).
class EchoHandler final : public RequestHandler {
 public:
  std::optional<Response> handle(const Request& request, Caller& caller,
                                 Completion&& later) override {
    Response r = Response::of(StatusCode::kRetrieved);
    r.value = request.value;
    r.count = static_cast<std::uint64_t>(caller.listener);
    if (request.op == OpCode::kLock) {
      std::thread([later = std::move(later), r]() mutable {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        r.code = StatusCode::kLocked;
        later(r);
      }).detach();
      return std::nullopt;
    }
    return r;
  }
};

// A blocking test client with a receive timeout.
class TestClient {
 public:
  explicit TestClient(std::uint16_t port) : socket_(io_) {
    socket_.connect({asio::ip::make_address("127.0.0.1"), port});
    timeval tv{5, 0};
    setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  void send_raw(const std::string& bytes) { asio::write(socket_, asio::buffer(bytes)); }
  void send(std::uint64_t id, const Request& r) {
    std::string out;
    encode_request(id, r, out);
    send_raw(out);
  }
  // Reads one response frame; false on EOF/error.
  bool receive(FrameHeader& h, Response& r) {
    std::uint8_t hb[kFrameHeaderBytes];
    asio::error_code ec;
    asio::read(socket_, asio::buffer(hb), ec);
    if (ec) {
      return false;
    }
    auto ph = parse_header(hb, kDefaultMaxFrameBytes);
    REQUIRE(ph);
    h = *ph;
    std::string body(h.body_length, '\0');
    asio::read(socket_, asio::buffer(body), ec);
    if (ec) {
      return false;
    }
    auto pr = decode_response(body);
    REQUIRE(pr);
    r = *pr;
    return true;
  }
  // True when the server closed the connection.
  bool closed_by_peer() {
    char c;
    asio::error_code ec;
    socket_.read_some(asio::buffer(&c, 1), ec);
    return ec == asio::error::eof || ec == asio::error::connection_reset;
  }

 private:
  asio::io_context io_;
  tcp::socket socket_;
};

Request make(OpCode op, std::string value) {
  Request r;
  r.op = op;
  r.value = std::move(value);
  return r;
}

struct Fixture {
  EchoHandler handler;
  ServerOptions options = [] {
    ServerOptions o;
    o.svr_port = 0;
    o.mgt_port = 0;
    o.io_threads = 2;
    o.max_frame_bytes = 1 << 20;
    return o;
  }();
  Server server{options, handler};
  Fixture() { REQUIRE(server.start()); }
  ~Fixture() { server.stop(); }
};

}  // namespace

TEST_CASE("pipelined requests are answered with their own ids", "[net][server]") {
  Fixture f;
  TestClient c(f.server.svr_port());
  std::string batch;
  for (std::uint64_t i = 1; i <= 200; ++i) {
    encode_request(i, make(OpCode::kRead, "v" + std::to_string(i)), batch);
  }
  c.send_raw(batch);
  for (std::uint64_t i = 1; i <= 200; ++i) {
    FrameHeader h;
    Response r;
    REQUIRE(c.receive(h, r));
    CHECK(h.request_id == i);
    CHECK(r.value == "v" + std::to_string(i));
  }
}

TEST_CASE("management and object listeners are told apart", "[net][server]") {
  Fixture f;
  TestClient obj(f.server.svr_port());
  TestClient mgt(f.server.mgt_port());
  FrameHeader h;
  Response r;
  obj.send(1, make(OpCode::kRead, "a"));
  REQUIRE(obj.receive(h, r));
  CHECK(r.count == static_cast<std::uint64_t>(Listener::kObjects));
  mgt.send(1, make(OpCode::kGetStatus, "a"));
  REQUIRE(mgt.receive(h, r));
  CHECK(r.count == static_cast<std::uint64_t>(Listener::kManagement));
  // Only the clients' requests count: a console polling mgt_port is not load.
  CHECK(f.server.stats().requests == 1);
}

TEST_CASE("answers that come later from another thread reach the client", "[net][server]") {
  Fixture f;
  TestClient c(f.server.svr_port());
  c.send(7, make(OpCode::kLock, "x"));
  c.send(8, make(OpCode::kRead, "y"));
  FrameHeader h;
  Response r;
  REQUIRE(c.receive(h, r));
  CHECK(h.request_id == 8);
  REQUIRE(c.receive(h, r));
  CHECK(h.request_id == 7);
  CHECK(r.code == StatusCode::kLocked);
}

TEST_CASE("a malformed frame closes only its own connection", "[net][server]") {
  Fixture f;
  TestClient good(f.server.svr_port());
  TestClient bad(f.server.svr_port());
  FrameHeader h;
  Response r;
  SECTION("bad magic") { bad.send_raw(std::string(40, 'x')); }
  SECTION("oversized frame") {
    FrameHeader big;
    big.opcode = static_cast<std::uint16_t>(OpCode::kPut);
    big.body_length = (1 << 20) + 1;
    std::string out;
    append_header(big, out);
    bad.send_raw(out);
  }
  SECTION("garbage body") {
    FrameHeader g;
    g.opcode = static_cast<std::uint16_t>(OpCode::kPut);
    g.body_length = 8;
    std::string out;
    append_header(g, out);
    out += "\xff\xff\xff\xff\xff\xff\xff\xff";
    bad.send_raw(out);
  }
  CHECK(bad.closed_by_peer());
  good.send(1, make(OpCode::kRead, "still here"));
  REQUIRE(good.receive(h, r));
  CHECK(r.value == "still here");
  CHECK(f.server.stats().protocol_errors >= 1);
}

TEST_CASE("random bytes from many clients never take the server down", "[net][server]") {
  Fixture f;
  std::mt19937 rng(777);
  for (int i = 0; i < 50; ++i) {
    TestClient c(f.server.svr_port());
    std::string junk;
    if (i % 2 == 0) {
      // A valid header in front makes the body parser, not the header check, see the junk.
      FrameHeader g;
      g.opcode = static_cast<std::uint16_t>(OpCode::kPut);
      g.body_length = 64;
      append_header(g, junk);
    }
    for (int b = 0; b < 64 + static_cast<int>(rng() % 64); ++b) {
      junk += static_cast<char>(rng());
    }
    c.send_raw(junk);
  }
  TestClient c(f.server.svr_port());
  c.send(1, make(OpCode::kRead, "alive"));
  FrameHeader h;
  Response r;
  REQUIRE(c.receive(h, r));
  CHECK(r.value == "alive");
}

TEST_CASE("a port in use is a clear error", "[net][server]") {
  Fixture f;
  EchoHandler handler;
  ServerOptions o;
  o.svr_port = f.server.svr_port();
  o.mgt_port = 0;
  Server second(o, handler);
  auto st = second.start();
  REQUIRE_FALSE(st.is_ok());
  CHECK(std::string(st.message()).find("cannot listen on 127.0.0.1") != std::string::npos);
}
