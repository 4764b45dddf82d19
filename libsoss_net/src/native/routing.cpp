// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "soss/net/routing.hpp"

#include <sstream>

#include "soss/core/store/partitioning.hpp"

namespace soss::net {

std::optional<RoutingTable> decode_routing(const core::Response& answer) {
  if (answer.code != StatusCode::kOk || answer.value.size() != 2 * core::kPartitionCount) {
    return std::nullopt;
  }
  RoutingTable table;
  for (const auto& [name, value] : answer.fields) {
    if (name != "host") {
      continue;
    }
    std::istringstream in(value);
    std::size_t index = 0;
    std::string address;
    unsigned port = 0;
    if (!(in >> index >> address >> port) || index != table.hosts.size() || port == 0 ||
        port > 0xFFFF) {
      return std::nullopt;
    }
    table.hosts.emplace_back(address, static_cast<std::uint16_t>(port));
  }
  if (table.hosts.empty()) {
    return std::nullopt;
  }
  table.primary.resize(core::kPartitionCount);
  for (std::size_t p = 0; p < core::kPartitionCount; ++p) {
    auto lo = static_cast<unsigned char>(answer.value[2 * p]);
    auto hi = static_cast<unsigned char>(answer.value[2 * p + 1]);
    auto i = static_cast<std::uint16_t>(lo | (hi << 8));
    table.primary[p] = i < table.hosts.size() ? i : RoutingTable::kNoPrimary;
  }
  return table;
}

}  // namespace soss::net
