// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "management.hpp"
#include "soss/client/admin.hpp"
#include "soss/client/types.hpp"
#include "soss/core/common/status.hpp"

namespace soss::console {

using apps::HostRef;
using apps::HostStatus;
using Changes = std::vector<std::pair<std::string, std::string>>;

// Everything the console asks of the store: management requests at the hosts' mgt_port and
// object requests through the client library. The model calls it; tests give it a fake.
class ConsoleBackend {
 public:
  virtual ~ConsoleBackend() = default;
  // The local host's status and every member's (client::Admin::gather), or why the local service
  // cannot be reached.
  virtual Result<std::vector<HostStatus>> poll() = 0;
  virtual Result<client::AdminReply> params(const HostRef& host) = 0;
  virtual Result<client::AdminReply> join(const HostRef& host) = 0;
  virtual Result<client::AdminReply> leave(const HostRef& host) = 0;
  virtual Result<client::AdminReply> set_params(const HostRef& host, const Changes& changes) = 0;
  // This machine's interfaces ("name address/netmask"): for a host whose status lists none.
  virtual std::vector<std::string> local_interfaces() = 0;
  // The object browser, at the host's svr_port.
  virtual Result<std::vector<client::NamespaceInfo>> namespaces(const HostRef& host) = 0;
  virtual Result<std::vector<client::KeyInfo>> keys(const HostRef& host, const std::string& ns,
                                                    std::size_t max) = 0;
  virtual client::CacheResponse read(const HostRef& host, const std::string& ns,
                                     const client::KeyBytes& key) = 0;
  virtual client::CacheResponse remove(const HostRef& host, const std::string& ns,
                                       const client::KeyBytes& key) = 0;
};

// The real backend: the client's Admin for mgt_port, a GridConnection per host for the browser.
// `configured` addresses (host_list) that are not in the view are listed too, asked at the
// same mgt_port, so that an inactive host can be joined from the console.
std::unique_ptr<ConsoleBackend> make_store_backend(client::Admin admin,
                                                   std::chrono::milliseconds timeout,
                                                   std::vector<std::string> configured = {});

}  // namespace soss::console
