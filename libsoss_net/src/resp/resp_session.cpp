// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "resp/resp_session.hpp"

#include <utility>

namespace soss::net::resp {

void LateAnswer::set(core::Response r) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    answer_ = std::move(r);
  }
  cv_.notify_all();
}

std::optional<core::Response> LateAnswer::wait(std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  if (!cv_.wait_for(lock, timeout, [this] { return answer_.has_value(); })) {
    return std::nullopt;
  }
  std::optional<core::Response> out = std::move(answer_);
  answer_.reset();
  return out;
}

RespSession::RespSession() { select(0); }

void RespSession::select(std::uint32_t n) {
  db = n;
  ns_name = "db" + std::to_string(n);
  ns = core::namespace_id_of(ns_name);
}

}  // namespace soss::net::resp
