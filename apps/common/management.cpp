// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "management.hpp"

#include <algorithm>
#include <future>
#include <sstream>

#include <fmt/format.h>

#include "app_files.hpp"
#include "soss/core/common/client_params.hpp"
#include "soss/net/blocking_client.hpp"

namespace soss::apps {
namespace {

bool is_ipv4(const std::string& s) {
  int parts = 0;
  std::size_t pos = 0;
  while (pos <= s.size()) {
    std::size_t end = s.find('.', pos);
    if (end == std::string::npos) {
      end = s.size();
    }
    std::string part = s.substr(pos, end - pos);
    if (part.empty() || part.size() > 3 ||
        part.find_first_not_of("0123456789") != std::string::npos || std::stoi(part) > 255) {
      return false;
    }
    ++parts;
    pos = end + 1;
  }
  return parts == 4;
}

bool is_number(const std::string& s) {
  return !s.empty() && s.size() <= 20 && s.find_first_not_of("0123456789") == std::string::npos;
}

}  // namespace

std::string field(const core::Response& r, const std::string& name) {
  for (const auto& [n, v] : r.fields) {
    if (n == name) {
      return v;
    }
  }
  return {};
}

std::vector<std::string> fields(const core::Response& r, const std::string& name) {
  std::vector<std::string> out;
  for (const auto& [n, v] : r.fields) {
    if (n == name) {
      out.push_back(v);
    }
  }
  return out;
}

std::vector<HostRef> members_of(const core::Response& status) {
  std::vector<HostRef> out;
  for (const std::string& line : fields(status, "member")) {
    std::istringstream in(line);
    HostRef h;
    std::uint32_t svr = 0;
    std::uint32_t mgt = 0;
    in >> h.id >> h.address >> svr >> mgt >> h.primaries >> h.replicas;
    if (!in.fail()) {
      h.svr_port = static_cast<std::uint16_t>(svr);
      h.mgt_port = static_cast<std::uint16_t>(mgt);
      out.push_back(std::move(h));
    }
  }
  return out;
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
  core::Request req;
  req.op = core::OpCode::kGetStatus;
  for (const HostRef& h : store.all) {
    Management m(h.address, h.mgt_port, timeout);
    if (m.call(req)) {
      store.chosen = h;
      break;
    }
  }
  return store;
}

bool is_target_syntax(const std::string& target) {
  return target.empty() || target == "all" || is_ipv4(target) || is_number(target);
}

Management::Management(std::string host, std::uint16_t mgt_port, std::chrono::milliseconds timeout,
                       core::Credentials credentials)
    : host_(std::move(host)),
      mgt_port_(mgt_port),
      timeout_(timeout),
      credentials_(std::move(credentials)) {}

Result<core::Response> Management::call(const core::Request& request) const {
  return call_at(host_, mgt_port_, request);
}

Result<core::Response> Management::call_at(const std::string& address, std::uint16_t port,
                                           const core::Request& request) const {
  net::BlockingClient client(address, port, timeout_, credentials_);
  auto r = client.call(request);
  if (r && !is_success(r->code)) {
    return Status(r->code, r->message);  // a refusal is an error like an unreachable host
  }
  return r;
}

Result<core::Response> Management::call_at(const HostRef& host,
                                           const core::Request& request) const {
  return call_at(host.address, host.mgt_port, request);
}

Result<core::Response> Management::status() const {
  core::Request req;
  req.op = core::OpCode::kGetStatus;
  return call(req);
}

std::vector<HostStatus> Management::gather(const core::Response& local) const {
  std::vector<HostStatus> out;
  const std::string self = field(local, "host_id");
  auto cap = std::min(timeout_, std::chrono::milliseconds(2000));
  // The other members are asked at once, each for at most 2 s: a query must stay quick when
  // some hosts are unreachable (that is when it is needed most).
  std::vector<std::future<Result<core::Response>>> pending;
  for (HostRef& h : members_of(local)) {
    HostStatus s;
    if (h.id == self) {
      s.status = local;
      pending.emplace_back();
    } else if (h.address != "?") {
      core::Request req;
      req.op = core::OpCode::kGetStatus;
      pending.push_back(
          std::async(std::launch::async, [address = h.address, port = h.mgt_port, cap, req,
                                          credentials = credentials_] {
            net::BlockingClient peer(address, port, cap, credentials);
            return peer.call(req);
          }));
    } else {
      pending.emplace_back();
      s.error = "address unknown";
    }
    s.host = std::move(h);
    out.push_back(std::move(s));
  }
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (pending[i].valid()) {
      auto r = pending[i].get();
      if (r && r->code == StatusCode::kOk) {
        out[i].status = *r;
      } else {
        out[i].error = r ? r->message : r.error().to_string();
      }
    }
    out[i].state = out[i].status ? field(*out[i].status, "state") : "unreachable";
  }
  // This host first (scripts read its own state from the first entry), then the others.
  std::stable_partition(out.begin(), out.end(),
                        [&](const HostStatus& h) { return h.host.id == self; });
  if (out.empty()) {  // not a member of any view: only this host
    HostStatus h;
    h.host.id = self;
    h.host.address = field(local, "address");
    h.host.svr_port = static_cast<std::uint16_t>(std::stoul("0" + field(local, "svr_port")));
    h.host.mgt_port = static_cast<std::uint16_t>(std::stoul("0" + field(local, "mgt_port")));
    h.host.primaries = field(local, "primaries");
    h.host.replicas = "0";
    h.state = field(local, "state");
    h.status = local;
    out.push_back(std::move(h));
  }
  return out;
}

