// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "soss/core/common/access.hpp"
#include "soss/core/common/clock.hpp"
#include "soss/core/common/param_set.hpp"
#include "soss/core/membership/view.hpp"
#include "soss/core/store/store.hpp"
#include "soss/net/cluster_driver.hpp"
#include "soss/net/dispatcher.hpp"
#include "soss/net/resp_server.hpp"
#include "soss/net/server.hpp"

namespace soss::net {

// A host's activation state (SPEC §4): the membership's own (core::HostState, host_state_name).
using core::host_state_name;
using core::HostState;

using ParamChanges = std::vector<std::pair<std::string, std::string>>;

struct NodeOptions {
  core::ParamSet params;    // the values in effect at start
  std::string params_path;  // shown by status; where changes are persisted
  // Who may do what (the file auth_file names); empty = every connection may do everything.
  core::AccessList access;
  // Writes changed parameters to soss_params.txt (the app owns file I/O). May be empty.
  std::function<Status(const ParamChanges&)> persist;
  // kRestart: asks the app to restart the service after this answer is sent. Empty = the
  // service cannot restart itself (Unavailable).
  std::function<Status()> restart;
  // The machine's network interfaces ("name address/netmask"), listed in the status so that
  // management tools can offer them for net_interface. May be empty.
  std::function<std::vector<std::string>()> interfaces;
  // Overrides for tests: when set, replace svr_port / mgt_port from params (0 = any free port).
  std::optional<std::uint16_t> svr_port_override;
  std::optional<std::uint16_t> mgt_port_override;
  std::optional<std::uint16_t> int_port_override;
  std::optional<std::uint16_t> resp_port_override;  // 0 here = any free port; unset = resp_port
  std::size_t io_threads = 0;  // 0 = io_threads parameter (0 there = half the cores)
};

// Where a host whose parameters are in `params_path` keeps its last view ("" for none).
std::string view_file_path(const std::string& params_path);

// One soss host: owns the cluster side (ClusterDriver: the store, replication, peer links and
// discovery), the Server on svr_port/mgt_port, the Redis endpoint on resp_port and the
// Dispatcher between them, keeps the host's parameters, and answers management requests
// (status, parameters, join, leave). Thread-safe; start/stop from one thread.
class Node final : public ManagementHandler, public ObjectHandler {
 public:
  explicit Node(NodeOptions options);
  ~Node() override;

  // Builds the store and binds the ports; activates the host when auto_join is 1.
  Status start();
  void stop();

  HostState state() const;
  // found: 'soss join --force' (found a new store now, see ClusterDriver::join).
  Status join(bool found = false);
  // Refused (InvalidArgument) for the last host of the store unless forced: it would drop it.
  Status leave(bool force = false);
  std::uint16_t svr_port() const;
  std::uint16_t mgt_port() const;
  std::uint16_t resp_port() const;  // 0 when the Redis endpoint is off

  core::Response manage(const core::Request& request) override;
  bool is_active() const override;
  std::optional<core::Response> execute(const core::Request& request,
                                        core::Completion&& later) override;
  void prefetch(const std::vector<core::Request>& batch) override;
  core::Response routing() const override;

 private:
  core::Response status_response() const;
  core::Response params_response() const;
  core::Response set_params(const ParamChanges& changes);
  void propagate_store_params(const ParamChanges& changes, core::Response& answer);
  Status set_auto_join(bool on);
  Status start_resp(const ServerOptions& so, std::uint64_t max_object_bytes);

  NodeOptions options_;
  core::SystemClock clock_;
  // Declared before the store so it is destroyed after it: lock waiters held by the store keep
  // connections alive, and those must be released while the io contexts still exist.
  // Before the doors that charge it (they give their charge back as their connections go).
  std::unique_ptr<InputBudget> input_budget_;
  std::unique_ptr<Server> server_;
  std::unique_ptr<RespServer> resp_;  // the Redis endpoint (resp_port); null when off
  std::unique_ptr<ClusterDriver> cluster_;
  std::unique_ptr<Dispatcher> dispatcher_;
  mutable std::mutex params_mu_;    // guards options_.params after start
  std::atomic<bool> ready_{false};  // cluster_ is set (the server listens before it is)
  std::chrono::steady_clock::time_point started_;
  std::int64_t started_ms_ = 0;  // wall clock of start: tells a restarted service apart
};

}  // namespace soss::net
