// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include <asio.hpp>

#include "connection_tracker.hpp"
#include "http_session.hpp"
#include "soss/core/common/status.hpp"
#include "tls_context.hpp"

namespace soss::rest {

// Accepts connections on one address and gives each an HttpSession (over TLS when `tls` is
// set). At most `max_connections` are open at once: at the cap, the connection that has waited
// longest for its client (idle, or sending its request slowly) is shed to make room, and only
// when all are busy is the new one closed at once (ConnectionTracker).
// The io_context's threads run everything; the server must outlive the io_context's run.
class HttpServer {
 public:
  HttpServer(asio::io_context& io, const SessionOptions& options, RequestHandler handler,
             std::uint32_t max_connections, TlsContext* tls);

  // Binds and listens; kUnavailable with the reason when the address cannot be used.
  Status listen(const std::string& address, std::uint16_t port);
  void start();
  void stop();
  asio::ip::tcp::endpoint local_endpoint() const;

 private:
  void do_accept();
  void on_accept(const asio::error_code& ec, asio::ip::tcp::socket socket);
  void start_session(asio::ip::tcp::socket socket);
  void warn_if_shedding(std::uint64_t shed_before, bool room);

  asio::io_context& io_;
  asio::ip::tcp::acceptor acceptor_;
  asio::steady_timer retry_timer_;
  SessionOptions options_;
  std::shared_ptr<const RequestHandler> handler_;
  TlsContext* tls_;
  std::shared_ptr<ConnectionTracker> tracker_;
  std::chrono::steady_clock::time_point next_shed_warning_{};  // acceptor strand only
};

// A TLS server context from PEM files (TLS 1.2 and later); kConfigError naming the bad file, or
// saying that this build has no TLS (tls_context.hpp).
Result<std::unique_ptr<TlsContext>> make_tls_context(const std::string& cert_file,
                                                     const std::string& key_file);

}  // namespace soss::rest
