// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include <asio.hpp>

#include "soss/net/peer_links.hpp"
#include "support/catch.hpp"
#include "support/wait.hpp"

using namespace soss;
using namespace soss::core;
using namespace soss::net;
using namespace std::chrono_literals;

namespace {

// One host's links plus what they received: (from, heartbeat epoch).
struct TestHost {
  HostId id;
  std::string address;
  std::mutex mu;
  std::vector<std::pair<HostId, std::uint64_t>> inbox;
  std::unique_ptr<PeerLinks> links;

  TestHost(HostId i, std::string addr, std::uint16_t port = 0, std::string digest = "d")
      : id(i), address(std::move(addr)) {
    PeerLinksOptions o;
    o.self = id;
    o.address = address;
    o.port = port;
    o.digest = std::move(digest);
    links = std::make_unique<PeerLinks>(o, [this](HostId from, ClusterMessage m) {
      auto& mm = std::get<MembershipMessage>(m);
      std::lock_guard<std::mutex> lock(mu);
      inbox.emplace_back(from, std::get<Heartbeat>(mm).epoch);
    });
    REQUIRE(links->start().is_ok());
  }
  void send_heartbeat(HostId to, std::uint64_t epoch) {
    links->send(to, MembershipMessage(Heartbeat{epoch, 1, 0}));
  }
  bool got(HostId from, std::uint64_t epoch) {
    std::lock_guard<std::mutex> lock(mu);
    for (auto& [f, e] : inbox) {
      if (f == from && e == epoch) {
        return true;
      }
    }
    return false;
  }
};

void connect_all(const std::vector<TestHost*>& hosts) {
  for (auto* a : hosts) {
    for (auto* b : hosts) {
      if (a != b) {
        a->links->add_peer(b->id, b->address, b->links->port());
      }
    }
  }
}

}  // namespace

TEST_CASE("peer links deliver both ways and reconnect to a restarted peer", "[net][links]") {
  TestHost a(1, "127.0.0.1"), b(2, "127.0.0.2"), c(3, "127.0.0.3");
  connect_all({&a, &b, &c});
  a.send_heartbeat(2, 100);  // queued before the links are up: delivered once they are
  for (TestHost* h : {&a, &b, &c}) {
    for (HostId peer = 1; peer <= 3; ++peer) {
      if (peer != h->id) {
        h->send_heartbeat(peer, 10 * h->id + peer);
      }
    }
  }
  for (TestHost* h : {&a, &b, &c}) {
    for (HostId from = 1; from <= 3; ++from) {
      if (from != h->id) {
        CHECK(soss::test::eventually([&] { return h->got(from, 10 * from + h->id); }));
      }
    }
  }
  CHECK(b.got(1, 100));
  CHECK(a.links->connected(2));

  std::uint16_t b_port = b.links->port();
  b.links->stop();
  b.links.reset();
  CHECK(soss::test::eventually([&] { return !a.links->connected(2); }));
  a.send_heartbeat(2, 200);  // queued while b is down

  TestHost b2(2, "127.0.0.2", b_port);
  b2.links->add_peer(1, "127.0.0.1", a.links->port());
  CHECK(soss::test::eventually([&] { return a.links->connected(2); }));
  a.send_heartbeat(2, 201);
  b2.send_heartbeat(1, 202);
  CHECK(soss::test::eventually([&] { return b2.got(1, 201); }));
  CHECK(soss::test::eventually([&] { return a.got(2, 202); }));
  CHECK(a.links->stats().handshakes >= 3);
  CHECK(c.got(1, 13));
}

TEST_CASE("peer links refuse a peer with other store-wide parameters", "[net][links]") {
  TestHost a(1, "127.0.0.1"), d(4, "127.0.0.4", 0, "other");
  a.links->add_peer(4, "127.0.0.4", d.links->port());
  d.links->add_peer(1, "127.0.0.1", a.links->port());
  CHECK(soss::test::eventually(
      [&] { return a.links->stats().refused > 0 && d.links->stats().refused > 0; }));
  a.send_heartbeat(4, 1);
  std::this_thread::sleep_for(100ms);
  CHECK(!a.links->connected(4));
  CHECK(!d.got(1, 1));
}

TEST_CASE("a malformed frame closes only its connection", "[net][links]") {
  TestHost a(1, "127.0.0.1"), b(2, "127.0.0.2");
  connect_all({&a, &b});
  {
    asio::io_context io;
    asio::ip::tcp::socket s(io);
    s.connect({asio::ip::make_address("127.0.0.1"), a.links->port()});
    std::string junk(64, '\x5a');
    asio::write(s, asio::buffer(junk));
    std::array<char, 64> buf{};
    asio::error_code ec;
    s.read_some(asio::buffer(buf), ec);  // the links close the connection
    CHECK(ec);
  }
  CHECK(a.links->stats().protocol_errors == 1);
  b.send_heartbeat(1, 7);
  CHECK(soss::test::eventually([&] { return a.got(2, 7); }));
}

TEST_CASE("sends to unknown peers and beyond the queue are dropped", "[net][links]") {
  TestHost a(1, "127.0.0.1");
  a.send_heartbeat(9, 1);
  CHECK(a.links->stats().frames_dropped == 1);
  // A peer that never answers: the queue fills (8 MiB) and then drops without blocking.
  a.links->add_peer(9, "127.0.0.9", 1);
  ReplicationPacket big;
  big.items.resize(1);
  Effect e;
  e.state.emplace().value.assign(1 << 20, 'x');
  big.items[0].effects = {e};
  for (int i = 0; i < 12; ++i) {
    a.links->send(9, big);
  }
  CHECK(a.links->stats().frames_dropped >= 1 + 4);
}
