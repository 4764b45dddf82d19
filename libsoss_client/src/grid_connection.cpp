// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "soss/client/grid_connection.hpp"

#include <exception>
#include <filesystem>
#include <utility>

#ifdef _WIN32
#include <windows.h>
#endif

#include "local_params.hpp"
#include "router.hpp"
#include "send.hpp"

namespace soss::client {

ConnectResult GridConnection::connect(std::string_view connection_string) {
  ConnectionOptionsResult parsed = parse_connection_string(connection_string);
  if (!parsed.ok()) {
    return ConnectResult{parsed.result, nullptr, std::move(parsed.message)};
  }
  return connect(parsed.options);
}

ConnectResult GridConnection::connect(const ConnectionOptions& options) {
  if (options.gateways.empty()) {
    return ConnectResult{ResultCode::kInvalidArgument, nullptr, "no gateway given"};
  }
  if (options.max_request_retries < 0 || options.connect_timeout.count() <= 0 ||
      options.request_timeout.count() < 0) {
    return ConnectResult{ResultCode::kInvalidArgument, nullptr,
                         "max_request_retries, connect_timeout and request_timeout must not be "
                         "negative, and connect_timeout must be positive"};
  }
  try {
    std::shared_ptr<GridConnection> connection(new GridConnection(options));
    // The first request makes the first connection, with the same retries as any request.
    core::Request ping;
    ping.op = core::OpCode::kPing;
    CacheResponse answer =
        detail::send_request<CacheResponse>(connection->channel(), ping, &detail::to_cache_response)
            .get();
    if (!answer.ok()) {
      return ConnectResult{answer.result, nullptr, std::move(answer.message)};
    }
    return ConnectResult{ResultCode::kOk, std::move(connection), {}};
  } catch (const std::exception& e) {
    return ConnectResult{ResultCode::kInternal, nullptr, e.what()};
  }
}

ConnectionOptionsResult GridConnection::options_for_params_dir(std::string_view params_dir) {
  std::string dir = params_dir.empty() ? default_params_dir() : std::string(params_dir);
  return detail::options_from_params_dir(dir);
}

void GridConnection::add_operator_credentials(ConnectionOptions& options,
                                              std::string_view params_dir,
                                              std::string_view auth_file) {
  detail::credentials_for(options, std::string(params_dir), std::string(auth_file));
}

ConnectResult GridConnection::connect_default(std::string_view params_dir) {
  ConnectionOptionsResult options = options_for_params_dir(params_dir);
  if (!options.ok()) {
    return ConnectResult{options.result, nullptr, std::move(options.message)};
  }
  return connect(options.options);
}

std::string GridConnection::default_params_dir() {
#ifdef _WIN32
  // The MSI puts soss_client.dll, the programs and the parameters files in one folder
  // (APPLICATIONFOLDER), wherever the operator chose it: that folder is where this DLL is.
  static const char kInThisDll = 0;  // any address inside the DLL identifies it
  HMODULE self = nullptr;
  // reinterpret_cast: with FROM_ADDRESS the API takes an address in the name parameter.
  auto* any_address = reinterpret_cast<LPCWSTR>(&kInThisDll);
  if (GetModuleHandleExW(
          GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
          any_address, &self) == 0) {
    return ".";
  }
  std::wstring path(MAX_PATH, L'\0');
  DWORD n = GetModuleFileNameW(self, path.data(), static_cast<DWORD>(path.size()));
  if (n == 0 || n >= path.size()) {
    return ".";
  }
  path.resize(n);
  return std::filesystem::path(path).parent_path().string();
#else
  return "/etc/soss";
#endif
}

GridConnection::GridConnection(const ConnectionOptions& options)
    : channel_(std::make_unique<detail::Router>(options)) {}

GridConnection::~GridConnection() = default;

std::future<NamespaceListResponse> GridConnection::list_namespaces_async() {
  core::Request r;
  r.op = core::OpCode::kListNamespaces;
  return detail::send_request<NamespaceListResponse>(*channel_, r,
                                                     &detail::to_namespace_list_response);
}

NamespaceListResponse GridConnection::list_namespaces() { return list_namespaces_async().get(); }

ResultCode GridConnection::ping() {
  core::Request r;
  r.op = core::OpCode::kPing;
  return detail::send_request<CacheResponse>(*channel_, r, &detail::to_cache_response).get().result;
}

const ConnectionOptions& GridConnection::options() const { return channel_->options(); }

bool GridConnection::is_connected() const { return channel_->is_connected(); }

}  // namespace soss::client
