// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "soss/net/dispatcher.hpp"

#include <fmt/format.h>

#include "io/io_limits.hpp"

namespace soss::net {

using core::OpCode;
using core::Response;
using core::Role;

namespace {
detail::LogLimiter auth_failures;
}  // namespace

class Dispatcher::StoreObjects final : public ObjectHandler {
 public:
  explicit StoreObjects(core::Store& store) : store_(store) {}
  std::optional<Response> execute(const core::Request& request, core::Completion&& later) override {
    return store_.execute(request, std::move(later));
  }
  void prefetch(const std::vector<core::Request>& batch) override { store_.prefetch(batch); }

 private:
  core::Store& store_;
};

Dispatcher::Dispatcher(core::Store& store, ManagementHandler* management, core::AccessList access)
    : own_(std::make_unique<StoreObjects>(store)),
      objects_(*own_),
      management_(management),
      access_(std::move(access)) {}

Dispatcher::Dispatcher(ObjectHandler& objects, ManagementHandler* management,
                       core::AccessList access)
    : objects_(objects), management_(management), access_(std::move(access)) {}

core::Role Dispatcher::initial_role() const {
  return access_.enabled() ? Role::kNone : Role::kAdmin;
}

Response Dispatcher::authenticate(const core::Request& request, Caller& caller) const {
  std::string_view user;
  for (const auto& [name, value] : request.fields) {
    if (name == "user") {
      user = value;
    }
  }
  Role role = Role::kAdmin;
  if (access_.enabled()) {
    role = access_.check(user, request.value);
    if (role == Role::kNone) {
      // The connection keeps what it had proven before, as Redis's AUTH does.
      detail::warn_limited(auth_failures, "refused auth for user '{}': wrong user or password",
                           user.substr(0, 64));
      return Response::of(StatusCode::kUnauthorized, "wrong user or password");
    }
  }
  caller.role = role;
  caller.user.assign(user);
  Response r = Response::of(StatusCode::kOk);
  r.fields.emplace_back("role", std::string(core::role_name(role)));
  return r;
}

std::optional<Response> Dispatcher::handle(const core::Request& request, Caller& caller,
                                           core::Completion&& later) {
  if (request.op == OpCode::kPing) {
    return Response::of(StatusCode::kOk);
  }
  if (request.op == OpCode::kAuth) {
    return authenticate(request, caller);
  }
  const Role needed = core::required_role(request.op);
  if (caller.role < needed) {
    if (caller.role == Role::kNone) {
      return Response::of(StatusCode::kUnauthorized,
                          "authentication required: this store has an access file (auth_file); "
                          "connect with a user and password");
    }
    return Response::of(StatusCode::kUnauthorized,
                        fmt::format("user '{}' has role {}; '{}' needs role {}", caller.user,
                                    core::role_name(caller.role), core::op_code_name(request.op),
                                    core::role_name(needed)));
  }
  const Listener listener = caller.listener;
  if (listener == Listener::kManagement) {
    if (!core::is_management_op(request.op)) {
      return Response::of(StatusCode::kInvalidArgument,
                          fmt::format("'{}' is an object operation: send it to svr_port",
                                      core::op_code_name(request.op)));
    }
    if (management_ == nullptr) {
      return Response::of(StatusCode::kUnavailable, "this server has no management service");
    }
    return management_->manage(request);
  }
  if (request.op == OpCode::kGetRouting && listener == Listener::kObjects) {
    return objects_.routing();
  }
  if (!core::is_object_op(request.op)) {
    return Response::of(StatusCode::kInvalidArgument,
                        fmt::format("'{}' is a management operation: send it to mgt_port",
                                    core::op_code_name(request.op)));
  }
  if (management_ != nullptr && !management_->is_active()) {
    return Response::of(StatusCode::kNotReady,
                        "this host is not active in the store (activate it with 'soss join')");
  }
  return objects_.execute(request, std::move(later));
}

void Dispatcher::prefetch(const std::vector<core::Request>& batch) { objects_.prefetch(batch); }

}  // namespace soss::net
