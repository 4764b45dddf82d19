// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "cli_context.hpp"

namespace soss::apps {

struct LeaveOptions {
  bool wait = false;    // leave_wait: block until the host is inactive
  double wait_s = 300;  // how long leave_wait may wait
  std::string target;   // "" = this host, "all", an address, a host id
  bool force = false;   // also the last host of the store (which drops it)
};

// `soss leave [target]` / `soss leave_wait [target]`: deactivate the host(s) (each sheds its
// load first in a cluster); sets auto_join 0.
void setup_leave(CLI::App& app, CliContext& ctx);
int run_leave(const LeaveOptions& options, CliContext& ctx);

}  // namespace soss::apps
