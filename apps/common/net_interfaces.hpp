// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "soss/core/common/status.hpp"

namespace soss::apps {

// One IPv4 address of a network interface of this machine.
struct NetInterface {
  std::string name;     // "eth0"
  std::string address;  // "10.0.0.11"
  std::string netmask;  // "255.255.255.0"
  bool loopback = false;
};

// The IPv4 addresses of this machine's interfaces that are up (getifaddrs). On Windows this is
// not implemented yet: kUnavailable.
Result<std::vector<NetInterface>> list_net_interfaces();

// The interface soss_service picks when net_interface is empty: the only non-loopback one;
// nullopt when there is none or more than one (then the operator must choose).
std::optional<NetInterface> sole_non_loopback(const std::vector<NetInterface>& interfaces);

// "eth0 10.0.0.11/255.255.255.0" for logs and the console.
std::string describe(const NetInterface& interface);

}  // namespace soss::apps
