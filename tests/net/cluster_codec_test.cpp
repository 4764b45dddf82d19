// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include <random>

#include "soss/net/cluster_codec.hpp"
#include "support/catch.hpp"

using namespace soss;
using namespace soss::core;
using namespace soss::net;

namespace {

View sample_view() {
  View v;
  v.epoch = 12;
  v.lineage = 0xABCDEF0123ull;
  v.members = {{3, 100, 7}, {9, 0, 8}, {0xFFFFFFFFFFFFull, 10000, 1}};
  return v;
}

std::shared_ptr<const PartitionMap> sample_map() {
  auto m = std::make_shared<PartitionMap>();
  m->set_epoch(12);
  for (PartitionId p = 0; p < kPartitionCount; ++p) {
    auto& o = m->mutable_owners(p);
    o.primary = 3 + p % 2;
    if (p % 3 != 0) {
      o.replicas = {9};
    }
    if (p % 5 == 0) {
      o.replicas = {9, 10};
    }
  }
  return m;
}

Effect sample_effect(bool removed) {
  Effect e;
  e.id = {namespace_id_of("ns"), key_of("k")};
  e.ns_name = "ns";
  e.partition_version = 99;
  if (!removed) {
    ObjectState s;
    s.value = std::string("v\0x", 3);
    s.meta.version = 4;
    s.meta.created_ms = -5;
    s.meta.locked = true;
    s.meta.timeout_type = TimeoutType::kResetOnUpdate;
    s.meta.key_name = "k";
    s.meta.indexes = {"a", ""};
    s.meta.parents = {{1, key_of("p")}};
    s.ticket = 77;
    s.lock_remaining_ms = 1234;
    s.timeout_remaining_ms = 0;
    s.dependents = {{2, key_of("d1")}, {2, key_of("d2")}};
    s.parent_versions = {0};
    e.state = s;
  }
  return e;
}

ReplicationPacket sample_packet() {
  ReplicationPacket p;
  p.lineage = 5;
  StreamItem item;
  item.partition = kPartitionCount - 1;
  item.epoch = 12;
  item.seq = 3;
  item.primary_version = 40;
  item.reset = true;
  item.complete = true;
  item.effects = {sample_effect(false), sample_effect(true)};
  p.items = {item, StreamItem{}};
  p.acks = {{7, 12, 3, true}, {8, 12, 1, false}};
  p.queries = {{12, {1, 2, 3}}};
  p.infos = {{12, {{1, 11}, {2, 0}}}};
  p.pulls = {{12, {4}}};
  p.releases = {{13, {5, 6}}, {13, {}}};
  p.release_acks = {{13, {6}}};
  p.dependency_requests = {{21, true, {2, key_of("c")}, {3, key_of("p")}, 17},
                           {22, false, {4, key_of("c2")}, {5, key_of("p2")}, 0}};
  p.dependency_replies = {{23, true, 0}, {24, false, 31}};
  return p;
}

ClusterMessage round_trip(const ClusterMessage& in) {
  std::string bytes = encode_cluster(in);
  auto out = decode_cluster(bytes);
  REQUIRE(out);
  CHECK(encode_cluster(*out) == bytes);  // the decoded value encodes to the same bytes
  return *out;
}

template <typename T>
T membership_round_trip(const T& in) {
  auto out = round_trip(ClusterMessage(MembershipMessage(in)));
  return std::get<T>(std::get<MembershipMessage>(out));
}

}  // namespace

TEST_CASE("membership messages round-trip", "[net][cluster_codec]") {
  auto hb = membership_round_trip(Heartbeat{3, 4, -5});
  CHECK((hb.epoch == 3 && hb.lineage == 4 && hb.sent_at_ms == -5));
  auto echo = membership_round_trip(HeartbeatEcho{6, 7, 8});
  CHECK((echo.epoch == 6 && echo.lineage == 7 && echo.sent_at_ms == 8));
  auto join = membership_round_trip(JoinRequest{11, 250, 12, 13});
  CHECK((join.host == 11 && join.weight == 250 && join.incarnation == 12 && join.lineage == 13));
  membership_round_trip(LeaveRequest{});
  auto prep = membership_round_trip(Prepare{14, 15, {16, 17}});
  CHECK((prep.epoch == 14 && prep.lineage == 15 && prep.ballot == Ballot{16, 17}));
  auto ack = membership_round_trip(Ack{18, {19, 20}});
  CHECK((ack.epoch == 18 && ack.ballot == Ballot{19, 20}));
  auto nack = membership_round_trip(Nack{21, {22, 23}});
  CHECK((nack.epoch == 21 && nack.promised == Ballot{22, 23}));
  auto prop = membership_round_trip(Propose{{24, 25}, sample_view()});
  CHECK((prop.ballot == Ballot{24, 25} && prop.view == sample_view()));
}

