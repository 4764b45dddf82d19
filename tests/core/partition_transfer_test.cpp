// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// PartitionTransfer (libsoss_core/src/cluster/replication/partition_transfer.*) alone, on a fake
// host: the sync query and its waits, the pull and its retries, Releases and their re-sends.
#include <chrono>
#include <cstdint>
#include <map>
#include <set>
#include <tuple>
#include <utility>
#include <vector>

#include "cluster/replication/partition_transfer.hpp"
#include "soss/core/common/clock.hpp"
#include "support/catch.hpp"

using namespace soss::core;

namespace {

using std::chrono::milliseconds;

constexpr HostId kSelf = 1;
constexpr std::uint64_t kEpoch = 7;
constexpr PartitionId kP = 5;
constexpr milliseconds kRetransmit{200};

View view_of(std::uint64_t epoch, const std::vector<HostId>& ids) {
  View v{epoch, 1, {}};
  for (HostId id : ids) {
    v.members.push_back(Member{id, 100, 1});
  }
  return v;
}

// A host of view {1, 2, 3} at kEpoch; the view before it also held host 4. Partition kP is this
// host's as primary, with host 2 its replica. Records what the transfer asks of it.
class FakeHost final : public TransferHost {
 public:
  FakeHost() {
    map_.mutable_owners(kP) = PartitionOwners{kSelf, {2}};
    roles[kP] = PartitionRole::kPrimary;
  }

  HostId self() const override { return kSelf; }
  std::uint64_t epoch() const override { return epoch_now; }
  bool member() const override { return is_member; }
  bool serving() const override { return is_serving; }
  const View& view() const override { return current; }
  const View& previous_view() const override { return previous; }
  const PartitionMap& map() const override { return map_; }
  PartitionRole role(PartitionId p) const override {
    auto it = roles.find(p);
    return it == roles.end() ? PartitionRole::kNone : it->second;
  }
  PartitionPhase phase(PartitionId p) const override {
    auto it = phases.find(p);
    return it == phases.end() ? PartitionPhase::kIdle : it->second;
  }
  void set_phase(PartitionId p, PartitionPhase phase) override { phases[p] = phase; }
  std::uint64_t synced_epoch(PartitionId p) const override {
    auto it = synced.find(p);
    return it == synced.end() ? 0 : it->second;
  }
  void set_synced_epoch(PartitionId p, std::uint64_t epoch) override { synced[p] = epoch; }
  void drop_partition(PartitionId p) override { dropped.push_back(p); }
  void serve(PartitionId p) override { served.push_back(p); }
  void check_links(PartitionId p) override { links_checked.push_back(p); }
  void open_stream(PartitionId p, HostId to, bool pull, std::uint64_t epoch) override {
    opened.emplace_back(p, to, pull, epoch);
  }
  bool replicas_synced(PartitionId p) const override { return replicas_done.count(p) != 0; }
  bool has_pull(PartitionId p, HostId to, std::uint64_t epoch) const override {
    return open_pulls.count({p, to, epoch}) != 0;
  }
  void send_query(HostId to, const SyncQuery& query) override { queries.emplace_back(to, query); }
  void send_info(HostId to, const SyncInfo& info) override { infos.emplace_back(to, info); }
  void send_pull(HostId to, const PullRequest& pull) override { pulls.emplace_back(to, pull); }
  void send_release(HostId to, const Release& release) override {
    releases.emplace_back(to, release);
  }
  void send_release_ack(HostId to, const Release& ack) override {
    release_acks.emplace_back(to, ack);
  }

  // Messages of one kind sent to `to`.
  template <typename T>
  static std::size_t count_to(const std::vector<std::pair<HostId, T>>& sent, HostId to) {
    std::size_t n = 0;
    for (const auto& [h, m] : sent) {
      n += h == to ? 1 : 0;
    }
    return n;
  }

  std::uint64_t epoch_now = kEpoch;
  bool is_member = true;
  bool is_serving = true;
  View current = view_of(kEpoch, {1, 2, 3});
  View previous = view_of(kEpoch - 1, {1, 2, 3, 4});
  std::map<PartitionId, PartitionRole> roles;
  std::map<PartitionId, PartitionPhase> phases;
  std::map<PartitionId, std::uint64_t> synced;
  std::set<PartitionId> replicas_done;
  std::set<std::tuple<PartitionId, HostId, std::uint64_t>> open_pulls;

