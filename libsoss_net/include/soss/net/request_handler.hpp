// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// The entry point every door (svr_port, mgt_port, resp_port, REST) hands its requests to, and
// who is asking. Free of Asio, so handlers and their tests need no networking headers.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "soss/core/common/access.hpp"
#include "soss/core/store/request.hpp"
#include "soss/core/store/store.hpp"

namespace soss::net {

// Which listener a request arrived on: object requests are served on svr_port, management
// requests on mgt_port.
enum class Listener : std::uint8_t { kObjects = 0, kManagement = 1 };

// Who is asking: the door a request came through and what its connection has proven
// (docs/security.md). One per connection, touched only by the thread handling its requests;
// handle() raises `role` and sets `user` when an auth request succeeds.
struct Caller {
  Listener listener = Listener::kObjects;
  core::Role role = core::Role::kNone;
  std::string user;  // the user the connection authenticated as ("" = none)
};

// Turns one decoded request into a response. Implementations must be thread-safe: every io
// thread calls handle() for the connections it owns. Returning std::nullopt means the answer
// comes later through `later` (a lock wait), which may be invoked from any thread. `later` is
// moved from only then: a caller may keep one completion and pass it to every request.
class RequestHandler {
 public:
  virtual ~RequestHandler() = default;
  virtual std::optional<core::Response> handle(const core::Request& request, Caller& caller,
                                               core::Completion&& later) = 0;
  // The role a new connection has before it authenticates: kAdmin while nothing is checked.
  virtual core::Role initial_role() const { return core::Role::kAdmin; }
  // A hint before a pipelined batch is handled: start loading what the requests will touch.
  virtual void prefetch(const std::vector<core::Request>& batch) { (void)batch; }
};

}  // namespace soss::net
