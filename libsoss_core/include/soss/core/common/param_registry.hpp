// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "soss/core/common/status.hpp"

namespace soss::core {

// Where a parameter applies: to this host only, or to every host of the store (store-wide
// parameters are propagated by `soss set` and must agree between hosts).
enum class ParamScope : std::uint8_t { kHost, kStore };

// The syntax of a parameter's value.
enum class ParamKind : std::uint8_t {
  kInt,       // decimal integer in min_value..max_value
  kBool,      // 0 or 1
  kIpv4,      // dotted quad a.b.c.d (empty too when allow_empty: "auto")
  kIpv4List,  // comma-separated IPv4 addresses, may be empty
  kString,    // free text without '#' or control characters
  kPort,      // TCP/UDP port in min_value..max_value (0 only where the description says)
  kChoice,    // one of the '|'-separated words in `choices`
};

// One entry of the parameter registry: everything the parser, the sample file, `soss set` and
// the documentation know about a parameter of soss_params.txt.
struct ParamSpec {
  std::string_view name;
  std::string_view default_value;
  ParamScope scope = ParamScope::kHost;
  bool runtime_changeable = false;
  ParamKind kind = ParamKind::kString;
  std::int64_t min_value = 0;  // kInt, kPort
  std::int64_t max_value = 0;  // kInt, kPort
  std::string_view description;
  bool implemented = true;   // false: accepted for compatibility with the original, inert
  bool allow_empty = false;  // kIpv4: an empty value is valid (means "auto")
  std::string_view choices;  // kChoice: "error|warn|info"
};

// Every parameter of soss_params.txt, in the order of the shipped sample file. Immutable.
const std::vector<ParamSpec>& param_registry();

// The registry entry named `name` (exact, case-sensitive), or nullptr.
const ParamSpec* find_param(std::string_view name);

// The registered name closest to `name` within edit distance 2, or empty when none is.
std::string_view closest_param_name(std::string_view name);

// Checks `value` against the kind and range of `spec`. On failure returns kConfigError with a
// message such as "lock_timeout must be an integer in 1..86400, got 'abc'".
Status check_param_value(const ParamSpec& spec, std::string_view value);

// Looks `name` up and checks `value`: kConfigError "unknown parameter 'lock_timout' (did you
// mean 'lock_timeout'?)" or the check_param_value() error.
Status check_param(std::string_view name, std::string_view value);

// True when an empty value is valid for `spec` (a missing value in the file means empty).
bool param_accepts_empty(const ParamSpec& spec);

// The allowed values in words: "1..86400", "0 or 1", "IPv4 address or empty (auto)", ...
std::string param_range_text(const ParamSpec& spec);

// "this host" or "store-wide".
std::string_view param_scope_text(ParamScope scope);

}  // namespace soss::core
