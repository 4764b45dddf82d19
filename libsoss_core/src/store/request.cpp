// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "soss/core/store/request.hpp"

namespace soss::core {

std::string_view op_code_name(OpCode op) {
  switch (op) {
    case OpCode::kPing:
      return "ping";
    case OpCode::kAuth:
      return "auth";
    case OpCode::kAdd:
      return "add";
    case OpCode::kPut:
      return "put";
    case OpCode::kUpdate:
      return "update";
    case OpCode::kUpdateOptimistic:
      return "update_optimistic";
    case OpCode::kRemoveOptimistic:
      return "remove_optimistic";
    case OpCode::kRead:
      return "read";
    case OpCode::kReadOrAdd:
      return "read_or_add";
    case OpCode::kMetadata:
      return "metadata";
    case OpCode::kRemove:
      return "remove";
    case OpCode::kReadExclusive:
      return "read_exclusive";
    case OpCode::kTryReadExclusive:
      return "try_read_exclusive";
    case OpCode::kLock:
      return "lock";
    case OpCode::kReadLocked:
      return "read_locked";
    case OpCode::kUpdateAndRetain:
      return "update_and_retain";
    case OpCode::kUpdateAndRelease:
      return "update_and_release";
    case OpCode::kReleaseLock:
      return "release_lock";
    case OpCode::kRefreshLock:
      return "refresh_lock";
    case OpCode::kRemoveLocked:
      return "remove_locked";
    case OpCode::kTouch:
      return "touch";
    case OpCode::kBulkRead:
      return "bulk_read";
    case OpCode::kBulkAdd:
      return "bulk_add";
    case OpCode::kListNamespaces:
      return "list_namespaces";
    case OpCode::kListKeys:
      return "list_keys";
    case OpCode::kClearNamespace:
      return "clear_namespace";
    case OpCode::kQuery:
      return "query";
    case OpCode::kIncrement:
      return "increment";
    case OpCode::kSetTimeout:
      return "set_timeout";
    case OpCode::kGetRouting:
      return "get_routing";
    case OpCode::kGetStatus:
      return "get_status";
    case OpCode::kGetParams:
      return "get_params";
    case OpCode::kSetParams:
      return "set_params";
    case OpCode::kJoin:
      return "join";
    case OpCode::kLeave:
      return "leave";
    case OpCode::kRestart:
      return "restart";
  }
  return "unknown";
}

bool is_object_op(OpCode op) {
  auto v = static_cast<std::uint16_t>(op);
  return v >= 10 && v <= 36;
}

bool spans_partitions(OpCode op) {
  switch (op) {
    case OpCode::kListNamespaces:
    case OpCode::kListKeys:
    case OpCode::kClearNamespace:
    case OpCode::kQuery:
    case OpCode::kBulkRead:
    case OpCode::kBulkAdd:
      return true;
    default:
      return false;
  }
}

bool is_management_op(OpCode op) {
  auto v = static_cast<std::uint16_t>(op);
  return v >= 100 && v <= 105;
}

}  // namespace soss::core
