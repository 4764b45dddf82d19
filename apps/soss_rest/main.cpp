// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// soss_rest: the HTTP REST API service of a soss store. Thin: parse options, load the config,
// serve until SIGINT/SIGTERM.
#include <csignal>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <asio.hpp>

#include "exit_codes.hpp"
#include "http_server.hpp"
#include "rest_api.hpp"
#include "rest_setup.hpp"
#include "soss/core/common/log.hpp"
#include "stderr_log_sink.hpp"

using namespace soss;

namespace {

rest::SessionOptions session_options(const rest::RestConfig& c) {
  rest::SessionOptions o;
  o.limits.max_body_bytes = c.max_body_bytes;
  o.limits.max_header_bytes = c.max_header_bytes;
  o.request_timeout = std::chrono::seconds(c.request_timeout_s);
  o.idle_timeout = std::chrono::seconds(c.idle_timeout_s);
  return o;
}

int serve(rest::RestSetup& setup) {
  const rest::RestConfig& c = setup.config;
  auto store = std::make_shared<rest::StoreLink>(c.store, c.params_dir);
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
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const asio::error_code& ec, int signo) {
    if (!ec) {
      log::info("rest", "signal {} received: stopping", signo);
    }
    io.stop();
  });
  std::vector<std::thread> threads;
  for (std::uint32_t i = 1; i < c.threads; ++i) {
    threads.emplace_back([&io] { io.run(); });
  }
  io.run();
  for (auto& t : threads) {
    t.join();
  }
  log::info("rest", "soss_rest stopped");
  return apps::kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "soss_rest: the HTTP REST API of a soss store (docs/rest.md).\n"
      "Serves /data/... on 127.0.0.1:4001 unless configured otherwise."};
  std::string config_path;
  std::string listen;
  std::string store;
  bool no_timestamps = false;
  app.add_option("--config", config_path,
                 std::string("configuration file (default: ") + rest::kDefaultConfigPath +
                     " when it exists, else built-in defaults)");
  app.add_option("--listen", listen,
                 "listen on ADDR:PORT ([ADDR]:PORT for IPv6), overriding "
                 "listen_address and port");
  app.add_option("--store", store,
                 "client connection string, e.g. bootstrapGateways=127.0.0.1:721 (default: "
                 "soss_client_params.txt of this machine)");
  app.add_flag("--no-timestamps", no_timestamps, "log without timestamps (journald adds them)");
  app.set_version_flag("--version", std::string("soss_rest ") + SOSS_VERSION);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? apps::kExitOk : apps::kExitUsage;
  }
  auto setup = rest::load_rest_setup(config_path, listen, store);
  if (!setup) {
    std::fprintf(stderr, "soss_rest: %s\n", std::string(setup.error().message()).c_str());
    return apps::kExitConfig;
  }
  apps::StderrLogSink sink(!no_timestamps);
  log::set_sink(&sink);
  log::Level level = log::Level::kInfo;
  (void)log::parse_level(setup->config.log_level, level);
  log::set_level(level);
  int rc = serve(*setup);
  log::set_sink(nullptr);
  return rc;
}
