// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "store/namespace_table.hpp"

#include <fmt/format.h>

namespace soss::core {

Status NamespaceTable::register_name(NamespaceId id, const std::string& name) {
  NamespaceRecord& record = get(id);
  if (record.name == name) {
    return Status::ok();  // the common case: no need to hash the name again
  }
  if (namespace_id_of(name) != id) {
    release_if_unused(id);
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("ns_name '{}' has id {:#x}, but the request names namespace {:#x}",
                              name, namespace_id_of(name), id));
  }
  if (record.name.empty()) {
    record.name = name;
    return Status::ok();
  }
  if (record.name != name) {
    return Status(StatusCode::kNamespaceConflict,
                  fmt::format("namespace name '{}' maps to id {:#x}, which is already registered "
                              "as '{}'",
                              name, id, record.name));
  }
  return Status::ok();
}

NamespaceRecord* NamespaceTable::find(NamespaceId id) {
  auto it = records_.find(id);
  return it == records_.end() ? nullptr : &it->second;
}

const NamespaceRecord* NamespaceTable::find(NamespaceId id) const {
  auto it = records_.find(id);
  return it == records_.end() ? nullptr : &it->second;
}

NamespaceRecord& NamespaceTable::get(NamespaceId id) { return records_[id]; }

void NamespaceTable::release_if_unused(NamespaceId id) {
  auto it = records_.find(id);
  if (it != records_.end() && it->second.name.empty() && it->second.keys.empty()) {
    records_.erase(it);
  }
}

std::vector<NamespaceInfo> NamespaceTable::list() const {
  std::vector<NamespaceInfo> out;
  out.reserve(records_.size());
  for (const auto& [id, record] : records_) {
    out.push_back(NamespaceInfo{id, record.name, record.keys.size(), record.bytes});
  }
  return out;
}

}  // namespace soss::core
