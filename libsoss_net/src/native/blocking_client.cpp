// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "soss/net/blocking_client.hpp"

#include <optional>

#include <asio.hpp>
#include <fmt/format.h>

#include "soss/net/codec.hpp"

namespace soss::net {

// Runs each step as an async operation on a private io_context bounded by run_for(), so a
// dead or silent host can never block the caller past the timeout.
class BlockingClient::Impl {
 public:
  Impl(std::string host, std::uint16_t port, std::chrono::milliseconds timeout,
       core::Credentials credentials)
      : host_(std::move(host)),
        port_(port),
        timeout_(timeout),
        credentials_(std::move(credentials)),
        socket_(io_) {}

  Result<core::Response> call(const core::Request& request) {
    if (!socket_.is_open()) {
      SOSS_RETURN_IF_ERROR(connect());
      if (!credentials_.user.empty()) {
        SOSS_RETURN_IF_ERROR(authenticate());
      }
    }
    return exchange(request);
  }

 private:
  Status authenticate() {
    auto answer = exchange(core::auth_request(credentials_));
    if (!answer) {
      return answer.error();
    }
    if (answer->code != StatusCode::kOk) {
      socket_.close();
      return Status(StatusCode::kUnauthorized,
                    fmt::format("{}:{} refused user '{}': {}", host_, port_, credentials_.user,
                                answer->message));
    }
    return Status::ok();
  }

  Result<core::Response> exchange(const core::Request& request) {
    std::string out;
    encode_request(++next_id_, request, out);
    auto deadline = std::chrono::steady_clock::now() + timeout_;
    asio::error_code ec =
        run([&](auto done) { asio::async_write(socket_, asio::buffer(out), done); }, deadline);
    if (ec) {
      return fail(ec, "sending");
    }
    std::uint8_t header_bytes[kFrameHeaderBytes];
    ec = run([&](auto done) { asio::async_read(socket_, asio::buffer(header_bytes), done); },
             deadline);
    if (ec) {
      return fail(ec, "waiting for the reply");
    }
    auto header = parse_header(header_bytes, 0xFFFFFFFFu);
    if (!header || header->request_id != next_id_) {
      socket_.close();
      return Status(StatusCode::kProtocolError, "bad reply header");
    }
    std::string body(header->body_length, '\0');
    ec = run([&](auto done) { asio::async_read(socket_, asio::buffer(body), done); }, deadline);
    if (ec) {
      return fail(ec, "reading the reply");
    }
    return decode_response(body);
  }

  Status connect() {
    asio::error_code ec;
    auto address = asio::ip::make_address(host_, ec);
    if (ec) {
      asio::ip::tcp::resolver resolver(io_);
      auto results = resolver.resolve(host_, std::to_string(port_), ec);
      if (ec || results.empty()) {
        return Status(StatusCode::kUnavailable, fmt::format("cannot resolve host '{}'", host_));
      }
      address = results.begin()->endpoint().address();
    }
    asio::ip::tcp::endpoint ep(address, port_);
    auto deadline = std::chrono::steady_clock::now() + timeout_;
    ec = run([&](auto done) { socket_.async_connect(ep, done); }, deadline);
    if (ec) {
      socket_.close();
      return Status(StatusCode::kUnavailable,
                    fmt::format("cannot connect to {}:{}: {}", host_, port_,
                                ec == asio::error::timed_out ? "timed out" : ec.message()));
    }
    socket_.set_option(asio::ip::tcp::no_delay(true), ec);
    return Status::ok();
  }

  Status fail(const asio::error_code& ec, const char* what) {
    socket_.close();
    if (ec == asio::error::timed_out) {
      return Status(StatusCode::kTimeout, fmt::format("{}:{} did not answer within {} ms", host_,
                                                      port_, timeout_.count()));
    }
    return Status(StatusCode::kUnavailable,
                  fmt::format("{} {}:{}: {}", what, host_, port_, ec.message()));
  }

  // Starts one async operation and runs the io_context until it completes or the deadline.
  template <typename Start>
  asio::error_code run(Start start, std::chrono::steady_clock::time_point deadline) {
    std::optional<asio::error_code> result;
    start([&](const asio::error_code& ec, auto&&...) { result = ec; });
    io_.restart();
    auto left = deadline - std::chrono::steady_clock::now();
    if (left > std::chrono::steady_clock::duration::zero()) {
      io_.run_for(left);
    }
    if (!result) {
      asio::error_code ignored;
      socket_.cancel(ignored);
      io_.restart();
      io_.run();  // let the cancelled handler finish
      return asio::error::timed_out;
    }
    return *result;
  }

  std::string host_;
  std::uint16_t port_;
  std::chrono::milliseconds timeout_;
  core::Credentials credentials_;
  asio::io_context io_;
  asio::ip::tcp::socket socket_;
  std::uint64_t next_id_ = 0;
};

BlockingClient::BlockingClient(std::string host, std::uint16_t port,
                               std::chrono::milliseconds timeout, core::Credentials credentials)
    : impl_(std::make_unique<Impl>(std::move(host), port, timeout, std::move(credentials))) {}
BlockingClient::~BlockingClient() = default;
Result<core::Response> BlockingClient::call(const core::Request& request) {
  return impl_->call(request);
}

}  // namespace soss::net
