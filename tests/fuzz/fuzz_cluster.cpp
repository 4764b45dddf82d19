// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// Host-to-host messages (libsoss_net cluster_codec.cpp, cluster_wire*.cpp). The first input byte
// chooses the decoder (mod 3): 0 a kOpClusterMessage body, 1 a kOpPeerHello body, 2 a whole
// discovery datagram (header and body); the rest is its input. Checks, beyond "no crash":
//   - whatever decodes re-encodes to exactly the same bytes (the codec is canonical);
//   - every rejection is kProtocolError;
//   - an announcement's params digest does not depend on their order.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "soss/net/cluster_codec.hpp"

namespace {

using soss::fuzz::require;

using soss::StatusCode;
using namespace soss::net;

template <typename R>
bool rejected_cleanly(const R& r) {
  return r.has_value() || r.error().code() == StatusCode::kProtocolError;
}

void check_cluster(std::string_view body) {
  auto m = decode_cluster(body);
  require(rejected_cleanly(m), "bad cluster messages are kProtocolError");
  if (m) {
    require(encode_cluster(*m) == body, "cluster body -> decode -> encode gives the same bytes");
  }
}

void check_hello(std::string_view body) {
  auto h = decode_hello(body);
  require(rejected_cleanly(h), "bad hellos are kProtocolError");
  if (!h) {
    return;
  }
  std::string frame;
  append_hello_frame(*h, frame);
  require(std::string_view(frame).substr(kFrameHeaderBytes) == body,
          "hello body -> decode -> encode gives the same bytes");
  auto again = decode_hello(std::string_view(frame).substr(kFrameHeaderBytes));
  require(again && *again == *h, "an encoded hello decodes to itself");
}

void check_announcement(std::string_view datagram) {
  auto a = decode_announcement(datagram);
  require(rejected_cleanly(a), "bad announcements are kProtocolError");
  if (!a) {
    return;
  }
  // The request id is not part of an announcement: compare everything else.
  std::string again = encode_announcement(*a);
  require(again.size() == datagram.size(), "an announcement re-encodes to its size");
  require(again.substr(0, 8) == datagram.substr(0, 8) && again.substr(16) == datagram.substr(16),
          "announcement -> decode -> encode gives the same bytes");
  StoreParams reversed(a->params.rbegin(), a->params.rend());
  std::string digest = params_digest(a->params);
  require(digest.size() == 64 && params_digest(reversed) == digest,
          "params_digest is 64 hex digits whatever the order");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) {
    return 0;
  }
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 3) {
    case 0:
      check_cluster(rest);
      break;
    case 1:
      check_hello(rest);
      break;
    default:
      check_announcement(rest);
      break;
  }
  return 0;
}
