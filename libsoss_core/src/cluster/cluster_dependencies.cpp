// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// ClusterHost: its side of RemoteDependencies (cluster/replication/remote_dependencies.hpp),
// which links and cascades dependencies across hosts: the DependencyHost it needs (routing,
// packets, the store calls on served partitions, the write indexes, releasing held responses).
#include <utility>

#include "cluster/cluster_dependency_link.hpp"
#include "cluster/cluster_host_state.hpp"
#include "cluster/replication/remote_dependencies.hpp"

namespace soss::core {

DependencyReply ClusterHost::DependencyLink::answer(const DependencyRequest& request,
                                                    WrittenIndexes& written) {
  std::vector<Effect> effects;
  std::vector<Effect>* sink = host_.need_effects_ ? &effects : nullptr;
  DependencyReply reply{request.id, true, 0};
  if (request.remove) {
    DependencyWork::Removal removal{request.child, request.parent, request.version};
    reply.retry = host_.store_.remove_dependent(removal, sink, host_.work_sink()) ==
                  DependentRemoval::kPending;
  } else {
    reply.retry = false;
    reply.version = host_.store_.link_dependent(request.child, request.parent, request.version,
                                                sink, host_.work_sink());
  }
  host_.record_effects(effects, &written);
  return reply;
}

void ClusterHost::DependencyLink::resolve(const DependencyRequest& request, std::uint64_t version,
                                          WrittenIndexes& written) {
  std::vector<Effect> effects;
  host_.store_.resolve_link(request.child, request.parent, request.version, version,
                            host_.need_effects_ ? &effects : nullptr, host_.work_sink());
  host_.record_effects(effects, &written);
}

void ClusterHost::after_store_call(std::vector<Effect>& effects, PartitionId own) {
  Written written;
  record_effects(effects, &written);
  dependencies_->after_store_call(written, own);
}

void ClusterHost::check_links(PartitionId p) { dependencies_->check_links(p); }

}  // namespace soss::core
