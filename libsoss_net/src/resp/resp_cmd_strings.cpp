// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// String commands: GET, SET and its variants, GETEX, GETDEL, MGET, MSET, STRLEN.
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "resp/resp_commands.hpp"
#include "resp/resp_expiry.hpp"
#include "resp/resp_hash.hpp"

namespace soss::net::resp {
namespace {

using core::OpCode;

enum class Condition { kAlways, kIfAbsent, kIfPresent };
enum class Written { kYes, kNo, kError };

struct SetSpec {
  Condition condition = Condition::kAlways;
  bool keep_ttl = false;
  bool get = false;
  Expiry expiry;
};

// Written::kError means an error reply was written.
Written check(RespContext& ctx, const core::Response& r, StatusCode yes, StatusCode no) {
  if (r.code == yes || (yes == StatusCode::kAdded && r.code == StatusCode::kUpdated)) {
    return Written::kYes;
  }
  if (r.code == no) {
    return Written::kNo;
  }
  ctx.store_error(r);
  return Written::kError;
}

// SET XX: an update keeps the object's timeout, so a different one is set in a second request
// (the value written and the timeout set are two store operations; docs/redis.md).
Task<Written> write_if_present(RespContext& ctx, std::string_view key, std::string_view value,
                               const SetSpec& spec) {
  core::Request& r = ctx.request(OpCode::kUpdate, key);
  r.value.assign(value);
  core::Response resp = co_await ctx.call(r);
  Written w = check(ctx, resp, StatusCode::kUpdated, StatusCode::kNotFound);
  if (w != Written::kYes || spec.keep_ttl ||
      (spec.expiry.timeout_s == 0 && resp.meta.timeout_s == 0)) {
    co_return w;
  }
  core::Request& t = ctx.request(OpCode::kSetTimeout, key);
  t.policy.timeout_s = spec.expiry.timeout_s;
  core::Response set = co_await ctx.call(t);
  if (set.code != StatusCode::kOk && set.code != StatusCode::kNotFound) {
    ctx.store_error(set);
    co_return Written::kError;
  }
  co_return Written::kYes;
}

// SET KEEPTTL: update (keeps the timeout) or, when absent, add; retried when the two race.
Task<Written> write_keep_ttl(RespContext& ctx, std::string_view key, std::string_view value) {
  for (int attempt = 0; attempt < 8; ++attempt) {
    core::Request& u = ctx.request(OpCode::kUpdate, key);
    u.value.assign(value);
    core::Response updated = co_await ctx.call(u);
    if (updated.code != StatusCode::kNotFound) {
      co_return check(ctx, updated, StatusCode::kUpdated, StatusCode::kNotFound);
    }
    core::Request& a = ctx.request(OpCode::kAdd, key);
    a.value.assign(value);
    core::Response added = co_await ctx.call(a);
    if (added.code != StatusCode::kAlreadyExists) {
      co_return check(ctx, added, StatusCode::kAdded, StatusCode::kAlreadyExists);
    }
  }
  ctx.out.error("ERR SET KEEPTTL kept racing with other writers; try again");
  co_return Written::kError;
}

Task<Written> write_value(RespContext& ctx, std::string_view key, std::string_view value,
                          const SetSpec& spec) {
  if (spec.condition == Condition::kIfPresent) {
    co_return co_await write_if_present(ctx, key, value, spec);
  }
  if (spec.keep_ttl && spec.condition == Condition::kAlways) {
    co_return co_await write_keep_ttl(ctx, key, value);
  }
  const bool add = spec.condition == Condition::kIfAbsent;
  core::Request& r = ctx.request(add ? OpCode::kAdd : OpCode::kPut, key);
  r.value.assign(value);
  r.policy.timeout_s = spec.expiry.past ? 1 : spec.expiry.timeout_s;
  co_return check(ctx, co_await ctx.call(r), StatusCode::kAdded, StatusCode::kAlreadyExists);
}

// Writes per `spec`; a time already past removes what was written (Redis sets, then expires).
Task<Written> set_value(RespContext& ctx, std::string_view key, std::string_view value,
                        const SetSpec& spec) {
  Written w = co_await write_value(ctx, key, value, spec);
  if (w == Written::kYes && spec.expiry.past) {
    core::Response removed = co_await ctx.call(ctx.request(OpCode::kRemove, key));
    if (removed.code != StatusCode::kRemoved && removed.code != StatusCode::kNotFound) {
      ctx.store_error(removed);
      co_return Written::kError;
    }
  }
  co_return w;
}

// Reads a value: the bulk value, std::nullopt when absent; false after an error reply.
// A value that starts like a hash's encoding is read again with its content type, which says
// whether it is one (so other strings pay nothing for the check).
bool may_be_hash(const core::Response& r) {
  return r.code == StatusCode::kRetrieved && r.value.size() >= 2 && r.value[0] == 'H' &&
         r.value[1] == 1;
}

// `hash_as_nil`: MGET answers nil for a key holding a hash; the others answer WRONGTYPE.
Task<bool> read_value(RespContext& ctx, std::string_view key, std::optional<std::string>& value,
                      std::uint64_t* version = nullptr, bool hash_as_nil = false) {
  core::Response r = co_await ctx.call(ctx.request(OpCode::kRead, key));
  if (may_be_hash(r)) {
    core::Request& full = ctx.request(OpCode::kRead, key);
    full.brief = false;
    r = co_await ctx.call(full);
    if (r.code == StatusCode::kRetrieved && r.meta.content_type == kHashContentType) {
      if (!hash_as_nil) {
        ctx.out.error(kWrongTypeError);
        co_return false;
      }
      value.reset();
      co_return true;
    }
  }
  if (r.code == StatusCode::kRetrieved) {
    ctx.shared().counters.hits++;
    value = std::move(r.value);
    if (version != nullptr) {
      *version = r.meta.version;
    }
    co_return true;
  }
  if (r.code == StatusCode::kNotFound) {
    ctx.shared().counters.misses++;
    value.reset();
    co_return true;
  }
  ctx.store_error(r);
  co_return false;
}

void reply_value(RespContext& ctx, const std::optional<std::string>& value) {
  if (value) {
    ctx.out.bulk(*value);
  } else {
    ctx.out.null();
  }
}

// Parses SET's options from args[3]; false after an error reply.
bool parse_set_options(RespContext& ctx, SetSpec& spec) {
  for (std::size_t i = 3; i < ctx.args.size();) {
    const int expiry = parse_expiry_option(ctx, "set", i, spec.expiry);
    if (expiry < 0) {
      return false;
    }
    if (expiry > 0) {
      if (spec.keep_ttl) {
        ctx.out.error("ERR syntax error");
        return false;
      }
      continue;
    }
    const std::string_view opt = ctx.args[i];
    if (equals_ci(opt, "nx") && spec.condition != Condition::kIfPresent) {
      spec.condition = Condition::kIfAbsent;
    } else if (equals_ci(opt, "xx") && spec.condition != Condition::kIfAbsent) {
      spec.condition = Condition::kIfPresent;
    } else if (equals_ci(opt, "get")) {
      spec.get = true;
    } else if (equals_ci(opt, "keepttl") && !spec.expiry.given) {
      spec.keep_ttl = true;
    } else {
      ctx.out.error("ERR syntax error");
      return false;
    }
    ++i;
  }
  return true;
}

Task<> set_with_seconds(RespContext& ctx, std::string_view command, std::int64_t unit_ms) {
  std::int64_t v = 0;
  if (!ctx.key_ok(ctx.args[1]) || !ctx.integer_arg(ctx.args[2], v)) {
    co_return;
  }
  SetSpec spec;
  if (v <= 0 || v > std::numeric_limits<std::int64_t>::max() / unit_ms ||
      !expiry_from_ms(v * unit_ms, spec.expiry)) {
    ctx.out.error("ERR invalid expire time in '" + std::string(command) + "' command");
    co_return;
  }
  if (co_await set_value(ctx, ctx.args[1], ctx.args[3], spec) == Written::kYes) {
    ctx.out.ok();
  }
  co_return;
}

}  // namespace

Task<> cmd_get(RespContext& ctx) {
  std::optional<std::string> value;
  if (!ctx.key_ok(ctx.args[1])) {
    co_return;
  }
  const bool read = co_await read_value(ctx, ctx.args[1], value);
  if (read) {
    reply_value(ctx, value);
  }
  co_return;
}

Task<> cmd_set(RespContext& ctx) {
  SetSpec spec;
  if (!ctx.key_ok(ctx.args[1]) || !parse_set_options(ctx, spec)) {
    co_return;
  }
  std::optional<std::string> old;
  if (spec.get) {
    const bool read = co_await read_value(ctx, ctx.args[1], old);
    if (!read) {
      co_return;
    }
  }
  Written w = co_await set_value(ctx, ctx.args[1], ctx.args[2], spec);
  if (w == Written::kError) {
    co_return;
  }
  if (spec.get) {
    reply_value(ctx, old);
  } else if (w == Written::kYes) {
    ctx.out.ok();
  } else {
    ctx.out.null();
  }
  co_return;
}

Task<> cmd_setnx(RespContext& ctx) {
  if (!ctx.key_ok(ctx.args[1])) {
    co_return;
  }
  SetSpec spec;
  spec.condition = Condition::kIfAbsent;
  Written w = co_await set_value(ctx, ctx.args[1], ctx.args[2], spec);
  if (w != Written::kError) {
    ctx.out.integer(w == Written::kYes ? 1 : 0);
  }
  co_return;
}

Task<> cmd_setex(RespContext& ctx) { return set_with_seconds(ctx, "setex", 1000); }
Task<> cmd_psetex(RespContext& ctx) { return set_with_seconds(ctx, "psetex", 1); }

Task<> cmd_getex(RespContext& ctx) {
  Expiry expiry;
  bool persist = false;
  for (std::size_t i = 2; i < ctx.args.size();) {
    const int parsed = parse_expiry_option(ctx, "getex", i, expiry);
    if (parsed < 0) {
      co_return;
    }
    if (parsed == 0) {
      if (!equals_ci(ctx.args[i], "persist") || expiry.given || persist) {
        ctx.out.error("ERR syntax error");
        co_return;
      }
      persist = true;
      ++i;
    }
  }
  if (persist && expiry.given) {
    ctx.out.error("ERR syntax error");
    co_return;
  }
  std::optional<std::string> value;
  if (!ctx.key_ok(ctx.args[1])) {
    co_return;
  }
  const bool read = co_await read_value(ctx, ctx.args[1], value);
  if (!read) {
    co_return;
  }
  if (value && (expiry.given || persist)) {
    core::Request& r =
        ctx.request(expiry.past ? OpCode::kRemove : OpCode::kSetTimeout, ctx.args[1]);
    r.policy.timeout_s = expiry.timeout_s;
    core::Response changed = co_await ctx.call(r);
    if (!is_success(changed.code) && changed.code != StatusCode::kNotFound) {
      ctx.store_error(changed);
      co_return;
    }
  }
  reply_value(ctx, value);
  co_return;
}

// Read, then remove only that version: an object changed in between is read again.
Task<> cmd_getdel(RespContext& ctx) {
  if (!ctx.key_ok(ctx.args[1])) {
    co_return;
  }
  for (int attempt = 0; attempt < 8; ++attempt) {
    std::optional<std::string> value;
    std::uint64_t version = 0;
    if (!co_await read_value(ctx, ctx.args[1], value, &version)) {
      co_return;
    }
    if (!value) {
      ctx.out.null();
      co_return;
    }
    core::Request& r = ctx.request(OpCode::kRemoveOptimistic, ctx.args[1]);
    r.version = version;
    core::Response removed = co_await ctx.call(r);
    if (removed.code == StatusCode::kRemoved) {
      ctx.out.bulk(*value);
      co_return;
    }
    if (removed.code == StatusCode::kNotFound) {
      ctx.out.null();
      co_return;
    }
    if (removed.code != StatusCode::kVersionMismatch) {
      ctx.store_error(removed);
      co_return;
    }
  }
  ctx.out.error("ERR GETDEL kept racing with other writers; try again");
  co_return;
}

Task<> cmd_mget(RespContext& ctx) {
  std::vector<std::optional<std::string>> values(ctx.args.size() - 1);
  for (std::size_t i = 1; i < ctx.args.size(); ++i) {
    if (!ctx.key_ok(ctx.args[i])) {
      co_return;
    }
    const bool read = co_await read_value(ctx, ctx.args[i], values[i - 1], nullptr, true);
    if (!read) {
      co_return;
    }
  }
  ctx.out.array(values.size());
  for (const auto& v : values) {
    reply_value(ctx, v);
  }
  co_return;
}

Task<> cmd_mset(RespContext& ctx) {
  if (ctx.args.size() % 2 != 1) {
    ctx.out.error("ERR wrong number of arguments for 'mset' command");
    co_return;
  }
  for (std::size_t i = 1; i < ctx.args.size(); i += 2) {
    if (!ctx.key_ok(ctx.args[i])) {
      co_return;
    }
  }
  const SetSpec spec;
  for (std::size_t i = 1; i < ctx.args.size(); i += 2) {
    if (co_await set_value(ctx, ctx.args[i], ctx.args[i + 1], spec) != Written::kYes) {
      co_return;
    }
  }
  ctx.out.ok();
  co_return;
}

Task<> cmd_strlen(RespContext& ctx) {
  if (!ctx.key_ok(ctx.args[1])) {
    co_return;
  }
  core::Request& req = ctx.request(OpCode::kMetadata, ctx.args[1]);
  req.brief = false;
  core::Response r = co_await ctx.call(req);
  if (r.code == StatusCode::kRetrieved && r.meta.content_type == kHashContentType) {
    ctx.out.error(kWrongTypeError);
    co_return;
  }
  if (r.code == StatusCode::kRetrieved || r.code == StatusCode::kNotFound) {
    ctx.out.integer(r.code == StatusCode::kNotFound ? 0 : static_cast<std::int64_t>(r.meta.size));
    co_return;
  }
  ctx.store_error(r);
  co_return;
}

}  // namespace soss::net::resp
