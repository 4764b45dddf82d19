// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include <string>

#include "soss/client/grid_connection.hpp"
#include "support/catch.hpp"

using namespace soss::client;

TEST_CASE("connection string: gateways, retries and timeouts", "[client]") {
  auto r = parse_connection_string(
      "bootstrapGateways=ServerOne:721, 10.0.0.2:3721 ,[::1]:800,hostonly;maxRequestRetries=5;"
      "connectTimeoutMs=250;requestTimeoutMs=1500");
  INFO(r.message);
  REQUIRE(r.ok());
  REQUIRE(r.options.gateways.size() == 4);
  CHECK(r.options.gateways[0].host == "ServerOne");
  CHECK(r.options.gateways[0].port == 721);
  CHECK(r.options.gateways[1].host == "10.0.0.2");
  CHECK(r.options.gateways[1].port == 3721);
  CHECK(r.options.gateways[2].host == "::1");
  CHECK(r.options.gateways[2].port == 800);
  CHECK(r.options.gateways[3].host == "hostonly");
  CHECK(r.options.gateways[3].port == kDefaultSvrPort);
  CHECK(r.options.max_request_retries == 5);
  CHECK(r.options.connect_timeout == std::chrono::milliseconds(250));
  CHECK(r.options.request_timeout == std::chrono::milliseconds(1500));
}

TEST_CASE("connection string: defaults, case and the original's extra keys", "[client]") {
  auto r = parse_connection_string(
      " BOOTSTRAPGATEWAYS = localhost ; useSecure=false; maxPoolsize=16; eventConnectionCount=1;");
  INFO(r.message);
  REQUIRE(r.ok());
  REQUIRE(r.options.gateways.size() == 1);
  CHECK(r.options.gateways[0].host == "localhost");
  CHECK(r.options.gateways[0].port == 721);
  CHECK(r.options.max_request_retries == 2);
  CHECK(r.options.connect_timeout == std::chrono::milliseconds(2000));
  CHECK(r.options.request_timeout == std::chrono::milliseconds(0));
}

TEST_CASE("connection string: bad input is InvalidArgument with a message", "[client]") {
  struct Bad {
    const char* text;
    const char* message_part;
  };
  const Bad cases[] = {
      {"", "bootstrapGateways is required"},
      {"maxRequestRetries=1", "bootstrapGateways is required"},
      {"bootstrapGateways=", "empty entry"},
      {"bootstrapGateways=a:1,,b:2", "empty entry"},
      {"bootstrapGateways=a:", "empty port"},
      {"bootstrapGateways=:721", "no host"},
      {"bootstrapGateways=a:0", "1..65535"},
      {"bootstrapGateways=a:65536", "1..65535"},
      {"bootstrapGateways=a:12x", "1..65535"},
      {"bootstrapGateways=::1", "[address]:port"},
      {"bootstrapGateways=[::1", "closing ']'"},
      {"bootstrapGateways=a;maxRequestRetries=101", "0..100"},
      {"bootstrapGateways=a;maxRequestRetries=-1", "0..100"},
      {"bootstrapGateways=a;maxRequestRetries=", "0..100"},
      {"bootstrapGateways=a;connectTimeoutMs=0", "1..600000"},
      {"bootstrapGateways=a;requestTimeoutMs=soon", "0..86400000"},
      {"bootstrapGateways=a;useSecure=true", "not supported"},
      {"bootstrapGateways=a;useSecure=maybe", "true or false"},
      {"bootstrapGateways=a;colour=blue", "unknown key 'colour'"},
      {"bootstrapGateways=a;justakey", "not key=value"},
      {"bootstrapGateways=a;bootstrapGateways=b", "given twice"},
  };
  for (const Bad& bad : cases) {
    auto r = parse_connection_string(bad.text);
    INFO(bad.text << " -> " << r.message);
    CHECK(r.result == ResultCode::kInvalidArgument);
    CHECK(r.message.find(bad.message_part) != std::string::npos);
    CHECK(r.message.rfind("connection string: ", 0) == 0);
  }
}

TEST_CASE("connect with a bad connection string fails fast", "[client]") {
  auto c = GridConnection::connect("bootstrapGateways=a;colour=blue");
  CHECK(c.result == ResultCode::kInvalidArgument);
  CHECK(c.connection == nullptr);
  CHECK_FALSE(c.message.empty());
}

TEST_CASE("result code names", "[client]") {
  CHECK(std::string(result_code_name(ResultCode::kOk)) == "Ok");
  CHECK(std::string(result_code_name(ResultCode::kNotFound)) == "NotFound");
  CHECK(std::string(result_code_name(ResultCode::kConfigError)) == "ConfigError");
  CHECK(std::string(result_code_name(static_cast<ResultCode>(999))) == "Unknown");
  CHECK(std::string(result_code_name(static_cast<ResultCode>(-1))) == "Unknown");
  CHECK(is_success(ResultCode::kUnlocked));
  CHECK_FALSE(is_success(ResultCode::kNotFound));
}
