// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "soss/core/common/status.hpp"

namespace soss::net {

// Wire protocol v1 frame header (docs/protocol.md), 20 bytes, little-endian:
//   0  u32 magic 0x53534F53 ("SOSS" read as bytes 53 4F 53 53)
//   4  u8  version (1)
//   5  u8  flags (bit 0: response)
//   6  u16 opcode
//   8  u64 request id (chosen by the client, echoed in the reply)
//   16 u32 body length (bytes after the header)
inline constexpr std::uint32_t kFrameMagic = 0x53534F53;
inline constexpr std::uint8_t kProtocolVersion = 1;
inline constexpr std::size_t kFrameHeaderBytes = 20;
inline constexpr std::uint8_t kFlagResponse = 0x01;
// Default cap on a frame body: the largest object (32 MiB) plus room for metadata.
inline constexpr std::uint32_t kDefaultMaxFrameBytes = (32u << 20) + (1u << 20);

struct FrameHeader {
  std::uint8_t version = kProtocolVersion;
  std::uint8_t flags = 0;
  std::uint16_t opcode = 0;
  std::uint64_t request_id = 0;
  std::uint32_t body_length = 0;
};

// Appends the 20 header bytes to `out`.
void append_header(const FrameHeader& header, std::string& out);

// Parses and checks a header: magic, version, known flags and body_length <= max_body.
// Errors are kProtocolError with the reason.
Result<FrameHeader> parse_header(const std::uint8_t* bytes, std::uint32_t max_body);

}  // namespace soss::net
