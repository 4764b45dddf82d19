// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// The typed JSON of `soss --json` (apps/common/json_output): one type per field, base64 for
// bytes that are not UTF-8.
#include "json_output.hpp"
#include "support/catch.hpp"

using namespace soss;
using namespace soss::apps;

TEST_CASE("is_utf8 accepts well-formed UTF-8 only", "[apps][json]") {
  CHECK(is_utf8(""));
  CHECK(is_utf8("plain ascii"));
  CHECK(is_utf8("h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x98\x80"));
  CHECK(is_utf8(std::string_view("a\0b", 3)));  // NUL is a JSON "\u0000"
  for (const char* bad : {"\xff", "\xc3", "\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80",
                          "\xf4\x90\x80\x80", "\xf8\x88\x80\x80\x80", "ok\xe2\x82"}) {
    INFO(bad);
    CHECK_FALSE(is_utf8(bad));
  }
}

TEST_CASE("base64 follows RFC 4648", "[apps][json]") {
  CHECK(base64("") == "");
  CHECK(base64("f") == "Zg==");
  CHECK(base64("fo") == "Zm8=");
  CHECK(base64("foo") == "Zm9v");
  CHECK(base64("foobar") == "Zm9vYmFy");
  CHECK(base64(std::string_view("\xff\xfe\x00"
                                "a",
                                4)) == "//4AYQ==");
}

TEST_CASE("put_bytes sets exactly one of name and name_base64", "[apps][json]") {
  nlohmann::json text;
  put_bytes(text, "value", "h\xc3\xa9llo");
  CHECK(text == nlohmann::json{{"value", "h\xc3\xa9llo"}});
  nlohmann::json binary;
  put_bytes(binary, "value", "\xff\xfe");
  CHECK(binary == nlohmann::json{{"value_base64", "//4="}});
}

TEST_CASE("number_field: decimal text is a number, anything else stays text", "[apps][json]") {
  CHECK(number_field("0") == 0);
  CHECK(number_field("18446744073709551615").is_number_unsigned());
  CHECK(number_field("-5") == -5);
  CHECK(number_field("") == "");
  CHECK(number_field("12abc") == "12abc");
}

TEST_CASE("status_json types by field name and lists the repeated fields", "[apps][json]") {
  client::AdminReply r;
  r.fields = {{"state", "active"},
              {"version", "1.2.3"},
              {"host_id", "11"},
              {"address", "10.0.0.1"},
              {"objects", "42"},
              {"epoch", "3"},
              {"params_file", "/etc/soss/soss_params.txt"},
              {"member", "11 10.0.0.1 721 720 512 510"},
              {"interface", "eth0 10.0.0.1/24"},
              {"interface", "eth1 10.1.0.1/24"},
              {"refused", "12 10.0.0.2: digest differs"}};
  auto j = status_json(r);
  CHECK(j["state"] == "active");
  CHECK(j["version"] == "1.2.3");
  CHECK(j["host_id"] == "11");  // a 64-bit id: text
  CHECK(j["objects"] == 42);
  CHECK(j["epoch"] == 3);
  CHECK(j["members"] == nlohmann::json::parse(R"([{"host_id": "11", "address": "10.0.0.1",
      "svr_port": 721, "mgt_port": 720, "primaries": 512, "replicas": 510}])"));
  CHECK(j["interfaces"].size() == 2);
  CHECK(j["refused"] == nlohmann::json::array({"12 10.0.0.2: digest differs"}));

  client::AdminReply lone;
  lone.fields = {{"state", "inactive"}};
  auto k = status_json(lone);
  CHECK(k["members"].is_array());  // present and empty, not missing
  CHECK(k["interfaces"].empty());
}

TEST_CASE("params_json types by the parameter registry", "[apps][json]") {
  client::AdminReply r;
  r.fields = {{"lock_timeout", "90"}, {"svr_port", "721"},           {"use_multicast", "0"},
              {"auto_join", "1"},     {"net_interface", "10.0.0.1"}, {"log_level", "info"},
              {"not_a_param", "7"}};
  auto j = params_json(r);
  CHECK(j["lock_timeout"] == 90);
  CHECK(j["svr_port"] == 721);
  CHECK(j["use_multicast"] == false);
  CHECK(j["auto_join"] == true);
  CHECK(j["net_interface"] == "10.0.0.1");
  CHECK(j["not_a_param"] == "7");  // unknown to this CLI: the text as sent
}
