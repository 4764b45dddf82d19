// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <vector>

#include "soss/core/common/param_set.hpp"

namespace soss::apps {

// The parameters in effect for soss_service: defaults, then soss_params.txt (created with
// defaults when absent), then --set NAME=VALUE from the command line.
struct ServiceConfig {
  std::string params_path;
  bool created_file = false;
  core::ParamSet params;
};

// Loads the configuration. Errors are ConfigError "FILE:LINE: reason" (bad file) or name the
// bad --set argument.
Result<ServiceConfig> load_service_config(const std::string& params_path,
                                          const std::vector<std::string>& overrides);

// The --print-config table: every parameter, its value and where the value came from.
std::string render_config(const ServiceConfig& config);

}  // namespace soss::apps
