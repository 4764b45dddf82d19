// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "cmd_show.hpp"

#include <iostream>

#include <fmt/format.h>

#include "exit_codes.hpp"

namespace soss::apps {
namespace {

int run_show(CliContext& ctx) {
  core::Request status_req;
  status_req.op = core::OpCode::kGetStatus;
  auto status = ctx.manage(status_req);
  if (!status) {
    return ctx.fail(status.error());
  }
  core::Request params_req;
  params_req.op = core::OpCode::kGetParams;
  auto params = ctx.manage(params_req);
  if (!params) {
    return ctx.fail(params.error());
  }
  if (ctx.json) {
    nlohmann::json host;
    for (const auto& [n, v] : status->fields) {
      host[n] = v;
    }
    nlohmann::json p;
    for (const auto& [n, v] : params->fields) {
      p[n] = v;
    }
    ctx.print_json({{"host", host}, {"params", p}});
    return kExitOk;
  }
  std::cout << "host status\n";
  for (const auto& [n, v] : status->fields) {
    std::cout << fmt::format("  {:<16} {}\n", n, v);
  }
  std::cout << "parameters\n";
  for (const auto& [n, v] : params->fields) {
    std::cout << fmt::format("  {:<16} {}\n", n, v);
  }
  return kExitOk;
}

}  // namespace

void setup_show(CLI::App& app, CliContext& ctx) {
  auto* cmd = app.add_subcommand("show", "this host's status and parameters");
  cmd->callback([&ctx] { ctx.run = [&ctx] { return run_show(ctx); }; });
}

}  // namespace soss::apps
