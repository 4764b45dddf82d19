// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "cli_context.hpp"

#include <cstdio>
#include <iostream>

#include <fmt/format.h>

#include "app_files.hpp"
#include "exit_codes.hpp"

namespace soss::apps {

int CliContext::load_params() {
  params_path = apps::params_path(params_arg);
  const int loaded = load_params_file();
  if (loaded == kExitOk) {
    client::ConnectionOptions o;
    client::GridConnection::add_operator_credentials(o, dir_of(params_path),
                                                     remote ? "" : params.get("auth_file"));
    credentials = core::Credentials{o.user, o.password};
  }
  return loaded;
}

int CliContext::load_params_file() {
  if (remote) {
    // A remote client: soss_params.txt is optional, the gateways come from the client file.
    params = core::ParamSet::defaults();
    auto store =
        find_remote_store(client_params_path(params_path),
                          std::chrono::milliseconds(static_cast<std::int64_t>(timeout_s * 1000)));
    if (!store) {
      std::fprintf(stderr, "soss: %s\n", std::string(store.error().message()).c_str());
      return kExitConfig;
    }
    remote_store = std::move(*store);
    if (host.empty()) {
      host = remote_store->chosen.address;
    }
    return kExitOk;
  }
  auto text = read_file(params_path);
  if (!text) {
    std::fprintf(stderr, "soss: %s (use --params PATH or set SOSS_PARAMS)\n",
                 std::string(text.error().message()).c_str());
    return kExitConfig;
  }
  Status s = params.parse_file_text(*text, params_path);
  if (!s.is_ok()) {
    std::fprintf(stderr, "soss: %s\n", std::string(s.message()).c_str());
    return kExitConfig;
  }
  if (host.empty()) {
    // A service whose net_interface is set listens on that address only.
    const std::string& iface = params.get("net_interface");
    host = iface.empty() || iface == "0.0.0.0" ? "127.0.0.1" : iface;
  }
  return kExitOk;
}

client::Admin CliContext::admin() const {
  client::AdminOptions o;
  o.host = host;
  o.mgt_port = mgt_port();
  o.timeout = std::chrono::milliseconds(static_cast<std::int64_t>(timeout_s * 1000));
  o.user = credentials.user;
  o.password = credentials.password;
  return client::Admin(o);
}

std::vector<std::string> CliContext::configured_hosts() const {
  if (remote_store) {
    std::vector<std::string> out;
    for (const HostRef& h : remote_store->all) {
      out.push_back(h.address);
    }
    return out;
  }
  return apps::configured_hosts(params);
}

std::uint16_t CliContext::mgt_port() const {
  if (remote_store) {
    return remote_store->chosen.mgt_port;
  }
  return static_cast<std::uint16_t>(params.get_int("mgt_port"));
}
std::uint16_t CliContext::svr_port() const {
  if (remote_store) {
    return remote_store->chosen.svr_port;
  }
  return static_cast<std::uint16_t>(params.get_int("svr_port"));
}

client::ConnectResult CliContext::connect() const {
  client::ConnectionOptions o;
  o.gateways.push_back({host, svr_port()});
  o.max_request_retries = 0;
  o.connect_timeout = std::chrono::milliseconds(static_cast<std::int64_t>(timeout_s * 1000));
  o.request_timeout = o.connect_timeout;
  o.user = credentials.user;
  o.password = credentials.password;
  return client::GridConnection::connect(o);
}

int CliContext::fail(const Status& status) const {
  std::fprintf(stderr, "soss: %s\n", status.to_string().c_str());
  return exit_code_for(status.code());
}

int CliContext::fail(client::ResultCode code, const std::string& message) const {
  std::fprintf(stderr, "soss: %s%s%s\n", client::result_code_name(code),
               message.empty() ? "" : ": ", message.c_str());
  return exit_code_for(code);
}

void CliContext::print_json(const nlohmann::json& j) const {
  std::cout << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

int exit_code_for(StatusCode code) {
  switch (code) {
    case StatusCode::kNotFound:
      return kExitNotFound;
    case StatusCode::kAlreadyExists:
    case StatusCode::kVersionMismatch:
    case StatusCode::kObjectLocked:
    case StatusCode::kAlreadyLocked:
    case StatusCode::kLockLost:
    case StatusCode::kNamespaceConflict:
      return kExitRefused;
    case StatusCode::kInvalidArgument:
    case StatusCode::kObjectTooLarge:
      return kExitDataError;
    case StatusCode::kNotReady:
    case StatusCode::kUnavailable:
      return kExitUnavailable;
    case StatusCode::kTimeout:
    case StatusCode::kLowMemory:
      return kExitTempFail;
    case StatusCode::kConfigError:
      return kExitConfig;
    case StatusCode::kUnauthorized:
      return kExitNoPerm;
    default:
      return is_success(code) ? kExitOk : kExitInternal;
  }
}

int exit_code_for(client::ResultCode code) { return exit_code_for(static_cast<StatusCode>(code)); }

}  // namespace soss::apps
