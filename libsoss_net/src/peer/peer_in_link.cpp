// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "peer/peer_in_link.hpp"

#include "io/io_limits.hpp"
#include "soss/core/common/access.hpp"
#include "soss/core/common/log.hpp"

namespace soss::net::detail {

InLink::InLink(asio::ip::tcp::socket socket, LinksContext& ctx,
               std::function<void(InLink*)> on_close)
    : socket_(std::move(socket)),
      timer_(socket_.get_executor()),
      ctx_(ctx),
      on_close_(std::move(on_close)) {
  asio::error_code ec;
  auto ep = socket_.remote_endpoint(ec);
  remote_ = ec ? "?" : fmt::format("{}:{}", ep.address().to_string(), ep.port());
}

void InLink::start() {
  timer_.expires_after(ctx_.options.hello_timeout);
  timer_.async_wait([self = shared_from_this()](asio::error_code e) {
    if (!e && !self->handshaken()) {
      self->end(self->from_ == 0 ? "no hello in time" : "no proof of the store secret in time",
                true);
    }
  });
  do_read();
}

void InLink::close() {
  if (closed_) {
    return;
  }
  closed_ = true;
  asio::error_code ignored;
  socket_.close(ignored);
  timer_.cancel();
}

void InLink::do_read() {
  std::uint32_t max = handshaken() ? ctx_.options.max_frame_bytes : kMaxHelloFrameBytes;
  auto self = shared_from_this();
  async_read_frame(
      socket_, in_, max, [self] { return !self->closed_; },
      [self](const Status& st) {
        if (self->closed_) {
          return;
        }
        if (!st.is_ok()) {
          bool bad_frame = st.code() == StatusCode::kProtocolError;
          self->ctx_.counters.protocol_errors += bad_frame ? 1 : 0;
          self->end(std::string(st.message()), bad_frame);
          return;
        }
        if (self->from_ == 0) {
          self->on_hello();
        } else if (self->awaiting_proof_) {
          self->on_proof();
        } else {
          self->on_frame();
        }
      });
}

void InLink::on_hello() {
  auto hello = check_hello(in_, ctx_.options, 0);
  // Answer even a refused hello (and close only once it is written), so that the peer can name
  // the mismatch in its own log.
  std::string refusal = hello ? std::string() : std::string(hello.error().message());
  std::string proof;
  if (hello && ctx_.secret()) {
    // Answer the connecting side's challenge, and challenge it in turn.
    their_nonce_ = hello->nonce;
    our_nonce_ = fresh_nonce();
    proof = peer_proof(ctx_.options.secret, kAcceptProof, their_nonce_, our_nonce_,
                       ctx_.options.self, hello->host);
  }
  out_ = ctx_.hello_frame(our_nonce_, std::move(proof));
  auto self = shared_from_this();
  asio::async_write(socket_, asio::buffer(out_), [self, refusal](asio::error_code e, std::size_t) {
    if (!refusal.empty()) {
      self->end(refusal, true);
    } else if (e && !self->closed_) {
      self->end(fmt::format("sending hello: {}", e.message()), false);
    }
  });
  if (!hello) {
    ++ctx_.counters.refused;
    return;
  }
  from_ = hello->host;
  awaiting_proof_ = ctx_.secret();
  if (!awaiting_proof_) {
    timer_.cancel();
    log::debug("net", "link from host {} at {} is up", from_, remote_);
  }
  do_read();
}

void InLink::on_proof() {
  const std::string expected = peer_proof(ctx_.options.secret, kConnectProof, our_nonce_,
                                          their_nonce_, from_, ctx_.options.self);
  if (in_.header.opcode != kOpPeerProof || !core::equal_in_constant_time(in_.body, expected)) {
    ++ctx_.counters.refused;
    end(in_.header.opcode != kOpPeerProof
            ? fmt::format("expected the proof of the store secret, got opcode {}",
                          in_.header.opcode)
            : std::string("wrong proof of the store secret (another auth_file secret)"),
        true);
    return;
  }
  awaiting_proof_ = false;
  timer_.cancel();
  log::debug("net", "link from host {} at {} is up (store secret proven)", from_, remote_);
  do_read();
}

void InLink::on_frame() {
  if (in_.header.opcode != kOpClusterMessage || in_.header.flags != 0) {
    ++ctx_.counters.protocol_errors;
    end(fmt::format("unexpected opcode {} on a peer link", in_.header.opcode), true);
    return;
  }
  auto message = decode_cluster(in_.body);
  if (!message) {
    ++ctx_.counters.protocol_errors;
    end(std::string(message.error().message()), true);
    return;
  }
  ++ctx_.counters.received;
  if (ctx_.receiver) {
    ctx_.receiver(from_, std::move(*message));
  }
  if (!closed_) {
    do_read();
  }
}

void InLink::end(const std::string& why, bool warn) {
  if (closed_) {
    return;
  }
  if (warn) {
    // At most one line a second: whoever reaches int_port can open connections as fast as it
    // likes.
    static LogLimiter refusals;
    warn_limited(refusals, "closing peer connection from {} (host {}): {}", remote_, from_, why);
  } else {
    log::debug("net", "peer connection from {} (host {}) ended: {}", remote_, from_, why);
  }
  close();
  if (on_close_) {
    on_close_(this);
  }
}

}  // namespace soss::net::detail
