// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "soss/core/common/access.hpp"

#include <fmt/format.h>

#include "param_text.hpp"
#include "soss/core/store/types.hpp"

namespace soss::core {
namespace {

constexpr std::size_t kMinSecretBytes = 16;
constexpr std::string_view kHashedPrefix = "sha256:";

// Splits "a b  c" into at most `max` whitespace-separated words; the last takes the rest.
std::vector<std::string_view> words(std::string_view text, std::size_t max) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < text.size() && out.size() < max) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) {
      ++i;
    }
    if (i == text.size()) {
      break;
    }
    std::size_t end = i;
    if (out.size() + 1 == max) {
      end = text.size();
      while (end > i && (text[end - 1] == ' ' || text[end - 1] == '\t')) {
        --end;
      }
    } else {
      while (end < text.size() && text[end] != ' ' && text[end] != '\t') {
        ++end;
      }
    }
    out.push_back(text.substr(i, end - i));
    i = end;
  }
  return out;
}

bool password_matches(const AccessUser& user, std::string_view password) {
  std::string_view stored = user.password;
  if (stored.substr(0, kHashedPrefix.size()) == kHashedPrefix) {
    return equal_in_constant_time(stored.substr(kHashedPrefix.size()), key_hex(sha256(password)));
  }
  return equal_in_constant_time(stored, password);
}

}  // namespace

std::string_view role_name(Role role) {
  switch (role) {
    case Role::kRead:
      return "read";
    case Role::kWrite:
      return "write";
    case Role::kAdmin:
      return "admin";
    case Role::kNone:
      break;
  }
  return "none";
}

Role parse_role(std::string_view text) {
  if (text == "read" || text == "readonly") {
    return Role::kRead;
  }
  if (text == "write" || text == "readwrite") {
    return Role::kWrite;
  }
  return text == "admin" ? Role::kAdmin : Role::kNone;
}

Role required_role(OpCode op) {
  switch (op) {
    case OpCode::kPing:
    case OpCode::kAuth:
      return Role::kNone;
    case OpCode::kRead:
    case OpCode::kMetadata:
    case OpCode::kBulkRead:
    case OpCode::kListNamespaces:
    case OpCode::kListKeys:
    case OpCode::kQuery:
    case OpCode::kGetRouting:
    case OpCode::kGetStatus:
    case OpCode::kGetParams:
      return Role::kRead;
    case OpCode::kSetParams:
    case OpCode::kJoin:
    case OpCode::kLeave:
    case OpCode::kRestart:
      return Role::kAdmin;
    default:
      return Role::kWrite;  // every other object operation changes the store (locks included)
  }
}

Request auth_request(const Credentials& credentials) {
  Request r;
  r.op = OpCode::kAuth;
  r.fields.emplace_back("user", credentials.user);
  r.value = credentials.password;
  return r;
}

Sha256Digest hmac_sha256(std::string_view key, std::string_view message) {
  constexpr std::size_t kBlock = 64;
  std::string k(key);
  if (k.size() > kBlock) {
    Sha256Digest d = sha256(k);
    k.assign(reinterpret_cast<const char*>(d.data()), d.size());
  }
  k.resize(kBlock, '\0');
  std::string inner(kBlock, '\0');
  std::string outer(kBlock, '\0');
  for (std::size_t i = 0; i < kBlock; ++i) {
    inner[i] = static_cast<char>(k[i] ^ 0x36);
    outer[i] = static_cast<char>(k[i] ^ 0x5c);
  }
  inner.append(message);
  Sha256Digest ih = sha256(inner);
  outer.append(reinterpret_cast<const char*>(ih.data()), ih.size());
  return sha256(outer);
}

bool equal_in_constant_time(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;  // only the length can be learnt from the time taken
  }
  unsigned diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    diff |= static_cast<unsigned char>(a[i]) ^ static_cast<unsigned char>(b[i]);
  }
  return diff == 0;
}

Result<AccessList> AccessList::parse(std::string_view text, std::string_view file_name) {
  AccessList list;
  if (text.substr(0, detail::kUtf8Bom.size()) == detail::kUtf8Bom) {
    text.remove_prefix(detail::kUtf8Bom.size());
  }
  auto lines = detail::split_lines(text);
  auto error = [&](std::size_t line, std::string why) {
    return Status(StatusCode::kConfigError, fmt::format("{}:{}: {}", file_name, line, why));
  };
  for (std::size_t n = 0; n < lines.size(); ++n) {
    std::string_view body = lines[n].body;
    auto first = body.find_first_not_of(" \t");
    if (first == std::string_view::npos || body[first] == '#') {
      continue;
    }
    // The keyword, then the rest of the line as one word (a secret or password may hold spaces).
    auto w = words(body, 2);
    if (w[0] == "secret") {
      if (w.size() < 2 || w[1].size() < kMinSecretBytes) {
        return error(n + 1,
                     fmt::format("the secret must have {} or more characters", kMinSecretBytes));
      }
      if (!list.secret_.empty()) {
        return error(n + 1, "a second 'secret' line");
      }
      list.secret_ = std::string(w[1]);
    } else if (w[0] == "user") {
      auto u = words(w.size() < 2 ? std::string_view() : w[1], 3);
      if (u.size() < 3) {
        return error(n + 1, "expected 'user <name> <read|write|admin> <password>'");
      }
      Role role = parse_role(u[1]);
      if (role == Role::kNone) {
        return error(n + 1, fmt::format("unknown role '{}' (read, write or admin)", u[1]));
      }
      for (const auto& known : list.users_) {
        if (known.name == u[0]) {
          return error(n + 1, fmt::format("user '{}' is listed twice", u[0]));
        }
      }
      list.users_.push_back(AccessUser{std::string(u[0]), role, std::string(u[2])});
    } else {
      return error(n + 1, fmt::format("unknown entry '{}' (expected 'secret' or 'user')", w[0]));
    }
  }
  if (list.secret_.empty()) {
    return Status(
        StatusCode::kConfigError,
        fmt::format("{}: no 'secret' line (the store secret every host shares)", file_name));
  }
  return list;
}

Role AccessList::check(std::string_view user, std::string_view password) const {
  for (const auto& u : users_) {
    if (u.name == user) {
      return password_matches(u, password) ? u.role : Role::kNone;
    }
  }
  return Role::kNone;
}

const AccessUser* AccessList::first_admin() const {
  for (const auto& u : users_) {
    if (u.role == Role::kAdmin) {
      return &u;
    }
  }
  return nullptr;
}

}  // namespace soss::core
