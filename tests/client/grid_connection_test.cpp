// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "soss/client/grid_connection.hpp"

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <vector>
#include <asio.hpp>

#include "soss/client/cache.hpp"
#include "support/catch.hpp"
#include "test_server.hpp"

using namespace soss::client;
using soss::client::test::eventually;
using soss::client::test::ready_within;
using soss::client::test::TestServer;
using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

namespace {

// A loopback port with nothing listening on it (bound once, then released).
std::uint16_t dead_port() {
  asio::io_context io;
  asio::ip::tcp::acceptor a(io, {asio::ip::make_address("127.0.0.1"), 0});
  return a.local_endpoint().port();
}

// Answers ping; answers kRead with NotReady `not_ready` times, then Retrieved; never answers
// kLock until release() (its completions are kept).
class ScriptedHandler final : public soss::net::RequestHandler {
 public:
  explicit ScriptedHandler(int not_ready) : not_ready_(not_ready) {}

  std::optional<soss::core::Response> handle(const soss::core::Request& request, soss::net::Caller&,
                                             soss::core::Completion&& later) override {
    using soss::core::OpCode;
    using soss::core::Response;
    if (request.op == OpCode::kRead) {
      ++reads_;
      if (not_ready_-- > 0) {
        return Response::of(soss::StatusCode::kNotReady, "partition moving");
      }
      Response r = Response::of(soss::StatusCode::kRetrieved);
      r.value = "scripted";
      return r;
    }
    if (request.op == OpCode::kLock) {
      std::lock_guard<std::mutex> lock(mutex_);
      held_.push_back(std::move(later));
      return std::nullopt;
    }
    return Response::of(soss::StatusCode::kOk);
  }

  // Answers every held kLock (late: the client may have given up on them).
  void release() {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto& later : held_) {
      later(soss::core::Response::of(soss::StatusCode::kLocked));
    }
    held_.clear();
  }
  // Forgets every held kLock without answering. Must be called before the server stops: a held
  // completion keeps the server's connection object alive.
  void drop() {
    std::lock_guard<std::mutex> lock(mutex_);
    held_.clear();
  }
  std::size_t held() {
    std::lock_guard<std::mutex> lock(mutex_);
    return held_.size();
  }
  int reads() const { return reads_; }

 private:
  std::atomic<int> not_ready_;
  std::atomic<int> reads_{0};
  std::mutex mutex_;
  std::vector<soss::core::Completion> held_;
};

// A scratch directory, removed afterwards.
struct TempDir {
  TempDir() {
    static std::atomic<int> counter{0};
    path = std::filesystem::temp_directory_path() /
           ("soss_client_test_" + std::to_string(Clock::now().time_since_epoch().count()) + "_" +
            std::to_string(counter++));
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  void write(const std::string& name, const std::string& text) const {
    std::ofstream(path / name) << text;
  }
  std::filesystem::path path;
};

}  // namespace

TEST_CASE("connect: an unreachable gateway answers Unavailable in bounded time", "[client]") {
  auto port = dead_port();
  auto start = Clock::now();
  auto c = GridConnection::connect("bootstrapGateways=127.0.0.1:" + std::to_string(port) +
                                   ";maxRequestRetries=2;connectTimeoutMs=500");
  auto took = Clock::now() - start;
  CHECK(c.result == ResultCode::kUnavailable);
  CHECK(c.connection == nullptr);
  CHECK(c.message.find("no gateway reachable") != std::string::npos);
  CHECK(c.message.find(std::to_string(port)) != std::string::npos);
  CHECK(took < std::chrono::seconds(5));
}

TEST_CASE("connect: gateways are tried in order", "[client]") {
  TestServer server;
  auto c = GridConnection::connect("bootstrapGateways=127.0.0.1:" + std::to_string(dead_port()) +
                                   ",127.0.0.1:" + std::to_string(server.port()));
  INFO(c.message);
  REQUIRE(c.ok());
  CHECK(c.connection->is_connected());
  CHECK(c.connection->ping() == ResultCode::kOk);
  CHECK(c.connection->options().gateways.size() == 2);
}

TEST_CASE("connection: requests in flight when the server stops answer Unavailable", "[client]") {
  ScriptedHandler handler(0);
  TestServer server(&handler);
  auto c = GridConnection::connect(server.connection_string(";maxRequestRetries=1"));
  REQUIRE(c.ok());
  Cache cache(c.connection, "client-stop");

  std::vector<std::future<CacheResponse>> pending;
  for (int i = 0; i < 8; ++i) {
    pending.push_back(cache.lock_async("k" + std::to_string(i), std::chrono::seconds(30)));
  }
  REQUIRE(eventually([&] { return handler.held() == 8; }));
  handler.drop();
  server.stop();

  for (auto& f : pending) {
    REQUIRE(ready_within(f));
    auto r = f.get();
    CHECK(r.result == ResultCode::kUnavailable);
    CHECK(r.message.find("lost") != std::string::npos);
  }
  CHECK(eventually([&] { return !c.connection->is_connected(); }));

  // While the server is down a request retries the connect, then gives up.
  auto start = Clock::now();
  auto down = cache.read("k0");
  CHECK(down.result == ResultCode::kUnavailable);
  CHECK(Clock::now() - start < std::chrono::seconds(5));

  // The same port comes back: the connection recovers by itself.
  server.start(server.port());
  CHECK(eventually([&] { return c.connection->ping() == ResultCode::kOk; }));
  CHECK(c.connection->is_connected());
  CHECK(cache.read("k0").result == ResultCode::kRetrieved);
}

