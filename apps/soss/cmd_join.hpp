// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <CLI/CLI.hpp>

#include "cli_context.hpp"

namespace soss::apps {

// `soss join [target]`: activate the host(s): each joins (or creates) the store; sets
// auto_join 1.
void setup_join(CLI::App& app, CliContext& ctx);

}  // namespace soss::apps
