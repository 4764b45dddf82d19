// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// DoorPool and ConnectionBase on their own, through the smallest door: one that echoes each
// line it receives and answers "quit" with "bye" before closing. The native and RESP doors are
// tested through their codecs elsewhere; these cases pin what the two share: the accept loops,
// the io threads taken in turn, the port's limit, the idle sweep, stop(), the counters.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <asio.hpp>
#include <catch2/catch.hpp>

#include "io/connection_base.hpp"
#include "io/door_pool.hpp"
#include "loopback_exchange.hpp"

namespace soss::net::detail {
namespace {

using Clock = std::chrono::steady_clock;

// The threads the connections' input ran on.
struct Seen {
  std::mutex mu;
  std::set<std::thread::id> threads;
};

class EchoConnection final : public ConnectionBase {
 public:
  EchoConnection(asio::ip::tcp::socket socket, DoorCounters& counters, WriteBatch& batch,
                 Seen& seen)
      : ConnectionBase(std::move(socket), counters, batch, nullptr, {"echo connection", "line"}),
        seen_(seen) {}

 protected:
  void on_input(std::size_t /*n*/) override {
    {
      std::lock_guard<std::mutex> lock(seen_.mu);
      seen_.threads.insert(std::this_thread::get_id());
    }
    std::size_t used = 0;
    const std::string_view in = in_.view();
    for (std::size_t eol = in.find('\n'); eol != std::string_view::npos;
         eol = in.find('\n', used)) {
      const std::string_view line = in.substr(used, eol - used);
      used = eol + 1;
      if (line == "quit") {
        out_ += "bye\n";
        close_after_write();
        break;
      }
      out_.append(line).append("\n");
    }
    in_.consume(used);
    on_bytes(in_.size() > 0);
    queue_write();
    if (!closing()) {
      do_read();
    }
  }
  std::size_t bytes_wanted() const override { return 0; }

 private:
  Seen& seen_;
};

// A pool with one echo port on 127.0.0.1; at most `max_open` connections at once.
struct EchoDoor {
  DoorCounters counters;
  Seen seen;
  DoorPool pool;
  std::uint16_t port = 0;

  EchoDoor(std::size_t threads, std::uint64_t max_open, ConnectionLimits limits = {})
      : pool(counters, limits, "echo") {
    pool.make_contexts(threads);
    DoorPool::Port p;
    p.name = "echo_port";
    p.full = [this, max_open] { return counters.open.load() >= max_open; };
    p.refuse = [](asio::ip::tcp::socket& s) {
      asio::error_code ec;
      s.close(ec);
    };
    p.open = [this](asio::ip::tcp::socket s, WriteBatch& batch) -> std::shared_ptr<ConnectionBase> {
      return std::make_shared<EchoConnection>(std::move(s), counters, batch, seen);
    };
    const Status st = pool.listen({asio::ip::make_address("127.0.0.1"), 0}, std::move(p), port);
    REQUIRE(st.is_ok());
    pool.run();
  }
  ~EchoDoor() { pool.stop(); }
  EchoDoor(const EchoDoor&) = delete;
  EchoDoor& operator=(const EchoDoor&) = delete;
};

// A client connection to the door, non-blocking after connect.
struct Client {
  asio::io_context io;
  asio::ip::tcp::socket s{io};
  explicit Client(std::uint16_t port) {
    s.connect({asio::ip::make_address("127.0.0.1"), port});
    s.non_blocking(true);
  }
  void send(const std::string& bytes) {
    s.non_blocking(false);
    asio::write(s, asio::buffer(bytes));
    s.non_blocking(true);
  }
  std::string read(std::size_t bytes, std::chrono::milliseconds within = std::chrono::seconds(5)) {
    return test::read_until(s, bytes, Clock::now() + within);
  }
  // Sends `line` and reads it back.
  bool echoes(const std::string& line) {
    send(line);
    return read(line.size()) == line;
  }
};

using test::closed_within;
using test::eventually;

}  // namespace

TEST_CASE(
    "door pool: a connection on ConnectionBase answers split and pipelined input, then "
    "closes after its last reply",
    "[net][door_pool]") {
  EchoDoor door(1, 10);
  Client c(door.port);
  c.send("hel");
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  c.send("lo\nwor");
  REQUIRE(c.read(6) == "hello\n");
  c.send("ld\na\nb\nquit\n");
  REQUIRE(c.read(100) == "world\na\nb\nbye\n");  // read_until stops at the door's close
  REQUIRE(closed_within(c.s, 1));
  REQUIRE(door.counters.accepted.load() == 1);
  REQUIRE(eventually([&] { return door.counters.open.load() == 0; }));
}

TEST_CASE("door pool: connections are handed to the io threads in turn", "[net][door_pool]") {
  EchoDoor door(2, 10);
  Client a(door.port);
  Client b(door.port);
  REQUIRE(a.echoes("a\n"));
  REQUIRE(b.echoes("b\n"));
  std::lock_guard<std::mutex> lock(door.seen.mu);
  REQUIRE(door.seen.threads.size() == 2);
  REQUIRE(door.seen.threads.count(std::this_thread::get_id()) == 0);
}

TEST_CASE("door pool: a port at its limit refuses the next connection and counts it",
          "[net][door_pool]") {
  EchoDoor door(1, 2);
  Client a(door.port);
  Client b(door.port);
  REQUIRE(a.echoes("1\n"));
  REQUIRE(b.echoes("2\n"));
  Client refused(door.port);
  REQUIRE(closed_within(refused.s, 2));
  REQUIRE(door.counters.refused.load() == 1);
  REQUIRE(a.echoes("still\n"));

  // Once one leaves, the next is served.
  a.send("quit\n");
  REQUIRE(a.read(4) == "bye\n");
  REQUIRE(eventually([&] { return door.counters.open.load() == 1; }));
  Client next(door.port);
  REQUIRE(next.echoes("in\n"));
}

TEST_CASE("door pool: the sweep closes a connection idle past idle_timeout and counts it",
          "[net][door_pool]") {
  ConnectionLimits limits;
  limits.idle_timeout_s = 1;
  EchoDoor door(1, 10, limits);
  Client idle(door.port);
  REQUIRE(idle.echoes("x\n"));
  // Idle for more than 1 s, seen by a sweep that runs once a second: closed within about 2 s.
  REQUIRE(closed_within(idle.s, 4));
  REQUIRE(door.counters.timed_out.load() == 1);
  REQUIRE(eventually([&] { return door.counters.open.load() == 0; }));
}

TEST_CASE("door pool: stop closes every open connection", "[net][door_pool]") {
  EchoDoor door(2, 10);
  std::vector<std::unique_ptr<Client>> clients;
  for (int i = 0; i < 3; ++i) {
    clients.push_back(std::make_unique<Client>(door.port));
    REQUIRE(clients.back()->echoes("hi\n"));
  }
  REQUIRE(door.counters.open.load() == 3);
  door.pool.stop();
  for (auto& c : clients) {
    REQUIRE(closed_within(c->s, 2));
  }
  // (The connections themselves go with the io contexts: their aborted reads still hold them.)
}

TEST_CASE("door pool: io threads default to half the cores, at least one", "[net][door_pool]") {
  REQUIRE(DoorPool::threads_for(3) == 3);
  REQUIRE(DoorPool::threads_for(0) >= 1);
  REQUIRE(DoorPool::threads_for(0) ==
          std::max<std::size_t>(1, std::thread::hardware_concurrency() / 2));
}

}  // namespace soss::net::detail
