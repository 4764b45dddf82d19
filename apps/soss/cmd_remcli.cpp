// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "cmd_remcli.hpp"

#include <cstdio>
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "app_files.hpp"
#include "exit_codes.hpp"
#include "soss/core/common/client_params.hpp"

namespace soss::apps {
namespace {

using Changes = std::vector<std::pair<std::string, std::string>>;

// The file's text, or the default file when it does not exist yet.
Result<std::string> client_text(const std::string& path) {
  if (!file_exists(path)) {
    return core::render_client_params({});
  }
  return read_file(path);
}

// Applies `changes` to soss_client_params.txt (creating it with defaults when absent); the
// result is parsed before it is written, so a bad change leaves the file as it was.
int write_changes(CliContext& ctx, const Changes& changes) {
  std::string path = client_params_path(ctx.params_path);
  auto old_text = client_text(path);
  if (!old_text) {
    return ctx.fail(old_text.error());
  }
  auto text = core::update_client_params_text(*old_text, changes);
  if (!text) {
    return ctx.fail(text.error());
  }
  auto parsed = core::parse_client_params(*text, path);
  if (!parsed) {
    return ctx.fail(parsed.error());
  }
  Status s = write_file_atomic(path, *text);
  if (!s.is_ok()) {
    return ctx.fail(s);
  }
  if (ctx.json) {
    ctx.print_json({{"file", path}, {"changed", changes.size()}});
  } else {
    std::cout << fmt::format("saved {} value(s) to {}\n", changes.size(), path);
  }
  return kExitOk;
}

int run_set_cli(const std::vector<std::string>& assignments, CliContext& ctx) {
  Changes changes;
  for (const auto& a : assignments) {
    auto eq = a.find('=');
    if (eq == std::string::npos || eq == 0) {
      std::fprintf(stderr, "soss set_cli: '%s' is not name=value\n", a.c_str());
      return kExitUsage;
    }
    changes.emplace_back(a.substr(0, eq), a.substr(eq + 1));
  }
  return write_changes(ctx, changes);
}

int run_show_remcli(CliContext& ctx) {
  std::string path = client_params_path(ctx.params_path);
  auto text = client_text(path);
  if (!text) {
    return ctx.fail(text.error());
  }
  auto p = core::parse_client_params(*text, path);
  if (!p) {
    return ctx.fail(p.error());
  }
  const bool exists = file_exists(path);
  if (ctx.json) {
    nlohmann::json gws = nlohmann::json::array();
    for (const auto& g : p->gateways) {
      gws.push_back({{"store", g.store},
                     {"mgt_port", g.mgt_port},
                     {"address", g.address},
                     {"svr_port", g.svr_port}});
    }
    ctx.print_json({{"file", path},
                    {"exists", exists},
                    {"max_lcl_retries", p->max_lcl_retries},
                    {"max_rem_retries", p->max_rem_retries},
                    {"max_access_time", p->max_access_time},
                    {"max_svr_conn", p->max_svr_conn},
                    {"gateways", gws}});
    return kExitOk;
  }
  std::cout << path << (exists ? "" : " (absent: defaults)") << "\n";
  std::cout << fmt::format("  {:<16} {}\n  {:<16} {}\n  {:<16} {}\n  {:<16} {}\n",
                           "max_lcl_retries", p->max_lcl_retries, "max_rem_retries",
                           p->max_rem_retries, "max_access_time", p->max_access_time,
                           "max_svr_conn", p->max_svr_conn);
  if (p->gateways.empty()) {
    std::cout << "remote gateways: none (clients use the local service)\n";
    return kExitOk;
  }
  std::cout << fmt::format("remote gateways\n  {:<30} {:>8} {:<16} {:>8}\n", "store", "mgt_port",
                           "address", "svr_port");
  for (const auto& g : p->gateways) {
    std::cout << fmt::format("  {:<30} {:>8} {:<16} {:>8}\n", g.store, g.mgt_port, g.address,
                             g.svr_port);
  }
  return kExitOk;
}

int run_populate(const std::string& store, CliContext& ctx) {
  client::AdminReply st = ctx.admin().status();
  if (!st.ok()) {
    return ctx.fail(status_of(st));
  }
  Changes changes;
  for (const HostRef& m : client::members_of(st)) {
    if (m.address != "?" && m.address != "0.0.0.0") {
      changes.emplace_back("rem_gw",
                           fmt::format("{}, {}, {}, {}", store, m.mgt_port, m.address, m.svr_port));
    }
  }
  if (changes.empty()) {
    return ctx.fail(Status(StatusCode::kNotReady,
                           "this host is not a member of an active store: no gateways to list "
                           "(soss join first)"));
  }
  if (!ctx.json) {
    for (const auto& [n, v] : changes) {
      std::cout << n << " " << v << "\n";
    }
  }
  return write_changes(ctx, changes);
}

}  // namespace

void setup_remcli_commands(CLI::App& app, CliContext& ctx) {
  auto assignments = std::make_shared<std::vector<std::string>>();
  auto* set_cli = app.add_subcommand(
      "set_cli", "set values of soss_client_params.txt: soss set_cli name=value...");
  set_cli
      ->add_option("assignments", *assignments,
                   "name=value pairs (rem_gw=\"STORE, MGT_PORT, ADDRESS, SVR_PORT\"; "
                   "rem_gw=STORE removes that store's gateways)")
      ->required();
  set_cli->callback([&ctx, assignments] {
    ctx.run = [&ctx, assignments] { return run_set_cli(*assignments, ctx); };
  });
  auto* show = app.add_subcommand("show_remcli",
                                  "soss_client_params.txt: client settings and remote gateways");
  show->callback([&ctx] { ctx.run = [&ctx] { return run_show_remcli(ctx); }; });
  auto store = std::make_shared<std::string>(core::kRemoteClientStore);
  auto* populate = app.add_subcommand(
      "populate", "list every host of the live store as a remote-client gateway (rem_gw)");
  populate->add_option("--store", *store, "the rem_gw store name")->capture_default_str();
  populate->callback(
      [&ctx, store] { ctx.run = [&ctx, store] { return run_populate(*store, ctx); }; });
}

}  // namespace soss::apps
