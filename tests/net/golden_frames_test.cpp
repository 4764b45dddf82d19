// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// Golden frames: a fixed set of requests and responses encoded by this codec must equal the hex
// files in tests/golden/ byte for byte, and each file must decode and re-encode to itself. The .NET
// client's tests (dotnet/tests/Soss.Client.Tests/GoldenFramesTests.cs) check the same files, so
// the two implementations cannot drift apart unnoticed. SOSS_GOLDEN_WRITE=1 rewrites the files
// (after a deliberate protocol change; the diff is then the review).
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>

#include "soss/core/store/partitioning.hpp"
#include "soss/net/codec.hpp"
#include "support/catch.hpp"

using namespace soss;
using namespace soss::core;
using namespace soss::net;

namespace {

std::string golden_path(const std::string& name) {
  return std::string(SOSS_GOLDEN_DIR) + "/" + name;
}

std::string to_hex(const std::string& bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    auto b = static_cast<unsigned char>(bytes[i]);
    out += kHex[b >> 4];
    out += kHex[b & 0xF];
    if (i % 32 == 31 || i + 1 == bytes.size()) {
      out += '\n';
    }
  }
  return out;
}

// The file's bytes: hex digits of every line that is not a '#' comment.
std::string read_hex(const std::string& path) {
  std::ifstream in(path);
  REQUIRE(in.good());
  std::string line;
  std::string hex;
  while (std::getline(in, line)) {
    if (!line.empty() && line[0] != '#') {
      hex += line;
    }
  }
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  }
  return out;
}

bool write_mode() {
  const char* v = std::getenv("SOSS_GOLDEN_WRITE");
  return v != nullptr && std::string(v) == "1";
}

void check_or_write(const std::string& name, const std::string& what, const std::string& frame) {
  if (write_mode()) {
    std::ofstream(golden_path(name)) << "# " << what << "\n" << to_hex(frame);
  }
  CHECK(to_hex(read_hex(golden_path(name))) == to_hex(frame));
}

ObjectId id_of(const std::string& ns, const std::string& key) {
  return {namespace_id_of(ns), key_of(key)};
}

Request object_request(OpCode op, const std::string& ns, const std::string& key) {
  Request r;
  r.op = op;
  r.id = id_of(ns, key);
  r.ns_name = ns;
  r.key_name = key;
  return r;
}

