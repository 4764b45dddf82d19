// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "file_log_sink.hpp"

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "stderr_log_sink.hpp"

namespace soss::apps {

FileLogSink::~FileLogSink() {
  if (file_ != nullptr) {
    std::fclose(file_);
  }
}

Status FileLogSink::open(const std::string& path) {
  std::lock_guard<std::mutex> lock(mu_);
  if (file_ != nullptr) {
    std::fclose(file_);
  }
  file_ = std::fopen(path.c_str(), "ab");
  if (file_ == nullptr) {
    return Status(StatusCode::kConfigError,
                  fmt::format("cannot open log file {}: {}", path, std::strerror(errno)));
  }
  return Status::ok();
}

void FileLogSink::write(log::Level level, std::string_view component, std::string_view message) {
  std::string line = format_log_line(level, component, message, true);
  std::lock_guard<std::mutex> lock(mu_);
  if (file_ == nullptr) {
    return;
  }
  std::fwrite(line.data(), 1, line.size(), file_);
  std::fflush(file_);
}

}  // namespace soss::apps
