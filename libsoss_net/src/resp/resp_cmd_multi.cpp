// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// Transactions: MULTI, EXEC, DISCARD, WATCH, UNWATCH (docs/redis.md "Transactions").
// Between MULTI and EXEC every other command is checked (known, right arity) and queued, not
// run; EXEC runs the queue in order and answers with one array of their replies. A command
// refused while queueing makes EXEC run none of them (EXECABORT), as in Redis, so a client that
// retries a failed transaction cannot apply it twice. WATCH remembers each key's version; EXEC
// runs nothing (null reply) when one of them changed since.
#include <fmt/format.h>

#include "resp/resp_commands.hpp"

namespace soss::net::resp {

namespace {

// Version, creation and update time of `key` in the selected database; "" when absent.
// Errors other than NotFound are replied to and give std::nullopt.
Task<std::optional<std::string>> fingerprint(RespContext& ctx, core::NamespaceId ns,
                                             std::string_view key) {
  core::Request& r = ctx.request(core::OpCode::kMetadata, key);
  r.id.ns = ns;
  core::Response got = co_await ctx.call(r);
  if (got.code == StatusCode::kNotFound) {
    co_return std::string();
  }
  if (got.code != StatusCode::kRetrieved) {
    ctx.store_error(got);
    co_return std::nullopt;
  }
  co_return fmt::format("{}/{}/{}", got.meta.version, got.meta.created_ms, got.meta.updated_ms);
}

void end_transaction(RespSession& session) {
  session.in_multi = false;
  session.multi_refused = false;
  session.queued.clear();
  session.watched.clear();
}

// True when a watched key changed since WATCH (or nothing could be checked: an error reply
// was written then, and `failed` is set).
Task<bool> watched_changed(RespContext& ctx, bool& failed) {
  for (const RespSession::Watched& w : ctx.session().watched) {
    std::optional<std::string> now = co_await fingerprint(ctx, w.ns, w.key);
    if (!now) {
      failed = true;
      co_return true;
    }
    if (*now != w.fingerprint) {
      co_return true;
    }
  }
  co_return false;
}

}  // namespace

bool runs_inside_multi(const RespCommand* cmd) {
  return cmd != nullptr && (cmd->run == cmd_exec || cmd->run == cmd_discard ||
                            cmd->run == cmd_multi || cmd->run == cmd_watch || cmd->run == cmd_quit);
}

void queue_command(RespContext& ctx, const RespCommand* cmd) {
  RespSession& session = ctx.session();
  if (!check_command(ctx, cmd)) {
    session.multi_refused = true;  // EXEC will abort; the reply said why
    return;
  }
  std::vector<std::string>& args = session.queued.emplace_back();
  args.reserve(ctx.args.size());
  for (std::string_view a : ctx.args) {
    args.emplace_back(a);
  }
  ctx.out.simple("QUEUED");
}

Task<> cmd_multi(RespContext& ctx) {
  RespSession& session = ctx.session();
  if (session.in_multi) {
    ctx.out.error("ERR MULTI calls can not be nested");
    co_return;
  }
  session.in_multi = true;
  session.multi_refused = false;
  session.queued.clear();
  ctx.out.ok();
  co_return;
}

Task<> cmd_discard(RespContext& ctx) {
  if (!ctx.session().in_multi) {
    ctx.out.error("ERR DISCARD without MULTI");
    co_return;
  }
  end_transaction(ctx.session());
  ctx.out.ok();
  co_return;
}

Task<> cmd_exec(RespContext& ctx) {
  RespSession& session = ctx.session();
  if (!session.in_multi) {
    ctx.out.error("ERR EXEC without MULTI");
    co_return;
  }
  if (session.multi_refused) {
    end_transaction(session);
    ctx.out.error("EXECABORT Transaction discarded because of previous errors.");
    co_return;
  }
  bool failed = false;
  if (co_await watched_changed(ctx, failed)) {
    if (!failed) {
      ctx.out.null_array();
    }
    end_transaction(session);
    co_return;
  }
  std::vector<std::vector<std::string>> queue = std::move(session.queued);
  end_transaction(session);
  ctx.out.array(queue.size());
  const std::span<const std::string_view> exec_args = ctx.args;
  std::vector<std::string_view> args;
  ctx.hint_key({}, core::KeyBytes{});
  for (const std::vector<std::string>& command : queue) {
    args.assign(command.begin(), command.end());
    ctx.args = std::span<const std::string_view>(args.data(), args.size());
    co_await execute_command(ctx);
  }
  ctx.args = exec_args;
  co_return;
}

Task<> cmd_watch(RespContext& ctx) {
  RespSession& session = ctx.session();
  if (session.in_multi) {
    ctx.out.error("ERR WATCH inside MULTI is not allowed");
    co_return;
  }
  for (std::size_t i = 1; i < ctx.args.size(); ++i) {
    if (!ctx.key_ok(ctx.args[i])) {
      co_return;
    }
    std::optional<std::string> now = co_await fingerprint(ctx, session.ns, ctx.args[i]);
    if (!now) {
      co_return;
    }
    session.watched.push_back(
        RespSession::Watched{session.ns, session.ns_name, std::string(ctx.args[i]), *now});
  }
  ctx.out.ok();
  co_return;
}

Task<> cmd_unwatch(RespContext& ctx) {
  ctx.session().watched.clear();
  ctx.out.ok();
  co_return;
}

}  // namespace soss::net::resp
