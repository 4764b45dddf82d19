// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// Database commands: SELECT, DBSIZE, FLUSHDB, FLUSHALL, SCAN, KEYS.
#include <charconv>
#include <limits>
#include <string>
#include <vector>

#include "resp/glob.hpp"
#include "resp/resp_commands.hpp"
#include "resp/resp_hash.hpp"

namespace soss::net::resp {
namespace {

using core::OpCode;

constexpr std::uint32_t kKeysPage = 10000;

// A SCAN cursor is 1 + the first 8 bytes (big-endian) of the last key returned; 0 starts and
// ends a scan. It is stateless, so it survives reconnects and works on any connection. The
// listing resumes after every key with those 8 bytes: a key sharing them with the last one
// returned (a 2^-64 chance per pair for SHA-256 keys) would be skipped.
std::uint64_t next_cursor(const core::KeyBytes& last) {
  std::uint64_t prefix = 0;
  for (std::size_t i = 0; i < 8; ++i) {
    prefix = (prefix << 8) | last[i];
  }
  return prefix == std::numeric_limits<std::uint64_t>::max() ? 0 : prefix + 1;
}

std::string store_cursor(std::uint64_t cursor) {
  if (cursor == 0) {
    return {};
  }
  core::KeyBytes after;
  after.fill(0xff);
  std::uint64_t prefix = cursor - 1;
  for (std::size_t i = 0; i < 8; ++i) {
    after[7 - i] = static_cast<std::uint8_t>(prefix & 0xff);
    prefix >>= 8;
  }
  return core::key_hex(after);
}

bool parse_cursor(std::string_view text, std::uint64_t& cursor) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), cursor);
  return ec == std::errc() && end == text.data() + text.size();
}

// One page of the selected database's keys; false after an error reply.
Task<bool> list_page(RespContext& ctx, const std::string& cursor, std::uint32_t limit,
                     core::Response& page) {
  core::Request& r = ctx.request(OpCode::kListKeys);
  r.cursor = cursor;
  r.limit = limit;
  page = co_await ctx.call(r);
  if (page.code != StatusCode::kOk) {
    ctx.store_error(page);
    co_return false;
  }
  co_return true;
}

struct ScanOptions {
  std::string_view match;
  std::uint32_t count = 10;
  // TYPE: none given, string, hash, or another Redis type (which soss does not hold).
  enum class Type { kAny, kString, kHash, kOther } type = Type::kAny;
};

bool parse_scan_options(RespContext& ctx, ScanOptions& o) {
  for (std::size_t i = 2; i < ctx.args.size(); i += 2) {
    if (i + 1 >= ctx.args.size()) {
      ctx.out.error("ERR syntax error");
      return false;
    }
    const std::string_view opt = ctx.args[i];
    const std::string_view value = ctx.args[i + 1];
    std::int64_t n = 0;
    if (equals_ci(opt, "match")) {
      o.match = value;
    } else if (equals_ci(opt, "count")) {
      if (!ctx.integer_arg(value, n)) {
        return false;
      }
      if (n < 1) {
        ctx.out.error("ERR syntax error");
        return false;
      }
      o.count = static_cast<std::uint32_t>(std::min<std::int64_t>(n, kKeysPage));
    } else if (equals_ci(opt, "type")) {
      o.type = equals_ci(value, "string") ? ScanOptions::Type::kString
               : equals_ci(value, "hash") ? ScanOptions::Type::kHash
                                          : ScanOptions::Type::kOther;
    } else {
      ctx.out.error("ERR syntax error");
      return false;
    }
  }
  return true;
}

// A namespace the Redis endpoint owns: "db" followed by decimal digits.
bool is_db_namespace(std::string_view name) {
  if (name.size() < 3 || name.substr(0, 2) != "db") {
    return false;
  }
  for (char c : name.substr(2)) {
    if (c < '0' || c > '9') {
      return false;
    }
  }
  return true;
}

// Whether Redis can name the listed object: it has a string key, or it is the empty key ""
// (whose name is empty too; objects written with raw keys have none and are not listed).
bool has_redis_name(const core::KeyInfo& k) {
  static const core::KeyBytes kEmptyKey = core::key_of("");
  return !k.key_name.empty() || k.key == kEmptyKey;
}

// SCAN's TYPE filter: a metadata read of each key the page lists (only when TYPE is given). A key
// gone meanwhile, or an error, leaves it out.
Task<bool> type_matches(RespContext& ctx, const ScanOptions& o, std::string_view key) {
  if (o.type == ScanOptions::Type::kAny) {
    co_return true;
  }
  if (o.type == ScanOptions::Type::kOther) {
    co_return false;
  }
  core::Request& r = ctx.request(OpCode::kMetadata, key);
  r.brief = false;
  core::Response meta = co_await ctx.call(r);
  if (meta.code != StatusCode::kRetrieved) {
    co_return false;
  }
  const bool hash = meta.meta.content_type == kHashContentType;
  co_return hash == (o.type == ScanOptions::Type::kHash);
}

