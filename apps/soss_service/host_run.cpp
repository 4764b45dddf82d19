// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "host_run.hpp"

#include "app_files.hpp"
#include "exit_codes.hpp"
#include "soss/core/common/log.hpp"
#include "soss/net/node.hpp"

namespace soss::apps {
namespace {

int exit_code_for(const Status& s) {
  return s.code() == StatusCode::kConfigError || s.code() == StatusCode::kInvalidArgument
             ? kExitConfig
             : kExitUnavailable;
}

}  // namespace

int run_host(const ServiceConfig& config, asio::io_context& waiter, const ReadyCallback& ready,
             const ConfigureNode& configure) {
  const std::string path = config.params_path;
  net::NodeOptions options;
  options.params = config.params;
  options.params_path = path;
  options.persist = [path](const net::ParamChanges& changes) {
    return update_params_file(path, changes);
  };
  if (configure) {
    configure(options);
  }
  net::Node node(std::move(options));
  Status started = node.start();
  if (!started.is_ok()) {
    log::error("service", "cannot start: {}", started.to_string());
    return exit_code_for(started);
  }
  ready(node);
  waiter.run();
  node.stop();
  log::info("service", "soss_service stopped");
  return kExitOk;
}

}  // namespace soss::apps
