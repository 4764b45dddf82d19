// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// Hash commands: HSET, HSETNX, HMSET, HGET, HMGET, HGETALL, HDEL, HEXISTS, HLEN, HKEYS, HVALS,
// HINCRBY. A hash is one soss object: its value is the field map in the encoding of
// resp_hash.hpp, its content type kHashContentType. Writes read the object, change the map and
// write it back only if its version did not change (kUpdateOptimistic; kAdd for a new hash;
// kRemoveOptimistic when the last field goes), retried a bounded number of times, so two
// clients changing one hash never lose a field.
#include <limits>
#include <string>

#include "resp/resp_commands.hpp"
#include "resp/resp_hash.hpp"

namespace soss::net::resp {
namespace {

using core::OpCode;

constexpr int kMaxAttempts = 200;

// One read of a hash: whether it exists, its map and version. False after an error reply
// (store error, WRONGTYPE, corrupt value).
struct HashRead {
  bool exists = false;
  HashMap map;
  std::uint64_t version = 0;
};

Task<bool> read_hash(RespContext& ctx, std::string_view key, HashRead& out) {
  core::Request& req = ctx.request(OpCode::kRead, key);
  req.brief = false;  // the content type says whether it is a hash
  core::Response r = co_await ctx.call(req);
  out = HashRead{};
  if (r.code == StatusCode::kNotFound) {
    co_return true;
  }
  if (r.code != StatusCode::kRetrieved) {
    ctx.store_error(r);
    co_return false;
  }
  if (r.meta.content_type != kHashContentType) {
    ctx.out.error(kWrongTypeError);
    co_return false;
  }
  if (!decode_hash(r.value, out.map)) {
    ctx.out.error("ERR the hash's stored value is not a valid soss hash encoding");
    co_return false;
  }
  out.exists = true;
  out.version = r.meta.version;
  co_return true;
}

enum class Wrote { kYes, kRaced, kError };

// Writes `map` back over what `before` read: add, optimistic update, or (empty map) remove.
Task<Wrote> write_hash(RespContext& ctx, std::string_view key, const HashRead& before,
                       const HashMap& map) {
  if (map.empty()) {
    if (!before.exists) {
      co_return Wrote::kYes;
    }
    core::Request& r = ctx.request(OpCode::kRemoveOptimistic, key);
    r.version = before.version;
    core::Response resp = co_await ctx.call(r);
    if (resp.code == StatusCode::kRemoved) {
      co_return Wrote::kYes;
    }
    if (resp.code == StatusCode::kVersionMismatch || resp.code == StatusCode::kNotFound) {
      co_return Wrote::kRaced;
    }
    ctx.store_error(resp);
    co_return Wrote::kError;
  }
  core::Request& r = ctx.request(before.exists ? OpCode::kUpdateOptimistic : OpCode::kAdd, key);
  r.version = before.version;
  r.content_type.assign(kHashContentType);
  encode_hash(map, r.value);
  core::Response resp = co_await ctx.call(r);
  if (resp.code == StatusCode::kAdded || resp.code == StatusCode::kUpdated) {
    co_return Wrote::kYes;
  }
  if (resp.code == StatusCode::kVersionMismatch || resp.code == StatusCode::kNotFound ||
      resp.code == StatusCode::kAlreadyExists) {
    co_return Wrote::kRaced;
  }
  ctx.store_error(resp);
  co_return Wrote::kError;
}

// A change to a hash's map; returns false after an error reply (nothing is written).
using Change = bool (*)(RespContext& ctx, HashMap& map, std::int64_t& result);

// Read, change, write back, retried while other writers race. Replies with `result` (integer)
// or, when `ok_reply`, +OK.
Task<> modify(RespContext& ctx, Change change, bool ok_reply = false) {
  const std::string_view key = ctx.args[1];
  if (!ctx.key_ok(key)) {
    co_return;
  }
  for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
    HashRead before;
    if (!co_await read_hash(ctx, key, before)) {
      co_return;
    }
    HashMap map = before.map;
    std::int64_t result = 0;
    if (!change(ctx, map, result)) {
      co_return;
    }
    const Wrote w = co_await write_hash(ctx, key, before, map);
    if (w == Wrote::kError) {
      co_return;
    }
    if (w == Wrote::kYes) {
      if (ok_reply) {
        ctx.out.ok();
      } else {
        ctx.out.integer(result);
      }
      co_return;
    }
  }
  ctx.out.error("ERR " + std::string(ctx.args[0]) + " kept racing with other writers; try again");
  co_return;
}

bool set_fields(RespContext& ctx, HashMap& map, std::int64_t& added) {
  for (std::size_t i = 2; i + 1 < ctx.args.size(); i += 2) {
    auto [it, inserted] = map.try_emplace(std::string(ctx.args[i]), ctx.args[i + 1]);
    if (!inserted) {
      it->second.assign(ctx.args[i + 1]);
    }
    added += inserted ? 1 : 0;
  }
  return true;
}

bool set_if_absent(RespContext& ctx, HashMap& map, std::int64_t& added) {
  added = map.try_emplace(std::string(ctx.args[2]), ctx.args[3]).second ? 1 : 0;
  return true;
}

bool delete_fields(RespContext& ctx, HashMap& map, std::int64_t& removed) {
  for (std::size_t i = 2; i < ctx.args.size(); ++i) {
    removed += static_cast<std::int64_t>(map.erase(std::string(ctx.args[i])));
  }
  return true;
}

bool increment_field(RespContext& ctx, HashMap& map, std::int64_t& value) {
  std::int64_t delta = 0;
  if (!ctx.integer_arg(ctx.args[3], delta)) {
    return false;
  }
  std::string& field = map[std::string(ctx.args[2])];
  std::int64_t current = 0;
  if (!field.empty() && !parse_redis_int(field, current)) {
    ctx.out.error("ERR hash value is not an integer");
    return false;
  }
  if ((delta > 0 && current > std::numeric_limits<std::int64_t>::max() - delta) ||
      (delta < 0 && current < std::numeric_limits<std::int64_t>::min() - delta)) {
    ctx.out.error("ERR increment or decrement would overflow");
    return false;
  }
  value = current + delta;
  field = std::to_string(value);
  return true;
}

std::string lower_name(std::string_view name) {
  std::string s(name);
  for (char& c : s) {
    c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return s;
}

bool pairs_ok(RespContext& ctx) {
  if (ctx.args.size() % 2 != 0) {
    ctx.out.error("ERR wrong number of arguments for '" + lower_name(ctx.args[0]) + "' command");
    return false;
  }
  return true;
}

// Read-only commands: the map of args[1] (empty when absent); false after an error reply.
Task<bool> read_only(RespContext& ctx, HashRead& h) {
  if (!ctx.key_ok(ctx.args[1])) {
    co_return false;
  }
  const bool read = co_await read_hash(ctx, ctx.args[1], h);
  co_return read;
}

}  // namespace

Task<> cmd_hset(RespContext& ctx) {
  if (pairs_ok(ctx)) {
    co_await modify(ctx, set_fields);
  }
  co_return;
}

Task<> cmd_hmset(RespContext& ctx) {
  if (pairs_ok(ctx)) {
    co_await modify(ctx, set_fields, true);
  }
  co_return;
}

Task<> cmd_hsetnx(RespContext& ctx) { return modify(ctx, set_if_absent); }
Task<> cmd_hdel(RespContext& ctx) { return modify(ctx, delete_fields); }
Task<> cmd_hincrby(RespContext& ctx) { return modify(ctx, increment_field); }

Task<> cmd_hget(RespContext& ctx) {
  HashRead h;
  if (!co_await read_only(ctx, h)) {
    co_return;
  }
  auto it = h.map.find(std::string(ctx.args[2]));
  if (it == h.map.end()) {
    ctx.out.null();
  } else {
    ctx.out.bulk(it->second);
  }
  co_return;
}

Task<> cmd_hmget(RespContext& ctx) {
  HashRead h;
  if (!co_await read_only(ctx, h)) {
    co_return;
  }
  ctx.out.array(ctx.args.size() - 2);
  for (std::size_t i = 2; i < ctx.args.size(); ++i) {
    auto it = h.map.find(std::string(ctx.args[i]));
    if (it == h.map.end()) {
      ctx.out.null();
    } else {
      ctx.out.bulk(it->second);
    }
  }
  co_return;
}

Task<> cmd_hgetall(RespContext& ctx) {
  HashRead h;
  if (!co_await read_only(ctx, h)) {
    co_return;
  }
  ctx.out.array(2 * h.map.size());
  for (const auto& [field, value] : h.map) {
    ctx.out.bulk(field);
    ctx.out.bulk(value);
  }
  co_return;
}

Task<> cmd_hkeys(RespContext& ctx) {
  HashRead h;
  if (!co_await read_only(ctx, h)) {
    co_return;
  }
  ctx.out.array(h.map.size());
  for (const auto& kv : h.map) {
    ctx.out.bulk(kv.first);
  }
  co_return;
}

Task<> cmd_hvals(RespContext& ctx) {
  HashRead h;
  if (!co_await read_only(ctx, h)) {
    co_return;
  }
  ctx.out.array(h.map.size());
  for (const auto& kv : h.map) {
    ctx.out.bulk(kv.second);
  }
  co_return;
}

Task<> cmd_hexists(RespContext& ctx) {
  HashRead h;
  if (co_await read_only(ctx, h)) {
    ctx.out.integer(h.map.count(std::string(ctx.args[2])) != 0 ? 1 : 0);
  }
  co_return;
}

Task<> cmd_hlen(RespContext& ctx) {
  HashRead h;
  if (co_await read_only(ctx, h)) {
    ctx.out.integer(static_cast<std::int64_t>(h.map.size()));
  }
  co_return;
}

}  // namespace soss::net::resp
