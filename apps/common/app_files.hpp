// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "soss/core/common/status.hpp"

namespace soss::apps {

// The params file to use: the --params value when given, else $SOSS_PARAMS, else the platform
// default (/etc/soss/soss_params.txt on Linux; beside the executable on Windows, which is the
// install folder the MSI created).
std::string params_path(const std::string& from_command_line);
// The folder that holds the running executable ("." when it cannot be found).
std::string executable_dir();
// soss_client_params.txt in the same folder as `params_file`.
std::string client_params_path(const std::string& params_file);
// The folder part of a path ("." when it has none).
std::string dir_of(const std::string& path);

bool file_exists(const std::string& path);
Result<std::string> read_file(const std::string& path);
// Writes through a temporary file and a rename, so readers never see half a file.
Status write_file_atomic(const std::string& path, const std::string& text);
// Reads the params file, rewrites the named values in place, writes it back.
Status update_params_file(const std::string& path,
                          const std::vector<std::pair<std::string, std::string>>& changes);

}  // namespace soss::apps
