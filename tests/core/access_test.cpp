// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include <catch2/catch.hpp>

#include "soss/core/common/access.hpp"
#include "soss/core/store/types.hpp"

using namespace soss;
using core::AccessList;
using core::OpCode;
using core::Role;

namespace {
std::string hex(const core::Sha256Digest& d) { return core::key_hex(d); }
}  // namespace

TEST_CASE("hmac_sha256 matches RFC 4231", "[core][access]") {
  CHECK(hex(core::hmac_sha256("Jefe", "what do ya want for nothing?")) ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  // Test case 6: a key longer than the block is hashed first.
  CHECK(hex(core::hmac_sha256(std::string(131, '\xaa'),
                              "Test Using Larger Than Block-Size Key - Hash Key First")) ==
        "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST_CASE("access file: secret, users, roles and passwords", "[core][access]") {
  auto list = AccessList::parse(
      "# soss access\n"
      "secret  0123456789abcdef-store\n"
      "user ops admin op pass with spaces\n"
      "user web write w3b\n"
      "user report read sha256:" +
          hex(core::sha256("r3port")) + "\n",
      "soss_access.txt");
  REQUIRE(list);
  CHECK(list->enabled());
  CHECK(list->secret() == "0123456789abcdef-store");
  CHECK(list->check("ops", "op pass with spaces") == Role::kAdmin);
  CHECK(list->check("web", "w3b") == Role::kWrite);
  CHECK(list->check("web", "w3B") == Role::kNone);
  CHECK(list->check("report", "r3port") == Role::kRead);
  CHECK(list->check("report", "sha256:" + hex(core::sha256("r3port"))) == Role::kNone);
  CHECK(list->check("nobody", "") == Role::kNone);
  REQUIRE(list->first_admin() != nullptr);
  CHECK(list->first_admin()->name == "ops");
  CHECK_FALSE(AccessList().enabled());
}

TEST_CASE("access file errors name the file and line", "[core][access]") {
  auto error = [](std::string_view text) {
    auto r = AccessList::parse(text, "a.txt");
    REQUIRE_FALSE(r);
    CHECK(r.error().code() == StatusCode::kConfigError);
    return std::string(r.error().message());
  };
  CHECK(error("user a admin b\n") ==
        "a.txt: no 'secret' line (the store secret every host shares)");
  CHECK(error("secret short\n") == "a.txt:1: the secret must have 16 or more characters");
  CHECK(error("secret 0123456789abcdef\nuser a boss b\n") ==
        "a.txt:2: unknown role 'boss' (read, write or admin)");
  CHECK(error("secret 0123456789abcdef\nuser a read\n") ==
        "a.txt:2: expected 'user <name> <read|write|admin> <password>'");
  CHECK(error("secret 0123456789abcdef\nuser a read x\nuser a admin y\n") ==
        "a.txt:3: user 'a' is listed twice");
  CHECK(error("secret=0123456789abcdef\n") ==
        "a.txt:1: unknown entry 'secret=0123456789abcdef' (expected 'secret' or 'user')");
}

TEST_CASE("every operation needs a role; management needs admin", "[core][access]") {
  CHECK(core::required_role(OpCode::kPing) == Role::kNone);
  CHECK(core::required_role(OpCode::kAuth) == Role::kNone);
  CHECK(core::required_role(OpCode::kRead) == Role::kRead);
  CHECK(core::required_role(OpCode::kQuery) == Role::kRead);
  CHECK(core::required_role(OpCode::kGetStatus) == Role::kRead);
  CHECK(core::required_role(OpCode::kPut) == Role::kWrite);
  CHECK(core::required_role(OpCode::kLock) == Role::kWrite);
  CHECK(core::required_role(OpCode::kClearNamespace) == Role::kWrite);
  CHECK(core::required_role(OpCode::kSetParams) == Role::kAdmin);
  CHECK(core::required_role(OpCode::kLeave) == Role::kAdmin);
  CHECK(core::required_role(OpCode::kRestart) == Role::kAdmin);
}
