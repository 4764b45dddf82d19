// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// INCR, DECR, INCRBY, DECRBY: one kIncrement request each, so the primary applies them atomically.
#include <limits>
#include <string>

#include "resp/resp_commands.hpp"
#include "resp/resp_hash.hpp"

namespace soss::net::resp {
namespace {

void increment(RespContext& ctx, std::int64_t delta) {
  if (!ctx.key_ok(ctx.args[1])) {
    return;
  }
  core::Request& r = ctx.request(core::OpCode::kIncrement, ctx.args[1]);
  r.version = static_cast<std::uint64_t>(delta);
  core::Response resp = ctx.call(r);
  std::int64_t value = 0;
  if ((resp.code == StatusCode::kAdded || resp.code == StatusCode::kUpdated) &&
      parse_redis_int(resp.value, value)) {
    ctx.out.integer(value);
    return;
  }
  if (resp.code == StatusCode::kInvalidArgument) {
    core::Request& meta = ctx.request(core::OpCode::kMetadata, ctx.args[1]);
    meta.brief = false;
    const bool hash = ctx.call(meta).meta.content_type == kHashContentType;
    ctx.out.error(hash ? std::string(kWrongTypeError) : "ERR " + resp.message);
    return;
  }
  ctx.store_error(resp);
}

}  // namespace

void cmd_incr(RespContext& ctx) { increment(ctx, 1); }
void cmd_decr(RespContext& ctx) { increment(ctx, -1); }

void cmd_incrby(RespContext& ctx) {
  std::int64_t delta = 0;
  if (ctx.integer_arg(ctx.args[2], delta)) {
    increment(ctx, delta);
  }
}

void cmd_decrby(RespContext& ctx) {
  std::int64_t delta = 0;
  if (!ctx.integer_arg(ctx.args[2], delta)) {
    return;
  }
  if (delta == std::numeric_limits<std::int64_t>::min()) {
    ctx.out.error("ERR decrement would overflow");
    return;
  }
  increment(ctx, -delta);
}

}  // namespace soss::net::resp
