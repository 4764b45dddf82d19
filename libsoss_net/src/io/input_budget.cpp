// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "soss/net/input_budget.hpp"

namespace soss::net {

bool InputBudget::charge(Holder& holder, std::size_t bytes) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = holders_.find(&holder);
  const std::size_t held = it == holders_.end() ? 0 : it->second;
  if (bytes > held && used_.load() + (bytes - held) > limit_) {
    Holder* biggest = nullptr;
    std::size_t most = bytes;
    for (const auto& [h, b] : holders_) {
      if (h != &holder && b > most) {
        biggest = h;
        most = b;
      }
    }
    shed_++;
    if (biggest == nullptr) {
      return false;
    }
    // The victim's charge goes now; its buffer is freed when its io thread closes it, so until
    // then memory runs over the limit by at most this one growth.
    holders_.erase(biggest);
    used_ -= most;
    biggest->shed();
    it = holders_.find(&holder);
  }
  used_ += bytes;
  used_ -= held;
  if (bytes == 0) {
    if (it != holders_.end()) {
      holders_.erase(it);
    }
  } else if (it == holders_.end()) {
    holders_.emplace(&holder, bytes);
  } else {
    it->second = bytes;
  }
  return true;
}

}  // namespace soss::net
