// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "resp/resp_session.hpp"

#include <utility>

namespace soss::net::resp {

RespSession::RespSession() { select(0); }

void RespSession::select(std::uint32_t n) {
  db = n;
  ns_name = "db" + std::to_string(n);
  ns = core::namespace_id_of(ns_name);
}

}  // namespace soss::net::resp
