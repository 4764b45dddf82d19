// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "common/param_text.hpp"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

namespace soss::core::detail {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

std::size_t skip_spaces(std::string_view s, std::size_t i) {
  while (i < s.size() && is_space(s[i])) {
    ++i;
  }
  return i;
}

}  // namespace

std::vector<TextLine> split_lines(std::string_view text) {
  std::vector<TextLine> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) {
      lines.push_back({text.substr(start), {}});
      break;
    }
    std::size_t body_end = (nl > start && text[nl - 1] == '\r') ? nl - 1 : nl;
    lines.push_back(
        {text.substr(start, body_end - start), text.substr(body_end, nl + 1 - body_end)});
    start = nl + 1;
  }
  return lines;
}

ParamLine lex_param_line(std::string_view body) {
  ParamLine line;
  std::size_t begin = skip_spaces(body, 0);
  if (begin == body.size() || body[begin] == '#') {
    return line;
  }
  line.is_entry = true;
  std::size_t name_end = begin;
  while (name_end < body.size() && !is_space(body[name_end])) {
    ++name_end;
  }
  line.name = body.substr(begin, name_end - begin);
  line.name_end = name_end;
  // The value ends at a '#' that follows whitespace (a trailing comment) or at the end.
  std::size_t value_begin = skip_spaces(body, name_end);
  std::size_t stop = body.size();
  for (std::size_t i = value_begin; i < body.size(); ++i) {
    if (body[i] == '#' && i > 0 && is_space(body[i - 1])) {
      stop = i;
      break;
    }
  }
  std::size_t value_end = stop;
  while (value_end > value_begin && is_space(body[value_end - 1])) {
    --value_end;
  }
  if (value_end == value_begin) {
    value_begin = value_end = name_end;
  }
  line.value_begin = value_begin;
  line.value_end = value_end;
  line.value = body.substr(value_begin, value_end - value_begin);
  return line;
}

bool uses_equals(const ParamLine& line) {
  return line.name.find('=') != std::string_view::npos ||
         (!line.value.empty() && line.value.front() == '=');
}

std::string equals_message(const ParamLine& line) {
  std::string whole(line.name);
  if (!line.value.empty()) {
    whole += ' ';
    whole.append(line.value);
  }
  std::size_t eq = whole.find('=');
  std::string_view view(whole);
  std::string_view left = trim(view.substr(0, eq));
  std::string_view right = trim(view.substr(eq + 1));
  return fmt::format("use '{} {}', not '{}={}'", left, right, left, right);
}

std::string replace_value(std::string_view body, const ParamLine& line, std::string_view value) {
  std::string out;
  if (value.empty()) {
    out.append(body.substr(0, line.name_end));
  } else if (line.value_begin == line.name_end) {
    out.append(body.substr(0, line.name_end));
    out += ' ';
    out.append(value);
  } else {
    out.append(body.substr(0, line.value_begin));
    out.append(value);
  }
  out.append(body.substr(line.value_end));
  return out;
}

std::string format_entry(std::string_view name, std::string_view value) {
  if (value.empty()) {
    return std::string(name);
  }
  return fmt::format("{:<17} {}", name, value);
}

namespace {

// The name an entry line sets, also for a misused "name=value" line.
std::string_view entry_name(const ParamLine& line) {
  return uses_equals(line) ? trim(line.name.substr(0, line.name.find('='))) : line.name;
}

const std::string* find_change(const Changes& changes, std::string_view name) {
  for (auto it = changes.rbegin(); it != changes.rend(); ++it) {
    if (it->first == name) {
      return &it->second;
    }
  }
  return nullptr;
}

}  // namespace

std::string apply_changes(std::string_view old_text, const Changes& changes,
                          const AppendRenderer& render_appended) {
  std::string_view body_text = strip_bom(old_text);
  std::string out(old_text.substr(0, old_text.size() - body_text.size()));
  std::string_view eol = line_ending_of(body_text);
  std::vector<std::string_view> seen;
  for (const TextLine& text_line : split_lines(body_text)) {
    ParamLine line = lex_param_line(text_line.body);
    const std::string* value = line.is_entry ? find_change(changes, entry_name(line)) : nullptr;
    if (value == nullptr) {
      out.append(text_line.body);
    } else if (uses_equals(line)) {
      out += format_entry(entry_name(line), *value);
    } else {
      out += replace_value(text_line.body, line, *value);
    }
    out.append(text_line.terminator);
    if (value != nullptr) {
      seen.push_back(entry_name(line));
    }
  }
  bool needs_newline = !body_text.empty() && body_text.back() != '\n';
  for (const auto& [name, value] : changes) {
    bool present = std::find(seen.begin(), seen.end(), name) != seen.end();
    if (present || *find_change(changes, name) != value) {
      continue;  // already rewritten, or a later change of the same name wins
    }
    seen.push_back(name);
    for (const std::string& appended : render_appended(name, value)) {
      if (needs_newline) {
        out.append(eol);
        needs_newline = false;
      }
      out += appended;
      out.append(eol);
    }
  }
  return out;
}

std::string_view line_ending_of(std::string_view text) {
  std::size_t nl = text.find('\n');
  return (nl != std::string_view::npos && nl > 0 && text[nl - 1] == '\r') ? "\r\n" : "\n";
}

std::string_view trim(std::string_view text) {
  std::size_t b = skip_spaces(text, 0);
  std::size_t e = text.size();
  while (e > b && is_space(text[e - 1])) {
    --e;
  }
  return text.substr(b, e - b);
}

std::string_view strip_bom(std::string_view text) {
  return text.substr(0, kUtf8Bom.size()) == kUtf8Bom ? text.substr(kUtf8Bom.size()) : text;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Levenshtein distance with one row; names are short.
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) {
    row[j] = j;
  }
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + cost});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string_view closest_of(std::string_view word, const std::vector<std::string_view>& names) {
  constexpr std::size_t kMaxDistance = 2;
  std::string_view best;
  std::size_t best_distance = kMaxDistance + 1;
  for (std::string_view name : names) {
    std::size_t d = edit_distance(word, name);
    if (d < best_distance) {
      best = name;
      best_distance = d;
    }
  }
  return best;
}

bool parse_int64(std::string_view text, std::int64_t& out) {
  if (text.empty()) {
    return false;
  }
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end;
}

bool is_ipv4(std::string_view text) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (std::size_t dot = text.find('.'); dot != std::string_view::npos;
       dot = text.find('.', start)) {
    parts.push_back(text.substr(start, dot - start));
    start = dot + 1;
  }
  parts.push_back(text.substr(start));
  if (parts.size() != 4) {
    return false;
  }
  for (std::string_view part : parts) {
    bool digits_only =
        std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; });
    std::int64_t n = 0;
    // No leading zeros: "010" reads as octal to some resolvers.
    if (part.empty() || part.size() > 3 || !digits_only || (part.size() > 1 && part[0] == '0') ||
        !parse_int64(part, n) || n > 255) {
      return false;
    }
  }
  return true;
}

std::vector<std::string_view> split_commas(std::string_view text) {
  std::vector<std::string_view> items;
  std::size_t start = 0;
  while (true) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) {
      items.push_back(trim(text.substr(start)));
      return items;
    }
    items.push_back(trim(text.substr(start, comma - start)));
    start = comma + 1;
  }
}

}  // namespace soss::core::detail
