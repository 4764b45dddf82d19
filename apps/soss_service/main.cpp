// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// soss_service: one host of a soss store. Thin: parse options, load parameters, run a Node
// until SIGINT/SIGTERM.
#include <csignal>
#include <cstdio>
#include <iostream>
#include <string_view>

#include <CLI/CLI.hpp>
#include <asio.hpp>
#include <fmt/format.h>

#include "app_files.hpp"
#include "exit_codes.hpp"
#include "service_config.hpp"
#include "soss/core/common/log.hpp"
#include "soss/net/node.hpp"
#include "stderr_log_sink.hpp"
#include "systemd_notify.hpp"

using namespace soss;

namespace {

// Tells systemd (Type=notify) about a lifecycle step; outside systemd this does nothing. A
// failure is only logged: the store works the same without the notification.
void notify(std::string_view state) {
  Status s = apps::notify_systemd(state);
  if (!s.is_ok()) {
    log::warn("service", "systemd notification {} failed: {}", state, s.to_string());
  }
}

int exit_code_for(const Status& s) {
  return s.code() == StatusCode::kConfigError || s.code() == StatusCode::kInvalidArgument
             ? apps::kExitConfig
             : apps::kExitUnavailable;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"soss_service: a host of the soss distributed in-memory object store.\n"
               "Reads soss_params.txt, listens on svr_port (clients) and mgt_port (management),\n"
               "and serves the store once activated ('soss join' or auto_join 1)."};
  std::string params_arg;
  std::vector<std::string> overrides;
  bool print_config = false;
  bool no_timestamps = false;
  app.add_option("--params", params_arg,
                 "parameters file (default: $SOSS_PARAMS, else /etc/soss/soss_params.txt); "
                 "created with defaults when absent");
  app.add_option("--set", overrides, "override a parameter for this run: NAME=VALUE (repeatable)");
  app.add_flag("--print-config", print_config,
               "print every parameter, its value and where it came from, then exit");
  app.add_flag("--no-timestamps", no_timestamps, "log without timestamps (journald adds them)");
  app.set_version_flag("--version", std::string("soss_service ") + SOSS_VERSION);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? apps::kExitOk : apps::kExitUsage;
  }

  std::string path = apps::params_path(params_arg);
  auto config = apps::load_service_config(path, overrides);
  if (!config) {
    std::fprintf(stderr, "soss_service: %s\n", std::string(config.error().message()).c_str());
    return apps::kExitConfig;
  }
  if (print_config) {
    std::cout << apps::render_config(*config);
    return apps::kExitOk;
  }

  apps::StderrLogSink sink(!no_timestamps);
  log::set_sink(&sink);
  log::Level level = log::Level::kInfo;
  (void)log::parse_level(config->params.get("log_level"), level);
  log::set_level(level);
  if (config->created_file) {
    log::info("service", "created {} with default parameters", path);
  }
  log::info("service", "soss_service {} starting (parameters: {})", SOSS_VERSION, path);

  net::NodeOptions options;
  options.params = config->params;
  options.params_path = path;
  options.persist = [path](const net::ParamChanges& changes) {
    return apps::update_params_file(path, changes);
  };
  net::Node node(std::move(options));
  Status started = node.start();
  if (!started.is_ok()) {
    log::error("service", "cannot start: {}", started.to_string());
    log::set_sink(nullptr);
    return exit_code_for(started);
  }

  // Wait for SIGINT/SIGTERM on this thread; the node runs on its own io threads. The signal set
  // exists before READY=1, so a stop requested right after start-up is never lost.
  asio::io_context signals_io;
  asio::signal_set signals(signals_io, SIGINT, SIGTERM);
  signals.async_wait([&](const asio::error_code&, int signo) {
    log::info("service", "signal {} received: stopping", signo);
  });
  // The ports are bound and the node serves: systemd may now start units ordered after us.
  notify(fmt::format("READY=1\nSTATUS=serving on svr_port {}, mgt_port {}", node.svr_port(),
                     node.mgt_port()));
  signals_io.run();
  notify("STOPPING=1");
  node.stop();
  log::info("service", "soss_service stopped");
  log::set_sink(nullptr);
  return apps::kExitOk;
}
