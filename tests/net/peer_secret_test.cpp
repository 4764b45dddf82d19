// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// int_port with a store secret (docs/security.md, "Host to host"): hosts prove the secret to each
// other before any message passes; a peer without it, with another one, or a forged one is
// refused, and a connection that does not finish the handshake in time is closed.
#include <array>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <asio.hpp>

#include "soss/net/cluster_codec.hpp"
#include "soss/net/peer_links.hpp"
#include "support/catch.hpp"
#include "support/wait.hpp"

using namespace soss;
using namespace soss::core;
using namespace soss::net;
using namespace std::chrono_literals;

namespace {

constexpr const char* kSecret = "0123456789abcdef-the-store-secret";

// One host's links with a secret ("" = none), counting the heartbeats it received.
struct SecretHost {
  SecretHost(HostId i, std::string addr, std::string secret,
             std::chrono::milliseconds hello_timeout = 5000ms)
      : id(i), address(std::move(addr)) {
    PeerLinksOptions o;
    o.self = id;
    o.address = address;
    o.digest = "d";
    o.secret = std::move(secret);
    o.hello_timeout = hello_timeout;
    links = std::make_unique<PeerLinks>(o, [this](HostId from, ClusterMessage) {
      std::lock_guard<std::mutex> lock(mu);
      received.push_back(from);
    });
    REQUIRE(links->start().is_ok());
  }
  std::size_t count() {
    std::lock_guard<std::mutex> lock(mu);
    return received.size();
  }
  void heartbeat(HostId to) { links->send(to, MembershipMessage(Heartbeat{1, 1, 0})); }

  HostId id;
  std::string address;
  std::mutex mu;
  std::vector<HostId> received;
  std::unique_ptr<PeerLinks> links;
};

void link(SecretHost& a, SecretHost& b) {
  a.links->add_peer(b.id, b.address, b.links->port());
  b.links->add_peer(a.id, a.address, a.links->port());
}

// Both directions stay refused and nothing is delivered.
void check_refused(SecretHost& a, SecretHost& b) {
  link(a, b);
  CHECK(soss::test::eventually(
      [&] { return a.links->stats().refused > 0 && b.links->stats().refused > 0; }));
  a.heartbeat(b.id);
  b.heartbeat(a.id);
  std::this_thread::sleep_for(200ms);
  CHECK(!a.links->connected(b.id));
  CHECK(!b.links->connected(a.id));
  CHECK(a.count() == 0);
  CHECK(b.count() == 0);
}

// A raw loopback connection to a host's int_port, speaking frames by hand.
struct RawPeer {
  explicit RawPeer(std::uint16_t port) : socket(io) {
    socket.connect({asio::ip::make_address("127.0.0.1"), port});
  }
  void send(const std::string& bytes) { asio::write(socket, asio::buffer(bytes)); }
  // The next frame's header and body; empty body and opcode 0 when the connection closed.
  std::pair<std::uint16_t, std::string> read_frame() {
    std::array<std::uint8_t, kFrameHeaderBytes> head{};
    asio::error_code ec;
    asio::read(socket, asio::buffer(head), ec);
    if (ec) {
      return {0, {}};
    }
    auto header = parse_header(head.data(), kDefaultMaxFrameBytes);
    REQUIRE(header);
    std::string body(header->body_length, '\0');
    asio::read(socket, asio::buffer(body), ec);
    return {header->opcode, body};
  }
  // True when the host closes the connection within `limit`.
  bool closed_within(std::chrono::milliseconds limit) {
    socket.non_blocking(true);
    auto deadline = std::chrono::steady_clock::now() + limit;
    std::array<char, 256> buf{};
    while (std::chrono::steady_clock::now() < deadline) {
      asio::error_code ec;
      socket.read_some(asio::buffer(buf), ec);
      if (ec && ec != asio::error::would_block) {
        return true;
      }
      std::this_thread::sleep_for(5ms);
    }
    return false;
  }
  asio::io_context io;
  asio::ip::tcp::socket socket;
};

std::string hello_frame(HostId host, std::string nonce, std::string proof = {}) {
  std::string f;
  append_hello_frame(PeerHello{host, "127.0.0.9", 722, "d", std::move(nonce), std::move(proof)}, f);
  return f;
}

std::string heartbeat_frame() {
  std::string f;
  append_cluster_frame(MembershipMessage(Heartbeat{1, 1, 0}), f);
  return f;
}

}  // namespace

