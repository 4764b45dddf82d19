// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <atomic>
#include <cstdint>

namespace soss::net::detail {

// The counters every door keeps for its stats. Thread-safe (atomics).
struct DoorCounters {
  std::atomic<std::uint64_t> accepted{0};
  std::atomic<std::uint64_t> open{0};
  std::atomic<std::uint64_t> protocol_errors{0};
  std::atomic<std::uint64_t> refused{0};    // closed at accept: a connection limit was reached
  std::atomic<std::uint64_t> timed_out{0};  // closed by read_timeout or idle_timeout
};

}  // namespace soss::net::detail
