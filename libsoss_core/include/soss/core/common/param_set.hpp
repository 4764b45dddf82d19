// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "soss/core/common/param_registry.hpp"
#include "soss/core/common/status.hpp"

namespace soss::core {

// Where the value in effect came from, in order of precedence (later wins).
enum class ParamSource : std::uint8_t { kDefault, kFile, kCommandLine, kRuntime };

// The value and origin of every registered parameter. Starts with the registry defaults; the
// service then applies the text of soss_params.txt, the command line, and `soss set` changes.
// Every stored value has passed check_param_value(). A plain value type: not thread-safe.
//
// Getters take a registered name; an unknown name is a programming error and yields 0, false or
// an empty string rather than an exception.
class ParamSet {
 public:
  ParamSet();  // every parameter at its default
  static ParamSet defaults() { return ParamSet(); }

  // Applies the text of a soss_params.txt: one "name value" per line, blank lines and lines
  // starting with '#' ignored, a trailing " # comment" stripped. On the first bad line returns
  // kConfigError "FILE:LINE: reason" and leaves the set unchanged.
  Status parse_file_text(std::string_view text, std::string_view file_name);

  // Validates and sets one value. Errors are kConfigError without a file position.
  Status set(std::string_view name, std::string_view value, ParamSource source);

  std::int64_t get_int(std::string_view name) const;
  bool get_bool(std::string_view name) const;
  const std::string& get(std::string_view name) const;
  ParamSource source(std::string_view name) const;
  int line(std::string_view name) const;  // file line for kFile values, else 0

  // "default", "FILE:LINE", "command line" or "runtime".
  std::string describe_source(std::string_view name) const;

  // The file name given to the last successful parse_file_text (empty before).
  const std::string& file_name() const { return file_name_; }

 private:
  struct Entry {
    std::string value;
    ParamSource source = ParamSource::kDefault;
    int line = 0;
  };

  const Entry* entry(std::string_view name) const;

  std::vector<Entry> entries_;  // parallel to param_registry()
  std::string file_name_;
};

std::string_view param_source_name(ParamSource source);

}  // namespace soss::core
