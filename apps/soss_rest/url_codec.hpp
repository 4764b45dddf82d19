// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace soss::rest {

// Decodes %XX escapes (and '+' as a space when `plus_is_space`, for query strings); empty when
// an escape is malformed.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space = false);

// Encodes every byte outside the RFC 3986 unreserved set as %XX.
std::string percent_encode(std::string_view text);

// Splits "a=1&b=two" into decoded pairs; empty when an escape is malformed.
std::optional<std::vector<std::pair<std::string, std::string>>> parse_query(std::string_view q);

// Splits a path on '/' without decoding: "/data/ns/k" -> {"data", "ns", "k"}. Empty segments
// in the middle are kept; a trailing '/' adds none.
std::vector<std::string_view> split_path(std::string_view path);

}  // namespace soss::rest
