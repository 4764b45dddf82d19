// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// The RESP command parser (libsoss_net/src/resp/resp_parser.cpp): the input is what a client
// sends on one connection. Checks, beyond "no crash":
//   - parse() never reports consumed > the bytes it was given;
//   - feeding the input whole or in small pieces (as reads arrive) gives the same commands and
//     the same error, also with small limits that the fuzzer can reach;
//   - every command re-encoded as a multibulk parses back, whole, to the same arguments.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.hpp"
#include "resp/resp_parser.hpp"

namespace {

using soss::fuzz::require;

using soss::net::resp::RespLimits;
using soss::net::resp::RespParser;
using Args = std::vector<std::string>;

struct Outcome {
  std::vector<Args> commands;
  bool error = false;
  std::string message;
};

// Feeds `input` `step` bytes at a time as a connection does: the unconsumed tail stays at the
// front of the buffer and parse() runs until it needs more.
Outcome feed(std::string_view input, std::size_t step, RespLimits limits) {
  RespParser p(limits);
  Outcome out;
  std::string buf;
  for (std::size_t from = 0; from < input.size(); from += step) {
    buf.append(input.substr(from, step));
    while (true) {
      std::size_t used = 0;
      RespParser::Result r = p.parse(buf, used);
      if (r == RespParser::Result::kError) {
        require(!p.error().empty(), "an error says why");
        out.error = true;
        out.message = p.error();
        return out;
      }
      require(used <= buf.size(), "consumed <= size");
      if (r == RespParser::Result::kCommand && !p.args().empty()) {
        out.commands.emplace_back(p.args().begin(), p.args().end());
      }
      buf.erase(0, used);
      if (r == RespParser::Result::kNeedMore) {
        break;
      }
      p.begin_batch();
    }
  }
  return out;
}

std::string encode_multibulk(const Args& args) {
  std::string out = "*" + std::to_string(args.size()) + "\r\n";
  for (const std::string& a : args) {
    out += "$" + std::to_string(a.size()) + "\r\n" + a + "\r\n";
  }
  return out;
}

void check_reencoded(const Args& args) {
  std::string wire = encode_multibulk(args);
  RespParser p;
  std::size_t used = 0;
  require(p.parse(wire, used) == RespParser::Result::kCommand, "a re-encoded command parses");
  require(used == wire.size(), "a re-encoded command is consumed whole");
  require(Args(p.args().begin(), p.args().end()) == args, "a re-encoded command round-trips");
}

bool same(const Outcome& a, const Outcome& b) {
  return a.commands == b.commands && a.error == b.error && a.message == b.message;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  Outcome whole = feed(input, size == 0 ? 1 : size, RespLimits{});
  for (const Args& args : whole.commands) {
    check_reencoded(args);
  }
  // The piece size varies with the input so that every cut position gets tried.
  const std::size_t step = 1 + size % 7;
  require(same(feed(input, step, RespLimits{}), whole), "pieces parse as the whole input");
  RespLimits small;
  small.max_bulk_bytes = 16;
  small.max_args = 4;
  small.max_inline_bytes = 32;
  require(same(feed(input, step, small), feed(input, size == 0 ? 1 : size, small)),
          "pieces parse as the whole input under small limits");
  return 0;
}
