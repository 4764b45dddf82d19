// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// ClusterHost: entry points, request routing, view changes and response release.
// Streams are a ReplicaStreams (replication/replica_streams.hpp; the items and acks this host
// takes are in cluster_streams.cpp), partition transfer (query, pull, release) a
// PartitionTransfer (replication/partition_transfer.hpp; its adapter in cluster_transfer.cpp).
#include <algorithm>
#include <utility>

#include "cluster/cluster_dependency_link.hpp"
#include "cluster/cluster_host_state.hpp"
#include "cluster/cluster_transfer_link.hpp"
#include "cluster/replication/forwards.hpp"
#include "cluster/replication/remote_dependencies.hpp"
#include "cluster/replication/replica_streams.hpp"
#include "cluster/scatter_merge.hpp"
#include "soss/core/common/log.hpp"

namespace soss::core {

namespace {

constexpr std::string_view kLog = "cluster";

// Message ids start from the clock, so a restarted host continues above its former self and
// the receivers' duplicate windows keep working.
std::uint64_t first_id(const Clock& clock) {
  return static_cast<std::uint64_t>(std::max<std::int64_t>(0, clock.now().count())) << 20;
}

}  // namespace

class ClusterHost::Messenger final : public PeerMessenger {
 public:
  explicit Messenger(ClusterTransport& transport) : transport_(transport) {}
  void send(HostId to, const MembershipMessage& message) override {
    transport_.send(to, ClusterMessage{message});
  }

 private:
  ClusterTransport& transport_;
};

// What the streams send through and read: this host's packets and its partitions' write counts.
class ClusterHost::StreamLink final : public StreamHost {
 public:
  explicit StreamLink(ClusterHost& host) : host_(host) {}
  void send_item(HostId to, StreamItem&& item) override {
    host_.packet(to).items.push_back(std::move(item));
  }
  void send_ack(HostId to, const StreamAck& ack) override { host_.packet(to).acks.push_back(ack); }
  std::uint64_t writes(PartitionId p) const override { return host_.parts_[p].writes; }

