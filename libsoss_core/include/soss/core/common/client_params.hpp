// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "soss/core/common/status.hpp"

namespace soss::core {

// The store name of rem_gw entries that list the gateways of the Remote Client option.
inline constexpr std::string_view kRemoteClientStore = "__SOSS_remote_client_access";

// One `rem_gw <store>, <mgt_port>, <address>, <svr_port>` line.
struct RemoteGateway {
  std::string store;
  std::uint16_t mgt_port = 0;
  std::string address;  // IPv4
  std::uint16_t svr_port = 0;

  friend bool operator==(const RemoteGateway&, const RemoteGateway&) = default;
};

// The contents of soss_client_params.txt, read by clients and the management tools.
struct ClientParams {
  int max_lcl_retries = 30;  // retries of a client on a store host, 0..100
  int max_rem_retries = 2;   // retries of a remote client, 0..100
  int max_access_time = 0;   // seconds per request, 0..255; 0 = no limit
  int max_svr_conn = 4;      // connections per server, 1..256
  std::vector<RemoteGateway> gateways;

  friend bool operator==(const ClientParams&, const ClientParams&) = default;
};

// Parses soss_client_params.txt (same line format as soss_params.txt; rem_gw may repeat). The
// original's other names (update_time, runas_remcli, br_timeout, stats_interval, access_mode,
// auto_start, conn_timeout) are accepted and ignored. Errors: kConfigError "FILE:LINE: reason".
Result<ClientParams> parse_client_params(std::string_view text, std::string_view file_name);

// A complete file for `params`, with a comment on every entry.
std::string render_client_params(const ClientParams& params);

// Sets values in the text of a soss_client_params.txt, keeping every other line byte for byte;
// absent names are appended. Scalar names (max_lcl_retries, max_rem_retries, max_access_time,
// max_svr_conn, update_time, runas_remcli, br_timeout, stats_interval) are rewritten in place.
// `rem_gw` changes are grouped by store: the gateways named for a store replace all of that
// store's rem_gw lines (at the place of the first one), and a value naming only a store
// ("soss2") removes that store's gateways. access_mode, auto_start and conn_timeout cannot be
// changed. A bad change returns kConfigError and nothing is changed.
Result<std::string> update_client_params_text(
    std::string_view old_text, const std::vector<std::pair<std::string, std::string>>& changes);

}  // namespace soss::core
