// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli_context.hpp"

namespace soss::apps {

struct SetOptions {
  std::vector<std::string> args;  // name=value..., then an optional target
};

// `soss set name=value... [target]`: validates, applies what can change at run time, writes
// soss_params.txt, and names the parameters that need a restart. Store-wide parameters set on
// one host are propagated by that host's service to the others.
void setup_set(CLI::App& app, CliContext& ctx);
int run_set(const SetOptions& options, CliContext& ctx);

}  // namespace soss::apps
