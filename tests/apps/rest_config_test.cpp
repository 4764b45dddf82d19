// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "rest_config.hpp"

#include "support/catch.hpp"

using namespace soss::rest;

TEST_CASE("rest config: defaults and every setting", "[apps][rest]") {
  auto d = parse_rest_config("", "f");
  REQUIRE(d);
  CHECK(d->listen_address == "127.0.0.1");
  CHECK(d->port == 4001);
  CHECK(d->header_timeout_s == 10);
  CHECK_FALSE(d->tls());
  CHECK_FALSE(d->digest_auth());
  auto c = parse_rest_config(
      "# comment\n\nlisten_address 0.0.0.0\nport 8080\r\n"
      "store bootstrapGateways=10.0.0.1:721,10.0.0.2:721\n"
      "params_dir /opt/soss\ntls_cert_file /c.pem\ntls_key_file /k.pem\n"
      "htdigest_file /etc/soss/.htdigest\ndigest_realm My Realm\nmax_body_bytes 1000\n"
      "max_header_bytes 2048\nheader_timeout_s 4\nrequest_timeout_s 5\nidle_timeout_s "
      "6\nmax_connections 7\n"
      "threads 3\nlog_level debug\n",
      "f");
  REQUIRE(c);
  CHECK(c->listen_address == "0.0.0.0");
  CHECK(c->port == 8080);
  CHECK(c->store == "bootstrapGateways=10.0.0.1:721,10.0.0.2:721");
  CHECK(c->params_dir == "/opt/soss");
  CHECK(c->tls());
  CHECK(c->digest_realm == "My Realm");
  CHECK(c->max_body_bytes == 1000);
  CHECK(c->max_header_bytes == 2048);
  CHECK(c->header_timeout_s == 4);
  CHECK(c->request_timeout_s == 5);
  CHECK(c->idle_timeout_s == 6);
  CHECK(c->max_connections == 7);
  CHECK(c->threads == 3);
  CHECK(c->log_level == "debug");
}

TEST_CASE("rest config: errors name the file and line", "[apps][rest]") {
  auto message = [](const std::string& text) {
    auto c = parse_rest_config(text, "/etc/soss/soss_rest.conf");
    REQUIRE_FALSE(c);
    CHECK(c.error().code() == soss::StatusCode::kConfigError);
    return std::string(c.error().message());
  };
  CHECK(message("port 1\nnope 2\n") == "/etc/soss/soss_rest.conf:2: unknown setting 'nope'");
  CHECK(message("port 70000\n") ==
        "/etc/soss/soss_rest.conf:1: port: expected a whole number in [1..65535], got '70000'");
  CHECK(message("port 1\nport 2\n") == "/etc/soss/soss_rest.conf:2: 'port' is set twice");
  CHECK(message("threads\n").find(":1: threads:") != std::string::npos);
  CHECK(message("tls_cert_file /c.pem\n").find("set both") != std::string::npos);
  CHECK(message("log_level loud\n").find("log_level") != std::string::npos);
  CHECK(message("max_header_bytes 999999\n").find("max_header_bytes") != std::string::npos);
}

TEST_CASE("rest config: --listen", "[apps][rest]") {
  RestConfig c;
  REQUIRE(apply_listen("0.0.0.0:4100", c));
  CHECK(c.listen_address == "0.0.0.0");
  CHECK(c.port == 4100);
  REQUIRE(apply_listen("[::1]:4200", c));
  CHECK(c.listen_address == "::1");
  CHECK(c.port == 4200);
  REQUIRE(apply_listen(":4300", c));
  CHECK(c.listen_address == "::1");
  CHECK(c.port == 4300);
  CHECK_FALSE(apply_listen("localhost", c));
  CHECK_FALSE(apply_listen("h:0", c));
  CHECK_FALSE(apply_listen("h:port", c));
}
