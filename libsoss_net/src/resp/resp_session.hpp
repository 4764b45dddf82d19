// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "soss/core/store/request.hpp"
#include "soss/core/store/store.hpp"
#include "soss/net/request_handler.hpp"

namespace soss::net::resp {

// Selects databases 0..kDatabases-1, as Redis's default configuration does.
inline constexpr std::uint32_t kDatabases = 16;

// The state of one RESP client connection: its selected database (namespace db<n>), its name,
// and a reusable request (so most commands allocate nothing for it). Owned by its connection;
// not thread-safe.
struct RespSession {
  RespSession();
  void select(std::uint32_t db);

  std::uint32_t db = 0;
  core::NamespaceId ns = 0;
  std::string ns_name;
  std::string client_name;
  std::uint64_t client_id = 0;
  std::string peer;
  Caller caller;         // resp_port is an object door; the role is set by the connection and AUTH
  bool closing = false;  // QUIT: close once the replies are written
  core::Request request;

  // MULTI ... EXEC (resp_cmd_multi.cpp): the commands queued since MULTI, copied, and whether
  // one was refused while queueing (EXEC then runs none of them).
  bool in_multi = false;
  bool multi_refused = false;
  std::vector<std::vector<std::string>> queued;
  // WATCH: each watched key's state when it was watched (namespace, key, fingerprint).
  struct Watched {
    core::NamespaceId ns = 0;
    std::string ns_name;
    std::string key;
    std::string fingerprint;  // "" = absent; else version, created and updated times
  };
  std::vector<Watched> watched;
};

}  // namespace soss::net::resp
