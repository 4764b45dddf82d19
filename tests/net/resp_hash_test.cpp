// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include <string>

#include "resp/resp_hash.hpp"
#include "support/catch.hpp"

using namespace soss::net::resp;

TEST_CASE("resp hash: the encoding round-trips, fields in order", "[net][resp]") {
  HashMap map{{"b", "2"}, {"a", std::string(200, 'x')}, {"", ""}, {std::string("\0z", 2), "v"}};
  std::string bytes;
  encode_hash(map, bytes);
  REQUIRE(bytes.substr(0, 2) == std::string("H\x01", 2));
  CHECK(bytes.substr(2, 2) == std::string("\0\0", 2));  // "" -> "" comes first
  HashMap back;
  REQUIRE(decode_hash(bytes, back));
  CHECK(back == map);
  encode_hash({}, bytes);
  CHECK(bytes == std::string("H\x01", 2));
  REQUIRE(decode_hash(bytes, back));
  CHECK(back.empty());
}

TEST_CASE("resp hash: values that are not a version-1 encoding are refused", "[net][resp]") {
  HashMap back;
  std::string good;
  encode_hash({{"f", "v"}}, good);
  CHECK_FALSE(decode_hash("", back));
  CHECK_FALSE(decode_hash("H", back));
  CHECK_FALSE(decode_hash(std::string("H\x02", 2), back));
  CHECK_FALSE(decode_hash("plain string", back));
  CHECK_FALSE(decode_hash(good.substr(0, good.size() - 1), back));
  CHECK_FALSE(decode_hash(good + "\x05", back));
  CHECK_FALSE(decode_hash(std::string("H\x01\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff", 12), back));
}
