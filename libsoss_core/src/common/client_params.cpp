// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "soss/core/common/client_params.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "common/param_text.hpp"

namespace soss::core {
namespace {

struct IntParam {
  std::string_view name;
  int ClientParams::*field;
  int min_value;
  int max_value;
  std::string_view description;
};

constexpr std::array<IntParam, 4> kIntParams = {{
    {"max_lcl_retries", &ClientParams::max_lcl_retries, 0, 100,
     "Retries of a client on a store host, to connect or to repeat a request"},
    {"max_rem_retries", &ClientParams::max_rem_retries, 0, 100,
     "Retries of a remote client, to connect or to repeat a request"},
    {"max_access_time", &ClientParams::max_access_time, 0, 255,
     "Seconds a request may take before it is aborted; 0 = no limit"},
    {"max_svr_conn", &ClientParams::max_svr_conn, 1, 256, "Connections a client opens per server"},
}};

// The original's other names: accepted and ignored. The scalar ones may be set by `soss
// set_cli`; the per-store ones ("<store>, value") are left to hand edits.
constexpr std::array<std::string_view, 4> kIgnoredScalars = {"update_time", "runas_remcli",
                                                             "br_timeout", "stats_interval"};
constexpr std::array<std::string_view, 3> kIgnoredPerStore = {"access_mode", "auto_start",
                                                              "conn_timeout"};
constexpr std::string_view kRemGw = "rem_gw";

constexpr std::string_view kHeader =
    "# soss_client_params.txt: how clients on this machine reach soss stores.\n"
    "#\n"
    "# One \"name value\" per line, never \"name=value\"; '#' starts a comment.\n";

constexpr std::string_view kRemGwComment =
    "# rem_gw <store>, <mgt_port>, <address>, <svr_port>: a gateway of a remote store; one line "
    "per\n"
    "# gateway. The Remote Client option uses the store name __SOSS_remote_client_access.\n";

Status config_error(std::string message) {
  return Status(StatusCode::kConfigError, std::move(message));
}

const IntParam* find_int_param(std::string_view name) {
  auto it = std::find_if(kIntParams.begin(), kIntParams.end(),
                         [name](const IntParam& p) { return p.name == name; });
  return it == kIntParams.end() ? nullptr : &*it;
}

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

Status unknown_name_error(std::string_view name) {
  std::vector<std::string_view> names(kIgnoredScalars.begin(), kIgnoredScalars.end());
  names.insert(names.end(), kIgnoredPerStore.begin(), kIgnoredPerStore.end());
  names.push_back(kRemGw);
  for (const IntParam& p : kIntParams) {
    names.push_back(p.name);
  }
  std::string_view hint = detail::closest_of(name, names);
  if (hint.empty()) {
    return config_error(fmt::format("unknown parameter '{}'", name));
  }
  return config_error(fmt::format("unknown parameter '{}' (did you mean '{}'?)", name, hint));
}

Result<int> parse_int_value(const IntParam& p, std::string_view value) {
  std::int64_t n = 0;
  if (!detail::parse_int64(value, n) || n < p.min_value || n > p.max_value) {
    return config_error(fmt::format("{} must be an integer in {}..{}, got '{}'", p.name,
                                    p.min_value, p.max_value, value));
  }
  return static_cast<int>(n);
}

bool parse_port(std::string_view text, std::uint16_t& out) {
  std::int64_t n = 0;
  if (!detail::parse_int64(text, n) || n < 1 || n > 65535) {
    return false;
  }
  out = static_cast<std::uint16_t>(n);
  return true;
}

Result<RemoteGateway> parse_gateway(std::string_view value) {
  std::vector<std::string_view> items = detail::split_commas(value);
  RemoteGateway gw;
  if (items.size() != 4 || items[0].empty()) {
    return config_error(fmt::format(
        "rem_gw must be '<store>, <mgt_port>, <address>, <svr_port>', got '{}'", value));
  }
  gw.store = std::string(items[0]);
  gw.address = std::string(items[2]);
  if (!parse_port(items[1], gw.mgt_port) || !parse_port(items[3], gw.svr_port)) {
    return config_error(fmt::format("rem_gw ports must be in 1..65535, got '{}'", value));
  }
  if (!detail::is_ipv4(items[2])) {
    return config_error(
        fmt::format("rem_gw address must be an IPv4 address (a.b.c.d), got '{}'", items[2]));
  }
  return gw;
}

std::string gateway_value(const RemoteGateway& gw) {
  return fmt::format("{}, {}, {}, {}", gw.store, gw.mgt_port, gw.address, gw.svr_port);
}

// Applies one lexed entry line to `params`; `seen` holds the line of each int parameter.
Status apply_line(const detail::ParamLine& line, int line_no, ClientParams& params,
                  std::array<int, kIntParams.size()>& seen) {
  if (detail::uses_equals(line)) {
    return config_error(detail::equals_message(line));
  }
  if (const IntParam* p = find_int_param(line.name)) {
    auto i = static_cast<std::size_t>(p - kIntParams.data());
    if (seen[i] != 0) {
      return config_error(
          fmt::format("duplicate parameter '{}' (first set at line {})", p->name, seen[i]));
    }
    if (line.value.empty()) {
      return config_error(fmt::format("missing value for {}", p->name));
    }
    Result<int> n = parse_int_value(*p, line.value);
    if (!n) {
      return n.error();
    }
    params.*(p->field) = *n;
    seen[i] = line_no;
    return Status::ok();
  }
  if (line.name == kRemGw) {
    Result<RemoteGateway> gw = parse_gateway(line.value);
    if (!gw) {
      return gw.error();
    }
    params.gateways.push_back(std::move(*gw));
    return Status::ok();
  }
  if (contains(kIgnoredScalars, line.name) || contains(kIgnoredPerStore, line.name)) {
    return Status::ok();
  }
  return unknown_name_error(line.name);
}

Status check_change(std::string_view name, std::string_view value) {
  if (const IntParam* p = find_int_param(name)) {
    Result<int> n = parse_int_value(*p, value);
    return n ? Status::ok() : n.error();
  }
  if (name == kRemGw) {
    if (value.find(',') == std::string_view::npos && !value.empty()) {
      return Status::ok();  // a store name alone: remove its gateways
    }
    Result<RemoteGateway> gw = parse_gateway(value);
    return gw ? Status::ok() : gw.error();
  }
  if (contains(kIgnoredScalars, name)) {
    bool plain = !value.empty() && detail::trim(value) == value &&
                 value.find_first_of("#\r\n") == std::string_view::npos;
    return plain ? Status::ok()
                 : config_error(fmt::format("{} must be a trimmed word, got '{}'", name, value));
  }
  if (contains(kIgnoredPerStore, name)) {
    return config_error(
        fmt::format("{} is accepted for compatibility only and cannot be set", name));
  }
  return unknown_name_error(name);
}

// The new rem_gw lines of each store named in `changes`, in first-mention order.
using GatewayPlan = std::vector<std::pair<std::string, std::vector<std::string>>>;

GatewayPlan plan_gateways(const detail::Changes& changes) {
  GatewayPlan plan;
  for (const auto& [name, value] : changes) {
    if (name != kRemGw) {
      continue;
    }
    std::string store(detail::split_commas(value)[0]);
    auto it = std::find_if(plan.begin(), plan.end(),
                           [&store](const auto& entry) { return entry.first == store; });
    if (it == plan.end()) {
      plan.emplace_back(store, std::vector<std::string>{});
      it = plan.end() - 1;
    }
    if (value.find(',') != std::string::npos) {
      it->second.push_back(detail::format_entry(kRemGw, gateway_value(*parse_gateway(value))));
    }
  }
  return plan;
}

// Replaces the rem_gw lines of the planned stores, keeping every other byte.
std::string rewrite_gateways(std::string_view old_text, const GatewayPlan& plan) {
  std::string_view body_text = detail::strip_bom(old_text);
  std::string out(old_text.substr(0, old_text.size() - body_text.size()));
  std::string_view eol = detail::line_ending_of(body_text);
  std::vector<bool> placed(plan.size(), false);
  for (const detail::TextLine& text_line : detail::split_lines(body_text)) {
    detail::ParamLine line = detail::lex_param_line(text_line.body);
    std::string store = line.is_entry && line.name == kRemGw
                            ? std::string(detail::split_commas(line.value)[0])
                            : "";
    auto it = std::find_if(plan.begin(), plan.end(),
                           [&store](const auto& entry) { return entry.first == store; });
    if (store.empty() || it == plan.end()) {
      out.append(text_line.body);
      out.append(text_line.terminator);
      continue;
    }
    auto i = static_cast<std::size_t>(it - plan.begin());
    for (std::size_t k = 0; !placed[i] && k < it->second.size(); ++k) {
      out += it->second[k];
      out.append(k + 1 < it->second.size() ? eol : text_line.terminator);
    }
    placed[i] = true;
  }
  for (std::size_t i = 0; i < plan.size(); ++i) {
    for (std::size_t k = 0; !placed[i] && k < plan[i].second.size(); ++k) {
      if (!out.empty() && out.back() != '\n') {
        out.append(eol);
      }
      out += plan[i].second[k];
      out.append(eol);
    }
  }
  return out;
}

}  // namespace

Result<ClientParams> parse_client_params(std::string_view text, std::string_view file_name) {
  ClientParams params;
  std::array<int, kIntParams.size()> seen{};
  int line_no = 0;
  for (const detail::TextLine& text_line : detail::split_lines(detail::strip_bom(text))) {
    ++line_no;
    detail::ParamLine line = detail::lex_param_line(text_line.body);
    if (!line.is_entry) {
      continue;
    }
    Status status = apply_line(line, line_no, params, seen);
    if (!status.is_ok()) {
      return config_error(fmt::format("{}:{}: {}", file_name, line_no, status.message()));
    }
  }
  return params;
}

std::string render_client_params(const ClientParams& params) {
  std::string out(kHeader);
  for (const IntParam& p : kIntParams) {
    out += fmt::format("\n# {} [{}..{}]\n", p.description, p.min_value, p.max_value);
    out += detail::format_entry(p.name, std::to_string(params.*(p.field)));
    out += '\n';
  }
  out += '\n';
  out += kRemGwComment;
  for (const RemoteGateway& gw : params.gateways) {
    out += detail::format_entry(kRemGw, gateway_value(gw));
    out += '\n';
  }
  return out;
}

Result<std::string> update_client_params_text(
    std::string_view old_text, const std::vector<std::pair<std::string, std::string>>& changes) {
  detail::Changes scalars;
  for (const auto& [name, value] : changes) {
    SOSS_RETURN_IF_ERROR(check_change(name, value));
    if (name != kRemGw) {
      scalars.emplace_back(name, value);
    }
  }
  std::string text = rewrite_gateways(old_text, plan_gateways(changes));
  auto render_appended = [](std::string_view name, std::string_view value) {
    return std::vector<std::string>{detail::format_entry(name, value)};
  };
  return detail::apply_changes(text, scalars, render_appended);
}

}  // namespace soss::core
