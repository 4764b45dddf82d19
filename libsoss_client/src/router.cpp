// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "router.hpp"

#include <fmt/format.h>

#include <utility>

#include "soss/core/store/partitioning.hpp"
#include "soss/net/routing.hpp"

namespace soss::client::detail {
namespace {

constexpr std::uint16_t kNone = net::RoutingTable::kNoPrimary;

ConnectionOptions direct_options(const ConnectionOptions& base, const std::string& address,
                                 std::uint16_t port) {
  ConnectionOptions o = base;
  o.gateways = {Gateway{address, port}};
  o.max_request_retries = 0;  // a refusal or a failed connect goes back to the gateway at once
  return o;
}

bool routable(core::OpCode op) { return core::is_object_op(op) && !core::spans_partitions(op); }

}  // namespace

Router::Router(ConnectionOptions options) : gateway_(std::move(options)) {}

Router::~Router() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  // Direct requests still pending may fall back to the gateway while their channel closes; the
  // gateway (destroyed after) answers them Unavailable.
  direct_.clear();
}

void Router::submit(const core::Request& request, ReplyHandler done) {
  if (!options().route_to_primary || !routable(request.op)) {
    gateway_.submit(request, std::move(done));
    return;
  }
  refresh(false);
  std::string name;
  Channel* direct = direct_for(request, name);
  if (direct == nullptr) {
    gateway_.submit(request, std::move(done));
    return;
  }
  auto copy = std::make_shared<core::Request>(request);
  auto answered = [this, copy, done](core::Response r) mutable {
    if (r.code == StatusCode::kNotReady) {
      refresh(true);
      gateway_.submit(*copy, std::move(done));
      return;
    }
    done(std::move(r));
  };
  auto unsent = [this, copy, done, name](core::Response) mutable {
    {
      std::lock_guard<std::mutex> lock(mu_);
      down_until_[name] = Clock::now() + kHostDownFor;
    }
    refresh(true);
    gateway_.submit(*copy, std::move(done));
  };
  direct->submit(request, std::move(answered), std::move(unsent));
}

Channel* Router::direct_for(const core::Request& request, std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!table_) {
    return nullptr;
  }
  std::uint16_t i = table_->primary[core::partition_of(request.id)];
  if (i == kNone) {
    return nullptr;
  }
  const Target& t = table_->hosts[i];
  if (auto down = down_until_.find(t.name); down != down_until_.end()) {
    if (Clock::now() < down->second) {
      return nullptr;
    }
    down_until_.erase(down);
  }
  name = t.name;
  return t.channel;
}

// Asks the gateway for the map: when `now`, or when the last answer is over a second old.
void Router::refresh(bool now) {
  auto tick = Clock::now().time_since_epoch().count();
  if (!now && tick < next_refresh_ns_.load(std::memory_order_relaxed)) {
    return;
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (refreshing_ || stopping_) {
      return;
    }
    refreshing_ = true;
  }
  core::Request ask;
  ask.op = core::OpCode::kGetRouting;
  gateway_.submit(ask, [this](core::Response answer) { install(answer); });
}

// Reads the kGetRouting answer; a bad or empty one leaves everything on the gateway.
void Router::install(const core::Response& answer) {
  auto table = std::make_shared<Table>();
  std::optional<net::RoutingTable> decoded = net::decode_routing(answer);
  std::vector<std::pair<std::string, std::uint16_t>> addresses;
  if (decoded) {
    addresses = std::move(decoded->hosts);
    table->primary = std::move(decoded->primary);
  }
  const bool usable = decoded.has_value();
  std::lock_guard<std::mutex> lock(mu_);
  refreshing_ = false;
  next_refresh_ns_.store((Clock::now() + kRefreshEvery).time_since_epoch().count(),
                         std::memory_order_relaxed);
  if (stopping_) {
    return;
  }
  if (!usable || addresses.empty()) {
    table_.reset();
    return;
  }
  for (const auto& [address, port] : addresses) {
    std::string name = fmt::format("{}:{}", address, port);
    auto& channel = direct_[name];
    if (!channel) {
      channel = std::make_unique<Channel>(direct_options(gateway_.options(), address, port));
    }
    table->hosts.push_back(Target{channel.get(), name});
  }
  table_ = std::move(table);
}

}  // namespace soss::client::detail
