// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// A RequestHandler for the door tests: the real Dispatcher and Store, except that the requests
// a predicate picks answer later, each from a thread of its own after a delay (as a request
// forwarded to another host would), so the door must keep its replies in order.
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "soss/core/common/clock.hpp"
#include "soss/core/store/store.hpp"
#include "soss/net/dispatcher.hpp"

namespace soss::test {

class LateAnswers final : public net::RequestHandler {
 public:
  LateAnswers(std::function<bool(core::OpCode)> late, std::chrono::milliseconds delay)
      : store_(clock_, core::StoreOptions{}),
        dispatcher_(store_, nullptr),
        late_(std::move(late)),
        delay_(delay) {}
  ~LateAnswers() override {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& t : threads_) {
      t.join();
    }
  }
  std::optional<core::Response> handle(const core::Request& request, net::Caller& caller,
                                       core::Completion&& later) override {
    std::optional<core::Response> now = dispatcher_.handle(request, caller, {});
    if (!now || !late_(request.op)) {
      return now;
    }
    std::lock_guard<std::mutex> lock(mu_);
    threads_.emplace_back([later = std::move(later), r = std::move(*now), d = delay_]() mutable {
      std::this_thread::sleep_for(d);
      later(std::move(r));
    });
    return std::nullopt;
  }

 private:
  core::SystemClock clock_;
  core::Store store_;
  net::Dispatcher dispatcher_;
  std::function<bool(core::OpCode)> late_;
  std::chrono::milliseconds delay_;
  std::mutex mu_;
  std::vector<std::thread> threads_;
};

}  // namespace soss::test
