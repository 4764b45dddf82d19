// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "management.hpp"
#include "soss/client/admin.hpp"
#include "soss/client/cache.hpp"
#include "soss/client/grid_connection.hpp"
#include "soss/core/common/param_set.hpp"
#include "soss/core/store/request.hpp"

namespace soss::apps {

// What every soss subcommand shares: the global options, the local host's parameters (for its
// ports), the way to reach the service, and how results become output and exit codes.
// Single-threaded; one per process.
struct CliContext {
  std::string params_arg;  // --params
  std::string host;        // --host; empty = net_interface from the params file, else 127.0.0.1
  bool json = false;
  bool remote = false;  // --remote: the store of soss_client_params.txt's rem_gw lines
  double timeout_s = 10;
  std::function<int()> run;  // set by the chosen subcommand

  // Loads the params file (for mgt_port/svr_port) and the credentials. Returns an exit code
  // (0 = ok) and prints why.
  int load_params();
  std::uint16_t mgt_port() const;
  std::uint16_t svr_port() const;
  // The management side (libsoss_client's Admin): the service at `host`:mgt_port with the
  // --timeout and the credentials.
  client::Admin admin() const;
  // host_list when multicast is off (the hosts `all` names besides the view), else empty.
  std::vector<std::string> configured_hosts() const;

  // Connects the client library to the local service's svr_port (no retries: fail fast).
  client::ConnectResult connect() const;

  // Prints `status` as "soss: <code>: <message>" on stderr and returns its exit code.
  int fail(const Status& status) const;
  int fail(client::ResultCode code, const std::string& message) const;
  void print_json(const nlohmann::json& j) const;

  core::ParamSet params;
  std::string params_path;
  std::optional<RemoteStore> remote_store;  // set by load_params with --remote
  // What the CLI presents to a store with an access file (docs/security.md); set by
  // load_params: SOSS_USER/SOSS_PASSWORD, else the first admin of a readable auth_file.
  core::Credentials credentials;

 private:
  int load_params_file();  // load_params without the credentials
};

int exit_code_for(StatusCode code);
int exit_code_for(client::ResultCode code);

}  // namespace soss::apps
