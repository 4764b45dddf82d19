// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// The io threads and listening ports of one door's server (native: svr_port and mgt_port;
// Redis: resp_port), shared by both servers.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include <asio.hpp>

#include "io/connection_base.hpp"
#include "io/io_limits.hpp"
#include "io/write_batch.hpp"
#include "soss/core/common/status.hpp"
#include "soss/net/server.hpp"

namespace soss::net::detail {

// One io_context per io thread, each with its WriteBatch; the accept loops of the ports, which
// hand each new connection to the next thread in turn (or refuse it at the port's limit); the
// list of the open connections; and the sweep that closes those past read_timeout or
// idle_timeout once a second. Set up (make_contexts, listen) and started (run) on one thread;
// then the accept loops and the sweep run on the first io thread.
class DoorPool {
 public:
  // What one listening port does with the connections it accepts.
  struct Port {
    const char* name;            // in its log lines and its listen error: "svr_port"
    std::function<bool()> full;  // at its connection limit: the next one is refused
    // Logs and closes a refused connection (the pool has counted it in `refused`).
    std::function<void(asio::ip::tcp::socket&)> refuse;
    // Makes the connection of `socket`, to run on the io thread of `batch`.
    std::function<std::shared_ptr<ConnectionBase>(asio::ip::tcp::socket socket, WriteBatch& batch)>
        open;
  };

  // `counters` count the refused and timed-out connections; `limits` are the timeouts the
  // sweep applies; `door` names the door in its log lines ("native", "redis").
  DoorPool(DoorCounters& counters, const ConnectionLimits& limits, const char* door);
  ~DoorPool();
  DoorPool(const DoorPool&) = delete;
  DoorPool& operator=(const DoorPool&) = delete;

  // The io threads for `configured` (0 = half the cores, at least one).
  static std::size_t threads_for(std::size_t configured);

  // First: makes `n` io contexts (threads start with run()).
  void make_contexts(std::size_t n);
  asio::io_context& main_context() { return *contexts_.at(0); }
  // Opens a port on `ep` (its accept loop starts with run()); `bound` gets its port number.
  Status listen(const asio::ip::tcp::endpoint& ep, Port port, std::uint16_t& bound);
  // Starts the ports' accept loops, the sweep and the io threads.
  void run();
  // Stops the io threads, then closes the ports and every connection.
  void stop();

 private:
  struct Listening {
    Port port;
    std::unique_ptr<asio::ip::tcp::acceptor> acceptor;
    std::unique_ptr<AcceptBackoff> backoff;
  };

  void do_accept(Listening& l);
  void do_sweep();
  void close_all();

  DoorCounters& counters_;
  const ConnectionLimits limits_;
  const char* door_;
  std::vector<std::unique_ptr<asio::io_context>> contexts_;
  std::vector<std::unique_ptr<WriteBatch>> batches_;  // one per context
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards_;
  std::vector<std::thread> threads_;
  std::vector<std::unique_ptr<Listening>> ports_;
  std::unique_ptr<asio::steady_timer> sweep_timer_;
  LogLimiter timeout_log_;
  std::size_t next_ = 0;
  std::mutex mu_;
  std::vector<std::weak_ptr<ConnectionBase>> live_;
  std::size_t prune_at_ = 64;  // live_'s length at which its closed entries are dropped
};

}  // namespace soss::net::detail
