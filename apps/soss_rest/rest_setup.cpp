// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "rest_setup.hpp"

#include <fmt/format.h>

#include "app_files.hpp"
#include "http_server.hpp"

namespace soss::rest {
namespace {

Result<RestConfig> read_config(const std::string& path) {
  std::string file = path.empty() ? default_config_path() : path;
  if (path.empty() && !apps::file_exists(file)) {
    return RestConfig{};
  }
  auto text = apps::read_file(file);
  if (!text) {
    return Status(StatusCode::kConfigError,
                  fmt::format("{}: cannot read: {}", file, text.error().message()));
  }
  return parse_rest_config(*text, file);
}

Result<std::shared_ptr<DigestAuth>> load_auth(const RestConfig& c) {
  auto text = apps::read_file(c.htdigest_file);
  if (!text) {
    return Status(StatusCode::kConfigError, fmt::format("htdigest_file {}: cannot read: {}",
                                                        c.htdigest_file, text.error().message()));
  }
  auto users = parse_htdigest(*text, c.digest_realm, c.htdigest_file);
  if (!users) {
    return users.error();
  }
  if (users->empty()) {
    return Status(StatusCode::kConfigError,
                  fmt::format("htdigest_file {}: no user of realm '{}' (create one with: "
                              "htdigest {} '{}' USER)",
                              c.htdigest_file, c.digest_realm, c.htdigest_file, c.digest_realm));
  }
  return std::make_shared<DigestAuth>(c.digest_realm, std::move(*users));
}

}  // namespace

Result<RestSetup> load_rest_setup(const std::string& path, const std::string& listen,
                                  const std::string& store) {
  auto config = read_config(path);
  if (!config) {
    return config.error();
  }
  RestSetup setup;
  setup.config = std::move(*config);
  if (!listen.empty()) {
    SOSS_RETURN_IF_ERROR(apply_listen(listen, setup.config));
  }
  if (!store.empty()) {
    setup.config.store = store;
  }
  if (setup.config.digest_auth()) {
    auto auth = load_auth(setup.config);
    if (!auth) {
      return auth.error();
    }
    setup.auth = std::move(*auth);
  }
  if (setup.config.tls()) {
    auto tls = make_tls_context(setup.config.tls_cert_file, setup.config.tls_key_file);
    if (!tls) {
      return tls.error();
    }
    setup.tls = std::move(*tls);
  }
  return setup;
}

}  // namespace soss::rest
