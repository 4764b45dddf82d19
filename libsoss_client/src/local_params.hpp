// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>

#include "soss/client/grid_connection.hpp"

namespace soss::client::detail {

// The connection options of GridConnection::connect_default from the texts of
// soss_client_params.txt and soss_params.txt (nullopt = the file does not exist). Pure: takes
// text, so tests need no files. `auth_file`, when given, receives soss_params.txt's auth_file
// ("" when the client connects to remote gateways or the store has none).
ConnectionOptionsResult options_from_params(const std::optional<std::string>& client_text,
                                            const std::optional<std::string>& server_text,
                                            const std::string& client_file,
                                            const std::string& server_file,
                                            std::string* auth_file = nullptr);

// The credentials of a program run by the operator (docs/security.md): SOSS_USER and
// SOSS_PASSWORD when SOSS_USER is set, else the first admin user of the access file
// `auth_file` names (relative to `dir`) when this user can read it, else none.
void credentials_for(ConnectionOptions& options, const std::string& dir,
                     const std::string& auth_file);

// Reads both files in `dir`, calls options_from_params and then credentials_for. An unreadable
// parameters file (as opposed to a missing one) is ConfigError.
ConnectionOptionsResult options_from_params_dir(const std::string& dir);

}  // namespace soss::client::detail
