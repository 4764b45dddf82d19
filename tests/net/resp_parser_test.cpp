// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include <random>
#include <string>
#include <vector>

#include "resp/glob.hpp"
#include "resp/resp_parser.hpp"
#include "support/catch.hpp"

using namespace soss::net::resp;
using Result = RespParser::Result;

namespace {

using Args = std::vector<std::string>;

// Feeds `input` in pieces cut at `cuts` (ascending) as a connection would: the unconsumed tail
// stays at the front of the buffer. Returns every command parsed; `error` is set on kError.
std::vector<Args> feed(RespParser& p, const std::string& input,
                       const std::vector<std::size_t>& cuts, bool& error) {
  std::vector<Args> out;
  std::string buf;
  std::size_t from = 0;
  error = false;
  auto pieces = cuts;
  pieces.push_back(input.size());
  for (std::size_t to : pieces) {
    buf.append(input, from, to - from);
    from = to;
    while (true) {
      std::size_t used = 0;
      Result r = p.parse(buf, used);
      if (r == Result::kError) {
        error = true;
        return out;
      }
      if (r == Result::kCommand && !p.args().empty()) {
        out.emplace_back(p.args().begin(), p.args().end());  // views die with the bytes
      }
      buf.erase(0, used);
      if (r == Result::kNeedMore) {
        break;
      }
    }
  }
  return out;
}

std::vector<Args> parse_all(const std::string& input, RespLimits limits = {}) {
  RespParser p(limits);
  bool error = false;
  auto out = feed(p, input, {}, error);
  REQUIRE_FALSE(error);
  return out;
}

std::string parse_error(const std::string& input, RespLimits limits = {}) {
  RespParser p(limits);
  bool error = false;
  feed(p, input, {}, error);
  REQUIRE(error);
  return p.error();
}

const std::string kPipeline =
    "*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nva\r\nl\r\n"
    "*2\r\n$3\r\nGET\r\n$3\r\nkey\r\n"
    "*0\r\n"
    "PING\r\n"
    "\r\n"
    "set \"a b\" 'c\\'d' \"\\x41\\n\"\n"
    "*1\r\n$0\r\n\r\n";

const std::vector<Args> kExpected{
    {"SET", "key", "va\r\nl"}, {"GET", "key"}, {"PING"}, {"set", "a b", "c'd", "A\n"}, {""}};

}  // namespace

TEST_CASE("resp parser reads multibulk, inline and empty commands", "[net][resp]") {
  CHECK(parse_all(kPipeline) == kExpected);
}

TEST_CASE("resp parser gives the same commands at every split point", "[net][resp]") {
  for (std::size_t cut = 0; cut <= kPipeline.size(); ++cut) {
    INFO("cut at " << cut);
    RespParser p;
    bool error = false;
    CHECK(feed(p, kPipeline, {cut}, error) == kExpected);
    CHECK_FALSE(error);
  }
  // One byte at a time.
  std::vector<std::size_t> every;
  for (std::size_t i = 1; i < kPipeline.size(); ++i) {
    every.push_back(i);
  }
  RespParser p;
  bool error = false;
  CHECK(feed(p, kPipeline, every, error) == kExpected);
}

TEST_CASE("resp parser reports how many bytes a large value needs", "[net][resp]") {
  RespParser p;
  std::string head = "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$100000\r\nxx";
  std::size_t used = 0;
  CHECK(p.parse(head, used) == Result::kNeedMore);
  CHECK(used == 0);
  CHECK(p.bytes_wanted() == head.size() - 2 + 100000 + 2);
}

TEST_CASE("resp parser enforces its limits and the grammar", "[net][resp]") {
  RespLimits small;
  small.max_bulk_bytes = 1024;
  small.max_args = 4;
  small.max_inline_bytes = 1024;
  CHECK(parse_error("*1\r\n$1025\r\n", small) == "Protocol error: invalid bulk length");
  CHECK(parse_all("*1\r\n$1024\r\n" + std::string(1024, 'x') + "\r\n", small).size() == 1);
  CHECK(parse_error("*5\r\n", small) == "Protocol error: invalid multibulk length");
  CHECK(parse_error(std::string(1100, 'a'), small) == "Protocol error: too big inline request");
  CHECK(parse_error("*" + std::string(1100, '1'), small) ==
        "Protocol error: too big mbulk count string");
  CHECK(parse_error("a b c d e\r\n", small) ==
        "Protocol error: too many arguments in inline request");
  CHECK(parse_error("*1\r\n+OK\r\n") == "Protocol error: expected '$', got '+'");
  CHECK(parse_error("*x\r\n") == "Protocol error: invalid multibulk length");
  CHECK(parse_error("*1\r\n$-1\r\n") == "Protocol error: invalid bulk length");
  // 19 digits: refused without overflowing the accumulator (UBSan caught the overflow).
  CHECK(parse_error("*9999999999999999999\r\n") == "Protocol error: invalid multibulk length");
  CHECK(parse_error("*1\r\n$9999999999999999999\r\n") == "Protocol error: invalid bulk length");
  CHECK(parse_error("*1\r\n$2\r\nabXY") == "Protocol error: expected CRLF after a bulk string");
  CHECK(parse_error("set \"abc\r\n") == "Protocol error: unbalanced quotes in request");
  CHECK(parse_error("set \"abc\"x\r\n") == "Protocol error: unbalanced quotes in request");
}

TEST_CASE("resp parser survives random and truncated input", "[net][resp]") {
  std::mt19937 rng(20261124);
  const std::string alphabet = "*$:+-\r\n0123456789abc \"'\\";
  RespLimits limits;
  limits.max_bulk_bytes = 4096;
  limits.max_args = 64;
  limits.max_inline_bytes = 4096;
  for (int round = 0; round < 3000; ++round) {
    std::string input;
    const std::size_t n = rng() % 200;
    for (std::size_t i = 0; i < n; ++i) {
      input.push_back(rng() % 4 == 0 ? static_cast<char>(rng() % 256)
                                     : alphabet[rng() % alphabet.size()]);
    }
    // Sometimes a valid pipeline cut short, with noise after it.
    if (round % 3 == 0) {
      input = kPipeline.substr(0, rng() % kPipeline.size()) + input;
    }
    std::vector<std::size_t> cuts;
    for (std::size_t c = 1; c < input.size(); c += 1 + rng() % 17) {
      cuts.push_back(c);
    }
    RespParser p(limits);
    bool error = false;
    auto commands = feed(p, input, cuts, error);
    for (const auto& c : commands) {
      CHECK(c.size() <= limits.max_args);
    }
  }
}

TEST_CASE("glob matches like Redis", "[net][resp]") {
  CHECK(glob_match("*", ""));
  CHECK(glob_match("*", "anything"));
  CHECK(glob_match("key:*", "key:12"));
  CHECK_FALSE(glob_match("key:*", "kex:12"));
  CHECK(glob_match("h?llo", "hello"));
  CHECK_FALSE(glob_match("h?llo", "hllo"));
  CHECK(glob_match("h[ae]llo", "hallo"));
  CHECK_FALSE(glob_match("h[ae]llo", "hillo"));
  CHECK(glob_match("h[^e]llo", "hallo"));
  CHECK_FALSE(glob_match("h[^e]llo", "hello"));
  CHECK(glob_match("h[a-c]llo", "hbllo"));
  CHECK(glob_match("a\\*b", "a*b"));
  CHECK_FALSE(glob_match("a\\*b", "axb"));
  CHECK(glob_match("*a*b*c*", "xxaxxbxxcxx"));
  CHECK_FALSE(glob_match("*a*b*c*", "xxaxxcxxbxx"));
}
