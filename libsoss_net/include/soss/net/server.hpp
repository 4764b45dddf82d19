// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "soss/core/common/access.hpp"
#include "soss/core/common/status.hpp"
#include "soss/core/store/request.hpp"
#include "soss/core/store/store.hpp"
#include "soss/net/frame.hpp"
#include "soss/net/input_budget.hpp"
#include "soss/net/request_handler.hpp"

namespace asio {
class io_context;
}  // namespace asio

namespace soss::net {

// What one door lets its clients hold (docs/parameters.md: max_connections, read_timeout,
// idle_timeout).
struct ConnectionLimits {
  std::size_t max_connections = 10000;  // open at once; more are closed as they are accepted
  std::uint32_t read_timeout_s = 60;    // a partly received request must complete in; 0 = never
  std::uint32_t idle_timeout_s = 0;  // a connection receiving nothing this long closes; 0 = never
};

// mgt_port accepts this many connections whatever max_connections is: an operator can still
// reach a host whose client ports are full.
inline constexpr std::size_t kManagementConnections = 64;

struct ServerOptions {
  std::string address = "127.0.0.1";
  std::uint16_t svr_port = 721;  // 0 = pick a free port (tests)
  std::uint16_t mgt_port = 720;  // 0 = pick a free port (tests)
  std::size_t io_threads = 0;    // 0 = half the cores, at least 1
  std::uint32_t max_frame_bytes = kDefaultMaxFrameBytes;
  std::uint32_t tick_ms = 10;  // period of the tick callback
  ConnectionLimits limits;     // svr_port's; mgt_port has kManagementConnections
  // Shared with the other doors of the process; null = the server makes its own of 256 MiB.
  InputBudget* input_budget = nullptr;

  Status validate() const;
};

struct ServerStats {
  std::uint64_t connections_accepted = 0;
  std::uint64_t connections_open = 0;
  std::uint64_t requests = 0;  // on svr_port (mgt_port's are not counted)
  std::uint64_t protocol_errors = 0;
  std::uint64_t connections_refused = 0;    // closed at accept: max_connections reached
  std::uint64_t connections_timed_out = 0;  // closed by read_timeout or idle_timeout
  std::uint64_t buffered_bytes = 0;         // the input budget's use (all doors sharing it)
  std::uint64_t shed = 0;                   // connections the input budget closed or refused
};

// The TCP front door of a host: accepts connections on svr_port and mgt_port, reads frames,
// hands each request to the RequestHandler on the io thread that read it, and writes replies
// batched per read. A malformed or oversized frame closes only its connection. Each io thread
// runs its own io_context; a connection lives on one thread for its whole life.
// Thread-safety: start/stop from one controlling thread; stats() from any thread.
class Server {
 public:
  Server(ServerOptions options, RequestHandler& handler, std::function<void()> on_tick = {});
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds both listeners and starts the io threads. Errors name the address and port.
  Status start();
  // Closes listeners and connections and joins the io threads. Idempotent.
  void stop();

  std::uint16_t svr_port() const;  // the bound port (after start)
  std::uint16_t mgt_port() const;
  ServerStats stats() const;
  // The first io thread's context (after start): the ticker runs there, and a service runs its
  // host-to-host links there too (see PeerLinks).
  asio::io_context& main_context();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace soss::net
