// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "header_params.hpp"

#include <cctype>

namespace soss::rest {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

bool is_space(char c) { return c == ' ' || c == '\t'; }

// Reads a quoted string starting at text[pos] == '"'; advances pos past the closing quote.
std::optional<std::string> read_quoted(std::string_view text, std::size_t& pos) {
  std::string out;
  for (++pos; pos < text.size(); ++pos) {
    char c = text[pos];
    if (c == '\\' && pos + 1 < text.size()) {
      out += text[++pos];
    } else if (c == '"') {
      ++pos;
      return out;
    } else {
      out += c;
    }
  }
  return std::nullopt;
}

// Reads one `name[=value]` at pos; advances past it (not past the separator).
std::optional<std::pair<std::string, std::string>> read_param(std::string_view text,
                                                              std::size_t& pos, char sep) {
  std::size_t start = pos;
  while (pos < text.size() && text[pos] != '=' && text[pos] != sep) {
    ++pos;
  }
  std::string name = lower(trim(text.substr(start, pos - start)));
  if (pos >= text.size() || text[pos] == sep) {
    return std::make_pair(std::move(name), std::string());
  }
  ++pos;  // '='
  while (pos < text.size() && is_space(text[pos])) {
    ++pos;
  }
  if (pos < text.size() && text[pos] == '"') {
    auto quoted = read_quoted(text, pos);
    if (!quoted) {
      return std::nullopt;
    }
    return std::make_pair(std::move(name), std::move(*quoted));
  }
  start = pos;
  while (pos < text.size() && text[pos] != sep) {
    ++pos;
  }
  return std::make_pair(std::move(name), std::string(trim(text.substr(start, pos - start))));
}

}  // namespace

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_space(text.front())) {
    text.remove_prefix(1);
  }
  while (!text.empty() && is_space(text.back())) {
    text.remove_suffix(1);
  }
  return text;
}

const std::string* HeaderParams::get(std::string_view name) const {
  for (const auto& [n, v] : params) {
    if (n == name) {
      return &v;
    }
  }
  return nullptr;
}

std::optional<HeaderParams> parse_header_params(std::string_view text, char separator) {
  text = trim(text);
  HeaderParams out;
  std::size_t end = separator == ',' ? text.find_first_of(" \t") : text.find(separator);
  out.token = lower(trim(text.substr(0, end)));
  std::size_t pos = end == std::string_view::npos ? text.size() : end;
  while (pos < text.size()) {
    if (is_space(text[pos]) || text[pos] == separator) {
      ++pos;
      continue;
    }
    auto param = read_param(text, pos, separator);
    if (!param) {
      return std::nullopt;
    }
    if (!param->first.empty()) {
      out.params.push_back(std::move(*param));
    }
  }
  return out;
}

}  // namespace soss::rest
