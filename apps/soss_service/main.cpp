// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// soss_service: one host of a soss store. Thin: parse options, load parameters, run a Node
// until SIGINT/SIGTERM, or, on Windows with --service, until the service manager stops it.
#ifndef _WIN32
#include <unistd.h>
#endif

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string_view>

#include <CLI/CLI.hpp>
#include <asio.hpp>
#include <fmt/format.h>

#include "app_files.hpp"
#include "exit_codes.hpp"
#include "file_log_sink.hpp"
#include "host_run.hpp"
#include "net_interfaces.hpp"
#include "service_config.hpp"
#include "soss/core/common/log.hpp"
#include "soss/net/node.hpp"
#include "stderr_log_sink.hpp"
#include "systemd_notify.hpp"
#include "windows_service.hpp"

using namespace soss;

namespace {

struct Args {
  std::string params;
  bool create_params = false;
  std::vector<std::string> overrides;
  bool print_config = false;
  bool no_timestamps = false;
  bool service = false;
  std::string service_name = "soss";
  std::string restart_service;  // the restart helper's mode (spawned by the service itself)
  std::string log_file;
};

// Tells systemd (Type=notify) about a lifecycle step; outside systemd this does nothing. A
// failure is only logged: the store works the same without the notification.
void notify(std::string_view state) {
  Status s = apps::notify_systemd(state);
  if (!s.is_ok()) {
    log::warn("service", "systemd notification {} failed: {}", state, s.to_string());
  }
}

std::string serving_text(const net::Node& node) {
  return fmt::format("serving on svr_port {}, mgt_port {}", node.svr_port(), node.mgt_port());
}

// The machine's interfaces, for the status (the console's interface choice).
std::vector<std::string> interface_lines() {
  std::vector<std::string> out;
  if (auto list = apps::list_net_interfaces()) {
    for (const auto& i : *list) {
      out.push_back(apps::describe(i));
    }
  }
  return out;
}

// Console host (and systemd): waits for SIGINT/SIGTERM. The signal set exists before READY=1,
// so a stop requested right after start-up is never lost. A restart request (soss restart) ends
// the wait too, 200 ms after it was answered, and the same binary runs again with the same
// arguments (and pid, so systemd and tests keep track of it).
int run_console(const apps::ServiceConfig& config, char** argv) {
  asio::io_context waiter;
  asio::signal_set signals(waiter, SIGINT, SIGTERM);
  signals.async_wait([&](const asio::error_code& ec, int signo) {
    if (!ec) {
      log::info("service", "signal {} received: stopping", signo);
    }
  });
  asio::steady_timer restart_timer(waiter);
  bool restart = false;
  auto configure = [&](net::NodeOptions& options) {
    options.interfaces = interface_lines;
#ifndef _WIN32
    options.restart = [&] {
      asio::post(waiter, [&] {
        restart = true;
        restart_timer.expires_after(std::chrono::milliseconds(200));
        restart_timer.async_wait([&](const asio::error_code&) { signals.cancel(); });
      });
      return Status::ok();
    };
#else
    // Running the binary again would leave the command prompt that started it; the service
    // (run_service) restarts through the service manager instead.
    options.restart = [] {
      return Status(StatusCode::kUnavailable,
                    "a console soss_service cannot restart itself on Windows: stop it (Ctrl+C) "
                    "and start it again; the service (net start soss) can restart");
    };
#endif
  };
  int rc = apps::run_host(
      config, waiter,
      [](const net::Node& node) {
        // The ports are bound and the node serves: systemd may start units ordered after us.
        notify("READY=1\nSTATUS=" + serving_text(node));
      },
      configure);
  if (rc == apps::kExitOk) {
    notify("STOPPING=1");
  }
#ifndef _WIN32
  if (rc == apps::kExitOk && restart) {
    log::info("service", "restarting");
    log::set_sink(nullptr);
    // Run the program file by its own path, not as /proc/self/exe: the kernel names the process
    // after the file it runs, and pgrep/pidof/monitoring look for "soss_service". After a
    // package upgrade the link reads "PATH (deleted)": PATH is then the new binary.
    std::error_code ec;
    std::string self = std::filesystem::read_symlink("/proc/self/exe", ec).string();
    constexpr std::string_view kDeleted = " (deleted)";
    if (self.size() > kDeleted.size() && self.ends_with(kDeleted)) {
      self.resize(self.size() - kDeleted.size());
    }
    if (!ec && std::filesystem::is_regular_file(self, ec)) {
      ::execv(self.c_str(), argv);
    }
    ::execv("/proc/self/exe", argv);
    std::fprintf(stderr, "soss_service: restart failed: cannot run /proc/self/exe\n");
    return apps::kExitInternal;
  }
#else
  (void)argv;
  (void)restart;
#endif
  return rc;
}

// Windows service host: the service manager's stop or shutdown control ends the wait. A restart
// request (soss restart) starts a helper copy of this program that starts the service again once
// it has stopped, then stops the service 200 ms after the request was answered.
int run_service(const apps::ServiceConfig& config, const std::string& name) {
  return apps::run_windows_service(
      name, [&](asio::io_context& waiter, const std::function<void()>& ready) {
        asio::steady_timer restart_timer(waiter);
        auto configure = [&](net::NodeOptions& options) {
          options.interfaces = interface_lines;
          options.restart = [&] {
            SOSS_RETURN_IF_ERROR(apps::spawn_restart_helper("--restart-service \"" + name + "\""));
            asio::post(waiter, [&] {
              log::info("service", "restarting through the service manager");
              restart_timer.expires_after(std::chrono::milliseconds(200));
              restart_timer.async_wait([&](const asio::error_code&) { waiter.stop(); });
            });
            return Status::ok();
          };
        };
        int rc = apps::run_host(
            config, waiter,
            [&](const net::Node& node) {
              ready();
              apps::report_service_event("soss", apps::ServiceEvent::kStarted,
                                         "soss_service " + serving_text(node));
            },
            configure);
        apps::report_service_end("soss", "soss_service", rc, "the log file");
        return rc;
      });
}

void add_options(CLI::App& app, Args& args) {
  app.add_option("--params", args.params,
                 "parameters file (default: $SOSS_PARAMS, else /etc/soss/soss_params.txt on "
                 "Linux and soss_params.txt beside the executable on Windows); it must exist "
                 "and be a file");
  app.add_flag("--create-params", args.create_params,
               "when the parameters file does not exist, write one with every default (all "
               "interfaces, multicast discovery on) and use it; an existing file is never "
               "changed");
  app.add_option("--set", args.overrides,
                 "override a parameter for this run: NAME=VALUE (repeatable)");
  app.add_flag("--print-config", args.print_config,
               "print every parameter, its value and where it came from, then exit");
  app.add_flag("--no-timestamps", args.no_timestamps,
               "log without timestamps (journald adds them)");
  app.add_option("--log-file", args.log_file,
                 "append the log to this file instead of stderr (default with --service: "
                 "soss_service.log beside the executable)");
  app.add_flag("--service", args.service,
               "Windows: run under the service control manager (the MSI registers the service "
               "with this flag)");
  app.add_option("--service-name", args.service_name, "Windows: the service's name")
      ->capture_default_str();
  // Hidden: what the service runs to restart itself (spawn_restart_helper).
  app.add_option("--restart-service", args.restart_service)->group("");
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
    log::info("service",
              "net_interface was empty: using the only non-loopback interface, {} "
              "(written to {})",
              apps::describe(*sole), path);
  } else {
    log::warn("service",
              "net_interface was empty: using the only non-loopback interface, {}; "
              "writing it to the parameters file failed: {}",
              apps::describe(*sole), written.to_string());
  }
}

