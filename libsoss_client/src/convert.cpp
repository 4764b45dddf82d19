// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "convert.hpp"

#include <cstdint>
#include <limits>

namespace soss::client {
namespace {

constexpr bool same(ResultCode a, StatusCode b) {
  return static_cast<std::int32_t>(a) == static_cast<std::int32_t>(b);
}

// The client's codes are the wire's codes: a mismatch here breaks every client in the field.
static_assert(same(ResultCode::kOk, StatusCode::kOk));
static_assert(same(ResultCode::kAdded, StatusCode::kAdded));
static_assert(same(ResultCode::kUpdated, StatusCode::kUpdated));
static_assert(same(ResultCode::kRetrieved, StatusCode::kRetrieved));
static_assert(same(ResultCode::kRemoved, StatusCode::kRemoved));
static_assert(same(ResultCode::kLocked, StatusCode::kLocked));
static_assert(same(ResultCode::kUnlocked, StatusCode::kUnlocked));
static_assert(same(ResultCode::kNotFound, StatusCode::kNotFound));
static_assert(same(ResultCode::kAlreadyExists, StatusCode::kAlreadyExists));
static_assert(same(ResultCode::kVersionMismatch, StatusCode::kVersionMismatch));
static_assert(same(ResultCode::kObjectLocked, StatusCode::kObjectLocked));
static_assert(same(ResultCode::kAlreadyLocked, StatusCode::kAlreadyLocked));
static_assert(same(ResultCode::kLockLost, StatusCode::kLockLost));
static_assert(same(ResultCode::kInvalidArgument, StatusCode::kInvalidArgument));
static_assert(same(ResultCode::kObjectTooLarge, StatusCode::kObjectTooLarge));
static_assert(same(ResultCode::kLowMemory, StatusCode::kLowMemory));
static_assert(same(ResultCode::kNotReady, StatusCode::kNotReady));
static_assert(same(ResultCode::kUnavailable, StatusCode::kUnavailable));
static_assert(same(ResultCode::kTimeout, StatusCode::kTimeout));
static_assert(same(ResultCode::kUnauthorized, StatusCode::kUnauthorized));
static_assert(same(ResultCode::kProtocolError, StatusCode::kProtocolError));
static_assert(same(ResultCode::kInternal, StatusCode::kInternal));
static_assert(same(ResultCode::kNamespaceConflict, StatusCode::kNamespaceConflict));
static_assert(same(ResultCode::kConfigError, StatusCode::kConfigError));
static_assert(kStatusCodeCount == 24, "a new StatusCode needs a ResultCode and a C constant");

static_assert(static_cast<int>(TimeoutType::kAbsolute) ==
              static_cast<int>(core::TimeoutType::kAbsolute));
static_assert(static_cast<int>(TimeoutType::kSliding) ==
              static_cast<int>(core::TimeoutType::kSliding));
static_assert(static_cast<int>(TimeoutType::kResetOnUpdate) ==
              static_cast<int>(core::TimeoutType::kResetOnUpdate));
static_assert(static_cast<int>(Priority::kNormal) == static_cast<int>(core::Priority::kNormal));
static_assert(static_cast<int>(Priority::kNotRemovable) ==
              static_cast<int>(core::Priority::kNotRemovable));

}  // namespace

namespace detail {

Status to_core_policy(const CreatePolicy& in, core::NamespaceId ns, core::CreatePolicy& out) {
  auto seconds = in.timeout.count();
  if (seconds < 0 || seconds > std::numeric_limits<std::uint32_t>::max()) {
    return Status(StatusCode::kInvalidArgument,
                  "the timeout must be between 0 and 4294967295 seconds");
  }
  out.timeout_s = static_cast<std::uint32_t>(seconds);
  out.timeout_type = static_cast<core::TimeoutType>(in.timeout_type);
  out.priority = static_cast<core::Priority>(in.priority);
  out.parents.clear();
  for (const std::string& parent : in.parent_keys) {
    out.parents.push_back(core::ObjectId{ns, core::key_of(parent)});
  }
  return Status::ok();
}

ObjectMetadata from_core(const core::ObjectMetadata& meta) {
  ObjectMetadata m;
  m.version = meta.version;
  m.created_ms = meta.created_ms;
  m.updated_ms = meta.updated_ms;
  m.timeout = std::chrono::seconds(meta.timeout_s);
  m.timeout_type = static_cast<TimeoutType>(meta.timeout_type);
  m.priority = static_cast<Priority>(meta.priority);
  m.locked = meta.locked;
  m.size = meta.size;
  m.key_name = meta.key_name;
  m.content_type = meta.content_type;
  for (const core::ObjectId& parent : meta.parents) {
    m.parent_keys.push_back(parent.key);
  }
  m.index_values = meta.indexes;
  return m;
}

CacheResponse to_cache_response(core::Response r) {
  CacheResponse out;
  out.result = to_result(r.code);
  out.message = std::move(r.message);
  out.value = std::move(r.value);
  out.version = r.meta.version;
  out.lock_ticket = r.ticket;
  out.metadata = from_core(r.meta);
  return out;
}

BulkResponse to_bulk_response(core::Response r) {
  BulkResponse out;
  out.result = to_result(r.code);
  out.message = std::move(r.message);
  out.items.reserve(r.items.size());
  for (core::BulkResult& item : r.items) {
    out.items.push_back(BulkItemResult{to_result(item.code), std::move(item.value), item.version});
  }
  return out;
}

KeyListResponse to_key_list_response(core::Response r) {
  KeyListResponse out;
  out.result = to_result(r.code);
  out.message = std::move(r.message);
  out.next_cursor = std::move(r.cursor);
  out.keys.reserve(r.keys.size());
  for (core::KeyInfo& key : r.keys) {
    out.keys.push_back(KeyInfo{key.key, std::move(key.key_name)});
  }
  return out;
}

NamespaceListResponse to_namespace_list_response(core::Response r) {
  NamespaceListResponse out;
  out.result = to_result(r.code);
  out.message = std::move(r.message);
  out.namespaces.reserve(r.namespaces.size());
  for (core::NamespaceInfo& ns : r.namespaces) {
    out.namespaces.push_back(NamespaceInfo{ns.id, std::move(ns.name), ns.objects, ns.bytes});
  }
  return out;
}

ClearResponse to_clear_response(core::Response r) {
  ClearResponse out;
  out.result = to_result(r.code);
  out.message = std::move(r.message);
  out.removed = r.count;
  return out;
}

}  // namespace detail
}  // namespace soss::client
