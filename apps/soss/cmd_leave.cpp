// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "cmd_leave.hpp"

#include <chrono>
#include <iostream>
#include <memory>
#include <thread>

#include "exit_codes.hpp"

namespace soss::apps {

int run_leave(const LeaveOptions& options, CliContext& ctx) {
  core::Request req;
  req.op = core::OpCode::kLeave;
  auto r = ctx.manage(req);
  if (!r) {
    return ctx.fail(r.error());
  }
  std::string state = field(*r, "state");
  auto deadline = std::chrono::steady_clock::now() +
                  std::chrono::milliseconds(static_cast<std::int64_t>(options.wait_s * 1000));
  core::Request status;
  status.op = core::OpCode::kGetStatus;
  while (options.wait && state != "inactive") {
    if (std::chrono::steady_clock::now() > deadline) {
      return ctx.fail(Status(StatusCode::kTimeout, "host still " + state));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    auto s = ctx.manage(status);
    if (!s) {
      return ctx.fail(s.error());
    }
    state = field(*s, "state");
  }
  if (ctx.json) {
    ctx.print_json({{"state", state}});
  } else {
    std::cout << "host is " << state << "\n";
  }
  return kExitOk;
}

void setup_leave(CLI::App& app, CliContext& ctx) {
  auto* leave = app.add_subcommand("leave", "deactivate this host: it leaves the store");
  leave->callback([&ctx] { ctx.run = [&ctx] { return run_leave({}, ctx); }; });
  auto opts = std::make_shared<LeaveOptions>();
  opts->wait = true;
  auto* wait = app.add_subcommand("leave_wait", "leave, and wait until the host is inactive");
  wait->add_option("--wait-timeout", opts->wait_s, "seconds to wait")->capture_default_str();
  wait->callback([&ctx, opts] { ctx.run = [&ctx, opts] { return run_leave(*opts, ctx); }; });
}

}  // namespace soss::apps
