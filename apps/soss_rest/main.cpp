// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// soss_rest: the HTTP REST API service of a soss store. Thin: parse options, load the config,
// serve until SIGINT/SIGTERM, or, on Windows with --service, until the service manager stops it.
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <asio.hpp>

#include "app_files.hpp"
#include "exit_codes.hpp"
#include "file_log_sink.hpp"
#include "http_server.hpp"
#include "rest_api.hpp"
#include "rest_setup.hpp"
#include "soss/core/common/log.hpp"
#include "stderr_log_sink.hpp"
#include "windows_service.hpp"

using namespace soss;

namespace {

struct Args {
  std::string config_path;
  std::string listen;
  std::string store;
  bool no_timestamps = false;
  bool service = false;
  std::string service_name = "soss_rest";
  std::string log_file;
};

rest::SessionOptions session_options(const rest::RestConfig& c) {
  rest::SessionOptions o;
  o.limits.max_body_bytes = c.max_body_bytes;
  o.limits.max_header_bytes = c.max_header_bytes;
  o.header_timeout = std::chrono::seconds(c.header_timeout_s);
  o.request_timeout = std::chrono::seconds(c.request_timeout_s);
  o.idle_timeout = std::chrono::seconds(c.idle_timeout_s);
  return o;
}

// Where the store is found, as `soss` finds it: params_dir, else the folder of the host's
// soss_params.txt ($SOSS_PARAMS, else the default: /etc/soss; Windows: the install folder).
std::string store_params_dir(const rest::RestConfig& c) {
  return c.params_dir.empty() ? apps::dir_of(apps::params_path({})) : c.params_dir;
}

// Serves on `threads` io threads of its own until `waiter.run()` returns (a signal, or the
// Windows service manager's stop); calls `ready` once listening.
int serve(rest::RestSetup& setup, asio::io_context& waiter, const std::function<void()>& ready) {
  const rest::RestConfig& c = setup.config;
  const std::string params_dir = c.store.empty() ? store_params_dir(c) : std::string();
  auto store = std::make_shared<rest::StoreLink>(c.store, params_dir);
  auto api = std::make_shared<rest::RestApi>(store, setup.auth);
  asio::io_context io(static_cast<int>(c.threads));
  rest::HttpServer server(
      io, session_options(c), [api](const rest::HttpRequest& req) { return api->handle(req); },
      c.max_connections, setup.tls.get());
  Status listening = server.listen(c.listen_address, c.port);
  if (!listening) {
    log::error("rest", "{}", listening.message());
    return listening.code() == StatusCode::kConfigError ? apps::kExitConfig
                                                        : apps::kExitUnavailable;
  }
  server.start();
  log::info("rest", "soss_rest {} listening on {}://{}:{} ({} threads{})", SOSS_VERSION,
            c.tls() ? "https" : "http", c.listen_address, server.local_endpoint().port(), c.threads,
            c.digest_auth() ? ", digest authentication" : "");
  if (c.store.empty()) {
    log::info("rest",
              "store: as configured in {}/soss_client_params.txt and soss_params.txt "
              "(params_dir, else the folder of $SOSS_PARAMS, else the default)",
              params_dir);
  } else {
    log::info("rest", "store: {}", c.store);
  }
  ready();
  std::vector<std::thread> threads;
  for (std::uint32_t i = 0; i < c.threads; ++i) {
    threads.emplace_back([&io] { io.run(); });
  }
  waiter.run();
  io.stop();
  for (auto& t : threads) {
    t.join();
  }
  log::info("rest", "soss_rest stopped");
  return apps::kExitOk;
}

int run_console(rest::RestSetup& setup) {
  asio::io_context waiter;
  asio::signal_set signals(waiter, SIGINT, SIGTERM);
  signals.async_wait([](const asio::error_code& ec, int signo) {
    if (!ec) {
      log::info("rest", "signal {} received: stopping", signo);
    }
  });
  return serve(setup, waiter, [] {});
}

// Windows service (the MSI registers "soss_rest", started on demand): the service manager's
// stop or shutdown control ends the wait.
int run_service(rest::RestSetup& setup, const std::string& name) {
  return apps::run_windows_service(name, [&](asio::io_context& waiter,
                                             const std::function<void()>& ready) {
    int rc = serve(setup, waiter, [&] {
      ready();
      apps::report_service_event("soss_rest", apps::ServiceEvent::kStarted, "soss_rest serving");
    });
    apps::report_service_end("soss_rest", "soss_rest", rc, "soss_rest.log");
    return rc;
  });
}

void add_options(CLI::App& app, Args& args) {
  app.add_option("--config", args.config_path,
                 "configuration file (default: " + rest::default_config_path() +
                     " when it exists, else built-in defaults)");
  app.add_option("--listen", args.listen,
                 "listen on ADDR:PORT ([ADDR]:PORT for IPv6), overriding "
                 "listen_address and port");
  app.add_option("--store", args.store,
                 "client connection string, e.g. bootstrapGateways=127.0.0.1:721 (default: "
                 "soss_client_params.txt of this machine)");
  app.add_flag("--no-timestamps", args.no_timestamps,
               "log without timestamps (journald adds them)");
  app.add_option("--log-file", args.log_file,
                 "append the log to this file instead of stderr (default with --service: "
                 "soss_rest.log beside the executable)");
  app.add_flag("--service", args.service,
               "Windows: run under the service control manager (the MSI registers the service "
               "with this flag)");
  app.add_option("--service-name", args.service_name, "Windows: the service's name")
      ->capture_default_str();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "soss_rest: the HTTP REST API of a soss store (docs/rest.md).\n"
      "Serves /data/... on 127.0.0.1:4001 unless configured otherwise."};
  Args args;
  add_options(app, args);
  app.set_version_flag("--version", std::string("soss_rest ") + SOSS_VERSION);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? apps::kExitOk : apps::kExitUsage;
  }
  auto setup = rest::load_rest_setup(args.config_path, args.listen, args.store);
  if (!setup) {
    return apps::fail_before_serving("soss_rest", "soss_rest", args.service, args.service_name,
                                     std::string(setup.error().message()));
  }
  if (args.service && args.log_file.empty()) {
    args.log_file = (std::filesystem::path(apps::executable_dir()) / "soss_rest.log").string();
  }
  // A service has no console: its log goes to a file. The sink outlives every log call below.
  std::unique_ptr<log::LogSink> sink;
  if (args.log_file.empty()) {
    sink = std::make_unique<apps::StderrLogSink>(!args.no_timestamps);
  } else {
    auto file_sink = std::make_unique<apps::FileLogSink>();
    if (Status opened = file_sink->open(args.log_file); !opened.is_ok()) {
      return apps::fail_before_serving("soss_rest", "soss_rest", args.service, args.service_name,
                                       opened.to_string());
    }
    sink = std::move(file_sink);
  }
  log::set_sink(sink.get());
  log::Level level = log::Level::kInfo;
  (void)log::parse_level(setup->config.log_level, level);
  log::set_level(level);
  int rc = args.service ? run_service(*setup, args.service_name) : run_console(*setup);
  log::set_sink(nullptr);
  return rc;
}
