// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "soss/core/common/param_registry.hpp"
#include "soss/core/common/status.hpp"

namespace soss::core {

// Text operations on soss_params.txt. Like the rest of core they never touch the file system:
// the service reads and writes the file and passes the text in and out.

// The full default file: a header, then every registered parameter in registry order, each
// preceded by its comment line. The service writes it when the file is absent; it is also
// shipped as packaging/soss_params.txt (a test keeps the two identical).
std::string render_default_params_file();

// "# Seconds before an unrefreshed object lock expires [1..86400] (store-wide; changeable at
// run time)": the comment written above a parameter, wrapped into lines of at most 100
// characters (no final newline).
std::string render_param_comment(const ParamSpec& spec);

// Sets the named parameters in the text of a soss_params.txt: each value is rewritten in place,
// every other line and comment is kept byte for byte, and names the text lacks are appended at
// the end with their comment line. Every change is validated first: an unknown name or a bad
// value returns kConfigError and nothing is changed. When a name repeats, the last value wins.
// Lines of the old text that are invalid for other reasons are left as they are.
Result<std::string> update_params_text(
    std::string_view old_text, const std::vector<std::pair<std::string, std::string>>& changes);

}  // namespace soss::core
