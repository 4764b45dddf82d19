// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace soss::core {

// Milliseconds on a monotonic clock (steady: never jumps back).
using TimePoint = std::chrono::milliseconds;

// Where core reads the time. Core never calls a system clock itself, so tests can drive time.
// Implementations must be thread-safe.
class Clock {
 public:
  virtual ~Clock() = default;
  // Monotonic time for deadlines and timeouts.
  virtual TimePoint now() const = 0;
  // Wall time in milliseconds since the Unix epoch, for created/updated stamps shown to users.
  virtual std::int64_t wall_ms() const = 0;
};

// The real clocks. Stateless and thread-safe.
class SystemClock final : public Clock {
 public:
  TimePoint now() const override;
  std::int64_t wall_ms() const override;
};

// A clock that moves only when told; for deterministic tests and simulation. Thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(TimePoint start = TimePoint(1'000'000)) : now_(start.count()) {}
  TimePoint now() const override { return TimePoint(now_.load()); }
  std::int64_t wall_ms() const override { return 1'700'000'000'000 + now_.load(); }
  void advance(TimePoint by) { now_ += by.count(); }
  void set(TimePoint t) { now_ = t.count(); }

 private:
  std::atomic<std::int64_t> now_;
};

}  // namespace soss::core
