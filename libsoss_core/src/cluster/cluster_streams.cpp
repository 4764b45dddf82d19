// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// ClusterHost's side of the partition streams (replication/replica_streams.hpp): which items
// and acks it takes, and what follows from them (a pull complete, responses released).
#include "cluster/cluster_host_state.hpp"
#include "cluster/replication/partition_transfer.hpp"
#include "cluster/replication/replica_streams.hpp"

namespace soss::core {

// An item counts only from the partition's primary (to a replica) or from the source a pull
// asked, in this host's epoch.
void ClusterHost::on_item(HostId from, const StreamItem& item) {
  if (item.partition >= kPartitionCount || item.epoch != epoch_ || !member_) {
    return;
  }
  PartitionId p = item.partition;
  Partition& part = parts_[p];
  bool from_primary =
      part.role == PartitionRole::kReplica && membership_.map().primary_of(p) == from;
  bool from_source = transfer_->pulls_from(p, from);
  if (!from_primary && !from_source) {
    return;
  }
  const bool synced = streams_->on_item(
      from, item,
      ReplicaStreams::Holding{part.role == PartitionRole::kReplica, epoch_, part.synced_epoch});
  if (from_source) {
    transfer_->on_pull_item(p, from, synced);
  }
}

void ClusterHost::on_ack(HostId from, const StreamAck& ack) {
  if (ack.partition >= kPartitionCount) {
    return;
  }
  if (streams_->on_ack(from, ack)) {
    release(ack.partition);
    transfer_->maybe_release_others(ack.partition);
  }
}

}  // namespace soss::core
