// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// Connection and server commands: PING, ECHO, AUTH, HELLO, QUIT, CLIENT, COMMAND, CONFIG.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "resp/glob.hpp"
#include "resp/resp_commands.hpp"

namespace soss::net::resp {
namespace {

// The Redis version soss answers as: the command syntax it follows (SET GET, GETEX, EXPIRE
// NX/XX/GT/LT) is Redis 7.0's.
constexpr std::string_view kRedisVersion = "7.0.0";

bool valid_client_name(std::string_view name) {
  for (char c : name) {
    if (c < '!' || c > '~') {
      return false;
    }
  }
  return true;
}

bool set_name(RespContext& ctx, std::string_view name) {
  if (!valid_client_name(name)) {
    ctx.out.error("ERR Client names cannot contain spaces, newlines or special characters.");
    return false;
  }
  ctx.session().client_name.assign(name);
  return true;
}

std::string client_line(RespContext& ctx) {
  const RespSession& s = ctx.session();
  return "id=" + std::to_string(s.client_id) + " addr=" + s.peer + " name=" + s.client_name +
         " db=" + std::to_string(s.db) + " resp=2\n";
}

// The store checks the user and password (Dispatcher) and raises the session's role; false
// after replying with Redis's error when they are wrong.
Task<bool> authenticate(RespContext& ctx, std::string_view user, std::string_view password) {
  core::Request& r = ctx.request(core::OpCode::kAuth);
  r.fields.emplace_back("user", std::string(user));
  r.value.assign(password);
  const core::Response answer = co_await ctx.call(r);
  if (answer.code == StatusCode::kUnauthorized) {
    ctx.out.error("WRONGPASS invalid username-password pair or user is disabled.");
    co_return false;
  }
  if (answer.code != StatusCode::kOk) {
    ctx.store_error(answer);
    co_return false;
  }
  co_return true;
}

void hello_reply(RespContext& ctx) {
  ctx.out.array(14);
  ctx.out.bulk("server");
  ctx.out.bulk("redis");
  ctx.out.bulk("version");
  ctx.out.bulk(kRedisVersion);
  ctx.out.bulk("proto");
  ctx.out.integer(2);
  ctx.out.bulk("id");
  ctx.out.integer(static_cast<std::int64_t>(ctx.session().client_id));
  ctx.out.bulk("mode");
  ctx.out.bulk("standalone");
  ctx.out.bulk("role");
  ctx.out.bulk("master");
  ctx.out.bulk("modules");
  ctx.out.array(0);
}

// The few configuration values clients and tools ask about (redis-benchmark reads save and
// appendonly); soss's own parameters are set with 'soss set'.
std::vector<std::pair<std::string, std::string>> config_values(RespContext& ctx) {
  const StatusFields status = ctx.shared().status ? ctx.shared().status() : StatusFields{};
  return {{"appendonly", "no"},
          {"databases", std::to_string(kDatabases)},
          {"maxmemory", std::to_string(status_number(status, "max_memory_mb") << 20)},
          {"port", std::to_string(ctx.shared().port)},
          {"save", ""}};
}

}  // namespace

Task<> cmd_ping(RespContext& ctx) {
  if (ctx.args.size() > 2) {
    ctx.out.error("ERR wrong number of arguments for 'ping' command");
  } else if (ctx.args.size() == 2) {
    ctx.out.bulk(ctx.args[1]);
  } else {
    ctx.out.simple("PONG");
  }
  co_return;
}

Task<> cmd_echo(RespContext& ctx) {
  ctx.out.bulk(ctx.args[1]);
  return {};
}

Task<> cmd_hello(RespContext& ctx) {
  std::size_t i = 1;
  if (ctx.args.size() > 1) {
    std::int64_t version = 0;
    if (!parse_redis_int(ctx.args[1], version)) {
      ctx.out.error("ERR Protocol version is not an integer or out of range");
      co_return;
    }
    if (version != 2) {
      ctx.out.error("NOPROTO unsupported protocol version");
      co_return;
    }
    i = 2;
  }
  std::string_view name;
  bool named = false;
  std::optional<std::pair<std::string_view, std::string_view>> auth;
  for (; i < ctx.args.size(); ++i) {
    if (equals_ci(ctx.args[i], "auth") && i + 2 < ctx.args.size()) {
      auth.emplace(ctx.args[i + 1], ctx.args[i + 2]);
      i += 2;
    } else if (equals_ci(ctx.args[i], "setname") && i + 1 < ctx.args.size()) {
      name = ctx.args[++i];
      named = true;
    } else {
      ctx.out.error("ERR Syntax error in HELLO option '" + std::string(ctx.args[i]) + "'");
      co_return;
    }
  }
  if (auth) {
    if (!co_await authenticate(ctx, auth->first, auth->second)) {
      co_return;
    }
  } else if (ctx.session().caller.role == core::Role::kNone) {
    ctx.out.error(
        "NOAUTH HELLO must be called with the client already authenticated, otherwise the "
        "HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and "
        "select the RESP protocol version at the same time");
    co_return;
  }
  if (named && !set_name(ctx, name)) {
    co_return;
  }
  hello_reply(ctx);
  co_return;
}

// AUTH password (the user "default", as in Redis) or AUTH user password: the users of the
// store's access file (docs/security.md). A store without one answers OK to any.
Task<> cmd_auth(RespContext& ctx) {
  if (ctx.args.size() > 3) {
    ctx.out.error("ERR syntax error");
    co_return;
  }
  const bool named = ctx.args.size() == 3;
  if (co_await authenticate(ctx, named ? ctx.args[1] : std::string_view("default"),
                            ctx.args[named ? 2 : 1])) {
    ctx.out.ok();
  }
  co_return;
}

Task<> cmd_quit(RespContext& ctx) {
  ctx.session().closing = true;
  ctx.out.ok();
  co_return;
}

Task<> cmd_client(RespContext& ctx) {
  const std::string_view sub = ctx.args[1];
  if (equals_ci(sub, "setname")) {
    if (ctx.args.size() != 3) {
      ctx.out.error("ERR wrong number of arguments for 'client|setname' command");
    } else if (set_name(ctx, ctx.args[2])) {
      ctx.out.ok();
    }
  } else if (equals_ci(sub, "getname") && ctx.args.size() == 2) {
    if (ctx.session().client_name.empty()) {
      ctx.out.null();
    } else {
      ctx.out.bulk(ctx.session().client_name);
    }
  } else if (equals_ci(sub, "id") && ctx.args.size() == 2) {
    ctx.out.integer(static_cast<std::int64_t>(ctx.session().client_id));
  } else if ((equals_ci(sub, "info") || equals_ci(sub, "list")) && ctx.args.size() == 2) {
    ctx.out.bulk(client_line(ctx));
  } else if (equals_ci(sub, "setinfo") && ctx.args.size() == 4) {
    ctx.out.ok();  // library name and version: accepted, not kept
  } else {
    ctx.out.error("ERR unknown subcommand '" + std::string(sub.substr(0, 128)) +
                  "'. Try CLIENT HELP.");
  }
  co_return;
}

// Minimal: COMMAND and COMMAND DOCS answer an empty list, COMMAND INFO a nil per name,
// COMMAND COUNT the number of commands soss implements.
Task<> cmd_command(RespContext& ctx) {
  if (ctx.args.size() == 1 || equals_ci(ctx.args[1], "docs")) {
    ctx.out.array(0);
  } else if (equals_ci(ctx.args[1], "count") && ctx.args.size() == 2) {
    ctx.out.integer(static_cast<std::int64_t>(command_count()));
  } else if (equals_ci(ctx.args[1], "info")) {
    ctx.out.array(ctx.args.size() - 2);
    for (std::size_t i = 2; i < ctx.args.size(); ++i) {
      ctx.out.null();
    }
  } else {
    ctx.out.error("ERR unknown subcommand '" + std::string(ctx.args[1].substr(0, 128)) +
                  "'. Try COMMAND HELP.");
  }
  co_return;
}

Task<> cmd_config(RespContext& ctx) {
  if (!equals_ci(ctx.args[1], "get") || ctx.args.size() < 3) {
    ctx.out.error("ERR CONFIG " + std::string(ctx.args[1]) +
                  " is not supported by soss (parameters are set with 'soss set')");
    co_return;
  }
  std::vector<std::pair<std::string, std::string>> found;
  for (auto& [name, value] : config_values(ctx)) {
    for (std::size_t i = 2; i < ctx.args.size(); ++i) {
      if (glob_match(ctx.args[i], name)) {
        found.emplace_back(name, value);
        break;
      }
    }
  }
  ctx.out.array(found.size() * 2);
  for (const auto& [name, value] : found) {
    ctx.out.bulk(name);
    ctx.out.bulk(value);
  }
  co_return;
}

}  // namespace soss::net::resp
