// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "soss/core/cluster/cluster_host.hpp"
#include "soss/core/common/clock.hpp"
#include "soss/core/common/param_set.hpp"
#include "soss/net/cluster_codec.hpp"
#include "soss/net/discovery.hpp"
#include "soss/net/peer_links.hpp"

namespace soss::net {

struct ClusterDriverOptions {
  core::ClusterHostOptions host;  // host.membership.self is derived from address and int_port
  std::string address = "127.0.0.1";
  std::uint16_t int_port = 722;
  std::uint16_t svr_port = 721;
  std::uint16_t mgt_port = 720;
  bool use_multicast = true;
  std::string mcast_ip = "224.0.0.17";
  std::vector<std::string> host_list;
  StoreParams store_params;  // every store-wide parameter (refuse peers that differ)
  std::string secret;        // the access file's store secret; empty = none (PeerLinksOptions)
  // How long join() waits for discovery to find peers before it founds a store alone.
  std::chrono::milliseconds discovery_wait{1500};
  std::chrono::milliseconds announce_period{1000};
  // Where the last view this host was in is kept (view_file.hpp); "" = nowhere (the host then
  // knows no last view after a restart and may found a store when it hears none).
  std::string view_file;

  // From a host's parameters (net_interface, int_port, svr_port, mgt_port, use_multicast,
  // mcast_ip, host_list, heartbeat_ms, heartbeat_misses, max_replicas, store_weight, and the
  // store options).
  static Result<ClusterDriverOptions> from_params(const core::ParamSet& params,
                                                  std::uint16_t svr_port, std::uint16_t mgt_port);
};

// Every store-wide parameter of `params` as (name, value), in registry order.
StoreParams store_params_of(const core::ParamSet& params);

// A host's id in the store: its IPv4 address and int_port, so it is stable across restarts
// (a restart is told apart by its incarnation) and unique per address:port.
core::HostId host_id_of(const std::string& address, std::uint16_t int_port);

// One member of the view as this host sees it.
struct MemberInfo {
  core::HostId id = 0;
  std::string address;  // "" when discovery has not reported it (yet)
  std::uint16_t svr_port = 0;
  std::uint16_t mgt_port = 0;
  std::uint32_t weight = 0;
  std::uint32_t primaries = 0;
  std::uint32_t replicas = 0;
};

struct ClusterInfo {
  core::HostId self = 0;
  core::HostState state = core::HostState::kInactive;
  std::uint64_t epoch = 0;
  std::vector<MemberInfo> members;
  core::ClusterHealth health;
  std::vector<RefusedHost> refused;
};

// Runs a core::ClusterHost on real time and a real network: PeerLinks on int_port carry its
// messages, Discovery (multicast on mcast_ip:mgt_port, or host_list) finds the peers, and every
// call into the host happens under one mutex (io threads, the links' thread and the ticker).
class ClusterDriver {
 public:
  // `shared_io`: see PeerLinks (null = the links get a thread of their own).
  ClusterDriver(ClusterDriverOptions options, const core::Clock& clock,
                asio::io_context* shared_io = nullptr);
  ~ClusterDriver();
  ClusterDriver(const ClusterDriver&) = delete;
  ClusterDriver& operator=(const ClusterDriver&) = delete;

  Status start();  // links and discovery
  void stop();

  // Runs an object request; returns the response when it is ready at once, else calls `later`.
  std::optional<core::Response> execute(const core::Request& request, core::Completion&& later);
  void tick();  // every few milliseconds
  // Activates the host: after up to discovery_wait (to learn the peers) it looks for their
  // store (core::Membership::seek), or founds one at once when it has no way to find peers (no
  // multicast, no host_list) or `found` is set (the operator's 'soss join --force').
  // Deactivation hands the partitions over (the copies stay until released).
  void join(bool found = false);
  void leave();
  // True while this host is the only member of the view it serves (leaving drops the store).
  bool sole_member() const;

  core::HostState state() const { return state_.load(); }
  ClusterInfo info() const;
  // The answer to kGetRouting (see core::OpCode::kGetRouting); no hosts while this host does
  // not serve, so clients keep sending to it and it forwards.
  core::Response routing() const;
  core::Store& store() { return host_->store(); }
  // The store-wide parameters peers must match from now on (after `soss set` changed them on
  // every host): new hellos and announcements carry them, and peers are checked against them.
  void set_store_params(StoreParams params);
  core::HostId self() const { return options_.host.membership.self; }

 private:
  void on_discovered(const DiscoveredHost& h);
  void after_call();  // under mu_
  void save_view();   // under mu_: the view file follows the committed view

  ClusterDriverOptions options_;
  const core::Clock& clock_;
  mutable std::mutex mu_;
  std::unique_ptr<PeerLinks> links_;
  std::unique_ptr<Discovery> discovery_;
  std::unique_ptr<core::ClusterHost> host_;
  std::map<core::HostId, DiscoveredHost> known_;
  std::optional<core::TimePoint> join_at_;
  bool found_at_join_ = false;
  std::pair<std::uint64_t, std::uint64_t> saved_view_{0, 0};  // (lineage, epoch) in view_file
  bool saved_left_ = false;
  std::atomic<core::HostState> state_{core::HostState::kInactive};
};

}  // namespace soss::net
