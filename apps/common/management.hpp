// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "soss/core/common/access.hpp"
#include "soss/core/common/param_set.hpp"
#include "soss/core/common/status.hpp"
#include "soss/core/store/request.hpp"

namespace soss::apps {

// A field of a management response by name ("" when absent), and every value of a repeated one.
std::string field(const core::Response& r, const std::string& name);
std::vector<std::string> fields(const core::Response& r, const std::string& name);

// A host of the store as the management tools address it.
struct HostRef {
  std::string id;  // host id; empty when not known (an address that is not in the view)
  std::string address;
  std::uint16_t mgt_port = 0;
  std::uint16_t svr_port = 0;
  std::string primaries;  // from the view ("" when not a member)
  std::string replicas;
};

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
bool is_target_syntax(const std::string& target);

// Talks to the services' management ports (mgt_port) for the soss CLI and soss_console: one
// host given by address and port (the local one), and the other members of its store.
// Stateless apart from its settings; every call opens its own connection, so it is safe to use
// from several threads.
class Management {
 public:
  // `credentials` are presented on every connection (a store with an access file).
  Management(std::string host, std::uint16_t mgt_port, std::chrono::milliseconds timeout,
             core::Credentials credentials = {});

  const std::string& host() const { return host_; }
  std::uint16_t mgt_port() const { return mgt_port_; }
  std::chrono::milliseconds timeout() const { return timeout_; }
  const core::Credentials& credentials() const { return credentials_; }

  // One request to the local host; a reply that is not a success comes back as an error.
  Result<core::Response> call(const core::Request& request) const;
  Result<core::Response> call_at(const std::string& address, std::uint16_t port,
                                 const core::Request& request) const;
  Result<core::Response> call_at(const HostRef& host, const core::Request& request) const;
  Result<core::Response> status() const;

  // The local host's status (`local`), then every other member of its view asked at once, each
  // for at most 2 s; the local host comes first. A host outside any view is listed alone.
  std::vector<HostStatus> gather(const core::Response& local) const;

  // The hosts a target names: "" = the local host, "all" = every member of the local host's
  // view plus the local host and `extra` addresses (host_list), an IPv4 address (its mgt_port
  // from the view, else the local one), or a host id of the view. Errors: kInvalidArgument for
  // bad syntax, kNotFound for an unknown host id, the local host's error when it is needed and
  // cannot be reached.
  Result<std::vector<HostRef>> resolve(const std::string& target,
                                       const std::vector<std::string>& extra = {}) const;

 private:
  std::string host_;
  std::uint16_t mgt_port_;
  std::chrono::milliseconds timeout_;
  core::Credentials credentials_;
};

}  // namespace soss::apps