TEST_CASE("connection: reconnects after the server restarts on the same port", "[client]") {
  TestServer server;
  auto c = GridConnection::connect(server.connection_string());
  REQUIRE(c.ok());
  Cache cache(c.connection, "client-restart");
  REQUIRE(cache.put("kept", "before").ok());

  auto port = server.port();
  server.stop();
  CHECK(eventually([&] { return !c.connection->is_connected(); }));
  server.start(port);
  REQUIRE(server.port() == port);

  // The store survived the restart of its listener; the client finds it again.
  CHECK(eventually([&] { return cache.read("kept").ok(); }));
  CHECK(cache.read("kept").value == "before");
  CHECK(cache.put("after", "restart").result == ResultCode::kAdded);
}

TEST_CASE("connection: NotReady answers are retried up to maxRequestRetries", "[client]") {
  SECTION("recovers within the retries") {
    ScriptedHandler handler(2);
    TestServer server(&handler);
    auto c = GridConnection::connect(server.connection_string(";maxRequestRetries=2"));
    REQUIRE(c.ok());
    auto r = Cache(c.connection, "client-not-ready").read("k");
    CHECK(r.result == ResultCode::kRetrieved);
    CHECK(r.value == "scripted");
    CHECK(handler.reads() == 3);
  }
  SECTION("gives up after the retries") {
    ScriptedHandler handler(10);
    TestServer server(&handler);
    auto c = GridConnection::connect(server.connection_string(";maxRequestRetries=1"));
    REQUIRE(c.ok());
    auto r = Cache(c.connection, "client-not-ready").read("k");
    CHECK(r.result == ResultCode::kNotReady);
    CHECK(r.message == "partition moving");
    CHECK(handler.reads() == 2);
  }
}

TEST_CASE("connection: requestTimeoutMs answers Timeout and drops the late reply", "[client]") {
  ScriptedHandler handler(0);
  TestServer server(&handler);
  auto c = GridConnection::connect(server.connection_string(";requestTimeoutMs=150"));
  REQUIRE(c.ok());
  Cache cache(c.connection, "client-timeout");

  auto start = Clock::now();
  auto r = cache.lock("k", milliseconds(0));
  auto took = Clock::now() - start;
  CHECK(r.result == ResultCode::kTimeout);
  CHECK(took >= milliseconds(100));
  CHECK(took < std::chrono::seconds(5));

  // A lock wait extends the limit by the wait it asks for.
  auto waiting = cache.lock_async("k", milliseconds(400));
  CHECK(waiting.wait_for(milliseconds(300)) == std::future_status::timeout);
  REQUIRE(ready_within(waiting));
  CHECK(waiting.get().result == ResultCode::kTimeout);

  // Late replies are ignored; the connection keeps working.
  REQUIRE(eventually([&] { return handler.held() == 2; }));
  handler.release();
  CHECK(c.connection->ping() == ResultCode::kOk);
  CHECK(cache.read("k").result == ResultCode::kRetrieved);
}

// During a network cut a request's bytes can sit unacknowledged in the client's socket and reach
// the server after the cut heals, long after the caller was told Timeout; a write could then
// overwrite a newer one. So a timeout resets (RST) the connection it was written on.
TEST_CASE("connection: a timed-out request resets its connection", "[client]") {
  ScriptedHandler handler(0);
  TestServer server(&handler);
  auto c = GridConnection::connect(server.connection_string(";requestTimeoutMs=150"));
  REQUIRE(c.ok());
  Cache cache(c.connection, "client-reset");
  REQUIRE(c.connection->ping() == ResultCode::kOk);
  const auto accepted = server.stats().connections_accepted;

  // Both wait at the server; the second asks for a long lock wait, so its own limit is far off.
  auto first = cache.lock_async("a", milliseconds(0));
  auto second = cache.lock_async("b", milliseconds(5000));
  REQUIRE(ready_within(first));
  CHECK(first.get().result == ResultCode::kTimeout);
  // Written on the reset connection: its outcome is unknown, and it is answered at once.
  REQUIRE(second.wait_for(milliseconds(2000)) == std::future_status::ready);
  CHECK(second.get().result == ResultCode::kUnavailable);

  // Later requests go out on a new connection.
  CHECK(c.connection->ping() == ResultCode::kOk);
  CHECK(server.stats().connections_accepted == accepted + 1);
  handler.drop();
}

