// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "channel.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <utility>
#include <vector>

#include "soss/net/codec.hpp"
#include "soss/net/frame.hpp"

namespace soss::client::detail {

using core::Response;

Channel::Channel(ConnectionOptions options)
    : options_(std::move(options)),
      work_(asio::make_work_guard(io_)),
      resolver_(io_),
      connect_timer_(io_),
      backoff_timer_(io_),
      thread_([this] { run_io(); }) {}

Channel::~Channel() {
  asio::post(io_, [this] { do_stop(); });
  work_.reset();
  // do_stop() leaves no work behind, so run() returns once the cancelled handlers have run.
  if (thread_.joinable()) {
    thread_.join();
  }
}

void Channel::run_io() {
  for (;;) {
    try {
      io_.run();
      return;
    } catch (...) {
      // A handler threw (only std::bad_alloc can): keep serving the other requests.
    }
  }
}

void Channel::submit(const core::Request& request, ReplyHandler done) {
  submit(request, std::move(done), nullptr);
}

void Channel::submit(const core::Request& request, ReplyHandler done, ReplyHandler unsent) {
  std::uint64_t id = next_id_.fetch_add(1, std::memory_order_relaxed);
  std::string frame;
  net::encode_request(id, request, frame);
  if (frame.size() - net::kFrameHeaderBytes > net::kDefaultMaxFrameBytes) {
    // The server would close the connection (and fail every request on it): refuse here.
    auto message = fmt::format("the request of {} bytes exceeds the frame limit of {} bytes",
                               frame.size(), net::kDefaultMaxFrameBytes);
    asio::post(io_, [done = std::move(done), message = std::move(message)] {
      done(Response::of(StatusCode::kObjectTooLarge, message));
    });
    return;
  }
  asio::post(io_, [this, id, frame = std::move(frame), wait_ms = request.wait_ms,
                   done = std::move(done), unsent = std::move(unsent)]() mutable {
    start(id, std::move(frame), wait_ms, std::move(done), std::move(unsent));
  });
}

void Channel::start(std::uint64_t id, std::string frame, std::uint32_t wait_ms, ReplyHandler done,
                    ReplyHandler unsent) {
  if (state_ == State::kStopped) {
    (unsent ? unsent : done)(Response::of(StatusCode::kUnavailable, "the connection is closed"));
    return;
  }
  Pending& p = pending_[id];
  p.frame = std::move(frame);
  p.done = std::move(done);
  p.unsent = std::move(unsent);
  if (options_.request_timeout.count() > 0) {
    // The service may hold a lock request for its wait: that time is not the server's fault.
    auto limit = options_.request_timeout + std::chrono::milliseconds(wait_ms);
    p.deadline = std::make_unique<asio::steady_timer>(io_, limit);
    p.deadline->async_wait([this, id, limit](const asio::error_code& ec) {
      if (!ec) {
        expire(id, limit);
      }
    });
  }
  send_or_queue(id);
}

void Channel::send_or_queue(std::uint64_t id) {
  auto it = pending_.find(id);
  if (it == pending_.end()) {
    return;
  }
  if (state_ == State::kConnected) {
    it->second.sent = true;
    it->second.written = true;
    link_->out += it->second.frame;
    do_write(link_);
    return;
  }
  bool first = waiting_.empty();
  waiting_.push_back(id);
  // A request must not sit out a long backoff that began before it was issued: connect now.
  if (state_ == State::kIdle || (state_ == State::kBackoff && first)) {
    backoff_timer_.cancel();
    reconnect_attempt_ = 0;
    start_connect();
  }
}

void Channel::complete(std::uint64_t id, Response response) {
  auto it = pending_.find(id);
  if (it == pending_.end()) {
    return;
  }
  ReplyHandler done =
      std::move(!it->second.written && it->second.unsent ? it->second.unsent : it->second.done);
  pending_.erase(it);  // its timers are destroyed, so their handlers see operation_aborted
  if (done) {
    try {
      done(std::move(response));
    } catch (...) {
      // A handler only fulfils a promise; nothing sensible is left to do if that fails.
    }
  }
}

// A request without an answer in time fails with Timeout. When it was written on the current
// connection, that connection is reset (RST, not FIN): during a network cut its bytes may still
// sit unacknowledged in this socket, and a kernel that kept retransmitting them would deliver the
// write after the cut heals, where it could overwrite a newer write of the same key. The other
// requests written on it fail too (outcome unknown); unsent ones go out on a new connection.
void Channel::expire(std::uint64_t id, std::chrono::milliseconds limit) {
  auto it = pending_.find(id);
  if (it == pending_.end()) {
    return;
  }
  const bool on_link = it->second.sent && link_ != nullptr;
  complete(
      id, Response::of(StatusCode::kTimeout, fmt::format("no answer within {} ms", limit.count())));
  if (on_link) {
    std::shared_ptr<Link> link = link_;  // on_link_lost resets link_
    asio::error_code ignored;
    link->socket.set_option(asio::socket_base::linger(true, 0), ignored);
    on_link_lost(link,
                 fmt::format("reset after a request got no answer within {} ms", limit.count()));
  }
}

void Channel::fail_all(bool sent_only, StatusCode code, const std::string& message) {
  std::vector<std::uint64_t> ids;
  for (const auto& [id, p] : pending_) {
    if (!sent_only || p.sent) {
      ids.push_back(id);
    }
  }
  std::sort(ids.begin(), ids.end());  // answer in submission order
  for (std::uint64_t id : ids) {
    complete(id, Response::of(code, message));
  }
}

void Channel::do_stop() {
  state_ = State::kStopped;
  connected_ = false;
  asio::error_code ignored;
  resolver_.cancel();
  connect_timer_.cancel();
  backoff_timer_.cancel();
  if (connecting_) {
    connecting_->socket.close(ignored);
    connecting_.reset();
  }
  if (link_) {
    link_->socket.close(ignored);
    link_.reset();
  }
  waiting_.clear();
  fail_all(false, StatusCode::kUnavailable, "the connection was closed");
}

std::chrono::milliseconds Channel::backoff_step(int attempt) {
  constexpr std::chrono::milliseconds kFirst{50};
  constexpr std::chrono::milliseconds kCap{2000};
  auto step = kFirst * (std::int64_t{1} << std::min(attempt, 8));
  return std::min(step, kCap);
}

}  // namespace soss::client::detail
