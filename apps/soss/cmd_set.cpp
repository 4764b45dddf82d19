// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "cmd_set.hpp"

#include <cstdio>
#include <memory>

#include "exit_codes.hpp"
#include "targets.hpp"

namespace soss::apps {
namespace {

// One "propagated" field, "<host> ok" or "<host> failed: why", as {"host", "ok", "error"}.
nlohmann::json propagated_json(const std::string& v) {
  const std::size_t space = v.find(' ');
  const std::string rest = space == std::string::npos ? "" : v.substr(space + 1);
  nlohmann::json j = {{"host", v.substr(0, space)}, {"ok", rest == "ok"}};
  if (rest != "ok") {
    const std::string failed = "failed: ";
    j["error"] = rest.rfind(failed, 0) == 0 ? rest.substr(failed.size()) : rest;
  }
  return j;
}

// `set ... all` sends the change to every host itself, so each host is told not to send it on.
HostOutcome set_one(const client::AdminFields& changes, bool this_host_only, const CliContext& ctx,
                    const HostRef& host) {
  client::AdminReply r = ctx.admin().set_params(host, changes, this_host_only);
  if (!r.ok()) {
    return host_failed(status_of(r));
  }
  // Fields: "<name>" = "restart" for each parameter that needs one, "propagated" = "<host> ok"
  // or "<host> failed: why" for each other host a store-wide change was sent to.
  HostOutcome o;
  nlohmann::json restart = nlohmann::json::array();
  nlohmann::json hosts = nlohmann::json::array();
  o.text = "saved " + std::to_string(changes.size()) + " parameter(s) to the params file\n";
  for (const auto& [n, v] : r.fields) {
    if (n == "propagated") {
      hosts.push_back(propagated_json(v));
      o.text += "  store-wide change sent to " + v + "\n";
      if (!hosts.back()["ok"].get<bool>()) {
        o.rc = kExitUnavailable;
        o.error = "store-wide change not sent to " + v;
      }
    } else {
      restart.push_back(n);
      o.text += "  " + n + ": takes effect after a restart of the service\n";
    }
  }
  o.json = {{"changed", changes.size()}, {"restart_needed", restart}, {"other_hosts", hosts}};
  if (o.rc != kExitOk && !ctx.json) {  // still show what was done
    std::fputs(o.text.c_str(), stdout);
  }
  return o;
}

}  // namespace

int run_set(const SetOptions& options, CliContext& ctx) {
  std::vector<std::string> assignments = options.args;
  std::string target;
  if (!assignments.empty() && assignments.back().find('=') == std::string::npos &&
      is_target_syntax(assignments.back()) && assignments.size() > 1) {
    target = assignments.back();
    assignments.pop_back();
  }
  client::AdminFields changes;
  for (const auto& a : assignments) {
    auto eq = a.find('=');
    if (eq == std::string::npos || eq == 0) {
      std::fprintf(stderr, "soss set: '%s' is not name=value\n", a.c_str());
      return kExitUsage;
    }
    changes.emplace_back(a.substr(0, eq), a.substr(eq + 1));
  }
  const bool this_host_only = target == "all";
  return run_on_targets(ctx, target, [&](const HostRef& h, bool) {
    return set_one(changes, this_host_only, ctx, h);
  });
}

void setup_set(CLI::App& app, CliContext& ctx) {
  auto opts = std::make_shared<SetOptions>();
  auto* cmd = app.add_subcommand(
      "set", "set parameters: soss set name=value [name=value...] [all|ADDRESS|HOST_ID]");
  cmd->add_option("assignments", opts->args, "name=value pairs, then an optional target")
      ->required();
  cmd->callback([&ctx, opts] { ctx.run = [&ctx, opts] { return run_set(*opts, ctx); }; });
}

}  // namespace soss::apps
