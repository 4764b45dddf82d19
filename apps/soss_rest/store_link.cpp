// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "store_link.hpp"

#include <utility>

#include "soss/core/common/log.hpp"

namespace soss::rest {

StoreLink::StoreLink(std::string connection_string, std::string params_dir)
    : connection_string_(std::move(connection_string)), params_dir_(std::move(params_dir)) {}

client::ConnectResult StoreLink::get() {
  std::lock_guard lock(mu_);
  if (connection_) {
    return {client::ResultCode::kOk, connection_, {}};
  }
  auto now = std::chrono::steady_clock::now();
  if (now < retry_after_) {
    return last_failure_;
  }
  auto c = connection_string_.empty() ? client::GridConnection::connect_default(params_dir_)
                                      : client::GridConnection::connect(connection_string_);
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
