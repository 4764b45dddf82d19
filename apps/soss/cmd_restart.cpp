// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "cmd_restart.hpp"

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <thread>

#include "exit_codes.hpp"
#include "targets.hpp"

namespace soss::apps {
namespace {

struct RestartOptions {
  std::string target;
  double wait_s = 30;
};

// True when the service this command manages is systemd's soss.service: the command uses the
// packaged params file (no --params, no $SOSS_PARAMS) and the unit is active.
bool managed_by_systemd(const CliContext& ctx) {
#ifdef _WIN32
  (void)ctx;
  return false;
#else
  const char* env = std::getenv("SOSS_PARAMS");
  if (!ctx.params_arg.empty() || (env != nullptr && *env != '\0')) {
    return false;
  }
  return std::system(
             "command -v systemctl >/dev/null 2>&1 && "
             "systemctl is-active --quiet soss.service 2>/dev/null") == 0;
#endif
}

HostOutcome restart_one(const RestartOptions& options, const CliContext& ctx, const HostRef& host) {
  client::Admin admin = ctx.admin();
  client::AdminReply before = admin.status(host);
  if (!before.ok()) {
    return host_failed(status_of(before));
  }
  client::AdminReply r = admin.restart(host);
  if (!r.ok()) {
    return host_failed(status_of(r));
  }
  // The same process runs again (exec): a new start time tells the new instance apart.
  const std::string old_start = before.field("started_ms");
  auto deadline = std::chrono::steady_clock::now() +
                  std::chrono::milliseconds(static_cast<std::int64_t>(options.wait_s * 1000));
  while (std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    client::AdminReply now = admin.status(host);
    if (now.ok() && now.field("started_ms") != old_start) {
      HostOutcome o;
      o.json = {{"restarted", true}, {"via", "request"}, {"state", now.field("state")}};
      o.text = "service restarted; host is " + now.field("state") + "\n";
      return o;
    }
  }
  return host_failed(Status(StatusCode::kTimeout,
                            "the service did not come back in time "
                            "(see its log)"));
}

int run_restart(const RestartOptions& options, CliContext& ctx) {
  if (options.target.empty() && managed_by_systemd(ctx)) {
    int rc = std::system("systemctl restart soss.service");
    if (rc != 0) {
      return ctx.fail(Status(StatusCode::kUnavailable,
                             "systemctl restart soss.service failed (as root: sudo soss "
                             "restart)"));
    }
    if (ctx.json) {
      ctx.print_json({{"restarted", true}, {"via", "systemd"}});
    } else {
      std::cout << "soss.service restarted (systemctl)\n";
    }
    return kExitOk;
  }
  return run_on_targets(ctx, options.target,
                        [&](const HostRef& h, bool) { return restart_one(options, ctx, h); });
}

}  // namespace

void setup_restart(CLI::App& app, CliContext& ctx) {
  auto opts = std::make_shared<RestartOptions>();
  auto* cmd = app.add_subcommand("restart",
                                 "restart the service (systemd's unit when it runs "
                                 "under systemd); waits until it answers again");
  cmd->add_option("target", opts->target, "all, a host address or a host id (default: this host)");
  cmd->add_option("--wait-timeout", opts->wait_s, "seconds to wait per host")
      ->capture_default_str();
  cmd->callback([&ctx, opts] { ctx.run = [&ctx, opts] { return run_restart(*opts, ctx); }; });
}

}  // namespace soss::apps
