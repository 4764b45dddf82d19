// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "cmd_set.hpp"

#include <cstdio>
#include <iostream>
#include <memory>

#include "exit_codes.hpp"

namespace soss::apps {

int run_set(const SetOptions& options, CliContext& ctx) {
  core::Request req;
  req.op = core::OpCode::kSetParams;
  for (const auto& a : options.assignments) {
    auto eq = a.find('=');
    if (eq == std::string::npos || eq == 0) {
      std::fprintf(stderr, "soss set: '%s' is not name=value\n", a.c_str());
      return kExitUsage;
    }
    req.fields.emplace_back(a.substr(0, eq), a.substr(eq + 1));
  }
  auto r = ctx.manage(req);
  if (!r) {
    return ctx.fail(r.error());
  }
  // Fields: "<name>" = "restart" for each parameter that needs one, "propagated" = "<host> ok"
  // or "<host> failed: why" for each other host a store-wide change was sent to.
  bool all_reached = true;
  if (ctx.json) {
    nlohmann::json restart = nlohmann::json::array();
    nlohmann::json hosts = nlohmann::json::array();
    for (const auto& [n, v] : r->fields) {
      if (n == "propagated") {
        hosts.push_back(v);
        all_reached = all_reached && v.find(" failed") == std::string::npos;
      } else {
        restart.push_back(n);
      }
    }
    ctx.print_json({{"changed", options.assignments.size()},
                    {"restart_needed", restart},
                    {"other_hosts", hosts}});
    return all_reached ? kExitOk : kExitUnavailable;
  }
  std::cout << "saved " << options.assignments.size() << " parameter(s) to the params file\n";
  for (const auto& [n, v] : r->fields) {
    if (n == "propagated") {
      std::cout << "  store-wide change sent to " << v << "\n";
      all_reached = all_reached && v.find(" failed") == std::string::npos;
    } else {
      std::cout << "  " << n << ": takes effect after a restart of the service\n";
    }
  }
  return all_reached ? kExitOk : kExitUnavailable;
}

void setup_set(CLI::App& app, CliContext& ctx) {
  auto opts = std::make_shared<SetOptions>();
  auto* cmd = app.add_subcommand("set", "set parameters: soss set name=value [name=value...]");
  cmd->add_option("assignments", opts->assignments, "name=value pairs")->required();
  cmd->callback([&ctx, opts] { ctx.run = [&ctx, opts] { return run_set(*opts, ctx); }; });
}

}  // namespace soss::apps
