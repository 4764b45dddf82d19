// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "resp/resp_context.hpp"

namespace soss::net::resp {

using CommandFn = void (*)(RespContext&);

// One supported command: its lower-case name, Redis arity (n = exactly n arguments with the
// name, -n = at least n), its implementation, and the least role a connection needs to run it
// when the store has an access file (docs/security.md).
struct RespCommand {
  std::string_view name;
  int arity;
  CommandFn run;
  core::Role role;
};

// Looks up ctx.args[0], checks the arity and runs the command; unknown commands and wrong
// arities get Redis's error replies. ctx.args must not be empty.
void execute_command(RespContext& ctx);
// False (after replying with Redis's error) when `cmd` is null (unknown), has the wrong arity,
// or needs a role the connection has not got (NOAUTH before AUTH, NOPERM after).
bool check_command(RespContext& ctx, const RespCommand* cmd);
// Number of supported commands (COMMAND COUNT).
std::size_t command_count();
// The i-th supported command (i < command_count()), in name order.
const RespCommand& command_at(std::size_t i);
// The command named `name` in any letter case, or null.
const RespCommand* find_command(std::string_view name);

// Strings (resp_cmd_strings.cpp).
void cmd_get(RespContext& ctx);
void cmd_set(RespContext& ctx);
void cmd_setnx(RespContext& ctx);
void cmd_setex(RespContext& ctx);
void cmd_psetex(RespContext& ctx);
void cmd_getex(RespContext& ctx);
void cmd_getdel(RespContext& ctx);
void cmd_mget(RespContext& ctx);
void cmd_mset(RespContext& ctx);
void cmd_strlen(RespContext& ctx);
// Hashes (resp_cmd_hashes.cpp).
void cmd_hset(RespContext& ctx);
void cmd_hsetnx(RespContext& ctx);
void cmd_hmset(RespContext& ctx);
void cmd_hget(RespContext& ctx);
void cmd_hmget(RespContext& ctx);
void cmd_hgetall(RespContext& ctx);
void cmd_hdel(RespContext& ctx);
void cmd_hexists(RespContext& ctx);
void cmd_hlen(RespContext& ctx);
void cmd_hkeys(RespContext& ctx);
void cmd_hvals(RespContext& ctx);
void cmd_hincrby(RespContext& ctx);
// Counters (resp_cmd_counters.cpp).
void cmd_incr(RespContext& ctx);
void cmd_decr(RespContext& ctx);
void cmd_incrby(RespContext& ctx);
void cmd_decrby(RespContext& ctx);
// Keys and expiry (resp_cmd_keys.cpp).
void cmd_del(RespContext& ctx);
void cmd_exists(RespContext& ctx);
void cmd_type(RespContext& ctx);
void cmd_expire(RespContext& ctx);
void cmd_pexpire(RespContext& ctx);
void cmd_ttl(RespContext& ctx);
void cmd_pttl(RespContext& ctx);
void cmd_persist(RespContext& ctx);
// Databases and listing (resp_cmd_db.cpp).
void cmd_dbsize(RespContext& ctx);
void cmd_flushdb(RespContext& ctx);
void cmd_flushall(RespContext& ctx);
void cmd_scan(RespContext& ctx);
void cmd_keys(RespContext& ctx);
void cmd_select(RespContext& ctx);
// Connection and server (resp_cmd_server.cpp).
void cmd_ping(RespContext& ctx);
void cmd_echo(RespContext& ctx);
void cmd_auth(RespContext& ctx);
void cmd_hello(RespContext& ctx);
void cmd_quit(RespContext& ctx);
void cmd_client(RespContext& ctx);
void cmd_command(RespContext& ctx);
void cmd_config(RespContext& ctx);
void cmd_info(RespContext& ctx);  // resp_cmd_info.cpp
// Transactions (resp_cmd_multi.cpp).
void cmd_multi(RespContext& ctx);
void cmd_exec(RespContext& ctx);
void cmd_discard(RespContext& ctx);
void cmd_watch(RespContext& ctx);
void cmd_unwatch(RespContext& ctx);
// True for the commands that run at once between MULTI and EXEC (the others are queued).
bool runs_inside_multi(const RespCommand* cmd);
// Between MULTI and EXEC: checks the command and queues a copy of it (+QUEUED).
void queue_command(RespContext& ctx, const RespCommand* cmd);
// A numeric field of the host's status (0 when absent or not a number).
std::uint64_t status_number(const StatusFields& status, std::string_view name);

}  // namespace soss::net::resp
