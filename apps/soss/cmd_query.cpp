// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "cmd_query.hpp"

#include <iostream>

#include <fmt/format.h>

#include "exit_codes.hpp"

namespace soss::apps {
namespace {

int run_query(CliContext& ctx) {
  core::Request req;
  req.op = core::OpCode::kGetStatus;
  auto r = ctx.manage(req);
  if (!r) {
    return ctx.fail(r.error());
  }
  std::string state = field(*r, "state");
  bool healthy = state == "active";
  if (ctx.json) {
    nlohmann::json host;
    for (const auto& [name, value] : r->fields) {
      host[name] = value;
    }
    ctx.print_json({{"healthy", healthy},
                    {"store", {{"hosts", 1}, {"state", healthy ? "active" : "inactive"}}},
                    {"hosts", nlohmann::json::array({host})}});
  } else {
    std::cout << fmt::format("store: {} ({} host{}, {} objects)\n",
                             healthy ? "active" : "inactive", field(*r, "hosts"),
                             field(*r, "hosts") == "1" ? "" : "s", field(*r, "objects"));
    std::cout << fmt::format("{:<22} {:<10} {:>10} {:>14}\n", "host", "state", "objects",
                             "memory (B)");
    std::cout << fmt::format("{:<22} {:<10} {:>10} {:>14}\n",
                             field(*r, "address") + ":" + field(*r, "svr_port"), state,
                             field(*r, "objects"), field(*r, "bytes"));
  }
  return healthy ? kExitOk : kExitUnhealthy;
}

}  // namespace

void setup_query(CLI::App& app, CliContext& ctx) {
  auto* cmd = app.add_subcommand("query", "status of the store and its hosts; exit 3 if unhealthy");
  cmd->add_option("scope", "ALL: also report backup/restore progress (none yet)")
      ->check(CLI::IsMember({"ALL", "all"}));
  cmd->callback([&ctx] { ctx.run = [&ctx] { return run_query(ctx); }; });
}

}  // namespace soss::apps
