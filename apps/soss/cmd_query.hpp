// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <CLI/CLI.hpp>

#include "cli_context.hpp"

namespace soss::apps {

// `soss query [ALL]`: the store's and this host's status; exits 3 when not healthy (a health
// check for scripts and containers).
void setup_query(CLI::App& app, CliContext& ctx);

}  // namespace soss::apps
