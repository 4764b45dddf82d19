// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <CLI/CLI.hpp>

#include "cli_context.hpp"

namespace soss::apps {

// The data commands for scripts, all through libsoss_client: put, get, remove, lock, unlock,
// namespaces, keys, clear.
void setup_data_commands(CLI::App& app, CliContext& ctx);

}  // namespace soss::apps
