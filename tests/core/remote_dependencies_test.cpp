// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// RemoteDependencies (libsoss_core/src/cluster/replication/remote_dependencies.*) alone, with a
// fake host: floors that hold responses, re-sent requests, peers' requests, reset.
#include <map>
#include <set>
#include <utility>
#include <vector>

#include "cluster/replication/remote_dependencies.hpp"
#include "core/store_test_support.hpp"
#include "support/catch.hpp"

using namespace soss::core;
using soss::core::store_test::oid;

namespace {

using std::chrono::milliseconds;

constexpr HostId kSelf = 1;
constexpr HostId kPeer = 2;

// Every partition's primary is kPeer except those in `served` (this host). Store calls answer
// what the test set up and write `answer_writes`.
class FakeHost final : public DependencyHost {
 public:
  HostId self() const override { return kSelf; }
  HostId primary_of(PartitionId p) const override { return served.count(p) ? kSelf : kPeer; }
  void send(HostId to, const DependencyRequest& request) override {
    requests.emplace_back(to, request);
  }
  void send(HostId to, const DependencyReply& reply) override { replies.emplace_back(to, reply); }
  bool serves(PartitionId p) const override { return served.count(p) != 0; }
  std::uint64_t writes(PartitionId p) const override { return at(write_index, p); }
  std::uint64_t acked_writes(PartitionId p) const override { return at(acked, p); }
  DependencyReply answer(const DependencyRequest& request, WrittenIndexes& written) override {
    answered.push_back(request);
    for (const auto& [p, index] : answer_writes) {
      write_index[p] = index;
      written.emplace_back(p, index);
    }
    return DependencyReply{request.id, false, answer_version};
  }
  void resolve(const DependencyRequest& request, std::uint64_t version,
               WrittenIndexes& /*written*/) override {
    resolved.emplace_back(request, version);
  }
  std::vector<ParentLink> links_in(PartitionId p) const override {
    auto it = links.find(p);
    return it == links.end() ? std::vector<ParentLink>{} : it->second;
  }
  void release(PartitionId p) override { released.push_back(p); }

  std::set<PartitionId> served;
  std::map<PartitionId, std::uint64_t> write_index;
  std::map<PartitionId, std::uint64_t> acked;
  std::map<PartitionId, std::vector<ParentLink>> links;
  WrittenIndexes answer_writes;
  std::uint64_t answer_version = 0;

  std::vector<std::pair<HostId, DependencyRequest>> requests;
  std::vector<std::pair<HostId, DependencyReply>> replies;
  std::vector<DependencyRequest> answered;
  std::vector<std::pair<DependencyRequest, std::uint64_t>> resolved;
  std::vector<PartitionId> released;

 private:
  static std::uint64_t at(const std::map<PartitionId, std::uint64_t>& m, PartitionId p) {
    auto it = m.find(p);
    return it == m.end() ? 0 : it->second;
  }
};

struct Fixture {
  FakeHost host;
  ManualClock clock;
  RemoteDependencies deps{host, clock, milliseconds(200), 1000};
  ObjectId child = oid("ns", "child");
  ObjectId parent = oid("ns", "parent");
  PartitionId child_p = partition_of(child);
  PartitionId parent_p = partition_of(parent);

  Fixture() {
    REQUIRE(child_p != parent_p);
    host.served.insert(child_p);
  }

  // A write of the child at index 5 of its partition left a link for the parent's primary.
  void write_child_with_link() {
    host.write_index[child_p] = 5;
    host.acked[child_p] = 5;
    deps.work().links.push_back(DependencyWork::Link{child, parent});
    deps.after_store_call({{child_p, 5}}, child_p);
  }
};

}  // namespace

TEST_CASE_METHOD(Fixture, "remote dependencies: nothing is held without work or other writes",
                 "[core][cluster][dependencies]") {
  host.write_index[child_p] = 3;
  deps.after_store_call({{child_p, 3}}, child_p);
  CHECK(deps.floor(child_p) == RemoteDependencies::kNoFloor);
  CHECK(deps.outstanding() == 0);
  CHECK(host.requests.empty());
}

