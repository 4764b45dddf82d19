// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include <random>

#include "soss/core/common/clock.hpp"
#include "soss/net/codec.hpp"
#include "soss/net/dispatcher.hpp"
#include "support/catch.hpp"

using namespace soss;
using namespace soss::core;
using namespace soss::net;

namespace {

Request sample_request() {
  Request r;
  r.op = OpCode::kPut;
  r.id = {namespace_id_of("sessions"), key_of("user:42")};
  r.ns_name = "sessions";
  r.key_name = "user:42";
  r.value = std::string("v\0alue", 6);
  r.content_type = "application/octet-stream";
  r.policy.timeout_s = 60;
  r.policy.timeout_type = TimeoutType::kSliding;
  r.policy.priority = Priority::kNotRemovable;
  r.policy.parents.push_back({namespace_id_of("sessions"), key_of("parent")});
  r.indexes = {"a", "", "c"};
  r.version = 7;
  r.ticket = 0xDEADBEEFCAFEull;
  r.wait_ms = 1500;
  r.lock_after = true;
  r.items.push_back({key_of("x"), "x", "1"});
  r.cursor = "abc";
  r.limit = 50;
  r.fields = {{"lock_timeout", "30"}};
  return r;
}

// Splits one encoded frame into header and body.
std::pair<FrameHeader, std::string> split(const std::string& frame) {
  auto h = parse_header(reinterpret_cast<const std::uint8_t*>(frame.data()), kDefaultMaxFrameBytes);
  REQUIRE(h);
  REQUIRE(frame.size() == kFrameHeaderBytes + h->body_length);
  return {*h, frame.substr(kFrameHeaderBytes)};
}

}  // namespace

TEST_CASE("request frames round-trip every field", "[net][codec]") {
  Request in = sample_request();
  std::string frame;
  encode_request(99, in, frame);
  auto [h, body] = split(frame);
  CHECK(h.request_id == 99);
  CHECK(h.opcode == static_cast<std::uint16_t>(OpCode::kPut));
  CHECK(h.flags == 0);
  auto out = decode_request(h, body);
  REQUIRE(out);
  CHECK(out->op == OpCode::kPut);
  CHECK(out->id == in.id);
  CHECK(out->ns_name == in.ns_name);
  CHECK(out->key_name == in.key_name);
  CHECK(out->value == in.value);
  CHECK(out->content_type == in.content_type);
  CHECK(out->policy.timeout_s == 60);
  CHECK(out->policy.timeout_type == TimeoutType::kSliding);
  CHECK(out->policy.priority == Priority::kNotRemovable);
  REQUIRE(out->policy.parents.size() == 1);
  CHECK(out->policy.parents[0] == in.policy.parents[0]);
  CHECK(out->indexes == in.indexes);
  CHECK(out->version == 7);
  CHECK(out->ticket == in.ticket);
  CHECK(out->wait_ms == 1500);
  CHECK(out->lock_after);
  REQUIRE(out->items.size() == 1);
  CHECK(out->items[0].key == key_of("x"));
  CHECK(out->items[0].value == "1");
  CHECK(out->cursor == "abc");
  CHECK(out->limit == 50);
  CHECK(out->fields == in.fields);
}

TEST_CASE("increment and set_timeout requests round-trip", "[net][codec]") {
  for (OpCode op : {OpCode::kIncrement, OpCode::kSetTimeout}) {
    Request in = sample_request();
    in.op = op;
    in.version = static_cast<std::uint64_t>(std::int64_t{-5});
    std::string frame;
    encode_request(3, in, frame);
    auto [h, body] = split(frame);
    auto out = decode_request(h, body);
    REQUIRE(out);
    CHECK(out->op == op);
    CHECK(static_cast<std::int64_t>(out->version) == -5);
    CHECK(out->policy.timeout_s == 60);
  }
}

