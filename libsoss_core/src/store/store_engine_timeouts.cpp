// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// StoreEngine: timeouts and timers. Object expiry (absolute or sliding), lock expiry, the timers
// of partitions that do not tick (replica copies), touch and set-timeout (the EXPIRE family).
#include <chrono>
#include <cstdint>

#include "store/store_engine.hpp"

namespace soss::core {

namespace {

// A timer of a partition that does not tick (a replica's copy) is pushed back by this much and
// looked at again then: the primary's effects decide its fate meanwhile.
constexpr std::chrono::milliseconds kParkedTimerRetry{1000};

}  // namespace

void StoreEngine::tick() {
  if (room_check_) {
    room_check_ = false;
    make_room(nullptr, 0);
  }
  TimePoint now = clock_.now();
  while (auto id = lock_timers_.pop_due(now)) {
    StoredObject* obj = objects_.find(*id);
    if (obj != nullptr && !ticking_[partition_of(*id)]) {
      lock_timers_.schedule(obj->lock_timer, now + kParkedTimerRetry, *id);
      continue;
    }
    if (obj != nullptr) {
      obj->lock_timer.reset();
      unlock(*id, *obj);
      after_release(*id);
    }
  }
  fail_waiters(waiters_.take_due(now), StatusCode::kAlreadyLocked);
  while (auto id = expiries_.pop_due(now)) {
    StoredObject* obj = objects_.find(*id);
    if (obj == nullptr) {
      continue;
    }
    obj->expiry.reset();
    if (!ticking_[partition_of(*id)]) {
      expiries_.schedule(obj->expiry, now + kParkedTimerRetry, *id);
      continue;
    }
    // A locked object's expiry is deferred: after_release() expires or reschedules it.
    if (!obj->locked()) {
      remove_object(*id, Removal::kExpired);
    }
  }
}

void StoreEngine::set_ticking(PartitionId partition, bool on) {
  if (partition < kPartitionCount && ticking_[partition] != on) {
    ticking_[partition] = on;
    not_ticking_ = on ? not_ticking_ - 1 : not_ticking_ + 1;
  }
}

void StoreEngine::restart_timeout(const ObjectId& id, StoredObject& obj) {
  if (obj.meta.timeout_s == 0) {
    expiries_.cancel(obj.expiry);
    return;
  }
  obj.expires_at = clock_.now() + std::chrono::seconds(obj.meta.timeout_s);
  expiries_.schedule(obj.expiry, obj.expires_at, id);
  changed(id);
}

void StoreEngine::on_read(const ObjectId& id, StoredObject& obj) {
  if (obj.meta.timeout_type == TimeoutType::kSliding) {
    restart_timeout(id, obj);
  }
  objects_.touch(obj);
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

Response StoreEngine::handle_touch(const Request& r) {
  StoredObject* obj = settle(r.id);
  if (obj == nullptr) {
    return Response::of(StatusCode::kNotFound, "object not found");
  }
  restart_timeout(r.id, *obj);
  objects_.touch(*obj);
  return answer(StatusCode::kOk, *obj, false);
}

}  // namespace soss::core
