// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "soss/core/common/status.hpp"
#include "soss/net/cluster_codec.hpp"

namespace soss::net {

struct DiscoveryOptions {
  core::HostId self = 0;              // never 0
  std::string address = "127.0.0.1";  // net_interface's address: bind, multicast interface
  bool use_multicast = true;          // else announce by unicast to host_list
  std::string mcast_ip = "224.0.0.17";
  std::uint16_t mgt_port = 720;            // UDP port of the announcements (never 0)
  std::vector<std::string> host_list;      // parse_host_list() of the parameter
  std::uint16_t int_port = 722;            // announced
  std::uint16_t svr_port = 721;            // announced
  StoreParams params;                      // every store-wide parameter: (name, value)
  std::chrono::milliseconds period{1000};  // between announcements

  Status validate() const;
};

// A host whose announcement was accepted.
struct DiscoveredHost {
  core::HostId id = 0;
  std::string address;
  std::uint16_t int_port = 0;
  std::uint16_t svr_port = 0;
  std::uint16_t mgt_port = 0;

  bool operator==(const DiscoveredHost&) const = default;
};

// A host refused because its store-wide parameters differ from ours.
struct RefusedHost {
  core::HostId id = 0;
  std::string address;
  std::vector<std::string> parameters;  // the names whose values differ (or exist on one side)
  std::string message;                  // "store-wide parameter max_replicas differs (...)"
};

// Called on the discovery io thread when a host is first accepted or its addresses change.
using DiscoveryCallback = std::function<void(const DiscoveredHost&)>;

// Finds the other hosts of the store. With use_multicast, it announces this host every period
// on mcast_ip:mgt_port (TTL 1, sent and joined on the interface of `address`, loopback on, so
// hosts sharing a machine as 127.0.0.K hear each other) and listens on the group; otherwise it
// announces by unicast to every address of host_list on mgt_port and listens on
// address:mgt_port. An announcement whose store-wide parameters differ from ours is refused:
// logged once (naming the parameters) and listed by refused().
// Thread-safety: start()/stop() from one controlling thread; hosts() and refused() from any.
class Discovery {
 public:
  Discovery(DiscoveryOptions options, DiscoveryCallback on_host);
  ~Discovery();
  Discovery(const Discovery&) = delete;
  Discovery& operator=(const Discovery&) = delete;

  // Binds the sockets, joins the group and starts announcing. Errors name address and port.
  Status start();
  void stop();  // idempotent

  // Replaces the store-wide parameters announced and required of peers (after a run-time
  // change made on every host). Hosts refused for the old values are reconsidered.
  void set_params(StoreParams params);

  std::vector<DiscoveredHost> hosts() const;  // accepted, sorted by id
  std::vector<RefusedHost> refused() const;   // currently refused, sorted by id

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Parses the host_list parameter: IPv4 addresses separated by commas, spaces allowed around
// them, duplicates removed. Errors (kConfigError) name the bad entry.
Result<std::vector<std::string>> parse_host_list(std::string_view text);

// Names of the parameters whose values differ between `ours` and `theirs`, sorted.
std::vector<std::string> differing_params(const StoreParams& ours, const StoreParams& theirs);

}  // namespace soss::net
