// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// What the fuzz targets share: an invariant check that stops the run (libFuzzer then saves the
// input), and quoting for header values the targets write back.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace soss::fuzz {

inline void require(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "fuzz: invariant broken: %s\n", what);
    std::abort();
  }
}

inline std::string quoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
    }
    out += c;
  }
  return out + "\"";
}

}  // namespace soss::fuzz
