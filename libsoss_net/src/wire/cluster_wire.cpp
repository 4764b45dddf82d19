// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "wire/cluster_wire.hpp"

#include <memory>
#include <string>

#include "wire/wire_list.hpp"

namespace soss::core {
namespace {

using net::detail::fail;
using net::detail::load_bool;
using net::detail::load_list;
using net::detail::load_variant;
using net::detail::save_bool;
using net::detail::save_list;
using net::detail::save_variant;
using In = WireInArchive;

constexpr std::size_t kMemberWireBytes = 8 + 4 + 8;

void save_ballot(Out& ar, const Ballot& b) { ar(b.round, b.host); }
void load_ballot(In& ar, Ballot& b) { ar(b.round, b.host); }

void save_owners(Out& ar, const PartitionOwners& o) {
  ar(o.primary);
  save_list(ar, o.replicas, [](Out& a, HostId h) { a(h); });
}

void load_owners(In& ar, PartitionOwners& o) {
  ar(o.primary);
  load_list(ar, o.replicas, 8, [](In& a, HostId& h) { a(h); });
  if (o.replicas.size() > kMaxReplicas) {
    fail("partition with " + std::to_string(o.replicas.size()) + " replicas");
  }
  for (std::size_t i = 0; i < o.replicas.size(); ++i) {
    HostId r = o.replicas[i];
    bool dup = r == 0 || r == o.primary || (i > 0 && o.replicas[0] == r);
    if (dup || o.primary == 0) {
      fail("partition owners not distinct hosts");
    }
  }
}

// One overload set for the alternatives of MembershipMessage.
void save_one(Out& ar, const Heartbeat& m) { ar(m.epoch, m.lineage, m.sent_at_ms); }
void load_one(In& ar, Heartbeat& m) { ar(m.epoch, m.lineage, m.sent_at_ms); }
void save_one(Out& ar, const HeartbeatEcho& m) { ar(m.epoch, m.lineage, m.sent_at_ms); }
void load_one(In& ar, HeartbeatEcho& m) { ar(m.epoch, m.lineage, m.sent_at_ms); }
void save_one(Out& ar, const JoinRequest& m) { ar(m.host, m.weight, m.incarnation, m.lineage); }
void load_one(In& ar, JoinRequest& m) { ar(m.host, m.weight, m.incarnation, m.lineage); }
void save_one(Out&, const LeaveRequest&) {}
void load_one(In&, LeaveRequest&) {}

void save_one(Out& ar, const Prepare& m) {
  ar(m.epoch, m.lineage);
  save_ballot(ar, m.ballot);
}
void load_one(In& ar, Prepare& m) {
  ar(m.epoch, m.lineage);
  load_ballot(ar, m.ballot);
}

void save_one(Out& ar, const Promise& m) {
  ar(m.epoch);
  save_ballot(ar, m.ballot);
  save_ballot(ar, m.accepted_ballot);
  save_bool(ar, m.accepted.has_value());
  if (m.accepted) {
    save(ar, *m.accepted);
  }
}
void load_one(In& ar, Promise& m) {
  ar(m.epoch);
  load_ballot(ar, m.ballot);
  load_ballot(ar, m.accepted_ballot);
  bool has = false;
  load_bool(ar, has, "accepted flag");
  if (has) {
    load(ar, m.accepted.emplace());
  }
}

void save_one(Out& ar, const Propose& m) {
  save_ballot(ar, m.ballot);
  save(ar, m.view);
}
void load_one(In& ar, Propose& m) {
  load_ballot(ar, m.ballot);
  load(ar, m.view);
}

void save_one(Out& ar, const Ack& m) {
  ar(m.epoch);
  save_ballot(ar, m.ballot);
}
void load_one(In& ar, Ack& m) {
  ar(m.epoch);
  load_ballot(ar, m.ballot);
}

void save_one(Out& ar, const Nack& m) {
  ar(m.epoch);
  save_ballot(ar, m.promised);
}
void load_one(In& ar, Nack& m) {
  ar(m.epoch);
  load_ballot(ar, m.promised);
}

void save_one(Out& ar, const Commit& m) {
  save(ar, m.view);
  save_bool(ar, m.map != nullptr);
  if (m.map) {
    save(ar, *m.map);
  }
}
void load_one(In& ar, Commit& m) {
  load(ar, m.view);
  bool has = false;
  load_bool(ar, has, "map flag");
  m.map.reset();
  if (has) {
    auto map = std::make_shared<PartitionMap>();
    load(ar, *map);
    m.map = std::move(map);
  }
}

void save_one(Out& ar, const MembershipMessage& m) { save(ar, m); }
void load_one(In& ar, MembershipMessage& m) { load(ar, m); }
void save_one(Out& ar, const ReplicationPacket& m) { save(ar, m); }
void load_one(In& ar, ReplicationPacket& m) { load(ar, m); }

void save_one(Out& ar, const ForwardRequest& m) {
  ar(m.id, static_cast<std::uint16_t>(m.request.op), m.share_epoch, m.share_lineage);
  save(ar, m.request);
}
void load_one(In& ar, ForwardRequest& m) {
  std::uint16_t op = 0;
  ar(m.id, op, m.share_epoch, m.share_lineage);
  auto code = static_cast<OpCode>(op);
  if (code != OpCode::kPing && !is_object_op(code) && !is_management_op(code)) {
    fail("unknown forwarded opcode " + std::to_string(op));
  }
  load(ar, m.request);
  m.request.op = code;
}

void save_one(Out& ar, const ForwardReply& m) {
  ar(m.id);
  save(ar, m.response);
}
void load_one(In& ar, ForwardReply& m) {
  ar(m.id);
  load(ar, m.response);
}

}  // namespace

void save(Out& ar, const View& v) {
  ar(v.epoch, v.lineage);
  save_list(ar, v.members, [](Out& a, const Member& m) { a(m.id, m.weight, m.incarnation); });
}

void load(WireInArchive& ar, View& v) {
  ar(v.epoch, v.lineage);
  load_list(ar, v.members, kMemberWireBytes,
            [](In& a, Member& m) { a(m.id, m.weight, m.incarnation); });
  for (std::size_t i = 1; i < v.members.size(); ++i) {
    if (v.members[i - 1].id >= v.members[i].id) {
      fail("view members not sorted by distinct id");
    }
  }
}

void save(Out& ar, const PartitionMap& v) {
  ar(v.epoch());
  save_list(ar, v.partitions(), save_owners);
}

void load(WireInArchive& ar, PartitionMap& v) {
  std::uint64_t epoch = 0;
  std::uint32_t n = 0;
  ar(epoch, n);
  if (n != kPartitionCount) {
    fail("partition map with " + std::to_string(n) + " partitions, expected " +
         std::to_string(kPartitionCount));
  }
  v = PartitionMap();
  v.set_epoch(epoch);
  for (PartitionId p = 0; p < kPartitionCount; ++p) {
    load_owners(ar, v.mutable_owners(p));
  }
}

void save(Out& ar, const MembershipMessage& v) {
  save_variant(ar, v, [](Out& a, const auto& x) { save_one(a, x); });
}

void load(WireInArchive& ar, MembershipMessage& v) {
  load_variant(
      ar, v, [](In& a, auto& x) { load_one(a, x); }, "membership message");
}

void save_cluster(Out& ar, const ClusterMessage& m) {
  save_variant(ar, m, [](Out& a, const auto& x) { save_one(a, x); });
}

void load_cluster(WireInArchive& ar, ClusterMessage& m) {
  load_variant(
      ar, m, [](In& a, auto& x) { load_one(a, x); }, "cluster message");
}

}  // namespace soss::core