TEST_CASE("response frames round-trip every field", "[net][codec]") {
  Response in;
  in.code = StatusCode::kRetrieved;
  in.message = "m";
  in.value = std::string(1000, 'z');
  in.meta.version = 12;
  in.meta.created_ms = -5;
  in.meta.timeout_type = TimeoutType::kResetOnUpdate;
  in.meta.locked = true;
  in.meta.key_name = "k";
  in.meta.indexes = {"i"};
  in.ticket = 3;
  in.count = 4;
  in.items.push_back({StatusCode::kNotFound, "", 0});
  in.namespaces.push_back({1, "ns", 2, 3});
  in.keys.push_back({key_of("a"), "a"});
  in.cursor = "next";
  in.fields = {{"state", "active"}};
  std::string frame;
  encode_response(5, OpCode::kRead, in, frame);
  auto [h, body] = split(frame);
  CHECK((h.flags & kFlagResponse) != 0);
  auto out = decode_response(body);
  REQUIRE(out);
  CHECK(out->code == StatusCode::kRetrieved);
  CHECK(out->value == in.value);
  CHECK(out->meta.version == 12);
  CHECK(out->meta.created_ms == -5);
  CHECK(out->meta.timeout_type == TimeoutType::kResetOnUpdate);
  CHECK(out->meta.locked);
  CHECK(out->meta.indexes == in.meta.indexes);
  CHECK(out->ticket == 3);
  CHECK(out->count == 4);
  REQUIRE(out->items.size() == 1);
  CHECK(out->items[0].code == StatusCode::kNotFound);
  REQUIRE(out->namespaces.size() == 1);
  CHECK(out->namespaces[0].name == "ns");
  REQUIRE(out->keys.size() == 1);
  CHECK(out->keys[0].key_name == "a");
  CHECK(out->cursor == "next");
  CHECK(out->fields == in.fields);
}

TEST_CASE("headers with bad magic, version, flags or length are refused", "[net][codec]") {
  std::string frame;
  encode_request(1, sample_request(), frame);
  auto* p = reinterpret_cast<std::uint8_t*>(frame.data());
  SECTION("magic") {
    p[0] ^= 0xFF;
    CHECK(parse_header(p, kDefaultMaxFrameBytes).error().code() == StatusCode::kProtocolError);
  }
  SECTION("version") {
    p[4] = 2;
    CHECK_FALSE(parse_header(p, kDefaultMaxFrameBytes));
  }
  SECTION("flags") {
    p[5] = 0x80;
    CHECK_FALSE(parse_header(p, kDefaultMaxFrameBytes));
  }
  SECTION("oversized") {
    auto h = parse_header(p, 10);
    REQUIRE_FALSE(h);
    CHECK(std::string(h.error().message()).find("exceeds") != std::string::npos);
  }
}

TEST_CASE("unknown opcodes, truncated bodies and trailing bytes are protocol errors",
          "[net][codec]") {
  std::string frame;
  encode_request(1, sample_request(), frame);
  auto [h, body] = split(frame);
  FrameHeader bad = h;
  bad.opcode = 9999;
  CHECK(decode_request(bad, body).error().code() == StatusCode::kProtocolError);
  for (std::size_t cut = 0; cut < body.size(); ++cut) {
    INFO("cut at " << cut);
    CHECK_FALSE(decode_request(h, std::string_view(body).substr(0, cut)));
  }
  CHECK_FALSE(decode_request(h, body + "x"));
}

TEST_CASE("a length field that lies never allocates beyond the frame", "[net][codec]") {
  // ns_name length is the u32 right after the 36-byte ObjectId.
  std::string frame;
  encode_request(1, sample_request(), frame);
  auto [h, body] = split(frame);
  body[36] = '\xff';
  body[37] = '\xff';
  body[38] = '\xff';
  body[39] = '\x7f';
  auto r = decode_request(h, body);
  REQUIRE_FALSE(r);
  CHECK(std::string(r.error().message()).find("exceeds the frame") != std::string::npos);
}

TEST_CASE("out-of-range enum values are refused", "[net][codec]") {
  Response in;
  std::string frame;
  encode_response(1, OpCode::kRead, in, frame);
  auto [h, body] = split(frame);
  body[0] = '\x63';  // status code 99
  CHECK_FALSE(decode_response(body));
}

