// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <cstdint>
#include <future>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "soss/client/export.h"
#include "soss/client/types.hpp"

namespace soss::client {

namespace detail {
class Router;
}  // namespace detail

class GridConnection;

/// The default client port of a soss host (svr_port).
inline constexpr std::uint16_t kDefaultSvrPort = 721;

/// A host's client endpoint: a name or address and its svr_port.
struct Gateway {
  std::string host;
  std::uint16_t port = kDefaultSvrPort;
};

/// Everything a connection string sets.
struct ConnectionOptions {
  /// Tried in order; the first that accepts a connection serves every request.
  std::vector<Gateway> gateways;
  /// How often a request retries the connect while no gateway is reachable, and how often a
  /// NotReady answer is retried (0..100).
  int max_request_retries = 2;
  /// Bound on one TCP connect attempt to one gateway.
  std::chrono::milliseconds connect_timeout{2000};
  /// Bound on one request, added to any lock wait it asks for; 0 = none. A request that takes
  /// longer answers Timeout and its late reply is dropped.
  std::chrono::milliseconds request_timeout{0};
  /// Send each request of one key straight to its partition's primary (learning the partition
  /// map from the gateway), instead of through the gateway, which would forward it.
  bool route_to_primary = true;
  /// The user of the store's access file (docs/security.md) to authenticate as; empty = none.
  /// When set, `auth` is the first request on every connection the client opens. A store with
  /// an access file answers Unauthorized to every request of a connection that has not
  /// authenticated, and to requests the user's role does not allow.
  std::string user;
  std::string password;
};

/// The outcome of parse_connection_string().
struct ConnectionOptionsResult {
  ResultCode result = ResultCode::kOk;
  ConnectionOptions options;
  std::string message;  ///< what is wrong with the string, on error

  bool ok() const { return is_success(result); }
};

/// Parses `key=value;key=value...` (keys are case-insensitive; whitespace around keys, values
/// and list items is ignored):
/// - `bootstrapGateways=host[:port][,host[:port]...]` (required; port defaults to 721;
///   IPv6 addresses are written `[addr]:port`)
/// - `maxRequestRetries=N` (0..100, default 2)
/// - `connectTimeoutMs=N` (1..600000, default 2000)
/// - `requestTimeoutMs=N` (0..86400000, default 0 = none)
/// - `routeToPrimary=true|false` (default true)
/// - `user=NAME` and `password=TEXT`: the credentials of the store's access file
/// - accepted for compatibility with the original client: `maxPoolSize=N` (1..64) and
///   `eventConnectionCount=N` (both unused for now), `useSecure=false`.
/// Unknown keys, repeated keys and bad values are InvalidArgument with a message.
SOSS_CLIENT_API ConnectionOptionsResult parse_connection_string(std::string_view text);

/// The outcome of GridConnection::connect().
struct ConnectResult {
  ResultCode result = ResultCode::kOk;
  std::shared_ptr<GridConnection> connection;  ///< set on success
  std::string message;                         ///< why connecting failed

  bool ok() const { return is_success(result); }
};

/// A connection to a soss store, shared by every Cache of the application: use one per store.
/// It keeps one TCP connection to the first reachable gateway and multiplexes every request of
/// every thread over it (replies are matched by request id, many requests are in flight at
/// once). When the connection is lost it reconnects in the background with exponential backoff
/// (50 ms doubling up to 2 s); requests in flight at that moment answer Unavailable (they may or
/// may not have been applied), requests issued while disconnected wait for up to
/// max_request_retries connect attempts.
/// Thread-safe. Destroying it fails every outstanding request with Unavailable and joins its
/// io thread; it must not be destroyed from inside a future continuation of its own requests.
class SOSS_CLIENT_API GridConnection {
 public:
  /// Parses `connection_string` (see parse_connection_string) and connects. Fails with
  /// InvalidArgument for a bad string and Unavailable when no gateway can be reached.
  static ConnectResult connect(std::string_view connection_string);
  static ConnectResult connect(const ConnectionOptions& options);

  /// Connects as configured on this machine, reading `soss_client_params.txt` in `params_dir`
  /// (empty = default_params_dir()): with remote-client gateways (`rem_gw
  /// __SOSS_remote_client_access, mgt_port, ip, svr_port`) it connects to those with
  /// max_rem_retries; otherwise to the local service at 127.0.0.1 and the svr_port of
  /// `soss_params.txt` beside it, with max_lcl_retries. max_access_time sets the request
  /// timeout. Missing files mean defaults; a malformed file is ConfigError.
  static ConnectResult connect_default(std::string_view params_dir = {});
  /// The options connect_default(params_dir) connects with, for a caller that adjusts them
  /// first (soss_rest caps the retries so that a missing store answers 503 at once).
  static ConnectionOptionsResult options_for_params_dir(std::string_view params_dir = {});
  /// Sets options.user and options.password for a program the operator runs on a store host
  /// (docs/security.md): SOSS_USER and SOSS_PASSWORD when SOSS_USER is set; else the first
  /// admin user with a plain password of the access file `auth_file` (soss_params.txt's
  /// parameter; relative to `params_dir`), when this process can read it; else leaves them.
  /// options_for_params_dir() and connect_default() do this themselves.
  static void add_operator_credentials(ConnectionOptions& options, std::string_view params_dir,
                                       std::string_view auth_file);

  /// "/etc/soss" on Linux; on Windows the folder that holds soss_client.dll (the install
  /// folder, where the MSI puts soss_params.txt).
  static std::string default_params_dir();

  ~GridConnection();
  GridConnection(const GridConnection&) = delete;
  GridConnection& operator=(const GridConnection&) = delete;

  /// Every namespace (named cache) of the store.
  NamespaceListResponse list_namespaces();
  std::future<NamespaceListResponse> list_namespaces_async();

  /// Round trip to the gateway: Ok, or why it failed.
  ResultCode ping();

  const ConnectionOptions& options() const;

  /// True while the TCP connection to a gateway is up.
  bool is_connected() const;

 private:
  friend class Cache;
  explicit GridConnection(const ConnectionOptions& options);
  detail::Router& channel() const { return *channel_; }

  std::unique_ptr<detail::Router> channel_;
};

}  // namespace soss::client
