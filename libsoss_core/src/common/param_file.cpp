// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "soss/core/common/param_file.hpp"

#include <fmt/format.h>

#include "common/param_text.hpp"

namespace soss::core {
namespace {

constexpr std::string_view kHeader =
    "# soss_params.txt: the parameters of the soss service on this host.\n"
    "#\n"
    "# One \"name value\" per line, never \"name=value\"; '#' starts a comment.\n"
    "# An unknown name or a bad value stops the service with the file, line and reason.\n"
    "# Edits take effect when the service restarts; `soss set name=value` changes a running\n"
    "# store and writes store-wide parameters to the file of every host.\n"
    "# Upgrades never overwrite this file.\n"
    "# docs/parameters.md describes every parameter.\n";

constexpr std::string_view kInertHeader =
    "# The original product's remaining parameters: accepted so that its files load, but they\n"
    "# have no effect yet.\n";

// "# " + `text`, wrapped at word boundaries so that no line is longer than kCommentWidth.
std::string wrap_comment(std::string_view text) {
  constexpr std::size_t kCommentWidth = 100;
  std::string out = "#";
  std::size_t line_start = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find(' ', pos);
    std::string_view word = text.substr(pos, end == std::string_view::npos ? end : end - pos);
    if (out.size() - line_start + 1 + word.size() > kCommentWidth && out.size() > line_start + 1) {
      out += "\n#";
      line_start = out.size() - 1;
    }
    out += ' ';
    out.append(word);
    pos = end == std::string_view::npos ? text.size() : end + 1;
  }
  return out;
}

}  // namespace

std::string render_param_comment(const ParamSpec& spec) {
  std::string text = fmt::format(
      "{} [{}] ({}; {})", spec.description, param_range_text(spec), param_scope_text(spec.scope),
      spec.runtime_changeable ? "changeable at run time" : "restart needed");
  return wrap_comment(text);
}

std::string render_default_params_file() {
  std::string out(kHeader);
  bool inert_seen = false;
  for (const ParamSpec& spec : param_registry()) {
    out += '\n';
    if (!spec.implemented && !inert_seen) {
      inert_seen = true;
      out += kInertHeader;
      out += '\n';
    }
    out += render_param_comment(spec);
    out += '\n';
    out += detail::format_entry(spec.name, spec.default_value);
    out += '\n';
  }
  return out;
}

Result<std::string> update_params_text(
    std::string_view old_text, const std::vector<std::pair<std::string, std::string>>& changes) {
  for (const auto& [name, value] : changes) {
    SOSS_RETURN_IF_ERROR(check_param(name, value));
  }
  auto render_appended = [](std::string_view name, std::string_view value) {
    return std::vector<std::string>{render_param_comment(*find_param(name)),
                                    detail::format_entry(name, value)};
  };
  return detail::apply_changes(old_text, changes, render_appended);
}

}  // namespace soss::core
