// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "cmd_leave.hpp"

#include <chrono>
#include <memory>
#include <thread>

#include "exit_codes.hpp"
#include "targets.hpp"

namespace soss::apps {
namespace {

HostOutcome leave_one(const LeaveOptions& options, const CliContext& ctx, const HostRef& host) {
  client::Admin admin = ctx.admin();
  client::AdminReply r = admin.leave(host, options.force);
  if (!r.ok()) {
    return host_failed(status_of(r));
  }
  std::string state = r.field("state");
  auto deadline = std::chrono::steady_clock::now() +
                  std::chrono::milliseconds(static_cast<std::int64_t>(options.wait_s * 1000));
  while (options.wait && state != "inactive") {
    if (std::chrono::steady_clock::now() > deadline) {
      return host_failed(Status(StatusCode::kTimeout, "host still " + state));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    client::AdminReply s = admin.status(host);
    if (!s.ok()) {
      return host_failed(status_of(s));
    }
    state = s.field("state");
  }
  HostOutcome o;
  o.json = {{"state", state}};
  o.text = "host is " + state + "\n";
  return o;
}

constexpr const char* kForceHelp =
    "leave even as the last host of the store (its objects are dropped)";

}  // namespace

int run_leave(const LeaveOptions& options, CliContext& ctx) {
  return run_on_targets(ctx, options.target,
                        [&](const HostRef& h, bool) { return leave_one(options, ctx, h); });
}

void setup_leave(CLI::App& app, CliContext& ctx) {
  auto plain = std::make_shared<LeaveOptions>();
  auto* leave = app.add_subcommand("leave", "deactivate the host(s): leave the store");
  leave->add_option("target", plain->target,
                    "all, a host address or a host id (default: this host)");
  leave->add_flag("--force", plain->force, kForceHelp);
  leave->callback([&ctx, plain] { ctx.run = [&ctx, plain] { return run_leave(*plain, ctx); }; });
  auto opts = std::make_shared<LeaveOptions>();
  opts->wait = true;
  auto* wait = app.add_subcommand("leave_wait", "leave, and wait until the host(s) are inactive");
  wait->add_option("target", opts->target, "all, a host address or a host id (default: this host)");
  wait->add_option("--wait-timeout", opts->wait_s, "seconds to wait per host")
      ->capture_default_str();
  wait->add_flag("--force", opts->force, kForceHelp);
  wait->callback([&ctx, opts] { ctx.run = [&ctx, opts] { return run_leave(*opts, ctx); }; });
}

}  // namespace soss::apps
