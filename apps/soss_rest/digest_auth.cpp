// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "digest_auth.hpp"

#include <array>
#include <charconv>
#include <utility>

#include <fmt/format.h>

#include "digest_crypto.hpp"
#include "header_params.hpp"
#include "http_message.hpp"
#include "soss/core/common/sha256.hpp"

namespace soss::rest {
namespace {

constexpr std::size_t kMaxSeenNonces = 100000;

template <typename Bytes>
std::string hex(const Bytes& bytes, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    out += fmt::format("{:02x}", static_cast<unsigned>(bytes[i]));
  }
  return out;
}

bool parse_hex(std::string_view s, std::uint64_t& out) {
  if (s.empty() || s.size() > 16) {
    return false;
  }
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out, 16);
  return ec == std::errc() && end == s.data() + s.size();
}

bool same(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  unsigned diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    diff |= static_cast<unsigned>(a[i] ^ b[i]);
  }
  return diff == 0;
}

std::string random_hex(std::size_t bytes) {
  std::array<std::uint8_t, 32> buf{};
  if (bytes > buf.size() || !random_bytes(buf.data(), bytes)) {
    return {};  // the caller falls back to a time-derived secret below
  }
  return hex(buf, bytes);
}

}  // namespace

std::string md5_hex(std::string_view data) {
  auto md = md5(data);
  if (!md) {
    return {};
  }
  return hex(*md, md->size());
}

std::string digest_response(std::string_view ha1, std::string_view nonce, std::string_view nc,
                            std::string_view cnonce, std::string_view qop, std::string_view method,
                            std::string_view uri) {
  std::string ha2 = md5_hex(fmt::format("{}:{}", method, uri));
  return md5_hex(fmt::format("{}:{}:{}:{}:{}:{}", ha1, nonce, nc, cnonce, qop, ha2));
}