TEST_CASE_METHOD(Fixture,
                 "remote dependencies: a link holds the partition's responses until answered",
                 "[core][cluster][dependencies]") {
  write_child_with_link();
  CHECK_FALSE(deps.has_work());  // taken by the job
  CHECK(deps.floor(child_p) == 5);
  CHECK(deps.outstanding() == 1);
  REQUIRE(host.requests.size() == 1);
  const auto& [to, request] = host.requests.front();
  CHECK(to == kPeer);
  CHECK(request.id == 1000);
  CHECK_FALSE(request.remove);
  CHECK(request.child == child);
  CHECK(request.parent == parent);
  CHECK(host.released.empty());

  deps.on_reply(DependencyReply{request.id, true, 0});  // asked again later: still held
  CHECK(deps.floor(child_p) == 5);
  CHECK(host.resolved.empty());

  deps.on_reply(DependencyReply{request.id, false, 42});
  REQUIRE(host.resolved.size() == 1);
  CHECK(host.resolved.front().second == 42);
  CHECK(deps.floor(child_p) == RemoteDependencies::kNoFloor);
  CHECK(deps.outstanding() == 0);
  REQUIRE_FALSE(host.released.empty());
  CHECK(std::set<PartitionId>(host.released.begin(), host.released.end()) ==
        std::set<PartitionId>{child_p});

  deps.on_reply(DependencyReply{request.id, false, 42});  // a duplicate changes nothing
  CHECK(host.resolved.size() == 1);
}

TEST_CASE_METHOD(Fixture, "remote dependencies: the lowest floor of several jobs holds",
                 "[core][cluster][dependencies]") {
  write_child_with_link();
  host.write_index[child_p] = 8;
  deps.work().links.push_back(DependencyWork::Link{child, parent});
  deps.after_store_call({{child_p, 8}}, child_p);
  REQUIRE(host.requests.size() == 2);
  CHECK(deps.floor(child_p) == 5);
  deps.on_reply(DependencyReply{host.requests[0].second.id, false, 1});
  CHECK(deps.floor(child_p) == 8);
  deps.on_reply(DependencyReply{host.requests[1].second.id, false, 1});
  CHECK(deps.floor(child_p) == RemoteDependencies::kNoFloor);
}

TEST_CASE_METHOD(Fixture, "remote dependencies: a request is re-sent every retransmit period",
                 "[core][cluster][dependencies]") {
  write_child_with_link();
  REQUIRE(host.requests.size() == 1);
  clock.advance(milliseconds(199));
  deps.retry();
  CHECK(host.requests.size() == 1);
  clock.advance(milliseconds(1));
  deps.retry();
  REQUIRE(host.requests.size() == 2);
  CHECK(host.requests[1].second.id == host.requests[0].second.id);
  deps.retry();  // just re-sent: not due again yet
  CHECK(host.requests.size() == 2);
  deps.on_reply(DependencyReply{host.requests[0].second.id, false, 7});
  clock.advance(milliseconds(1000));
  deps.retry();
  CHECK(host.requests.size() == 2);
}

TEST_CASE_METHOD(Fixture, "remote dependencies: writes in other partitions hold until replicated",
                 "[core][cluster][dependencies]") {
  const PartitionId other = parent_p;
  host.write_index[child_p] = 2;
  host.acked[child_p] = 2;
  host.write_index[other] = 4;
  host.acked[other] = 3;
  deps.after_store_call({{child_p, 2}, {other, 4}}, child_p);
  CHECK(deps.floor(child_p) == 2);
  CHECK(host.requests.empty());
  deps.replicated(other, 3);
  CHECK(deps.floor(child_p) == 2);
  deps.replicated(other, 4);
  CHECK(deps.floor(child_p) == RemoteDependencies::kNoFloor);
  CHECK(host.released == std::vector<PartitionId>{child_p});
}

