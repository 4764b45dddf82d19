// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "soss/core/common/access.hpp"
#include "soss/core/common/status.hpp"

namespace soss::apps {

struct BenchOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 721;
  int connections = 50;
  int pipeline = 1;
  std::size_t value_size = 100;
  std::uint32_t keys = 100000;
  double read_fraction = 0.0;  // 0 = all puts, 1 = all reads
  double duration_s = 5.0;
  std::uint64_t max_requests = 0;  // 0 = bounded by duration only
  bool prefill = false;            // put every key once before timing
  // Send each request to its partition's primary, as the client library does (the routing
  // table comes from the host); off = everything through the host, which forwards.
  bool route = true;
  std::string ns = "bench";
  std::uint64_t seed = 1;
  core::Credentials credentials;  // sent first on every connection when the user is set
};

struct BenchResult {
  std::uint64_t requests = 0;
  std::uint64_t errors = 0;  // replies whose code is not a success (NotFound counts as a miss)
  std::uint64_t misses = 0;
  double seconds = 0;
  double ops_per_s = 0;
  double p50_ms = 0, p99_ms = 0, p999_ms = 0, max_ms = 0, avg_ms = 0;
  std::string first_error;
};

// Drives the native protocol from one thread: each connection sends a batch of `pipeline`
// requests, waits for all replies, then sends the next (the model of redis-benchmark and
// kvload, so the figures compare). Latency of a request = its reply's arrival - its batch's send.
Result<BenchResult> run_bench(const BenchOptions& options);

std::string format_result_text(const BenchOptions& o, const BenchResult& r);
std::string format_result_json(const BenchOptions& o, const BenchResult& r);

}  // namespace soss::apps
