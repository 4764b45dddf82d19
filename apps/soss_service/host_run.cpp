// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "host_run.hpp"

#if !defined(_WIN32)
#include <sys/resource.h>
#endif

#include <algorithm>

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

// Client connections need descriptors: max_connections on each of svr_port and resp_port, the
// management reserve, peers and files. The soft limit (often 1024) is raised towards the hard
// one, as Redis does; when even that is short, the log says so (accepts then back off).
void raise_fd_limit(const core::ParamSet& params) {
#if !defined(_WIN32)
  const auto wanted = static_cast<rlim_t>(params.get_int("max_connections")) * 2 + 512;
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) != 0 || lim.rlim_cur >= wanted) {
    return;
  }
  const rlim_t before = lim.rlim_cur;
  lim.rlim_cur = lim.rlim_max == RLIM_INFINITY ? wanted : std::min(wanted, lim.rlim_max);
  if (lim.rlim_cur > before && setrlimit(RLIMIT_NOFILE, &lim) == 0) {
    log::info("service", "open-file limit raised from {} to {}", before, lim.rlim_cur);
  }
  if (lim.rlim_cur < wanted) {
    log::warn("service",
              "open-file limit {} is below the {} that max_connections {} needs; raise "
              "LimitNOFILE (systemd) or ulimit -n, or lower max_connections",
              lim.rlim_cur, wanted, params.get_int("max_connections"));
  }
#else
  (void)params;
#endif
}

}  // namespace

int run_host(const ServiceConfig& config, asio::io_context& waiter, const ReadyCallback& ready,
             const ConfigureNode& configure) {
  const std::string path = config.params_path;
  net::NodeOptions options;
  options.params = config.params;
  options.params_path = path;
  options.access = config.access;
  if (config.access.enabled()) {
    log::info("service", "access file {}: {} users; clients must authenticate", config.access_path,
              config.access.users().size());
  }
  if (!config.access_warning.empty()) {
    log::warn("service", "{}", config.access_warning);
  }
  options.persist = [path](const net::ParamChanges& changes) {
    return update_params_file(path, changes);
  };
  if (configure) {
    configure(options);
  }
  raise_fd_limit(options.params);
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
