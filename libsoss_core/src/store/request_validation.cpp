// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "store/request_validation.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include <fmt/format.h>

namespace soss::core {
namespace {

Status invalid(std::string message) {
  return Status(StatusCode::kInvalidArgument, std::move(message));
}

Status check_names(const Request& r) {
  if (r.key_name.size() > kMaxKeyNameBytes) {
    return invalid(fmt::format("key_name is {} bytes; at most {} allowed", r.key_name.size(),
                               kMaxKeyNameBytes));
  }
  if (r.ns_name.size() > kMaxNamespaceNameBytes) {
    return invalid(fmt::format("ns_name is {} bytes; at most {} allowed", r.ns_name.size(),
                               kMaxNamespaceNameBytes));
  }
  // Whether ns_name matches id.ns is checked when the name is registered (NamespaceTable), so
  // the SHA-256 of the name is computed once per namespace, not once per write.
  if (r.content_type.size() > kMaxContentTypeBytes) {
    return invalid(fmt::format("content_type is {} bytes; at most {} allowed",
                               r.content_type.size(), kMaxContentTypeBytes));
  }
  return Status::ok();
}

Status check_policy(const CreatePolicy& p) {
  if (p.parents.size() > kMaxParents) {
    return invalid(fmt::format("policy.parents has {} entries; at most {} allowed",
                               p.parents.size(), kMaxParents));
  }
  auto timeout_type = static_cast<std::uint8_t>(p.timeout_type);
  if (timeout_type > static_cast<std::uint8_t>(TimeoutType::kResetOnUpdate)) {
    return invalid(fmt::format("policy.timeout_type {} is not 0..2", timeout_type));
  }
  auto priority = static_cast<std::uint8_t>(p.priority);
  if (priority > static_cast<std::uint8_t>(Priority::kNotRemovable)) {
    return invalid(fmt::format("policy.priority {} is not 0..1", priority));
  }
  return Status::ok();
}

Status check_indexes(const Request& r) {
  if (r.indexes.size() > kMaxIndexValues) {
    return invalid(fmt::format("indexes has {} values; at most {} allowed", r.indexes.size(),
                               kMaxIndexValues));
  }
  for (std::size_t i = 0; i < r.indexes.size(); ++i) {
    if (r.indexes[i].size() > kMaxIndexValueBytes) {
      return invalid(fmt::format("indexes[{}] is {} bytes; at most {} allowed", i,
                                 r.indexes[i].size(), kMaxIndexValueBytes));
    }
  }
  return Status::ok();
}

Status check_value(const std::string& value, const StoreOptions& options, std::string_view what) {
  if (value.size() > options.max_object_bytes) {
    return Status(StatusCode::kObjectTooLarge,
                  fmt::format("{} is {} bytes; max_object_bytes is {}", what, value.size(),
                              options.max_object_bytes));
  }
  return Status::ok();
}

Status check_items(const Request& r, const StoreOptions& options) {
  for (std::size_t i = 0; i < r.items.size(); ++i) {
    const BulkItem& item = r.items[i];
    if (item.key_name.size() > kMaxKeyNameBytes) {
      return invalid(fmt::format("items[{}].key_name is {} bytes; at most {} allowed", i,
                                 item.key_name.size(), kMaxKeyNameBytes));
    }
    SOSS_RETURN_IF_ERROR(check_value(item.value, options, fmt::format("items[{}].value", i)));
  }
  return Status::ok();
}

}  // namespace

Status validate_request(const Request& request, const StoreOptions& options) {
  if (!is_object_op(request.op)) {
    return invalid(
        fmt::format("op {} is not an object operation", static_cast<std::uint16_t>(request.op)));
  }
  SOSS_RETURN_IF_ERROR(check_names(request));
  SOSS_RETURN_IF_ERROR(check_policy(request.policy));
  SOSS_RETURN_IF_ERROR(check_indexes(request));
  SOSS_RETURN_IF_ERROR(check_value(request.value, options, "value"));
  return check_items(request, options);
}

}  // namespace soss::core
