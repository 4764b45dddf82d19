// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "soss/net/server.hpp"

#include <mutex>

#include <asio.hpp>
#include <fmt/format.h>

#include "io/io_limits.hpp"
#include "io/listen.hpp"
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
      : options_(std::move(options)), handler_(handler), on_tick_(std::move(on_tick)) {
    if (options_.input_budget == nullptr) {
      own_budget_ = std::make_unique<InputBudget>(std::size_t{256} << 20);
      options_.input_budget = own_budget_.get();
    }
  }

  ~Impl() { stop(); }

  Status start() {
    SOSS_RETURN_IF_ERROR(options_.validate());
    std::size_t n = options_.io_threads;
    if (n == 0) {
      // Half the cores: requests are handled on the thread that read them and the store is one
      // mutex, so more io threads mostly add contention; the rest is left to the kernel's
      // network stack and to co-located clients (bench/README.md has the measurements).
      n = std::max<std::size_t>(1, std::thread::hardware_concurrency() / 2);
    }
    for (std::size_t i = 0; i < n; ++i) {
      contexts_.push_back(std::make_unique<asio::io_context>(1));
      guards_.emplace_back(asio::make_work_guard(*contexts_.back()));
      batches_.push_back(std::make_unique<detail::WriteBatch>(*contexts_.back()));
    }
    auto address = asio::ip::make_address(options_.address);
    SOSS_RETURN_IF_ERROR(
        open_listener(*contexts_[0], {address, options_.svr_port}, "svr_port", svr_acceptor_));
    SOSS_RETURN_IF_ERROR(
        open_listener(*contexts_[0], {address, options_.mgt_port}, "mgt_port", mgt_acceptor_));
    svr_port_ = svr_acceptor_->local_endpoint().port();
    mgt_port_ = mgt_acceptor_->local_endpoint().port();
    svr_backoff_ = std::make_unique<detail::AcceptBackoff>(*contexts_[0]);
    mgt_backoff_ = std::make_unique<detail::AcceptBackoff>(*contexts_[0]);
    do_accept(*svr_acceptor_, Listener::kObjects);
    do_accept(*mgt_acceptor_, Listener::kManagement);
    sweep_timer_ = std::make_unique<asio::steady_timer>(*contexts_[0]);
    do_sweep();
    if (on_tick_) {
      timer_ = std::make_unique<asio::steady_timer>(*contexts_[0]);
      do_tick();
    }
    for (auto& ctx : contexts_) {
      threads_.emplace_back([c = ctx.get()] { c->run(); });
    }
    return Status::ok();
  }

  void stop() {
    if (stopped_.exchange(true)) {
      return;
    }
    // From here on no answer that arrives late (a lock wait served by ~Store or a tick) is
    // posted to the io contexts; the threads stop, and then one thread closes everything.
    life_->end();
    guards_.clear();
    for (auto& ctx : contexts_) {
      ctx->stop();
    }
    for (auto& t : threads_) {
      if (t.joinable()) {
        t.join();
      }
    }
    threads_.clear();
    asio::error_code ec;
    if (svr_acceptor_) {
      svr_acceptor_->close(ec);
    }
    if (mgt_acceptor_) {
      mgt_acceptor_->close(ec);
    }
    close_all();
  }

  asio::io_context& main_context() { return *contexts_.at(0); }

  std::uint16_t svr_port_ = 0;
  std::uint16_t mgt_port_ = 0;
  detail::SharedCounters counters_;
  const InputBudget& budget() const { return *options_.input_budget; }

 private:
  void do_accept(asio::ip::tcp::acceptor& acc, Listener listener) {
    const std::size_t i = next_++ % contexts_.size();
    auto& ctx = *contexts_[i];
    auto& batch = *batches_[i];
    acc.async_accept(ctx, [this, &acc, &ctx, &batch, listener](const asio::error_code& ec,
                                                               asio::ip::tcp::socket socket) {
      auto& backoff = listener == Listener::kObjects ? *svr_backoff_ : *mgt_backoff_;
      if (ec) {
        if (ec != asio::error::operation_aborted) {
          backoff.failed(ec, listener == Listener::kObjects ? "svr_port" : "mgt_port",
                         [this, &acc, listener] { do_accept(acc, listener); });
        }
        return;
      }
      backoff.succeeded();
      if (at_capacity(listener)) {
        counters_.refused++;
        detail::warn_limited(refuse_log_, "refusing a connection on {}: {} connections are open",
                             listener == Listener::kObjects ? "svr_port" : "mgt_port",
                             counters_.open.load());
        asio::error_code ignored;
        socket.close(ignored);
        do_accept(acc, listener);
        return;
      }
      auto conn = std::make_shared<detail::Connection>(std::move(socket), handler_, listener,
                                                       options_.max_frame_bytes, counters_, life_,
                                                       batch, options_.input_budget);
      {
        std::lock_guard<std::mutex> lock(mu_);
        live_.push_back(conn);
        if (live_.size() > 64) {
          prune();
        }
      }
      asio::post(ctx, [conn] { conn->start(); });
      do_accept(acc, listener);
    });
  }

  bool at_capacity(Listener listener) const {
    const std::uint64_t mgt = counters_.open_mgt.load();
    if (listener == Listener::kManagement) {
      return mgt >= kManagementConnections;
    }
    return counters_.open.load() - mgt >= options_.limits.max_connections;
  }

  // Once a second: close the connections past read_timeout or idle_timeout.
  void do_sweep() {
    sweep_timer_->expires_after(std::chrono::seconds(1));
    sweep_timer_->async_wait([this](const asio::error_code& ec) {
      if (ec) {
        return;
      }
      std::lock_guard<std::mutex> lock(mu_);
      detail::shed_expired(live_, options_.limits, counters_.timed_out, timeout_log_, "native");
      do_sweep();
    });
  }

  void prune() {
    std::vector<std::weak_ptr<detail::Connection>> keep;
    for (auto& w : live_) {
      if (!w.expired()) {
        keep.push_back(w);
      }
    }
    live_.swap(keep);
  }

  void close_all() {
    std::vector<std::shared_ptr<detail::Connection>> conns;
    {
      std::lock_guard<std::mutex> lock(mu_);
      for (auto& w : live_) {
        if (auto c = w.lock()) {
          conns.push_back(c);
        }
      }
    }
    for (auto& c : conns) {
      c->close();
    }
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
  std::vector<std::unique_ptr<asio::io_context>> contexts_;
  std::vector<std::unique_ptr<detail::WriteBatch>> batches_;  // one per context
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards_;
  std::vector<std::thread> threads_;
  std::unique_ptr<asio::ip::tcp::acceptor> svr_acceptor_;
  std::unique_ptr<asio::ip::tcp::acceptor> mgt_acceptor_;
  std::unique_ptr<asio::steady_timer> timer_;
  std::unique_ptr<asio::steady_timer> sweep_timer_;
  std::unique_ptr<detail::AcceptBackoff> svr_backoff_;
  std::unique_ptr<detail::AcceptBackoff> mgt_backoff_;
  detail::LogLimiter refuse_log_;
  detail::LogLimiter timeout_log_;
  std::size_t next_ = 0;
  std::mutex mu_;
  std::vector<std::weak_ptr<detail::Connection>> live_;
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
