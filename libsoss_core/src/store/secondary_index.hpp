// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "soss/core/store/types.hpp"

namespace soss::core {

// The inverted index of one namespace: (slot, value) -> keys of the objects whose index slot
// holds that value, so kQuery looks up candidates instead of scanning the namespace. Empty
// values are not indexed. Not thread-safe; owned by its NamespaceRecord.
class SecondaryIndex {
 public:
  void add(const KeyBytes& key, const std::vector<std::string>& values);
  void remove(const KeyBytes& key, const std::vector<std::string>& values);
  // Keys whose slot `slot` equals `value`, in key order; nullptr when there are none.
  const std::set<KeyBytes>* keys_with(std::size_t slot, const std::string& value) const;
  bool empty() const { return entries_.empty(); }

 private:
  std::map<std::pair<std::size_t, std::string>, std::set<KeyBytes>> entries_;
};

}  // namespace soss::core