  std::vector<PartitionId> dropped;
  std::vector<PartitionId> served;
  std::vector<PartitionId> links_checked;
  std::vector<std::tuple<PartitionId, HostId, bool, std::uint64_t>> opened;
  std::vector<std::pair<HostId, SyncQuery>> queries;
  std::vector<std::pair<HostId, SyncInfo>> infos;
  std::vector<std::pair<HostId, PullRequest>> pulls;
  std::vector<std::pair<HostId, Release>> releases;
  std::vector<std::pair<HostId, Release>> release_acks;

 private:
  PartitionMap map_;
};

struct Fixture {
  FakeHost host;
  ManualClock clock;
  PartitionTransfer transfer{host, clock, kRetransmit};

  void answer(HostId from, std::uint64_t synced_epoch) {
    transfer.on_info(from, SyncInfo{kEpoch, {SyncAnswer{kP, synced_epoch}}});
  }
  void tick(milliseconds by) {
    clock.advance(by);
    transfer.retry_queries();
    transfer.resend_releases();
  }
  PartitionPhase phase() const { return host.phase(kP); }
  // Pulling kP from host 3, which has the freshest copy.
  void pull_from_3() {
    transfer.start_query(kP);
    answer(2, 3);
    answer(3, 4);
    answer(4, 0);
    REQUIRE(phase() == PartitionPhase::kPulling);
  }
};

}  // namespace

TEST_CASE_METHOD(Fixture, "partition transfer: a query waits for every member of the view",
                 "[core][cluster]") {
  host.previous = View{};  // no former members: only the required ones count
  transfer.start_query(kP);
  CHECK(phase() == PartitionPhase::kQuerying);
  REQUIRE(host.queries.size() == 2);
  CHECK(host.queries[0].first == 2);
  CHECK(host.queries[1].first == 3);
  CHECK(host.queries[0].second.epoch == kEpoch);
  CHECK(host.queries[0].second.partitions == std::vector<PartitionId>{kP});

  answer(2, 0);
  tick(kRetransmit * 10);
  CHECK(phase() == PartitionPhase::kQuerying);
  // Only the host that did not answer is asked again.
  REQUIRE(host.queries.size() == 3);
  CHECK(host.queries[2].first == 3);

  transfer.on_info(3, SyncInfo{kEpoch + 1, {SyncAnswer{kP, 0}}});  // another epoch: ignored
  CHECK(phase() == PartitionPhase::kQuerying);
  answer(3, 0);
  CHECK(phase() == PartitionPhase::kServing);
  CHECK(host.pulls.empty());
}

TEST_CASE_METHOD(Fixture, "partition transfer: former members are waited for only the grace",
                 "[core][cluster]") {
  transfer.start_query(kP);
  REQUIRE(host.queries.size() == 3);
  CHECK(host.queries[2].first == 4);  // a member of the view before: asked too
  answer(2, 0);
  answer(3, 0);
  CHECK(phase() == PartitionPhase::kQuerying);

  const milliseconds grace = kRetransmit * PartitionTransfer::kFormerMemberGrace;
  tick(grace - milliseconds(1));
  CHECK(phase() == PartitionPhase::kQuerying);
  CHECK(FakeHost::count_to(host.queries, 4) > 1);  // asked again meanwhile
  tick(milliseconds(1));
  CHECK(phase() == PartitionPhase::kServing);
}

TEST_CASE_METHOD(Fixture, "partition transfer: a former member that answers in time counts",
                 "[core][cluster]") {
  transfer.start_query(kP);
  answer(4, 6);  // the host that left has the freshest copy
  answer(2, 3);
  CHECK(phase() == PartitionPhase::kQuerying);
  answer(3, 0);
  REQUIRE(phase() == PartitionPhase::kPulling);
  REQUIRE(host.pulls.size() == 1);
  CHECK(host.pulls[0].first == 4);
}

