// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "soss/client/admin.hpp"

#include <algorithm>
#include <future>
#include <sstream>

#include <fmt/format.h>

#include "soss/core/common/access.hpp"
#include "soss/core/store/request.hpp"
#include "soss/net/blocking_client.hpp"
#include "soss/net/routing.hpp"

namespace soss::client {
namespace {

// The service's marker of a kSetParams that a peer sent on (libsoss_net node.cpp): the host
// writes the change but does not propagate it again.
constexpr const char* kFromPeer = "from-peer";

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

AdminReply error_reply(const Status& s) {
  AdminReply r;
  r.result = static_cast<ResultCode>(s.code());
  r.message = std::string(s.message());
  return r;
}

AdminHostsResult hosts_error(const Status& s) {
  AdminHostsResult r;
  r.result = static_cast<ResultCode>(s.code());
  r.message = std::string(s.message());
  return r;
}

core::Credentials credentials_of(const AdminOptions& o) { return {o.user, o.password}; }

// One request; a reply that is not a success comes back as an error like an unreachable host.
AdminReply call(const AdminOptions& o, const std::string& address, std::uint16_t port,
                const core::Request& request) {
  net::BlockingClient client(address, port, o.timeout, credentials_of(o));
  auto r = client.call(request);
  if (!r) {
    return error_reply(r.error());
  }
  if (!is_success(r->code)) {
    return error_reply(Status(r->code, r->message));
  }
  AdminReply out;
  out.fields = std::move(r->fields);
  return out;
}

core::Request request_of(core::OpCode op, bool force = false) {
  core::Request req;
  req.op = op;
  if (force) {
    req.fields.emplace_back("force", "1");
  }
  return req;
}

std::uint16_t port_field(const AdminReply& r, std::string_view name) {
  return static_cast<std::uint16_t>(std::stoul("0" + r.field(name)));
}

}  // namespace

std::string AdminReply::field(std::string_view name) const {
  for (const auto& [n, v] : fields) {
    if (n == name) {
      return v;
    }
  }
  return {};
}

std::vector<std::string> AdminReply::all(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [n, v] : fields) {
    if (n == name) {
      out.push_back(v);
    }
  }
  return out;
}

std::string AdminReply::error_text() const {
  std::string s = result_code_name(result);
  if (!message.empty()) {
    s += ": " + message;
  }
  return s;
}

