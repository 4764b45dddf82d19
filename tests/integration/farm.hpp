// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// Farms of real soss_service processes on 127.0.0.1, 127.0.0.2, ... (same port numbers), and a
// writer that remembers every acknowledged write, for the multi-process tests.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "soss/client/cache.hpp"
#include "soss/client/grid_connection.hpp"
#include "support/catch.hpp"
#include "support/process.hpp"

namespace soss::test {

using namespace soss::client;
using namespace std::chrono_literals;

// The first value of "name" in `soss --json` output that is a string or a number, as text
// (numbers are JSON numbers since the typed schema of docs/cli.md; ids are strings).
inline std::string field(const std::string& json, const std::string& name) {
  const std::string tag = "\"" + name + "\": ";
  for (auto pos = json.find(tag); pos != std::string::npos; pos = json.find(tag, pos + 1)) {
    std::size_t at = pos + tag.size();
    if (at < json.size() && json[at] == '"') {
      return json.substr(at + 1, json.find('"', at + 1) - at - 1);
    }
    std::size_t end = json.find_first_not_of("-0123456789", at);
    if (end != at) {
      return json.substr(at, end - at);
    }
  }
  return {};
}

// N hosts on 127.0.0.1..N sharing svr/mgt/int port numbers; fast failure detection
// (heartbeat 100 ms x 10 misses = 1 s).
class Farm {
 public:
  Farm(int n, bool multicast) {
    svr_ = free_port();
    mgt_ = free_port();
    int_ = free_port();
    resp_ = free_port();
    std::mt19937 rng(std::random_device{}());
    std::string group =
        "239.255." + std::to_string(rng() % 250 + 1) + "." + std::to_string(rng() % 250 + 1);
    std::string list;
    for (int i = 1; i <= n; ++i) {
      list += (i > 1 ? "," : "") + address(i);
    }
    for (int i = 1; i <= n; ++i) {
      write_text(params(i), "net_interface " + address(i) + "\nsvr_port " + std::to_string(svr_) +
                                "\nmgt_port " + std::to_string(mgt_) + "\nint_port " +
                                std::to_string(int_) + "\nresp_port " + std::to_string(resp_) +
                                "\nmcast_ip " + group + "\nuse_multicast " +
                                (multicast ? "1" : "0") + "\nhost_list " +
                                (multicast ? std::string() : list) +
                                "\nheartbeat_ms 100\nheartbeat_misses 10\nmax_replicas 1\n"
                                "auto_join 1\n");
    }
    procs_.resize(static_cast<std::size_t>(n + 1));
  }

  static std::string address(int i) { return "127.0.0." + std::to_string(i); }
  std::string params(int i) const { return dir_.file("h" + std::to_string(i) + ".txt"); }
  std::uint16_t svr_port() const { return svr_; }
  std::uint16_t resp_port() const { return resp_; }

  void start(int i) {
    procs_[static_cast<std::size_t>(i)] =
        std::make_unique<Process>(std::vector<std::string>{SOSS_SERVICE_BIN, "--params", params(i)},
                                  dir_.file("h" + std::to_string(i) + ".log"));
  }
  Process& proc(int i) { return *procs_[static_cast<std::size_t>(i)]; }
  std::string log(int i) const { return read_text(dir_.file("h" + std::to_string(i) + ".log")); }

  RunResult cli(int i, const std::vector<std::string>& args) const {
    std::vector<std::string> argv{SOSS_CLI_BIN, "--params",  params(i), "--host",
                                  address(i),   "--timeout", "3"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv, {}, 10s);
  }

  // Every host in `hosts` is active in one view of exactly those hosts, and all its primaries
  // are served and fully replicated.
  bool healthy(const std::vector<int>& hosts) const {
    std::string epoch;
    for (int h : hosts) {
      RunResult r = cli(h, {"--json", "query"});
      std::string e = field(r.out, "epoch");
      if (field(r.out, "state") != "active" ||
          field(r.out, "hosts") != std::to_string(hosts.size()) || (!epoch.empty() && e != epoch) ||
          field(r.out, "primaries") != field(r.out, "replicated")) {
        return false;
      }
      epoch = e;
    }
    return true;
  }

 private:
  TempDir dir_;
  std::uint16_t svr_ = 0;
  std::uint16_t mgt_ = 0;
  std::uint16_t int_ = 0;
  std::uint16_t resp_ = 0;
  std::vector<std::unique_ptr<Process>> procs_;
};

// Writes key-i = value-n in a loop through host 1 and remembers, per key, the last value that
// was acknowledged and every value whose outcome is unknown after it.
class Writer {
 public:
  // unique_keys: every write goes to a new key, so a write lost after it was acknowledged
  // shows as a missing key (with 200 keys rewritten in turn, a later write can hide it).
  explicit Writer(std::uint16_t port, bool unique_keys = false) : unique_(unique_keys) {
    auto c = GridConnection::connect("bootstrapGateways=127.0.0.1:" + std::to_string(port) +
                                     ";maxRequestRetries=20;requestTimeoutMs=3000");
    REQUIRE(c.ok());
    conn_ = c.connection;
    thread_ = std::thread([this] { loop(); });
  }
  ~Writer() { stop(); }
  void stop() {
    running_ = false;
    if (thread_.joinable()) {
      thread_.join();
    }
  }
  std::size_t acknowledged() const { return acked_.load(); }
  std::size_t failed() const { return failed_.load(); }

  // "" when every key reads back its last acknowledged value (or a later unknown one).
  std::string verify(std::uint16_t port) {
    auto c = GridConnection::connect("bootstrapGateways=127.0.0.1:" + std::to_string(port) +
                                     ";maxRequestRetries=20");
    REQUIRE(c.ok());
    Cache cache(c.connection, "farm");
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [key, state] : keys_) {
      auto r = cache.read(key);
      std::string got = r.result == ResultCode::kRetrieved ? r.value : "(missing)";
      bool ok = got == state.acked || (state.acked.empty() && got == "(missing)");
      for (const std::string& v : state.unknown) {
        ok = ok || got == v;
      }
      if (!ok) {
        return key + ": read '" + got + "', last acknowledged '" + state.acked + "'";
      }
    }
    return {};
  }

 private:
  struct KeyState {
    std::string acked;
    std::vector<std::string> unknown;  // written after `acked`, outcome unknown
  };
  void loop() {
    Cache cache(conn_, "farm");
    std::uint64_t n = 0;
    while (running_) {
      std::string key = unique_ ? "unique-" + std::to_string(n) : "key-" + std::to_string(n % 200);
      std::string value = "value-" + std::to_string(n);
      ++n;
      auto r = cache.put(key, value);
      std::lock_guard<std::mutex> lock(mu_);
      KeyState& s = keys_[key];
      if (r.result == ResultCode::kAdded || r.result == ResultCode::kUpdated) {
        s.acked = value;
        s.unknown.clear();
        ++acked_;
      } else {
        s.unknown.push_back(value);  // NotReady after retries, Unavailable, timeouts
        ++failed_;
      }
    }
  }
  bool unique_ = false;
  std::shared_ptr<GridConnection> conn_;
  std::thread thread_;
  std::atomic<bool> running_{true};
  std::atomic<std::size_t> acked_{0};
  std::atomic<std::size_t> failed_{0};
  std::mutex mu_;
  std::map<std::string, KeyState> keys_;
};

}  // namespace soss::test
