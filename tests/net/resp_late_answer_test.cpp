// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// RESP commands whose answers come later (a write replicated to another host) suspend their
// connection instead of blocking a thread.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <asio.hpp>

#include "late_answers.hpp"
#include "loopback_exchange.hpp"
#include "soss/core/common/clock.hpp"
#include "soss/core/store/store.hpp"
#include "soss/net/dispatcher.hpp"
#include "soss/net/resp_server.hpp"
#include "support/catch.hpp"

using namespace soss;
using namespace soss::core;
using namespace soss::net;
using soss::test::LateAnswers;
using soss::test::read_until;

namespace {

constexpr std::size_t kConnections = 64;

// The real Dispatcher and Store, except that writes (kPut) answer later from one answering
// thread. It holds the answers back until `gate` writes wait at once (or 10 s pass), then
// answers everything: so the writes can all wait together only when no thread is spent on
// a waiting command.
class GatedWrites final : public RequestHandler {
 public:
  explicit GatedWrites(std::size_t gate)
      : store_(clock_, StoreOptions{}), dispatcher_(store_, nullptr), gate_(gate) {
    answerer_ = std::thread([this] { run(); });
  }
  ~GatedWrites() override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    answerer_.join();
  }
  std::optional<Response> handle(const Request& request, Caller& caller,
                                 Completion&& later) override {
    std::optional<Response> now = dispatcher_.handle(request, caller, {});
    if (request.op != OpCode::kPut || !now) {
      return now;
    }
    {
      std::lock_guard<std::mutex> lock(mu_);
      pending_.emplace_back(std::move(later), std::move(*now));
      peak_ = std::max(peak_, pending_.size());
    }
    cv_.notify_all();
    return std::nullopt;
  }
  std::size_t peak() {
    std::lock_guard<std::mutex> lock(mu_);
    return peak_;
  }
  // Answers nothing more: the completions are dropped uncalled when the handler goes.
  void hold() {
    std::lock_guard<std::mutex> lock(mu_);
    hold_ = true;
  }

 private:
  void run() {
    std::unique_lock<std::mutex> lock(mu_);
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    cv_.wait_until(lock, until, [this] { return stop_ || pending_.size() >= gate_; });
    while (!stop_) {
      if (!hold_) {
        for (auto& [done, answer] : pending_) {
          done(std::move(answer));
        }
        pending_.clear();
      }
      cv_.wait_for(lock, std::chrono::milliseconds(5));
    }
  }

  SystemClock clock_;
  Store store_;
  Dispatcher dispatcher_;
  const std::size_t gate_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::pair<Completion, Response>> pending_;
  std::size_t peak_ = 0;
  bool stop_ = false;
  bool hold_ = false;
  std::thread answerer_;
};

std::vector<std::unique_ptr<asio::ip::tcp::socket>> connect_all(asio::io_context& io,
                                                                std::uint16_t port) {
  std::vector<std::unique_ptr<asio::ip::tcp::socket>> out;
  for (std::size_t i = 0; i < kConnections; ++i) {
    auto s = std::make_unique<asio::ip::tcp::socket>(io);
    s->connect({asio::ip::make_address("127.0.0.1"), port});
    out.push_back(std::move(s));
  }
  return out;
}

std::string pipeline_for(std::size_t i) {
  const std::string k = "k" + std::to_string(i);
  return "SET " + k + " v\r\nGET " + k + "\r\nPING\r\nSET " + k + " w\r\nGET " + k + "\r\n";
}

}  // namespace

TEST_CASE("resp: 64 connections wait for late SET answers at once on one io thread",
          "[net][resp]") {
  GatedWrites handler(kConnections);
  RespServerOptions o;
  o.port = 0;
  o.io_threads = 1;
  RespServer server(o, handler);
  REQUIRE(server.start().is_ok());
  asio::io_context io;
  auto conns = connect_all(io, server.port());
  for (std::size_t i = 0; i < kConnections; ++i) {
    asio::write(*conns[i], asio::buffer(pipeline_for(i)));
    conns[i]->non_blocking(true);
  }
  // Each pipeline's replies, in order, though its SETs were answered after its GETs were read.
  const std::string expected = "+OK\r\n$1\r\nv\r\n+PONG\r\n+OK\r\n$1\r\nw\r\n";
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(8);
  for (std::size_t i = 0; i < kConnections; ++i) {
    CHECK(read_until(*conns[i], expected.size(), deadline) == expected);
  }
  // All 64 first SETs waited at once: none held a thread (the server has one io thread).
  CHECK(handler.peak() == kConnections);
  CHECK(server.stats().commands == 5 * kConnections);
  server.stop();
}

TEST_CASE("resp: closed connections and a stop with answers pending end promptly", "[net][resp]") {
  GatedWrites handler(kConnections);
  handler.hold();  // no SET is ever answered
  RespServerOptions o;
  o.port = 0;
  o.io_threads = 1;
  RespServer server(o, handler);
  REQUIRE(server.start().is_ok());
  asio::io_context io;
  auto conns = connect_all(io, server.port());
  for (std::size_t i = 0; i < kConnections; ++i) {
    asio::write(*conns[i], asio::buffer(pipeline_for(i)));
  }
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (handler.peak() < kConnections && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  REQUIRE(handler.peak() == kConnections);
  // Half the clients go away while their SET waits; the server still answers the others' PINGs.
  for (std::size_t i = 0; i < kConnections / 2; ++i) {
    conns[i]->close();
  }
  auto probe = std::make_unique<asio::ip::tcp::socket>(io);
  probe->connect({asio::ip::make_address("127.0.0.1"), server.port()});
  asio::write(*probe, asio::buffer(std::string("PING\r\n")));
  probe->non_blocking(true);
  CHECK(read_until(*probe, 7, std::chrono::steady_clock::now() + std::chrono::seconds(3)) ==
        "+PONG\r\n");
  const auto t0 = std::chrono::steady_clock::now();
  server.stop();
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(2));
}

TEST_CASE("resp: commands of several steps answer right when every step answers late",
          "[net][resp]") {
  // Every request (not only writes) answers later, from a thread of its own after 1 ms.
  LateAnswers handler([](OpCode) { return true; }, std::chrono::milliseconds(1));
  RespServerOptions o;
  o.port = 0;
  RespServer server(o, handler);
  REQUIRE(server.start().is_ok());
  asio::io_context io;
  asio::ip::tcp::socket s(io);
  s.connect({asio::ip::make_address("127.0.0.1"), server.port()});
  const std::string commands =
      "MSET a 1 b 2\r\nMGET a b c\r\nDBSIZE\r\nINCR a\r\nSET a x GET\r\nDEL a b c\r\n"
      "HSET h f v\r\nHGETALL h\r\nMULTI\r\nSET m 1\r\nGET m\r\nEXEC\r\nFLUSHDB\r\nDBSIZE\r\n";
  const std::string expected =
      "+OK\r\n*3\r\n$1\r\n1\r\n$1\r\n2\r\n$-1\r\n:2\r\n:2\r\n$1\r\n2\r\n:2\r\n"
      ":1\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n+OK\r\n+QUEUED\r\n+QUEUED\r\n*2\r\n+OK\r\n$1\r\n1\r\n"
      "+OK\r\n:0\r\n";
  asio::write(s, asio::buffer(commands));
  s.non_blocking(true);
  CHECK(read_until(s, expected.size(),
                   std::chrono::steady_clock::now() + std::chrono::seconds(5)) == expected);
  server.stop();
}
