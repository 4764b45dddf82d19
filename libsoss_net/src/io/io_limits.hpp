// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// What every door (svr/mgt ports, resp_port) does against clients that hold resources: activity
// stamps for the idle and read timeouts, a rate limit for repeated log lines, and the back-off
// of an accept loop that fails (at the fd limit accept fails at once, again and again).
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <asio.hpp>

#include "soss/core/common/log.hpp"
#include "soss/net/server.hpp"

namespace soss::net::detail {

inline std::int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// When a connection last received bytes and since when it holds a partly received request.
// Written by the connection's io thread, read by the server's sweep on another: atomics.
class Watched {
 public:
  // After each read: `partial` = a request has begun and is not complete yet.
  void on_bytes(bool partial) {
    const std::int64_t now = steady_ms();
    last_read_ms_ = now;
    if (!partial) {
      partial_since_ms_ = 0;
    } else if (partial_since_ms_.load() == 0) {
      partial_since_ms_ = now;
    }
  }
  // Why the connection must close now, or nullptr.
  const char* expired(std::int64_t now, const ConnectionLimits& limits) const {
    const std::int64_t partial = partial_since_ms_.load();
    if (limits.read_timeout_s != 0 && partial != 0 &&
        now - partial > std::int64_t{limits.read_timeout_s} * 1000) {
      return "a request stayed incomplete longer than read_timeout";
    }
    if (limits.idle_timeout_s != 0 &&
        now - last_read_ms_.load() > std::int64_t{limits.idle_timeout_s} * 1000) {
      return "idle longer than idle_timeout";
    }
    return nullptr;
  }

 protected:
  ~Watched() = default;

 private:
  std::atomic<std::int64_t> last_read_ms_{steady_ms()};
  std::atomic<std::int64_t> partial_since_ms_{0};
};

// Lets one line through per interval and counts the ones held back. Thread-safe.
class LogLimiter {
 public:
  explicit LogLimiter(std::int64_t interval_ms = 1000) : interval_ms_(interval_ms) {}
  // True when a line may be written now; `suppressed` = how many were held back before it.
  bool allow(std::uint64_t& suppressed) {
    std::lock_guard<std::mutex> lock(mu_);
    const std::int64_t now = steady_ms();
    if (last_ms_ != 0 && now - last_ms_ < interval_ms_) {
      ++held_;
      return false;
    }
    last_ms_ = now;
    suppressed = held_;
    held_ = 0;
    return true;
  }

 private:
  const std::int64_t interval_ms_;
  std::mutex mu_;
  std::int64_t last_ms_ = 0;
  std::uint64_t held_ = 0;
};

// Writes a warning through a LogLimiter, saying how many similar lines were held back.
template <typename... Args>
void warn_limited(LogLimiter& limiter, fmt::format_string<Args...> f, Args&&... args) {
  std::uint64_t held = 0;
  if (limiter.allow(held)) {
    std::string line = fmt::format(f, std::forward<Args>(args)...);
    if (held > 0) {
      line += fmt::format(" ({} similar lines held back)", held);
    }
    log::warn("net", "{}", line);
  }
}

// Asks every connection of `live` that is past read_timeout or idle_timeout to close, counting
// it in `timed_out`, and drops the entries of connections already gone. The caller holds the
// lock that guards `live`.
template <typename Connection>
void shed_expired(std::vector<std::weak_ptr<Connection>>& live, const ConnectionLimits& limits,
                  std::atomic<std::uint64_t>& timed_out, LogLimiter& log, std::string_view door) {
  const std::int64_t now = steady_ms();
  std::erase_if(live, [](const auto& w) { return w.expired(); });
  for (auto& w : live) {
    if (auto c = w.lock()) {
      if (const char* why = c->expired(now, limits)) {
        timed_out++;
        warn_limited(log, "closing a {} connection: {}", door, why);
        c->shed();
      }
    }
  }
}

// The retry of a failed accept: at once after a transient error, but after 10 ms doubling to
// 1 s while accepts keep failing (EMFILE: the fd limit; the listener stays readable, so retrying
// at once would spin). Lives on the acceptor's io thread.
class AcceptBackoff {
 public:
  explicit AcceptBackoff(asio::io_context& io) : timer_(io) {}
  void succeeded() { delay_ms_ = 0; }
  void failed(const asio::error_code& ec, const std::string& what, std::function<void()> retry) {
    delay_ms_ = std::clamp<std::int64_t>(delay_ms_ * 2, 10, 1000);
    warn_limited(log_, "{}: accept failed: {} (retrying in {} ms)", what, ec.message(), delay_ms_);
    timer_.expires_after(std::chrono::milliseconds(delay_ms_));
    timer_.async_wait([retry = std::move(retry)](const asio::error_code& e) {
      if (!e) {
        retry();
      }
    });
  }
  void cancel() { timer_.cancel(); }

 private:
  asio::steady_timer timer_;
  std::int64_t delay_ms_ = 0;
  LogLimiter log_;
};

}  // namespace soss::net::detail