std::vector<AdminHost> members_of(const AdminReply& status) {
  std::vector<AdminHost> out;
  for (const std::string& line : status.all("member")) {
    std::istringstream in(line);
    AdminHost h;
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

bool is_target_syntax(const std::string& target) {
  return target.empty() || target == "all" || is_ipv4(target) || is_number(target);
}

Admin::Admin(AdminOptions options) : options_(std::move(options)) {}

AdminHost Admin::local() const {
  AdminHost h;
  h.address = options_.host;
  h.mgt_port = options_.mgt_port;
  return h;
}

AdminReply Admin::status() const { return status(local()); }

AdminReply Admin::status(const AdminHost& host) const {
  return call(options_, host.address, host.mgt_port, request_of(core::OpCode::kGetStatus));
}

AdminReply Admin::params(const AdminHost& host) const {
  return call(options_, host.address, host.mgt_port, request_of(core::OpCode::kGetParams));
}

AdminReply Admin::set_params(const AdminHost& host, const AdminFields& changes,
                             bool this_host_only) const {
  core::Request req = request_of(core::OpCode::kSetParams);
  req.fields = changes;
  if (this_host_only) {
    req.cursor = kFromPeer;
  }
  return call(options_, host.address, host.mgt_port, req);
}

AdminReply Admin::join(const AdminHost& host, bool force) const {
  return call(options_, host.address, host.mgt_port, request_of(core::OpCode::kJoin, force));
}

AdminReply Admin::leave(const AdminHost& host, bool force) const {
  return call(options_, host.address, host.mgt_port, request_of(core::OpCode::kLeave, force));
}

AdminReply Admin::restart(const AdminHost& host) const {
  return call(options_, host.address, host.mgt_port, request_of(core::OpCode::kRestart));
}

std::vector<AdminHostReport> Admin::gather(const AdminReply& local) const {
  std::vector<AdminHostReport> out;
  const std::string self = local.field("host_id");
  auto cap = std::min(options_.timeout, std::chrono::milliseconds(2000));
  // The other members are asked at once, each for at most 2 s: a query must stay quick when
  // some hosts are unreachable (that is when it is needed most).
  std::vector<std::future<Result<core::Response>>> pending;
  for (AdminHost& h : members_of(local)) {
    AdminHostReport s;
    if (h.id == self) {
      s.status = local;
      pending.emplace_back();
    } else if (h.address != "?") {
      pending.push_back(std::async(std::launch::async, [address = h.address, port = h.mgt_port, cap,
                                                        credentials = credentials_of(options_)] {
        net::BlockingClient peer(address, port, cap, credentials);
        return peer.call(request_of(core::OpCode::kGetStatus));
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
        AdminReply reply;
        reply.fields = std::move(r->fields);
        out[i].status = std::move(reply);
      } else {
        out[i].error = r ? r->message : r.error().to_string();
      }
    }
    out[i].state = out[i].status ? out[i].status->field("state") : "unreachable";
  }
  // This host first (scripts read its own state from the first entry), then the others.
  std::stable_partition(out.begin(), out.end(),
                        [&](const AdminHostReport& h) { return h.host.id == self; });
  if (out.empty()) {  // not a member of any view: only this host
    AdminHostReport h;
    h.host.id = self;
    h.host.address = local.field("address");
    h.host.svr_port = port_field(local, "svr_port");
    h.host.mgt_port = port_field(local, "mgt_port");
    h.host.primaries = local.field("primaries");
    h.host.replicas = "0";
    h.state = local.field("state");
    h.status = local;
    out.push_back(std::move(h));
  }
  return out;
}

AdminHostsResult Admin::resolve(const std::string& target,
                                const std::vector<std::string>& extra) const {
  if (!is_target_syntax(target)) {
    return hosts_error(Status(StatusCode::kInvalidArgument,
                              fmt::format("'{}' is not a target: use all, a host address "
                                          "(a.b.c.d) or a host id (see soss query --json)",
                                          target)));
  }
  AdminHostsResult out;
  AdminHost self = local();
  if (target.empty()) {
    out.hosts = {self};
    return out;
  }
  AdminReply st = status();
  if (!st.ok()) {
    if (is_ipv4(target)) {  // the local host is not needed to reach an address
      self.address = target;
      out.hosts = {self};
      return out;
    }
    AdminHostsResult failed;
    failed.result = st.result;
    failed.message = st.message;
    return failed;
  }
  self.id = st.field("host_id");
  std::vector<AdminHost> members = members_of(st);
  if (is_ipv4(target)) {
    for (const AdminHost& m : members) {
      if (m.address == target) {
        out.hosts = {m};
        return out;
      }
    }
    AdminHost h = target == options_.host ? self : AdminHost{};
    h.address = target;
    h.mgt_port = options_.mgt_port;  // mgt_port is store-wide: the same on every host
    out.hosts = {h};
    return out;
  }
  if (is_number(target)) {
    if (target == self.id) {
      out.hosts = {self};
      return out;
    }
    for (const AdminHost& m : members) {
      if (m.id == target) {
        out.hosts = {m};
        return out;
      }
    }
    return hosts_error(Status(
        StatusCode::kNotFound,
        fmt::format("no host with id {} in the store (soss query --json lists them)", target)));
  }
  // "all": this host first, then the view, then the configured host_list.
  out.hosts = {self};
  auto known = [&](const std::string& id, const std::string& address) {
    return std::any_of(out.hosts.begin(), out.hosts.end(), [&](const AdminHost& h) {
      return (!id.empty() && h.id == id) || h.address == address;
    });
  };
  for (const AdminHost& m : members) {
    if (!known(m.id, m.address) && m.address != "?") {
      out.hosts.push_back(m);
    }
  }
  for (const std::string& address : extra) {
    if (!known("", address)) {
      AdminHost h;
      h.address = address;
      h.mgt_port = options_.mgt_port;
      out.hosts.push_back(h);
    }
  }
  return out;
}

RoutingInfo Admin::routing(const Gateway& gateway) const {
  RoutingInfo info;
  net::BlockingClient client(gateway.host, gateway.port, options_.timeout,
                             credentials_of(options_));
  auto answer = client.call(request_of(core::OpCode::kGetRouting));
  if (!answer) {
    info.result = static_cast<ResultCode>(answer.error().code());
    info.message = std::string(answer.error().message());
    return info;
  }
  std::optional<net::RoutingTable> table = net::decode_routing(*answer);
  if (!table) {
    return info;
  }
  info.has_table = true;
  for (const auto& [address, port] : table->hosts) {
    info.hosts.push_back(Gateway{address, port});
  }
  info.primary = std::move(table->primary);
  return info;
}

}  // namespace soss::client
