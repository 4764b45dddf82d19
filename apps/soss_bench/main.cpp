// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// soss_bench: a native-protocol load generator for soss_service.
#include <cstdio>
#include <iostream>

#include <CLI/CLI.hpp>

#include "app_files.hpp"
#include "bench_runner.hpp"
#include "exit_codes.hpp"
#include "soss/client/grid_connection.hpp"
#include "soss/core/common/param_set.hpp"

using namespace soss;

int main(int argc, char** argv) {
  CLI::App app{
      "soss_bench: load generator for soss_service (native protocol).\n"
      "Each connection sends a batch of --pipeline requests, waits for every reply,\n"
      "then sends the next batch; prints ops/s and latency percentiles."};
  apps::BenchOptions o;
  std::string params_arg;
  int port = 0;
  bool json = false;
  std::string mix = "put";
  app.add_option("--host", o.host, "service address")->capture_default_str();
  app.add_option("--port", port, "svr_port (default: from the params file)");
  app.add_option("--params", params_arg, "params file to read svr_port from");
  app.add_option("-c,--connections", o.connections, "connections")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();
  app.add_option("-q,--pipeline", o.pipeline, "requests per batch per connection")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();
  app.add_option("-d,--value-size", o.value_size, "value bytes")
      ->check(CLI::Range(0, 32 << 20))
      ->capture_default_str();
  app.add_option("-r,--keys", o.keys, "key space (keys key:000000000000..)")
      ->check(CLI::Range(1, 10000000))
      ->capture_default_str();
  app.add_option("--mix", mix, "put | read | a read fraction such as 0.9")->capture_default_str();
  app.add_option("-t,--duration", o.duration_s, "seconds to run")
      ->check(CLI::Range(0.1, 3600.0))
      ->capture_default_str();
  app.add_option("-n,--requests", o.max_requests, "stop after this many requests (0 = no cap)");
  app.add_flag("--prefill", o.prefill, "put every key once before timing");
  bool no_route = false;
  app.add_flag("--no-route", no_route,
               "send everything to --host (it forwards) instead of to each key's primary");
  app.add_option("--namespace", o.ns, "namespace to use")->capture_default_str();
  app.add_flag("--json", json, "print one JSON object instead of text");
  app.set_version_flag("--version", std::string("soss_bench ") + SOSS_VERSION);
  try {
    app.parse(argc, argv);
    o.route = !no_route;
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? apps::kExitOk : apps::kExitUsage;
  }
  if (mix == "put") {
    o.read_fraction = 0;
  } else if (mix == "read") {
    o.read_fraction = 1;
  } else {
    try {
      o.read_fraction = std::stod(mix);
    } catch (...) {
      o.read_fraction = -1;
    }
    if (o.read_fraction < 0 || o.read_fraction > 1) {
      std::fprintf(stderr, "soss_bench: --mix must be put, read or a fraction in 0..1\n");
      return apps::kExitUsage;
    }
  }
  std::string path = apps::params_path(params_arg);
  core::ParamSet params;
  auto text = apps::read_file(path);
  const bool have_params = text && params.parse_file_text(*text, path).is_ok();
  if (port != 0) {
    o.port = static_cast<std::uint16_t>(port);
  } else if (have_params) {
    o.port = static_cast<std::uint16_t>(params.get_int("svr_port"));
  }
  client::ConnectionOptions credentials;  // SOSS_USER/SOSS_PASSWORD, else the access file's admin
  client::GridConnection::add_operator_credentials(credentials, apps::dir_of(path),
                                                   have_params ? params.get("auth_file") : "");
  o.credentials = core::Credentials{credentials.user, credentials.password};
  std::fprintf(stderr, "soss_bench: %d connections, pipeline %d, %.1fs against %s:%u...\n",
               o.connections, o.pipeline, o.duration_s, o.host.c_str(), o.port);
  auto r = apps::run_bench(o);
  if (!r) {
    std::fprintf(stderr, "soss_bench: %s\n", r.error().to_string().c_str());
    return apps::kExitUnavailable;
  }
  std::cout << (json ? apps::format_result_json(o, *r) : apps::format_result_text(o, *r));
  return r->errors == 0 ? apps::kExitOk : apps::kExitInternal;
}
