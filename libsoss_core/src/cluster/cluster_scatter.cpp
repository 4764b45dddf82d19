// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// ClusterHost: requests that span partitions. A listing, query or clear is split into one share
// per primary host of the view (each runs over its own primary partitions, after their earlier
// writes are replicated, and a clear's removals are replicated before its share answers); the
// shares are merged (scatter_merge.cpp). A bulk request becomes one request per key.
#include <memory>
#include <set>
#include <utility>

#include "cluster/cluster_host_state.hpp"
#include "cluster/scatter_merge.hpp"

namespace soss::core {

// The answers of the parts of one spanning request, collected until the last arrives.
struct ClusterHost::Gather {
  Request request;
  Completion done;
  std::size_t left = 0;
  std::vector<Response> answers;
};

void ClusterHost::execute_spanning(const Request& request, Completion done) {
  if (is_bulk(request.op)) {
    execute_bulk(request, std::move(done));
    return;
  }
  std::set<HostId> primaries;
  for (const PartitionOwners& owners : membership_.map().partitions()) {
    if (owners.primary != 0) {
      primaries.insert(owners.primary);
    }
  }
  auto gather = std::make_shared<Gather>();
  gather->request = request;
  gather->done = std::move(done);
  gather->left = primaries.size();
  if (primaries.empty()) {
    ready_.emplace_back(std::move(gather->done), merge_shares(request, {}, 1));
    return;
  }
  const std::uint32_t max_page = store_.options().max_list_page;
  for (HostId host : primaries) {
    Completion one = [gather, max_page](Response r) {
      gather->answers.push_back(std::move(r));
      if (--gather->left == 0) {
        gather->done(merge_shares(gather->request, std::move(gather->answers), max_page));
      }
    };
    if (host == membership_.self()) {
      run_share(request, lineage_, epoch_, std::move(one));
    } else {
      ForwardRequest share;
      share.share_epoch = epoch_;
      share.share_lineage = lineage_;
      forward(host, request, std::move(one), share);
    }
  }
}

// One request per item, each at its key's primary; the results keep the request's order. A
// bulk read that meets a store in change answers that (reads are safe to retry); a bulk add
// reports each item's own outcome, since some may have been added.
void ClusterHost::execute_bulk(const Request& request, Completion done) {
  auto gather = std::make_shared<Gather>();
  gather->request.op = request.op;
  gather->done = std::move(done);
  gather->left = request.items.size();
  gather->answers.resize(request.items.size());
  if (request.items.empty()) {
    ready_.emplace_back(std::move(gather->done), Response{});
    return;
  }
  for (std::size_t i = 0; i < request.items.size(); ++i) {
    const BulkItem& item = request.items[i];
    Request one;
    one.id = ObjectId{request.id.ns, item.key};
    one.key_name = item.key_name;
    one.ns_name = request.ns_name;
    if (request.op == OpCode::kBulkRead) {
      one.op = OpCode::kRead;
    } else {
      one.op = OpCode::kAdd;
      one.value = item.value;
      one.content_type = request.content_type;
      one.policy = request.policy;
      one.indexes = request.indexes;
    }
    Completion answer = [gather, i](Response r) {
      gather->answers[i] = std::move(r);
      if (--gather->left > 0) {
        return;
      }
      Response out;
      for (Response& a : gather->answers) {
        bool retry = a.code == StatusCode::kNotReady || a.code == StatusCode::kUnavailable ||
                     a.code == StatusCode::kTimeout;
        if (gather->request.op == OpCode::kBulkRead && retry) {
          gather->done(Response::of(a.code, std::move(a.message)));
          return;
        }
        out.items.push_back(BulkResult{a.code, std::move(a.value), a.meta.version});
      }
      gather->done(std::move(out));
    };
    if (auto now = route(one, answer)) {
      ready_.emplace_back(std::move(answer), std::move(*now));
    }
  }
}

// This host's share: the request over the partitions it is serving primary of in (lineage,
// epoch). It answers once every one of them has replicated its writes up to now, the share's
// own removals included, so a listing never shows a write that a failover could lose.
void ClusterHost::run_share(const Request& request, std::uint64_t lineage, std::uint64_t epoch,
                            Completion done) {
  if (!member_ || !membership_.serving() || lineage != lineage_ || epoch != epoch_) {
    ready_.emplace_back(std::move(done),
                        Response::of(StatusCode::kNotReady, "the store changed: retry"));
    return;
  }
  if (!membership_.has_lease()) {
    ready_.emplace_back(std::move(done),
                        Response::of(StatusCode::kNotReady,
                                     "this host has not heard from a majority lately: retry"));
    return;
  }
  PartitionSet only;
  for (PartitionId p = 0; p < kPartitionCount; ++p) {
    if (parts_[p].role != PartitionRole::kPrimary) {
      continue;
    }
    if (parts_[p].phase != PartitionPhase::kServing) {
      ready_.emplace_back(
          std::move(done),
          Response::of(StatusCode::kNotReady, fmt::format("partition {} is being transferred", p)));
      return;
    }
    only.set(p);
  }
  std::vector<Effect> effects;
  Response response = store_.execute_partial(request, only, &effects, work_sink());
  std::set<PartitionId> wrote;
  for (const Effect& e : effects) {
    wrote.insert(partition_of(e.id));
  }
  // A clear's dependents in other hosts' partitions are removed there; the share's answers
  // (queued below) wait for that too.
  after_store_call(effects, kPartitionCount);
  if (response.code != StatusCode::kOk || only.none()) {
    ready_.emplace_back(std::move(done), std::move(response));
    return;
  }
  // One (empty) wait per partition; the first failure answers, else the last release does.
  auto gather = std::make_shared<Gather>();
  gather->done = std::move(done);
  gather->left = only.count();
  gather->answers.push_back(std::move(response));
  auto step = [gather](Response r) {
    if (!gather->done) {
      return;
    }
    if (r.code != StatusCode::kOk || --gather->left == 0) {
      Completion d = std::move(gather->done);
      gather->done = nullptr;
      d(r.code != StatusCode::kOk ? std::move(r) : std::move(gather->answers.front()));
    }
  };
  for (PartitionId p = 0; p < kPartitionCount; ++p) {
    if (only.test(p)) {
      Partition& part = parts_[p];
      part.waiting.push_back(Waiting{part.writes, wrote.count(p) > 0, step, Response{}});
      release(p);
    }
  }
}

}  // namespace soss::core
