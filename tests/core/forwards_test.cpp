// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// Forwards (libsoss_core/src/cluster/replication/forwards.*): how requests sent on to another
// host settle.
#include <optional>
#include <string>
#include <vector>

#include "cluster/replication/forwards.hpp"
#include "core/store_test_support.hpp"
#include "support/catch.hpp"

using namespace soss::core;
using soss::StatusCode;
using soss::core::store_test::oid;

namespace {

using std::chrono::milliseconds;

Request op(OpCode code, const std::string& key) {
  Request r;
  r.op = code;
  r.id = oid("ns", key);
  r.ns_name = "ns";
  return r;
}

View view_of(std::vector<HostId> ids) {
  View v;
  v.epoch = 2;
  v.lineage = 1;
  for (HostId id : ids) {
    v.members.push_back(Member{id, 1, 1});
  }
  return v;
}

// Every partition's primary is `primary`.
PartitionMap all_to(HostId primary) {
  PartitionMap map;
  for (PartitionId p = 0; p < kPartitionCount; ++p) {
    map.mutable_owners(p).primary = primary;
  }
  return map;
}

struct Outcome {
  std::optional<Response> response;
  Completion done() {
    return [this](Response r) { response = std::move(r); };
  }
};

void run(std::vector<Forwards::Answer>& ready) {
  for (auto& [done, response] : ready) {
    done(std::move(response));
  }
  ready.clear();
}

}  // namespace

TEST_CASE("forwards: the primary leaving settles reads for a retry, writes as unknown",
          "[core][cluster][forwards]") {
  Forwards f(100);
  Outcome read, write, share, other;
  f.add(2, op(OpCode::kRead, "a"), read.done(), false, milliseconds(5000));
  f.add(2, op(OpCode::kPut, "b"), write.done(), false, milliseconds(5000));
  f.add(2, op(OpCode::kListKeys, ""), share.done(), true, milliseconds(5000));
  const std::uint64_t kept =
      f.add(3, op(OpCode::kPut, "c"), other.done(), false, milliseconds(5000));
  std::vector<Forwards::Answer> ready;
  std::vector<Forwards::Retry> again = f.settle(view_of({1, 3}), all_to(3), ready);
  run(ready);

  REQUIRE(again.size() == 1);  // the read, to be routed in the new view
  CHECK(again.front().first.op == OpCode::kRead);
  again.front().second(Response::of(StatusCode::kRetrieved, ""));
  REQUIRE(read.response);
  CHECK(read.response->code == StatusCode::kRetrieved);
  REQUIRE(write.response);
  CHECK(write.response->code == StatusCode::kUnavailable);  // it may have been applied
  CHECK(write.response->message.find("host 2 left") != std::string::npos);
  REQUIRE(share.response);
  CHECK(share.response->code == StatusCode::kNotReady);  // a listing changed nothing
  CHECK_FALSE(other.response);                           // host 3 is still there and answers it
  CHECK(f.pending() == 1);
  CHECK(f.answered(kept));
  CHECK_FALSE(f.answered(kept));  // once
  CHECK(f.single_key_count() == 3);
}

TEST_CASE("forwards: a host still in the view but no longer primary keeps writes, not reads",
          "[core][cluster][forwards]") {
  Forwards f(1);
  Outcome read, write;
  f.add(2, op(OpCode::kRead, "a"), read.done(), false, milliseconds(5000));
  f.add(2, op(OpCode::kIncrement, "b"), write.done(), false, milliseconds(5000));
  std::vector<Forwards::Answer> ready;
  CHECK(f.settle(view_of({1, 2}), all_to(2), ready).empty());  // 2 is still primary: all wait
  CHECK(ready.empty());
  CHECK(f.settle(view_of({1, 2}), all_to(1), ready).size() == 1);  // the read goes again
  CHECK(ready.empty());  // the increment waits for host 2's answer
  CHECK(f.pending() == 1);
}

TEST_CASE("forwards: past the deadline the outcome is unknown", "[core][cluster][forwards]") {
  Forwards f(1);
  Outcome early, late;
  f.add(2, op(OpCode::kPut, "a"), early.done(), false, milliseconds(1000));
  f.add(2, op(OpCode::kPut, "b"), late.done(), false, milliseconds(3000));
  std::vector<Forwards::Answer> ready;
  f.expire(milliseconds(999), ready);
  CHECK(ready.empty());
  f.expire(milliseconds(1000), ready);
  run(ready);
  REQUIRE(early.response);
  CHECK(early.response->code == StatusCode::kUnavailable);
  CHECK_FALSE(late.response);
}

TEST_CASE("forwards: a forward delivered twice runs once", "[core][cluster][forwards]") {
  Forwards f(1);
  CHECK(f.first_delivery(2, 10));
  CHECK_FALSE(f.first_delivery(2, 10));
  CHECK(f.first_delivery(3, 10));  // ids are per sender
  bool all_new = true;
  for (std::uint64_t id = 11; id < 11 + 5000; ++id) {
    all_new = f.first_delivery(2, id) && all_new;
  }
  CHECK(all_new);
  CHECK_FALSE(f.first_delivery(2, 12));  // below the window: taken as seen, never run again
}
