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

using HostReport = client::AdminHostReport;

std::string address_port(const HostReport& h) {
  return h.host.address + ":" + std::to_string(h.host.svr_port);
}

int run_query(CliContext& ctx) {
  client::Admin admin = ctx.admin();
  client::AdminReply r = admin.status();
  if (!r.ok()) {
    return ctx.fail(status_of(r));
  }
  std::vector<HostReport> hosts = admin.gather(r);
  bool healthy = true;
  std::uint64_t objects = 0;
  for (const HostReport& h : hosts) {
    healthy = healthy && h.state == "active" && h.status &&
              h.status->field("primaries") == h.status->field("replicated");
    objects += h.status ? std::stoull("0" + h.status->field("objects")) : 0;
  }
  std::string store_state =
      healthy ? "active" : (r.field("state") == "active" ? "degraded" : r.field("state"));
  if (ctx.json) {
    nlohmann::json list = nlohmann::json::array();
    for (const HostReport& h : hosts) {
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
                    {"store",
                     {{"hosts", hosts.size()},
                      {"state", store_state},
                      {"epoch", number_field(r.field("epoch"))},
                      {"objects", objects}}},
                    {"hosts", list},
                    {"refused", r.all("refused")}});
  } else {
    std::cout << fmt::format("store: {} ({} host{}, {} objects, epoch {})\n", store_state,
                             hosts.size(), hosts.size() == 1 ? "" : "s", objects, r.field("epoch"));
    std::cout << fmt::format("{:<22} {:<12} {:>9} {:>8} {:>10} {:>14}\n", "host", "state",
                             "primaries", "replicas", "objects", "memory (B)");
    for (const HostReport& h : hosts) {
      std::cout << fmt::format("{:<22} {:<12} {:>9} {:>8} {:>10} {:>14}\n", address_port(h),
                               h.state, h.host.primaries, h.host.replicas,
                               h.status ? h.status->field("objects") : "-",
                               h.status ? h.status->field("bytes") : "-");
    }
    for (const auto& [name, value] : r.fields) {
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
