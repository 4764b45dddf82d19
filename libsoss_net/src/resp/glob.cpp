// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "resp/glob.hpp"

#include <cstddef>

namespace soss::net::resp {
namespace {

// Matches `c` against the class starting after '[' at p[i]; sets `next` after its ']'
// (a class without ']' runs to the end of the pattern, as in Redis).
bool match_class(std::string_view p, std::size_t i, char c, std::size_t& next) {
  bool negate = i < p.size() && p[i] == '^';
  if (negate) {
    ++i;
  }
  bool hit = false;
  while (i < p.size() && p[i] != ']') {
    if (p[i] == '\\' && i + 1 < p.size()) {
      hit = hit || p[i + 1] == c;
      i += 2;
    } else if (i + 2 < p.size() && p[i + 1] == '-' && p[i + 2] != ']') {
      char lo = p[i];
      char hi = p[i + 2];
      if (lo > hi) {
        char t = lo;
        lo = hi;
        hi = t;
      }
      hit = hit || (c >= lo && c <= hi);
      i += 3;
    } else {
      hit = hit || p[i] == c;
      ++i;
    }
  }
  next = i < p.size() ? i + 1 : i;
  return negate ? !hit : hit;
}

// Whether the single-byte token at p[i] matches c; `next` is the index after the token.
bool match_one(std::string_view p, std::size_t i, char c, std::size_t& next) {
  if (p[i] == '?') {
    next = i + 1;
    return true;
  }
  if (p[i] == '[') {
    return match_class(p, i + 1, c, next);
  }
  if (p[i] == '\\' && i + 1 < p.size()) {
    next = i + 2;
    return p[i + 1] == c;
  }
  next = i + 1;
  return p[i] == c;
}

}  // namespace

// Every token but '*' matches exactly one byte, so backtracking to the last '*' is enough.
bool glob_match(std::string_view p, std::string_view t) {
  std::size_t pi = 0;
  std::size_t ti = 0;
  std::size_t star_p = std::string_view::npos;
  std::size_t star_t = 0;
  while (ti < t.size()) {
    std::size_t next = 0;
    if (pi < p.size() && p[pi] == '*') {
      star_p = ++pi;
      star_t = ti;
    } else if (pi < p.size() && match_one(p, pi, t[ti], next)) {
      pi = next;
      ++ti;
    } else if (star_p != std::string_view::npos) {
      pi = star_p;
      ti = ++star_t;
    } else {
      return false;
    }
  }
  while (pi < p.size() && p[pi] == '*') {
    ++pi;
  }
  return pi == p.size();
}

}  // namespace soss::net::resp
