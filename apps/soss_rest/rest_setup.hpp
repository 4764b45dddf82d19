// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <memory>
#include <string>

#include "digest_auth.hpp"
#include "rest_config.hpp"
#include "soss/core/common/status.hpp"
#include "tls_context.hpp"

namespace soss::rest {

// What soss_rest.conf asks for, loaded: the config, the authenticator and the TLS context.
struct RestSetup {
  RestConfig config;
  std::shared_ptr<DigestAuth> auth;  // null: no authentication
  std::unique_ptr<TlsContext> tls;   // null: plain HTTP
};

// Reads the config file (`path` empty: the default path if it exists, else defaults), applies
// the command-line `listen` and `store` overrides (when not empty), then loads the htdigest
// file and the TLS files. kConfigError "FILE:LINE: reason" or "SETTING: reason".
Result<RestSetup> load_rest_setup(const std::string& path, const std::string& listen,
                                  const std::string& store);

}  // namespace soss::rest
