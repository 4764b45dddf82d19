// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "app_files.hpp"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#ifdef _WIN32
#include <windows.h>
#endif

#include "soss/core/common/param_file.hpp"

namespace soss::apps {

std::string executable_dir() {
#ifdef _WIN32
  // Windows has no fixed configuration folder: soss lives where the installer put it
  // (APPLICATIONFOLDER), and every program of it sits in that folder.
  std::wstring buffer(MAX_PATH, L'\0');
  for (;;) {
    DWORD n = GetModuleFileNameW(nullptr, buffer.data(), static_cast<DWORD>(buffer.size()));
    if (n == 0) {
      return ".";
    }
    if (n < buffer.size()) {
      buffer.resize(n);
      break;
    }
    buffer.resize(buffer.size() * 2);
  }
  return std::filesystem::path(buffer).parent_path().string();
#else
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string(".") : exe.parent_path().string();
#endif
}

std::string params_path(const std::string& from_command_line) {
  if (!from_command_line.empty()) {
    return from_command_line;
  }
  if (const char* env = std::getenv("SOSS_PARAMS"); env != nullptr && *env != '\0') {
    return env;
  }
#ifdef _WIN32
  return (std::filesystem::path(executable_dir()) / "soss_params.txt").string();
#else
  return "/etc/soss/soss_params.txt";
#endif
}

std::string dir_of(const std::string& path) {
  auto parent = std::filesystem::path(path).parent_path();
  return parent.empty() ? std::string(".") : parent.string();
}

std::string client_params_path(const std::string& params_file) {
  return (std::filesystem::path(dir_of(params_file)) / "soss_client_params.txt").string();
}

bool file_exists(const std::string& path) {
  std::error_code ec;
  return std::filesystem::exists(path, ec);
}

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status(StatusCode::kConfigError,
                  fmt::format("cannot read {}: {}", path, std::strerror(errno)));
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Status write_file_atomic(const std::string& path, const std::string& text) {
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) {
      return Status(StatusCode::kConfigError,
                    fmt::format("cannot write {}: {}", tmp, std::strerror(errno)));
    }
    out << text;
    out.flush();
    if (!out) {
      return Status(StatusCode::kConfigError, fmt::format("cannot write {}", tmp));
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    return Status(StatusCode::kConfigError,
                  fmt::format("cannot replace {}: {}", path, ec.message()));
  }
  return Status::ok();
}

Status update_params_file(const std::string& path,
                          const std::vector<std::pair<std::string, std::string>>& changes) {
  auto old_text = read_file(path);
  if (!old_text) {
    return old_text.error();
  }
  auto new_text = core::update_params_text(*old_text, changes);
  if (!new_text) {
    return new_text.error();
  }
  return write_file_atomic(path, *new_text);
}

}  // namespace soss::apps
