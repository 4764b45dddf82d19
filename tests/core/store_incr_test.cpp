// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include <chrono>
#include <cstdint>
#include <limits>
#include <string>

#include "soss/core/common/clock.hpp"
#include "soss/core/store/store.hpp"
#include "store_test_support.hpp"
#include "support/catch.hpp"

using namespace soss;
using namespace soss::core;
using namespace soss::core::store_test;

namespace {

const std::string kNs = "db0";

Request incr(std::string_view key, std::int64_t delta) {
  Request r = make_request(OpCode::kIncrement, kNs, key, {}, KeyName::kSend);
  r.ns_name = kNs;
  r.version = static_cast<std::uint64_t>(delta);
  return r;
}

Request put(std::string_view key, std::string value, std::uint32_t timeout_s = 0) {
  Request r = make_request(OpCode::kPut, kNs, key, std::move(value), KeyName::kSend);
  r.ns_name = kNs;
  r.policy.timeout_s = timeout_s;
  return r;
}

Request set_timeout(std::string_view key, std::uint32_t timeout_s) {
  Request r = make_request(OpCode::kSetTimeout, kNs, key);
  r.policy.timeout_s = timeout_s;
  return r;
}

std::string value_of(Store& s, std::string_view key) {
  return run(s, make_request(OpCode::kRead, kNs, key)).value;
}

}  // namespace

TEST_CASE("increment creates from zero and adds signed deltas", "[core][store]") {
  ManualClock clock;
  Store s(clock, StoreOptions{});
  Response first = run(s, incr("n", 1));
  CHECK(first.code == StatusCode::kAdded);
  CHECK(first.value == "1");
  CHECK(run(s, incr("n", 41)).value == "42");
  Response down = run(s, incr("n", -50));
  CHECK(down.code == StatusCode::kUpdated);
  CHECK(down.value == "-8");
  CHECK(value_of(s, "n") == "-8");
}

TEST_CASE("increment refuses values that are not integers and overflow", "[core][store]") {
  ManualClock clock;
  Store s(clock, StoreOptions{});
  for (const char* bad : {"abc", "", " 1", "+1", "01", "-0", "1.5", "99999999999999999999"}) {
    run(s, put("x", bad));
    Response r = run(s, incr("x", 1));
    CHECK(r.code == StatusCode::kInvalidArgument);
    CHECK(r.message == "value is not an integer or out of range");
    CHECK(value_of(s, "x") == bad);  // unchanged
  }
  run(s, put("big", std::to_string(std::numeric_limits<std::int64_t>::max())));
  Response over = run(s, incr("big", 1));
  CHECK(over.code == StatusCode::kInvalidArgument);
  CHECK(over.message == "increment or decrement would overflow");
  run(s, put("small", std::to_string(std::numeric_limits<std::int64_t>::min())));
  CHECK(run(s, incr("small", -1)).code == StatusCode::kInvalidArgument);
  CHECK(run(s, incr("small", 1)).value == "-9223372036854775807");
}

TEST_CASE("increment keeps the object's timeout", "[core][store]") {
  ManualClock clock;
  Store s(clock, StoreOptions{});
  run(s, put("t", "10", 10));
  clock.advance(std::chrono::seconds(4));
  run(s, incr("t", 5));
  Response meta = run(s, make_request(OpCode::kMetadata, kNs, "t"));
  CHECK(meta.meta.timeout_s == 10);
  CHECK(meta.count == 6000);  // not restarted by the increment
  clock.advance(std::chrono::seconds(6));
  s.tick();
  CHECK(run(s, make_request(OpCode::kRead, kNs, "t")).code == StatusCode::kNotFound);
}

TEST_CASE("increment is refused on an object locked by someone else", "[core][store]") {
  ManualClock clock;
  Store s(clock, StoreOptions{});
  run(s, put("l", "1"));
  Response locked = run(s, make_request(OpCode::kLock, kNs, "l"));
  REQUIRE(locked.code == StatusCode::kLocked);
  CHECK(run(s, incr("l", 1)).code == StatusCode::kObjectLocked);
}

TEST_CASE("set_timeout replaces and removes a timeout, keeping value and version",
          "[core][store]") {
  ManualClock clock;
  Store s(clock, StoreOptions{});
  CHECK(run(s, set_timeout("none", 5)).code == StatusCode::kNotFound);
  Response added = run(s, put("k", "v"));
  Response meta = run(s, make_request(OpCode::kMetadata, kNs, "k"));
  CHECK(meta.count == 0);  // no timeout
  Response set = run(s, set_timeout("k", 3));
  CHECK(set.code == StatusCode::kOk);
  CHECK(set.count == 3000);
  CHECK(set.meta.version == added.meta.version);
  clock.advance(std::chrono::seconds(2));
  CHECK(run(s, make_request(OpCode::kMetadata, kNs, "k")).count == 1000);
  CHECK(run(s, set_timeout("k", 0)).count == 0);  // persist
  clock.advance(std::chrono::seconds(10));
  s.tick();
  CHECK(value_of(s, "k") == "v");
  run(s, set_timeout("k", 1));
  clock.advance(std::chrono::seconds(1));
  s.tick();
  CHECK(run(s, make_request(OpCode::kRead, kNs, "k")).code == StatusCode::kNotFound);
}

TEST_CASE("increment and set_timeout produce effects a replica can apply", "[core][store]") {
  ManualClock clock;
  Store primary(clock, StoreOptions{});
  Store replica(clock, StoreOptions{});
  std::vector<Effect> effects;
  REQUIRE(primary.execute(incr("c", 7), {}, &effects).has_value());
  REQUIRE(primary.execute(set_timeout("c", 9), {}, &effects).has_value());
  REQUIRE(replica.apply(effects).is_ok());
  Response meta = run(replica, make_request(OpCode::kMetadata, kNs, "c"));
  CHECK(meta.meta.timeout_s == 9);
  CHECK(value_of(replica, "c") == "7");
}
