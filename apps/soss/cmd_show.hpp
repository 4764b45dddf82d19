// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <CLI/CLI.hpp>

#include "cli_context.hpp"

namespace soss::apps {

// `soss show [target]`: the host's (or hosts') status and every parameter in effect.
void setup_show(CLI::App& app, CliContext& ctx);

}  // namespace soss::apps
