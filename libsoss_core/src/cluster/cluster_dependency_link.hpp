// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// ClusterHost::DependencyLink: the DependencyHost a ClusterHost gives its RemoteDependencies.
// Shared by cluster_host.cpp (which creates it) and cluster_dependencies.cpp.
#pragma once

#include <cstdint>
#include <vector>

#include "cluster/cluster_host_state.hpp"
#include "cluster/replication/remote_dependencies.hpp"

namespace soss::core {

// Adapts the host's private state to the narrow interface RemoteDependencies needs. Owned by its
// ClusterHost (which outlives it); not thread-safe.
class ClusterHost::DependencyLink final : public DependencyHost {
 public:
  explicit DependencyLink(ClusterHost& host) : host_(host) {}

  HostId self() const override { return host_.membership_.self(); }
  HostId primary_of(PartitionId p) const override { return host_.membership_.map().primary_of(p); }
  void send(HostId to, const DependencyRequest& request) override {
    host_.packet(to).dependency_requests.push_back(request);
  }
  void send(HostId to, const DependencyReply& reply) override {
    host_.packet(to).dependency_replies.push_back(reply);
  }
  bool serves(PartitionId p) const override {
    const Partition& part = host_.parts_[p];
    return host_.member_ && host_.membership_.has_lease() && part.role == PartitionRole::kPrimary &&
           part.phase == PartitionPhase::kServing;
  }
  std::uint64_t writes(PartitionId p) const override { return host_.parts_[p].writes; }
  std::uint64_t acked_writes(PartitionId p) const override {
    return host_.acked_writes(host_.parts_[p]);
  }
  DependencyReply answer(const DependencyRequest& request, WrittenIndexes& written) override;
  void resolve(const DependencyRequest& request, std::uint64_t version,
               WrittenIndexes& written) override;
  std::vector<ParentLink> links_in(PartitionId p) const override {
    return host_.store_.links_in(p);
  }
  void release(PartitionId p) override { host_.release(p); }

 private:
  ClusterHost& host_;
};

}  // namespace soss::core
