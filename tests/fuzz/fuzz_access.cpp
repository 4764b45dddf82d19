// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// The access-file parser of libsoss_core (access.cpp): the input is the text of the file that
// auth_file names. Checks, beyond "no crash":
//   - a rejected file is kConfigError naming the file ("access.txt:LINE: reason" or
//     "access.txt: no 'secret' line");
//   - an accepted one has a secret of 16 or more characters and users with a role and unique
//     names; each user with a plain password gets its role for that password and none for any
//     other, and an unknown user gets none.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "soss/core/common/access.hpp"

namespace {

using soss::fuzz::require;
using namespace soss::core;

void check_access_file(std::string_view text) {
  auto parsed = AccessList::parse(text, "access.txt");
  if (!parsed) {
    require(parsed.error().code() == soss::StatusCode::kConfigError, "a bad file is kConfigError");
    require(parsed.error().message().substr(0, 11) == "access.txt:", "the error names the file");
    return;
  }
  const AccessList& list = *parsed;
  require(list.enabled() && list.secret().size() >= 16, "an accepted file has a long secret");
  std::set<std::string> names;
  for (const AccessUser& u : list.users()) {
    require(u.role != Role::kNone, "every user has a role");
    require(names.insert(u.name).second, "user names are unique");
    if (u.password.rfind("sha256:", 0) != 0) {
      require(list.check(u.name, u.password) == u.role, "the right password gives the role");
      require(list.check(u.name, u.password + "x") == Role::kNone, "another password gives none");
    }
  }
  require(list.check("\x01no such user", "") == Role::kNone || names.count("\x01no such user") > 0,
          "an unknown user gets no role");
  if (const AccessUser* admin = list.first_admin(); admin != nullptr) {
    require(admin->role == Role::kAdmin, "first_admin is an admin");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  check_access_file(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
