// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// Private helpers shared by the soss_params.txt and soss_client_params.txt code: the line lexer
// and small value checks. Not part of the public API.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace soss::core::detail {

inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// One physical line of a text file.
struct TextLine {
  std::string_view body;        // without its terminator
  std::string_view terminator;  // "\n", "\r\n" or "" (a last line without newline)
};

// Splits `text` into lines; "a\nb" and "a\nb\n" both give two lines.
std::vector<TextLine> split_lines(std::string_view text);

// The parts of one line of a parameter file. Offsets index into the line's body.
struct ParamLine {
  bool is_entry = false;        // false: blank or comment line
  std::string_view name;        // the first token (may contain '=' when misused)
  std::string_view value;       // rest of the line, trimmed, trailing " # comment" removed
  std::size_t name_end = 0;     // offset just past the name
  std::size_t value_begin = 0;  // == value_end == name_end when the value is empty
  std::size_t value_end = 0;
};

// Lexes one line: blank and '#' lines are not entries; otherwise name, whitespace, value. A '#'
// preceded by whitespace starts a trailing comment.
ParamLine lex_param_line(std::string_view body);

// True when the entry misuses '=' as a separator ("name=value" or "name = value").
bool uses_equals(const ParamLine& line);

// "use 'lock_timeout 5', not 'lock_timeout=5'" for a line that uses_equals().
std::string equals_message(const ParamLine& line);

// Rewrites the value of an entry line, keeping its name, spacing and trailing comment.
std::string replace_value(std::string_view body, const ParamLine& line, std::string_view value);

// "\r\n" when the text's first line ends with CRLF, else "\n".
std::string_view line_ending_of(std::string_view text);

// "name              value": the name padded to a column, as in the original's sample files.
std::string format_entry(std::string_view name, std::string_view value);

using Changes = std::vector<std::pair<std::string, std::string>>;
using AppendRenderer =
    std::function<std::vector<std::string>(std::string_view name, std::string_view value)>;

// Sets already-validated scalar values in a parameter file's text: each entry line named in
// `changes` gets the new value in place (a "name=value" line is rewritten whole), every other
// byte is kept, and names not present are appended as the lines `render_appended` returns. When
// a name is repeated in `changes` the last value wins. A UTF-8 BOM and CRLF endings are kept.
std::string apply_changes(std::string_view old_text, const Changes& changes,
                          const AppendRenderer& render_appended);

std::string_view trim(std::string_view text);
std::string_view strip_bom(std::string_view text);
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word` within edit distance 2, or empty.
std::string_view closest_of(std::string_view word, const std::vector<std::string_view>& names);

// Whole-string decimal integer (optional '-'), no spaces. False on junk or overflow.
bool parse_int64(std::string_view text, std::int64_t& out);
bool is_ipv4(std::string_view text);

// Splits on ',' and trims each item; "" gives one empty item.
std::vector<std::string_view> split_commas(std::string_view text);

}  // namespace soss::core::detail
