// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "resp/resp_context.hpp"

namespace soss::net::resp {

// An expiry asked for by EX/PX/EXAT/PXAT (SET, GETEX) or EXPIRE/PEXPIRE, in soss's terms: a
// timeout in whole seconds (rounded up: soss timeouts have one-second granularity), or "already
// past" (the key is to be removed).
struct Expiry {
  bool given = false;
  bool past = false;
  std::uint32_t timeout_s = 0;
};

// Converts a relative time in ms into an Expiry (at most 2^32 - 1 s; longer ones are cut to
// that). Always true.
bool expiry_from_ms(std::int64_t ms, Expiry& out);

// Parses the option at args[i] when it is EX, PX, EXAT or PXAT (with its value at i+1). Returns
// 1 when it was one (i advanced past the value), 0 when it is another option, -1 after replying
// with an error ("invalid expire time in '<command>' command", not an integer, or syntax error).
int parse_expiry_option(RespContext& ctx, std::string_view command, std::size_t& i, Expiry& out);

}  // namespace soss::net::resp
