// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "soss/core/common/status.hpp"

namespace soss::rest {

// Lower-case hex MD5 of `data` (digest_crypto.hpp).
std::string md5_hex(std::string_view data);

// The request-digest of RFC 7616 §3.4.1 for algorithm MD5 and qop "auth":
// MD5(HA1:nonce:nc:cnonce:qop:MD5(method:uri)).
std::string digest_response(std::string_view ha1, std::string_view nonce, std::string_view nc,
                            std::string_view cnonce, std::string_view qop, std::string_view method,
                            std::string_view uri);

// The users of `realm` in an Apache htdigest file ("user:realm:HA1" lines, as written by
// `htdigest`): user -> HA1. Lines of other realms are skipped; kConfigError "FILE:LINE: reason"
// for a malformed line.
Result<std::map<std::string, std::string>> parse_htdigest(std::string_view text,
                                                          std::string_view realm,
                                                          std::string_view file_name);

// HTTP Digest authentication (RFC 7616, MD5, qop=auth) against the users of one realm.
// Nonces are stateless: "<issue time>.<serial>-<SHA-256 of a per-process secret, the time and
// the serial>" (the serial makes every nonce unique, even within a second), valid
// for `nonce_lifetime_s`; an expired one is answered with stale=true so clients retry
// silently. Each nonce's nc must grow (replays are refused); the table of seen nonces is
// bounded. Thread-safe.
class DigestAuth {
 public:
  enum class Outcome { kOk, kDenied, kStale };

  DigestAuth(std::string realm, std::map<std::string, std::string> users,
             std::int64_t nonce_lifetime_s = 300);

  // Checks an Authorization header value for `method` and the request target `uri`.
  Outcome check(std::string_view authorization, std::string_view method, std::string_view uri,
                std::int64_t now_s);
  // The WWW-Authenticate value of a 401.
  std::string challenge(std::int64_t now_s, bool stale) const;
  std::string make_nonce(std::int64_t now_s) const;
  // The nonce with this time and serial (tests use it to forge and replay).
  std::string make_nonce(std::int64_t now_s, std::uint64_t serial) const;

 private:
  static bool parse_nonce(std::string_view nonce, std::uint64_t& issued, std::uint64_t& serial);
  bool nonce_fresh(std::string_view nonce, std::int64_t now_s, bool& stale) const;
  bool count_is_new(const std::string& nonce, std::uint32_t nc, std::int64_t issued_s,
                    std::int64_t now_s);

  std::string realm_;
  std::map<std::string, std::string> users_;
  std::int64_t lifetime_s_;
  std::string secret_;
  std::string opaque_;
  mutable std::atomic<std::uint64_t> serial_{0};
  std::mutex mu_;
  // Per nonce: the highest nc used and which of the 64 counts below it were used (requests on
  // several connections may arrive out of order).
  struct Seen {
    std::uint32_t max_nc = 0;
    std::uint64_t window = 0;
    std::int64_t issued_s = 0;
  };
  std::map<std::string, Seen> seen_;  // guarded by mu_
};

}  // namespace soss::rest