Task<bool> clear_namespace(RespContext& ctx, core::NamespaceId ns) {
  core::Request& r = ctx.request(OpCode::kClearNamespace);
  r.id.ns = ns;
  core::Response resp = co_await ctx.call(r);
  if (resp.code != StatusCode::kOk) {
    ctx.store_error(resp);
    co_return false;
  }
  co_return true;
}

// ASYNC and SYNC are accepted (soss clears synchronously either way).
bool flush_options_ok(RespContext& ctx) {
  if (ctx.args.size() > 2 || (ctx.args.size() == 2 && !equals_ci(ctx.args[1], "async") &&
                              !equals_ci(ctx.args[1], "sync"))) {
    ctx.out.error("ERR syntax error");
    return false;
  }
  return true;
}

}  // namespace

Task<> cmd_select(RespContext& ctx) {
  std::int64_t db = 0;
  if (!ctx.integer_arg(ctx.args[1], db)) {
    co_return;
  }
  if (db < 0 || db >= static_cast<std::int64_t>(kDatabases)) {
    ctx.out.error("ERR DB index is out of range");
    co_return;
  }
  ctx.session().select(static_cast<std::uint32_t>(db));
  ctx.out.ok();
  co_return;
}

Task<> cmd_dbsize(RespContext& ctx) {
  core::Response r = co_await ctx.call(ctx.request(OpCode::kListNamespaces));
  if (r.code != StatusCode::kOk) {
    ctx.store_error(r);
    co_return;
  }
  std::uint64_t objects = 0;
  for (const core::NamespaceInfo& ns : r.namespaces) {
    if (ns.id == ctx.session().ns) {
      objects = ns.objects;
    }
  }
  ctx.out.integer(static_cast<std::int64_t>(objects));
  co_return;
}

Task<> cmd_flushdb(RespContext& ctx) {
  if (!flush_options_ok(ctx)) {
    co_return;
  }
  // co_await stays out of && and || (GCC 12 miscompiles it there).
  const bool cleared = co_await clear_namespace(ctx, ctx.session().ns);
  if (cleared) {
    ctx.out.ok();
  }
  co_return;
}

// Clears every database (namespaces db<n>); other namespaces of the store are not Redis's.
Task<> cmd_flushall(RespContext& ctx) {
  if (!flush_options_ok(ctx)) {
    co_return;
  }
  core::Response r = co_await ctx.call(ctx.request(OpCode::kListNamespaces));
  if (r.code != StatusCode::kOk) {
    ctx.store_error(r);
    co_return;
  }
  for (const core::NamespaceInfo& ns : r.namespaces) {
    if (!is_db_namespace(ns.name)) {
      continue;
    }
    const bool cleared = co_await clear_namespace(ctx, ns.id);
    if (!cleared) {
      co_return;
    }
  }
  ctx.out.ok();
  co_return;
}

Task<> cmd_scan(RespContext& ctx) {
  std::uint64_t cursor = 0;
  if (!parse_cursor(ctx.args[1], cursor)) {
    ctx.out.error("ERR invalid cursor");
    co_return;
  }
  ScanOptions o;
  core::Response page;
  if (!parse_scan_options(ctx, o)) {
    co_return;
  }
  const bool listed = co_await list_page(ctx, store_cursor(cursor), o.count, page);
  if (!listed) {
    co_return;
  }
  const std::uint64_t next =
      page.cursor.empty() || page.keys.empty() ? 0 : next_cursor(page.keys.back().key);
  std::vector<std::string_view> names;
  for (const core::KeyInfo& k : page.keys) {
    if (has_redis_name(k) && (o.match.empty() || glob_match(o.match, k.key_name)) &&
        co_await type_matches(ctx, o, k.key_name)) {
      names.push_back(k.key_name);
    }
  }
  ctx.out.array(2);
  ctx.out.bulk(std::to_string(next));
  ctx.out.array(names.size());
  for (std::string_view n : names) {
    ctx.out.bulk(n);
  }
  co_return;
}

Task<> cmd_keys(RespContext& ctx) {
  const std::string_view pattern = ctx.args[1];
  std::vector<std::string> names;
  std::string cursor;
  do {
    core::Response page;
    if (!co_await list_page(ctx, cursor, kKeysPage, page)) {
      co_return;
    }
    for (core::KeyInfo& k : page.keys) {
      if (has_redis_name(k) && glob_match(pattern, k.key_name)) {
        names.push_back(std::move(k.key_name));
      }
    }
    cursor = page.keys.empty() ? std::string() : page.cursor;
  } while (!cursor.empty());
  ctx.out.array(names.size());
  for (const std::string& n : names) {
    ctx.out.bulk(n);
  }
  co_return;
}

}  // namespace soss::net::resp
