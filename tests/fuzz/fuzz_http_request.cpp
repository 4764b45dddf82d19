// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// soss_rest's HTTP request parser (apps/soss_rest/request_parser.cpp over http-parser): the input
// is what a client sends on one connection. Checks, beyond "no crash":
//   - feeding the input whole or in small pieces gives the same requests (method, target, path,
//     query, headers, body, keep-alive) and the same error status (400 and 431 may swap, below);
//   - every request keeps within ParserLimits, its target starts with '/', and its path and
//     query are the target's own parts;
//   - an error status is one of those the connection knows how to answer.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.hpp"
#include "request_parser.hpp"

namespace {

using soss::fuzz::require;

using namespace soss::rest;

struct Outcome {
  std::vector<HttpRequest> requests;
  int error_status = 0;
};

bool same_request(const HttpRequest& a, const HttpRequest& b) {
  return a.method == b.method && a.target == b.target && a.path == b.path && a.query == b.query &&
         a.headers == b.headers && a.body == b.body && a.keep_alive == b.keep_alive;
}

// http-parser reports a header's bytes when the header (or the piece fed) ends, and drops them
// when a malformed byte ends it first: so a request both too large and malformed can be 431 in
// pieces and 400 whole. Either way the connection answers an error and closes.
bool same_status(int a, int b) {
  return a == b || (a == 431 && b == 400) || (a == 400 && b == 431);
}

bool same(const Outcome& a, const Outcome& b) {
  if (!same_status(a.error_status, b.error_status) || a.requests.size() != b.requests.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.requests.size(); ++i) {
    if (!same_request(a.requests[i], b.requests[i])) {
      return false;
    }
  }
  return true;
}

void check_request(const HttpRequest& r, const ParserLimits& limits) {
  require(r.body.size() <= limits.max_body_bytes, "body within max_body_bytes");
  require(r.target.size() <= limits.max_header_bytes, "target within max_header_bytes");
  require(!r.target.empty() && r.target[0] == '/', "the target is origin-form");
  require(r.target.find(r.path) != std::string::npos, "the path is part of the target");
  require(r.target.find(r.query) != std::string::npos, "the query is part of the target");
  require(!r.method.empty(), "a request has a method");
}

Outcome feed(std::string_view input, std::size_t step, const ParserLimits& limits) {
  RequestParser p(limits);
  Outcome out;
  for (std::size_t from = 0; from < input.size() && !p.failed(); from += step) {
    std::string_view piece = input.substr(from, step);
    bool ok = p.feed(piece.data(), piece.size());
    require(ok == !p.failed(), "feed() returns !failed()");
    (void)p.take_continue_request();
    while (p.has_request()) {
      out.requests.push_back(p.take_request());
      check_request(out.requests.back(), limits);
    }
  }
  out.error_status = p.error_status();
  if (p.failed()) {
    const int s = p.error_status();
    require(s == 400 || s == 413 || s == 417 || s == 431 || s == 501 || s == 505,
            "a known error status");
    require(!p.error_message().empty(), "an error says why");
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t whole = size == 0 ? 1 : size;
  // Small limits so that the fuzzer reaches the 413 and 431 paths with small inputs.
  ParserLimits small;
  small.max_header_bytes = 256;
  small.max_body_bytes = 64;
  Outcome all = feed(input, whole, small);
  Outcome pieces = feed(input, 1 + size % 5, small);
  if (!same(pieces, all)) {
    std::fprintf(stderr, "whole: %zu requests, status %d; pieces of %zu: %zu requests, status %d\n",
                 all.requests.size(), all.error_status, 1 + size % 5, pieces.requests.size(),
                 pieces.error_status);
  }
  require(same(pieces, all), "pieces parse as the whole input");
  (void)feed(input, whole, ParserLimits{});
  return 0;
}
