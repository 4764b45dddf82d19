// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "cmd_query.hpp"

#include <algorithm>
#include <chrono>
#include <future>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "exit_codes.hpp"
#include "json_output.hpp"

namespace soss::apps {
namespace {

std::string address_port(const HostStatus& h) {
  return h.host.address + ":" + std::to_string(h.host.svr_port);
}

int run_query(CliContext& ctx) {
  auto r = ctx.mgmt().status();
  if (!r) {
    return ctx.fail(r.error());
  }
  std::vector<HostStatus> hosts = ctx.mgmt().gather(*r);
  bool healthy = true;
  std::uint64_t objects = 0;
  for (const HostStatus& h : hosts) {
    healthy = healthy && h.state == "active" && h.status &&
              field(*h.status, "primaries") == field(*h.status, "replicated");
    objects += h.status ? std::stoull("0" + field(*h.status, "objects")) : 0;
  }
  std::string store_state = healthy ? "active" : (field(*r, "state") == "active" ? "degraded"
                                                                                : field(*r, "state"));
  if (ctx.json) {
    nlohmann::json list = nlohmann::json::array();
    for (const HostStatus& h : hosts) {
      // The view's facts about the host, then (when it answered) its own status.
      nlohmann::json host = {{"host_id", h.host.id}, {"address_port", address_port(h)}};
      if (h.status) {
        host.update(status_json(*h.status));
        host.erase("members");  // the store's view: once, from the local host
        host.erase("refused");
      } else {
        host["error"] = h.error;
      }
      host["state"] = h.state;
      list.push_back(host);
    }
    ctx.print_json({{"healthy", healthy},
                    {"store", {{"hosts", hosts.size()}, {"state", store_state},
                               {"epoch", number_field(field(*r, "epoch"))},
                               {"objects", objects}}},
                    {"hosts", list},
                    {"refused", fields(*r, "refused")}});
  } else {
    std::cout << fmt::format("store: {} ({} host{}, {} objects, epoch {})\n", store_state,
                             hosts.size(), hosts.size() == 1 ? "" : "s", objects,
                             field(*r, "epoch"));
    std::cout << fmt::format("{:<22} {:<12} {:>9} {:>8} {:>10} {:>14}\n", "host", "state",
                             "primaries", "replicas", "objects", "memory (B)");
    for (const HostStatus& h : hosts) {
      std::cout << fmt::format("{:<22} {:<12} {:>9} {:>8} {:>10} {:>14}\n", address_port(h),
                               h.state, h.host.primaries, h.host.replicas,
                               h.status ? field(*h.status, "objects") : "-",
                               h.status ? field(*h.status, "bytes") : "-");
    }
    for (const auto& [name, value] : r->fields) {
      if (name == "refused") {
        std::cout << "refused host " << value << "\n";
      }
    }
  }
  return healthy ? kExitOk : kExitUnhealthy;
}

}  // namespace

void setup_query(CLI::App& app, CliContext& ctx) {
  auto* cmd = app.add_subcommand("query", "status of the store and its hosts; exit 3 if unhealthy");
  cmd->add_option("scope", "ALL: also report backup/restore progress (none yet)")
      ->check(CLI::IsMember({"ALL", "all"}));
  cmd->callback([&ctx] { ctx.run = [&ctx] { return run_query(ctx); }; });
}

}  // namespace soss::apps
