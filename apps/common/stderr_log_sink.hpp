// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <mutex>
#include <string>
#include <string_view>

#include "soss/core/common/log.hpp"

namespace soss::apps {

// The text of one log line: an optional UTC timestamp, the level, the component, the message, "\n".
std::string format_log_line(log::Level level, std::string_view component, std::string_view message,
                            bool timestamps);

// Writes "2026-11-24T02:00:00.123Z info  component: message" lines to stderr (journald adds its
// own stamp, so `timestamps` can be turned off). Thread-safe.
class StderrLogSink final : public log::LogSink {
 public:
  explicit StderrLogSink(bool timestamps = true) : timestamps_(timestamps) {}
  void write(log::Level level, std::string_view component, std::string_view message) override;

 private:
  bool timestamps_;
  std::mutex mu_;
};

}  // namespace soss::apps
