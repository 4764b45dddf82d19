// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "soss/client/grid_connection.hpp"

#include <exception>
#include <utility>

#include "router.hpp"
#include "local_params.hpp"
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

ConnectResult GridConnection::connect_default(std::string_view params_dir) {
  std::string dir = params_dir.empty() ? default_params_dir() : std::string(params_dir);
  ConnectionOptionsResult options = detail::options_from_params_dir(dir);
  if (!options.ok()) {
    return ConnectResult{options.result, nullptr, std::move(options.message)};
  }
  return connect(options.options);
}

std::string GridConnection::default_params_dir() {
#ifdef _WIN32
  return "C:\\Program Files\\soss";
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
