// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "soss/core/common/status.hpp"
#include "soss/net/server.hpp"

namespace soss::net {

struct RespServerOptions {
  std::string address = "127.0.0.1";
  std::uint16_t port = 6379;                 // 0 = pick a free port (tests)
  std::size_t io_threads = 1;                // 0 = half the cores, at least 1
  std::size_t max_bulk_bytes = 32u << 20;    // one argument; the service uses max_object_size
  std::size_t max_args = 65536;              // arguments of one command
  std::size_t max_inline_bytes = 64u << 10;  // an inline command line
  ConnectionLimits limits;
  // Shared with the other doors of the process; null = the server makes its own of 256 MiB.
  InputBudget* input_budget = nullptr;

  Status validate() const;
};

struct RespServerStats {
  std::uint64_t connections_accepted = 0;
  std::uint64_t connections_open = 0;
  std::uint64_t commands = 0;
  std::uint64_t protocol_errors = 0;
  std::uint64_t connections_refused = 0;    // closed at accept: max_connections reached
  std::uint64_t connections_timed_out = 0;  // closed by read_timeout or idle_timeout
};

// Figures of the host for INFO (name/value pairs as the management status answers them:
// uptime_s, objects, bytes, max_memory_mb, evictions, expirations, requests...).
using StatusFields = std::vector<std::pair<std::string, std::string>>;

// The Redis-protocol (RESP2) endpoint of a host (docs/redis.md): accepts connections on
// resp_port, parses pipelined and inline commands, turns each into store requests submitted to
// the same RequestHandler as native clients (Listener::kObjects), and writes the replies of one
// read as one send. A protocol error or a limit violation closes only its connection.
// Thread-safety: start/stop from one controlling thread; stats() from any thread.
class RespServer {
 public:
  RespServer(RespServerOptions options, RequestHandler& handler,
             std::function<StatusFields()> status = {});
  ~RespServer();
  RespServer(const RespServer&) = delete;
  RespServer& operator=(const RespServer&) = delete;

  // Binds the port and starts the io threads; the error names the address and port.
  Status start();
  // Closes the listener and every connection and joins the io threads. Idempotent.
  void stop();

  std::uint16_t port() const;  // the bound port (after start)
  RespServerStats stats() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace soss::net
