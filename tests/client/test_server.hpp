// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <string>
#include <thread>

#include "soss/core/common/clock.hpp"
#include "soss/core/store/store.hpp"
#include "soss/net/dispatcher.hpp"
#include "soss/net/server.hpp"
#include "support/catch.hpp"

namespace soss::client::test {

// An in-process soss host on 127.0.0.1: a real Store behind the real Dispatcher and Server.
// stop() and start() may be repeated; the store (and its objects) survives a restart, which
// keeps the port unless asked otherwise. Not thread-safe; the destructor stops the server.
class TestServer {
 public:
  explicit TestServer(net::RequestHandler* handler = nullptr)
      : handler_(handler != nullptr ? handler : &dispatcher_) {
    start(0);
  }
  ~TestServer() { stop(); }

  // port 0 = a free port the first time, then the same port again.
  void start(std::uint16_t port = 0) {
    net::ServerOptions o;
    o.svr_port = port != 0 ? port : port_;
    o.mgt_port = 0;
    o.io_threads = 2;
    server_ = std::make_unique<net::Server>(o, *handler_, [this] { store_.tick(); });
    Status s = server_->start();
    INFO(s.to_string());
    REQUIRE(s.is_ok());
    port_ = server_->svr_port();
  }

  net::ServerStats stats() const { return server_->stats(); }

  void stop() {
    if (server_) {
      server_->stop();
      server_.reset();
    }
  }

  std::uint16_t port() const { return port_; }
  std::string connection_string(const std::string& extra = {}) const {
    return "bootstrapGateways=127.0.0.1:" + std::to_string(port_) + extra;
  }
  core::Store& store() { return store_; }

 private:
  core::SystemClock clock_;
  core::Store store_{clock_, {}};
  net::Dispatcher dispatcher_{store_, nullptr};
  net::RequestHandler* handler_;
  std::unique_ptr<net::Server> server_;
  std::uint16_t port_ = 0;
};

// Polls `done` every few ms until it is true or `limit` passes; returns its last value.
inline bool eventually(const std::function<bool()>& done,
                       std::chrono::milliseconds limit = std::chrono::seconds(10)) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) {
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

// True when `f` becomes ready within `limit`.
template <typename F>
bool ready_within(F& f, std::chrono::milliseconds limit = std::chrono::seconds(10)) {
  return f.wait_for(limit) == std::future_status::ready;
}

}  // namespace soss::client::test
