// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "store_link.hpp"

#include <algorithm>
#include <utility>

#include "soss/core/common/log.hpp"

namespace soss::rest {

StoreLink::StoreLink(std::string connection_string, std::string params_dir)
    : connection_string_(std::move(connection_string)), params_dir_(std::move(params_dir)) {}

// A request waits for one connect round at most: with the client files' retries (up to 100
// rounds with back-off) a store that is not there kept each request for most of a minute, longer
// than request_timeout_s, before the 503.
client::ConnectResult StoreLink::connect() const {
  if (!connection_string_.empty()) {
    return client::GridConnection::connect(connection_string_);
  }
  auto options = client::GridConnection::options_for_params_dir(params_dir_);
  if (!options.ok()) {
    return client::ConnectResult{options.result, nullptr, options.message};
  }
  options.options.max_request_retries = std::min(options.options.max_request_retries, 1);
  return client::GridConnection::connect(options.options);
}

client::ConnectResult StoreLink::get() {
  std::lock_guard lock(mu_);
  if (connection_) {
    return {client::ResultCode::kOk, connection_, {}};
  }
  auto now = std::chrono::steady_clock::now();
  if (now < retry_after_) {
    return last_failure_;
  }
  auto c = connect();
  if (c.ok()) {
    connection_ = c.connection;
    log::info("rest", "connected to the store");
    return c;
  }
  log::warn("rest", "cannot connect to the store: {}", c.message);
  last_failure_ = c;
  retry_after_ = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  return c;
}

}  // namespace soss::rest