Result<std::map<std::string, std::string>> parse_htdigest(std::string_view text,
                                                          std::string_view realm,
                                                          std::string_view file_name) {
  std::map<std::string, std::string> users;
  int line_no = 0;
  while (!text.empty()) {
    std::size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text = eol == std::string_view::npos ? std::string_view{} : text.substr(eol + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    if (trim(line).empty() || trim(line).front() == '#') {
      continue;
    }
    std::size_t c1 = line.find(':');
    std::size_t c2 = c1 == std::string_view::npos ? c1 : line.find(':', c1 + 1);
    std::uint64_t ignored = 0;
    std::string_view ha1 = c2 == std::string_view::npos ? std::string_view{} : line.substr(c2 + 1);
    if (c1 == 0 || c2 == std::string_view::npos || ha1.size() != 32 ||
        !parse_hex(ha1.substr(0, 16), ignored) || !parse_hex(ha1.substr(16), ignored)) {
      return Status(StatusCode::kConfigError,
                    fmt::format("{}:{}: expected user:realm:HA1 (32 hex digits), as written by "
                                "htdigest",
                                file_name, line_no));
    }
    if (line.substr(c1 + 1, c2 - c1 - 1) == realm) {
      users[std::string(line.substr(0, c1))] = std::string(ha1);
    }
  }
  return users;
}

DigestAuth::DigestAuth(std::string realm, std::map<std::string, std::string> users,
                       std::int64_t nonce_lifetime_s)
    : realm_(std::move(realm)), users_(std::move(users)), lifetime_s_(nonce_lifetime_s) {
  secret_ = random_hex(32);
  opaque_ = random_hex(16);
  if (secret_.empty()) {
    // No entropy from the crypto library: derive from the address of this object and the users'
    // hashes, which are secret too (nonces then only resist forgery as well as the HA1s do).
    std::string seed = fmt::format("{}", static_cast<const void*>(this));
    for (const auto& [u, h] : users_) {
      seed += h;
    }
    secret_ = hex(core::sha256(seed), 32);
    opaque_ = secret_.substr(0, 16);
  }
}

std::string DigestAuth::make_nonce(std::int64_t now_s) const {
  return make_nonce(now_s, serial_.fetch_add(1));
}

std::string DigestAuth::make_nonce(std::int64_t now_s, std::uint64_t serial) const {
  std::string t = fmt::format("{:x}.{:x}", now_s, serial);
  return t + "-" + hex(core::sha256(secret_ + ":" + t), 16);
}

std::string DigestAuth::challenge(std::int64_t now_s, bool stale) const {
  return fmt::format(R"(Digest realm="{}", qop="auth", algorithm=MD5, nonce="{}", opaque="{}"{})",
                     realm_, make_nonce(now_s), opaque_, stale ? ", stale=true" : "");
}

// The issue time and serial of a nonce; false when it is not of our shape.
bool DigestAuth::parse_nonce(std::string_view nonce, std::uint64_t& issued, std::uint64_t& serial) {
  std::size_t dot = nonce.find('.');
  std::size_t dash = nonce.find('-');
  return dot != std::string_view::npos && dash != std::string_view::npos && dot < dash &&
         parse_hex(nonce.substr(0, dot), issued) &&
         parse_hex(nonce.substr(dot + 1, dash - dot - 1), serial);
}

bool DigestAuth::nonce_fresh(std::string_view nonce, std::int64_t now_s, bool& stale) const {
  std::uint64_t issued = 0;
  std::uint64_t serial = 0;
  if (!parse_nonce(nonce, issued, serial)) {
    return false;
  }
  auto t = static_cast<std::int64_t>(issued);
  if (!same(nonce, make_nonce(t, serial)) || t > now_s + 5) {
    return false;
  }
  stale = now_s - t > lifetime_s_;
  return !stale;
}

bool DigestAuth::count_is_new(const std::string& nonce, std::uint32_t nc, std::int64_t issued_s,
                              std::int64_t now_s) {
  std::lock_guard lock(mu_);
  if (seen_.size() >= kMaxSeenNonces) {
    std::erase_if(seen_, [&](const auto& e) { return now_s - e.second.issued_s > lifetime_s_; });
  }
  if (seen_.size() >= kMaxSeenNonces) {
    seen_.clear();  // still full of live nonces: forget them rather than grow without bound
  }
  Seen& s = seen_[nonce];
  s.issued_s = issued_s;
  if (nc > s.max_nc) {
    std::uint32_t shift = nc - s.max_nc;
    s.window = shift >= 64 ? 0 : s.window << shift;
    s.window |= 1;
    s.max_nc = nc;
    return true;
  }
  std::uint32_t back = s.max_nc - nc;
  if (back >= 64 || (s.window & (std::uint64_t{1} << back)) != 0) {
    return false;
  }
  s.window |= std::uint64_t{1} << back;
  return true;
}

DigestAuth::Outcome DigestAuth::check(std::string_view authorization, std::string_view method,
                                      std::string_view uri, std::int64_t now_s) {
  auto p = parse_header_params(authorization, ',');
  if (!p || p->token != "digest") {
    return Outcome::kDenied;
  }
  auto field = [&](std::string_view name) {
    const std::string* v = p->get(name);
    return v == nullptr ? std::string() : *v;
  };
  const std::string user = field("username");
  const std::string nonce = field("nonce");
  const std::string nc = field("nc");
  const std::string algorithm = field("algorithm");
  auto found = users_.find(user);
  std::uint64_t count = 0;
  if (found == users_.end() || field("realm") != realm_ || field("uri") != uri ||
      field("qop") != "auth" || !parse_hex(nc, count) || count == 0 || count > 0xFFFFFFFFu ||
      (!algorithm.empty() && !iequals(algorithm, "MD5"))) {
    return Outcome::kDenied;
  }
  std::string expected =
      digest_response(found->second, nonce, nc, field("cnonce"), "auth", method, uri);
  if (!same(expected, field("response"))) {
    return Outcome::kDenied;
  }
  bool stale = false;
  if (!nonce_fresh(nonce, now_s, stale)) {
    return stale ? Outcome::kStale : Outcome::kDenied;
  }
  std::uint64_t issued = 0;
  std::uint64_t serial = 0;
  (void)parse_nonce(nonce, issued, serial);
  return count_is_new(nonce, static_cast<std::uint32_t>(count), static_cast<std::int64_t>(issued),
                      now_s)
             ? Outcome::kOk
             : Outcome::kDenied;
}

}  // namespace soss::rest
