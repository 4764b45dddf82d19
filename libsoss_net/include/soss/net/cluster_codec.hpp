// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "soss/core/cluster/cluster_message.hpp"
#include "soss/core/common/status.hpp"
#include "soss/net/frame.hpp"

namespace soss::net {

// Host-to-host frames (docs/protocol.md, "Host-to-host traffic"). They use the client frame
// header; their opcodes are never valid on svr_port or mgt_port.
inline constexpr std::uint16_t kOpPeerHello = 200;       // first frame each way on int_port
inline constexpr std::uint16_t kOpClusterMessage = 201;  // a core::ClusterMessage
inline constexpr std::uint16_t kOpAnnounce = 202;        // a discovery datagram on mgt_port
inline constexpr std::uint16_t kOpPeerProof = 203;  // the connecting side's proof of the secret

// The body of a cluster message frame, and back. Stateless and thread-safe. Malformed,
// truncated or trailing bytes, out-of-range tags, enums, bools or partition ids, and a partition
// map without exactly kPartitionCount entries decode to kProtocolError.
std::string encode_cluster(const core::ClusterMessage& message);
Result<core::ClusterMessage> decode_cluster(std::string_view body);
// Appends a whole kOpClusterMessage frame to `out`.
void append_cluster_frame(const core::ClusterMessage& message, std::string& out);

// The first frame on a host-to-host connection, sent by both sides: who I am, where my links
// listen, and the digest of my store-wide parameters (links refuse a peer whose digest differs).
// With a store secret (docs/security.md, "Host to host") it also carries a fresh random nonce,
// and the accepting side's hello the proof that it knows the secret (peer_proof()); the
// connecting side then proves it in a kOpPeerProof frame. Without one both are empty.
struct PeerHello {
  core::HostId host = 0;
  std::string address;
  std::uint16_t port = 0;
  std::string digest;
  std::string nonce;
  std::string proof;

  bool operator==(const PeerHello&) const = default;
};
void append_hello_frame(const PeerHello& hello, std::string& out);
Result<PeerHello> decode_hello(std::string_view body);
// A kOpPeerProof frame: its body is the proof's bytes.
void append_proof_frame(std::string_view proof, std::string& out);

// HMAC-SHA256(secret, label, the challenger's nonce, the responder's nonce, the prover's and the
// verifier's host ids): what one side of a link sends to show it holds the store secret. The
// label ("accept" or "connect") keeps one side's proof from being replayed as the other's.
std::string peer_proof(std::string_view secret, std::string_view label, std::string_view challenge,
                       std::string_view response, core::HostId prover, core::HostId verifier);
// 16 bytes from the system's random source, for a hello.
std::string fresh_nonce();

// Store-wide parameters as (name, value) pairs, sorted by name.
using StoreParams = std::vector<std::pair<std::string, std::string>>;

// What discovery announces every period: a host's id, addresses and store-wide parameters.
struct Announcement {
  core::HostId host = 0;
  std::string address;  // where int_port, svr_port and mgt_port listen
  std::uint16_t int_port = 0;
  std::uint16_t svr_port = 0;
  std::uint16_t mgt_port = 0;
  std::string digest;  // params_digest(params)
  StoreParams params;

  bool operator==(const Announcement&) const = default;
};
// A whole kOpAnnounce frame (one datagram).
std::string encode_announcement(const Announcement& a);
// Parses a whole datagram: header (magic, version, opcode kOpAnnounce, exact length) and body.
Result<Announcement> decode_announcement(std::string_view datagram);

// Hex SHA-256 of the params, sorted by name, as "name=value\n" lines.
std::string params_digest(StoreParams params);

}  // namespace soss::net
