// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "soss/net/resp_server.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

#include <asio.hpp>
#include <fmt/format.h>

#include "io/io_limits.hpp"
#include "io/listen.hpp"
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
            std::move(status)) {
    if (options_.input_budget == nullptr) {
      own_budget_ = std::make_unique<InputBudget>(std::size_t{256} << 20);
      options_.input_budget = own_budget_.get();
    }
    shared_.budget = options_.input_budget;
  }

  ~Impl() { stop(); }

  Status start() {
    SOSS_RETURN_IF_ERROR(options_.validate());
    std::size_t n = options_.io_threads;
    if (n == 0) {
      n = std::max<std::size_t>(1, std::thread::hardware_concurrency() / 2);
    }
    shared_.io_threads = n;
    for (std::size_t i = 0; i < n; ++i) {
      contexts_.push_back(std::make_unique<asio::io_context>(1));
      guards_.emplace_back(asio::make_work_guard(*contexts_.back()));
      batches_.push_back(std::make_unique<detail::WriteBatch>(*contexts_.back()));
    }
    SOSS_RETURN_IF_ERROR(open_listener(*contexts_[0],
                                       {asio::ip::make_address(options_.address), options_.port},
                                       "resp_port", acceptor_));
    shared_.port = acceptor_->local_endpoint().port();
    backoff_ = std::make_unique<detail::AcceptBackoff>(*contexts_[0]);
    sweep_timer_ = std::make_unique<asio::steady_timer>(*contexts_[0]);
    do_accept();
    do_sweep();
    for (auto& ctx : contexts_) {
      threads_.emplace_back([c = ctx.get()] { c->run(); });
    }
    return Status::ok();
  }

  void stop() {
    if (stopped_.exchange(true)) {
      return;
    }
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
    if (acceptor_) {
      acceptor_->close(ec);
    }
    // Commands waiting for an answer from another host are dropped with their connections;
    // an answer arriving after this finds its connection gone (the completion holds a weak_ptr).
    close_all();
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
  void do_accept() {
    const std::size_t i = next_++ % contexts_.size();
    auto& ctx = *contexts_[i];
    auto& batch = *batches_[i];
    acceptor_->async_accept(
        ctx, [this, &ctx, &batch](const asio::error_code& ec, asio::ip::tcp::socket socket) {
          if (ec) {
            if (ec != asio::error::operation_aborted) {
              backoff_->failed(ec, "resp_port", [this] { do_accept(); });
            }
            return;
          }
          backoff_->succeeded();
          if (shared_.counters.open.load() >= options_.limits.max_connections) {
            refuse(socket);
            do_accept();
            return;
          }
          auto conn = std::make_shared<resp::RespConnection>(std::move(socket), shared_, batch);
          {
            std::lock_guard<std::mutex> lock(mu_);
            live_.push_back(conn);
            if (live_.size() > 64) {
              std::erase_if(live_, [](const auto& w) { return w.expired(); });
            }
          }
          asio::post(ctx, [conn] { conn->start(); });
          do_accept();
        });
  }

  // As Redis does at maxclients: one error line, then the connection closes.
  void refuse(asio::ip::tcp::socket& socket) {
    shared_.counters.refused++;
    detail::warn_limited(refuse_log_, "refusing a redis connection: {} connections are open",
                         shared_.counters.open.load());
    static constexpr std::string_view kLine = "-ERR max number of clients reached\r\n";
    asio::error_code ignored;
    socket.non_blocking(true, ignored);
    socket.write_some(asio::buffer(kLine.data(), kLine.size()), ignored);
    socket.close(ignored);
  }

  // Once a second: close the connections past read_timeout or idle_timeout.
  void do_sweep() {
    sweep_timer_->expires_after(std::chrono::seconds(1));
    sweep_timer_->async_wait([this](const asio::error_code& ec) {
      if (ec) {
        return;
      }
      std::lock_guard<std::mutex> lock(mu_);
      detail::shed_expired(live_, options_.limits, shared_.counters.timed_out, timeout_log_,
                           "redis");
      do_sweep();
    });
  }

  void close_all() {
    std::vector<std::shared_ptr<resp::RespConnection>> conns;
    {
      std::lock_guard<std::mutex> lock(mu_);
      for (auto& w : live_) {
        if (auto c = w.lock()) {
          conns.push_back(c);
        }
      }
      live_.clear();
    }
    for (auto& c : conns) {
      c->close();
    }
  }

  // First: the connections' buffers give their charge back when the io contexts below go.
  std::unique_ptr<InputBudget> own_budget_;
  RespServerOptions options_;
  resp::RespShared shared_;
  std::vector<std::unique_ptr<asio::io_context>> contexts_;
  std::vector<std::unique_ptr<detail::WriteBatch>> batches_;  // one per context
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards_;
  std::vector<std::thread> threads_;
  std::unique_ptr<asio::ip::tcp::acceptor> acceptor_;
  std::unique_ptr<asio::steady_timer> sweep_timer_;
  std::unique_ptr<detail::AcceptBackoff> backoff_;
  detail::LogLimiter refuse_log_;
  detail::LogLimiter timeout_log_;
  std::size_t next_ = 0;
  std::mutex mu_;
  std::vector<std::weak_ptr<resp::RespConnection>> live_;
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
