// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "support/process.hpp"

namespace soss::test {

// A real soss_service on 127.0.0.1 with free ports and its own params file, stopped by pid when
// the fixture ends; plus the soss CLI pointed at it.
class ServiceFixture {
 public:
  explicit ServiceFixture(bool auto_join = true, const std::string& extra_params = {});
  ~ServiceFixture();

  // Runs `soss --params FILE args...`.
  RunResult cli(const std::vector<std::string>& args, const std::string& input = {}) const;
  void start();
  int stop(int signo = 15);

  std::string params_file() const { return dir_.file("soss_params.txt"); }
  std::string log() const { return read_text(dir_.file("service.log")); }
  std::uint16_t svr_port() const { return svr_port_; }
  std::uint16_t mgt_port() const { return mgt_port_; }
  Process& process() { return *process_; }

 private:
  TempDir dir_;
  std::uint16_t svr_port_;
  std::uint16_t mgt_port_;
  std::unique_ptr<Process> process_;
};

}  // namespace soss::test
