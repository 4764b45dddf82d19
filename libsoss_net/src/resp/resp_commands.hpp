// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "resp/resp_context.hpp"
#include "resp/resp_task.hpp"

namespace soss::net::resp {

using CommandFn = Task<> (*)(RespContext&);

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
Task<> execute_command(RespContext& ctx);
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
Task<> cmd_get(RespContext& ctx);
Task<> cmd_set(RespContext& ctx);
Task<> cmd_setnx(RespContext& ctx);
Task<> cmd_setex(RespContext& ctx);
Task<> cmd_psetex(RespContext& ctx);
Task<> cmd_getex(RespContext& ctx);
Task<> cmd_getdel(RespContext& ctx);
Task<> cmd_mget(RespContext& ctx);
Task<> cmd_mset(RespContext& ctx);
Task<> cmd_strlen(RespContext& ctx);
// Hashes (resp_cmd_hashes.cpp).
Task<> cmd_hset(RespContext& ctx);
Task<> cmd_hsetnx(RespContext& ctx);
Task<> cmd_hmset(RespContext& ctx);
Task<> cmd_hget(RespContext& ctx);
Task<> cmd_hmget(RespContext& ctx);
Task<> cmd_hgetall(RespContext& ctx);
Task<> cmd_hdel(RespContext& ctx);
Task<> cmd_hexists(RespContext& ctx);
Task<> cmd_hlen(RespContext& ctx);
Task<> cmd_hkeys(RespContext& ctx);
Task<> cmd_hvals(RespContext& ctx);
Task<> cmd_hincrby(RespContext& ctx);
// Counters (resp_cmd_counters.cpp).
Task<> cmd_incr(RespContext& ctx);
Task<> cmd_decr(RespContext& ctx);
Task<> cmd_incrby(RespContext& ctx);
Task<> cmd_decrby(RespContext& ctx);
// Keys and expiry (resp_cmd_keys.cpp).
Task<> cmd_del(RespContext& ctx);
Task<> cmd_exists(RespContext& ctx);
Task<> cmd_type(RespContext& ctx);
Task<> cmd_expire(RespContext& ctx);
Task<> cmd_pexpire(RespContext& ctx);
Task<> cmd_ttl(RespContext& ctx);
Task<> cmd_pttl(RespContext& ctx);
Task<> cmd_persist(RespContext& ctx);
// Databases and listing (resp_cmd_db.cpp).
Task<> cmd_dbsize(RespContext& ctx);
Task<> cmd_flushdb(RespContext& ctx);
Task<> cmd_flushall(RespContext& ctx);
Task<> cmd_scan(RespContext& ctx);
Task<> cmd_keys(RespContext& ctx);
Task<> cmd_select(RespContext& ctx);
// Connection and server (resp_cmd_server.cpp).
Task<> cmd_ping(RespContext& ctx);
Task<> cmd_echo(RespContext& ctx);
Task<> cmd_auth(RespContext& ctx);
Task<> cmd_hello(RespContext& ctx);
Task<> cmd_quit(RespContext& ctx);
Task<> cmd_client(RespContext& ctx);
Task<> cmd_command(RespContext& ctx);
Task<> cmd_config(RespContext& ctx);
Task<> cmd_info(RespContext& ctx);  // resp_cmd_info.cpp
// Transactions (resp_cmd_multi.cpp).
Task<> cmd_multi(RespContext& ctx);
Task<> cmd_exec(RespContext& ctx);
Task<> cmd_discard(RespContext& ctx);
Task<> cmd_watch(RespContext& ctx);
Task<> cmd_unwatch(RespContext& ctx);
// True for the commands that run at once between MULTI and EXEC (the others are queued).
bool runs_inside_multi(const RespCommand* cmd);
// Between MULTI and EXEC: checks the command and queues a copy of it (+QUEUED).
void queue_command(RespContext& ctx, const RespCommand* cmd);
// A numeric field of the host's status (0 when absent or not a number).
std::uint64_t status_number(const StatusFields& status, std::string_view name);

}  // namespace soss::net::resp
