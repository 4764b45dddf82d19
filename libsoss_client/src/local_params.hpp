// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>

#include "soss/client/grid_connection.hpp"

namespace soss::client::detail {

// The connection options of GridConnection::connect_default from the texts of
// soss_client_params.txt and soss_params.txt (nullopt = the file does not exist). Pure: takes
// text, so tests need no files.
ConnectionOptionsResult options_from_params(const std::optional<std::string>& client_text,
                                            const std::optional<std::string>& server_text,
                                            const std::string& client_file,
                                            const std::string& server_file);

// Reads both files in `dir` and calls options_from_params. An unreadable file (as opposed to
// a missing one) is ConfigError.
ConnectionOptionsResult options_from_params_dir(const std::string& dir);

}  // namespace soss::client::detail
