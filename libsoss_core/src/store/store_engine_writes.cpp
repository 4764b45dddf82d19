// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// StoreEngine: the plain object operations (add, put, updates, remove, reads, touch).
#include "store/store_engine.hpp"

#include <fmt/format.h>

namespace soss::core {
namespace {

Response not_found() { return Response::of(StatusCode::kNotFound, "object not found"); }

Response object_locked() {
  return Response::of(StatusCode::kObjectLocked, "object is locked by another caller");
}

Response low_memory(std::uint64_t bytes, std::uint64_t max) {
  return Response::of(StatusCode::kLowMemory,
                      fmt::format("no room for {} bytes within max_memory_bytes {} after "
                                  "evicting what can be evicted",
                                  bytes, max));
}

}  // namespace

// Registers the request's namespace name (writes only); a refusal when it conflicts.
std::optional<Response> StoreEngine::register_namespace(const Request& r) {
  if (r.ns_name.empty()) {
    return std::nullopt;
  }
  const NamespaceRecord* before = objects_.namespaces().find(r.id.ns);
  if (before != nullptr && before->name == r.ns_name) {
    return std::nullopt;  // the common case: registered by an earlier write
  }
  const bool had_name = before != nullptr && !before->name.empty();
  Status s = objects_.namespaces().register_name(r.id.ns, r.ns_name);
  if (!s) {
    return Response::of(s);
  }
  if (!had_name) {
    changed(r.id);  // a new registration is replicated even when no object changes
  }
  return std::nullopt;
}

Response StoreEngine::handle_add(const Request& r) {
  if (auto refusal = register_namespace(r)) {
    return *refusal;
  }
  return add_new(r);
}

Response StoreEngine::add_new(const Request& r) {
  if (settle(r.id) != nullptr) {
    return Response::of(StatusCode::kAlreadyExists, "object already exists");
  }
  return write_new(r);
}

Response StoreEngine::handle_put(const Request& r) {
  if (auto refusal = register_namespace(r)) {
    return *refusal;
  }
  StoredObject* obj = settle(r.id);
  if (obj == nullptr) {
    return write_new(r);
  }
  if (r.lock_after && obj->locked() && obj->ticket != r.ticket) {
    return object_locked();
  }
  return write_existing(r, *obj, true, r.lock_after ? LockAction::kLockAfter : LockAction::kNone);
}

// kUpdate and kUpdateOptimistic.
Response StoreEngine::handle_update(const Request& r) {
  if (auto refusal = register_namespace(r)) {
    return *refusal;
  }
  StoredObject* obj = settle(r.id);
  if (obj == nullptr) {
    return not_found();
  }
  if (obj->locked()) {
    return object_locked();
  }
  if (r.op == OpCode::kUpdateOptimistic && obj->meta.version != r.version) {
    return Response::of(
        StatusCode::kVersionMismatch,
        fmt::format("object is at version {}, request expected {}", obj->meta.version, r.version));
  }
  return write_existing(r, *obj, false, LockAction::kNone);
}

// kRemove and kRemoveOptimistic.
Response StoreEngine::handle_remove(const Request& r) {
  StoredObject* obj = settle(r.id);
  if (obj == nullptr) {
    return not_found();
  }
  if (obj->locked()) {
    return object_locked();
  }
  if (r.op == OpCode::kRemoveOptimistic && obj->meta.version != r.version) {
    return Response::of(
        StatusCode::kVersionMismatch,
        fmt::format("object is at version {}, request expected {}", obj->meta.version, r.version));
  }
  Response resp = answer(StatusCode::kRemoved, *obj, false);
  remove_object(r.id, Removal::kExplicit);
  return resp;
}

Response StoreEngine::handle_read(const Request& r) {
  StoredObject* obj = settle(r.id);
  if (obj == nullptr) {
    return not_found();
  }
  on_read(r.id, *obj);
  return answer(StatusCode::kRetrieved, *obj, true, r.brief);
}

Response StoreEngine::handle_read_or_add(const Request& r) {
  if (auto refusal = register_namespace(r)) {
    return *refusal;
  }
  StoredObject* obj = settle(r.id);
  if (obj == nullptr) {
    return write_new(r);
  }
  on_read(r.id, *obj);
  return answer(StatusCode::kRetrieved, *obj, true);
}

Response StoreEngine::handle_metadata(const Request& r) {
  StoredObject* obj = settle(r.id);
  if (obj == nullptr) {
    return not_found();
  }
  Response resp = answer(StatusCode::kRetrieved, *obj, false);
  resp.count = timeout_remaining_ms(*obj);
  return resp;
}

// Creates the (absent, already settled) object of `r`, making room first.
Response StoreEngine::write_new(const Request& r) {
  const std::uint64_t bytes = accounted_bytes(r.value, r.key_name, r.content_type, r.indexes);
  if (!make_room(&r.id, bytes)) {
    return low_memory(bytes, options_.max_memory_bytes);
  }
  StoredObject& obj = create(r);
  if (r.lock_after) {
    acquire(r.id, obj);
  }
  Response resp = answer(StatusCode::kAdded, obj, false, r.brief);
  resp.ticket = obj.ticket;
  return resp;
}

// Overwrites `settled`, the existing (settled) object of `r`, making room first. `apply_policy`
// is true for put (the request's policy replaces the object's); `action` is what happens to its
// lock.
Response StoreEngine::write_existing(const Request& r, StoredObject& settled, bool apply_policy,
                                     LockAction action) {
  StoredObject* obj = &settled;
  if (options_.max_memory_bytes > 0) {
    const std::uint64_t bytes =
        accounted_bytes(r.value, r.key_name.empty() ? obj->meta.key_name : r.key_name,
                        r.content_type, r.indexes.empty() ? obj->meta.indexes : r.indexes);
    if (!make_room(&r.id, bytes)) {
      return low_memory(bytes, options_.max_memory_bytes);
    }
    obj = objects_.find(r.id);  // an eviction may have removed it as a dependent
    if (obj == nullptr) {
      return apply_policy ? write_new(r) : not_found();
    }
  }
  overwrite(r.id, *obj, r, apply_policy);
  if (action == LockAction::kLockAfter && !obj->locked()) {
    acquire(r.id, *obj);
  } else if (action == LockAction::kLockAfter || action == LockAction::kRefresh) {
    refresh_lock(r.id, *obj);
  } else if (action == LockAction::kRelease) {
    unlock(r.id, *obj);
  }
  Response resp = answer(StatusCode::kUpdated, *obj, false, r.brief);
  // Only a caller that holds or just took the lock learns its ticket.
  if (action == LockAction::kLockAfter || action == LockAction::kRefresh) {
    resp.ticket = obj->ticket;
  }
  if (action == LockAction::kRelease) {
    after_release(r.id);
  }
  return resp;
}

}  // namespace soss::core
