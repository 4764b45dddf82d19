// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "cmd_join.hpp"

#include <memory>

#include "exit_codes.hpp"
#include "targets.hpp"

namespace soss::apps {
namespace {

HostOutcome join_one(const CliContext& ctx, const HostRef& host, bool force) {
  client::AdminReply r = ctx.admin().join(host, force);
  if (!r.ok()) {
    return host_failed(status_of(r));
  }
  HostOutcome o;
  o.json = {{"state", r.field("state")}};
  o.text = "host is " + r.field("state") + "\n";
  return o;
}

}  // namespace

void setup_join(CLI::App& app, CliContext& ctx) {
  auto target = std::make_shared<std::string>();
  auto force = std::make_shared<bool>(false);
  auto* cmd = app.add_subcommand("join", "activate the host(s): join (or create) the store");
  cmd->add_option("target", *target, "all, a host address or a host id (default: this host)");
  cmd->add_flag("--force", *force,
                "found a new, empty store now instead of looking for the store this host was in");
  cmd->callback([&ctx, target, force] {
    ctx.run = [&ctx, target, force] {
      return run_on_targets(
          ctx, *target, [&ctx, force](const HostRef& h, bool) { return join_one(ctx, h, *force); });
    };
  });
}

}  // namespace soss::apps
