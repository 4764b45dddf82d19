// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include <asio.hpp>

#include "http_message.hpp"
#include "request_parser.hpp"

namespace soss::rest {

// Answers one request. Called on the connection's strand; may block while the store answers.
using RequestHandler = std::function<HttpResponse(const HttpRequest&)>;

struct SessionOptions {
  ParserLimits limits;
  std::chrono::seconds request_timeout{30};  // first byte to last byte of a request; also writes
  std::chrono::seconds idle_timeout{60};     // between requests on a keep-alive connection
};

// One HTTP/1.1 connection over `Stream` (a TCP socket, or a TLS stream over one): reads and
// parses requests, answers them one at a time in order (so pipelined requests are answered in
// order), keeps the connection alive unless asked not to, and closes it on a parse error after
// answering, on a timeout, or when the peer goes away. Owns itself through shared_from_this;
// every handler runs on the stream's strand, so it needs no locks.
template <typename Stream>
class HttpSession : public std::enable_shared_from_this<HttpSession<Stream>> {
 public:
  // `slot` is released when the session ends (the server counts open connections with it).
  HttpSession(Stream stream, const SessionOptions& options,
              std::shared_ptr<const RequestHandler> handler, std::shared_ptr<void> slot);
  void start();

 private:
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
  std::shared_ptr<void> slot_;
  RequestParser parser_;
  std::array<char, 16 * 1024> buf_{};
  std::string out_;
  bool writing_ = false;
  bool closed_ = false;
  bool request_deadline_set_ = false;
};

}  // namespace soss::rest