TEST_CASE("connection: destroying it answers pending requests with Unavailable", "[client]") {
  ScriptedHandler handler(0);
  TestServer server(&handler);
  std::vector<std::future<CacheResponse>> pending;
  {
    auto c = GridConnection::connect(server.connection_string());
    REQUIRE(c.ok());
    Cache cache(c.connection, "client-destroy");
    for (int i = 0; i < 5; ++i) {
      pending.push_back(cache.lock_async("k", std::chrono::seconds(30)));
    }
    REQUIRE(eventually([&] { return handler.held() == 5; }));
  }  // the last owners of the connection go away here
  for (auto& f : pending) {
    REQUIRE(f.wait_for(milliseconds(0)) == std::future_status::ready);
    CHECK(f.get().result == ResultCode::kUnavailable);
  }
  handler.drop();
}

TEST_CASE("connect_default: local service from soss_params.txt", "[client]") {
  TestServer server;
  TempDir dir;
  dir.write("soss_params.txt", "# test\nsvr_port " + std::to_string(server.port()) + "\n");
  auto c = GridConnection::connect_default(dir.path.string());
  INFO(c.message);
  REQUIRE(c.ok());
  CHECK(c.connection->options().max_request_retries == 30);
  REQUIRE(c.connection->options().gateways.size() == 1);
  CHECK(c.connection->options().gateways[0].host == "127.0.0.1");
  CHECK(Cache(c.connection, "client-default").put("k", "v").ok());
}

TEST_CASE("connect_default: the service's net_interface, when it is set", "[client]") {
  TestServer server;  // on 127.0.0.1
  TempDir dir;
  dir.write("soss_client_params.txt", "max_lcl_retries 0\n");
  dir.write("soss_params.txt",
            "net_interface 0.0.0.0\nsvr_port " + std::to_string(server.port()) + "\n");
  auto any = GridConnection::connect_default(dir.path.string());
  INFO(any.message);
  REQUIRE(any.ok());
  CHECK(any.connection->options().gateways[0].host == "127.0.0.1");
  dir.write("soss_params.txt",
            "net_interface 127.0.0.2\nsvr_port " + std::to_string(server.port()) + "\n");
  auto other = GridConnection::connect_default(dir.path.string());
  CHECK_FALSE(other.ok());  // nothing listens on 127.0.0.2
  CHECK(other.message.find("127.0.0.2") != std::string::npos);
}

TEST_CASE("connect_default: remote-client gateways from soss_client_params.txt", "[client]") {
  TestServer server;
  TempDir dir;
  dir.write("soss_params.txt", "svr_port " + std::to_string(dead_port()) + "\n");
  dir.write("soss_client_params.txt",
            "max_lcl_retries 7\nmax_rem_retries 1\nmax_access_time 9\n"
            "rem_gw soss2, 3720, 10.1.2.3, 3721\n"
            "rem_gw __SOSS_remote_client_access, 720, 127.0.0.1, " +
                std::to_string(server.port()) + "\n");
  auto c = GridConnection::connect_default(dir.path.string());
  INFO(c.message);
  REQUIRE(c.ok());
  const auto& o = c.connection->options();
  REQUIRE(o.gateways.size() == 1);
  CHECK(o.gateways[0].port == server.port());
  CHECK(o.max_request_retries == 1);
  CHECK(o.request_timeout == std::chrono::seconds(9));
}

TEST_CASE("connect_default: configuration errors", "[client]") {
  TempDir dir;
  SECTION("a malformed soss_client_params.txt") {
    dir.write("soss_client_params.txt", "max_rem_retries lots\n");
    auto c = GridConnection::connect_default(dir.path.string());
    CHECK(c.result == ResultCode::kConfigError);
    CHECK(c.message.find("soss_client_params.txt") != std::string::npos);
  }
  SECTION("a malformed soss_params.txt") {
    dir.write("soss_client_params.txt", "max_lcl_retries 0\n");
    dir.write("soss_params.txt", "svr_port not-a-port\n");
    auto c = GridConnection::connect_default(dir.path.string());
    CHECK(c.result == ResultCode::kConfigError);
    CHECK(c.message.find("soss_params.txt") != std::string::npos);
  }
  SECTION("no files: the default port, with max_lcl_retries from the client file") {
    dir.write("soss_client_params.txt", "max_lcl_retries 0\n");
    // Port 721 on loopback is almost certainly closed here; either way it must not hang.
    auto start = Clock::now();
    auto c = GridConnection::connect_default(dir.path.string());
    CHECK((c.ok() || c.result == ResultCode::kUnavailable));
    CHECK(Clock::now() - start < std::chrono::seconds(5));
  }
}
