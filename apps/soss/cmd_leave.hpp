// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <CLI/CLI.hpp>

#include "cli_context.hpp"

namespace soss::apps {

struct LeaveOptions {
  bool wait = false;      // leave_wait: block until the host is inactive
  double wait_s = 300;    // how long leave_wait may wait
};

// `soss leave` / `soss leave_wait`: deactivate this host (sheds its load first in a cluster);
// sets auto_join 0.
void setup_leave(CLI::App& app, CliContext& ctx);
int run_leave(const LeaveOptions& options, CliContext& ctx);

}  // namespace soss::apps
