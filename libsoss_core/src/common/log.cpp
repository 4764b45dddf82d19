// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "soss/core/common/log.hpp"

#include <array>
#include <atomic>

namespace soss::log {
namespace {
// The single process-wide logging hook (STYLE §1.7). Set by apps before they start threads.
std::atomic<LogSink*> g_sink{nullptr};
std::atomic<int> g_level{static_cast<int>(Level::kInfo)};
constexpr std::array<std::string_view, 5> kLevelNames = {"error", "warn", "info", "debug", "trace"};
}  // namespace

void set_sink(LogSink* sink) { g_sink.store(sink); }
void set_level(Level level) { g_level.store(static_cast<int>(level)); }

bool enabled(Level level) {
  return g_sink.load(std::memory_order_relaxed) != nullptr &&
         static_cast<int>(level) <= g_level.load(std::memory_order_relaxed);
}

void emit(Level level, std::string_view component, std::string_view message) {
  if (LogSink* sink = g_sink.load()) {
    sink->write(level, component, message);
  }
}

std::string_view level_name(Level level) { return kLevelNames[static_cast<std::size_t>(level)]; }

bool parse_level(std::string_view text, Level& out) {
  for (std::size_t i = 0; i < kLevelNames.size(); ++i) {
    if (kLevelNames[i] == text) {
      out = static_cast<Level>(i);
      return true;
    }
  }
  return false;
}

}  // namespace soss::log
