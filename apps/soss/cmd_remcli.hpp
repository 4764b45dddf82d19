// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <CLI/CLI.hpp>

#include "cli_context.hpp"

namespace soss::apps {

// The client side's file, soss_client_params.txt beside soss_params.txt:
// `soss set_cli name=value...` (validated, written in place; rem_gw values replace that
// store's gateway lines), `soss show_remcli` (its values and the remote gateways) and
// `soss populate` (rem_gw lines for every member of the live store).
void setup_remcli_commands(CLI::App& app, CliContext& ctx);

}  // namespace soss::apps