TEST_CASE_METHOD(Fixture, "partition transfer: the freshest copy is pulled", "[core][cluster]") {
  host.synced[kP] = 2;
  pull_from_3();
  REQUIRE(host.pulls.size() == 1);
  CHECK(host.pulls[0].first == 3);
  CHECK(host.pulls[0].second.epoch == kEpoch);
  CHECK(host.pulls[0].second.partitions == std::vector<PartitionId>{kP});
  CHECK(transfer.pulls_from(kP, 3));
  CHECK_FALSE(transfer.pulls_from(kP, 2));
  CHECK(host.served.empty());
  CHECK(host.dropped.empty());
  CHECK(transfer.describe(kP) == "; pulling from 3");
}

TEST_CASE_METHOD(Fixture, "partition transfer: an own copy at least as fresh is served at once",
                 "[core][cluster]") {
  host.synced[kP] = 4;
  transfer.start_query(kP);
  answer(2, 3);
  answer(3, 4);  // as fresh as this host's: no pull
  answer(4, 0);
  CHECK(phase() == PartitionPhase::kServing);
  CHECK(host.pulls.empty());
  CHECK(host.dropped.empty());
  CHECK(host.synced_epoch(kP) == kEpoch);
  CHECK(host.served == std::vector<PartitionId>{kP});
  REQUIRE(host.opened.size() == 1);  // the stream to its replica
  CHECK(host.opened[0] == std::make_tuple(kP, HostId{2}, false, kEpoch));
  CHECK(host.links_checked == std::vector<PartitionId>{kP});
}

TEST_CASE_METHOD(Fixture, "partition transfer: with no copy anywhere the partition starts empty",
                 "[core][cluster]") {
  transfer.start_query(kP);
  answer(2, 0);
  answer(3, 0);
  answer(4, 0);
  CHECK(phase() == PartitionPhase::kServing);
  CHECK(host.dropped == std::vector<PartitionId>{kP});
  CHECK(host.synced_epoch(kP) == kEpoch);
  CHECK(host.served == std::vector<PartitionId>{kP});
  CHECK(host.pulls.empty());
}

TEST_CASE_METHOD(Fixture, "partition transfer: a silent source is asked again after the patience",
                 "[core][cluster]") {
  pull_from_3();
  const milliseconds patience = kRetransmit * PartitionTransfer::kPullPatience;
  tick(patience - milliseconds(1));
  CHECK(host.pulls.size() == 1);
  tick(milliseconds(1));
  REQUIRE(host.pulls.size() == 2);
  CHECK(host.pulls[1].first == 3);

  // An item of the pull is progress: the patience starts again.
  tick(patience - milliseconds(1));
  transfer.on_pull_item(kP, 3, false);
  tick(patience - milliseconds(1));
  CHECK(host.pulls.size() == 2);
  CHECK(phase() == PartitionPhase::kPulling);

  transfer.on_pull_item(kP, 3, true);  // complete
  CHECK(phase() == PartitionPhase::kServing);
  CHECK(host.synced_epoch(kP) == kEpoch);
  CHECK(host.served == std::vector<PartitionId>{kP});
  tick(patience * 2);
  CHECK(host.pulls.size() == 2);
}

TEST_CASE_METHOD(Fixture, "partition transfer: a source that lost its copy makes a new query",
                 "[core][cluster]") {
  pull_from_3();
  const std::size_t asked = host.queries.size();
  answer(2, 0);  // not the source: changes nothing
  CHECK(phase() == PartitionPhase::kPulling);
  CHECK(host.queries.size() == asked);

  answer(3, 0);
  CHECK(phase() == PartitionPhase::kQuerying);
  CHECK_FALSE(transfer.pulls_from(kP, 3));
  REQUIRE(host.queries.size() == asked + 3);  // every host is asked again
  CHECK(transfer.describe(kP) == "; query answers 0 of 2+1");
}

TEST_CASE_METHOD(Fixture, "partition transfer: old holders are released once replicas are synced",
                 "[core][cluster]") {
  host.synced[kP] = kEpoch;
  transfer.become_serving(kP);
  CHECK(host.releases.empty());  // the replica is not complete yet

  host.replicas_done.insert(kP);
  transfer.maybe_release_others(kP);
  // Host 3 (a member holding no copy in this map) and host 4 (gone since the view before).
  REQUIRE(host.releases.size() == 2);
  CHECK(host.releases[0].first == 3);
  CHECK(host.releases[1].first == 4);
  CHECK(host.releases[0].second.epoch == kEpoch);
  CHECK(host.releases[0].second.partitions == std::vector<PartitionId>{kP});
  transfer.maybe_release_others(kP);  // once per epoch
  CHECK(host.releases.size() == 2);

  tick(kRetransmit - milliseconds(1));
  CHECK(host.releases.size() == 2);
  tick(milliseconds(1));
  CHECK(host.releases.size() == 4);

  transfer.on_release_ack(3, Release{kEpoch + 1, {kP}});  // another epoch: ignored
  transfer.on_release_ack(4, Release{kEpoch, {kP}});
  tick(kRetransmit);
  CHECK(host.releases.size() == 5);
  CHECK(host.releases.back().first == 3);
}

