// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// The replication half of cluster_wire.hpp: effects and partition streams.
#include <string>

#include "wire/cluster_wire.hpp"
#include "wire/wire_list.hpp"

namespace soss::core {
namespace {

using net::detail::fail;
using net::detail::load_bool;
using net::detail::load_list;
using net::detail::load_str;
using net::detail::save_bool;
using net::detail::save_list;
using net::detail::save_str;
using In = WireInArchive;

// Smallest encodings, for the count checks of load_list.
constexpr std::size_t kObjectIdWireBytes = 4 + 32;
constexpr std::size_t kEffectWireBytes = kObjectIdWireBytes + 1 + 4 + 8;
constexpr std::size_t kItemWireBytes = 4 + 8 + 8 + 8 + 1 + 1 + 4;
constexpr std::size_t kAckWireBytes = 4 + 8 + 8 + 1;
constexpr std::size_t kPartitionListWireBytes = 8 + 4;
constexpr std::size_t kAnswerWireBytes = 4 + 8;
constexpr std::size_t kDependencyRequestWireBytes = 8 + 1 + 2 * kObjectIdWireBytes + 8;
constexpr std::size_t kDependencyReplyWireBytes = 8 + 1 + 8;

void save_partition(Out& ar, PartitionId p) { ar(p); }
void load_partition(In& ar, PartitionId& p) {
  ar(p);
  if (p >= kPartitionCount) {
    fail("partition id " + std::to_string(p) + " out of range");
  }
}

void save_state(Out& ar, const ObjectState& s) {
  save_str(ar, s.value);
  save(ar, s.meta);
  ar(s.ticket, s.lock_remaining_ms);
  save_bool(ar, s.timeout_remaining_ms.has_value());
  if (s.timeout_remaining_ms) {
    ar(*s.timeout_remaining_ms);
  }
  save_list(ar, s.dependents, [](Out& a, const ObjectId& id) { save(a, id); });
  save_list(ar, s.parent_versions, [](Out& a, std::uint64_t v) { a(v); });
}

void load_state(In& ar, ObjectState& s) {
  load_str(ar, s.value);
  load(ar, s.meta);
  ar(s.ticket, s.lock_remaining_ms);
  bool has_timeout = false;
  load_bool(ar, has_timeout, "timeout flag");
  s.timeout_remaining_ms.reset();
  if (has_timeout) {
    ar(s.timeout_remaining_ms.emplace());
  }
  load_list(ar, s.dependents, kObjectIdWireBytes, [](In& a, ObjectId& id) { load(a, id); });
  load_list(ar, s.parent_versions, 8, [](In& a, std::uint64_t& v) { a(v); });
}

void save_item(Out& ar, const StreamItem& v) {
  save_partition(ar, v.partition);
  ar(v.epoch, v.seq, v.primary_version);
  save_bool(ar, v.reset);
  save_bool(ar, v.complete);
  save_list(ar, v.effects, [](Out& a, const Effect& e) { save(a, e); });
}

void load_item(In& ar, StreamItem& v) {
  load_partition(ar, v.partition);
  ar(v.epoch, v.seq, v.primary_version);
  load_bool(ar, v.reset, "reset");
  load_bool(ar, v.complete, "complete");
  load_list(ar, v.effects, kEffectWireBytes, [](In& a, Effect& e) { load(a, e); });
}

void save_ack(Out& ar, const StreamAck& v) {
  save_partition(ar, v.partition);
  ar(v.epoch, v.seq);
  save_bool(ar, v.synced);
}

void load_ack(In& ar, StreamAck& v) {
  load_partition(ar, v.partition);
  ar(v.epoch, v.seq);
  load_bool(ar, v.synced, "synced");
}

// SyncQuery, PullRequest and Release share one shape: an epoch and a list of partitions.
template <typename T>
void save_partition_list(Out& ar, const T& v) {
  ar(v.epoch);
  save_list(ar, v.partitions, save_partition);
}

template <typename T>
void load_partition_list(In& ar, T& v) {
  ar(v.epoch);
  load_list(ar, v.partitions, 4, load_partition);
}

void save_info(Out& ar, const SyncInfo& v) {
  ar(v.epoch);
  save_list(ar, v.answers, [](Out& a, const SyncAnswer& x) {
    save_partition(a, x.partition);
    a(x.synced_epoch);
  });
}

void load_info(In& ar, SyncInfo& v) {
  ar(v.epoch);
  load_list(ar, v.answers, kAnswerWireBytes, [](In& a, SyncAnswer& x) {
    load_partition(a, x.partition);
    a(x.synced_epoch);
  });
}

void save_dependency_request(Out& ar, const DependencyRequest& v) {
  ar(v.id);
  save_bool(ar, v.remove);
  save(ar, v.child);
  save(ar, v.parent);
  ar(v.version);
}

void load_dependency_request(In& ar, DependencyRequest& v) {
  ar(v.id);
  load_bool(ar, v.remove, "remove");
  load(ar, v.child);
  load(ar, v.parent);
  ar(v.version);
}

void save_dependency_reply(Out& ar, const DependencyReply& v) {
  ar(v.id);
  save_bool(ar, v.retry);
  ar(v.version);
}

void load_dependency_reply(In& ar, DependencyReply& v) {
  ar(v.id);
  load_bool(ar, v.retry, "retry");
  ar(v.version);
}

}  // namespace

void save(Out& ar, const Effect& v) {
  save(ar, v.id);
  save_bool(ar, v.state.has_value());
  if (v.state) {
    save_state(ar, *v.state);
  }
  save_str(ar, v.ns_name);
  ar(v.partition_version);
}

void load(WireInArchive& ar, Effect& v) {
  load(ar, v.id);
  bool has_state = false;
  load_bool(ar, has_state, "state flag");
  v.state.reset();
  if (has_state) {
    load_state(ar, v.state.emplace());
  }
  load_str(ar, v.ns_name);
  ar(v.partition_version);
}

void save(Out& ar, const ReplicationPacket& v) {
  ar(v.lineage);
  save_list(ar, v.items, save_item);
  save_list(ar, v.acks, save_ack);
  save_list(ar, v.queries, save_partition_list<SyncQuery>);
  save_list(ar, v.infos, save_info);
  save_list(ar, v.pulls, save_partition_list<PullRequest>);
  save_list(ar, v.releases, save_partition_list<Release>);
  save_list(ar, v.release_acks, save_partition_list<Release>);
  save_list(ar, v.dependency_requests, save_dependency_request);
  save_list(ar, v.dependency_replies, save_dependency_reply);
}

void load(WireInArchive& ar, ReplicationPacket& v) {
  ar(v.lineage);
  load_list(ar, v.items, kItemWireBytes, load_item);
  load_list(ar, v.acks, kAckWireBytes, load_ack);
  load_list(ar, v.queries, kPartitionListWireBytes, load_partition_list<SyncQuery>);
  load_list(ar, v.infos, kPartitionListWireBytes, load_info);
  load_list(ar, v.pulls, kPartitionListWireBytes, load_partition_list<PullRequest>);
  load_list(ar, v.releases, kPartitionListWireBytes, load_partition_list<Release>);
  load_list(ar, v.release_acks, kPartitionListWireBytes, load_partition_list<Release>);
  load_list(ar, v.dependency_requests, kDependencyRequestWireBytes, load_dependency_request);
  load_list(ar, v.dependency_replies, kDependencyReplyWireBytes, load_dependency_reply);
}

}  // namespace soss::core
