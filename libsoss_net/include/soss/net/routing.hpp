// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "soss/core/store/request.hpp"

namespace soss::net {

// The answer to kGetRouting, decoded: each member's client address, and per partition the index
// of its primary among them (kNoPrimary: send it to any host).
struct RoutingTable {
  static constexpr std::uint16_t kNoPrimary = 0xFFFF;
  std::vector<std::pair<std::string, std::uint16_t>> hosts;  // address, svr_port
  std::vector<std::uint16_t> primary;                        // kPartitionCount entries
};

// std::nullopt when the answer is not a usable table (an error, a lone store that has none to
// tell, or a malformed one): everything then goes to the host that was asked.
std::optional<RoutingTable> decode_routing(const core::Response& answer);

}  // namespace soss::net
