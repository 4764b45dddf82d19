// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <functional>
#include <memory>
#include <string>

#include <asio.hpp>

#include "peer/peer_link_common.hpp"

namespace soss::net::detail {

// A connection a peer opened to us: reads the peer's hello (within hello_timeout), answers
// with ours, then decodes every cluster frame and hands it to the receiver. A refused hello or
// a malformed frame closes the connection. Owned by shared_ptr (the links' table of incoming
// connections and its own pending operations); lives on the io thread only.
class InLink : public std::enable_shared_from_this<InLink> {
 public:
  InLink(asio::ip::tcp::socket socket, LinksContext& ctx, std::function<void(InLink*)> on_close);

  void start();
  void close();

 private:
  void do_read();
  void on_hello();
  void on_frame();
  void on_proof();  // the connecting side's proof of the store secret
  bool handshaken() const { return from_ != 0 && !awaiting_proof_; }
  void end(const std::string& why, bool warn);

  asio::ip::tcp::socket socket_;
  asio::steady_timer timer_;
  LinksContext& ctx_;
  std::function<void(InLink*)> on_close_;
  std::string remote_;
  FrameBuf in_;
  std::string out_;
  core::HostId from_ = 0;        // 0 until the hello is accepted
  bool awaiting_proof_ = false;  // a store secret: the hello came, its proof has not yet
  std::string their_nonce_;
  std::string our_nonce_;
  bool closed_ = false;
};

}  // namespace soss::net::detail