 private:
  ClusterHost& host_;
};

ClusterHost::ClusterHost(ClusterHostOptions options, ClusterTransport& transport,
                         const Clock& clock)
    : options_(std::move(options)),
      transport_(transport),
      clock_(clock),
      messenger_(std::make_unique<Messenger>(transport)),
      store_(clock, options_.store),
      membership_(options_.membership, *messenger_, clock),
      stream_link_(std::make_unique<StreamLink>(*this)),
      streams_(std::make_unique<ReplicaStreams>(
          ReplicaStreams::Limits{options_.retransmit, options_.stream_window,
                                 options_.snapshot_chunk_bytes, options_.snapshot_chunks_in_flight},
          *stream_link_, store_, clock)),
      parts_(kPartitionCount),
      forwards_(std::make_unique<Forwards>(first_id(clock))),
      dependency_link_(std::make_unique<DependencyLink>(*this)),
      dependencies_(std::make_unique<RemoteDependencies>(*dependency_link_, clock,
                                                         options_.retransmit, first_id(clock))),
      transfer_link_(std::make_unique<TransferLink>(*this)),
      transfer_(std::make_unique<PartitionTransfer>(*transfer_link_, clock, options_.retransmit)) {
  for (PartitionId p = 0; p < kPartitionCount; ++p) {
    store_.set_ticking(p, false);
  }
}

// Requests still waiting in the store for a lock are answered here, while the host is whole;
// the store's own shutdown answers then find no parked request.
ClusterHost::~ClusterHost() {
  auto parked = std::move(parked_);
  parked_.clear();
  for (auto& [token, p] : parked) {
    p.done(Response::of(StatusCode::kUnavailable, "store shut down"));
  }
}

void ClusterHost::join(const std::vector<HostId>& known_peers) {
  membership_.join(known_peers);
  after_input();
}

void ClusterHost::seek(const std::vector<HostId>& known_peers) {
  membership_.seek(known_peers);
  after_input();
}

void ClusterHost::leave() {
  membership_.leave();
  after_input();
}

std::optional<Response> ClusterHost::execute(const Request& request, Completion&& done) {
  check_view();
  if (is_object_op(request.op) && membership_.serving() && spans_partitions(request.op)) {
    return execute_spanning_now(request, std::move(done));
  }
  return execute_routed(request, done);
}

// A Response is large and this is the hot path: every return here and in execute() hands its
// object straight to the caller (one named result, or a call), so no answer is moved on the way.
std::optional<Response> ClusterHost::execute_routed(const Request& request, Completion& done) {
  std::optional<Response> now = route_or_refuse(request, done);
  after_input();
  return now;
}

std::optional<Response> ClusterHost::route_or_refuse(const Request& request, Completion& done) {
  if (!is_object_op(request.op)) {
    return Response::of(StatusCode::kInvalidArgument, "not an object operation");
  }
  if (!membership_.serving()) {
    return Response::of(StatusCode::kNotReady,
                        fmt::format("host is {}", host_state_name(membership_.state())));
  }
  return route(request, done);
}

// A spanning request is answered through completions of its parts; when they all arrive within
// this call (a lone host), the answer is returned instead of passed to `done`.
std::optional<Response> ClusterHost::execute_spanning_now(const Request& request, Completion done) {
  struct Catch {
    bool inside = true;
    std::optional<Response> now;
    Completion done;
  };
  auto caught = std::make_shared<Catch>();
  caught->done = std::move(done);
  execute_spanning(request, [caught](Response r) {
    if (caught->inside) {
      caught->now = std::move(r);
    } else {
      caught->done(std::move(r));
    }
  });
  after_input();
  caught->inside = false;
  return std::move(caught->now);
}

std::optional<Response> ClusterHost::route(const Request& request, Completion& done) {
  HostId primary = membership_.map().primary_of(partition_of(request.id));
  if (primary == 0) {
    return Response::of(StatusCode::kNotReady, "no host stores objects (all weights are 0)");
  }
  if (primary != membership_.self()) {
    forward(primary, request, std::move(done));
    return std::nullopt;
  }
  return execute_local(request, done);
}

std::optional<Response> ClusterHost::execute_local(const Request& request, Completion& done) {
  PartitionId p = partition_of(request.id);
  Partition& part = parts_[p];
  if (!membership_.has_lease()) {
    return Response::of(StatusCode::kNotReady,
                        "this host has not heard from a majority lately: retry");
  }
  if (part.role != PartitionRole::kPrimary || part.phase != PartitionPhase::kServing) {
    return Response::of(StatusCode::kNotReady, fmt::format("partition {} is being transferred", p));
  }
  return execute_serving(p, request, done);
}

// Runs a request of partition `p`, which this host serves as primary; the answer waits in the
// partition's queue while a replica has not acknowledged a write before it (or its own).
std::optional<Response> ClusterHost::execute_serving(PartitionId p, const Request& request,
                                                     Completion& done) {
  Partition& part = parts_[p];
  if (on_primary_execute) {
    on_primary_execute(p, lineage_, epoch_);
  }
  const std::uint64_t token = next_token_++;
  executing_token_ = token;
  executing_done_ = &done;
  executing_id_ = request.id;
  std::vector<Effect> effects;
  std::uint64_t before = part.writes;
  std::optional<Response> r = store_.execute(
      request, [this, token](Response late) { on_store_later(token, std::move(late)); },
      need_effects_ ? &effects : nullptr, work_sink());
  const bool answered_early = executing_done_ == nullptr;
  executing_token_ = 0;
  executing_done_ = nullptr;
  if (!dependencies_->has_work() && effects.size() <= 1) {
    record_effects(effects);
  } else {
    after_store_call(effects, p);  // the answer waits for the rest (a job's floor)
  }
  if (!r) {
    if (!answered_early) {
      parked_.emplace(token, Parked{request.id, std::move(done)});
    }
  } else if (!part.waiting.empty() || acked_writes(part) < part.writes ||
             part.writes >= dependencies_->floor(p)) {
    part.waiting.push_back(
        Waiting{part.writes, part.writes != before, std::move(done), std::move(*r)});
    r.reset();
  }
  run_deferred();
  release(p);
  return r;
}

// The store answers a request it had parked (a lock granted, a wait that timed out).
void ClusterHost::on_store_later(std::uint64_t token, Response response) {
  auto it = parked_.find(token);
  if (it != parked_.end()) {
    deferred_.push_back({it->second.id, {std::move(it->second.done), std::move(response)}});
    parked_.erase(it);
  } else if (token == executing_token_ && executing_done_ != nullptr) {
    // Answered within its own execute() call: queued like any later answer.
    deferred_.push_back({executing_id_, {std::move(*executing_done_), std::move(response)}});
    executing_done_ = nullptr;
  }
}

// `share` carries share_epoch/share_lineage for a share of a spanning request.
void ClusterHost::forward(HostId primary, const Request& request, Completion done,
                          const ForwardRequest& share) {
  const TimePoint deadline =
      clock_.now() + options_.forward_timeout + std::chrono::milliseconds(request.wait_ms);
  const std::uint64_t id =
      forwards_->add(primary, request, std::move(done), share.share_epoch != 0, deadline);
  transport_.send(
      primary, ClusterMessage{ForwardRequest{id, request, share.share_epoch, share.share_lineage}});
}

// Effects of one execution or tick, grouped by partition, go to that partition's replicas.
// `written` (if given) gets each partition written and its write index.
void ClusterHost::record_effects(std::vector<Effect>& effects, Written* written) {
  if (effects.empty()) {
    return;
  }
  // Usually one partition (a write and its own effects); a cascade or an eviction adds others.
  std::vector<std::pair<PartitionId, std::vector<Effect>>> by_partition;
  for (Effect& e : effects) {
    const PartitionId p = partition_of(e.id);
    auto it = std::find_if(by_partition.begin(), by_partition.end(),
                           [p](const auto& entry) { return entry.first == p; });
    if (it == by_partition.end()) {
      it = by_partition.insert(by_partition.end(), {p, {}});
    }
    it->second.push_back(std::move(e));
  }
  for (auto& [p, list] : by_partition) {
    Partition& part = parts_[p];
    if (part.role != PartitionRole::kPrimary || part.phase != PartitionPhase::kServing) {
      // Cascades and evictions stop at partitions served elsewhere (they go to their primary
      // as dependency work), so this would be a bug: the copies would differ.
      log::warn(kLog, "effect on partition {} which this host is not serving", p);
      continue;
    }
    ++part.writes;
    if (written != nullptr) {
      written->emplace_back(p, part.writes);
    }
    streams_->queue(p, list, part.writes);
  }
}

// Completions the store produced during the last call (lock grants, waits that timed out).
void ClusterHost::run_deferred() {
  while (!deferred_.empty()) {
    auto items = std::move(deferred_);
    deferred_.clear();
    for (auto& [id, pair] : items) {
      PartitionId p = partition_of(id);
      Partition& part = parts_[p];
      if (part.role == PartitionRole::kPrimary && part.phase == PartitionPhase::kServing) {
        part.waiting.push_back(
            Waiting{part.writes, false, std::move(pair.first), std::move(pair.second)});
        release(p);
      } else {
        ready_.emplace_back(std::move(pair.first), std::move(pair.second));
      }
    }
  }
}

// Hands out the responses of `p` whose writes every replica has acknowledged and that no
// unfinished job holds (floor), and moves on the jobs that waited for these writes.
void ClusterHost::release(PartitionId p) {
  Partition& part = parts_[p];
  const std::uint64_t upto = acked_writes(part);
  const std::uint64_t floor = dependencies_->floor(p);
  while (!part.waiting.empty() && part.waiting.front().write_index <= upto &&
         part.waiting.front().write_index < floor) {
    Waiting& w = part.waiting.front();
    ready_.emplace_back(std::move(w.done), std::move(w.response));
    part.waiting.pop_front();
  }
  dependencies_->replicated(p, upto);
}

// The writes of `part` that every replica has acknowledged (all of them when it has none).
std::uint64_t ClusterHost::acked_writes(const Partition& part) const {
  const auto p = static_cast<PartitionId>(&part - parts_.data());
  return streams_->acked_writes(p, part.writes);
}

void ClusterHost::fail_waiting(Partition& part) {
  for (Waiting& w : part.waiting) {
    ready_.emplace_back(
        std::move(w.done),
        w.wrote ? Response::of(StatusCode::kUnavailable,
                               "the store changed before the write was replicated: its outcome "
                               "is unknown")
                : Response::of(StatusCode::kNotReady, "the store changed: retry"));
  }
  part.waiting.clear();
}

void ClusterHost::on_message(HostId from, const ClusterMessage& message) {
  if (const auto* m = std::get_if<MembershipMessage>(&message)) {
    membership_.on_message(from, *m);
    check_view();
  } else if (const auto* packet = std::get_if<ReplicationPacket>(&message)) {
    check_view();
    if (packet->lineage == lineage_ && lineage_ != 0) {
      for (const StreamItem& item : packet->items) {
        on_item(from, item);
      }
      for (const StreamAck& ack : packet->acks) {
        on_ack(from, ack);
      }
      for (const SyncQuery& q : packet->queries) {
        transfer_->on_query(from, q);
      }
      for (const SyncInfo& info : packet->infos) {
        transfer_->on_info(from, info);
      }
      for (const PullRequest& pull : packet->pulls) {
        transfer_->on_pull(from, pull);
      }
      for (const Release& rel : packet->releases) {
        transfer_->on_release(from, rel);
      }
      for (const Release& ack : packet->release_acks) {
        transfer_->on_release_ack(from, ack);
      }
      for (const DependencyRequest& request : packet->dependency_requests) {
        dependencies_->on_request(from, request);
      }
      for (const DependencyReply& reply : packet->dependency_replies) {
        dependencies_->on_reply(reply);
      }
    }
  } else if (const auto* fwd = std::get_if<ForwardRequest>(&message)) {
    check_view();
    std::uint64_t id = fwd->id;
    if (!forwards_->first_delivery(from, id)) {
      after_input();
      return;  // a duplicate: running a write twice could undo a later one
    }
    Completion reply = [this, from, id](Response r) {
      transport_.send(from, ClusterMessage{ForwardReply{id, std::move(r)}});
    };
    PartitionId p = partition_of(fwd->request.id);
    if (fwd->share_epoch != 0) {
      run_share(fwd->request, fwd->share_lineage, fwd->share_epoch, std::move(reply));
    } else if (!membership_.serving() || membership_.map().primary_of(p) != membership_.self()) {
      reply(Response::of(StatusCode::kNotReady, "not the partition's primary: retry"));
    } else if (auto now = execute_local(fwd->request, reply)) {
      ready_.emplace_back(std::move(reply), std::move(*now));
    }
  } else if (const auto* back = std::get_if<ForwardReply>(&message)) {
    if (std::optional<Completion> done = forwards_->answered(back->id)) {
      ready_.emplace_back(std::move(*done), back->response);
    }
  }
  after_input();
}

void ClusterHost::tick() {
  membership_.tick();
  check_view();
  std::vector<Effect> effects;
  store_.tick(need_effects_ ? &effects : nullptr, work_sink());
  after_store_call(effects, kPartitionCount);
  run_deferred();
  streams_->retransmit();
  transfer_->retry_queries();
  dependencies_->retry();
  transfer_->resend_releases();
  forwards_->expire(clock_.now(), ready_);
  after_input();
}

// Ends every entry point: sends what was batched, then runs the completions that became ready
// (last, since a completion may call back into this host).
void ClusterHost::after_input() {
  if (dependencies_->has_local()) {
    dependencies_->deliver_local();
  }
  flush();
  while (!ready_.empty()) {
    auto ready = std::move(ready_);
    ready_.clear();
    for (auto& [done, response] : ready) {
      done(std::move(response));
    }
    if (dependencies_->has_local()) {
      dependencies_->deliver_local();
    }
    flush();
  }
}

ReplicationPacket& ClusterHost::packet(HostId to) { return outbox_[to]; }

DependencyWork* ClusterHost::work_sink() {
  return serving_count_ == kPartitionCount ? nullptr : &dependencies_->work();
}

void ClusterHost::flush() {
  if (outbox_.empty()) {
    return;
  }
  auto outbox = std::move(outbox_);
  outbox_.clear();
  for (auto& [to, packet] : outbox) {
    if (!packet.empty()) {
      packet.lineage = lineage_;
      transport_.send(to, ClusterMessage{std::move(packet)});
    }
  }
}

void ClusterHost::check_view() {
  const View& v = membership_.view();
  bool member = v.epoch != 0;
  if (member != member_ || (member && (v.epoch != epoch_ || v.lineage != lineage_))) {
    on_view_change();
  }
}

void ClusterHost::on_view_change() {
  const View& v = membership_.view();
  need_effects_ = false;
  for (Partition& part : parts_) {
    fail_waiting(part);
    part.writes = 0;
    part.role = PartitionRole::kNone;
    part.phase = PartitionPhase::kIdle;
  }
  streams_->reset();
  transfer_->reset();
  // Dependency work is dropped: the new primaries check every link (check_links).
  dependencies_->reset();
  serving_count_ = 0;
  for (PartitionId p = 0; p < kPartitionCount; ++p) {
    store_.set_ticking(p, false);
  }
  if (v.epoch == 0) {
    // Left, or asking to be (re)admitted: the copies stay, frozen, as a source for the hosts
    // that take the partitions over, until they release them or this host joins anew.
    member_ = false;
    log::info(kLog, "host {} holds no view: serving nothing", membership_.self());
    return;
  }
  std::uint64_t old_epoch = epoch_;
  bool in_sequence = member_ && old_epoch > 0 && v.epoch == old_epoch + 1;
  if (in_sequence && v.lineage != lineage_) {
    // A new lineage continues this host's history only for a survivor (2-host rule).
    for (const Member& m : v.members) {
      in_sequence = in_sequence && current_view_.contains(m.id);
    }
  }
  // A member that missed a view of its own store (it adopted E + 2 straight after E: the commit
  // of E + 1 never reached it) keeps its copies, marked complete as of the epoch they were: a
  // newer complete copy, if writes were acknowledged since, is elsewhere and wins the sync
  // query; none means this one holds every acknowledged write (seed 683 lost its only
  // surviving copy of a partition by dropping it here).
  const bool skipped_ahead =
      member_ && old_epoch > 0 && v.epoch > old_epoch + 1 && v.lineage == lineage_;
  if (!in_sequence && !skipped_ahead) {
    for (PartitionId p = 0; p < kPartitionCount; ++p) {
      if (parts_[p].synced_epoch != 0 || old_epoch != 0) {
        (void)store_.drop_partition(p);
      }
      parts_[p].synced_epoch = 0;
    }
  }
  previous_view_ = in_sequence ? current_view_ : View{};
  current_view_ = v;
  epoch_ = v.epoch;
  lineage_ = v.lineage;
  member_ = true;
  const PartitionMap& map = membership_.map();
  HostId self = membership_.self();
  std::uint32_t serving = 0;
  std::uint32_t querying = 0;
  for (PartitionId p = 0; p < kPartitionCount; ++p) {
    Partition& part = parts_[p];
    bool holder = map.holds(p, self);
    if (map.primary_of(p) == self && !map.replicas_of(p).empty()) {
      need_effects_ = true;
    }
    if (in_sequence && holder && part.synced_epoch == old_epoch) {
      part.synced_epoch = epoch_;
    }
    if (map.primary_of(p) == self) {
      part.role = PartitionRole::kPrimary;
      if (part.synced_epoch == epoch_) {
        transfer_->become_serving(p);
        ++serving;
      } else {
        transfer_->start_query(p);
        ++querying;
      }
    } else if (holder) {
      part.role = PartitionRole::kReplica;
    }
  }
  log::info(kLog, "host {} at epoch {}: primary of {} ({} ready, {} to fetch), replica of {}", self,
            epoch_, serving + querying, serving, querying, map.count_replicas(self));
  redirect_forwards();
}

// Forwards whose host can no longer answer them as primary settle now rather than at their
// deadline (Forwards::settle; docs/cluster.md, "What happens when...").
void ClusterHost::redirect_forwards() {
  for (auto& [request, done] : forwards_->settle(current_view_, membership_.map(), ready_)) {
    if (auto now = route_or_refuse(request, done)) {
      ready_.emplace_back(std::move(done), std::move(*now));
    }
  }
}

ClusterHealth ClusterHost::health() const {
  ClusterHealth h;
  h.snapshot_bytes_sent = streams_->snapshot_bytes_sent();
  h.forwarded = forwards_->single_key_count();
  h.snapshots_sent = streams_->snapshots_sent();
  h.dependency_requests = dependencies_->outstanding();
  for (PartitionId p = 0; p < kPartitionCount; ++p) {
    const Partition& part = parts_[p];
    if (part.role != PartitionRole::kPrimary) {
      continue;
    }
    ++h.primaries;
    if (part.phase != PartitionPhase::kServing) {
      continue;
    }
    ++h.serving;
    if (streams_->replicas_synced(p)) {
      ++h.replicated;
    }
  }
  return h;
}

std::string ClusterHost::describe_unhealthy() const {
  for (PartitionId p = 0; p < kPartitionCount; ++p) {
    const Partition& part = parts_[p];
    if (part.role != PartitionRole::kPrimary) {
      continue;
    }
    std::string out =
        fmt::format("host {} partition {}: phase {} synced_epoch {} epoch {}", membership_.self(),
                    p, static_cast<int>(part.phase), part.synced_epoch, epoch_);
    bool bad = part.phase != PartitionPhase::kServing;
    out += streams_->describe(p, bad);
    out += transfer_->describe(p);
    if (bad) {
      return out;
    }
  }
  return {};
}

}  // namespace soss::core
