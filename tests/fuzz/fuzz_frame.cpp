// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// Native protocol frames (libsoss_net frame.cpp and codec.cpp): the input is one whole frame, a
// 20-byte header then the body. Checks, beyond "no crash, no UB, no leak":
//   - a header that parses re-encodes to the same 20 bytes, and a rejected one is kProtocolError;
//   - a body that decodes re-encodes to exactly the same bytes (the codec is canonical: every
//     field has one encoding, enums and bools are range-checked, trailing bytes are refused);
//   - the reusable FrameDecoder of a connection agrees with the free functions on every input,
//     including after earlier inputs failed half way (no state leaks between frames).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "soss/net/codec.hpp"
#include "soss/net/frame.hpp"

namespace {

using soss::fuzz::require;

using soss::StatusCode;
using namespace soss::net;

FrameDecoder& shared_decoder() {
  static FrameDecoder decoder;  // as one connection: reused for every input
  return decoder;
}

void check_header(const std::uint8_t* data, const FrameHeader& h) {
  std::string again;
  append_header(h, again);
  require(again.size() == kFrameHeaderBytes, "a header is 20 bytes");
  require(std::string_view(again) ==
              std::string_view(reinterpret_cast<const char*>(data), kFrameHeaderBytes),
          "header -> parse -> append_header gives the same bytes");
}

void check_request(const FrameHeader& h, std::string_view body) {
  auto r = decode_request(h, body);
  auto shared = shared_decoder().request(h, body);
  require(r.has_value() == shared.has_value(), "FrameDecoder agrees with decode_request");
  if (!r) {
    require(r.error().code() == StatusCode::kProtocolError, "bad requests are kProtocolError");
    return;
  }
  std::string frame;
  encode_request(h.request_id, *r, frame);
  require(std::string_view(frame).substr(kFrameHeaderBytes) == body,
          "request body -> decode -> encode gives the same bytes");
  std::string frame2;
  encode_request(h.request_id, *shared, frame2);
  require(frame == frame2, "FrameDecoder decodes the same request");
  auto header = parse_header(reinterpret_cast<const std::uint8_t*>(frame.data()), UINT32_MAX);
  require(header.has_value() && header->opcode == h.opcode && header->body_length == body.size() &&
              header->flags == 0,
          "an encoded request has a valid header");
}

void check_response(std::string_view body, std::uint16_t opcode) {
  auto r = decode_response(body);
  auto shared = shared_decoder().response(body);
  require(r.has_value() == shared.has_value(), "FrameDecoder agrees with decode_response");
  if (!r) {
    require(r.error().code() == StatusCode::kProtocolError, "bad responses are kProtocolError");
    return;
  }
  std::string frame;
  encode_response(1, static_cast<soss::core::OpCode>(opcode), *r, frame);
  require(std::string_view(frame).substr(kFrameHeaderBytes) == body,
          "response body -> decode -> encode gives the same bytes");
  std::string frame2;
  encode_response(1, static_cast<soss::core::OpCode>(opcode), *shared, frame2);
  require(frame == frame2, "FrameDecoder decodes the same response");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < kFrameHeaderBytes) {
    return 0;
  }
  // A small limit as well as the default one, so the length check is reached.
  auto small = parse_header(data, 64);
  auto h = parse_header(data, kDefaultMaxFrameBytes);
  require(!small || h, "a header within 64 bytes is within the default limit");
  if (!h) {
    require(h.error().code() == StatusCode::kProtocolError, "bad headers are kProtocolError");
    return 0;
  }
  check_header(data, *h);
  require(small.has_value() == (h->body_length <= 64), "the body limit is body_length <= max");
  // The body is what follows the header, as much of body_length as the input holds: a
  // connection hands the decoder exactly body_length bytes, and a short body must fail cleanly.
  std::string_view rest(reinterpret_cast<const char*>(data) + kFrameHeaderBytes,
                        size - kFrameHeaderBytes);
  std::string_view body = rest.substr(0, h->body_length);
  if ((h->flags & kFlagResponse) != 0) {
    check_response(body, h->opcode);
  } else {
    check_request(*h, body);
  }
  return 0;
}
