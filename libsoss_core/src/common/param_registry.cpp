// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "soss/core/common/param_registry.hpp"

#include <algorithm>
#include <limits>

#include <fmt/format.h>

#include "common/param_text.hpp"

namespace soss::core {
namespace {

constexpr ParamScope kHost = ParamScope::kHost;
constexpr ParamScope kStore = ParamScope::kStore;
constexpr std::int64_t kMaxInt32 = std::numeric_limits<std::int32_t>::max();
constexpr std::int64_t kMaxInt64 = std::numeric_limits<std::int64_t>::max();

// Whether a parameter may change while the service runs.
enum class Change : std::uint8_t { kRestart, kRuntime };
constexpr Change kRestart = Change::kRestart;
constexpr Change kRuntime = Change::kRuntime;

ParamSpec base(std::string_view name, std::string_view default_value, ParamScope scope,
               Change change, ParamKind kind, std::string_view description) {
  ParamSpec spec;
  spec.name = name;
  spec.default_value = default_value;
  spec.scope = scope;
  spec.runtime_changeable = change == Change::kRuntime;
  spec.kind = kind;
  spec.description = description;
  return spec;
}

ParamSpec int_param(std::string_view name, std::string_view def, ParamScope scope, Change change,
                    std::int64_t min, std::int64_t max, std::string_view description) {
  ParamSpec spec = base(name, def, scope, change, ParamKind::kInt, description);
  spec.min_value = min;
  spec.max_value = max;
  return spec;
}

ParamSpec port_param(std::string_view name, std::string_view def, ParamScope scope,
                     std::int64_t min, std::string_view description) {
  ParamSpec spec = base(name, def, scope, kRestart, ParamKind::kPort, description);
  spec.min_value = min;
  spec.max_value = 65535;
  return spec;
}

ParamSpec bool_param(std::string_view name, std::string_view def, ParamScope scope, Change change,
                     std::string_view description) {
  return base(name, def, scope, change, ParamKind::kBool, description);
}

ParamSpec ip_param(std::string_view name, std::string_view def, ParamScope scope,
                   std::string_view description) {
  return base(name, def, scope, kRestart, ParamKind::kIpv4, description);
}

// An IPv4 parameter whose empty value means "choose automatically".
ParamSpec auto_ip_param(std::string_view name, ParamScope scope, std::string_view description) {
  ParamSpec spec = ip_param(name, "", scope, description);
  spec.allow_empty = true;
  return spec;
}

ParamSpec inert(ParamSpec spec) {
  spec.implemented = false;
  return spec;
}

// An original parameter soss does not use yet: any non-negative number loads.
ParamSpec inert_int(std::string_view name, std::string_view def, ParamScope scope,
                    std::string_view description, std::int64_t max = kMaxInt32) {
  return inert(int_param(name, def, scope, kRestart, 0, max, description));
}

// The order is the order of the shipped sample file: SPEC §5 first, then soss's own additions,
// then the original product's remaining names (notes/soss-facts.md §1.2), which are accepted
// so that the original's files load, but do nothing yet.
std::vector<ParamSpec> make_registry() {
  ParamSpec log_level = base("log_level", "info", kHost, kRuntime, ParamKind::kChoice,
                             "Least severe log messages that are written");
  log_level.choices = "error|warn|info|debug|trace";
  return {
      auto_ip_param("net_interface", kHost,
                    "Network address of the subnet this host uses, with subnet_mask; empty = "
                    "auto (the only non-loopback interface)"),
      auto_ip_param("subnet_mask", kHost,
                    "Mask that selects the subnet together with net_interface; empty = auto"),
      bool_param("use_multicast", "1", kStore, kRestart,
                 "Find the other hosts by UDP multicast on mcast_ip:mgt_port; 0 = use host_list"),
      base("host_list", "", kStore, kRestart, ParamKind::kIpv4List,
           "Addresses of the store's hosts, used when use_multicast is 0"),
      ip_param("mcast_ip", "224.0.0.17", kStore, "Multicast group for host discovery"),
      port_param("mgt_port", "720", kStore, 1,
                 "Management port (TCP) and host discovery port (UDP)"),
      port_param("svr_port", "721", kHost, 0, "Port for client connections; 0 = pick a free port"),
      port_param("int_port", "722", kHost, 0,
                 "Port for host-to-host traffic (replication, migration); 0 = pick a free port"),
      port_param("secure_mgt_port", "723", kHost, 1,
                 "TLS management port, used when accept_secure is 1"),
      port_param("secure_svr_port", "724", kHost, 1,
                 "TLS client port, used when accept_secure is 1"),
      bool_param("accept_secure", "0", kStore, kRestart,
                 "Accept TLS client connections on secure_svr_port; not built yet: 1 is refused"),
      base("license_key", "NULL", kStore, kRuntime, ParamKind::kString,
           "License key of the original product; kept for compatibility, never blocks anything "
           "(NULL = none)"),
      int_param("store_weight", "100", kHost, kRuntime, 0, 10000,
                "Relative share of the store's objects this host holds; 0 = none"),
      bool_param("auto_join", "0", kHost, kRuntime,
                 "Join the store when the service starts (soss join sets 1, soss leave 0)"),
      int_param("startup_delay", "5", kHost, kRestart, 0, 300,
                "Seconds to listen for an existing store before creating a new one"),
      int_param("max_memory", "0", kHost, kRuntime, 0, 16777216,
                "Megabytes this host may use for objects; 0 = unlimited"),
      int_param("lru_threshold", "100", kHost, kRuntime, 1, 100,
                "Percent of max_memory above which Normal objects are evicted, least recently "
                "used first"),
      int_param("max_replicas", "1", kStore, kRestart, 0, 2,
                "Replicas of each object, each on a different host"),
      int_param("lock_timeout", "90", kStore, kRuntime, 1, 86400,
                "Seconds before an unrefreshed object lock expires"),
      int_param("max_object_size", "32", kStore, kRuntime, 1, 2047,
                "Largest object value, in megabytes"),
      int_param("heartbeat_ms", "300", kStore, kRestart, 50, 10000,
                "Milliseconds between heartbeats to the other hosts"),
      int_param("heartbeat_misses", "20", kStore, kRestart, 2, 1000,
                "Heartbeats missed in a row before a host is suspected to have failed"),
      port_param("resp_port", "0", kHost, 0,
                 "Port of the Redis-protocol (RESP2) endpoint; 0 = off"),
      log_level,
      int_param("io_threads", "0", kHost, kRestart, 0, 64,
                "Threads for network I/O; 0 = half the CPU cores (at least 1)"),
      int_param("max_connections", "10000", kHost, kRestart, 1, 1000000,
                "Client connections each of svr_port and resp_port keeps open at once; more are "
                "closed as they arrive (mgt_port keeps 64 of its own)"),
      int_param("read_timeout", "60", kHost, kRestart, 0, 86400,
                "Seconds a partly received request may take to complete before its connection "
                "closes; 0 = never"),
      int_param("idle_timeout", "0", kHost, kRestart, 0, 86400,
                "Seconds a client connection may send nothing before it closes; 0 = never"),
      int_param("max_buffered", "256", kHost, kRestart, 16, 65536,
                "Megabytes all connections together may hold in partly received requests; above "
                "it the connection holding most is closed"),
      base("auth_file", "", kHost, kRestart, ParamKind::kString,
           "Access file: the store secret hosts prove to each other and the users clients "
           "present (docs/security.md); a relative path is relative to this file's folder; "
           "empty = no authentication"),
      inert_int("update_time", "0", kHost,
                "Original: time stamp of the last parameter update; accepted for compatibility; "
                "no effect yet",
                kMaxInt64),
      inert_int("mgt_time", "0", kHost,
                "Original: management time stamp; accepted for compatibility; no effect yet",
                kMaxInt64),
      inert_int("query_index_mode", "2", kStore,
                "Original: query index mode; accepted for compatibility; no effect yet"),
      inert_int("max_cache", "10000", kHost,
                "Original: server cache size; accepted for compatibility; no effect yet"),
      inert_int("net_perf_factor", "10", kHost,
                "Original: network performance tuning factor; accepted for compatibility; no "
                "effect yet"),
      inert_int("hash_tbl_factor", "1", kHost,
                "Original: hash table sizing factor; accepted for compatibility; no effect yet"),
      inert_int("auto_npf", "1", kHost,
                "Original: tune net_perf_factor automatically; accepted for compatibility; no "
                "effect yet"),
      inert_int("max_event_tries", "1", kStore,
                "Original: tries to deliver an event to a client; accepted for compatibility; no "
                "effect yet"),
      inert_int("factory_param", "0", kHost,
                "Original: factory setting; accepted for compatibility; no effect yet"),
      inert_int("repl_threshold", "60", kStore,
                "Original: replication threshold; accepted for compatibility; no effect yet"),
      inert_int("max_client_cache", "100000", kHost,
                "Original: KB of the .NET client's object cache; accepted for compatibility; no "
                "effect yet"),
      inert(ip_param("gateway_ip", "255.255.255.255", kHost,
                     "Original: gateway address for remote clients (255.255.255.255 = unset); "
                     "accepted for compatibility; no effect yet")),
      inert(base("geos_local_name", "", kStore, kRestart, ParamKind::kString,
                 "Original: GeoServer name of this store; accepted for compatibility; no effect "
                 "yet")),
  };
}

Status value_error(const ParamSpec& spec, std::string_view what, std::string_view value) {
  return Status(StatusCode::kConfigError,
                fmt::format("{} must be {}, got '{}'", spec.name, what, value));
}

Status check_choice(const ParamSpec& spec, std::string_view value) {
  for (std::string_view rest = spec.choices; !rest.empty();) {
    std::size_t bar = rest.find('|');
    if (rest.substr(0, bar) == value) {
      return Status::ok();
    }
    rest = bar == std::string_view::npos ? std::string_view() : rest.substr(bar + 1);
  }
  return value_error(spec, fmt::format("one of {}", spec.choices), value);
}

bool is_open_ended(const ParamSpec& spec) {
  return spec.max_value == kMaxInt32 || spec.max_value == kMaxInt64;
}

// "an integer in 1..86400", "a port number in 0..65535", "an integer of 0 or more".
std::string int_expectation(const ParamSpec& spec) {
  std::string_view noun = spec.kind == ParamKind::kPort ? "a port number" : "an integer";
  if (is_open_ended(spec)) {
    return fmt::format("{} of {} or more", noun, spec.min_value);
  }
  return fmt::format("{} in {}..{}", noun, spec.min_value, spec.max_value);
}

bool is_plain_text(std::string_view value) {
  return std::none_of(value.begin(), value.end(), [](char c) {
    return c == '#' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
  });
}

}  // namespace

const std::vector<ParamSpec>& param_registry() {
  static const std::vector<ParamSpec> kRegistry = make_registry();
  return kRegistry;
}

const ParamSpec* find_param(std::string_view name) {
  const auto& registry = param_registry();
  auto it = std::find_if(registry.begin(), registry.end(),
                         [name](const ParamSpec& spec) { return spec.name == name; });
  return it == registry.end() ? nullptr : &*it;
}

std::string_view closest_param_name(std::string_view name) {
  std::vector<std::string_view> names;
  for (const ParamSpec& spec : param_registry()) {
    names.push_back(spec.name);
  }
  return detail::closest_of(name, names);
}

Status check_param(std::string_view name, std::string_view value) {
  const ParamSpec* spec = find_param(name);
  if (spec != nullptr) {
    return check_param_value(*spec, value);
  }
  std::string_view hint = closest_param_name(name);
  if (hint.empty()) {
    return Status(StatusCode::kConfigError, fmt::format("unknown parameter '{}'", name));
  }
  return Status(StatusCode::kConfigError,
                fmt::format("unknown parameter '{}' (did you mean '{}'?)", name, hint));
}

bool param_accepts_empty(const ParamSpec& spec) {
  return spec.kind == ParamKind::kIpv4List || spec.kind == ParamKind::kString ||
         (spec.kind == ParamKind::kIpv4 && spec.allow_empty);
}

Status check_param_value(const ParamSpec& spec, std::string_view value) {
  if (value.empty() && param_accepts_empty(spec)) {
    return Status::ok();
  }
  std::int64_t n = 0;
  switch (spec.kind) {
    case ParamKind::kInt:
    case ParamKind::kPort:
      if (!detail::parse_int64(value, n) || n < spec.min_value || n > spec.max_value) {
        return value_error(spec, int_expectation(spec), value);
      }
      return Status::ok();
    case ParamKind::kBool:
      return value == "0" || value == "1" ? Status::ok() : value_error(spec, "0 or 1", value);
    case ParamKind::kIpv4:
      return detail::is_ipv4(value) ? Status::ok()
                                    : value_error(spec, "an IPv4 address (a.b.c.d)", value);
    case ParamKind::kIpv4List: {
      auto items = detail::split_commas(value);
      bool ok = std::all_of(items.begin(), items.end(), detail::is_ipv4);
      return ok ? Status::ok()
                : value_error(spec, "a comma-separated list of IPv4 addresses", value);
    }
    case ParamKind::kString:
      return is_plain_text(value) && detail::trim(value) == value
                 ? Status::ok()
                 : value_error(spec, "trimmed text without '#' or control characters", value);
    case ParamKind::kChoice:
      return check_choice(spec, value);
  }
  return Status(StatusCode::kInternal, "unknown parameter kind");
}

std::string param_range_text(const ParamSpec& spec) {
  switch (spec.kind) {
    case ParamKind::kInt:
    case ParamKind::kPort:
      if (is_open_ended(spec)) {
        return fmt::format("{} or more", spec.min_value);
      }
      return fmt::format("{}..{}", spec.min_value, spec.max_value);
    case ParamKind::kBool:
      return "0 or 1";
    case ParamKind::kIpv4:
      return spec.allow_empty ? "IPv4 address, or empty" : "IPv4 address";
    case ParamKind::kIpv4List:
      return "comma-separated IPv4 addresses, or empty";
    case ParamKind::kString:
      return "text";
    case ParamKind::kChoice:
      return std::string(spec.choices);
  }
  return {};
}

std::string_view param_scope_text(ParamScope scope) {
  return scope == ParamScope::kStore ? "store-wide" : "this host";
}

}  // namespace soss::core
