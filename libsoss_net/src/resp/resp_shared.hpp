// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <utility>

#include "io/door_counters.hpp"
#include "resp/resp_parser.hpp"
#include "soss/net/resp_server.hpp"
#include "soss/net/server.hpp"

namespace soss::net::resp {

// Counters of the RESP endpoint, for INFO and RespServer::stats(). Thread-safe (atomics).
// accepted, open, protocol_errors, refused and timed_out are the door's (DoorCounters).
struct RespCounters : detail::DoorCounters {
  std::atomic<std::uint64_t> commands{0};
  std::atomic<std::uint64_t> hits{0};    // GET family found the key
  std::atomic<std::uint64_t> misses{0};  // ... or did not
  std::atomic<std::uint64_t> bytes_in{0};
  std::atomic<std::uint64_t> bytes_out{0};
  std::atomic<std::uint64_t> next_client_id{1};
};

// What every connection of one RespServer shares: the request entry point, the limits, the
// host's status for INFO, and the counters. Owned by the server; outlives its connections'
// io (connections are closed before it goes). Thread-safe: read-only apart from the counters.
struct RespShared {
  RespShared(RequestHandler& h, RespLimits l, std::function<StatusFields()> s)
      : handler(h), limits(l), status(std::move(s)) {}

  RequestHandler& handler;
  RespLimits limits;
  std::function<StatusFields()> status;
  std::uint16_t port = 0;
  std::size_t io_threads = 1;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  RespCounters counters;
  InputBudget* budget = nullptr;  // the process's (or the server's own)
};

}  // namespace soss::net::resp
