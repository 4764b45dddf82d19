// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "http_session.hpp"

#include <algorithm>
#include <type_traits>
#include <utility>

#include "rest_errors.hpp"
#include "soss/core/common/log.hpp"
#include "tls_context.hpp"

namespace soss::rest {
namespace {

template <typename Stream>
constexpr bool kIsTls = !std::is_same_v<Stream, asio::ip::tcp::socket>;

HttpResponse answer(const RequestHandler& handler, const HttpRequest& req) {
  try {
    HttpResponse r = handler(req);
    r.head_only = req.method == "HEAD";
    return r;
  } catch (const std::exception& e) {
    log::error("rest", "request handler failed: {}", e.what());
    return http_error_response(500, "internal error");
  }
}

}  // namespace

template <typename Stream>
HttpSession<Stream>::HttpSession(Stream stream, const SessionOptions& options,
                                 std::shared_ptr<const RequestHandler> handler,
                                 std::shared_ptr<ConnectionTracker> tracker)
    : stream_(std::move(stream)),
      timer_(stream_.get_executor()),
      options_(options),
      handler_(std::move(handler)),
      tracker_(std::move(tracker)),
      parser_(options.limits) {}

template <typename Stream>
HttpSession<Stream>::~HttpSession() {
  tracker_->remove(*this);
}

template <typename Stream>
void HttpSession<Stream>::on_shed() {
  log::debug("rest", "shedding a connection that waited longest for its client");
  asio::post(stream_.get_executor(), [self = this->shared_from_this()] { self->close(); });
}

template <typename Stream>
void HttpSession<Stream>::start() {
  head_start_ = std::chrono::steady_clock::now();
  (void)enter(ConnPhase::kHead, head_start_);
  tracker_->add(this->shared_from_this());
  asio::dispatch(stream_.get_executor(), [self = this->shared_from_this()] {
    if constexpr (kIsTls<Stream>) {
      self->do_handshake();
    } else {
      self->arm_timer(self->head_start_ +
                      std::min(self->options_.header_timeout, self->options_.request_timeout));
      self->do_read();
    }
  });
}

template <typename Stream>
void HttpSession<Stream>::do_handshake() {
#if SOSS_REST_TLS
  if constexpr (kIsTls<Stream>) {
    arm_timer(std::chrono::steady_clock::now() + options_.request_timeout);
    stream_.async_handshake(asio::ssl::stream_base::server, [self = this->shared_from_this()](
                                                                const asio::error_code& ec) {
      if (ec) {
        log::debug("rest", "TLS handshake failed: {}", ec.message());
        self->close();
        return;
      }
      // The first head's deadline starts after the handshake.
      self->head_start_ = std::chrono::steady_clock::now();
      self->arm_timer(self->head_start_ +
                      std::min(self->options_.header_timeout, self->options_.request_timeout));
      self->do_read();
    });
  }
#endif
}

// Publishes what the connection now waits for (idle, the rest of a head, the rest of a body)
// and arms the deadline that goes with it when that changed: idle_timeout between requests,
// header_timeout for a head (from the first byte of the request, or from the start of the
// connection for its first request), request_timeout for the whole request. False when the
// tracker has shed the connection.
template <typename Stream>
bool HttpSession<Stream>::wait_for_client(std::chrono::steady_clock::time_point now) {
  ConnPhase want = ConnPhase::kIdle;
  if (parser_.in_body()) {
    want = ConnPhase::kBody;
  } else if (parser_.in_request() || !served_any_) {
    want = ConnPhase::kHead;
  }
  ConnPhase was = phase();
  if (want == was) {
    return was != ConnPhase::kShed;
  }
  if (!enter(want, now)) {
    return false;
  }
  if (want == ConnPhase::kIdle) {
    arm_timer(now + options_.idle_timeout);
  } else if (want == ConnPhase::kHead) {
    if (served_any_) {
      head_start_ = now;
    }
    arm_timer(head_start_ + std::min(options_.header_timeout, options_.request_timeout));
  } else {
    arm_timer(head_start_ + options_.request_timeout);
  }
  return true;
}

template <typename Stream>
void HttpSession<Stream>::do_read() {
  if (closed_) {
    return;
  }
  if (!wait_for_client(std::chrono::steady_clock::now())) {
    close();
    return;
  }
  stream_.async_read_some(asio::buffer(buf_),
                          [self = this->shared_from_this()](
                              const asio::error_code& ec, std::size_t n) { self->on_read(ec, n); });
}

template <typename Stream>
void HttpSession<Stream>::on_read(const asio::error_code& ec, std::size_t n) {
  if (ec || closed_) {
    close();  // the peer went away, or the timer closed the socket
    return;
  }
  parser_.feed(buf_.data(), n);
  process();
}

// Answers the next queued request, the parse error, or a 100-continue; else reads more.
template <typename Stream>
void HttpSession<Stream>::process() {
  if (closed_ || writing_) {
    return;
  }
  if ((parser_.has_request() || parser_.failed() || parser_.continue_pending()) &&
      !enter(ConnPhase::kBusy, std::chrono::steady_clock::now())) {
    close();  // shed while its request completed: the tracker already gave its place away
    return;
  }
  if (parser_.has_request()) {
    HttpRequest req = parser_.take_request();
    HttpResponse resp = answer(*handler_, req);
    // After a parse error the next write answers it and closes, so keep-alive stays as asked.
    bool keep_alive = req.keep_alive && !resp.close;
    do_write(render_response(resp, keep_alive), !keep_alive);
  } else if (parser_.failed()) {
    HttpResponse resp = http_error_response(parser_.error_status(), parser_.error_message());
    do_write(render_response(resp, false), true);
  } else if (parser_.take_continue_request()) {
    do_write("HTTP/1.1 100 Continue\r\n\r\n", false);
  } else {
    do_read();
  }
}

template <typename Stream>
void HttpSession<Stream>::do_write(std::string bytes, bool close_after) {
  writing_ = true;
  out_ = std::move(bytes);
  arm_timer(std::chrono::steady_clock::now() + options_.request_timeout);
  asio::async_write(
      stream_, asio::buffer(out_),
      [self = this->shared_from_this(), close_after](const asio::error_code& ec, std::size_t) {
        self->writing_ = false;
        if (ec) {
          self->close();
          return;
        }
        if (close_after) {
          self->close_gracefully();
          return;
        }
        self->served_any_ = true;
        self->process();
      });
}

template <typename Stream>
void HttpSession<Stream>::arm_timer(std::chrono::steady_clock::time_point deadline) {
  timer_.expires_at(deadline);
  timer_.async_wait(
      [self = this->shared_from_this()](const asio::error_code& ec) { self->on_timer(ec); });
}

template <typename Stream>
void HttpSession<Stream>::on_timer(const asio::error_code& ec) {
  if (ec == asio::error::operation_aborted || closed_) {
    return;
  }
  if (timer_.expiry() > std::chrono::steady_clock::now()) {
    return;  // re-armed after this wait completed
  }
  log::debug("rest", "closing a connection that was idle or too slow");
  close();
}

template <typename Stream>
void HttpSession<Stream>::close() {
  if (closed_) {
    return;
  }
  closed_ = true;
  timer_.cancel();
  asio::error_code ignored;
  auto& socket = stream_.lowest_layer();
  socket.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  socket.close(ignored);
}

// Ends the connection after a final response without losing it: closing a socket with unread
// input makes the kernel send RST, which can destroy the response before the client reads it
// (e.g. a 413 while the client is still sending its body). So stop sending, read and discard
// what still comes for a short bounded time, then close.
template <typename Stream>
void HttpSession<Stream>::close_gracefully() {
  if (closed_) {
    return;
  }
  arm_timer(std::chrono::steady_clock::now() + std::chrono::seconds(2));
  if constexpr (kIsTls<Stream>) {
    stream_.async_shutdown(
        [self = this->shared_from_this()](const asio::error_code&) { self->close(); });
  } else {
    asio::error_code ignored;
    stream_.shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
    do_drain();
  }
}

template <typename Stream>
void HttpSession<Stream>::do_drain() {
  stream_.async_read_some(asio::buffer(buf_), [self = this->shared_from_this()](
                                                  const asio::error_code& ec, std::size_t) {
    if (ec || self->closed_) {
      self->close();
      return;
    }
    self->do_drain();
  });
}

template class HttpSession<asio::ip::tcp::socket>;
#if SOSS_REST_TLS
template class HttpSession<asio::ssl::stream<asio::ip::tcp::socket>>;
#endif

}  // namespace soss::rest
