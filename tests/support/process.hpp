// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// Test helpers to run real programs: start/stop by pid, run-to-completion with a time bound.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "support/wait.hpp"  // eventually(), used with the processes

namespace soss::test {

struct RunResult {
  int exit_code = -1;  // -1 when killed by a signal or timed out
  bool timed_out = false;
  std::string out;
  std::string err;
};

// Runs a program to completion (stdin from `input`), bounded by `timeout`; kills it on timeout.
RunResult run(const std::vector<std::string>& argv, const std::string& input = {},
              std::chrono::milliseconds timeout = std::chrono::seconds(30));

// A background process started by a test; stopped by pid (SIGTERM, then SIGKILL) when destroyed.
class Process {
 public:
  Process(const std::vector<std::string>& argv, const std::string& log_path);
  ~Process();
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  pid_t pid() const { return pid_; }
  bool running();
  // Sends `signo` and waits up to `timeout` for the exit; returns the exit code (-1 = signal).
  int stop(int signo, std::chrono::milliseconds timeout = std::chrono::seconds(10));
  int exit_code() const { return exit_code_; }

 private:
  pid_t pid_ = -1;
  int exit_code_ = -1;
  bool reaped_ = false;
};

// A TCP port on 127.0.0.1 that was free a moment ago.
std::uint16_t free_port();

// The full path of a program on PATH ("" when absent): run() executes paths, not names.
std::string find_program(const std::string& name);
// A new empty directory under /tmp, removed by the destructor.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

void write_text(const std::string& path, const std::string& text);
std::string read_text(const std::string& path);

}  // namespace soss::test
