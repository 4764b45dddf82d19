// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "soss/core/common/status.hpp"
#include "soss/core/store/request.hpp"
#include "soss/net/frame.hpp"

namespace soss::net {

// Encodes whole frames (header + cereal body) and decodes bodies. cereal stays behind this API.
// Stateless and thread-safe.

// Appends one request frame to `out`.
void encode_request(std::uint64_t request_id, const core::Request& request, std::string& out);
// Appends one response frame for `op` to `out`.
void encode_response(std::uint64_t request_id, core::OpCode op, const core::Response& response,
                     std::string& out);

// Decodes a request body. The opcode comes from the header and must be known. Malformed or
// truncated bodies, out-of-range enum values and trailing bytes are kProtocolError.
Result<core::Request> decode_request(const FrameHeader& header, std::string_view body);
Result<core::Response> decode_response(std::string_view body);

}  // namespace soss::net
