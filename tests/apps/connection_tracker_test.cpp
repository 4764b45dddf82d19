// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// ConnectionTracker with fake connections (no sockets): who is shed at max_connections.
#include "connection_tracker.hpp"

#include <memory>
#include <vector>

#include "support/catch.hpp"

using namespace soss::rest;
using Clock = std::chrono::steady_clock;

namespace {

class FakeConnection : public TrackedConnection {
 public:
  int shed_calls = 0;

 protected:
  void on_shed() override { ++shed_calls; }
};

struct Farm {
  std::shared_ptr<ConnectionTracker> tracker;
  std::vector<std::shared_ptr<FakeConnection>> conns;
  Clock::time_point t0 = Clock::now();

  explicit Farm(std::uint32_t max) : tracker(std::make_shared<ConnectionTracker>(max)) {}
  // A new connection in `phase` since t0 + `age_rank` seconds (lower = older).
  bool open(ConnPhase phase, int age_rank) {
    if (!tracker->make_room()) {
      return false;
    }
    auto c = std::make_shared<FakeConnection>();
    REQUIRE(c->enter(phase, t0 + std::chrono::seconds(age_rank)));
    tracker->add(c);
    conns.push_back(c);
    return true;
  }
};

}  // namespace

TEST_CASE("connection tracker: room below the cap, nobody shed", "[apps][rest]") {
  Farm f(3);
  CHECK(f.open(ConnPhase::kHead, 0));
  CHECK(f.open(ConnPhase::kHead, 1));
  CHECK(f.open(ConnPhase::kHead, 2));
  CHECK(f.tracker->open() == 3);
  CHECK(f.tracker->shed_count() == 0);
  f.tracker->remove(*f.conns[1]);
  CHECK(f.tracker->open() == 2);
  CHECK(f.open(ConnPhase::kHead, 3));
  CHECK(f.tracker->shed_count() == 0);
}

TEST_CASE("connection tracker: at the cap the longest-waiting idle/head one is shed",
          "[apps][rest]") {
  Farm f(3);
  REQUIRE(f.open(ConnPhase::kBody, 0));  // oldest, but sending a body: shed last
  REQUIRE(f.open(ConnPhase::kHead, 5));
  REQUIRE(f.open(ConnPhase::kIdle, 3));
  CHECK(f.open(ConnPhase::kHead, 9));
  CHECK(f.conns[2]->shed_calls == 1);  // idle since 3 s: the oldest without a request
  CHECK(f.conns[2]->phase() == ConnPhase::kShed);
  CHECK_FALSE(f.conns[2]->enter(ConnPhase::kBusy, Clock::now()));  // its request is not served
  CHECK(f.tracker->open() == 3);
  CHECK(f.open(ConnPhase::kHead, 10));
  CHECK(f.conns[1]->shed_calls == 1);  // head since 5 s
  CHECK(f.open(ConnPhase::kHead, 11));
  CHECK(f.conns[3]->shed_calls == 1);  // head since 9 s, before the body
  CHECK(f.conns[0]->shed_calls == 0);
  f.tracker->remove(*f.conns[2]);  // a shed connection's end does not count twice
  CHECK(f.tracker->open() == 3);
  CHECK(f.tracker->shed_count() == 3);
}

TEST_CASE("connection tracker: busy connections are never shed; all busy refuses", "[apps][rest]") {
  Farm f(2);
  REQUIRE(f.open(ConnPhase::kBusy, 0));
  REQUIRE(f.open(ConnPhase::kBody, 1));
  CHECK(f.open(ConnPhase::kHead, 2));  // the body goes: nothing older is waiting
  CHECK(f.conns[1]->shed_calls == 1);
  REQUIRE(f.conns[2]->enter(ConnPhase::kBusy, Clock::now()));
  CHECK_FALSE(f.open(ConnPhase::kHead, 3));
  CHECK(f.conns[0]->shed_calls == 0);
  CHECK(f.conns[2]->shed_calls == 0);
  CHECK(f.tracker->open() == 2);
}
