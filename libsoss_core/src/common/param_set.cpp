// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "soss/core/common/param_set.hpp"

#include <fmt/format.h>

#include "common/param_text.hpp"

namespace soss::core {
namespace {

std::size_t index_of(const ParamSpec* spec) {
  return static_cast<std::size_t>(spec - param_registry().data());
}

Status config_error(std::string message) {
  return Status(StatusCode::kConfigError, std::move(message));
}

// Checks one lexed entry line; the message has no file position yet.
Status check_line(const detail::ParamLine& line, const ParamSpec*& spec) {
  if (detail::uses_equals(line)) {
    return config_error(detail::equals_message(line));
  }
  spec = find_param(line.name);
  if (spec == nullptr) {
    return check_param(line.name, line.value);
  }
  if (line.value.empty() && !param_accepts_empty(*spec)) {
    return config_error(fmt::format("missing value for {}", spec->name));
  }
  return check_param_value(*spec, line.value);
}

}  // namespace

ParamSet::ParamSet() {
  for (const ParamSpec& spec : param_registry()) {
    entries_.push_back({std::string(spec.default_value), ParamSource::kDefault, 0});
  }
}

Status ParamSet::parse_file_text(std::string_view text, std::string_view file_name) {
  ParamSet next = *this;
  std::vector<int> first_line(entries_.size(), 0);
  int line_no = 0;
  for (const detail::TextLine& text_line : detail::split_lines(detail::strip_bom(text))) {
    ++line_no;
    detail::ParamLine line = detail::lex_param_line(text_line.body);
    if (!line.is_entry) {
      continue;
    }
    const ParamSpec* spec = nullptr;
    Status status = check_line(line, spec);
    std::size_t i = spec == nullptr ? 0 : index_of(spec);
    if (status.is_ok() && first_line[i] != 0) {
      status = config_error(fmt::format("duplicate parameter '{}' (first set at line {})",
                                        spec->name, first_line[i]));
    }
    if (!status.is_ok()) {
      return config_error(fmt::format("{}:{}: {}", file_name, line_no, status.message()));
    }
    first_line[i] = line_no;
    next.entries_[i] = {std::string(line.value), ParamSource::kFile, line_no};
  }
  next.file_name_ = std::string(file_name);
  *this = std::move(next);
  return Status::ok();
}

Status ParamSet::set(std::string_view name, std::string_view value, ParamSource source) {
  SOSS_RETURN_IF_ERROR(check_param(name, value));
  entries_[index_of(find_param(name))] = {std::string(value), source, 0};
  return Status::ok();
}

const ParamSet::Entry* ParamSet::entry(std::string_view name) const {
  const ParamSpec* spec = find_param(name);
  return spec == nullptr ? nullptr : &entries_[index_of(spec)];
}

std::int64_t ParamSet::get_int(std::string_view name) const {
  const Entry* e = entry(name);
  std::int64_t n = 0;
  if (e == nullptr || !detail::parse_int64(e->value, n)) {
    return 0;
  }
  return n;
}

bool ParamSet::get_bool(std::string_view name) const { return get_int(name) != 0; }

const std::string& ParamSet::get(std::string_view name) const {
  static const std::string kEmpty;
  const Entry* e = entry(name);
  return e == nullptr ? kEmpty : e->value;
}

ParamSource ParamSet::source(std::string_view name) const {
  const Entry* e = entry(name);
  return e == nullptr ? ParamSource::kDefault : e->source;
}

int ParamSet::line(std::string_view name) const {
  const Entry* e = entry(name);
  return e == nullptr ? 0 : e->line;
}

std::string ParamSet::describe_source(std::string_view name) const {
  const Entry* e = entry(name);
  if (e == nullptr) {
    return "unknown";
  }
  if (e->source == ParamSource::kFile) {
    std::string file = file_name_.empty() ? std::string("file") : file_name_;
    return e->line > 0 ? fmt::format("{}:{}", file, e->line) : file;
  }
  return std::string(param_source_name(e->source));
}

std::string_view param_source_name(ParamSource source) {
  switch (source) {
    case ParamSource::kDefault:
      return "default";
    case ParamSource::kFile:
      return "file";
    case ParamSource::kCommandLine:
      return "command line";
    case ParamSource::kRuntime:
      return "runtime";
  }
  return "unknown";
}

}  // namespace soss::core
