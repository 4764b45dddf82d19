// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "channel.hpp"

namespace soss::client::detail {

// Sends each request of one key straight to its partition's primary; everything else, and
// every request while the partition map is unknown, goes through the gateway channel (any
// host serves any request by forwarding it).
//
// The map comes from kGetRouting on the gateway, at the first request and then at most once a
// second while requests flow, and at once when a direct request meets a store in change:
// - NotReady from a primary (the map moved on): the request is sent again through the
//   gateway, which retries NotReady itself;
// - a primary that cannot be reached before the request was written (so it had no effect):
//   the host is skipped for kHostDownFor and the request goes through the gateway;
// - a direct connection lost after the request was written answers Unavailable, like the
//   gateway would: the outcome is unknown and only the caller may retry.
// Each host gets one Channel (its own connection and io thread), made when a map names it.
// Thread-safe like Channel.
class Router {
 public:
  explicit Router(ConnectionOptions options);
  ~Router();
  Router(const Router&) = delete;
  Router& operator=(const Router&) = delete;

  void submit(const core::Request& request, ReplyHandler done);

  bool is_connected() const { return gateway_.is_connected(); }
  const ConnectionOptions& options() const { return gateway_.options(); }

 private:
  using Clock = std::chrono::steady_clock;
  static constexpr std::chrono::milliseconds kRefreshEvery{1000};
  static constexpr std::chrono::milliseconds kHostDownFor{5000};

  struct Target {
    Channel* channel = nullptr;  // nullptr: through the gateway
    std::string name;            // "address:port"
  };
  struct Table {
    std::vector<Target> hosts;
    std::vector<std::uint16_t> primary;  // per partition: index into hosts, or kNone
  };

  Channel* direct_for(const core::Request& request, std::string& name);
  void refresh(bool now);
  void install(const core::Response& answer);

  Channel gateway_;
  mutable std::mutex mu_;
  std::shared_ptr<const Table> table_;
  bool refreshing_ = false;
  bool stopping_ = false;
  std::atomic<std::int64_t> next_refresh_ns_{0};
  std::map<std::string, Clock::time_point> down_until_;
  std::map<std::string, std::unique_ptr<Channel>> direct_;  // last: destroyed first
};

}  // namespace soss::client::detail
