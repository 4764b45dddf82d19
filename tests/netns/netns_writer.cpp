// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// Writer for tests/netns/cluster_netns_test.sh: runs inside one host namespace, talks to the store
// through the client library, and checks that every acknowledged write reads back.
//
//   netns_writer GATEWAYS TAG FIXED MAX_SECONDS
//
// 1. puts fixed-0..FIXED-1 (namespace "fixed-TAG") once and prints "READY acked=N";
// 2. puts key-(n % 200) = TAG-value-n (namespace "churn-TAG") in a loop, remembering per key the
//    last acknowledged value and every later value whose outcome is unknown (the same bookkeeping
//    as tests/integration/cluster_process_test.cpp), until SIGUSR1 or MAX_SECONDS;
// 3. reads every fixed and churned key back and prints "VERIFY ok" or the mismatches.
// Exit 0 when nothing acknowledged was lost, 1 when something was, 2 on a usage/connect error.
// Progress lines go to stdout, flushed, so the driver can follow them in a log file.
#include <signal.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "soss/client/cache.hpp"
#include "soss/client/grid_connection.hpp"

using namespace soss::client;
using Clock = std::chrono::steady_clock;

namespace {

volatile std::sig_atomic_t g_stop = 0;

extern "C" void on_stop(int /*sig*/) { g_stop = 1; }

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

bool acknowledged(ResultCode rc) { return rc == ResultCode::kAdded || rc == ResultCode::kUpdated; }

struct KeyState {
  std::string acked;                 // last acknowledged value ("" = none yet)
  std::vector<std::string> unknown;  // written after `acked`, outcome unknown
};

// Reads `key`, retrying answers that are neither the value nor NotFound (the store may still be
// settling) a bounded number of times. Returns the value or "(missing)" / "(error Code)".
std::string read_back(const Cache& cache, const std::string& key) {
  CacheResponse r;
  for (int attempt = 0; attempt < 20; ++attempt) {
    r = cache.read(key);
    if (r.result == ResultCode::kRetrieved) {
      return r.value;
    }
    if (r.result == ResultCode::kNotFound) {
      return "(missing)";
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  return std::string("(error ") + result_code_name(r.result) + ")";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: netns_writer GATEWAYS TAG FIXED MAX_SECONDS\n");
    return 2;
  }
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  const std::string gateways = argv[1];
  const std::string tag = argv[2];
  const int fixed_count = std::atoi(argv[3]);
  const int max_seconds = std::atoi(argv[4]);
  if (fixed_count < 0 || max_seconds <= 0) {
    std::fprintf(stderr, "netns_writer: FIXED must be >= 0 and MAX_SECONDS > 0\n");
    return 2;
  }
  struct sigaction sa {};
  sa.sa_handler = on_stop;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGUSR1, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);

  auto c = GridConnection::connect("bootstrapGateways=" + gateways +
                                   ";maxRequestRetries=20;requestTimeoutMs=3000");
  if (!c.ok()) {
    std::fprintf(stderr, "netns_writer: connect failed: %s\n", c.message.c_str());
    return 2;
  }
  Cache fixed(c.connection, "fixed-" + tag);
  Cache churn(c.connection, "churn-" + tag);

  // 1. objects written once and never again
  std::vector<bool> fixed_acked(static_cast<std::size_t>(fixed_count), false);
  int fixed_ok = 0;
  for (int i = 0; i < fixed_count; ++i) {
    auto r = fixed.put("fixed-" + std::to_string(i), "v" + std::to_string(i));
    if (acknowledged(r.result)) {
      fixed_acked[static_cast<std::size_t>(i)] = true;
      ++fixed_ok;
    } else {
      std::printf("fixed write failed fixed-%d: %s %s\n", i, result_code_name(r.result),
                  r.message.c_str());
    }
  }
  std::printf("READY fixed acked=%d of %d\n", fixed_ok, fixed_count);

  // 2. churn until told to stop
  std::map<std::string, KeyState> keys;
  std::map<std::string, std::size_t> failures;  // result code name -> count
  std::size_t acked = 0;
  std::size_t failed = 0;
  double longest_gap = 0;  // longest time without an acknowledged write
  const auto start = Clock::now();
  auto last_ack = start;
  auto last_report = start;
  std::uint64_t n = 0;
  while (g_stop == 0 && seconds_since(start) < max_seconds) {
    std::string key = "key-" + std::to_string(n % 200);
    std::string value = tag + "-value-" + std::to_string(n);
    ++n;
    auto r = churn.put(key, value);
    KeyState& s = keys[key];
    if (acknowledged(r.result)) {
      s.acked = value;
      s.unknown.clear();
      ++acked;
      auto now = Clock::now();
      double gap = std::chrono::duration<double>(now - last_ack).count();
      if (gap > longest_gap) {
        longest_gap = gap;
      }
      last_ack = now;
    } else {
      s.unknown.push_back(value);  // NotReady after retries, Unavailable, timeouts
      ++failed;
      ++failures[result_code_name(r.result)];
      if (failed <= 5) {
        std::printf("write failed t=%.2fs %s: %s %s\n", seconds_since(start), key.c_str(),
                    result_code_name(r.result), r.message.c_str());
      }
    }
    if (seconds_since(last_report) >= 5) {
      std::printf("progress t=%.1fs acked=%zu failed=%zu\n", seconds_since(start), acked, failed);
      last_report = Clock::now();
    }
  }
  std::string why;
  for (const auto& [code, count] : failures) {
    why += " " + code + "=" + std::to_string(count);
  }
  std::printf("STOPPED after %.1fs: acked=%zu failed=%zu%s longest_gap_without_ack=%.2fs%s\n",
              seconds_since(start), acked, failed, why.c_str(), longest_gap,
              g_stop == 0 ? " (MAX_SECONDS reached)" : "");

  // 3. every acknowledged write must read back
  int bad = 0;
  auto report = [&bad](const std::string& what) {
    if (++bad <= 20) {
      std::printf("LOST %s\n", what.c_str());
    }
  };
  for (int i = 0; i < fixed_count; ++i) {
    if (!fixed_acked[static_cast<std::size_t>(i)]) {
      continue;
    }
    std::string key = "fixed-" + std::to_string(i);
    std::string want = "v" + std::to_string(i);
    std::string got = read_back(fixed, key);
    if (got != want) {
      report(key + ": read '" + got + "', acknowledged '" + want + "'");
    }
  }
  for (const auto& [key, state] : keys) {
    if (state.acked.empty() && state.unknown.empty()) {
      continue;
    }
    std::string got = read_back(churn, key);
    bool ok = got == state.acked || (state.acked.empty() && got == "(missing)");
    for (const std::string& v : state.unknown) {
      ok = ok || got == v;
    }
    if (!ok) {
      report(key + ": read '" + got + "', last acknowledged '" + state.acked + "' (" +
             std::to_string(state.unknown.size()) + " later unknown)");
    }
  }
  if (bad == 0) {
    std::printf("VERIFY ok: %d fixed and %zu churned keys read back their acknowledged values\n",
                fixed_ok, keys.size());
  } else {
    std::printf("VERIFY FAILED: %d keys lost an acknowledged write\n", bad);
  }
  if (acked == 0) {
    std::printf("VERIFY FAILED: no churn write was acknowledged\n");
    return 1;
  }
  return bad == 0 ? 0 : 1;
}
