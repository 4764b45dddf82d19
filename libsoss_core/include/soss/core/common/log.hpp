// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string_view>
#include <utility>

#include <fmt/format.h>

namespace soss::log {

enum class Level : int { kError = 0, kWarn = 1, kInfo = 2, kDebug = 3, kTrace = 4 };

// Receives formatted log lines. Apps install one; libraries only call soss::log. Thread-safe.
class LogSink {
 public:
  virtual ~LogSink() = default;
  virtual void write(Level level, std::string_view component, std::string_view message) = 0;
};

// The one process-wide hook (STYLE §1.7): only apps call these. Without a sink nothing is logged.
void set_sink(LogSink* sink);
void set_level(Level level);
bool enabled(Level level);
void emit(Level level, std::string_view component, std::string_view message);
std::string_view level_name(Level level);
// Parses "error", "warn", "info", "debug", "trace"; false when unknown.
bool parse_level(std::string_view text, Level& out);

template <typename... Args>
void write(Level level, std::string_view component, fmt::format_string<Args...> f, Args&&... args) {
  if (enabled(level)) {
    emit(level, component, fmt::format(f, std::forward<Args>(args)...));
  }
}
template <typename... Args>
void error(std::string_view c, fmt::format_string<Args...> f, Args&&... a) {
  write(Level::kError, c, f, std::forward<Args>(a)...);
}
template <typename... Args>
void warn(std::string_view c, fmt::format_string<Args...> f, Args&&... a) {
  write(Level::kWarn, c, f, std::forward<Args>(a)...);
}
template <typename... Args>
void info(std::string_view c, fmt::format_string<Args...> f, Args&&... a) {
  write(Level::kInfo, c, f, std::forward<Args>(a)...);
}
template <typename... Args>
void debug(std::string_view c, fmt::format_string<Args...> f, Args&&... a) {
  write(Level::kDebug, c, f, std::forward<Args>(a)...);
}

}  // namespace soss::log
