// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "io/input_buffer.hpp"

#include <algorithm>
#include <cstring>

namespace soss::net::detail {

InputBuffer::InputBuffer(InputBudget* budget, InputBudget::Holder& holder)
    : budget_(budget), holder_(holder) {}

InputBuffer::~InputBuffer() {
  if (budget_ != nullptr) {
    budget_->charge(holder_, 0);
  }
}

bool InputBuffer::prepare(std::size_t wanted) {
  std::size_t target = used_ + kChunk;
  if (wanted > target) {
    // Double what has arrived rather than trust the claimed length: a peer that claims 32 MB
    // and sends 64 KB gets 128 KB.
    target = std::min(wanted, std::max(target, 2 * used_));
  }
  if (bytes_.size() >= target) {
    return true;
  }
  if (budget_ != nullptr && target > kChunk && !budget_->charge(holder_, target - kChunk)) {
    return false;
  }
  bytes_.resize(target);
  return true;
}

void InputBuffer::consume(std::size_t n) {
  if (n > 0) {
    const std::size_t rest = used_ - n;
    if (rest > 0) {
      std::memmove(bytes_.data(), bytes_.data() + n, rest);
    }
    used_ = rest;
  }
  if (bytes_.size() > kChunk * 4 && used_ < kChunk) {
    bytes_.resize(kChunk);
    bytes_.shrink_to_fit();
    recharge();
  }
}

void InputBuffer::recharge() {
  if (budget_ != nullptr) {
    budget_->charge(holder_, bytes_.size() > kChunk ? bytes_.size() - kChunk : 0);
  }
}

}  // namespace soss::net::detail
