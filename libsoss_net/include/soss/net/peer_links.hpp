// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "soss/core/cluster/cluster_message.hpp"
#include "soss/core/common/status.hpp"
#include "soss/net/frame.hpp"

namespace asio {
class io_context;
}  // namespace asio

namespace soss::net {

struct PeerLinksOptions {
  core::HostId self = 0;              // never 0
  std::string address = "127.0.0.1";  // net_interface's address: listen and connect from here
  std::uint16_t port = 722;           // int_port; 0 = pick a free port (tests)
  std::string digest;                 // params_digest() of the store-wide parameters
  // The store secret of the access file (docs/security.md): each side of a link proves it holds
  // it (HMAC challenge in the hellos) before any message passes. Empty = no secret: hellos carry
  // no proof, and a peer that offers one is refused (and the other way round).
  std::string secret;
  std::size_t max_queue_bytes = 8u << 20;  // per peer; frames beyond it are dropped
  std::chrono::milliseconds min_backoff{50};
  std::chrono::milliseconds max_backoff{2000};
  // For the peer's hello (and, with a secret, its proof) on a new connection: a connection that
  // has not completed the handshake in time is closed.
  std::chrono::milliseconds hello_timeout{5000};
  // Unacknowledged data older than this breaks the link (TCP_USER_TIMEOUT), which reconnects.
  std::chrono::milliseconds user_timeout{3000};
  std::uint32_t max_frame_bytes = kDefaultMaxFrameBytes;

  Status validate() const;
};

struct PeerLinksStats {
  std::uint64_t frames_sent = 0;     // written to a socket
  std::uint64_t frames_dropped = 0;  // queue full, unknown peer, or lost with a broken link
  std::uint64_t messages_received = 0;
  std::uint64_t handshakes = 0;       // outgoing links that completed the hello exchange
  std::uint64_t refused = 0;          // hellos refused (other digest, wrong or own host id, no or a
                                      // wrong proof of the store secret)
  std::uint64_t protocol_errors = 0;  // connections closed for a malformed frame
};

// Called on the links' io thread for every message a peer sent. It may call send().
using PeerReceiver = std::function<void(core::HostId from, core::ClusterMessage message)>;

// TCP links between the hosts of a store, on int_port. Each host keeps one outgoing connection
// per known peer and sends only on it; messages from a peer arrive on the connection the peer
// opened. Both ends of a connection first exchange a hello (host id, listen address, digest of
// the store-wide parameters) and refuse a mismatch. A broken or refused outgoing connection is
// retried with exponential backoff (min_backoff doubling up to max_backoff). send() never
// blocks on the network: the frame joins the peer's bounded queue or is dropped, which the core
// tolerates (it re-sends what matters).
// Thread-safety: start()/stop() from one controlling thread; add_peer, remove_peer, send,
// connected and stats from any thread. One io thread does all the socket work.
class PeerLinks final : public core::ClusterTransport {
 public:
  // With `shared_io`, the links run on that io_context (the service's main io thread, so that a
  // request, its replication and its answer need no hand-over between threads) instead of a
  // thread of their own; stop() must then be called while that context still runs.
  PeerLinks(PeerLinksOptions options, PeerReceiver receiver, asio::io_context* shared_io = nullptr);
  ~PeerLinks() override;
  PeerLinks(const PeerLinks&) = delete;
  PeerLinks& operator=(const PeerLinks&) = delete;

  // Binds address:port and starts the io thread. Errors name the address and port.
  Status start();
  // Closes every connection and joins the io thread; queued frames are dropped. Idempotent.
  void stop();
  std::uint16_t port() const;  // the bound port (after start)

  // Where peer `id` listens. Connects at once (once started); a changed address reconnects.
  void add_peer(core::HostId id, const std::string& address, std::uint16_t port);
  void remove_peer(core::HostId id);
  // Replaces the digest of the store-wide parameters: hellos from now on carry the new one and
  // peers must present it (links already open stay open).
  void set_digest(std::string digest);

  // Queues `message` for `to` (encoded on the caller's thread). Drops it when `to` is unknown
  // or its queue is full.
  void send(core::HostId to, const core::ClusterMessage& message) override;

  // True while the outgoing link to `id` has completed its hello exchange.
  bool connected(core::HostId id) const;
  PeerLinksStats stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace soss::net
