// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "service_config.hpp"

#include <filesystem>

#include <fmt/format.h>

#include "app_files.hpp"
#include "soss/core/common/param_file.hpp"
#include "soss/core/common/param_registry.hpp"

namespace soss::apps {

Status check_params_file(const std::string& params_path, const std::string& from, bool create) {
  std::error_code ec;
  auto st = std::filesystem::status(params_path, ec);
  if (st.type() == std::filesystem::file_type::directory) {
    return Status(StatusCode::kConfigError,
                  fmt::format("parameters file {} ({}) is a directory; pass the file itself, "
                              "e.g. --params {}",
                              params_path, from,
                              (std::filesystem::path(params_path) / "soss_params.txt").string()));
  }
  if (st.type() == std::filesystem::file_type::not_found) {
    if (create) {
      return Status::ok();
    }
    return Status(StatusCode::kConfigError,
                  fmt::format("parameters file {} ({}) does not exist; create it, or pass "
                              "--create-params to write one with defaults",
                              params_path, from));
  }
  if (ec || st.type() != std::filesystem::file_type::regular) {
    return Status(StatusCode::kConfigError,
                  fmt::format("parameters file {} ({}) is not a regular file{}", params_path, from,
                              ec ? ": " + ec.message() : std::string()));
  }
  return Status::ok();
}

namespace {

// The access file named by auth_file (relative to the parameters file's folder), parsed; a
// file that is missing, unreadable or malformed is a configuration error: a host must not come
// up open when the operator asked for users.
Status load_access_file(ServiceConfig& config) {
  const std::string& named = config.params.get("auth_file");
  if (named.empty()) {
    return Status::ok();
  }
  std::filesystem::path path(named);
  if (path.is_relative()) {
    path = std::filesystem::path(dir_of(config.params_path)) / path;
  }
  config.access_path = path.string();
  auto text = read_file(config.access_path);
  if (!text) {
    return Status(StatusCode::kConfigError,
                  fmt::format("auth_file {}: {}", config.access_path, text.error().message()));
  }
  auto list = core::AccessList::parse(*text, config.access_path);
  if (!list) {
    return list.error();
  }
  config.access = std::move(*list);
#ifndef _WIN32  // Windows keeps ACLs, which these permission bits do not show
  std::error_code ec;
  auto perms = std::filesystem::status(path, ec).permissions();
  if (!ec && (perms & std::filesystem::perms::others_read) != std::filesystem::perms::none) {
    config.access_warning = fmt::format(
        "auth_file {} is readable by every user of this machine; it holds the store secret "
        "and passwords: chmod 600 it (or 640 with the service's group)",
        config.access_path);
  }
#endif
  return Status::ok();
}

}  // namespace

Result<ServiceConfig> load_service_config(const std::string& params_path,
                                          const std::vector<std::string>& overrides,
                                          const ParamsFileOptions& file) {
  ServiceConfig config;
  config.params_path = params_path;
  SOSS_RETURN_IF_ERROR(check_params_file(params_path, file.source, file.create));
  if (!file_exists(params_path)) {
    std::error_code ec;
    auto dir = std::filesystem::path(params_path).parent_path();
    if (!dir.empty()) {
      std::filesystem::create_directories(dir, ec);
    }
    Status s = write_file_atomic(params_path, core::render_default_params_file());
    if (!s.is_ok()) {
      return s.with_context("creating the default parameters file");
    }
    config.created_file = true;
  }
  auto text = read_file(params_path);
  if (!text) {
    return text.error();
  }
  SOSS_RETURN_IF_ERROR(config.params.parse_file_text(*text, params_path));
  for (const auto& o : overrides) {
    auto eq = o.find('=');
    if (eq == std::string::npos || eq == 0) {
      return Status(StatusCode::kConfigError, fmt::format("--set '{}': expected NAME=VALUE", o));
    }
    std::string name = o.substr(0, eq);
    if (core::find_param(name) == nullptr) {
      return Status(StatusCode::kConfigError, fmt::format("--set: unknown parameter '{}'", name));
    }
    Status s = config.params.set(name, o.substr(eq + 1), core::ParamSource::kCommandLine);
    if (!s.is_ok()) {
      return s.with_context("--set {}", name);
    }
  }
  SOSS_RETURN_IF_ERROR(load_access_file(config));
  return config;
}

std::string render_config(const ServiceConfig& config) {
  std::string out = fmt::format("# parameters in effect (file: {})\n", config.params_path);
  out += fmt::format("{:<18} {:<20} {}\n", "name", "value", "source");
  for (const auto& spec : core::param_registry()) {
    const std::string& v = config.params.get(spec.name);
    out += fmt::format("{:<18} {:<20} {}\n", spec.name, v.empty() ? "(empty)" : v,
                       config.params.describe_source(spec.name));
  }
  return out;
}

}  // namespace soss::apps
