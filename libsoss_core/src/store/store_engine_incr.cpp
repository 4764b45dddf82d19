// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// StoreEngine: integer increment (the INCR family of the Redis protocol), atomic at the primary.
#include "store/store_engine.hpp"

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "soss/core/common/int_text.hpp"

namespace soss::core {
namespace {

bool add_overflows(std::int64_t a, std::int64_t b) {
  return (b > 0 && a > std::numeric_limits<std::int64_t>::max() - b) ||
         (b < 0 && a < std::numeric_limits<std::int64_t>::min() - b);
}

}  // namespace

// The delta travels in `version` as the two's complement of a signed 64-bit integer. An absent
// object is created from 0 with the request's policy; an existing one keeps its timeout (as in
// Redis), and a lock held by another caller refuses the change like an update.
Response StoreEngine::handle_increment(const Request& r) {
  if (auto refusal = register_namespace(r)) {
    return *refusal;
  }
  const auto delta = static_cast<std::int64_t>(r.version);
  StoredObject* obj = settle(r.id);
  std::int64_t current = 0;
  if (obj != nullptr) {
    if (obj->locked()) {
      return Response::of(StatusCode::kObjectLocked, "object is locked by another caller");
    }
    if (!parse_strict_int64(obj->value, current)) {
      return Response::of(StatusCode::kInvalidArgument, "value is not an integer or out of range");
    }
  }
  if (add_overflows(current, delta)) {
    return Response::of(StatusCode::kInvalidArgument, "increment or decrement would overflow");
  }
  Request write;
  write.op = OpCode::kIncrement;
  write.id = r.id;
  write.key_name = r.key_name;
  write.policy = r.policy;
  write.value = std::to_string(current + delta);
  if (obj != nullptr) {
    write.content_type = obj->meta.content_type;
  }
  Response resp =
      obj == nullptr ? write_new(write) : write_existing(write, *obj, false, LockAction::kNone);
  if (resp.code == StatusCode::kAdded || resp.code == StatusCode::kUpdated) {
    resp.value = std::move(write.value);
  }
  return resp;
}

}  // namespace soss::core
