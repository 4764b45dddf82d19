// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// ClusterHost: its side of PartitionTransfer (cluster/replication/partition_transfer.hpp), which
// brings a primary's copy of a partition up to date (query, pull) and releases the old holders'
// copies: how the transfer's messages are batched into the host's packets.
#include <vector>

#include "cluster/cluster_host_state.hpp"
#include "cluster/cluster_transfer_link.hpp"

namespace soss::core {

namespace {

// The last batch of `epoch` in `list`, started if the last one is of another epoch.
template <typename T>
T& batch_for(std::vector<T>& list, std::uint64_t epoch) {
  if (list.empty() || list.back().epoch != epoch) {
    list.push_back(T{});
    list.back().epoch = epoch;
  }
  return list.back();
}

// Adds the partitions of `message` to that batch.
template <typename T>
void add_partitions(std::vector<T>& list, const T& message) {
  std::vector<PartitionId>& partitions = batch_for(list, message.epoch).partitions;
  partitions.insert(partitions.end(), message.partitions.begin(), message.partitions.end());
}

}  // namespace

void ClusterHost::TransferLink::send_query(HostId to, const SyncQuery& query) {
  add_partitions(host_.packet(to).queries, query);
}

void ClusterHost::TransferLink::send_info(HostId to, const SyncInfo& info) {
  std::vector<SyncAnswer>& answers = batch_for(host_.packet(to).infos, info.epoch).answers;
  answers.insert(answers.end(), info.answers.begin(), info.answers.end());
}

void ClusterHost::TransferLink::send_pull(HostId to, const PullRequest& pull) {
  add_partitions(host_.packet(to).pulls, pull);
}

void ClusterHost::TransferLink::send_release(HostId to, const Release& release) {
  add_partitions(host_.packet(to).releases, release);
}

void ClusterHost::TransferLink::send_release_ack(HostId to, const Release& ack) {
  add_partitions(host_.packet(to).release_acks, ack);
}

}  // namespace soss::core
