// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// ClusterHost::TransferLink: the TransferHost a ClusterHost gives its PartitionTransfer.
// Shared by cluster_host.cpp (which creates it) and cluster_transfer.cpp.
#pragma once

#include <cstdint>

#include "cluster/cluster_host_state.hpp"
#include "cluster/replication/partition_transfer.hpp"
#include "cluster/replication/replica_streams.hpp"

namespace soss::core {

// Adapts the host's private state to the narrow interface PartitionTransfer needs. Owned by its
// ClusterHost (which outlives it); not thread-safe.
class ClusterHost::TransferLink final : public TransferHost {
 public:
  explicit TransferLink(ClusterHost& host) : host_(host) {}

  HostId self() const override { return host_.membership_.self(); }
  std::uint64_t epoch() const override { return host_.epoch_; }
  bool member() const override { return host_.member_; }
  bool serving() const override { return host_.membership_.serving(); }
  const View& view() const override { return host_.current_view_; }
  const View& previous_view() const override { return host_.previous_view_; }
  const PartitionMap& map() const override { return host_.membership_.map(); }
  PartitionRole role(PartitionId p) const override { return host_.parts_[p].role; }
  PartitionPhase phase(PartitionId p) const override { return host_.parts_[p].phase; }
  void set_phase(PartitionId p, PartitionPhase phase) override { host_.parts_[p].phase = phase; }
  std::uint64_t synced_epoch(PartitionId p) const override { return host_.parts_[p].synced_epoch; }
  void set_synced_epoch(PartitionId p, std::uint64_t epoch) override {
    host_.parts_[p].synced_epoch = epoch;
  }
  void drop_partition(PartitionId p) override { (void)host_.store_.drop_partition(p); }
  void serve(PartitionId p) override {
    host_.store_.set_ticking(p, true);
    ++host_.serving_count_;
  }
  void check_links(PartitionId p) override { host_.check_links(p); }
  void open_stream(PartitionId p, HostId to, bool pull, std::uint64_t epoch) override {
    host_.streams_->open(p, to, pull, epoch);
  }
  bool replicas_synced(PartitionId p) const override { return host_.streams_->replicas_synced(p); }
  bool has_pull(PartitionId p, HostId to, std::uint64_t epoch) const override {
    return host_.streams_->has_pull(p, to, epoch);
  }
  void send_query(HostId to, const SyncQuery& query) override;
  void send_info(HostId to, const SyncInfo& info) override;
  void send_pull(HostId to, const PullRequest& pull) override;
  void send_release(HostId to, const Release& release) override;
  void send_release_ack(HostId to, const Release& ack) override;

 private:
  ClusterHost& host_;
};

}  // namespace soss::core
