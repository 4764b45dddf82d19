// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// Key commands: DEL/UNLINK, EXISTS, TYPE, EXPIRE/PEXPIRE, TTL/PTTL, PERSIST.
#include <limits>
#include <string>

#include "resp/resp_commands.hpp"
#include "resp/resp_expiry.hpp"
#include "resp/resp_hash.hpp"

namespace soss::net::resp {
namespace {

using core::OpCode;

// The key's metadata: kRetrieved (count = ms until expiry, 0 = none) or kNotFound; any other
// code has been replied to as an error.
Task<core::Response> metadata(RespContext& ctx, std::string_view key) {
  core::Response r = co_await ctx.call(ctx.request(OpCode::kMetadata, key));
  if (r.code != StatusCode::kRetrieved && r.code != StatusCode::kNotFound) {
    ctx.store_error(r);
  }
  co_return r;
}

bool handled(const core::Response& r) {
  return r.code == StatusCode::kRetrieved || r.code == StatusCode::kNotFound;
}

// EXPIRE's NX/XX/GT/LT conditions.
struct ExpireCondition {
  bool nx = false, xx = false, gt = false, lt = false;
  bool any() const { return nx || xx || gt || lt; }
};

bool parse_condition(RespContext& ctx, ExpireCondition& c) {
  for (std::size_t i = 3; i < ctx.args.size(); ++i) {
    const std::string_view opt = ctx.args[i];
    if (equals_ci(opt, "nx")) {
      c.nx = true;
    } else if (equals_ci(opt, "xx")) {
      c.xx = true;
    } else if (equals_ci(opt, "gt")) {
      c.gt = true;
    } else if (equals_ci(opt, "lt")) {
      c.lt = true;
    } else {
      ctx.out.error("ERR Unsupported option " + std::string(opt));
      return false;
    }
  }
  if (c.nx && (c.xx || c.gt || c.lt)) {
    ctx.out.error("ERR NX and XX, GT or LT options at the same time are not compatible");
    return false;
  }
  if (c.gt && c.lt) {
    ctx.out.error("ERR GT and LT options at the same time are not compatible");
    return false;
  }
  return true;
}

// Whether the condition lets a timeout of `ms` replace the current one (`current_ms`, 0 = none,
// which counts as infinite).
bool allowed(const ExpireCondition& c, std::int64_t ms, std::uint64_t current_ms) {
  const bool has = current_ms != 0;
  const auto current = static_cast<std::int64_t>(current_ms);
  return !((c.nx && has) || (c.xx && !has) || (c.gt && (!has || ms <= current)) ||
           (c.lt && has && ms >= current));
}

Task<> expire(RespContext& ctx, std::string_view command, std::int64_t unit_ms) {
  std::int64_t v = 0;
  ExpireCondition cond;
  if (!ctx.key_ok(ctx.args[1]) || !ctx.integer_arg(ctx.args[2], v) || !parse_condition(ctx, cond)) {
    co_return;
  }
  Expiry expiry;
  if (v > std::numeric_limits<std::int64_t>::max() / unit_ms ||
      v < std::numeric_limits<std::int64_t>::min() / unit_ms ||
      !expiry_from_ms(v * unit_ms, expiry)) {
    ctx.out.error("ERR invalid expire time in '" + std::string(command) + "' command");
    co_return;
  }
  if (cond.any()) {
    core::Response meta = co_await metadata(ctx, ctx.args[1]);
    if (!handled(meta)) {
      co_return;
    }
    if (meta.code == StatusCode::kNotFound || !allowed(cond, v * unit_ms, meta.count)) {
      ctx.out.integer(0);
      co_return;
    }
  }
  // A time not in the future deletes the key, as in Redis.
  core::Request& r = ctx.request(expiry.past ? OpCode::kRemove : OpCode::kSetTimeout, ctx.args[1]);
  r.policy.timeout_s = expiry.timeout_s;
  core::Response resp = co_await ctx.call(r);
  if (resp.code == StatusCode::kNotFound) {
    ctx.out.integer(0);
  } else if (is_success(resp.code)) {
    ctx.out.integer(1);
  } else {
    ctx.store_error(resp);
  }
  co_return;
}

Task<> ttl(RespContext& ctx, bool in_ms) {
  if (!ctx.key_ok(ctx.args[1])) {
    co_return;
  }
  core::Response meta = co_await metadata(ctx, ctx.args[1]);
  if (!handled(meta)) {
    co_return;
  }
  if (meta.code == StatusCode::kNotFound) {
    ctx.out.integer(-2);
  } else if (meta.count == 0) {
    ctx.out.integer(-1);
  } else {
    const auto ms = static_cast<std::int64_t>(meta.count);
    ctx.out.integer(in_ms ? ms : (ms + 500) / 1000);
  }
  co_return;
}

}  // namespace

Task<> cmd_del(RespContext& ctx) {
  std::int64_t removed = 0;
  for (std::size_t i = 1; i < ctx.args.size(); ++i) {
    if (!ctx.key_ok(ctx.args[i])) {
      co_return;
    }
    core::Response r = co_await ctx.call(ctx.request(OpCode::kRemove, ctx.args[i]));
    if (r.code == StatusCode::kRemoved) {
      ++removed;
    } else if (r.code != StatusCode::kNotFound) {
      ctx.store_error(r);
      co_return;
    }
  }
  ctx.out.integer(removed);
  co_return;
}

Task<> cmd_exists(RespContext& ctx) {
  std::int64_t found = 0;
  for (std::size_t i = 1; i < ctx.args.size(); ++i) {
    if (!ctx.key_ok(ctx.args[i])) {
      co_return;
    }
    core::Response r = co_await metadata(ctx, ctx.args[i]);
    if (!handled(r)) {
      co_return;
    }
    found += r.code == StatusCode::kRetrieved ? 1 : 0;
  }
  ctx.out.integer(found);
  co_return;
}

Task<> cmd_type(RespContext& ctx) {
  if (!ctx.key_ok(ctx.args[1])) {
    co_return;
  }
  core::Request& req = ctx.request(OpCode::kMetadata, ctx.args[1]);
  req.brief = false;  // the content type tells a hash
  core::Response r = co_await ctx.call(req);
  if (!handled(r)) {
    ctx.store_error(r);
  } else if (r.code == StatusCode::kNotFound) {
    ctx.out.simple("none");
  } else {
    ctx.out.simple(r.meta.content_type == kHashContentType ? "hash" : "string");
  }
  co_return;
}

Task<> cmd_expire(RespContext& ctx) { return expire(ctx, "expire", 1000); }
Task<> cmd_pexpire(RespContext& ctx) { return expire(ctx, "pexpire", 1); }
Task<> cmd_ttl(RespContext& ctx) { return ttl(ctx, false); }
Task<> cmd_pttl(RespContext& ctx) { return ttl(ctx, true); }

Task<> cmd_persist(RespContext& ctx) {
  if (!ctx.key_ok(ctx.args[1])) {
    co_return;
  }
  core::Response meta = co_await metadata(ctx, ctx.args[1]);
  if (!handled(meta)) {
    co_return;
  }
  if (meta.code == StatusCode::kNotFound || meta.count == 0) {
    ctx.out.integer(0);
    co_return;
  }
  core::Request& r = ctx.request(OpCode::kSetTimeout, ctx.args[1]);
  r.policy.timeout_s = 0;
  core::Response resp = co_await ctx.call(r);
  if (resp.code == StatusCode::kOk || resp.code == StatusCode::kNotFound) {
    ctx.out.integer(resp.code == StatusCode::kOk ? 1 : 0);
    co_return;
  }
  ctx.store_error(resp);
  co_return;
}

}  // namespace soss::net::resp
