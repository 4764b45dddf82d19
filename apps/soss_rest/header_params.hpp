// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace soss::rest {

// A header value of the form `token; name=value; name="quoted value"` (Content-Type,
// Content-Disposition) or `Digest name=value, name="value"` (Authorization).
struct HeaderParams {
  std::string token;  // the leading token, lower-cased ("multipart/form-data", "digest")
  std::vector<std::pair<std::string, std::string>> params;  // names lower-cased, values unquoted

  // The value of parameter `name` (lower-case); nullptr when absent.
  const std::string* get(std::string_view name) const;
};

// Parses `text`; parameters are separated by `separator` (';' or ','), the token ends at the
// first separator or (for Authorization) at the first space. Empty on a malformed quoted string.
std::optional<HeaderParams> parse_header_params(std::string_view text, char separator);

// `text` without leading and trailing spaces and tabs.
std::string_view trim(std::string_view text);

}  // namespace soss::rest
