// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include "soss/client/grid_connection.hpp"

namespace soss::rest {

// The REST service's one GridConnection to the store, made on first use so soss_rest may start
// before the store. A failed connect is remembered for a second, so a store that is down costs
// each request one quick 503 instead of a connect timeout. Once made, the GridConnection
// reconnects by itself. Thread-safe.
class StoreLink {
 public:
  // `connection_string` empty: the files of `params_dir`, as GridConnection::connect_default.
  StoreLink(std::string connection_string, std::string params_dir);

  client::ConnectResult get();

 private:
  client::ConnectResult connect() const;

  std::string connection_string_;
  std::string params_dir_;
  std::mutex mu_;
  std::shared_ptr<client::GridConnection> connection_;  // guarded by mu_
  client::ConnectResult last_failure_;                  // guarded by mu_
  std::chrono::steady_clock::time_point retry_after_{};
};

}  // namespace soss::rest
