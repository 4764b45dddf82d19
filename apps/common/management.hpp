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
#include "soss/core/store/request.hpp"

namespace soss::apps {

// A field of a management response by name ("" when absent), and every value of a repeated one.
std::string field(const core::Response& r, const std::string& name);
std::vector<std::string> fields(const core::Response& r, const std::string& name);

// A host of the store as the management tools address it (the client's type).
using HostRef = client::AdminHost;

// The members of the view in a status response ("member" = "id address svr mgt prim repl").
std::vector<HostRef> members_of(const core::Response& status);

// One host's answer to a status request; `status` empty when it could not be reached.
struct HostStatus {
  HostRef host;
  std::string state;  // the host's state, or "unreachable"
  std::optional<core::Response> status;
  std::string error;  // why it could not be reached
};

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

// A client management answer as the app-side response the output code reads (json_output,
// the console model): its code, message and fields.
core::Response response_of(const client::AdminReply& reply);
// The answer as a Result: the response on success, else its code and message as a Status.
Result<core::Response> result_of(const client::AdminReply& reply);
// A failed answer's code and message as a Status (Ok for a success).
Status status_of(const client::AdminReply& reply);

// gather()'s report of one host in the apps' types (the console model reads it).
HostStatus host_status_of(client::AdminHostReport report);

}  // namespace soss::apps
