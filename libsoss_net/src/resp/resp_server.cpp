// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "soss/net/resp_server.hpp"

#include <atomic>

#include <asio.hpp>
#include <fmt/format.h>

#include "io/door_pool.hpp"
#include "resp/resp_connection.hpp"
#include "resp/resp_shared.hpp"
#include "soss/core/common/log.hpp"

namespace soss::net {

Status RespServerOptions::validate() const {
  asio::error_code ec;
  asio::ip::make_address(address, ec);
  if (ec) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("resp address '{}' is not an IP address", address));
  }
  if (limits.max_connections < 1) {
    return Status(StatusCode::kInvalidArgument, "resp max_connections must be at least 1");
  }
  if (io_threads > 64) {
    return Status(StatusCode::kInvalidArgument, "resp io_threads must be at most 64");
  }
  if (max_bulk_bytes < 1024 || max_args < 3 || max_inline_bytes < 1024) {
    return Status(StatusCode::kInvalidArgument,
                  "resp limits: max_bulk_bytes and max_inline_bytes must be at least 1024 and "
                  "max_args at least 3");
  }
  return Status::ok();
}

class RespServer::Impl {
 public:
  Impl(RespServerOptions options, RequestHandler& handler, std::function<StatusFields()> status)
      : options_(std::move(options)),
        shared_(
            handler,
            resp::RespLimits{options_.max_bulk_bytes, options_.max_args, options_.max_inline_bytes},
            std::move(status)),
        pool_(shared_.counters, options_.limits, "redis") {
    if (options_.input_budget == nullptr) {
      own_budget_ = std::make_unique<InputBudget>(std::size_t{256} << 20);
      options_.input_budget = own_budget_.get();
    }
    shared_.budget = options_.input_budget;
  }

  ~Impl() { stop(); }

  Status start() {
    SOSS_RETURN_IF_ERROR(options_.validate());
    shared_.io_threads = detail::DoorPool::threads_for(options_.io_threads);
    pool_.make_contexts(shared_.io_threads);
    detail::DoorPool::Port port{
        "resp_port",
        [this] { return shared_.counters.open.load() >= options_.limits.max_connections; },
        [this](asio::ip::tcp::socket& socket) { refuse(socket); },
        [this](asio::ip::tcp::socket socket, detail::WriteBatch& batch) {
          return std::make_shared<resp::RespConnection>(std::move(socket), shared_, batch);
        }};
    SOSS_RETURN_IF_ERROR(pool_.listen({asio::ip::make_address(options_.address), options_.port},
                                      std::move(port), shared_.port));
    pool_.run();
    return Status::ok();
  }

  void stop() {
    if (stopped_.exchange(true)) {
      return;
    }
    pool_.stop();
  }

  RespServerStats stats() const {
    RespServerStats s;
    s.connections_accepted = shared_.counters.accepted.load();
    s.connections_open = shared_.counters.open.load();
    s.commands = shared_.counters.commands.load();
    s.protocol_errors = shared_.counters.protocol_errors.load();
    s.connections_refused = shared_.counters.refused.load();
    s.connections_timed_out = shared_.counters.timed_out.load();
    return s;
  }

  std::uint16_t port() const { return shared_.port; }

 private:
  // As Redis does at maxclients: one error line, then the connection closes.
  void refuse(asio::ip::tcp::socket& socket) {
    detail::warn_limited(refuse_log_, "refusing a redis connection: {} connections are open",
                         shared_.counters.open.load());
    static constexpr std::string_view kLine = "-ERR max number of clients reached\r\n";
    asio::error_code ignored;
    socket.non_blocking(true, ignored);
    socket.write_some(asio::buffer(kLine.data(), kLine.size()), ignored);
    socket.close(ignored);
  }

  // First: the connections' buffers give their charge back when the io contexts below go.
  std::unique_ptr<InputBudget> own_budget_;
  RespServerOptions options_;
  resp::RespShared shared_;
  detail::DoorPool pool_;
  detail::LogLimiter refuse_log_;
  std::atomic<bool> stopped_{false};
};

RespServer::RespServer(RespServerOptions options, RequestHandler& handler,
                       std::function<StatusFields()> status)
    : impl_(std::make_unique<Impl>(std::move(options), handler, std::move(status))) {}
RespServer::~RespServer() = default;
Status RespServer::start() { return impl_->start(); }
void RespServer::stop() { impl_->stop(); }
std::uint16_t RespServer::port() const { return impl_->port(); }
RespServerStats RespServer::stats() const { return impl_->stats(); }

}  // namespace soss::net
