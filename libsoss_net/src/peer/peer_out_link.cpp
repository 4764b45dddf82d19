// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "peer/peer_out_link.hpp"

#include <algorithm>

#ifndef _WIN32
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#endif

#include "soss/core/common/access.hpp"
#include "soss/core/common/log.hpp"

namespace soss::net::detail {

using asio::ip::tcp;

OutLink::OutLink(asio::io_context& io, LinksContext& ctx, core::HostId id, tcp::endpoint to)
    : io_(io),
      ctx_(ctx),
      id_(id),
      to_(std::move(to)),
      socket_(io),
      timer_(io),
      backoff_(ctx.options.min_backoff) {}

void OutLink::start() { do_connect(); }

void OutLink::close() {
  closed_ = true;
  ++generation_;
  ready_ = false;
  asio::error_code ignored;
  socket_.close(ignored);
  timer_.cancel();
  std::lock_guard<std::mutex> lock(mu_);
  ctx_.counters.dropped += queue_.size();
  queue_.clear();
  queued_bytes_ = 0;
}

void OutLink::retarget(tcp::endpoint to) {
  to_ = std::move(to);
  if (closed_) {
    return;
  }
  ready_ = false;
  writing_ = false;
  asio::error_code ignored;
  socket_.close(ignored);
  timer_.cancel();
  backoff_ = ctx_.options.min_backoff;
  do_connect();
}

void OutLink::enqueue(std::string frame) {
  std::lock_guard<std::mutex> lock(mu_);
  if (queued_bytes_ + frame.size() > ctx_.options.max_queue_bytes) {
    ++ctx_.counters.dropped;
    return;
  }
  queued_bytes_ += frame.size();
  queue_.push_back(std::move(frame));
  if (!flush_posted_) {
    flush_posted_ = true;
    asio::post(io_, [self = shared_from_this()] {
      {
        std::lock_guard<std::mutex> l(self->mu_);
        self->flush_posted_ = false;
      }
      self->do_write();
    });
  }
}

void OutLink::do_connect() {
  std::uint64_t gen = ++generation_;
  socket_ = tcp::socket(io_);
  asio::error_code ec;
  socket_.open(to_.protocol(), ec);
  if (!ec) {
    // Connect from our own address, so that hosts sharing a machine (127.0.0.K) are told apart.
    socket_.bind(tcp::endpoint(asio::ip::make_address(ctx_.options.address, ec), 0), ec);
  }
  if (ec) {
    fail(fmt::format("cannot open a socket on {}: {}", ctx_.options.address, ec.message()));
    return;
  }
  socket_.async_connect(to_, [self = shared_from_this(), gen](asio::error_code e) {
    if (gen != self->generation_) {
      return;
    }
    if (e) {
      self->fail(fmt::format("connect: {}", e.message()));
      return;
    }
    self->on_connected();
  });
}

void OutLink::on_connected() {
  asio::error_code ignored;
  socket_.set_option(tcp::no_delay(true), ignored);
#ifdef TCP_USER_TIMEOUT
  // A peer cut off silently would keep this link "established" while the kernel backs off its
  // retransmissions (seconds, growing to minutes): after a heal nothing would move until the
  // next one. Give up on unacknowledged data after user_timeout instead, and reconnect.
  const auto ms = static_cast<unsigned int>(ctx_.options.user_timeout.count());
  ::setsockopt(socket_.native_handle(), IPPROTO_TCP, TCP_USER_TIMEOUT, &ms, sizeof ms);
#endif
  std::uint64_t gen = generation_;
  timer_.expires_after(ctx_.options.hello_timeout);
  timer_.async_wait([self = shared_from_this(), gen](asio::error_code e) {
    if (!e && gen == self->generation_ && !self->ready_) {
      self->fail("no hello from the peer in time");
    }
  });
  writing_ = true;
  nonce_ = ctx_.secret() ? fresh_nonce() : std::string();
  proof_.clear();
  out_ = ctx_.hello_frame(nonce_, {});
  asio::async_write(socket_, asio::buffer(out_),
                    [self = shared_from_this(), gen](asio::error_code e, std::size_t) {
                      if (gen != self->generation_) {
                        return;
                      }
                      self->writing_ = false;
                      self->out_.clear();
                      if (e) {
                        self->fail(fmt::format("sending hello: {}", e.message()));
                        return;
                      }
                      self->do_write();
                    });
  do_read();
}

void OutLink::do_read() {
  std::uint64_t gen = generation_;
  std::uint32_t max = ready_ ? ctx_.options.max_frame_bytes : kMaxHelloFrameBytes;
  auto self = shared_from_this();
  auto valid = [self, gen] { return gen == self->generation_; };
  async_read_frame(socket_, in_, max, valid, [self, gen](const Status& st) {
    if (gen != self->generation_) {
      return;
    }
    if (!st.is_ok()) {
      self->fail(std::string(st.message()));
      return;
    }
    if (self->ready_) {  // nothing is expected after the hello; read on to see the close
      self->do_read();
      return;
    }
    auto hello = check_hello(self->in_, self->ctx_.options, self->id_);
    if (!hello) {
      ++self->ctx_.counters.refused;
      self->fail(std::string(hello.error().message()));
      return;
    }
    if (self->ctx_.secret()) {
      const auto& secret = self->ctx_.options.secret;
      const core::HostId me = self->ctx_.options.self;
      if (!core::equal_in_constant_time(hello->proof, peer_proof(secret, kAcceptProof, self->nonce_,
                                                                 hello->nonce, self->id_, me))) {
        ++self->ctx_.counters.refused;
        self->fail(
            fmt::format("host {} failed the proof of the store secret (another "
                        "auth_file secret)",
                        self->id_));
        return;
      }
      append_proof_frame(
          peer_proof(secret, kConnectProof, hello->nonce, self->nonce_, me, self->id_),
          self->proof_);
    }
    self->ready_ = true;
    self->timer_.cancel();
    self->backoff_ = self->ctx_.options.min_backoff;
    self->last_error_.clear();
    ++self->ctx_.counters.handshakes;
    log::debug("net", "link to host {} at {} is up", self->id_, self->to_.address().to_string());
    self->do_write();
    self->do_read();
  });
}

void OutLink::do_write() {
  if (!ready_ || writing_ || closed_) {
    return;
  }
  std::size_t frames = 0;
  out_ = std::move(proof_);  // the proof of the secret goes before any message
  proof_.clear();
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& f : queue_) {
      out_ += f;
    }
    frames = queue_.size();
    queue_.clear();
    queued_bytes_ = 0;
  }
  if (out_.empty()) {
    return;
  }
  writing_ = true;
  std::uint64_t gen = generation_;
  asio::async_write(socket_, asio::buffer(out_),
                    [self = shared_from_this(), gen, frames](asio::error_code e, std::size_t) {
                      if (gen != self->generation_) {
                        self->ctx_.counters.dropped += frames;
                        return;
                      }
                      self->writing_ = false;
                      self->out_.clear();
                      if (e) {
                        self->ctx_.counters.dropped += frames;
                        self->fail(fmt::format("write: {}", e.message()));
                        return;
                      }
                      self->ctx_.counters.sent += frames;
                      self->do_write();
                    });
}

void OutLink::fail(const std::string& why) {
  if (closed_) {
    return;
  }
  if (why != last_error_) {
    log::warn("net", "link to host {} at {}:{}: {}; retrying", id_, to_.address().to_string(),
              to_.port(), why);
    last_error_ = why;
  }
  ++generation_;
  ready_ = false;
  writing_ = false;
  out_.clear();
  asio::error_code ignored;
  socket_.close(ignored);
  schedule_retry();
}

void OutLink::schedule_retry() {
  std::uint64_t gen = generation_;
  timer_.expires_after(backoff_);
  backoff_ = std::min(backoff_ * 2, ctx_.options.max_backoff);
  timer_.async_wait([self = shared_from_this(), gen](asio::error_code e) {
    if (!e && gen == self->generation_ && !self->closed_) {
      self->do_connect();
    }
  });
}

}  // namespace soss::net::detail