// Where a parameters path that did not come from --params came from, for the error messages.
std::string params_source_text(const std::string& path) {
  const char* env = std::getenv("SOSS_PARAMS");
  if (env != nullptr && path == env) {
    return "from $SOSS_PARAMS";
  }
  return "the default path";
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "soss_service: a host of the soss distributed in-memory object store.\n"
      "Reads soss_params.txt, listens on svr_port (clients) and mgt_port (management),\n"
      "and serves the store once activated ('soss join' or auto_join 1)."};
  Args args;
  add_options(app, args);
  app.set_version_flag("--version", std::string("soss_service ") + SOSS_VERSION);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? apps::kExitOk : apps::kExitUsage;
  }

  if (!args.restart_service.empty()) {
    return apps::start_service_when_stopped(args.restart_service, "soss", std::chrono::seconds(60));
  }
  std::string path = apps::params_path(args.params);
  apps::ParamsFileOptions file;
  file.create = args.create_params;
  file.source = args.params.empty() ? params_source_text(path) : "from --params";
  auto config = apps::load_service_config(path, args.overrides, file);
  if (!config) {
    return apps::fail_before_serving("soss_service", "soss", args.service, args.service_name,
                                     std::string(config.error().message()));
  }
  if (args.print_config) {
    std::cout << apps::render_config(*config);
    return apps::kExitOk;
  }

  if (args.service && args.log_file.empty()) {
    args.log_file = (std::filesystem::path(apps::dir_of(path)) / "soss_service.log").string();
  }
  // A service has no console: its log goes to a file. The sinks outlive every log call below.
  std::unique_ptr<log::LogSink> sink;
  if (args.log_file.empty()) {
    sink = std::make_unique<apps::StderrLogSink>(!args.no_timestamps);
  } else {
    auto file_sink = std::make_unique<apps::FileLogSink>();
    Status opened = file_sink->open(args.log_file);
    if (!opened.is_ok()) {
      return apps::fail_before_serving("soss_service", "soss", args.service, args.service_name,
                                       opened.to_string());
    }
    sink = std::move(file_sink);
  }
  log::set_sink(sink.get());
  log::Level level = log::Level::kInfo;
  (void)log::parse_level(config->params.get("log_level"), level);
  log::set_level(level);
  if (config->created_file) {
    log::info("service", "created {} with default parameters", path);
  }
  log::info("service", "soss_service {} starting (parameters: {})", SOSS_VERSION, path);
  choose_net_interface(config->params, path);

  int rc = args.service ? run_service(*config, args.service_name) : run_console(*config, argv);
  log::set_sink(nullptr);
  return rc;
}