TEST_CASE("promise and commit round-trip with and without optional parts", "[net][cluster_codec]") {
  auto p1 = membership_round_trip(Promise{1, {2, 3}, {4, 5}, sample_view()});
  CHECK((p1.epoch == 1 && p1.ballot == Ballot{2, 3} && p1.accepted_ballot == Ballot{4, 5}));
  CHECK(p1.accepted == sample_view());
  auto p2 = membership_round_trip(Promise{1, {2, 3}, {}, std::nullopt});
  CHECK(!p2.accepted.has_value());

  auto c1 = membership_round_trip(Commit{sample_view(), sample_map()});
  CHECK(c1.view == sample_view());
  REQUIRE(c1.map);
  CHECK(*c1.map == *sample_map());
  auto c2 = membership_round_trip(Commit{sample_view(), nullptr});
  CHECK(c2.map == nullptr);
}

TEST_CASE("replication packets round-trip every field", "[net][cluster_codec]") {
  auto out = std::get<ReplicationPacket>(round_trip(sample_packet()));
  auto in = sample_packet();
  REQUIRE(out.items.size() == 2);
  CHECK(out.items[0].effects == in.items[0].effects);
  CHECK((out.items[0].partition == in.items[0].partition && out.items[0].seq == 3));
  CHECK((out.items[0].reset && out.items[0].complete && out.items[0].primary_version == 40));
  CHECK(out.lineage == 5);
  REQUIRE(out.acks.size() == 2);
  CHECK((out.acks[0].partition == 7 && out.acks[0].synced && !out.acks[1].synced));
  CHECK(out.queries[0].partitions == std::vector<PartitionId>{1, 2, 3});
  CHECK((out.infos[0].answers[0].partition == 1 && out.infos[0].answers[0].synced_epoch == 11));
  CHECK(out.pulls[0].partitions == std::vector<PartitionId>{4});
  CHECK((out.releases.size() == 2 && out.releases[1].partitions.empty()));
  CHECK((out.release_acks.size() == 1 && out.release_acks[0].partitions[0] == 6));
  REQUIRE(out.dependency_requests.size() == 2);
  const DependencyRequest& d = out.dependency_requests[0];
  CHECK((d.id == 21 && d.remove && d.version == 17 && !out.dependency_requests[1].remove));
  CHECK((d.child == ObjectId{2, key_of("c")} && d.parent == ObjectId{3, key_of("p")}));
  REQUIRE(out.dependency_replies.size() == 2);
  CHECK((out.dependency_replies[0].retry && out.dependency_replies[1].version == 31));
  CHECK(out.items[0].effects[0].state->parent_versions == std::vector<std::uint64_t>{0});
}

TEST_CASE("forwarded requests and replies round-trip", "[net][cluster_codec]") {
  ForwardRequest fr;
  fr.id = 42;
  fr.request.op = OpCode::kUpdateOptimistic;
  fr.request.id = {7, key_of("k")};
  fr.request.value = "val";
  fr.request.version = 9;
  fr.share_epoch = 77;
  fr.share_lineage = 5;
  auto r = std::get<ForwardRequest>(round_trip(fr));
  CHECK((r.id == 42 && r.request.op == OpCode::kUpdateOptimistic && r.request.value == "val"));
  CHECK((r.share_epoch == 77 && r.share_lineage == 5));
  CHECK((r.request.id == fr.request.id && r.request.version == 9));

  ForwardReply rep{43, Response::of(StatusCode::kVersionMismatch, "changed")};
  rep.response.meta.version = 10;
  auto r2 = std::get<ForwardReply>(round_trip(rep));
  CHECK((r2.id == 43 && r2.response.code == StatusCode::kVersionMismatch));
  CHECK((r2.response.message == "changed" && r2.response.meta.version == 10));
}

