// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// INCR, DECR, INCRBY, DECRBY: one kIncrement request each, so the primary applies them atomically.
#include <limits>
#include <string>

#include "resp/resp_commands.hpp"
#include "resp/resp_hash.hpp"

namespace soss::net::resp {
namespace {

Task<> increment(RespContext& ctx, std::int64_t delta) {
  if (!ctx.key_ok(ctx.args[1])) {
    co_return;
  }
  core::Request& r = ctx.request(core::OpCode::kIncrement, ctx.args[1]);
  r.version = static_cast<std::uint64_t>(delta);
  core::Response resp = co_await ctx.call(r);
  std::int64_t value = 0;
  if ((resp.code == StatusCode::kAdded || resp.code == StatusCode::kUpdated) &&
      parse_redis_int(resp.value, value)) {
    ctx.out.integer(value);
    co_return;
  }
  if (resp.code == StatusCode::kInvalidArgument) {
    core::Request& meta = ctx.request(core::OpCode::kMetadata, ctx.args[1]);
    meta.brief = false;
    const bool hash = (co_await ctx.call(meta)).meta.content_type == kHashContentType;
    ctx.out.error(hash ? std::string(kWrongTypeError) : "ERR " + resp.message);
    co_return;
  }
  ctx.store_error(resp);
  co_return;
}

}  // namespace

Task<> cmd_incr(RespContext& ctx) { return increment(ctx, 1); }
Task<> cmd_decr(RespContext& ctx) { return increment(ctx, -1); }

Task<> cmd_incrby(RespContext& ctx) {
  std::int64_t delta = 0;
  if (ctx.integer_arg(ctx.args[2], delta)) {
    co_await increment(ctx, delta);
  }
  co_return;
}

Task<> cmd_decrby(RespContext& ctx) {
  std::int64_t delta = 0;
  if (!ctx.integer_arg(ctx.args[2], delta)) {
    co_return;
  }
  if (delta == std::numeric_limits<std::int64_t>::min()) {
    ctx.out.error("ERR decrement would overflow");
    co_return;
  }
  co_await increment(ctx, -delta);
  co_return;
}

}  // namespace soss::net::resp
