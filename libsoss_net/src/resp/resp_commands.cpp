// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "resp/resp_commands.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>

namespace soss::net::resp {
namespace {

using core::Role;

// Sorted by name (kept so for readers; found by hash below). docs/redis.md lists them with their
// differences from Redis.
constexpr std::array kCommands{
    RespCommand{"auth", -2, cmd_auth, Role::kNone},
    RespCommand{"client", -2, cmd_client, Role::kRead},
    RespCommand{"command", -1, cmd_command, Role::kRead},
    RespCommand{"config", -2, cmd_config, Role::kRead},
    RespCommand{"dbsize", 1, cmd_dbsize, Role::kRead},
    RespCommand{"decr", 2, cmd_decr, Role::kWrite},
    RespCommand{"decrby", 3, cmd_decrby, Role::kWrite},
    RespCommand{"del", -2, cmd_del, Role::kWrite},
    RespCommand{"discard", 1, cmd_discard, Role::kRead},
    RespCommand{"echo", 2, cmd_echo, Role::kRead},
    RespCommand{"exec", 1, cmd_exec, Role::kRead},
    RespCommand{"exists", -2, cmd_exists, Role::kRead},
    RespCommand{"expire", -3, cmd_expire, Role::kWrite},
    RespCommand{"flushall", -1, cmd_flushall, Role::kWrite},
    RespCommand{"flushdb", -1, cmd_flushdb, Role::kWrite},
    RespCommand{"get", 2, cmd_get, Role::kRead},
    RespCommand{"getdel", 2, cmd_getdel, Role::kWrite},
    RespCommand{"getex", -2, cmd_getex, Role::kWrite},
    RespCommand{"hdel", -3, cmd_hdel, Role::kWrite},
    RespCommand{"hello", -1, cmd_hello, Role::kNone},
    RespCommand{"hexists", 3, cmd_hexists, Role::kRead},
    RespCommand{"hget", 3, cmd_hget, Role::kRead},
    RespCommand{"hgetall", 2, cmd_hgetall, Role::kRead},
    RespCommand{"hincrby", 4, cmd_hincrby, Role::kWrite},
    RespCommand{"hkeys", 2, cmd_hkeys, Role::kRead},
    RespCommand{"hlen", 2, cmd_hlen, Role::kRead},
    RespCommand{"hmget", -3, cmd_hmget, Role::kRead},
    RespCommand{"hmset", -4, cmd_hmset, Role::kWrite},
    RespCommand{"hset", -4, cmd_hset, Role::kWrite},
    RespCommand{"hsetnx", 4, cmd_hsetnx, Role::kWrite},
    RespCommand{"hvals", 2, cmd_hvals, Role::kRead},
    RespCommand{"incr", 2, cmd_incr, Role::kWrite},
    RespCommand{"incrby", 3, cmd_incrby, Role::kWrite},
    RespCommand{"info", -1, cmd_info, Role::kRead},
    RespCommand{"keys", 2, cmd_keys, Role::kRead},
    RespCommand{"mget", -2, cmd_mget, Role::kRead},
    RespCommand{"mset", -3, cmd_mset, Role::kWrite},
    RespCommand{"multi", 1, cmd_multi, Role::kRead},
    RespCommand{"persist", 2, cmd_persist, Role::kWrite},
    RespCommand{"pexpire", -3, cmd_pexpire, Role::kWrite},
    RespCommand{"ping", -1, cmd_ping, Role::kRead},
    RespCommand{"psetex", 4, cmd_psetex, Role::kWrite},
    RespCommand{"pttl", 2, cmd_pttl, Role::kRead},
    RespCommand{"quit", -1, cmd_quit, Role::kNone},
    RespCommand{"scan", -2, cmd_scan, Role::kRead},
    RespCommand{"select", 2, cmd_select, Role::kRead},
    RespCommand{"set", -3, cmd_set, Role::kWrite},
    RespCommand{"setex", 4, cmd_setex, Role::kWrite},
    RespCommand{"setnx", 3, cmd_setnx, Role::kWrite},
    RespCommand{"strlen", 2, cmd_strlen, Role::kRead},
    RespCommand{"ttl", 2, cmd_ttl, Role::kRead},
    RespCommand{"type", 2, cmd_type, Role::kRead},
    RespCommand{"unlink", -2, cmd_del, Role::kWrite},
    RespCommand{"unwatch", 1, cmd_unwatch, Role::kRead},
    RespCommand{"watch", -2, cmd_watch, Role::kRead},
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

// Names are found through a small open-addressing table (one probe for almost every command)
// instead of a binary search: the lookup is on every command's path.
constexpr std::size_t kSlots = 128;
static_assert(kSlots >= 2 * kCommands.size(), "keep the table at most half full");

constexpr std::size_t name_hash(std::string_view lower) {
  std::size_t h = lower.size();
  for (char c : lower) {
    h = h * 33 + static_cast<unsigned char>(c);
  }
  return h;
}

using SlotTable = std::array<std::uint8_t, kSlots>;  // index + 1 into kCommands, 0 = empty
constexpr std::uint8_t kEmpty = 0;

constexpr SlotTable make_slots() {
  SlotTable slots{};
  for (std::size_t c = 0; c < kCommands.size(); ++c) {
    std::size_t i = name_hash(kCommands[c].name) % kSlots;
    while (slots[i] != kEmpty) {
      i = (i + 1) % kSlots;
    }
    slots[i] = static_cast<std::uint8_t>(c + 1);
  }
  return slots;
}
constexpr SlotTable kSlotTable = make_slots();

}  // namespace

const RespCommand* find_command(std::string_view name) {
  if (name.size() > kMaxNameBytes) {
    return nullptr;
  }
  char lower[kMaxNameBytes];
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    lower[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  const std::string_view key(lower, name.size());
  for (std::size_t i = name_hash(key) % kSlots; kSlotTable[i] != kEmpty; i = (i + 1) % kSlots) {
    const RespCommand& cmd = kCommands[kSlotTable[i] - 1];
    if (cmd.name == key) {
      return &cmd;
    }
  }
  return nullptr;
}

namespace {

// Redis shows at most 128 bytes of each argument in its unknown-command error.
std::string_view shown(std::string_view arg) { return arg.substr(0, 128); }

void unknown_command(RespContext& ctx) {
  // Built by appending (GCC 12 warns, wrongly, about "literal" + std::string&& here).
  std::string msg = "ERR unknown command '";
  msg.append(shown(ctx.args[0])).append("', with args beginning with: ");
  for (std::size_t i = 1; i < ctx.args.size() && msg.size() < 4096; ++i) {
    msg.append("'").append(shown(ctx.args[i])).append("' ");
  }
  ctx.out.error(msg);
}

}  // namespace

bool check_command(RespContext& ctx, const RespCommand* cmd) {
  if (cmd == nullptr) {
    unknown_command(ctx);
    return false;
  }
  const auto n = static_cast<int>(std::min<std::size_t>(ctx.args.size(), 1u << 30));
  if ((cmd->arity > 0 && n != cmd->arity) || (cmd->arity < 0 && n < -cmd->arity)) {
    ctx.out.error("ERR wrong number of arguments for '" + std::string(cmd->name) + "' command");
    return false;
  }
  const Caller& caller = ctx.session().caller;
  if (caller.role < cmd->role) {
    if (caller.role == Role::kNone) {
      ctx.out.error("NOAUTH Authentication required.");
    } else {
      ctx.out.error("NOPERM User " + caller.user + " has no permissions to run the '" +
                    std::string(cmd->name) + "' command");
    }
    return false;
  }
  return true;
}

// Not a coroutine itself: the command's own task is the one awaited (one frame per command).
Task<> execute_command(RespContext& ctx) {
  const RespCommand* cmd = find_command(ctx.args[0]);
  if (ctx.session().in_multi && !runs_inside_multi(cmd)) {
    queue_command(ctx, cmd);
    return {};
  }
  if (check_command(ctx, cmd)) {
    return cmd->run(ctx);
  }
  return {};
}

std::size_t command_count() { return kCommands.size(); }

const RespCommand& command_at(std::size_t i) { return kCommands.at(i); }

}  // namespace soss::net::resp
