// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "digest_auth.hpp"

#include <fmt/format.h>

#include "support/catch.hpp"

using namespace soss::rest;

namespace {

constexpr std::int64_t kNow = 1'800'000'000;

std::string authorization_with(const std::string& nonce, const std::string& user,
                               const std::string& password, const std::string& uri,
                               const std::string& nc, const std::string& method = "GET") {
  std::string ha1 = md5_hex(user + ":SOSS REST API:" + password);
  std::string response = digest_response(ha1, nonce, nc, "c0ffee", "auth", method, uri);
  return fmt::format(R"(Digest username="{}", realm="SOSS REST API", nonce="{}", uri="{}", )"
                     R"(algorithm=MD5, response="{}", qop=auth, nc={}, cnonce="c0ffee")",
                     user, nonce, uri, response, nc);
}

// With a fresh nonce of `auth` issued at `issued`.
std::string authorization(const DigestAuth& auth, const std::string& user,
                          const std::string& password, const std::string& uri,
                          const std::string& nc, std::int64_t issued = kNow) {
  return authorization_with(auth.make_nonce(issued), user, password, uri, nc);
}

DigestAuth make_auth() {
  return DigestAuth("SOSS REST API", {{"alice", md5_hex("alice:SOSS REST API:secret")}}, 300);
}

}  // namespace

TEST_CASE("digest: MD5 and the RFC 2617 example", "[apps][rest]") {
  CHECK(md5_hex("") == "d41d8cd98f00b204e9800998ecf8427e");
  std::string ha1 = md5_hex("Mufasa:testrealm@host.com:Circle Of Life");
  CHECK(digest_response(ha1, "dcd98b7102dd2f0e8b11d0f600bfb0c093", "00000001", "0a4f113b", "auth",
                        "GET", "/dir/index.html") == "6629fae49393a05397450978507c4ef1");
}

TEST_CASE("digest: htdigest files", "[apps][rest]") {
  std::string h = md5_hex("a:r:p");
  auto users = parse_htdigest("# comment\na:r:" + h + "\r\nb:other:" + h + "\n\n", "r", "f");
  REQUIRE(users);
  CHECK(users->size() == 1);
  CHECK(users->at("a") == h);
  auto bad = parse_htdigest("a:r:" + h + "\nbroken line\n", "r", "/etc/x");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().message() ==
        "/etc/x:2: expected user:realm:HA1 (32 hex digits), as written "
        "by htdigest");
  CHECK_FALSE(parse_htdigest("a:r:nothex", "r", "f"));
  CHECK_FALSE(parse_htdigest(":r:" + h, "r", "f"));
}

TEST_CASE("digest: a correct answer passes, a wrong one does not", "[apps][rest]") {
  DigestAuth auth = make_auth();
  CHECK(auth.challenge(kNow, false).find(R"(realm="SOSS REST API", qop="auth")") !=
        std::string::npos);
  CHECK(auth.challenge(kNow, true).find("stale=true") != std::string::npos);
  CHECK(auth.check(authorization(auth, "alice", "secret", "/data/x", "00000001"), "GET", "/data/x",
                   kNow) == DigestAuth::Outcome::kOk);
  CHECK(auth.check(authorization(auth, "alice", "wrong", "/data/x", "00000002"), "GET", "/data/x",
                   kNow) == DigestAuth::Outcome::kDenied);
  CHECK(auth.check(authorization(auth, "eve", "secret", "/data/x", "00000003"), "GET", "/data/x",
                   kNow) == DigestAuth::Outcome::kDenied);
  // The uri must be the request's, and the method is part of the digest.
  CHECK(auth.check(authorization(auth, "alice", "secret", "/data/x", "00000004"), "GET", "/data/y",
                   kNow) == DigestAuth::Outcome::kDenied);
  CHECK(auth.check(authorization(auth, "alice", "secret", "/data/x", "00000005"), "PUT", "/data/x",
                   kNow) == DigestAuth::Outcome::kDenied);
  CHECK(auth.check("Basic YWxpY2U6c2VjcmV0", "GET", "/data/x", kNow) ==
        DigestAuth::Outcome::kDenied);
  CHECK(auth.check("Digest garbage=\"", "GET", "/data/x", kNow) == DigestAuth::Outcome::kDenied);
}

TEST_CASE("digest: nonces expire, cannot be forged, and counts cannot be replayed",
          "[apps][rest]") {
  DigestAuth auth = make_auth();
  auto ok = [&](const std::string& h, std::int64_t now = kNow) {
    return auth.check(h, "GET", "/d", now);
  };
  std::string nonce = auth.make_nonce(kNow);
  auto with_nc = [&](const std::string& nc) {
    return authorization_with(nonce, "alice", "secret", "/d", nc);
  };
  std::string first = with_nc("00000001");
  CHECK(ok(first) == DigestAuth::Outcome::kOk);
  CHECK(ok(first) == DigestAuth::Outcome::kDenied);  // replayed nc
  CHECK(ok(with_nc("00000003")) == DigestAuth::Outcome::kOk);
  CHECK(ok(with_nc("00000002")) == DigestAuth::Outcome::kOk);  // late, but not used before
  CHECK(ok(with_nc("00000002")) == DigestAuth::Outcome::kDenied);
  CHECK(ok(with_nc("00000100")) == DigestAuth::Outcome::kOk);
  CHECK(ok(with_nc("00000004")) == DigestAuth::Outcome::kDenied);  // too far behind
  // Two clients in the same second get different nonces, each with its own counts.
  CHECK(auth.make_nonce(kNow) != auth.make_nonce(kNow));
  CHECK(ok(authorization(auth, "alice", "secret", "/d", "00000001")) == DigestAuth::Outcome::kOk);
  // A forged nonce (right shape, wrong MAC) is refused.
  std::string forged = nonce.substr(0, nonce.find('-') + 1) + std::string(32, '0');
  CHECK(ok(authorization_with(forged, "alice", "secret", "/d", "00000001")) ==
        DigestAuth::Outcome::kDenied);
  // Old nonce: stale, so the client retries with a fresh one without asking the user.
  CHECK(ok(authorization(auth, "alice", "secret", "/d", "00000001", kNow - 301)) ==
        DigestAuth::Outcome::kStale);
  // A nonce from another process (another secret) is not accepted.
  DigestAuth other = make_auth();
  CHECK(ok(authorization(other, "alice", "secret", "/d", "00000001")) ==
        DigestAuth::Outcome::kDenied);
}
