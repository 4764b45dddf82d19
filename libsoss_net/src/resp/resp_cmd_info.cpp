// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// INFO: the sections Redis clients and tools read, with the host's real figures.
#include <charconv>
#include <chrono>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "resp/resp_commands.hpp"

namespace soss::net::resp {
namespace {

std::string human_bytes(std::uint64_t bytes) {
  if (bytes >= (1ull << 30)) {
    return fmt::format("{:.2f}G", static_cast<double>(bytes) / static_cast<double>(1ull << 30));
  }
  if (bytes >= (1ull << 20)) {
    return fmt::format("{:.2f}M", static_cast<double>(bytes) / static_cast<double>(1ull << 20));
  }
  return fmt::format("{:.2f}K", static_cast<double>(bytes) / 1024.0);
}

struct Sections {
  bool server = false, clients = false, memory = false, stats = false, replication = false,
       keyspace = false;
};

bool parse_sections(RespContext& ctx, Sections& s) {
  if (ctx.args.size() == 1) {
    s = Sections{true, true, true, true, true, true};
    return true;
  }
  for (std::size_t i = 1; i < ctx.args.size(); ++i) {
    const std::string_view a = ctx.args[i];
    if (equals_ci(a, "all") || equals_ci(a, "everything") || equals_ci(a, "default")) {
      s = Sections{true, true, true, true, true, true};
    }
    s.server = s.server || equals_ci(a, "server");
    s.clients = s.clients || equals_ci(a, "clients");
    s.memory = s.memory || equals_ci(a, "memory");
    s.stats = s.stats || equals_ci(a, "stats");
    s.replication = s.replication || equals_ci(a, "replication");
    s.keyspace = s.keyspace || equals_ci(a, "keyspace");
  }
  return true;
}

void server_section(RespContext& ctx, const StatusFields& st, std::string& out) {
  const auto uptime = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::steady_clock::now() - ctx.shared().started)
                          .count();
  out += "# Server\r\nredis_version:7.0.0\r\nredis_mode:standalone\r\n";
  out += fmt::format("soss_version:{}\r\narch_bits:{}\r\ntcp_port:{}\r\n", SOSS_VERSION,
                     sizeof(void*) * 8, ctx.shared().port);
  out += fmt::format("uptime_in_seconds:{}\r\nuptime_in_days:{}\r\n", uptime, uptime / 86400);
  out += fmt::format("io_threads_active:{}\r\nsoss_host_uptime_s:{}\r\n\r\n",
                     ctx.shared().io_threads, status_number(st, "uptime_s"));
}

void clients_section(RespContext& ctx, std::string& out) {
  out +=
      fmt::format("# Clients\r\nconnected_clients:{}\r\n\r\n", ctx.shared().counters.open.load());
}

void memory_section(const StatusFields& st, std::string& out) {
  const std::uint64_t used = status_number(st, "bytes");
  const std::uint64_t max = status_number(st, "max_memory_mb") << 20;
  out += fmt::format(
      "# Memory\r\nused_memory:{}\r\nused_memory_human:{}\r\nmaxmemory:{}\r\n"
      "maxmemory_human:{}\r\nmaxmemory_policy:{}\r\n\r\n",
      used, human_bytes(used), max, human_bytes(max), max == 0 ? "noeviction" : "allkeys-lru");
}

void stats_section(RespContext& ctx, const StatusFields& st, std::string& out) {
  const RespCounters& c = ctx.shared().counters;
  out += fmt::format(
      "# Stats\r\ntotal_connections_received:{}\r\ntotal_commands_processed:{}\r\n"
      "total_net_input_bytes:{}\r\ntotal_net_output_bytes:{}\r\nexpired_keys:{}\r\n"
      "evicted_keys:{}\r\nkeyspace_hits:{}\r\nkeyspace_misses:{}\r\n"
      "total_error_replies_protocol:{}\r\nsoss_store_requests:{}\r\n\r\n",
      c.accepted.load(), c.commands.load(), c.bytes_in.load(), c.bytes_out.load(),
      status_number(st, "expirations"), status_number(st, "evictions"), c.hits.load(),
      c.misses.load(), c.protocol_errors.load(), status_number(st, "requests"));
}

// One line per database namespace that holds objects (soss does not count keys with a timeout
// per namespace, so Redis's expires= and avg_ttl= are not shown).
Task<bool> keyspace_section(RespContext& ctx, std::string& out) {
  core::Response r = co_await ctx.call(ctx.request(core::OpCode::kListNamespaces));
  if (r.code != StatusCode::kOk) {
    ctx.store_error(r);
    co_return false;
  }
  out += "# Keyspace\r\n";
  for (std::uint32_t db = 0; db < kDatabases; ++db) {
    const core::NamespaceId id = core::namespace_id_of("db" + std::to_string(db));
    for (const core::NamespaceInfo& ns : r.namespaces) {
      if (ns.id == id && ns.objects > 0) {
        out += fmt::format("db{}:keys={}\r\n", db, ns.objects);
      }
    }
  }
  out += "\r\n";
  co_return true;
}

}  // namespace

std::uint64_t status_number(const StatusFields& status, std::string_view name) {
  for (const auto& [field, value] : status) {
    if (field == name) {
      std::uint64_t v = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
      return ec == std::errc() && end == value.data() + value.size() ? v : 0;
    }
  }
  return 0;
}

Task<> cmd_info(RespContext& ctx) {
  Sections s;
  if (!parse_sections(ctx, s)) {
    co_return;
  }
  const StatusFields st = ctx.shared().status ? ctx.shared().status() : StatusFields{};
  std::string out;
  if (s.server) {
    server_section(ctx, st, out);
  }
  if (s.clients) {
    clients_section(ctx, out);
  }
  if (s.memory) {
    memory_section(st, out);
  }
  if (s.stats) {
    stats_section(ctx, st, out);
  }
  if (s.replication) {
    out += "# Replication\r\nrole:master\r\nconnected_slaves:0\r\n\r\n";
  }
  if (s.keyspace) {
    const bool listed = co_await keyspace_section(ctx, out);
    if (!listed) {
      co_return;
    }
  }
  ctx.out.bulk(out);
  co_return;
}

}  // namespace soss::net::resp
