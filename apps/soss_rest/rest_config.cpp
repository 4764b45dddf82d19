// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "rest_config.hpp"

#include <charconv>
#include <filesystem>
#include <functional>
#include <map>
#include <set>

#include <fmt/format.h>

#include "app_files.hpp"
#include "header_params.hpp"
#include "soss/core/common/log.hpp"

namespace soss::rest {
namespace {

Status config_error(std::string message) {
  return Status(StatusCode::kConfigError, std::move(message));
}

bool parse_u64(std::string_view s, std::uint64_t min, std::uint64_t max, std::uint64_t& out) {
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size() && out >= min && out <= max;
}

// A setter per name: stores the value or returns why it is bad.
using Setter = std::function<std::string(RestConfig&, std::string_view)>;

template <typename T>
Setter number(T RestConfig::*field, std::uint64_t min, std::uint64_t max) {
  return [=](RestConfig& c, std::string_view v) -> std::string {
    std::uint64_t n = 0;
    if (!parse_u64(v, min, max, n)) {
      return fmt::format("expected a whole number in [{}..{}], got '{}'", min, max, v);
    }
    c.*field = static_cast<T>(n);
    return {};
  };
}

Setter text(std::string RestConfig::*field) {
  return [=](RestConfig& c, std::string_view v) -> std::string {
    c.*field = std::string(v);
    return {};
  };
}

const std::map<std::string, Setter, std::less<>>& setters() {
  static const std::map<std::string, Setter, std::less<>> table = {
      {"listen_address", text(&RestConfig::listen_address)},
      {"port", number(&RestConfig::port, 1, 65535)},
      {"store", text(&RestConfig::store)},
      {"params_dir", text(&RestConfig::params_dir)},
      {"tls_cert_file", text(&RestConfig::tls_cert_file)},
      {"tls_key_file", text(&RestConfig::tls_key_file)},
      {"htdigest_file", text(&RestConfig::htdigest_file)},
      {"digest_realm", text(&RestConfig::digest_realm)},
      {"max_body_bytes", number(&RestConfig::max_body_bytes, 1, std::uint64_t{1} << 31)},
      {"max_header_bytes", number(&RestConfig::max_header_bytes, 1024, 80 * 1024)},
      {"header_timeout_s", number(&RestConfig::header_timeout_s, 1, 3600)},
      {"request_timeout_s", number(&RestConfig::request_timeout_s, 1, 3600)},
      {"idle_timeout_s", number(&RestConfig::idle_timeout_s, 1, 86400)},
      {"max_connections", number(&RestConfig::max_connections, 1, 100000)},
      {"threads", number(&RestConfig::threads, 1, 256)},
      {"log_level", text(&RestConfig::log_level)},
  };
  return table;
}

}  // namespace

std::string default_config_path() {
#ifdef _WIN32
  return (std::filesystem::path(apps::executable_dir()) / "soss_rest.conf").string();
#else
  return "/etc/soss/soss_rest.conf";
#endif
}

Status RestConfig::validate() const {
  if (listen_address.empty()) {
    return config_error("listen_address: must not be empty (0.0.0.0 or :: listens on all)");
  }
  if (tls_cert_file.empty() != tls_key_file.empty()) {
    return config_error("tls_cert_file and tls_key_file: set both (TLS on) or neither (TLS off)");
  }
  if (digest_auth() && digest_realm.empty()) {
    return config_error("digest_realm: must not be empty when htdigest_file is set");
  }
  log::Level ignored{};
  if (!log::parse_level(log_level, ignored)) {
    return config_error(
        fmt::format("log_level: expected error, warn, info, debug or trace, got "
                    "'{}'",
                    log_level));
  }
  return Status::ok();
}

Result<RestConfig> parse_rest_config(std::string_view text_in, std::string_view file_name) {
  RestConfig config;
  std::set<std::string, std::less<>> seen;
  int line_no = 0;
  std::string_view rest = text_in;
  while (!rest.empty()) {
    std::size_t eol = rest.find('\n');
    std::string_view line = trim(rest.substr(0, eol));
    rest = eol == std::string_view::npos ? std::string_view{} : rest.substr(eol + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') {
      line = trim(line.substr(0, line.size() - 1));
    }
    if (line.empty() || line.front() == '#') {
      continue;
    }
    std::size_t space = line.find_first_of(" \t");
    std::string_view name = line.substr(0, space);
    std::string_view value = space == std::string_view::npos ? "" : trim(line.substr(space));
    auto where = fmt::format("{}:{}", file_name, line_no);
    auto it = setters().find(name);
    if (it == setters().end()) {
      return config_error(fmt::format("{}: unknown setting '{}'", where, name));
    }
    if (!seen.insert(std::string(name)).second) {
      return config_error(fmt::format("{}: '{}' is set twice", where, name));
    }
    if (std::string why = it->second(config, value); !why.empty()) {
      return config_error(fmt::format("{}: {}: {}", where, name, why));
    }
  }
  Status valid = config.validate();
  if (!valid) {
    return config_error(fmt::format("{}: {}", file_name, valid.message()));
  }
  return config;
}

Status apply_listen(std::string_view text, RestConfig& config) {
  std::size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) {
    return config_error(fmt::format("--listen: expected ADDR:PORT, got '{}'", text));
  }
  std::string_view addr = text.substr(0, colon);
  if (addr.size() >= 2 && addr.front() == '[' && addr.back() == ']') {
    addr = addr.substr(1, addr.size() - 2);
  }
  std::uint64_t port = 0;
  if (!parse_u64(text.substr(colon + 1), 1, 65535, port)) {
    return config_error(fmt::format("--listen: bad port in '{}' (1..65535)", text));
  }
  if (!addr.empty()) {
    config.listen_address = std::string(addr);
  }
  config.port = static_cast<std::uint16_t>(port);
  return Status::ok();
}

}  // namespace soss::rest
