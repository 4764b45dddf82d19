// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "console_backend.hpp"

#include <algorithm>
#include <map>

#include "net_interfaces.hpp"
#include "soss/client/cache.hpp"
#include "soss/client/grid_connection.hpp"

namespace soss::console {
namespace {

class StoreBackend final : public ConsoleBackend {
 public:
  StoreBackend(client::Admin admin, std::chrono::milliseconds timeout,
               std::vector<std::string> configured)
      : admin_(std::move(admin)), timeout_(timeout), configured_(std::move(configured)) {}

  Result<std::vector<HostStatus>> poll() override {
    client::AdminReply local = admin_.status();
    if (!local.ok()) {
      return apps::status_of(local);
    }
    std::vector<HostStatus> hosts;
    for (client::AdminHostReport& r : admin_.gather(local)) {
      hosts.push_back(std::move(r));
    }
    if (!hosts.empty() &&
        (hosts.front().host.address == "0.0.0.0" || hosts.front().host.address.empty())) {
      hosts.front().host.address = admin_.options().host;  // listening on every address
    }
    if (!hosts.empty() && hosts.front().host.mgt_port == 0) {
      hosts.front().host.mgt_port = admin_.options().mgt_port;
    }
    for (const std::string& address : configured_) {
      bool listed = std::any_of(hosts.begin(), hosts.end(),
                                [&](const HostStatus& h) { return h.host.address == address; });
      if (!listed) {
        hosts.push_back(configured_host(address));
      }
    }
    return hosts;
  }
  Result<client::AdminReply> params(const HostRef& host) override {
    return apps::result_of(admin_.params(host));
  }
  Result<client::AdminReply> join(const HostRef& host) override {
    return apps::result_of(admin_.join(host));
  }
  Result<client::AdminReply> leave(const HostRef& host) override {
    return apps::result_of(admin_.leave(host));
  }
  Result<client::AdminReply> set_params(const HostRef& host, const Changes& changes) override {
    return apps::result_of(admin_.set_params(host, changes));
  }
  std::vector<std::string> local_interfaces() override {
    std::vector<std::string> out;
    if (auto list = apps::list_net_interfaces()) {
      for (const auto& i : *list) {
        out.push_back(apps::describe(i));
      }
    }
    return out;
  }

  Result<std::vector<client::NamespaceInfo>> namespaces(const HostRef& host) override {
    auto c = connection(host);
    if (!c) {
      return c.error();
    }
    auto r = (*c)->list_namespaces();
    if (!r.ok()) {
      return error(r.result, r.message);
    }
    return r.namespaces;
  }
  Result<std::vector<client::KeyInfo>> keys(const HostRef& host, const std::string& ns,
                                            std::size_t max) override {
    auto c = connection(host);
    if (!c) {
      return c.error();
    }
    client::Cache cache(*c, ns);
    std::vector<client::KeyInfo> out;
    std::string cursor;
    for (int page = 0; page < 100 && out.size() < max; ++page) {  // bounded
      auto r = cache.list_keys(cursor, 0);
      if (!r.ok()) {
        return error(r.result, r.message);
      }
      out.insert(out.end(), r.keys.begin(), r.keys.end());
      cursor = r.next_cursor;
      if (cursor.empty()) {
        break;
      }
    }
    if (out.size() > max) {
      out.resize(max);
    }
    return out;
  }
  client::CacheResponse read(const HostRef& host, const std::string& ns,
                             const client::KeyBytes& key) override {
    return with_cache(host, ns, [&](client::Cache& c) { return c.read(client::Key(key)); });
  }
  client::CacheResponse remove(const HostRef& host, const std::string& ns,
                               const client::KeyBytes& key) override {
    return with_cache(host, ns, [&](client::Cache& c) { return c.remove(client::Key(key)); });
  }

 private:
  // A host of host_list outside the view, asked directly.
  HostStatus configured_host(const std::string& address) {
    HostStatus h;
    h.host.address = address;
    h.host.mgt_port = admin_.options().mgt_port;
    auto r = apps::result_of(admin_.status(h.host));
    if (!r) {
      h.state = "unreachable";
      h.error = r.error().to_string();
      return h;
    }
    h.host.id = r->field("host_id");
    h.host.svr_port = static_cast<std::uint16_t>(std::stoul("0" + r->field("svr_port")));
    h.host.primaries = r->field("primaries");
    h.host.replicas = "0";
    h.state = r->field("state");
    h.status = std::move(*r);
    return h;
  }
  static Status error(client::ResultCode code, const std::string& message) {
    return Status(static_cast<StatusCode>(code),
                  message.empty() ? std::string(client::result_code_name(code)) : message);
  }
  Result<std::shared_ptr<client::GridConnection>> connection(const HostRef& host) {
    std::string key = host.address + ":" + std::to_string(host.svr_port);
    if (auto it = connections_.find(key); it != connections_.end()) {
      return it->second;
    }
    client::ConnectionOptions o;
    o.gateways.push_back({host.address, host.svr_port});
    o.max_request_retries = 0;
    o.connect_timeout = timeout_;
    o.request_timeout = timeout_;
    o.user = admin_.options().user;
    o.password = admin_.options().password;
    auto c = client::GridConnection::connect(o);
    if (!c.ok()) {
      return error(c.result, c.message);
    }
    connections_[key] = c.connection;
    return c.connection;
  }
  template <typename F>
  client::CacheResponse with_cache(const HostRef& host, const std::string& ns, F f) {
    auto c = connection(host);
    if (!c) {
      client::CacheResponse r;
      r.result = static_cast<client::ResultCode>(c.error().code());
      r.message = std::string(c.error().message());
      return r;
    }
    client::Cache cache(*c, ns);
    return f(cache);
  }

  client::Admin admin_;
  std::chrono::milliseconds timeout_;
  std::vector<std::string> configured_;
  std::map<std::string, std::shared_ptr<client::GridConnection>> connections_;
};

}  // namespace

std::unique_ptr<ConsoleBackend> make_store_backend(client::Admin admin,
                                                   std::chrono::milliseconds timeout,
                                                   std::vector<std::string> configured) {
  return std::make_unique<StoreBackend>(std::move(admin), timeout, std::move(configured));
}

}  // namespace soss::console
