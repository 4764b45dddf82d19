// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// What the incoming and outgoing peer links share (private to libsoss_net).
#pragma once

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include <asio.hpp>
#include <fmt/format.h>

#include "soss/net/cluster_codec.hpp"
#include "soss/net/peer_links.hpp"

namespace soss::net::detail {

// A frame larger than this before the hello exchange completed closes the connection: a hello
// is a few dozen bytes, and an unauthenticated peer should not make us allocate megabytes.
inline constexpr std::uint32_t kMaxHelloFrameBytes = 4096;

struct LinkCounters {
  std::atomic<std::uint64_t> sent{0};
  std::atomic<std::uint64_t> dropped{0};
  std::atomic<std::uint64_t> received{0};
  std::atomic<std::uint64_t> handshakes{0};
  std::atomic<std::uint64_t> refused{0};
  std::atomic<std::uint64_t> protocol_errors{0};
};

// Owned by PeerLinks::Impl and outlived by nothing that runs on the io thread.
struct LinksContext {
  const PeerLinksOptions& options;
  const PeerReceiver& receiver;
  LinkCounters& counters;
  PeerHello hello;  // ours, without nonce and proof (each connection adds its own)

  bool secret() const { return !options.secret.empty(); }
  // Our hello frame for one connection.
  std::string hello_frame(std::string nonce, std::string proof) const {
    PeerHello h = hello;
    h.nonce = std::move(nonce);
    h.proof = std::move(proof);
    std::string frame;
    append_hello_frame(h, frame);
    return frame;
  }
};

// The two proofs of a link's handshake: the accepting side answers the connecting side's nonce
// ("accept"), the connecting side answers the accepting side's ("connect").
inline constexpr std::string_view kAcceptProof = "accept";
inline constexpr std::string_view kConnectProof = "connect";

// One frame being read: the header bytes, then the body.
struct FrameBuf {
  std::array<std::uint8_t, kFrameHeaderBytes> head{};
  FrameHeader header;
  std::string body;
};

// Reads the rest of a frame's body into buf.body, which holds `have` bytes of it: the body grows
// as bytes arrive (doubling, from 64 KiB), never to the length the header claims at once.
template <typename Done>
void async_read_body(asio::ip::tcp::socket& socket, FrameBuf& buf, std::size_t have, Done done) {
  const std::size_t length = buf.header.body_length;
  if (have == length) {
    done(Status::ok());
    return;
  }
  const std::size_t next =
      std::min<std::size_t>(length, std::max<std::size_t>(2 * have, 64 * 1024));
  buf.body.resize(next);
  asio::async_read(
      socket, asio::buffer(buf.body.data() + have, next - have),
      [&socket, &buf, next, done = std::move(done)](asio::error_code ec, std::size_t) mutable {
        if (ec) {
          done(Status(StatusCode::kUnavailable, ec.message()));
          return;
        }
        async_read_body(socket, buf, next, std::move(done));
      });
}

// Reads one whole frame into `buf`, then calls done(status): kUnavailable for a socket error or
// end of stream, kProtocolError for a bad header or a body above max_body. `valid()` is asked
// before the body read starts: a link that reconnected meanwhile (a new socket in the same
// variable) must not get a stale read started on it.
template <typename Valid, typename Done>
void async_read_frame(asio::ip::tcp::socket& socket, FrameBuf& buf, std::uint32_t max_body,
                      Valid valid, Done done) {
  asio::async_read(socket, asio::buffer(buf.head),
                   [&socket, &buf, max_body, valid = std::move(valid), done = std::move(done)](
                       asio::error_code ec, std::size_t) mutable {
                     if (!valid()) {
                       return;
                     }
                     if (ec) {
                       done(Status(StatusCode::kUnavailable, ec.message()));
                       return;
                     }
                     auto header = parse_header(buf.head.data(), max_body);
                     if (!header) {
                       done(header.error());
                       return;
                     }
                     buf.header = *header;
                     buf.body.clear();
                     if (buf.body.capacity() > (std::size_t{4} << 20)) {
                       buf.body.shrink_to_fit();  // a partition transfer's big frame is done
                     }
                     async_read_body(socket, buf, 0, std::move(done));
                   });
}

// Checks a peer's hello: the frame is a hello, its digest is ours, its id is not ours and (when
// `expected` is not 0) is the expected one, and it carries a nonce exactly when we have a store
// secret (the proofs are checked by the links).
Result<PeerHello> check_hello(const FrameBuf& buf, const PeerLinksOptions& options,
                              core::HostId expected);

}  // namespace soss::net::detail
