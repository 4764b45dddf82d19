// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "management.hpp"

#include <fmt/format.h>

#include "app_files.hpp"
#include "soss/core/common/client_params.hpp"

namespace soss::apps {

Status status_of(const client::AdminReply& reply) {
  return Status(static_cast<StatusCode>(reply.result), reply.message);
}

Result<client::AdminReply> result_of(client::AdminReply reply) {
  if (!reply.ok()) {
    return status_of(reply);
  }
  return reply;
}

std::vector<std::string> configured_hosts(const core::ParamSet& params) {
  std::vector<std::string> out;
  if (params.get_bool("use_multicast")) {
    return out;
  }
  std::string list = params.get("host_list");
  std::size_t pos = 0;
  while (pos < list.size()) {
    std::size_t end = list.find(',', pos);
    if (end == std::string::npos) {
      end = list.size();
    }
    std::string a = list.substr(pos, end - pos);
    a.erase(0, a.find_first_not_of(" \t"));
    a.erase(a.find_last_not_of(" \t") + 1);
    if (!a.empty()) {
      out.push_back(a);
    }
    pos = end + 1;
  }
  return out;
}

Result<RemoteStore> find_remote_store(const std::string& client_params_file,
                                      std::chrono::milliseconds timeout) {
  auto text = read_file(client_params_file);
  if (!text) {
    return text.error();
  }
  auto params = core::parse_client_params(*text, client_params_file);
  if (!params) {
    return params.error();
  }
  RemoteStore store;
  for (const core::RemoteGateway& g : params->gateways) {
    if (g.store == core::kRemoteClientStore) {
      HostRef h;
      h.address = g.address;
      h.mgt_port = g.mgt_port;
      h.svr_port = g.svr_port;
      store.all.push_back(h);
    }
  }
  if (store.all.empty()) {
    return Status(StatusCode::kConfigError,
                  fmt::format("{} names no gateway of the remote store (rem_gw {}, ...; "
                              "'soss populate' on a store host writes them)",
                              client_params_file, core::kRemoteClientStore));
  }
  store.chosen = store.all.front();
  for (const HostRef& h : store.all) {
    client::AdminOptions o;
    o.host = h.address;
    o.mgt_port = h.mgt_port;
    o.timeout = timeout;
    if (client::Admin(o).status().ok()) {
      store.chosen = h;
      break;
    }
  }
  return store;
}

}  // namespace soss::apps
