// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "stderr_log_sink.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>

#include <fmt/format.h>

namespace soss::apps {

std::string format_log_line(log::Level level, std::string_view component, std::string_view message,
                            bool timestamps) {
  std::string line;
  if (timestamps) {
    auto now = std::chrono::system_clock::now();
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
    std::time_t secs = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
#ifdef _WIN32
    gmtime_s(&tm, &secs);
#else
    gmtime_r(&secs, &tm);
#endif
    line = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z ", tm.tm_year + 1900,
                       tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ms % 1000);
  }
  line += fmt::format("{:<5} {}: {}\n", log::level_name(level), component, message);
  return line;
}

void StderrLogSink::write(log::Level level, std::string_view component, std::string_view message) {
  std::string line = format_log_line(level, component, message, timestamps_);
  std::lock_guard<std::mutex> lock(mu_);
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

}  // namespace soss::apps