TEST_CASE("peer secret: hosts with the same secret link up and exchange messages",
          "[net][links][auth]") {
  SecretHost a(1, "127.0.0.1", kSecret), b(2, "127.0.0.2", kSecret);
  link(a, b);
  CHECK(soss::test::eventually([&] { return a.links->connected(2) && b.links->connected(1); }));
  a.heartbeat(2);
  b.heartbeat(1);
  CHECK(soss::test::eventually([&] { return a.count() == 1 && b.count() == 1; }));
  CHECK(a.links->stats().refused == 0);
}

TEST_CASE("peer secret: another secret, or none, is refused both ways", "[net][links][auth]") {
  SECTION("another secret") {
    SecretHost a(1, "127.0.0.1", kSecret), b(2, "127.0.0.2", "another-secret-of-16-chars");
    check_refused(a, b);
  }
  SECTION("a secret against none") {
    SecretHost a(1, "127.0.0.1", kSecret), b(2, "127.0.0.2", "");
    check_refused(a, b);
  }
}

TEST_CASE("peer secret: a forged peer gets no message through", "[net][links][auth]") {
  SecretHost a(1, "127.0.0.1", kSecret);
  SECTION("a hello without a nonce (the old hello, or no secret)") {
    RawPeer forged(a.links->port());
    forged.send(hello_frame(9, {}) + heartbeat_frame());
    CHECK(forged.closed_within(2000ms));
  }
  SECTION("a nonce, then a proof made with another secret") {
    RawPeer forged(a.links->port());
    const std::string nonce(16, 'n');
    forged.send(hello_frame(9, nonce));
    auto [opcode, body] = forged.read_frame();
    REQUIRE(opcode == kOpPeerHello);
    auto theirs = decode_hello(body);
    REQUIRE(theirs);
    CHECK(theirs->nonce.size() == 16);
    CHECK(theirs->nonce != nonce);
    std::string proof;
    append_proof_frame(peer_proof("not-the-secret-at-all", "connect", theirs->nonce, nonce, 9, 1),
                       proof);
    forged.send(proof + heartbeat_frame());
    CHECK(forged.closed_within(2000ms));
  }
  SECTION("a nonce, then cluster messages instead of the proof") {
    RawPeer forged(a.links->port());
    forged.send(hello_frame(9, std::string(16, 'n')));
    CHECK(forged.read_frame().first == kOpPeerHello);
    forged.send(heartbeat_frame());
    CHECK(forged.closed_within(2000ms));
  }
  std::this_thread::sleep_for(50ms);
  CHECK(a.count() == 0);
  CHECK(a.links->stats().refused == 1);
}

TEST_CASE("peer secret: the accepting side closes a connection that does not finish the handshake",
          "[net][links][auth]") {
  SecretHost a(1, "127.0.0.1", kSecret, 200ms);
  SECTION("silent from the start") {
    RawPeer silent(a.links->port());
    CHECK(silent.closed_within(2000ms));
  }
  SECTION("a hello, then no proof") {
    RawPeer slow(a.links->port());
    slow.send(hello_frame(9, std::string(16, 'n')));
    CHECK(slow.read_frame().first == kOpPeerHello);
    CHECK(slow.closed_within(2000ms));
  }
  CHECK(a.count() == 0);
}

TEST_CASE("peer secret: a proof answers one challenge only", "[net][links][auth]") {
  const std::string n1(16, 'a'), n2(16, 'b');
  const std::string p = peer_proof(kSecret, "accept", n1, n2, 1, 2);
  CHECK(p.size() == 32);
  CHECK(p == peer_proof(kSecret, "accept", n1, n2, 1, 2));
  CHECK(p != peer_proof(kSecret, "connect", n1, n2, 1, 2));  // the other side's proof
  CHECK(p != peer_proof(kSecret, "accept", n2, n1, 1, 2));   // another challenge
  CHECK(p != peer_proof(kSecret, "accept", n1, n2, 2, 1));   // the other direction
  CHECK(p != peer_proof("another-secret-of-16", "accept", n1, n2, 1, 2));
  CHECK(fresh_nonce() != fresh_nonce());
}
