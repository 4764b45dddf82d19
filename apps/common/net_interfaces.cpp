// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "net_interfaces.hpp"

#ifndef _WIN32
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#endif

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace soss::apps {

#ifndef _WIN32
namespace {

std::string ipv4_text(const sockaddr* sa) {
  char buf[INET_ADDRSTRLEN] = {};
  const auto* in = reinterpret_cast<const sockaddr_in*>(sa);
  if (::inet_ntop(AF_INET, &in->sin_addr, buf, sizeof buf) == nullptr) {
    return {};
  }
  return buf;
}

}  // namespace

Result<std::vector<NetInterface>> list_net_interfaces() {
  ifaddrs* list = nullptr;
  if (::getifaddrs(&list) != 0) {
    return Status(StatusCode::kUnavailable,
                  fmt::format("cannot list the network interfaces: {}", std::strerror(errno)));
  }
  std::vector<NetInterface> out;
  for (const ifaddrs* i = list; i != nullptr; i = i->ifa_next) {
    if (i->ifa_addr == nullptr || i->ifa_addr->sa_family != AF_INET ||
        (i->ifa_flags & IFF_UP) == 0) {
      continue;
    }
    NetInterface n;
    n.name = i->ifa_name != nullptr ? i->ifa_name : "";
    n.address = ipv4_text(i->ifa_addr);
    n.netmask = i->ifa_netmask != nullptr ? ipv4_text(i->ifa_netmask) : "";
    n.loopback = (i->ifa_flags & IFF_LOOPBACK) != 0;
    if (!n.address.empty()) {
      out.push_back(std::move(n));
    }
  }
  ::freeifaddrs(list);
  return out;
}
#else
Result<std::vector<NetInterface>> list_net_interfaces() {
  // TODO(#4): GetAdaptersAddresses for the Windows build.
  return Status(StatusCode::kUnavailable,
                "listing network interfaces is not implemented on Windows yet");
}
#endif

std::optional<NetInterface> sole_non_loopback(const std::vector<NetInterface>& interfaces) {
  std::optional<NetInterface> found;
  for (const NetInterface& n : interfaces) {
    if (n.loopback) {
      continue;
    }
    if (found) {
      return std::nullopt;  // more than one: the operator chooses
    }
    found = n;
  }
  return found;
}

std::string describe(const NetInterface& interface) {
  return interface.netmask.empty()
             ? fmt::format("{} {}", interface.name, interface.address)
             : fmt::format("{} {}/{}", interface.name, interface.address, interface.netmask);
}

}  // namespace soss::apps