TEST_CASE_METHOD(Fixture, "partition transfer: a host outside the view is told a limited time",
                 "[core][cluster]") {
  host.synced[kP] = kEpoch;
  host.replicas_done.insert(kP);
  transfer.become_serving(kP);
  REQUIRE(host.releases.size() == 2);
  for (int i = 0; i < 80; ++i) {
    tick(kRetransmit);
  }
  CHECK(FakeHost::count_to(host.releases, 4) == PartitionTransfer::kReleaseTriesOutsideView);
  CHECK(FakeHost::count_to(host.releases, 3) == 81);  // a member: until it confirms

  transfer.on_release_ack(3, Release{kEpoch, {kP}});
  const std::size_t sent = host.releases.size();
  tick(kRetransmit * 5);
  CHECK(host.releases.size() == sent);
}

TEST_CASE_METHOD(Fixture,
                 "partition transfer: a Release drops only copies this host has no role for",
                 "[core][cluster]") {
  host.roles.clear();
  host.roles[2] = PartitionRole::kReplica;
  host.synced[1] = 3;
  host.synced[2] = 3;
  transfer.on_release(2, Release{kEpoch, {1, 2, 3}});
  CHECK(host.dropped == std::vector<PartitionId>{1});  // 2 is held as replica, 3 has no copy
  CHECK(host.synced_epoch(1) == 0);
  CHECK(host.synced_epoch(2) == 3);
  REQUIRE(host.release_acks.size() == 1);  // every partition is confirmed
  CHECK(host.release_acks[0].first == 2);
  CHECK(host.release_acks[0].second.partitions == std::vector<PartitionId>{1, 2, 3});

  // A member behind the sender's epoch neither drops nor confirms: it may still hold it there.
  host.synced[1] = 3;
  transfer.on_release(2, Release{kEpoch + 1, {1}});
  CHECK(host.dropped.size() == 1);
  CHECK(host.release_acks.size() == 1);
  // A host that left (no view) acts on any epoch.
  host.is_member = false;
  transfer.on_release(2, Release{kEpoch + 1, {1}});
  CHECK(host.dropped.size() == 2);
  CHECK(host.release_acks.size() == 2);
}

TEST_CASE_METHOD(Fixture, "partition transfer: queries and pulls are answered once caught up",
                 "[core][cluster]") {
  host.synced[kP] = 4;
  transfer.on_query(2, SyncQuery{kEpoch + 1, {kP}});  // serving an older epoch: silent
  CHECK(host.infos.empty());
  transfer.on_query(2, SyncQuery{kEpoch, {kP, 9}});
  REQUIRE(host.infos.size() == 1);
  CHECK(host.infos[0].second.epoch == kEpoch);
  REQUIRE(host.infos[0].second.answers.size() == 2);
  CHECK(host.infos[0].second.answers[0].synced_epoch == 4);
  CHECK(host.infos[0].second.answers[1].synced_epoch == 0);

  transfer.on_pull(2, PullRequest{kEpoch - 1, {kP}});  // a puller behind: no stream
  CHECK(host.opened.empty());
  transfer.on_pull(2, PullRequest{kEpoch, {kP, 9}});
  REQUIRE(host.opened.size() == 1);  // 9 has no copy here: said so instead
  CHECK(host.opened[0] == std::make_tuple(kP, HostId{2}, true, kEpoch));
  REQUIRE(host.infos.size() == 2);
  CHECK(host.infos[1].second.answers[0].partition == 9);
  CHECK(host.infos[1].second.answers[0].synced_epoch == 0);
  host.open_pulls.insert({kP, 2, kEpoch});
  transfer.on_pull(2, PullRequest{kEpoch, {kP}});  // already streaming
  CHECK(host.opened.size() == 1);
}