TEST_CASE_METHOD(Fixture, "remote dependencies: a peer's request is answered once replicated",
                 "[core][cluster][dependencies]") {
  SECTION("not served here: asked again") {
    deps.on_request(kPeer, DependencyRequest{77, false, parent, parent, 0});  // parent_p
    CHECK(host.answered.empty());
    REQUIRE(host.replies.size() == 1);
    CHECK(host.replies.front().first == kPeer);
    CHECK(host.replies.front().second.id == 77);
    CHECK(host.replies.front().second.retry);
  }
  SECTION("a link: the answer waits for the replicas, holding nothing") {
    host.served.insert(parent_p);
    host.answer_version = 9;
    host.answer_writes = {{parent_p, 6}};
    host.acked[parent_p] = 5;
    deps.on_request(kPeer, DependencyRequest{77, false, child, parent, 0});
    CHECK(host.answered.size() == 1);
    CHECK(host.replies.empty());
    CHECK(deps.floor(parent_p) == RemoteDependencies::kNoFloor);
    deps.replicated(parent_p, 5);
    CHECK(host.replies.empty());
    deps.replicated(parent_p, 6);
    REQUIRE(host.replies.size() == 1);
    CHECK(host.replies.front().first == kPeer);
    CHECK(host.replies.front().second.id == 77);
    CHECK_FALSE(host.replies.front().second.retry);
    CHECK(host.replies.front().second.version == 9);
  }
  SECTION("a removal: the child's partition is held until it is replicated") {
    host.answer_writes = {{child_p, 6}};
    host.acked[child_p] = 5;
    deps.on_request(kPeer, DependencyRequest{77, true, child, parent, 1});
    CHECK(host.answered.size() == 1);
    CHECK(host.replies.empty());
    CHECK(deps.floor(child_p) == 6);
    deps.replicated(child_p, 6);
    REQUIRE(host.replies.size() == 1);
    CHECK(host.replies.front().first == kPeer);
    CHECK(host.replies.front().second.id == 77);
    CHECK_FALSE(host.replies.front().second.retry);
    CHECK(deps.floor(child_p) == RemoteDependencies::kNoFloor);
  }
}

TEST_CASE_METHOD(Fixture, "remote dependencies: requests between partitions served here",
                 "[core][cluster][dependencies]") {
  host.served.insert(parent_p);
  host.answer_version = 3;
  write_child_with_link();
  CHECK(host.requests.empty());  // not sent out: queued for this host
  CHECK(deps.has_local());
  CHECK(deps.floor(child_p) == 5);
  deps.deliver_local();
  CHECK_FALSE(deps.has_local());
  CHECK(host.answered.size() == 1);
  REQUIRE(host.resolved.size() == 1);
  CHECK(host.resolved.front().second == 3);
  CHECK(host.replies.empty());
  CHECK(deps.floor(child_p) == RemoteDependencies::kNoFloor);
}

TEST_CASE_METHOD(Fixture, "remote dependencies: checking links holds the whole partition",
                 "[core][cluster][dependencies]") {
  deps.check_links(child_p);  // no links: nothing to hold
  CHECK(deps.floor(child_p) == RemoteDependencies::kNoFloor);
  host.links[child_p] = {ParentLink{child, parent, 4}};
  deps.check_links(child_p);
  CHECK(deps.floor(child_p) == 0);
  REQUIRE(host.requests.size() == 1);
  CHECK(host.requests.front().second.version == 4);
  deps.on_reply(DependencyReply{host.requests.front().second.id, false, 4});
  CHECK(deps.floor(child_p) == RemoteDependencies::kNoFloor);
}

TEST_CASE_METHOD(Fixture, "remote dependencies: a reset drops every job, request and floor",
                 "[core][cluster][dependencies]") {
  write_child_with_link();
  const std::uint64_t id = host.requests.front().second.id;
  host.acked[parent_p] = 0;
  host.write_index[parent_p] = 1;
  deps.after_store_call({{child_p, 5}, {parent_p, 1}}, child_p);         // waits for replication
  deps.on_request(kSelf, DependencyRequest{5, true, child, parent, 1});  // answered to self
  REQUIRE(deps.has_local());
  REQUIRE(deps.floor(child_p) == 5);
  REQUIRE(deps.floor(parent_p) == RemoteDependencies::kNoFloor);
  host.released.clear();

  deps.reset();
  CHECK(deps.floor(child_p) == RemoteDependencies::kNoFloor);
  CHECK(deps.floor(parent_p) == RemoteDependencies::kNoFloor);
  CHECK(deps.outstanding() == 0);
  CHECK_FALSE(deps.has_local());
  const std::size_t sent = host.requests.size();
  clock.advance(milliseconds(1000));
  deps.retry();
  CHECK(host.requests.size() == sent);
  deps.on_reply(DependencyReply{id, false, 1});
  deps.replicated(parent_p, 1);
  CHECK(host.resolved.empty());
  CHECK(host.released.empty());
}
