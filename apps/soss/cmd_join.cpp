// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "cmd_join.hpp"

#include <iostream>

#include "exit_codes.hpp"

namespace soss::apps {
namespace {

int run_join(CliContext& ctx) {
  core::Request req;
  req.op = core::OpCode::kJoin;
  auto r = ctx.manage(req);
  if (!r) {
    return ctx.fail(r.error());
  }
  if (ctx.json) {
    ctx.print_json({{"state", field(*r, "state")}});
  } else {
    std::cout << "host is " << field(*r, "state") << "\n";
  }
  return kExitOk;
}

}  // namespace

void setup_join(CLI::App& app, CliContext& ctx) {
  auto* cmd = app.add_subcommand("join", "activate this host: it joins (or creates) the store");
  cmd->callback([&ctx] { ctx.run = [&ctx] { return run_join(ctx); }; });
}

}  // namespace soss::apps
