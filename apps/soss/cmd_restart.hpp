// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <CLI/CLI.hpp>

#include "cli_context.hpp"

namespace soss::apps {

// `soss restart [target]`: restarts the service so that parameters that need a restart take
// effect. The local host's service under systemd (the default params file and an active
// soss.service unit) is restarted with `systemctl restart soss`; otherwise the service is asked
// to restart itself (management request `restart`: on Linux it stops gracefully and runs its own
// binary again with the same arguments; a Windows service stops and has the service manager start
// it again), and the command waits until it answers again.
void setup_restart(CLI::App& app, CliContext& ctx);

}  // namespace soss::apps
