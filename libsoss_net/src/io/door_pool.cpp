// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "io/door_pool.hpp"

#include <algorithm>
#include <utility>

#include "io/listen.hpp"

namespace soss::net::detail {

DoorPool::DoorPool(DoorCounters& counters, const ConnectionLimits& limits, const char* door)
    : counters_(counters), limits_(limits), door_(door) {}

DoorPool::~DoorPool() = default;

std::size_t DoorPool::threads_for(std::size_t configured) {
  if (configured != 0) {
    return configured;
  }
  // Half the cores: requests are handled on the thread that read them and the store is one
  // mutex, so more io threads mostly add contention; the rest is left to the kernel's network
  // stack and to co-located clients (bench/README.md has the measurements).
  return std::max<std::size_t>(1, std::thread::hardware_concurrency() / 2);
}

void DoorPool::make_contexts(std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    contexts_.push_back(std::make_unique<asio::io_context>(1));
    guards_.emplace_back(asio::make_work_guard(*contexts_.back()));
    batches_.push_back(std::make_unique<WriteBatch>(*contexts_.back()));
  }
}

Status DoorPool::listen(const asio::ip::tcp::endpoint& ep, Port port, std::uint16_t& bound) {
  auto l = std::make_unique<Listening>();
  SOSS_RETURN_IF_ERROR(open_listener(main_context(), ep, port.name, l->acceptor));
  bound = l->acceptor->local_endpoint().port();
  l->port = std::move(port);
  l->backoff = std::make_unique<AcceptBackoff>(main_context());
  ports_.push_back(std::move(l));
  return Status::ok();
}

void DoorPool::run() {
  for (auto& l : ports_) {
    do_accept(*l);
  }
  sweep_timer_ = std::make_unique<asio::steady_timer>(main_context());
  do_sweep();
  for (auto& ctx : contexts_) {
    threads_.emplace_back([c = ctx.get()] { c->run(); });
  }
}

void DoorPool::stop() {
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
  for (auto& l : ports_) {
    l->acceptor->close(ec);
  }
  // Commands waiting for an answer are dropped with their connections; an answer arriving
  // after this finds its connection gone (the completion holds a weak_ptr).
  close_all();
}

void DoorPool::do_accept(Listening& l) {
  const std::size_t i = next_++ % contexts_.size();
  auto& ctx = *contexts_[i];
  auto& batch = *batches_[i];
  l.acceptor->async_accept(
      ctx, [this, &l, &ctx, &batch](const asio::error_code& ec, asio::ip::tcp::socket socket) {
        if (ec) {
          if (ec != asio::error::operation_aborted) {
            l.backoff->failed(ec, l.port.name, [this, &l] { do_accept(l); });
          }
          return;
        }
        l.backoff->succeeded();
        if (l.port.full()) {
          counters_.refused++;
          l.port.refuse(socket);
          do_accept(l);
          return;
        }
        auto conn = l.port.open(std::move(socket), batch);
        {
          std::lock_guard<std::mutex> lock(mu_);
          live_.push_back(conn);
          // The closed ones are dropped when the list has doubled since the last pass, so
          // that with thousands open an accept does not scan them all.
          if (live_.size() >= prune_at_) {
            std::erase_if(live_, [](const auto& w) { return w.expired(); });
            prune_at_ = std::max<std::size_t>(64, 2 * live_.size());
          }
        }
        asio::post(ctx, [conn] { conn->start(); });
        do_accept(l);
      });
}

// Once a second: close the connections past read_timeout or idle_timeout.
void DoorPool::do_sweep() {
  sweep_timer_->expires_after(std::chrono::seconds(1));
  sweep_timer_->async_wait([this](const asio::error_code& ec) {
    if (ec) {
      return;
    }
    std::lock_guard<std::mutex> lock(mu_);
    shed_expired(live_, limits_, counters_.timed_out, timeout_log_, door_);
    do_sweep();
  });
}

void DoorPool::close_all() {
  std::vector<std::shared_ptr<ConnectionBase>> conns;
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

}  // namespace soss::net::detail
