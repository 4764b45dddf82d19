// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "soss/net/frame.hpp"

#include <fmt/format.h>

namespace soss::net {
namespace {

template <typename T>
void put_le(T value, std::string& out) {
  for (std::size_t i = 0; i < sizeof(T); ++i) {
    out += static_cast<char>(static_cast<std::uint8_t>(value >> (8 * i)));
  }
}

template <typename T>
T get_le(const std::uint8_t* p) {
  T value = 0;
  for (std::size_t i = 0; i < sizeof(T); ++i) {
    value = static_cast<T>(value | (static_cast<T>(p[i]) << (8 * i)));
  }
  return value;
}

}  // namespace

void append_header(const FrameHeader& header, std::string& out) {
  put_le<std::uint32_t>(kFrameMagic, out);
  put_le<std::uint8_t>(header.version, out);
  put_le<std::uint8_t>(header.flags, out);
  put_le<std::uint16_t>(header.opcode, out);
  put_le<std::uint64_t>(header.request_id, out);
  put_le<std::uint32_t>(header.body_length, out);
}

Result<FrameHeader> parse_header(const std::uint8_t* bytes, std::uint32_t max_body) {
  auto magic = get_le<std::uint32_t>(bytes);
  if (magic != kFrameMagic) {
    return Status(StatusCode::kProtocolError, fmt::format("bad frame magic 0x{:08x}", magic));
  }
  FrameHeader h;
  h.version = bytes[4];
  h.flags = bytes[5];
  h.opcode = get_le<std::uint16_t>(bytes + 6);
  h.request_id = get_le<std::uint64_t>(bytes + 8);
  h.body_length = get_le<std::uint32_t>(bytes + 16);
  if (h.version != kProtocolVersion) {
    return Status(StatusCode::kProtocolError,
                  fmt::format("unsupported protocol version {}", h.version));
  }
  if ((h.flags & ~kFlagResponse) != 0) {
    return Status(StatusCode::kProtocolError, fmt::format("unknown frame flags 0x{:02x}", h.flags));
  }
  if (h.body_length > max_body) {
    return Status(
        StatusCode::kProtocolError,
        fmt::format("frame body of {} bytes exceeds the limit of {}", h.body_length, max_body));
  }
  return h;
}

}  // namespace soss::net
