// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <vector>

#include "soss/core/common/access.hpp"
#include "soss/core/common/param_set.hpp"

namespace soss::apps {

// The parameters in effect for soss_service: defaults, then soss_params.txt, then --set
// NAME=VALUE from the command line.
struct ServiceConfig {
  std::string params_path;
  bool created_file = false;
  core::ParamSet params;
  // From the file auth_file names (empty when it names none: no authentication).
  std::string access_path;
  core::AccessList access;
  std::string access_warning;  // e.g. the file is readable by every user of the machine
};

// How to treat the parameters file itself (issue 15: a mistyped --params used to get a file of
// defaults, i.e. a host on the public interface with multicast on, without a word).
struct ParamsFileOptions {
  std::string source = "--params";  // where the path came from, for the messages
  bool create = false;              // --create-params: write the defaults when it is absent
};

// ConfigError naming the path when it is a directory or not a regular file, or when it does not
// exist and `create` is false; ok otherwise.
Status check_params_file(const std::string& params_path, const std::string& from, bool create);

// Loads the configuration. Errors are ConfigError "FILE:LINE: reason" (bad file), a missing or
// wrong file (check_params_file), or name the bad --set argument.
Result<ServiceConfig> load_service_config(const std::string& params_path,
                                          const std::vector<std::string>& overrides,
                                          const ParamsFileOptions& file);

// The --print-config table: every parameter, its value and where the value came from.
std::string render_config(const ServiceConfig& config);

}  // namespace soss::apps
