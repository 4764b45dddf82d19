// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// soss: the command-line control program. Thin: each subcommand lives in its cmd_*.cpp.
#include <CLI/CLI.hpp>

#include "cli_context.hpp"
#include "cmd_data.hpp"
#include "cmd_join.hpp"
#include "cmd_leave.hpp"
#include "cmd_query.hpp"
#include "cmd_remcli.hpp"
#include "cmd_restart.hpp"
#include "cmd_set.hpp"
#include "cmd_show.hpp"
#include "exit_codes.hpp"

using namespace soss;

int main(int argc, char** argv) {
  CLI::App app{
      "soss: control program for the soss distributed object store.\n"
      "Exit codes: 0 ok, 1 not found, 2 refused (exists/locked/version), 3 unhealthy,\n"
      "64 usage, 65 bad data, 69 service unreachable or not ready, 70 internal,\n"
      "75 try again (timeout, low memory), 78 configuration."};
  apps::CliContext ctx;
  app.add_option("--params", ctx.params_arg,
                 "the host's soss_params.txt (default: $SOSS_PARAMS, else "
                 "/etc/soss/soss_params.txt; on Windows soss_params.txt beside soss.exe)");
  app.add_option("--host", ctx.host,
                 "address of the service (default: net_interface of the params file, else "
                 "127.0.0.1)");
  app.add_flag("--json", ctx.json,
               "machine-readable output: one JSON document on stdout (schema: docs/cli.md)");
  app.add_flag("--remote", ctx.remote,
               "a remote client: reach the store through the rem_gw "
               "__SOSS_remote_client_access lines of soss_client_params.txt (beside --params)");
  app.add_option("--timeout", ctx.timeout_s, "seconds to wait for the service")
      ->check(CLI::Range(0.1, 3600.0))
      ->capture_default_str();
  app.set_version_flag("--version", std::string("soss ") + SOSS_VERSION);
  app.require_subcommand(1);
  // The global options may also follow the subcommand (`soss query --json`): an option the
  // subcommand does not know goes up to this app. Set before the subcommands, which inherit it.
  app.fallthrough();
  apps::setup_query(app, ctx);
  apps::setup_show(app, ctx);
  apps::setup_set(app, ctx);
  apps::setup_join(app, ctx);
  apps::setup_leave(app, ctx);
  apps::setup_restart(app, ctx);
  apps::setup_remcli_commands(app, ctx);
  apps::setup_data_commands(app, ctx);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? apps::kExitOk : apps::kExitUsage;
  }
  int rc = ctx.load_params();
  if (rc != apps::kExitOk) {
    return rc;
  }
  return ctx.run ? ctx.run() : apps::kExitUsage;
}
