// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// The parameter-file parsers of libsoss_core (param_set.cpp, param_file.cpp, param_text.cpp,
// client_params.cpp): the input is the text of a soss_params.txt, and also of a
// soss_client_params.txt. Checks, beyond "no crash":
//   - a rejected file is kConfigError "FILE:LINE: reason" and leaves every parameter at its
//     default; an accepted one holds only values that check_param_value() accepts;
//   - update_params_text() with no changes returns the text unchanged, and with every value the
//     file set (and one parameter set to its default) gives a text that parses to those values;
//   - accepted client parameters render to a file that parses to the same ClientParams, and
//     update_client_params_text() with no changes returns the text unchanged.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fuzz_check.hpp"
#include "soss/core/common/client_params.hpp"
#include "soss/core/common/param_file.hpp"
#include "soss/core/common/param_set.hpp"

namespace {

using soss::fuzz::require;

using namespace soss::core;
using soss::Status;
using soss::StatusCode;

bool all_defaults(const ParamSet& s) {
  for (const ParamSpec& spec : param_registry()) {
    if (s.get(spec.name) != spec.default_value || s.source(spec.name) != ParamSource::kDefault) {
      return false;
    }
  }
  return true;
}

void check_round_trip(std::string_view text, const ParamSet& s) {
  std::vector<std::pair<std::string, std::string>> changes;
  for (const ParamSpec& spec : param_registry()) {
    require(check_param_value(spec, s.get(spec.name)).is_ok(), "every value is valid");
    if (s.source(spec.name) == ParamSource::kFile) {
      require(s.line(spec.name) > 0, "a file value has its line");
      changes.emplace_back(std::string(spec.name), s.get(spec.name));
    }
  }
  auto same_text = update_params_text(text, {});
  require(same_text && *same_text == text, "no changes keep the text byte for byte");
  // One more change: the first parameter back to its default (appended when absent).
  const ParamSpec& first = param_registry().front();
  changes.emplace_back(std::string(first.name), std::string(first.default_value));
  auto updated = update_params_text(text, changes);
  require(updated.has_value(), "valid changes apply");
  ParamSet again;
  require(again.parse_file_text(*updated, "updated").is_ok(), "an updated file parses");
  for (const ParamSpec& spec : param_registry()) {
    const std::string& want = &spec == &first ? std::string(first.default_value) : s.get(spec.name);
    require(again.get(spec.name) == want, "an updated file holds the values set");
  }
}

void check_params_file(std::string_view text) {
  ParamSet s;
  Status st = s.parse_file_text(text, "soss_params.txt");
  if (!st.is_ok()) {
    require(st.code() == StatusCode::kConfigError, "a bad file is kConfigError");
    require(st.message().substr(0, 16) == "soss_params.txt:", "the error names the file");
    require(all_defaults(s), "a bad file changes nothing");
    return;
  }
  require(s.file_name() == "soss_params.txt", "the file name is kept");
  check_round_trip(text, s);
}

void check_client_file(std::string_view text) {
  auto p = parse_client_params(text, "soss_client_params.txt");
  if (!p) {
    require(p.error().code() == StatusCode::kConfigError, "a bad client file is kConfigError");
    return;
  }
  auto again = parse_client_params(render_client_params(*p), "rendered");
  require(again && *again == *p, "client params -> render -> parse gives the same params");
  auto same_text = update_client_params_text(text, {});
  require(same_text && *same_text == text, "no client changes keep the text byte for byte");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  check_params_file(text);
  check_client_file(text);
  return 0;
}