Request full_put() {
  Request r = object_request(OpCode::kPut, "sessions", "user:42");
  r.value = std::string("v\0alue", 6);
  r.content_type = "application/octet-stream";
  r.policy.timeout_s = 1200;
  r.policy.timeout_type = TimeoutType::kSliding;
  r.policy.priority = Priority::kNotRemovable;
  r.policy.parents.push_back(id_of("sessions", "parent"));
  r.indexes = {"tag-a", "", "tag-c"};
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

Response full_read_answer() {
  Response a = Response::of(StatusCode::kRetrieved);
  a.value = "hello";
  a.meta.version = 3;
  a.meta.created_ms = 1764000000000;
  a.meta.updated_ms = -5;
  a.meta.timeout_s = 1200;
  a.meta.timeout_type = TimeoutType::kResetOnUpdate;
  a.meta.priority = Priority::kNotRemovable;
  a.meta.locked = true;
  a.meta.size = 5;
  a.meta.key_name = "user:42";
  a.meta.content_type = "text/plain";
  a.meta.parents.push_back(id_of("sessions", "parent"));
  a.meta.indexes = {"tag-a"};
  a.ticket = 9;
  a.count = 1000;
  return a;
}

Response listing_answer() {
  Response a = Response::of(StatusCode::kOk);
  a.items.push_back({StatusCode::kRetrieved, "one", 1});
  a.items.push_back({StatusCode::kNotFound, "", 0});
  a.namespaces.push_back({namespace_id_of("sessions"), "sessions", 12, 4096});
  a.keys.push_back({key_of("user:42"), "user:42"});
  a.cursor = "next";
  a.fields = {{"epoch", "4"}, {"state", "active"}};
  return a;
}

Response routing_answer() {
  Response a = Response::of(StatusCode::kOk);
  a.fields = {{"epoch", "5"}, {"host", "0 127.0.0.1 7021"}, {"host", "1 127.0.0.2 7021"}};
  for (std::uint32_t p = 0; p < kPartitionCount; ++p) {
    std::uint16_t i = p % 3 == 2 ? 0xFFFF : static_cast<std::uint16_t>(p % 2);
    a.value += static_cast<char>(i & 0xFF);
    a.value += static_cast<char>(i >> 8);
  }
  return a;
}

struct GoldenRequest {
  std::string name;
  std::string what;
  std::uint64_t request_id;
  std::function<Request()> make;
};

std::vector<GoldenRequest> golden_requests() {
  return {
      {"ping_request.hex", "ping, request id 1", 1, [] { return Request(); }},
      {"put_request.hex", "put with every request field set", 0x0102030405060708ull, full_put},
      {"read_request.hex", "read sessions/user:42", 7,
       [] { return object_request(OpCode::kRead, "sessions", "user:42"); }},
      {"lock_request.hex", "lock locks/k waiting 5000 ms", 8,
       [] {
         Request r = object_request(OpCode::kLock, "locks", "k");
         r.wait_ms = 5000;
         return r;
       }},
      {"update_and_release_request.hex", "update_and_release locks/k with a ticket", 9,
       [] {
         Request r = object_request(OpCode::kUpdateAndRelease, "locks", "k");
         r.value = "new";
         r.ticket = 0x1122334455667788ull;
         return r;
       }},
      {"routing_request.hex", "get_routing", 10,
       [] {
         Request r;
         r.op = OpCode::kGetRouting;
         return r;
       }},
  };
}

struct GoldenResponse {
  std::string name;
  std::string what;
  std::uint64_t request_id;
  OpCode op;
  std::function<Response()> make;
};

std::vector<GoldenResponse> golden_responses() {
  return {
      {"read_response.hex", "read answer with every meta field set", 7, OpCode::kRead,
       full_read_answer},
      {"not_found_response.hex", "NotFound with a message", 11, OpCode::kRead,
       [] { return Response::of(StatusCode::kNotFound, "no such object"); }},
      {"listing_response.hex", "items, namespaces, keys, cursor and fields", 12, OpCode::kListKeys,
       listing_answer},
      {"routing_response.hex", "get_routing answer: 2 hosts, primaries 0,1,none,...", 10,
       OpCode::kGetRouting, routing_answer},
  };
}

}  // namespace

TEST_CASE("golden request frames are the C++ codec's bytes", "[net][golden]") {
  for (const GoldenRequest& g : golden_requests()) {
    INFO(g.name);
    std::string frame;
    encode_request(g.request_id, g.make(), frame);
    check_or_write(g.name, g.what, frame);
    std::string golden = read_hex(golden_path(g.name));
    auto h =
        parse_header(reinterpret_cast<const std::uint8_t*>(golden.data()), kDefaultMaxFrameBytes);
    REQUIRE(h);
    auto decoded = decode_request(*h, std::string_view(golden).substr(kFrameHeaderBytes));
    REQUIRE(decoded);
    std::string again;
    encode_request(h->request_id, *decoded, again);
    CHECK(to_hex(again) == to_hex(golden));
  }
}

TEST_CASE("golden response frames are the C++ codec's bytes", "[net][golden]") {
  for (const GoldenResponse& g : golden_responses()) {
    INFO(g.name);
    std::string frame;
    encode_response(g.request_id, g.op, g.make(), frame);
    check_or_write(g.name, g.what, frame);
    std::string golden = read_hex(golden_path(g.name));
    auto decoded = decode_response(std::string_view(golden).substr(kFrameHeaderBytes));
    REQUIRE(decoded);
    std::string again;
    encode_response(g.request_id, g.op, *decoded, again);
    CHECK(to_hex(again) == to_hex(golden));
  }
}

TEST_CASE("golden namespace ids and partitions are the C++ hashes", "[net][golden]") {
  // One line per case: "ns NAME ID" or "partition NS_NAME KEY PARTITION".
  std::ostringstream expected;
  for (const char* ns : {"sessions", "locks", "", "\xc3\xa9t\xc3\xa9"}) {
    expected << "ns " << (*ns ? ns : "-") << " " << namespace_id_of(ns) << "\n";
  }
  for (const char* key : {"user:42", "a", "session-0001", "\xe2\x82\xac"}) {
    expected << "partition sessions " << key << " " << partition_of(id_of("sessions", key)) << "\n";
  }
  const std::string path = golden_path("hashes.txt");
  if (write_mode()) {
    std::ofstream(path) << expected.str();
  }
  std::ifstream in(path);
  std::stringstream got;
  got << in.rdbuf();
  CHECK(got.str() == expected.str());
}
