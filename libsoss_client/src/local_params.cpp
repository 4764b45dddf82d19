// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// The client's own configuration files. STYLE §4 says libraries never open files; the client
// library is the documented exception: GridConnection::connect_default must find the local
// service the way the original client does, from soss_client_params.txt and soss_params.txt,
// without making every application read them itself.
#include "local_params.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <system_error>

#include "soss/core/common/access.hpp"
#include "soss/core/common/client_params.hpp"
#include "soss/core/common/param_set.hpp"

namespace soss::client::detail {
namespace {

constexpr const char* kClientFile = "soss_client_params.txt";
constexpr const char* kServerFile = "soss_params.txt";
constexpr const char* kLocalHost = "127.0.0.1";

ConnectionOptionsResult config_error(std::string message) {
  ConnectionOptionsResult out;
  out.result = ResultCode::kConfigError;
  out.message = std::move(message);
  return out;
}

// The file's text; nullopt when it does not exist; `error` set when it exists but can't be read.
std::optional<std::string> read_text(const std::filesystem::path& path, std::string& error) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = fmt::format("{}: cannot be read", path.string());
    return std::nullopt;
  }
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

ConnectionOptionsResult options_from_params(const std::optional<std::string>& client_text,
                                            const std::optional<std::string>& server_text,
                                            const std::string& client_file,
                                            const std::string& server_file,
                                            std::string* auth_file) {
  core::ClientParams client;  // the defaults when the file is absent
  if (client_text) {
    auto parsed = core::parse_client_params(*client_text, client_file);
    if (!parsed) {
      return config_error(parsed.error().to_string());
    }
    client = std::move(*parsed);
  }
  ConnectionOptionsResult out;
  out.options.request_timeout = std::chrono::seconds(client.max_access_time);
  for (const core::RemoteGateway& gw : client.gateways) {
    if (gw.store == core::kRemoteClientStore) {
      out.options.gateways.push_back(Gateway{gw.address, gw.svr_port});
    }
  }
  if (!out.options.gateways.empty()) {
    out.options.max_request_retries = client.max_rem_retries;
    return out;
  }
  auto params = core::ParamSet::defaults();
  if (server_text) {
    Status s = params.parse_file_text(*server_text, server_file);
    if (!s.is_ok()) {
      return config_error(s.to_string());
    }
  }
  std::int64_t port = params.get_int("svr_port");
  if (port <= 0 || port > 65535) {
    return config_error(
        fmt::format("{}: svr_port {} names no fixed port to connect to", server_file, port));
  }
  // A service whose net_interface is set (by hand, or written back when it picked the machine's
  // only interface) listens on that address only; empty or 0.0.0.0 = every address.
  const std::string& iface = params.get("net_interface");
  std::string host = iface.empty() || iface == "0.0.0.0" ? std::string(kLocalHost) : iface;
  if (auth_file != nullptr) {
    *auth_file = params.get("auth_file");
  }
  out.options.gateways.push_back(Gateway{host, static_cast<std::uint16_t>(port)});
  out.options.max_request_retries = client.max_lcl_retries;
  return out;
}

ConnectionOptionsResult options_from_params_dir(const std::string& dir) {
  std::filesystem::path client_path = std::filesystem::path(dir) / kClientFile;
  std::filesystem::path server_path = std::filesystem::path(dir) / kServerFile;
  std::string error;
  auto client_text = read_text(client_path, error);
  auto server_text = error.empty() ? read_text(server_path, error) : std::nullopt;
  if (!error.empty()) {
    return config_error(std::move(error));
  }
  std::string auth_file;
  ConnectionOptionsResult out = options_from_params(client_text, server_text, client_path.string(),
                                                    server_path.string(), &auth_file);
  if (out.ok()) {
    credentials_for(out.options, dir, auth_file);
  }
  return out;
}

void credentials_for(ConnectionOptions& options, const std::string& dir,
                     const std::string& auth_file) {
  if (const char* user = std::getenv("SOSS_USER"); user != nullptr && *user != '\0') {
    const char* password = std::getenv("SOSS_PASSWORD");
    options.user = user;
    options.password = password != nullptr ? password : "";
    return;
  }
  if (auth_file.empty()) {
    return;
  }
  std::filesystem::path path(auth_file);
  if (path.is_relative()) {
    path = std::filesystem::path(dir) / path;
  }
  std::string error;
  auto text = read_text(path, error);
  if (!text) {
    return;  // not readable by this user: the store will say that it wants credentials
  }
  auto access = core::AccessList::parse(*text, path.string());
  if (!access) {
    return;
  }
  if (const core::AccessUser* admin = access->first_admin();
      admin != nullptr && admin->password.rfind("sha256:", 0) != 0) {
    options.user = admin->name;
    options.password = admin->password;
  }
}

}  // namespace soss::client::detail
