// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// Who may do what (docs/security.md): the store secret that hosts prove to each other, and the
// users that clients present, each with a role. Deterministic; no files are read here.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "soss/core/common/sha256.hpp"
#include "soss/core/common/status.hpp"
#include "soss/core/store/request.hpp"

namespace soss::core {

// Ordered: each role may do everything the roles before it may.
enum class Role : std::uint8_t {
  kNone = 0,   // not authenticated: only ping and auth
  kRead = 1,   // reads, listings, queries, status and parameters
  kWrite = 2,  // also every object change (add, update, remove, locks, clear)
  kAdmin = 3,  // also management: set parameters, join, leave, restart
};

std::string_view role_name(Role role);
// "read", "write" or "admin" (also "readonly", "readwrite"); anything else is kNone.
Role parse_role(std::string_view text);

// The least role an operation needs. kPing and kAuth need none.
Role required_role(OpCode op);

// RFC 2104 HMAC with SHA-256.
Sha256Digest hmac_sha256(std::string_view key, std::string_view message);
// Compares in time independent of where the first difference is.
bool equal_in_constant_time(std::string_view a, std::string_view b);

// What a client presents: a user of the access file and its password ("" user = none).
struct Credentials {
  std::string user;
  std::string password;
};

// The native `auth` request that presents `credentials` (docs/protocol.md, opcode 2).
Request auth_request(const Credentials& credentials);

struct AccessUser {
  std::string name;
  Role role = Role::kNone;
  // The password as written, or "sha256:" and the lowercase hex SHA-256 of the password.
  std::string password;
};

// The contents of the access file named by the `auth_file` parameter:
//   # comments and blank lines
//   secret <the store secret, 16 or more characters; the same file on every host>
//   user <name> <read|write|admin> <password | sha256:HEX>
// An empty AccessList (no file configured) lets everyone do everything.
class AccessList {
 public:
  AccessList() = default;
  // Errors: kConfigError "FILE:LINE: reason" (a missing secret, a short secret, a bad role,
  // a repeated user, a line of another shape).
  static Result<AccessList> parse(std::string_view text, std::string_view file_name);

  bool enabled() const { return !secret_.empty(); }
  const std::string& secret() const { return secret_; }
  const std::vector<AccessUser>& users() const { return users_; }
  // The role of `user` when `password` is right, else kNone.
  Role check(std::string_view user, std::string_view password) const;
  // The first admin user, for the operator's tools on a store host (may be null).
  const AccessUser* first_admin() const;

 private:
  std::string secret_;
  std::vector<AccessUser> users_;
};

}  // namespace soss::core
