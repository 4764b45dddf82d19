// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// soss_rest with HTTP digest authentication and with TLS, through curl.
#include "digest_auth.hpp"
#include "integration/rest_fixture.hpp"
#include "support/catch.hpp"

using namespace soss::test;

namespace {

bool have(const std::string& program) {
  if (find_program(program).empty()) {
    WARN(program + " is not installed: skipping the REST test");
    return false;
  }
  return true;
}

}  // namespace

TEST_CASE("rest: digest authentication from an htdigest file", "[integration][rest]") {
  if (!have("curl")) {
    return;
  }
  TempDir files;
  std::string htdigest = files.file("htdigest");
  write_text(htdigest, "alice:SOSS REST API:" + soss::rest::md5_hex("alice:SOSS REST API:secret") +
                           "\nbob:other realm:" + soss::rest::md5_hex("bob:other realm:pw") + "\n");
  RestFixture rest("htdigest_file " + htdigest + "\n");
  auto none = rest.curl({rest.url("/data/")});
  CHECK(none.status == 401);
  CHECK(none.header("www-authenticate").rfind("Digest realm=\"SOSS REST API\"", 0) == 0);
  CHECK(none.header("www-authenticate").find("qop=\"auth\"") != std::string::npos);

  auto right = rest.curl({"--digest", "-u", "alice:secret", "-X", "PUT", "-d", "authed",
                          rest.url("/data/auth/k?x=1")});
  CHECK(right.status == 201);
  CHECK(rest.curl({"--digest", "-u", "alice:secret", rest.url("/data/auth/k")}).body == "authed");
  CHECK(rest.curl({"--digest", "-u", "alice:wrong", rest.url("/data/auth/k")}).status == 401);
  CHECK(rest.curl({"--digest", "-u", "mallory:secret", rest.url("/data/auth/k")}).status == 401);
  CHECK(rest.curl({"--digest", "-u", "bob:pw", rest.url("/data/auth/k")}).status == 401);
  CHECK(rest.curl({"--basic", "-u", "alice:secret", rest.url("/data/auth/k")}).status == 401);
}

TEST_CASE("rest: bad configuration stops soss_rest with FILE:LINE and exit 78",
          "[integration][rest]") {
  TempDir files;
  std::string conf = files.file("soss_rest.conf");
  write_text(conf, "port 4001\nbogus_setting 1\n");
  auto r = run({SOSS_REST_BIN, "--config", conf});
  CHECK(r.exit_code == 78);
  CHECK(r.err.find(conf + ":2: unknown setting 'bogus_setting'") != std::string::npos);
  write_text(conf, "max_body_bytes lots\n");
  r = run({SOSS_REST_BIN, "--config", conf});
  CHECK(r.exit_code == 78);
  CHECK(r.err.find(conf + ":1: max_body_bytes") != std::string::npos);
  write_text(conf, "htdigest_file " + files.file("absent") + "\n");
  CHECK(run({SOSS_REST_BIN, "--config", conf}).exit_code == 78);
  CHECK(run({SOSS_REST_BIN, "--config", files.file("missing.conf")}).exit_code == 78);
  CHECK(run({SOSS_REST_BIN, "--listen", "nonsense"}).exit_code == 78);
  CHECK(run({SOSS_REST_BIN, "--help"}).exit_code == 0);
  CHECK(run({SOSS_REST_BIN, "--version"}).out.find(SOSS_VERSION) != std::string::npos);
}

TEST_CASE("rest: TLS with a self-signed certificate", "[integration][rest]") {
  if (!have("curl") || !have("openssl")) {
    return;
  }
  TempDir files;
  std::string cert = files.file("cert.pem");
  std::string key = files.file("key.pem");
  auto made = run({find_program("openssl"), "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                   "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1"},
                  {}, std::chrono::seconds(60));
  REQUIRE(made.exit_code == 0);
  RestFixture rest("tls_cert_file " + cert + "\ntls_key_file " + key + "\n", true);
  auto put = rest.curl({"-k", "-X", "PUT", "-d", "over tls", rest.url("/data/tls/k")});
  CHECK(put.status == 201);
  auto get = rest.curl({"-k", rest.url("/data/tls/k")});
  CHECK(get.status == 200);
  CHECK(get.body == "over tls");
  // Without -k the self-signed certificate is refused by curl; plain HTTP gets nothing useful.
  CHECK(rest.curl({rest.url("/data/tls/k")}).status == 0);
  std::string plain = "http://127.0.0.1:" + std::to_string(rest.port()) + "/data/";
  CHECK(rest.curl({plain}).status != 200);
  CHECK(rest.curl({"-k", rest.url("/data/")}).status == 200);
}
