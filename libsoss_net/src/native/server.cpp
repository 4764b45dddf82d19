// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "soss/net/server.hpp"

#include <mutex>

#include <asio.hpp>
#include <fmt/format.h>

#include "io/door_pool.hpp"
#include "native/connection.hpp"
#include "soss/core/common/log.hpp"

namespace soss::net {

Status ServerOptions::validate() const {
  asio::error_code ec;
  asio::ip::make_address(address, ec);
  if (ec) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("address '{}' is not an IP address", address));
  }
  if (svr_port != 0 && svr_port == mgt_port) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("svr_port and mgt_port are both {}", svr_port));
  }
  if (io_threads > 256) {
    return Status(StatusCode::kInvalidArgument, "io_threads must be at most 256");
  }
  if (limits.max_connections < 1) {
    return Status(StatusCode::kInvalidArgument, "max_connections must be at least 1");
  }
  if (max_frame_bytes < 1024) {
    return Status(StatusCode::kInvalidArgument, "max_frame_bytes must be at least 1024");
  }
  return Status::ok();
}

class Server::Impl {
 public:
  Impl(ServerOptions options, RequestHandler& handler, std::function<void()> on_tick)
      : options_(std::move(options)),
        handler_(handler),
        on_tick_(std::move(on_tick)),
        pool_(counters_, options_.limits, "native") {
    if (options_.input_budget == nullptr) {
      own_budget_ = std::make_unique<InputBudget>(std::size_t{256} << 20);
      options_.input_budget = own_budget_.get();
    }
  }

  ~Impl() { stop(); }

  Status start() {
    SOSS_RETURN_IF_ERROR(options_.validate());
    pool_.make_contexts(detail::DoorPool::threads_for(options_.io_threads));
    auto address = asio::ip::make_address(options_.address);
    SOSS_RETURN_IF_ERROR(
        pool_.listen({address, options_.svr_port}, port(Listener::kObjects), svr_port_));
    SOSS_RETURN_IF_ERROR(
        pool_.listen({address, options_.mgt_port}, port(Listener::kManagement), mgt_port_));
    if (on_tick_) {
      timer_ = std::make_unique<asio::steady_timer>(pool_.main_context());
      do_tick();
    }
    pool_.run();
    return Status::ok();
  }

  void stop() {
    if (stopped_.exchange(true)) {
      return;
    }
    // From here on no answer that arrives late (a lock wait served by ~Store or a tick) is
    // posted to the io contexts; the threads stop, and then one thread closes everything.
    life_->end();
    pool_.stop();
  }

  asio::io_context& main_context() { return pool_.main_context(); }

  std::uint16_t svr_port_ = 0;
  std::uint16_t mgt_port_ = 0;
  detail::SharedCounters counters_;
  const InputBudget& budget() const { return *options_.input_budget; }

 private:
  detail::DoorPool::Port port(Listener listener) {
    const char* name = listener == Listener::kObjects ? "svr_port" : "mgt_port";
    return {name, [this, listener] { return at_capacity(listener); },
            [this, name](asio::ip::tcp::socket& socket) {
              detail::warn_limited(refuse_log_,
                                   "refusing a connection on {}: {} connections are open", name,
                                   counters_.open.load());
              asio::error_code ignored;
              socket.close(ignored);
            },
            [this, listener](asio::ip::tcp::socket socket, detail::WriteBatch& batch) {
              return std::make_shared<detail::Connection>(std::move(socket), handler_, listener,
                                                          options_.max_frame_bytes, counters_,
                                                          life_, batch, options_.input_budget);
            }};
  }

  bool at_capacity(Listener listener) const {
    const std::uint64_t mgt = counters_.open_mgt.load();
    if (listener == Listener::kManagement) {
      return mgt >= kManagementConnections;
    }
    return counters_.open.load() - mgt >= options_.limits.max_connections;
  }

  void do_tick() {
    timer_->expires_after(std::chrono::milliseconds(options_.tick_ms));
    timer_->async_wait([this](const asio::error_code& ec) {
      if (ec) {
        return;
      }
      on_tick_();
      do_tick();
    });
  }

  // First: the connections' buffers give their charge back when the io contexts below go.
  std::unique_ptr<InputBudget> own_budget_;
  ServerOptions options_;
  RequestHandler& handler_;
  std::function<void()> on_tick_;
  detail::DoorPool pool_;
  std::unique_ptr<asio::steady_timer> timer_;  // on the pool's first context: goes before it
  detail::LogLimiter refuse_log_;
  std::atomic<bool> stopped_{false};
  std::shared_ptr<detail::ServerLife> life_ = std::make_shared<detail::ServerLife>();
};

Server::Server(ServerOptions options, RequestHandler& handler, std::function<void()> on_tick)
    : impl_(std::make_unique<Impl>(std::move(options), handler, std::move(on_tick))) {}
Server::~Server() = default;
Status Server::start() { return impl_->start(); }
void Server::stop() { impl_->stop(); }
std::uint16_t Server::svr_port() const { return impl_->svr_port_; }
std::uint16_t Server::mgt_port() const { return impl_->mgt_port_; }
asio::io_context& Server::main_context() { return impl_->main_context(); }
ServerStats Server::stats() const {
  ServerStats s;
  s.connections_accepted = impl_->counters_.accepted.load();
  s.connections_open = impl_->counters_.open.load();
  s.requests = impl_->counters_.requests.load();
  s.protocol_errors = impl_->counters_.protocol_errors.load();
  s.connections_refused = impl_->counters_.refused.load();
  s.connections_timed_out = impl_->counters_.timed_out.load();
  s.buffered_bytes = impl_->budget().used();
  s.shed = impl_->budget().shed_count();
  return s;
}

}  // namespace soss::net
