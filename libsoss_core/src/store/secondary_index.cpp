// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "store/secondary_index.hpp"

namespace soss::core {

void SecondaryIndex::add(const KeyBytes& key, const std::vector<std::string>& values) {
  for (std::size_t slot = 0; slot < values.size(); ++slot) {
    if (!values[slot].empty()) {
      entries_[{slot, values[slot]}].insert(key);
    }
  }
}

void SecondaryIndex::remove(const KeyBytes& key, const std::vector<std::string>& values) {
  for (std::size_t slot = 0; slot < values.size(); ++slot) {
    if (values[slot].empty()) {
      continue;
    }
    auto it = entries_.find({slot, values[slot]});
    if (it == entries_.end()) {
      continue;
    }
    it->second.erase(key);
    if (it->second.empty()) {
      entries_.erase(it);
    }
  }
}

const std::set<KeyBytes>* SecondaryIndex::keys_with(std::size_t slot,
                                                    const std::string& value) const {
  auto it = entries_.find({slot, value});
  return it == entries_.end() ? nullptr : &it->second;
}

}  // namespace soss::core
