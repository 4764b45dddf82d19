// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "cmd_show.hpp"

#include <memory>

#include <fmt/format.h>

#include "exit_codes.hpp"
#include "json_output.hpp"
#include "targets.hpp"

namespace soss::apps {
namespace {

HostOutcome show_one(const CliContext& ctx, const HostRef& host) {
  client::Admin admin = ctx.admin();
  client::AdminReply status = admin.status(host);
  if (!status.ok()) {
    return host_failed(status_of(status));
  }
  client::AdminReply params = admin.params(host);
  if (!params.ok()) {
    return host_failed(status_of(params));
  }
  HostOutcome o;
  o.text = "host status\n";
  for (const auto& [n, v] : status.fields) {
    o.text += fmt::format("  {:<16} {}\n", n, v);
  }
  o.text += "parameters\n";
  for (const auto& [n, v] : params.fields) {
    o.text += fmt::format("  {:<16} {}\n", n, v);
  }
  o.json = {{"host", status_json(status)}, {"params", params_json(params)}};
  return o;
}

}  // namespace

void setup_show(CLI::App& app, CliContext& ctx) {
  auto target = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("show", "a host's status and parameters");
  cmd->add_option("target", *target, "all, a host address or a host id (default: this host)");
  cmd->callback([&ctx, target] {
    ctx.run = [&ctx, target] {
      return run_on_targets(ctx, *target,
                            [&ctx](const HostRef& h, bool) { return show_one(ctx, h); });
    };
  });
}

}  // namespace soss::apps