TEST_CASE("bad tags, flags, ids and maps are protocol errors", "[net][cluster_codec]") {
  std::string hb = encode_cluster(MembershipMessage(Heartbeat{1, 2, 3}));
  std::string bad = hb;
  bad[0] = 4;  // cluster tag out of range
  CHECK(decode_cluster(bad).error().code() == StatusCode::kProtocolError);
  bad = hb;
  bad[1] = 10;  // membership tag out of range
  CHECK(!decode_cluster(bad));
  CHECK(!decode_cluster(hb + "x"));  // trailing byte
  CHECK(!decode_cluster(""));

  ReplicationPacket p;
  p.acks = {{kPartitionCount, 1, 1, false}};
  CHECK(!decode_cluster(encode_cluster(p)));  // partition id out of range
  p.acks = {{1, 1, 1, false}};
  std::string ok = encode_cluster(p);
  REQUIRE(decode_cluster(ok));
  ok[ok.size() - 1 - 7 * 4] = 2;  // the synced bool of the last ack (seven empty lists follow)
  CHECK(!decode_cluster(ok));

  p = ReplicationPacket{};
  p.dependency_replies = {{1, false, 2}};
  ok = encode_cluster(p);
  REQUIRE(decode_cluster(ok));
  ok[ok.size() - 1 - 8] = 3;  // the retry bool of the reply (its version follows)
  CHECK(!decode_cluster(ok));

  auto map = std::make_shared<PartitionMap>(*sample_map());
  map->mutable_owners(3).replicas = {map->primary_of(3)};  // replica == primary
  CHECK(!decode_cluster(encode_cluster(MembershipMessage(Commit{sample_view(), map}))));
  View unsorted = sample_view();
  std::swap(unsorted.members[0], unsorted.members[1]);
  CHECK(!decode_cluster(encode_cluster(MembershipMessage(Propose{{1, 1}, unsorted}))));
}

TEST_CASE("a partition map needs exactly kPartitionCount entries", "[net][cluster_codec]") {
  std::string bytes = encode_cluster(MembershipMessage(Commit{View{}, sample_map()}));
  // tags (2) + empty view (8 + 8 + 4) + map flag (1) + epoch (8), then the u32 count.
  std::size_t at = 2 + 20 + 1 + 8;
  REQUIRE(static_cast<std::uint8_t>(bytes[at]) == (kPartitionCount & 0xFF));
  bytes[at + 1] = static_cast<char>(bytes[at + 1] + 1);
  auto r = decode_cluster(bytes);
  REQUIRE(!r);
  CHECK(r.error().message().find("expected 1024") != std::string_view::npos);
}

TEST_CASE("truncated and random cluster bytes never crash", "[net][cluster_codec]") {
  std::string full = encode_cluster(sample_packet());
  for (std::size_t n = 0; n < full.size(); ++n) {
    CHECK(!decode_cluster(std::string_view(full).substr(0, n)));
  }
  std::mt19937 rng(20260611);
  std::uniform_int_distribution<int> byte(0, 255);
  for (int round = 0; round < 3000; ++round) {
    std::string s = round % 2 == 0 ? full : std::string(rng() % 200, '\0');
    for (std::size_t i = 0; i < 1 + rng() % 8 && !s.empty(); ++i) {
      s[rng() % s.size()] = static_cast<char>(byte(rng));
    }
    (void)decode_cluster(s);  // any outcome but a crash or a huge allocation
  }
  std::string huge_count = std::string(1, '\1') + std::string(8, '\0') + "\xff\xff\xff\x7f";
  CHECK(!decode_cluster(huge_count));  // 2^31 items claimed in a 13-byte body
}

TEST_CASE("hello and announcement frames round-trip", "[net][cluster_codec]") {
  PeerHello h{7, "127.0.0.2", 722, "abc"};
  std::string frame;
  append_hello_frame(h, frame);
  auto header = parse_header(reinterpret_cast<const std::uint8_t*>(frame.data()), 1 << 20);
  REQUIRE(header);
  CHECK(header->opcode == kOpPeerHello);
  auto back = decode_hello(std::string_view(frame).substr(kFrameHeaderBytes));
  REQUIRE(back);
  CHECK(*back == h);

  StoreParams params = {{"max_replicas", "1"}, {"mgt_port", "720"}};
  Announcement a{9, "127.0.0.3", 722, 721, 720, params_digest(params), params};
  std::string dgram = encode_announcement(a);
  auto a2 = decode_announcement(dgram);
  REQUIRE(a2);
  CHECK(*a2 == a);
  CHECK(!decode_announcement(dgram.substr(0, dgram.size() - 1)));
  CHECK(!decode_announcement(dgram + "z"));
  CHECK(!decode_announcement("hello"));
}

TEST_CASE("the parameter digest ignores order and sees every value", "[net][cluster_codec]") {
  StoreParams a = {{"a", "1"}, {"b", "2"}};
  StoreParams b = {{"b", "2"}, {"a", "1"}};
  StoreParams c = {{"a", "1"}, {"b", "3"}};
  CHECK(params_digest(a) == params_digest(b));
  CHECK(params_digest(a) != params_digest(c));
  CHECK(params_digest(a).size() == 64);
}