Result<std::vector<HostRef>> Management::resolve(const std::string& target,
                                                 const std::vector<std::string>& extra) const {
  if (!is_target_syntax(target)) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("'{}' is not a target: use all, a host address (a.b.c.d) or a "
                              "host id (see soss query --json)",
                              target));
  }
  HostRef local;
  local.address = host_;
  local.mgt_port = mgt_port_;
  if (target.empty()) {
    return std::vector<HostRef>{local};
  }
  auto st = status();
  if (!st) {
    if (is_ipv4(target)) {  // the local host is not needed to reach an address
      HostRef h = local;
      h.address = target;
      return std::vector<HostRef>{h};
    }
    return st.error();
  }
  local.id = field(*st, "host_id");
  std::vector<HostRef> members = members_of(*st);
  if (is_ipv4(target)) {
    for (const HostRef& m : members) {
      if (m.address == target) {
        return std::vector<HostRef>{m};
      }
    }
    HostRef h = target == host_ ? local : HostRef{};
    h.address = target;
    h.mgt_port = mgt_port_;  // mgt_port is store-wide: the same on every host
    return std::vector<HostRef>{h};
  }
  if (is_number(target)) {
    if (target == local.id) {
      return std::vector<HostRef>{local};
    }
    for (const HostRef& m : members) {
      if (m.id == target) {
        return std::vector<HostRef>{m};
      }
    }
    return Status(
        StatusCode::kNotFound,
        fmt::format("no host with id {} in the store (soss query --json lists them)", target));
  }
  // "all": this host first, then the view, then the configured host_list.
  std::vector<HostRef> out{local};
  auto known = [&](const std::string& id, const std::string& address) {
    return std::any_of(out.begin(), out.end(), [&](const HostRef& h) {
      return (!id.empty() && h.id == id) || h.address == address;
    });
  };
  for (const HostRef& m : members) {
    if (!known(m.id, m.address) && m.address != "?") {
      out.push_back(m);
    }
  }
  for (const std::string& address : extra) {
    if (!known("", address)) {
      HostRef h;
      h.address = address;
      h.mgt_port = mgt_port_;
      out.push_back(h);
    }
  }
  return out;
}

}  // namespace soss::apps
