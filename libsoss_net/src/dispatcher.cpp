// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "soss/net/dispatcher.hpp"

#include <fmt/format.h>

namespace soss::net {

using core::OpCode;
using core::Response;

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

Dispatcher::Dispatcher(core::Store& store, ManagementHandler* management)
    : own_(std::make_unique<StoreObjects>(store)), objects_(*own_), management_(management) {}

Dispatcher::Dispatcher(ObjectHandler& objects, ManagementHandler* management)
    : objects_(objects), management_(management) {}

std::optional<Response> Dispatcher::handle(const core::Request& request, Listener listener,
                                           core::Completion&& later) {
  if (request.op == OpCode::kPing) {
    return Response::of(StatusCode::kOk);
  }
  if (request.op == OpCode::kAuth) {
    // No door checks credentials yet (docs/security.md): every connection may do everything.
    Response r = Response::of(StatusCode::kOk);
    r.fields.emplace_back("role", "admin");
    return r;
  }
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

void Dispatcher::prefetch(const std::vector<core::Request>& batch) {
  objects_.prefetch(batch);
}

}  // namespace soss::net
