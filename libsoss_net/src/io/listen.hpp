// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// Opening a listening socket, the same way for every door (svr_port, mgt_port, resp_port).
#pragma once

#include <memory>

#include <asio.hpp>
#include <fmt/format.h>

#include "soss/core/common/status.hpp"

namespace soss::net {

// Opens, binds (reuse_address) and listens on `ep` with an acceptor on `ctx`; `what` names the
// port in the error ("cannot listen on ADDRESS:PORT (what): reason").
inline Status open_listener(asio::io_context& ctx, const asio::ip::tcp::endpoint& ep,
                            const char* what, std::unique_ptr<asio::ip::tcp::acceptor>& acc) {
  acc = std::make_unique<asio::ip::tcp::acceptor>(ctx);
  asio::error_code ec;
  acc->open(ep.protocol(), ec);
  if (!ec) {
    acc->set_option(asio::socket_base::reuse_address(true), ec);
  }
  if (!ec) {
    acc->bind(ep, ec);
  }
  if (!ec) {
    acc->listen(asio::socket_base::max_listen_connections, ec);
  }
  if (ec) {
    return Status(StatusCode::kUnavailable,
                  fmt::format("cannot listen on {}:{} ({}): {}", ep.address().to_string(),
                              ep.port(), what, ec.message()));
  }
  return Status::ok();
}

}  // namespace soss::net
