// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// soss_service: one host of a soss store. Thin: parse options, load parameters, run a Node
// until SIGINT/SIGTERM.
#ifndef _WIN32
#include <unistd.h>
#endif

#include <chrono>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <string_view>

#include <CLI/CLI.hpp>
#include <asio.hpp>
#include <fmt/format.h>

#include "app_files.hpp"
#include "exit_codes.hpp"
#include "net_interfaces.hpp"
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

// SPEC §5: with net_interface empty in the file (not set on the command line) and exactly one
// non-loopback interface, the service uses that interface and writes it (and its subnet_mask)
// back to the file. With none or several it keeps the one-machine behaviour of an empty value
// (clients on every address, the store's own traffic on 127.0.0.1) and says how to choose.
void choose_net_interface(core::ParamSet& params, const std::string& path) {
  if (!params.get("net_interface").empty() ||
      params.source("net_interface") == core::ParamSource::kCommandLine) {
    return;
  }
  auto list = apps::list_net_interfaces();
  if (!list) {
    log::warn("service", "net_interface is empty and {}", list.error().to_string());
    return;
  }
  auto sole = apps::sole_non_loopback(*list);
  if (!sole) {
    std::string names;
    for (const auto& i : *list) {
      names += i.loopback ? "" : " " + apps::describe(i) + ";";
    }
    log::info("service",
              "net_interface is empty and there is not exactly one non-loopback interface "
              "({}): clients may connect on every address, the store's own traffic stays on "
              "127.0.0.1; choose one with 'soss set net_interface=ADDRESS'",
              names.empty() ? "none" : names.substr(1, names.size() - 2));
    return;
  }
  net::ParamChanges changes{{"net_interface", sole->address}};
  if (params.get("subnet_mask").empty() && !sole->netmask.empty()) {
    changes.emplace_back("subnet_mask", sole->netmask);
  }
  for (const auto& [name, value] : changes) {
    (void)params.set(name, value, core::ParamSource::kRuntime);
  }
  Status written = apps::update_params_file(path, changes);
  if (written.is_ok()) {
    log::info("service", "net_interface was empty: using the only non-loopback interface, {} "
              "(written to {})", apps::describe(*sole), path);
  } else {
    log::warn("service", "net_interface was empty: using the only non-loopback interface, {}; "
              "writing it to the parameters file failed: {}", apps::describe(*sole),
              written.to_string());
  }
}

std::vector<std::string> interface_lines() {
  std::vector<std::string> out;
  if (auto list = apps::list_net_interfaces()) {
    for (const auto& i : *list) {
      out.push_back(apps::describe(i));
    }
  }
  return out;
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
  choose_net_interface(config->params, path);

  // Wait for SIGINT/SIGTERM on this thread; the node runs on its own io threads. The signal set
  // exists before READY=1, so a stop requested right after start-up is never lost. A restart
  // request (soss restart) stops the wait too, 200 ms after it was answered.
  asio::io_context signals_io;
  asio::signal_set signals(signals_io, SIGINT, SIGTERM);
  asio::steady_timer restart_timer(signals_io);
  bool restart = false;

  net::NodeOptions options;
  options.params = config->params;
  options.params_path = path;
  options.persist = [path](const net::ParamChanges& changes) {
    return apps::update_params_file(path, changes);
  };
  options.interfaces = interface_lines;
#ifndef _WIN32
  options.restart = [&] {
    asio::post(signals_io, [&] {
      restart = true;
      restart_timer.expires_after(std::chrono::milliseconds(200));
      restart_timer.async_wait([&](const asio::error_code&) { signals.cancel(); });
    });
    return Status::ok();
  };
#else
  (void)restart;  // TODO(#4): restart through the Windows service manager
#endif
  net::Node node(std::move(options));
  Status started = node.start();
  if (!started.is_ok()) {
    log::error("service", "cannot start: {}", started.to_string());
    log::set_sink(nullptr);
    return exit_code_for(started);
  }

  signals.async_wait([&](const asio::error_code& ec, int signo) {
    if (!ec) {
      log::info("service", "signal {} received: stopping", signo);
    }
  });
  // The ports are bound and the node serves: systemd may now start units ordered after us.
  notify(fmt::format("READY=1\nSTATUS=serving on svr_port {}, mgt_port {}", node.svr_port(),
                     node.mgt_port()));
  signals_io.run();
  notify("STOPPING=1");
  node.stop();
#ifndef _WIN32
  if (restart) {
    // The same binary with the same arguments (and pid, so systemd and tests keep track).
    log::info("service", "restarting");
    log::set_sink(nullptr);
    ::execv("/proc/self/exe", argv);
    std::fprintf(stderr, "soss_service: restart failed: cannot run /proc/self/exe\n");
    return apps::kExitInternal;
  }
#endif
  log::info("service", "soss_service stopped");
  log::set_sink(nullptr);
  return apps::kExitOk;
}
