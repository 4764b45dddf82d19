// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// StoreEngine: the two operations the Redis protocol needs to be atomic at the primary: integer
// increment (INCR family) and setting the timeout of an existing object (EXPIRE family).
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

// Replaces the object's timeout (0 = never expires) and restarts it from now; the value and
// version stay. Allowed on a locked object, like touch: a locked object does not expire anyway.
Response StoreEngine::handle_set_timeout(const Request& r) {
  StoredObject* obj = settle(r.id);
  if (obj == nullptr) {
    return Response::of(StatusCode::kNotFound, "object not found");
  }
  obj->meta.timeout_s = r.policy.timeout_s;
  obj->meta.timeout_type = r.policy.timeout_type;
  changed(r.id);
  restart_timeout(r.id, *obj);
  objects_.touch(*obj);
  Response resp = answer(StatusCode::kOk, *obj, false);
  resp.count = timeout_remaining_ms(*obj);
  return resp;
}

std::uint64_t StoreEngine::timeout_remaining_ms(const StoredObject& obj) const {
  if (obj.meta.timeout_s == 0) {
    return 0;
  }
  const TimePoint now = clock_.now();
  // At least 1 ms while the object exists, so 0 always means "no timeout".
  return obj.expires_at > now ? static_cast<std::uint64_t>((obj.expires_at - now).count()) : 1;
}

}  // namespace soss::core
