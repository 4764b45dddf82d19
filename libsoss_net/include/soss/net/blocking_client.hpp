// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "soss/core/common/access.hpp"
#include "soss/core/common/status.hpp"
#include "soss/core/store/request.hpp"

namespace soss::net {

// A minimal synchronous client for one host and port: one request at a time, each bounded by a
// timeout. Used by the management tools (mgt_port) and tests; applications use libsoss_client.
// Not thread-safe; one per thread.
class BlockingClient {
 public:
  // With credentials, every connection it opens sends `auth` first; a refusal is the answer
  // (Unauthorized, naming the user) of the call that opened it.
  BlockingClient(std::string host, std::uint16_t port,
                 std::chrono::milliseconds timeout = std::chrono::seconds(10),
                 core::Credentials credentials = {});
  ~BlockingClient();
  BlockingClient(const BlockingClient&) = delete;
  BlockingClient& operator=(const BlockingClient&) = delete;

  // Connects (if needed), sends the request and waits for its reply. kUnavailable when the host
  // cannot be reached, kTimeout when it does not answer in time, kProtocolError on a bad reply.
  Result<core::Response> call(const core::Request& request);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace soss::net
