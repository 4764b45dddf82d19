// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// parse_connection_string: the Scaleout.Client connection string syntax.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "soss/client/grid_connection.hpp"

namespace soss::client {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())) != 0) {
    s.remove_prefix(1);
  }
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())) != 0) {
    s.remove_suffix(1);
  }
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// A decimal integer in [min, max]; an error message otherwise.
std::string parse_int(std::string_view key, std::string_view text, std::int64_t min,
                      std::int64_t max, std::int64_t& out) {
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || v < min || v > max) {
    return fmt::format("{} must be an integer in {}..{}, got '{}'", key, min, max, text);
  }
  out = v;
  return {};
}

// "host", "host:port", "[v6addr]" or "[v6addr]:port".
std::string parse_gateway(std::string_view item, Gateway& gw) {
  std::string_view host = item;
  std::string_view port;
  if (!item.empty() && item.front() == '[') {
    auto close = item.find(']');
    if (close == std::string_view::npos) {
      return fmt::format("gateway '{}' lacks the closing ']'", item);
    }
    host = item.substr(1, close - 1);
    std::string_view rest = item.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') {
        return fmt::format("gateway '{}': expected ':port' after ']'", item);
      }
      port = rest.substr(1);
      if (port.empty()) {
        return fmt::format("gateway '{}' has an empty port", item);
      }
    }
  } else if (auto colon = item.rfind(':'); colon != std::string_view::npos) {
    if (item.find(':') != colon) {
      return fmt::format("gateway '{}': write IPv6 addresses as [address]:port", item);
    }
    host = item.substr(0, colon);
    port = item.substr(colon + 1);
    if (port.empty()) {
      return fmt::format("gateway '{}' has an empty port", item);
    }
  }
  if (host.empty()) {
    return fmt::format("gateway '{}' has no host", item);
  }
  gw.host = std::string(host);
  gw.port = kDefaultSvrPort;
  if (!port.empty()) {
    std::int64_t p = 0;
    auto err = parse_int("the gateway port", port, 1, 65535, p);
    if (!err.empty()) {
      return fmt::format("gateway '{}': {}", item, err);
    }
    gw.port = static_cast<std::uint16_t>(p);
  }
  return {};
}

std::string parse_gateways(std::string_view value, std::vector<Gateway>& out) {
  out.clear();
  while (true) {
    auto comma = value.find(',');
    std::string_view item = trim(value.substr(0, comma));
    if (item.empty()) {
      return "bootstrapGateways has an empty entry";
    }
    Gateway gw;
    auto err = parse_gateway(item, gw);
    if (!err.empty()) {
      return err;
    }
    out.push_back(std::move(gw));
    if (comma == std::string_view::npos) {
      return {};
    }
    value.remove_prefix(comma + 1);
  }
}

// Applies one `key=value`; returns an error message or "".
std::string apply(const std::string& key, std::string_view name, std::string_view value,
                  ConnectionOptions& o) {
  std::int64_t n = 0;
  std::string err;
  if (key == "bootstrapgateways") {
    return parse_gateways(value, o.gateways);
  }
  if (key == "maxrequestretries") {
    err = parse_int(name, value, 0, 100, n);
    o.max_request_retries = static_cast<int>(n);
  } else if (key == "connecttimeoutms") {
    err = parse_int(name, value, 1, 600'000, n);
    o.connect_timeout = std::chrono::milliseconds(n);
  } else if (key == "requesttimeoutms") {
    err = parse_int(name, value, 0, 86'400'000, n);
    o.request_timeout = std::chrono::milliseconds(n);
  } else if (key == "maxpoolsize") {
    err = parse_int(name, value, 1, 64, n);  // accepted; one connection for now
  } else if (key == "eventconnectioncount") {
    err = parse_int(name, value, 0, 64, n);  // events are not implemented yet
  } else if (key == "routetoprimary") {
    std::string v = lower(value);
    if (v != "true" && v != "false") {
      return fmt::format("routeToPrimary must be true or false, got '{}'", value);
    }
    o.route_to_primary = v == "true";
  } else if (key == "user") {
    o.user.assign(value);
  } else if (key == "password") {
    o.password.assign(value);
  } else if (key == "usesecure") {
    std::string v = lower(value);
    if (v == "true") {
      return "useSecure=true is not supported by this client yet (no TLS)";
    }
    if (v != "false") {
      return fmt::format("useSecure must be true or false, got '{}'", value);
    }
  } else {
    return fmt::format(
        "unknown key '{}' (known: bootstrapGateways, maxRequestRetries, connectTimeoutMs, "
        "requestTimeoutMs, routeToPrimary, user, password, maxPoolSize, eventConnectionCount, "
        "useSecure)",
        name);
  }
  return err;
}

}  // namespace

ConnectionOptionsResult parse_connection_string(std::string_view text) {
  ConnectionOptionsResult out;
  auto fail = [&out](std::string message) {
    out.result = ResultCode::kInvalidArgument;
    out.message = "connection string: " + std::move(message);
    return out;
  };
  std::set<std::string> seen;
  while (!text.empty()) {
    auto semi = text.find(';');
    std::string_view part = trim(text.substr(0, semi));
    text = semi == std::string_view::npos ? std::string_view() : text.substr(semi + 1);
    if (part.empty()) {
      continue;  // "a=1;;b=2;" is tolerated
    }
    auto eq = part.find('=');
    if (eq == std::string_view::npos) {
      return fail(fmt::format("'{}' is not key=value", part));
    }
    std::string_view name = trim(part.substr(0, eq));
    std::string_view value = trim(part.substr(eq + 1));
    std::string key = lower(name);
    if (!seen.insert(key).second) {
      return fail(fmt::format("'{}' is given twice", name));
    }
    auto err = apply(key, name, value, out.options);
    if (!err.empty()) {
      return fail(std::move(err));
    }
  }
  if (out.options.gateways.empty()) {
    return fail("bootstrapGateways is required, e.g. bootstrapGateways=host:721");
  }
  return out;
}

}  // namespace soss::client
