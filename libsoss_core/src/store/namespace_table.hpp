// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "soss/core/common/status.hpp"
#include "soss/core/store/request.hpp"
#include "soss/core/store/types.hpp"
#include "store/secondary_index.hpp"

namespace soss::core {

// What the store keeps per namespace: its registered name, its keys in order (stable paging and
// a clear that does not scan the store), its accounted bytes and its inverted index.
struct NamespaceRecord {
  std::string name;  // empty until a write names the namespace
  std::set<KeyBytes> keys;
  std::uint64_t bytes = 0;
  SecondaryIndex index;
};

// The id -> name registry and the per-namespace records. A record lives while it has a name or
// objects; a registered name outlives a clear. Not thread-safe; owned by ObjectTable.
class NamespaceTable {
 public:
  // Records `name` for `id`; kNamespaceConflict when `id` already carries a different name.
  Status register_name(NamespaceId id, const std::string& name);
  NamespaceRecord* find(NamespaceId id);
  const NamespaceRecord* find(NamespaceId id) const;
  // The record of `id`, created empty if needed.
  NamespaceRecord& get(NamespaceId id);
  // Forgets the record of `id` when it has neither a name nor objects.
  void release_if_unused(NamespaceId id);
  std::vector<NamespaceInfo> list() const;

 private:
  std::map<NamespaceId, NamespaceRecord> records_;
};

}  // namespace soss::core
