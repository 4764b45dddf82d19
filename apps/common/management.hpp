// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "soss/client/admin.hpp"
#include "soss/core/common/access.hpp"
#include "soss/core/common/param_set.hpp"
#include "soss/core/common/status.hpp"

namespace soss::apps {

// A host of the store as the management tools address it (the client's type).
using HostRef = client::AdminHost;

// One host's answer to a status request (the client's type); `status` empty when it could not
// be reached.
using HostStatus = client::AdminHostReport;

// The addresses of host_list when use_multicast is 0 (hosts that may be outside the view),
// else none.
std::vector<std::string> configured_hosts(const core::ParamSet& params);

// The remote store a machine without the service reaches: the gateways of the
// `rem_gw __SOSS_remote_client_access, ...` lines of soss_client_params.txt (`soss populate`
// writes them). `chosen` is the first gateway whose service answers a status request within
// `timeout` (the first one when none answers; calls then report why); `all` every gateway.
// kConfigError when the file cannot be read or names no such gateway.
struct RemoteStore {
  HostRef chosen;
  std::vector<HostRef> all;
};
Result<RemoteStore> find_remote_store(const std::string& client_params_file,
                                      std::chrono::milliseconds timeout);

// True for "all", an IPv4 address or a decimal host id; "" is the local host.
using client::is_target_syntax;

// The answer as a Result: the answer on success, else its code and message as a Status.
Result<client::AdminReply> result_of(client::AdminReply reply);
// A failed answer's code and message as a Status (Ok for a success).
Status status_of(const client::AdminReply& reply);

}  // namespace soss::apps
