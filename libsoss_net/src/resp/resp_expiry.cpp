// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "resp/resp_expiry.hpp"

#include <algorithm>
#include <chrono>
#include <limits>
#include <string>

namespace soss::net::resp {
namespace {

std::int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void invalid_time(RespContext& ctx, std::string_view command) {
  ctx.out.error("ERR invalid expire time in '" + std::string(command) + "' command");
}

}  // namespace

bool expiry_from_ms(std::int64_t ms, Expiry& out) {
  out.given = true;
  if (ms <= 0) {
    out.past = true;
    out.timeout_s = 0;
    return true;
  }
  // Redis takes any expiry that fits in int64 ms; a soss timeout holds up to 2^32 - 1 s (136
  // years), which longer ones become: the key outlives every client either way.
  const std::int64_t seconds = ms / 1000 + (ms % 1000 != 0 ? 1 : 0);
  constexpr std::int64_t kLongest = std::numeric_limits<std::uint32_t>::max();
  out.past = false;
  out.timeout_s = static_cast<std::uint32_t>(std::min(seconds, kLongest));
  return true;
}

int parse_expiry_option(RespContext& ctx, std::string_view command, std::size_t& i, Expiry& out) {
  const std::string_view opt = ctx.args[i];
  const bool ex = equals_ci(opt, "ex");
  const bool px = equals_ci(opt, "px");
  const bool exat = equals_ci(opt, "exat");
  const bool pxat = equals_ci(opt, "pxat");
  if (!ex && !px && !exat && !pxat) {
    return 0;
  }
  if (out.given || i + 1 >= ctx.args.size()) {
    ctx.out.error("ERR syntax error");
    return -1;
  }
  std::int64_t v = 0;
  if (!ctx.integer_arg(ctx.args[i + 1], v)) {
    return -1;
  }
  constexpr std::int64_t kMaxSeconds = std::numeric_limits<std::int64_t>::max() / 1000;
  if (v <= 0 || ((ex || exat) && v > kMaxSeconds)) {
    invalid_time(ctx, command);
    return -1;
  }
  std::int64_t ms = (ex || exat) ? v * 1000 : v;
  if (exat || pxat) {
    ms -= wall_ms();
  }
  if (!expiry_from_ms(ms, out)) {
    invalid_time(ctx, command);
    return -1;
  }
  i += 2;
  return 1;
}

}  // namespace soss::net::resp
