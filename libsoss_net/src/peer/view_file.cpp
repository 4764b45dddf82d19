// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "soss/net/view_file.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "soss/core/common/int_text.hpp"

namespace soss::net {

namespace {

Status bad_line(const std::string& path, int number, const std::string& line) {
  return Status(StatusCode::kConfigError,
                fmt::format("{}:{}: not a line of a view file: '{}'", path, number, line));
}

bool parse_u64(const std::string& word, std::uint64_t& out) {
  std::int64_t v = 0;
  if (!core::parse_strict_int64(word, v) || v < 0) {
    return false;
  }
  out = static_cast<std::uint64_t>(v);
  return true;
}

}  // namespace

Result<LastView> load_last_view(const std::string& path) {
  LastView out;
  std::ifstream in(path);
  if (!in) {
    return out;
  }
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    std::istringstream words(line);
    std::string key;
    if (!(words >> key) || key[0] == '#') {
      continue;
    }
    std::string word;
    if (key == "epoch") {
      if (!(words >> word) || !parse_u64(word, out.epoch)) {
        return bad_line(path, number, line);
      }
    } else if (key == "members") {
      while (words >> word) {
        std::uint64_t id = 0;
        if (!parse_u64(word, id) || id == 0) {
          return bad_line(path, number, line);
        }
        out.members.push_back(id);
      }
    } else {
      return bad_line(path, number, line);
    }
  }
  return out;
}

Status save_last_view(const std::string& path, const LastView& view) {
  std::string text = "# written by soss_service: the last view this host was in\n";
  text += fmt::format("epoch {}\nmembers", view.epoch);
  for (core::HostId id : view.members) {
    text += fmt::format(" {}", id);
  }
  text += "\n";
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << text;
    out.flush();
    if (!out) {
      return Status(StatusCode::kInternal, fmt::format("cannot write {}", tmp));
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    return Status(StatusCode::kInternal, fmt::format("cannot replace {}", path));
  }
  return Status::ok();
}

}  // namespace soss::net
