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
#include "soss/net/blocking_client.hpp"

namespace soss::apps {
namespace {

struct HostStatus {
  std::string address;  // address:svr_port
  std::string state;
  std::string primaries;
  std::string replicas;
  std::optional<core::Response> status;  // none: unreachable
};

// The local host's status, then every other member of its view asked at its own mgt_port.
std::vector<HostStatus> gather(CliContext& ctx, const core::Response& local) {
  std::vector<HostStatus> out;
  core::Request req;
  req.op = core::OpCode::kGetStatus;
  // The other members are asked at once, each for at most 2 s: a query must stay quick when
  // some hosts are unreachable (that is when it is needed most).
  std::vector<std::future<Result<core::Response>>> pending;
  for (const auto& [name, value] : local.fields) {
    if (name != "member") {
      continue;
    }
    std::istringstream in(value);  // "id address svr_port mgt_port primaries replicas"
    std::string id, address, svr, mgt;
    HostStatus h;
    in >> id >> address >> svr >> mgt >> h.primaries >> h.replicas;
    h.address = address + ":" + svr;
    if (id == field(local, "host_id")) {
      h.status = local;
      pending.emplace_back();
    } else if (address != "?") {
      auto port = static_cast<std::uint16_t>(std::stoul(mgt));
      double timeout = std::min(ctx.timeout_s, 2.0);
      pending.push_back(std::async(std::launch::async, [address, port, timeout, req] {
        net::BlockingClient peer(address, port,
                                 std::chrono::milliseconds(static_cast<std::int64_t>(timeout * 1000)));
        return peer.call(req);
      }));
    } else {
      pending.emplace_back();
    }
    out.push_back(std::move(h));
  }
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (pending[i].valid()) {
      auto r = pending[i].get();
      if (r && r->code == StatusCode::kOk) {
        out[i].status = *r;
      }
    }
    out[i].state = out[i].status ? field(*out[i].status, "state") : "unreachable";
  }
  // This host first (scripts read its own state from the first entry), then the others.
  std::stable_partition(out.begin(), out.end(), [&](const HostStatus& h) {
    return h.status && field(*h.status, "host_id") == field(local, "host_id");
  });
  if (out.empty()) {  // not a member of any view: only this host
    HostStatus h;
    h.address = field(local, "address") + ":" + field(local, "svr_port");
    h.state = field(local, "state");
    h.primaries = field(local, "primaries");
    h.replicas = "0";
    h.status = local;
    out.push_back(std::move(h));
  }
  return out;
}

int run_query(CliContext& ctx) {
  core::Request req;
  req.op = core::OpCode::kGetStatus;
  auto r = ctx.manage(req);
  if (!r) {
    return ctx.fail(r.error());
  }
  std::vector<HostStatus> hosts = gather(ctx, *r);
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
      nlohmann::json host;
      if (h.status) {
        for (const auto& [name, value] : h.status->fields) {
          if (name != "member" && name != "refused") {
            host[name] = value;
          }
        }
      }
      host["address_port"] = h.address;
      host["state"] = h.state;
      list.push_back(host);
    }
    ctx.print_json({{"healthy", healthy},
                    {"store", {{"hosts", hosts.size()}, {"state", store_state},
                               {"epoch", field(*r, "epoch")}}},
                    {"hosts", list}});
  } else {
    std::cout << fmt::format("store: {} ({} host{}, {} objects, epoch {})\n", store_state,
                             hosts.size(), hosts.size() == 1 ? "" : "s", objects,
                             field(*r, "epoch"));
    std::cout << fmt::format("{:<22} {:<12} {:>9} {:>8} {:>10} {:>14}\n", "host", "state",
                             "primaries", "replicas", "objects", "memory (B)");
    for (const HostStatus& h : hosts) {
      std::cout << fmt::format("{:<22} {:<12} {:>9} {:>8} {:>10} {:>14}\n", h.address, h.state,
                               h.primaries, h.replicas,
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
