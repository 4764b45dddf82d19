// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// soss_console: the full-screen management console. Thin: parse options, find the service,
// then loop: poll the store every second, draw, act on keys (console_model.cpp).
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <CLI/CLI.hpp>

#include "app_files.hpp"
#include "console_backend.hpp"
#include "console_model.hpp"
#include "console_view.hpp"
#include "exit_codes.hpp"
#include "management.hpp"
#include "soss/client/grid_connection.hpp"
#include "soss/core/common/param_set.hpp"
#include "terminal_screen.hpp"

using namespace soss;

namespace {

volatile std::sig_atomic_t g_stop = 0;
extern "C" void on_signal(int) { g_stop = 1; }

struct Options {
  std::string params_arg;
  std::string host;
  int port = 0;
  double timeout_s = 2;
  double refresh_s = 1;
  bool remote = false;
};

// The service to manage: --host/--port, else the params file's net_interface and mgt_port.
// The credentials the console presents (docs/security.md): SOSS_USER/SOSS_PASSWORD, else the
// first admin of the access file the parameters name, when readable.
core::Credentials operator_credentials(const std::string& params_path,
                                       const std::string& auth_file) {
  client::ConnectionOptions o;
  client::GridConnection::add_operator_credentials(o, apps::dir_of(params_path), auth_file);
  return core::Credentials{o.user, o.password};
}

int find_service(const Options& o, std::string& host, std::uint16_t& port,
                 std::vector<std::string>& configured, core::Credentials& credentials) {
  core::ParamSet params = core::ParamSet::defaults();
  std::string path = apps::params_path(o.params_arg);
  if (o.remote) {
    auto store = apps::find_remote_store(
        apps::client_params_path(path),
        std::chrono::milliseconds(static_cast<std::int64_t>(o.timeout_s * 1000)));
    if (!store) {
      std::fprintf(stderr, "soss_console: %s\n", std::string(store.error().message()).c_str());
      return apps::kExitConfig;
    }
    host = o.host.empty() ? store->chosen.address : o.host;
    port = o.port != 0 ? static_cast<std::uint16_t>(o.port) : store->chosen.mgt_port;
    for (const auto& h : store->all) {
      configured.push_back(h.address);
    }
    credentials = operator_credentials(path, "");
    return apps::kExitOk;
  }
  if (o.port == 0 || o.host.empty()) {
    auto text = apps::read_file(path);
    if (!text && o.port == 0) {
      std::fprintf(stderr, "soss_console: %s (use --params PATH, $SOSS_PARAMS or --port)\n",
                   std::string(text.error().message()).c_str());
      return apps::kExitConfig;
    }
    if (text) {
      Status s = params.parse_file_text(*text, path);
      if (!s.is_ok()) {
        std::fprintf(stderr, "soss_console: %s\n", std::string(s.message()).c_str());
        return apps::kExitConfig;
      }
    }
  }
  configured = apps::configured_hosts(params);
  const std::string& iface = params.get("net_interface");
  host = !o.host.empty() ? o.host : (iface.empty() || iface == "0.0.0.0" ? "127.0.0.1" : iface);
  port = o.port != 0 ? static_cast<std::uint16_t>(o.port)
                     : static_cast<std::uint16_t>(params.get_int("mgt_port"));
  credentials = operator_credentials(path, params.get("auth_file"));
  return apps::kExitOk;
}

int run(const std::string& host, std::uint16_t port, std::vector<std::string> configured,
        core::Credentials credentials, const Options& o) {
  auto timeout = std::chrono::milliseconds(static_cast<std::int64_t>(o.timeout_s * 1000));
  auto refresh = std::chrono::milliseconds(static_cast<std::int64_t>(o.refresh_s * 1000));
  client::AdminOptions admin;
  admin.host = host;
  admin.mgt_port = port;
  admin.timeout = timeout;
  admin.user = std::move(credentials.user);
  admin.password = std::move(credentials.password);
  auto backend =
      console::make_store_backend(client::Admin(std::move(admin)), timeout, std::move(configured));
  console::ConsoleModel model(*backend);
  const std::string where = host + ":" + std::to_string(port);
  auto screen = console::make_terminal_screen();
  auto next = std::chrono::steady_clock::now();
  while (g_stop == 0) {
    auto now = std::chrono::steady_clock::now();
    if (now >= next) {
      model.refresh(now);
      next = std::chrono::steady_clock::now() + refresh;
    }
    console::draw(model, *screen, where);
    auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(
        next - std::chrono::steady_clock::now());
    int k = screen->read_key(std::max(wait, std::chrono::milliseconds(20)));
    if (k == console::key::kNone || k == console::key::kResize) {
      continue;
    }
    std::string before = model.message();
    if (!model.handle_key(k)) {
      break;
    }
    if (model.message() != before) {
      next = std::chrono::steady_clock::now();  // an action: show its effect at once
    }
  }
  return apps::kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "soss_console: full-screen management console of a soss store.\n"
      "Shows the store's hosts (green active, yellow joining/leaving, red inactive),\n"
      "their status, parameters and request rates, refreshed every second; joins and\n"
      "leaves hosts, edits parameters, chooses the network interface, browses objects.\n"
      "Keys: j/l join/leave, J/L all hosts, Tab/e edit a parameter, i interface,\n"
      "b object browser, ? help, q quit. Exit codes: 0 ok, 64 usage (or no terminal),\n"
      "78 configuration."};
  Options o;
  app.add_option("--params", o.params_arg,
                 "the host's soss_params.txt (default: $SOSS_PARAMS, else "
                 "/etc/soss/soss_params.txt; on Windows soss_params.txt beside "
                 "soss_console.exe)");
  app.add_option("--host", o.host,
                 "address of the service (default: net_interface of the params file, else "
                 "127.0.0.1)");
  app.add_option("--port", o.port, "the service's mgt_port (default: from the params file)")
      ->check(CLI::Range(1, 65535));
  app.add_option("--timeout", o.timeout_s, "seconds to wait for a host's answer")
      ->check(CLI::Range(0.1, 60.0))
      ->capture_default_str();
  app.add_flag("--remote", o.remote,
               "a remote client: reach the store through the rem_gw "
               "__SOSS_remote_client_access lines of soss_client_params.txt (beside --params)");
  app.add_option("--refresh", o.refresh_s, "seconds between two polls of the store")
      ->check(CLI::Range(0.2, 60.0))
      ->capture_default_str();
  app.set_version_flag("--version", std::string("soss_console ") + SOSS_VERSION);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? apps::kExitOk : apps::kExitUsage;
  }
  std::string host;
  std::uint16_t port = 0;
  std::vector<std::string> configured;
  core::Credentials credentials;
  if (int rc = find_service(o, host, port, configured, credentials); rc != apps::kExitOk) {
    return rc;
  }
  if (std::string problem = console::terminal_problem(); !problem.empty()) {
    std::fprintf(stderr, "soss_console: %s; use the soss command in scripts\n", problem.c_str());
    return apps::kExitUsage;
  }
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  return run(host, port, std::move(configured), std::move(credentials), o);
}
