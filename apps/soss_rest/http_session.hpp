// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include <asio.hpp>

#include "connection_tracker.hpp"
#include "http_message.hpp"
#include "request_parser.hpp"

namespace soss::rest {

// Answers one request. Called on the connection's strand; may block while the store answers.
using RequestHandler = std::function<HttpResponse(const HttpRequest&)>;

struct SessionOptions {
  ParserLimits limits;
  std::chrono::seconds header_timeout{10};   // request line and headers (from the connection's
                                             // start, or from the first byte of a later request)
  std::chrono::seconds request_timeout{30};  // first byte to last byte of a request; also writes
  std::chrono::seconds idle_timeout{60};     // between requests on a keep-alive connection
};

// One HTTP/1.1 connection over `Stream` (a TCP socket, or a TLS stream over one): reads and
// parses requests, answers them one at a time in order (so pipelined requests are answered in
// order), keeps the connection alive unless asked not to, and closes it on a parse error after
// answering, on a timeout, or when the peer goes away. Owns itself through shared_from_this;
// every handler runs on the stream's strand, so it needs no locks. It publishes its phase to
// the server's ConnectionTracker, which may shed it while it waits for its client.
template <typename Stream>
class HttpSession : public std::enable_shared_from_this<HttpSession<Stream>>,
                    public TrackedConnection {
 public:
  // Counted by `tracker` from start() until the session ends.
  HttpSession(Stream stream, const SessionOptions& options,
              std::shared_ptr<const RequestHandler> handler,
              std::shared_ptr<ConnectionTracker> tracker);
  ~HttpSession() override;
  void start();

 protected:
  void on_shed() override;

 private:
  bool wait_for_client(std::chrono::steady_clock::time_point now);
  void do_handshake();
  void do_read();
  void on_read(const asio::error_code& ec, std::size_t n);
  void process();
  void do_write(std::string bytes, bool close_after);
  void arm_timer(std::chrono::steady_clock::time_point deadline);
  void on_timer(const asio::error_code& ec);
  void close();
  void close_gracefully();
  void do_drain();

  Stream stream_;
  asio::steady_timer timer_;
  SessionOptions options_;
  std::shared_ptr<const RequestHandler> handler_;
  std::shared_ptr<ConnectionTracker> tracker_;
  RequestParser parser_;
  std::chrono::steady_clock::time_point head_start_;  // when the current request began
  std::array<char, 16 * 1024> buf_{};
  std::string out_;
  bool writing_ = false;
  bool closed_ = false;
  bool served_any_ = false;  // a response was sent: waiting is now idle, not the first head
};

}  // namespace soss::rest