TEST_CASE("random bodies never crash the decoder", "[net][codec]") {
  std::mt19937 rng(12345);
  std::string frame;
  encode_request(1, sample_request(), frame);
  auto [h, body] = split(frame);
  int decoded = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string b = body;
    int flips = 1 + static_cast<int>(rng() % 8);
    for (int f = 0; f < flips; ++f) {
      b[rng() % b.size()] = static_cast<char>(rng());
    }
    if (rng() % 4 == 0) {
      b.resize(rng() % (b.size() + 1));
    }
    auto r = decode_request(h, b);
    if (r) {
      // Whatever decodes must be a stable value: encoding it again gives the same bytes.
      ++decoded;
      std::string again;
      encode_request(1, *r, again);
      CHECK(again.substr(kFrameHeaderBytes) == b);
    }
  }
  CHECK(decoded > 0);
  std::string noise(512, '\0');
  for (int i = 0; i < 5000; ++i) {
    for (auto& c : noise) {
      c = static_cast<char>(rng());
    }
    (void)decode_request(h, std::string_view(noise).substr(0, rng() % noise.size()));
    (void)decode_response(std::string_view(noise).substr(0, rng() % noise.size()));
  }
}

TEST_CASE("booleans other than 0 and 1 are refused", "[net][codec]") {
  Request r;
  r.op = OpCode::kAdd;
  r.lock_after = true;
  std::string frame;
  encode_request(1, r, frame);
  auto [h, body] = split(frame);
  // An otherwise empty request: lock_after follows 86 bytes of fixed-size and empty fields.
  REQUIRE(body[86] == '\x01');
  body[86] = '\x02';
  auto out = decode_request(h, body);
  REQUIRE_FALSE(out);
  CHECK(std::string(out.error().message()).find("bad lock_after value 2") != std::string::npos);
}

TEST_CASE("a vector count that lies within a large frame is refused as it decodes",
          "[net][codec]") {
  Response in;
  KeyInfo k;
  k.key.fill(0xAB);
  k.key_name = "name";
  in.keys.push_back(k);
  std::string frame;
  encode_response(1, OpCode::kListKeys, in, frame);
  auto [h, body] = split(frame);
  std::size_t at = body.find(std::string(32, '\xAB'));
  REQUIRE(at != std::string::npos);
  REQUIRE(at >= 4);
  // 4 MiB of zeros after the body, and a count of 4 Mi keys: the count passes the check of
  // 1 byte per element, the elements do not decode. The vector grows with what decodes, so this
  // costs no 4 Mi x sizeof(KeyInfo) allocation.
  body += std::string(4u << 20, '\0');
  const std::uint32_t lie = 4u << 20;
  for (int i = 0; i < 4; ++i) {
    body[at - 4 + static_cast<std::size_t>(i)] = static_cast<char>((lie >> (8 * i)) & 0xFF);
  }
  CHECK_FALSE(decode_response(body));
}

TEST_CASE("auth requests decode, and a store without an access file answers admin",
          "[net][codec][access]") {
  core::Request auth;
  auth.op = core::OpCode::kAuth;
  auth.fields.emplace_back("user", "ops");
  auth.value = "pw";
  std::string frame;
  encode_request(7, auth, frame);
  auto header =
      parse_header(reinterpret_cast<const std::uint8_t*>(frame.data()), kDefaultMaxFrameBytes);
  REQUIRE(header);
  FrameDecoder decoder;
  auto decoded = decoder.request(*header, std::string_view(frame).substr(kFrameHeaderBytes));
  REQUIRE(decoded);
  CHECK(decoded->op == core::OpCode::kAuth);
  CHECK(decoded->value == "pw");
  core::SystemClock clock;
  core::Store store(clock, core::StoreOptions{});
  Dispatcher dispatcher(store, nullptr);
  Caller caller;
  auto r = dispatcher.handle(*decoded, caller, {});
  REQUIRE(r);
  CHECK(r->code == StatusCode::kOk);
  REQUIRE(r->fields.size() == 1);
  CHECK(r->fields[0].second == "admin");
}
