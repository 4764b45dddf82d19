// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <exception>
#include <future>
#include <memory>
#include <string>
#include <utility>

#include "convert.hpp"
#include "router.hpp"

namespace soss::client::detail {

// A future that is ready at once.
template <typename T>
std::future<T> ready(T value) {
  std::promise<T> promise;
  promise.set_value(std::move(value));
  return promise.get_future();
}

// The one path from a request to a future: submits `request` and fulfils the future with
// `convert(response)`. Never throws: a failure to submit becomes an Internal answer.
template <typename T>
std::future<T> send_request(Router& channel, const core::Request& request,
                            T (*convert)(core::Response)) {
  auto promise = std::make_shared<std::promise<T>>();
  std::future<T> future = promise->get_future();
  try {
    channel.submit(request, [promise, convert](core::Response response) {
      try {
        promise->set_value(convert(std::move(response)));
      } catch (...) {
        // Out of memory while converting: still answer, so no caller waits forever.
        try {
          promise->set_value(error_of<T>(ResultCode::kInternal, {}));
        } catch (...) {
        }
      }
    });
  } catch (const std::exception& e) {
    return ready(error_of<T>(ResultCode::kInternal, e.what()));
  }
  return future;
}

}  // namespace soss::client::detail
