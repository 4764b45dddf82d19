// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "resp/resp_commands.hpp"

#include <algorithm>
#include <array>
#include <string>

namespace soss::net::resp {
namespace {

// Sorted by name (binary search). docs/redis.md lists them with their differences from Redis.
constexpr std::array kCommands{
    RespCommand{"client", -2, cmd_client},
    RespCommand{"command", -1, cmd_command},
    RespCommand{"config", -2, cmd_config},
    RespCommand{"dbsize", 1, cmd_dbsize},
    RespCommand{"decr", 2, cmd_decr},
    RespCommand{"decrby", 3, cmd_decrby},
    RespCommand{"del", -2, cmd_del},
    RespCommand{"echo", 2, cmd_echo},
    RespCommand{"exists", -2, cmd_exists},
    RespCommand{"expire", -3, cmd_expire},
    RespCommand{"flushall", -1, cmd_flushall},
    RespCommand{"flushdb", -1, cmd_flushdb},
    RespCommand{"get", 2, cmd_get},
    RespCommand{"getdel", 2, cmd_getdel},
    RespCommand{"getex", -2, cmd_getex},
    RespCommand{"hello", -1, cmd_hello},
    RespCommand{"incr", 2, cmd_incr},
    RespCommand{"incrby", 3, cmd_incrby},
    RespCommand{"info", -1, cmd_info},
    RespCommand{"keys", 2, cmd_keys},
    RespCommand{"mget", -2, cmd_mget},
    RespCommand{"mset", -3, cmd_mset},
    RespCommand{"persist", 2, cmd_persist},
    RespCommand{"pexpire", -3, cmd_pexpire},
    RespCommand{"ping", -1, cmd_ping},
    RespCommand{"psetex", 4, cmd_psetex},
    RespCommand{"pttl", 2, cmd_pttl},
    RespCommand{"quit", -1, cmd_quit},
    RespCommand{"scan", -2, cmd_scan},
    RespCommand{"select", 2, cmd_select},
    RespCommand{"set", -3, cmd_set},
    RespCommand{"setex", 4, cmd_setex},
    RespCommand{"setnx", 3, cmd_setnx},
    RespCommand{"strlen", 2, cmd_strlen},
    RespCommand{"ttl", 2, cmd_ttl},
    RespCommand{"type", 2, cmd_type},
    RespCommand{"unlink", -2, cmd_del},
};

constexpr bool sorted() {
  for (std::size_t i = 1; i < kCommands.size(); ++i) {
    if (!(kCommands[i - 1].name < kCommands[i].name)) {
      return false;
    }
  }
  return true;
}
static_assert(sorted(), "kCommands must be sorted by name");

constexpr std::size_t kMaxNameBytes = 16;

const RespCommand* find(std::string_view name) {
  if (name.size() > kMaxNameBytes) {
    return nullptr;
  }
  char lower[kMaxNameBytes];
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    lower[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  std::string_view key(lower, name.size());
  auto it = std::lower_bound(kCommands.begin(), kCommands.end(), key,
                             [](const RespCommand& c, std::string_view k) { return c.name < k; });
  return it != kCommands.end() && it->name == key ? &*it : nullptr;
}

// Redis shows at most 128 bytes of each argument in its unknown-command error.
std::string shown(std::string_view arg) {
  std::string s(arg.substr(0, 128));
  return s;
}

void unknown_command(RespContext& ctx) {
  std::string msg = "ERR unknown command '" + shown(ctx.args[0]) + "', with args beginning with: ";
  for (std::size_t i = 1; i < ctx.args.size() && msg.size() < 4096; ++i) {
    msg += "'" + shown(ctx.args[i]) + "' ";
  }
  ctx.out.error(msg);
}

}  // namespace

void execute_command(RespContext& ctx) {
  const RespCommand* cmd = find(ctx.args[0]);
  if (cmd == nullptr) {
    unknown_command(ctx);
    return;
  }
  const auto n = static_cast<int>(std::min<std::size_t>(ctx.args.size(), 1u << 30));
  if ((cmd->arity > 0 && n != cmd->arity) || (cmd->arity < 0 && n < -cmd->arity)) {
    ctx.out.error("ERR wrong number of arguments for '" + std::string(cmd->name) + "' command");
    return;
  }
  cmd->run(ctx);
}

std::size_t command_count() { return kCommands.size(); }

}  // namespace soss::net::resp
