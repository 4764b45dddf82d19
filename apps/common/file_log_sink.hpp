// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdio>
#include <mutex>
#include <string>

#include "soss/core/common/log.hpp"
#include "soss/core/common/status.hpp"

namespace soss::apps {

// Appends timestamped log lines to a file: where a Windows service logs, since it has no console
// and no journald. Each line is flushed, so the file is complete after a crash. Owned by main();
// thread-safe.
class FileLogSink final : public log::LogSink {
 public:
  FileLogSink() = default;
  FileLogSink(const FileLogSink&) = delete;
  FileLogSink& operator=(const FileLogSink&) = delete;
  ~FileLogSink() override;

  // Opens (creates) `path` for appending.
  Status open(const std::string& path);
  void write(log::Level level, std::string_view component, std::string_view message) override;

 private:
  std::mutex mu_;
  std::FILE* file_ = nullptr;
};

}  // namespace soss::apps
