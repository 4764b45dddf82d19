// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// soss_rest's header parameters and Digest authentication (apps/soss_rest/header_params.cpp,
// digest_auth.cpp). If the first input byte has its top bit clear the rest is a raw header
// value / htdigest file; if set, the rest is "username\nnc\ncnonce" and the target builds a
// correctly signed Authorization header from them with a nonce (byte & 0x7f) * 4 seconds old.
// Checks, beyond "no crash":
//   - parse_header_params: the result written back (token, then name="value" pairs) parses to
//     the same result, for both separators; names are lower-case and non-empty;
//   - a raw Authorization value never authenticates (no nonce can be forged without the secret);
//   - a signed one authenticates exactly when the user, nc and nonce age are valid, is stale
//     when only the age is wrong, and a replay of it is refused;
//   - parse_htdigest only returns 32-hex-digit HA1s.
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>

#include "digest_auth.hpp"
#include "fuzz_check.hpp"
#include "header_params.hpp"

namespace {

using soss::fuzz::quoted;
using soss::fuzz::require;

using namespace soss::rest;

constexpr std::int64_t kNow = 1'000'000;
constexpr std::int64_t kLifetime = 300;
constexpr std::string_view kUri = "/data/ns/key";

const std::string& alice_ha1() {
  static const std::string ha1 = md5_hex("alice:soss:secret");
  return ha1;
}

DigestAuth& auth() {
  static DigestAuth a("soss", {{"alice", alice_ha1()}}, kLifetime);
  return a;
}

void check_params(std::string_view text, char sep) {
  auto p = parse_header_params(text, sep);
  if (!p) {
    return;
  }
  std::string again = p->token;
  for (const auto& [name, value] : p->params) {
    require(!name.empty(), "parameter names are not empty");
    for (char c : name) {
      require(std::tolower(static_cast<unsigned char>(c)) == static_cast<unsigned char>(c),
              "parameter names are lower-case");
    }
    again += sep == ',' ? (again.size() == p->token.size() ? " " : ", ") : "; ";
    again += name + "=" + quoted(value);
  }
  auto q = parse_header_params(again, sep);
  require(q && q->token == p->token && q->params == p->params,
          "header params -> render -> parse gives the same params");
}

void check_raw(std::string_view text) {
  check_params(text, ';');
  check_params(text, ',');
  require(auth().check(text, "GET", kUri, kNow) == DigestAuth::Outcome::kDenied,
          "an unsigned Authorization is denied");
  auto users = parse_htdigest(text, "soss", "htdigest");
  if (users) {
    for (const auto& [user, ha1] : *users) {
      require(
          ha1.size() == 32 && ha1.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos,
          "an HA1 is 32 hex digits");
    }
  }
}

bool valid_nc(const std::string& nc) {
  if (nc.empty() || nc.size() > 16 ||
      nc.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos) {
    return false;
  }
  std::uint64_t v = std::stoull(nc, nullptr, 16);
  return v != 0 && v <= 0xFFFFFFFFu;
}

void check_signed(std::uint8_t age_byte, std::string_view rest) {
  std::size_t a = rest.find('\n');
  std::size_t b = a == std::string_view::npos ? a : rest.find('\n', a + 1);
  std::string user(rest.substr(0, a));
  std::string nc(a == std::string_view::npos ? "" : rest.substr(a + 1, b - a - 1));
  std::string cnonce(b == std::string_view::npos ? "" : rest.substr(b + 1));
  const std::int64_t age = (age_byte & 0x7f) * 4;
  const std::string nonce = auth().make_nonce(kNow - age);
  const std::string response = digest_response(alice_ha1(), nonce, nc, cnonce, "auth", "PUT", kUri);
  const std::string header = "Digest username=" + quoted(user) +
                             ", realm=\"soss\", nonce=" + quoted(nonce) + ", uri=" + quoted(kUri) +
                             ", qop=auth, nc=" + quoted(nc) + ", cnonce=" + quoted(cnonce) +
                             ", response=" + quoted(response) + ", algorithm=MD5";
  const bool signed_ok = user == "alice" && valid_nc(nc);
  auto outcome = auth().check(header, "PUT", kUri, kNow);
  if (!signed_ok) {
    require(outcome == DigestAuth::Outcome::kDenied, "a bad user or nc is denied");
  } else if (age > kLifetime) {
    require(outcome == DigestAuth::Outcome::kStale, "an old nonce is stale");
  } else {
    require(outcome == DigestAuth::Outcome::kOk, "a signed request authenticates");
    require(auth().check(header, "PUT", kUri, kNow) == DigestAuth::Outcome::kDenied,
            "a replay is denied");
  }
  require(auth().check(header, "GET", kUri, kNow) == DigestAuth::Outcome::kDenied,
          "a signature covers the method");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) {
    return 0;
  }
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  if ((data[0] & 0x80) == 0) {
    check_raw(rest);
  } else {
    check_signed(data[0], rest);
  }
  return 0;
}
