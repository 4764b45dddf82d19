// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "targets.hpp"

#include <cstdio>
#include <iostream>

#include "exit_codes.hpp"

namespace soss::apps {

HostOutcome host_failed(const Status& status) {
  HostOutcome o;
  o.rc = exit_code_for(status.code());
  o.error = status.to_string();
  return o;
}

int run_on_targets(CliContext& ctx, const std::string& target,
                   const std::function<HostOutcome(const HostRef&, bool many)>& one) {
  client::AdminHostsResult hosts = ctx.admin().resolve(target, ctx.configured_hosts());
  if (!hosts.ok()) {
    if (hosts.result == client::ResultCode::kInvalidArgument) {
      std::fprintf(stderr, "soss: %s\n", hosts.message.c_str());
      return kExitUsage;
    }
    return ctx.fail(Status(static_cast<StatusCode>(hosts.result), hosts.message));
  }
  const bool many = hosts.hosts.size() > 1 || target == "all";
  int rc = kExitOk;
  nlohmann::json list = nlohmann::json::array();
  for (const HostRef& h : hosts.hosts) {
    HostOutcome o = one(h, many);
    if (o.rc != kExitOk && rc == kExitOk) {
      rc = o.rc;
    }
    if (!many) {
      if (o.rc != kExitOk) {
        std::fprintf(stderr, "soss: %s\n", o.error.c_str());
      } else if (ctx.json) {
        ctx.print_json(o.json);
      } else {
        std::cout << o.text;
      }
      continue;
    }
    if (o.rc != kExitOk) {
      std::fprintf(stderr, "soss: %s: %s\n", h.address.c_str(), o.error.c_str());
      o.json = {{"error", o.error}};
    }
    if (ctx.json) {
      nlohmann::json j = {{"address", h.address}, {"host_id", h.id}};
      j.update(o.json);
      list.push_back(j);
    } else if (o.rc == kExitOk) {
      std::size_t first_nl = o.text.find('\n');
      if (first_nl + 1 == o.text.size()) {
        std::cout << h.address << ": " << o.text;
      } else {
        std::cout << "== " << h.address << (h.id.empty() ? "" : " (host " + h.id + ")") << " ==\n"
                  << o.text;
      }
    }
  }
  if (many && ctx.json) {
    ctx.print_json(list);
  }
  return rc;
}

}  // namespace soss::apps
