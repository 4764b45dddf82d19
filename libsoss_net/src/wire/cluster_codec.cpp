// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "soss/net/cluster_codec.hpp"

#include <algorithm>
#include <cstring>
#include <exception>
#include <istream>
#include <random>
#include <sstream>

#include <cereal/archives/binary.hpp>
#include <fmt/format.h>

#include "soss/core/common/access.hpp"
#include "soss/core/common/sha256.hpp"
#include "wire/cluster_wire.hpp"
#include "wire/wire_list.hpp"

namespace soss::net {
namespace {

// An istream buffer over a byte range that also reports the bytes left (for count checks).
class ViewBuf final : public std::streambuf, public detail::DecodeContext {
 public:
  explicit ViewBuf(std::string_view body) {
    char* p = const_cast<char*>(body.data());  // read-only: no put area is set
    setg(p, p, p + body.size());
  }
  std::size_t remaining() const override { return static_cast<std::size_t>(egptr() - gptr()); }
};

// Decodes exactly `body` with `load_fn`; any exception or trailing byte is kProtocolError.
template <typename T, typename F>
Result<T> decode_body(std::string_view body, const char* what, F&& load_fn) {
  ViewBuf buf(body);
  std::istream is(&buf);
  detail::WireInArchive ar(is, buf);
  T value{};
  try {
    load_fn(ar, value);
  } catch (const std::exception& e) {
    return Status(StatusCode::kProtocolError, fmt::format("malformed {}: {}", what, e.what()));
  }
  if (buf.remaining() != 0) {
    return Status(StatusCode::kProtocolError,
                  fmt::format("{} trailing bytes after the {}", buf.remaining(), what));
  }
  return value;
}

template <typename F>
std::string encode_body(F&& save_fn) {
  std::ostringstream os;
  {
    cereal::BinaryOutputArchive ar(os);
    save_fn(ar);
  }
  return std::move(os).str();
}

void append_frame(std::uint16_t opcode, const std::string& body, std::string& out) {
  FrameHeader h;
  h.opcode = opcode;
  h.body_length = static_cast<std::uint32_t>(body.size());
  append_header(h, out);
  out += body;
}

using Out = cereal::BinaryOutputArchive;
using In = cereal::BinaryInputArchive;

void save_params(Out& ar, const StoreParams& params) {
  detail::save_list(ar, params, [](Out& a, const auto& kv) {
    detail::save_str(a, kv.first);
    detail::save_str(a, kv.second);
  });
}

void load_params(In& ar, StoreParams& params) {
  detail::load_list(ar, params, 8, [](In& a, auto& kv) {
    detail::load_str(a, kv.first);
    detail::load_str(a, kv.second);
  });
}

}  // namespace

std::string encode_cluster(const core::ClusterMessage& message) {
  return encode_body([&](Out& ar) { core::save_cluster(ar, message); });
}

Result<core::ClusterMessage> decode_cluster(std::string_view body) {
  return decode_body<core::ClusterMessage>(
      body, "cluster message", [](In& ar, core::ClusterMessage& m) { core::load_cluster(ar, m); });
}

void append_cluster_frame(const core::ClusterMessage& message, std::string& out) {
  append_frame(kOpClusterMessage, encode_cluster(message), out);
}

void append_hello_frame(const PeerHello& hello, std::string& out) {
  std::string body = encode_body([&](Out& ar) {
    ar(hello.host);
    detail::save_str(ar, hello.address);
    ar(hello.port);
    detail::save_str(ar, hello.digest);
    detail::save_str(ar, hello.nonce);
    detail::save_str(ar, hello.proof);
  });
  append_frame(kOpPeerHello, body, out);
}

void append_proof_frame(std::string_view proof, std::string& out) {
  append_frame(kOpPeerProof, std::string(proof), out);
}

std::string peer_proof(std::string_view secret, std::string_view label, std::string_view challenge,
                       std::string_view response, core::HostId prover, core::HostId verifier) {
  // Length-prefixed parts, so that no two different inputs make the same message.
  std::string message;
  for (std::string_view part : {std::string_view("soss-int-port"), label, challenge, response}) {
    message += std::to_string(part.size());
    message += ':';
    message.append(part);
  }
  message += fmt::format("{}>{}", prover, verifier);
  const core::Sha256Digest mac = core::hmac_sha256(secret, message);
  return std::string(reinterpret_cast<const char*>(mac.data()), mac.size());
}

std::string fresh_nonce() {
  std::random_device random;  // /dev/urandom (or the CPU's generator) on the supported systems
  std::string nonce(16, '\0');
  for (std::size_t i = 0; i < nonce.size(); i += 4) {
    const std::uint32_t word = random();
    std::memcpy(nonce.data() + i, &word, 4);
  }
  return nonce;
}

Result<PeerHello> decode_hello(std::string_view body) {
  return decode_body<PeerHello>(body, "peer hello", [](In& ar, PeerHello& h) {
    ar(h.host);
    detail::load_str(ar, h.address);
    ar(h.port);
    detail::load_str(ar, h.digest);
    detail::load_str(ar, h.nonce);
    detail::load_str(ar, h.proof);
  });
}

std::string encode_announcement(const Announcement& a) {
  std::string body = encode_body([&](Out& ar) {
    ar(a.host);
    detail::save_str(ar, a.address);
    ar(a.int_port, a.svr_port, a.mgt_port);
    detail::save_str(ar, a.digest);
    save_params(ar, a.params);
  });
  std::string out;
  append_frame(kOpAnnounce, body, out);
  return out;
}

Result<Announcement> decode_announcement(std::string_view datagram) {
  if (datagram.size() < kFrameHeaderBytes) {
    return Status(StatusCode::kProtocolError, "datagram shorter than a frame header");
  }
  auto header = parse_header(reinterpret_cast<const std::uint8_t*>(datagram.data()),
                             static_cast<std::uint32_t>(datagram.size()));
  if (!header) {
    return header.error();
  }
  if (header->opcode != kOpAnnounce || header->flags != 0 ||
      header->body_length != datagram.size() - kFrameHeaderBytes) {
    return Status(StatusCode::kProtocolError, "not an announcement frame");
  }
  return decode_body<Announcement>(datagram.substr(kFrameHeaderBytes), "announcement",
                                   [](In& ar, Announcement& a) {
                                     ar(a.host);
                                     detail::load_str(ar, a.address);
                                     ar(a.int_port, a.svr_port, a.mgt_port);
                                     detail::load_str(ar, a.digest);
                                     load_params(ar, a.params);
                                   });
}

std::string params_digest(StoreParams params) {
  std::sort(params.begin(), params.end());
  std::string text;
  for (const auto& [name, value] : params) {
    text += fmt::format("{}={}\n", name, value);
  }
  std::string hex;
  for (std::uint8_t b : core::sha256(text)) {
    hex += fmt::format("{:02x}", b);
  }
  return hex;
}

}  // namespace soss::net
