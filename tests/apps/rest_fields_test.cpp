// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "rest_fields.hpp"

#include "header_params.hpp"
#include "support/catch.hpp"
#include "url_codec.hpp"

using namespace soss::rest;

TEST_CASE("rest fields: entity tags", "[apps][rest]") {
  CHECK(etag_of(17) == "\"17\"");
  auto any = parse_entity_tags(" * ");
  REQUIRE(any);
  CHECK(any->any);
  auto list = parse_entity_tags("\"3\", W/\"5\" ,\"abc\"");
  REQUIRE(list);
  CHECK(list->versions == std::vector<std::uint64_t>{3, 5});
  CHECK(list->has_foreign);
  CHECK(list->matches(5));
  CHECK_FALSE(list->matches(4));
  CHECK_FALSE(parse_entity_tags("3"));
  CHECK_FALSE(parse_entity_tags("\"3"));
  CHECK_FALSE(parse_entity_tags("\"3\" \"4\""));
}

TEST_CASE("rest fields: timeout headers", "[apps][rest]") {
  soss::client::CreatePolicy p;
  std::string sec = "90", type = "resetonupdate";
  REQUIRE(apply_timeout_fields(&sec, &type, p));
  CHECK(p.timeout == std::chrono::seconds(90));
  CHECK(p.timeout_type == soss::client::TimeoutType::kResetOnUpdate);
  REQUIRE(apply_timeout_fields(nullptr, nullptr, p));
  for (std::string bad : {"-1", "x", "4294967296", ""}) {
    CHECK_FALSE(apply_timeout_fields(&bad, nullptr, p));
  }
  std::string bad_type = "Forever";
  CHECK_FALSE(apply_timeout_fields(nullptr, &bad_type, p));
}

TEST_CASE("rest fields: URL decoding, queries, paths and header parameters", "[apps][rest]") {
  CHECK(*percent_decode("a%20b%2Fc+d") == "a b/c+d");
  CHECK(*percent_decode("a+b", true) == "a b");
  CHECK_FALSE(percent_decode("%2"));
  CHECK_FALSE(percent_decode("%zz"));
  CHECK_FALSE(percent_decode("abc%"));
  CHECK(percent_encode("a b/ü") == "a%20b%2F%C3%BC");
  auto q = parse_query("cursor=a%3Db&limit=5&&flag");
  REQUIRE(q);
  CHECK(q->size() == 3);
  CHECK((*q)[0] == std::pair<std::string, std::string>{"cursor", "a=b"});
  CHECK((*q)[2].first == "flag");
  CHECK(split_path("/data/ns/k") == std::vector<std::string_view>{"data", "ns", "k"});
  CHECK(split_path("/data/") == std::vector<std::string_view>{"data"});
  CHECK(split_path("/data//k") == std::vector<std::string_view>{"data", "", "k"});
  CHECK(split_path("/").empty());
  auto h = parse_header_params(R"(Digest username="a, b", realm="r\"q", nc=00000001)", ',');
  REQUIRE(h);
  CHECK(h->token == "digest");
  CHECK(*h->get("username") == "a, b");
  CHECK(*h->get("realm") == "r\"q");
  CHECK(*h->get("nc") == "00000001");
}
