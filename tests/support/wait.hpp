// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// Waiting for a condition in a test: bounded in time and in count (header only).
#pragma once

#include <chrono>
#include <thread>

namespace soss::test {

// Polls `pred` every 20 ms until it holds or `timeout` passes; returns whether it held.
template <typename Pred>
bool eventually(Pred pred, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (int i = 0; i < 100000; ++i) {
    if (pred()) {
      return true;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

}  // namespace soss::test
