// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <memory>
#include <vector>

#include "soss/core/common/access.hpp"
#include "soss/core/store/store.hpp"
#include "soss/net/server.hpp"

namespace soss::net {

// Runs object requests: the local Store (tests, embedded stores) or the cluster (a service).
class ObjectHandler {
 public:
  virtual ~ObjectHandler() = default;
  // The response now, or std::nullopt and `later` is called exactly once.
  virtual std::optional<core::Response> execute(const core::Request& request,
                                                core::Completion&& later) = 0;
  virtual void prefetch(const std::vector<core::Request>& batch) { (void)batch; }
  // The answer to kGetRouting: which host is each partition's primary. A lone store has none
  // to tell (clients then send everything to the host they are connected to).
  virtual core::Response routing() const { return core::Response::of(StatusCode::kOk); }
};

// Answers management requests (status, parameters, join, leave) for the host. Implemented by the
// service's Node. Thread-safe.
class ManagementHandler {
 public:
  virtual ~ManagementHandler() = default;
  virtual core::Response manage(const core::Request& request) = 0;
  // Object requests are refused with NotReady while the host is not active.
  virtual bool is_active() const = 0;
};

// The one place where wire requests become core calls: each request is first checked against
// the caller's role (docs/security.md), then object requests from svr_port and resp_port go to
// the Store (refused with NotReady while the host is inactive), management requests from
// mgt_port go to the ManagementHandler, ping is answered everywhere. Stateless apart from its
// references and the access list; thread-safe because Store and ManagementHandler are.
class Dispatcher final : public RequestHandler {
 public:
  // `management` may be null (tests, embedded stores): the host is then always active and
  // management requests are refused.
  // `access` empty (no auth_file): every connection may do everything, and auth answers Ok
  // with role admin. Otherwise a connection starts with no role, `auth` gives it the role of
  // its user, and each request needs core::required_role(op).
  Dispatcher(core::Store& store, ManagementHandler* management, core::AccessList access = {});
  Dispatcher(ObjectHandler& objects, ManagementHandler* management, core::AccessList access = {});

  std::optional<core::Response> handle(const core::Request& request, Caller& caller,
                                       core::Completion&& later) override;
  core::Role initial_role() const override;
  void prefetch(const std::vector<core::Request>& batch) override;

 private:
  class StoreObjects;
  core::Response authenticate(const core::Request& request, Caller& caller) const;
  std::unique_ptr<ObjectHandler> own_;  // the adapter when built on a Store
  ObjectHandler& objects_;
  ManagementHandler* management_;
  const core::AccessList access_;
};

}  // namespace soss::net
