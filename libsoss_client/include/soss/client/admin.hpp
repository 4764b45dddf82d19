// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// The management API of the soss client: what the soss CLI, soss_console and soss_bench ask
// of the services (docs/client.md "Admin API"). C++17, standard library only.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "soss/client/export.h"
#include "soss/client/grid_connection.hpp"
#include "soss/client/types.hpp"

namespace soss::client {

/// The default management port of a soss host (mgt_port).
inline constexpr std::uint16_t kDefaultMgtPort = 720;

/// Where an Admin talks to and how.
struct AdminOptions {
  /// The local host: the one status(), resolve() and gather() start from.
  std::string host = "127.0.0.1";
  std::uint16_t mgt_port = kDefaultMgtPort;
  /// Bound on every request (connect, send and answer).
  std::chrono::milliseconds timeout{10000};
  /// The user of the store's access file to authenticate as (as ConnectionOptions::user;
  /// GridConnection::add_operator_credentials finds an operator's); empty = none.
  std::string user;
  std::string password;
};

/// The name = value fields of a management answer, in the order the host sent them (some
/// names repeat, e.g. "member").
using AdminFields = std::vector<std::pair<std::string, std::string>>;

/// A host of the store as the management tools address it.
struct AdminHost {
  std::string id;  ///< host id; empty when not known (an address that is not in the view)
  std::string address;
  std::uint16_t mgt_port = 0;
  std::uint16_t svr_port = 0;
  std::string primaries;  ///< from the view ("" when not a member)
  std::string replicas;
};

/// The answer to one management request. A host that cannot be reached, a refusal (a non-success
/// code from the host) and a bad answer are all errors: `result` and `message` say which.
struct SOSS_CLIENT_API AdminReply {
  ResultCode result = ResultCode::kOk;
  std::string message;  ///< why it failed; empty on success
  AdminFields fields;   ///< the answer (success only)

  bool ok() const { return is_success(result); }
  /// The first field called `name`; "" when there is none.
  std::string field(std::string_view name) const;
  /// Every field called `name`, in order.
  std::vector<std::string> all(std::string_view name) const;
  /// "Code: message" (or "Code"), as soss::Status prints it.
  std::string error_text() const;
};

/// The members of the view in a status answer ("member" = "id address svr mgt prim repl").
SOSS_CLIENT_API std::vector<AdminHost> members_of(const AdminReply& status);

/// One host's state as gather() found it.
struct AdminHostReport {
  AdminHost host;
  std::string state;                 ///< the host's state, or "unreachable"
  std::optional<AdminReply> status;  ///< its status answer; empty when it could not be reached
  std::string error;                 ///< why it could not be reached
};

/// The hosts a target names (resolve()).
struct AdminHostsResult {
  ResultCode result = ResultCode::kOk;
  std::vector<AdminHost> hosts;
  std::string message;

  bool ok() const { return is_success(result); }
};

/// The partition map a host serves at its svr_port (what the client routes by).
struct RoutingInfo {
  static constexpr std::uint16_t kNoPrimary = 0xFFFF;
  ResultCode result = ResultCode::kOk;
  /// False when the host has no table to tell (a lone store, or an answer that is not a table):
  /// everything then goes to the host that was asked.
  bool has_table = false;
  std::vector<Gateway> hosts;          ///< address and svr_port of each host
  std::vector<std::uint16_t> primary;  ///< per partition: index into hosts, or kNoPrimary
  std::string message;

  bool ok() const { return is_success(result); }
};

/// True for "all", an IPv4 address or a decimal host id; "" is the local host.
SOSS_CLIENT_API bool is_target_syntax(const std::string& target);

/// Talks to the services' management ports (mgt_port): one host given by address and port (the
/// local one), and the other members of its store. Stateless apart from its options; every call
/// opens its own connection (authenticating first when a user is set), so it is thread-safe.
class SOSS_CLIENT_API Admin {
 public:
  explicit Admin(AdminOptions options);

  const AdminOptions& options() const { return options_; }
  /// The local host (address and mgt_port only).
  AdminHost local() const;

  /// The host's status: state, host_id, address, ports, counters, its view ("member" fields).
  AdminReply status() const;
  AdminReply status(const AdminHost& host) const;
  /// The host's parameters, one field per parameter.
  AdminReply params(const AdminHost& host) const;
  /// Sets parameters: the host saves them to its params file and answers a field "<name>" =
  /// "restart" per parameter that needs a restart, and "propagated" = "<host> ok" or "<host>
  /// failed: why" for each other host it sent a store-wide change to. `this_host_only` stops it
  /// from sending them on (a caller that sends the change to every host itself).
  AdminReply set_params(const AdminHost& host, const AdminFields& changes,
                        bool this_host_only = false) const;
  /// Activates the host (its status on success); `force` founds a new, empty store now.
  AdminReply join(const AdminHost& host, bool force = false) const;
  /// Deactivates the host (its status on success); `force` even as the last host of the store.
  AdminReply leave(const AdminHost& host, bool force = false) const;
  /// Asks the service to restart itself (the same process runs again with a new started_ms).
  AdminReply restart(const AdminHost& host) const;

  /// The local host's status (`local`), then every other member of its view asked at once, each
  /// for at most 2 s; the local host comes first. A host outside any view is listed alone.
  std::vector<AdminHostReport> gather(const AdminReply& local) const;

  /// The hosts a target names: "" = the local host, "all" = every member of the local host's
  /// view plus the local host and `extra` addresses (host_list), an IPv4 address (its mgt_port
  /// from the view, else the local one), or a host id of the view. Errors: InvalidArgument for
  /// bad syntax, NotFound for an unknown host id, the local host's error when it is needed and
  /// cannot be reached.
  AdminHostsResult resolve(const std::string& target,
                           const std::vector<std::string>& extra = {}) const;

  /// The partition map of the host at `gateway` (its svr_port, not mgt_port).
  RoutingInfo routing(const Gateway& gateway) const;

 private:
  AdminOptions options_;
};

}  // namespace soss::client
