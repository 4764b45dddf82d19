// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include <cctype>
#include <set>
#include <string>

#include "resp/resp_commands.hpp"
#include "support/catch.hpp"

using namespace soss::net::resp;

TEST_CASE("resp: every command is found by its name in any letter case", "[net][resp]") {
  REQUIRE(command_count() > 30);
  std::set<std::string> names;
  for (std::size_t i = 0; i < command_count(); ++i) {
    const RespCommand& cmd = command_at(i);
    names.insert(std::string(cmd.name));
    std::string upper(cmd.name);
    for (char& c : upper) {
      c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    std::string mixed(cmd.name);
    mixed[0] = upper[0];
    CHECK(find_command(cmd.name) == &cmd);
    CHECK(find_command(upper) == &cmd);
    CHECK(find_command(mixed) == &cmd);
  }
  CHECK(names.size() == command_count());
}

TEST_CASE("resp: names that are not commands are not found", "[net][resp]") {
  const std::string names[] = {"",
                               "g",
                               "ge",
                               "gett",
                               "sett",
                               "xset",
                               "nosuch",
                               "mgetx",
                               "incrbyfloat",
                               "a-name-longer-than-sixteen-bytes",
                               std::string("get\0", 4)};
  for (const std::string& name : names) {
    CAPTURE(name);
    CHECK(find_command(name) == nullptr);
  }
  // Every prefix and one-letter change of a real name is either another command or unknown.
  for (std::size_t i = 0; i < command_count(); ++i) {
    const std::string name(command_at(i).name);
    for (std::size_t len = 0; len < name.size(); ++len) {
      const RespCommand* found = find_command(name.substr(0, len));
      CHECK((found == nullptr || found->name == name.substr(0, len)));
    }
    std::string changed = name;
    changed.back() = changed.back() == 'z' ? 'y' : 'z';
    const RespCommand* found = find_command(changed);
    CHECK((found == nullptr || found->name == changed));
  }
}
