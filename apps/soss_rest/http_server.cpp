// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "http_server.hpp"

#include <utility>

#include <fmt/format.h>

#include "soss/core/common/log.hpp"

namespace soss::rest {

using asio::ip::tcp;

HttpServer::HttpServer(asio::io_context& io, const SessionOptions& options, RequestHandler handler,
                       std::uint32_t max_connections, TlsContext* tls)
    : io_(io),
      acceptor_(asio::make_strand(io)),
      retry_timer_(acceptor_.get_executor()),
      options_(options),
      handler_(std::make_shared<const RequestHandler>(std::move(handler))),
      tls_(tls),
      tracker_(std::make_shared<ConnectionTracker>(max_connections)) {}

Status HttpServer::listen(const std::string& address, std::uint16_t port) {
  asio::error_code ec;
  asio::ip::address addr = asio::ip::make_address(address, ec);
  if (ec) {
    tcp::resolver resolver(io_);
    auto found = resolver.resolve(address, std::to_string(port), ec);
    if (ec || found.empty()) {
      return Status(
          StatusCode::kConfigError,
          fmt::format("listen_address '{}' is not an address or a known host name", address));
    }
    addr = found.begin()->endpoint().address();
  }
  tcp::endpoint ep(addr, port);
  acceptor_.open(ep.protocol(), ec);
  if (!ec) {
    acceptor_.set_option(tcp::acceptor::reuse_address(true), ec);
  }
  if (!ec) {
    acceptor_.bind(ep, ec);
  }
  if (!ec) {
    acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  }
  if (ec) {
    return Status(StatusCode::kUnavailable,
                  fmt::format("cannot listen on {}:{}: {}", addr.to_string(), port, ec.message()));
  }
  return Status::ok();
}

void HttpServer::start() { do_accept(); }

void HttpServer::stop() {
  asio::post(acceptor_.get_executor(), [this] {
    asio::error_code ignored;
    acceptor_.close(ignored);
    retry_timer_.cancel();
  });
}

tcp::endpoint HttpServer::local_endpoint() const {
  asio::error_code ec;
  return acceptor_.local_endpoint(ec);
}

void HttpServer::do_accept() {
  acceptor_.async_accept(
      asio::make_strand(io_),
      [this](const asio::error_code& ec, tcp::socket socket) { on_accept(ec, std::move(socket)); });
}

void HttpServer::on_accept(const asio::error_code& ec, tcp::socket socket) {
  if (ec == asio::error::operation_aborted || !acceptor_.is_open()) {
    return;
  }
  if (ec) {
    // Out of descriptors or similar: wait a little instead of spinning on the error.
    log::warn("rest", "accept failed: {}; retrying in 100 ms", ec.message());
    retry_timer_.expires_after(std::chrono::milliseconds(100));
    retry_timer_.async_wait([this](const asio::error_code& e) {
      if (!e) {
        do_accept();
      }
    });
    return;
  }
  std::uint64_t shed_before = tracker_->shed_count();
  bool room = tracker_->make_room();
  warn_if_shedding(shed_before, room);
  if (!room) {
    log::debug("rest", "refusing a connection: {} open, all busy", tracker_->open());
    asio::error_code ignored;
    socket.close(ignored);
  } else {
    asio::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    start_session(std::move(socket));
  }
  do_accept();
}

// One warning a minute at most while connections are shed or refused at max_connections: the
// operator learns that clients crowd the server (or an attack runs) without a line per connection.
void HttpServer::warn_if_shedding(std::uint64_t shed_before, bool room) {
  auto now = std::chrono::steady_clock::now();
  std::uint64_t shed = tracker_->shed_count();
  if ((room && shed == shed_before) || now < next_shed_warning_) {
    return;
  }
  if (!room) {
    log::warn("rest",
              "max_connections ({}) reached and every connection is busy: refusing new ones",
              tracker_->max());
    next_shed_warning_ = now + std::chrono::minutes(1);
    return;
  }
  next_shed_warning_ = now + std::chrono::minutes(1);
  log::warn("rest",
            "max_connections ({}) reached: closing the connections that waited longest for their "
            "clients to make room ({} so far)",
            tracker_->max(), shed);
}

void HttpServer::start_session(tcp::socket socket) {
#if SOSS_REST_TLS
  if (tls_ != nullptr) {
    using TlsStream = asio::ssl::stream<tcp::socket>;
    std::make_shared<HttpSession<TlsStream>>(TlsStream(std::move(socket), *tls_), options_,
                                             handler_, tracker_)
        ->start();
    return;
  }
#endif
  std::make_shared<HttpSession<tcp::socket>>(std::move(socket), options_, handler_, tracker_)
      ->start();
}

#if SOSS_REST_TLS

Result<std::unique_ptr<TlsContext>> make_tls_context(const std::string& cert_file,
                                                     const std::string& key_file) {
  auto ctx = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_server);
  asio::error_code ec;
  ctx->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                       asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                       asio::ssl::context::no_tlsv1_1 | asio::ssl::context::single_dh_use,
                   ec);
  ctx->use_certificate_chain_file(cert_file, ec);
  if (ec) {
    return Status(StatusCode::kConfigError,
                  fmt::format("tls_cert_file {}: {}", cert_file, ec.message()));
  }
  ctx->use_private_key_file(key_file, asio::ssl::context::pem, ec);
  if (ec) {
    return Status(StatusCode::kConfigError,
                  fmt::format("tls_key_file {}: {}", key_file, ec.message()));
  }
  return ctx;
}

#else

Result<std::unique_ptr<TlsContext>> make_tls_context(const std::string&, const std::string&) {
  return Status(StatusCode::kConfigError,
                "tls_cert_file: this soss_rest has no TLS (the Windows builds have no OpenSSL); "
                "serve plain HTTP on loopback, or put a TLS proxy in front");
}

#endif

}  // namespace soss::rest
