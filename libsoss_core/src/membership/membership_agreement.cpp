// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// The agreement half of Membership: single-decree Paxos on view epoch + 1 among the members of
// view epoch (see membership.hpp for what it guarantees and why Paxos).
#include <algorithm>
#include <utility>

#include "soss/core/common/log.hpp"
#include "soss/core/membership/membership.hpp"

namespace soss::core {

namespace {

constexpr std::string_view kLog = "membership";

std::uint64_t fork_lineage(HostId self, std::uint64_t incarnation, std::uint64_t epoch) {
  std::uint64_t x = self * 0x9E3779B97F4A7C15ULL ^ incarnation;
  x ^= (epoch + 0x632BE59BD9B4E019ULL) * 0xBF58476D1CE4E5B9ULL;
  x ^= x >> 31;
  return x | 1;
}

}  // namespace

// Majority of the current view, except in a 2-host view whose peer is suspected under the
// 2-host rule: then the survivor alone is enough (and its commit starts a new lineage).
std::size_t Membership::required_quorum() const {
  if (options_.two_host_survivor && view_.members.size() == 2 && live_members() < 2) {
    return 1;
  }
  return view_.majority();
}

// The view the coordinator wants next: live members minus leavers and restarted hosts, plus the
// hosts asking to join. A restarted host (new incarnation) is removed now and added next epoch,
// so that the map first fails over its partitions and then treats it as an empty new host.
View Membership::desired_view() const {
  View next;
  next.epoch = view_.epoch + 1;
  next.lineage = view_.lineage;
  for (const Member& m : view_.members) {
    auto join = pending_joins_.find(m.id);
    const bool restarted =
        join != pending_joins_.end() && join->second.incarnation != m.incarnation;
    if (is_live(m.id) && pending_leaves_.count(m.id) == 0 && !restarted) {
      next.members.push_back(m);
    }
  }
  // Under the 2-host rule the survivor only drops its peer: a view it commits alone must not
  // also take in joiners, whose data and liveness nobody else has vouched for.
  const bool survivor_alone = required_quorum() < view_.majority();
  for (const auto& [id, join] : pending_joins_) {
    if (!survivor_alone && !view_.contains(id)) {
      next.members.push_back(Member{id, join.weight, join.incarnation});
    }
  }
  normalize_members(next.members);
  return next;
}

void Membership::maybe_start_round() {
  const TimePoint now = clock_.now();
  if (round_ && now - round_->started > 4 * options_.heartbeat) {
    round_.reset();  // lost messages or a competing proposer: try again with a higher ballot
  }
  const bool finish = unfinished_value(now);
  if (round_ || state_ == HostState::kIsolated || now < next_round_at_ ||
      (coordinator() != options_.self && !finish)) {
    return;
  }
  View next = desired_view();
  if (next.members == view_.members && !finish) {
    return;
  }
  Round r;
  r.ballot = Ballot{++max_round_, options_.self};
  r.epoch = view_.epoch + 1;
  r.started = now;
  round_ = std::move(r);
  next_round_at_ = now + options_.heartbeat;
  log::debug(kLog, "host {} prepares epoch {} ballot {}", options_.self, round_->epoch,
             round_->ballot.round);
  const Prepare prepare{round_->epoch, view_.lineage, round_->ballot};
  for (const Member& m : view_.members) {
    send_to(m.id, prepare);
  }
}

// A value this host accepted for the next epoch and no commit followed: a majority may have
// accepted it (it is then chosen) with the acks or the commit lost, and its proposer may have
// stopped proposing (the host it suspected came back and is the coordinator again, wanting no
// change). Nobody would learn the chosen view until the next change, and that change would then
// finish this one first, removing a host long after it recovered, possibly while another fails
// (cluster seed 5). So after a while any host that accepted it runs a round: Paxos proposes the
// accepted value again and commits it. Hosts later in the view wait longer, so they seldom race.
bool Membership::unfinished_value(TimePoint now) const {
  if (!accepted_ || accepted_->epoch != view_.epoch + 1) {
    return false;
  }
  std::int64_t rank = 0;
  for (const Member& m : view_.members) {
    if (m.id == options_.self) {
      break;
    }
    ++rank;
  }
  return now - accepted_at_ > (8 + 4 * rank) * options_.heartbeat;
}

void Membership::on_prepare(HostId from, const Prepare& m) {
  if (!is_member() || m.lineage != view_.lineage) {
    return;
  }
  note_alive(from);
  if (m.epoch <= view_.epoch) {
    push_view(from);  // decided already: the proposer missed the commit
    return;
  }
  if (m.epoch > view_.epoch + 1) {
    return;  // we are behind; the proposer's side pushes its view on our next heartbeat
  }
  max_round_ = std::max(max_round_, m.ballot.round);
  if (m.ballot >= promised_) {
    promised_ = m.ballot;
    send_to(from, Promise{m.epoch, m.ballot, accepted_ballot_, accepted_});
  } else {
    send_to(from, Nack{m.epoch, promised_});
  }
}

void Membership::on_promise(HostId from, const Promise& m) {
  if (!round_ || round_->proposing || m.epoch != round_->epoch || m.ballot != round_->ballot ||
      !view_.contains(from)) {
    return;
  }
  note_alive(from);
  round_->votes.insert(from);
  if (m.accepted && m.accepted_ballot > round_->best_ballot) {
    round_->best_ballot = m.accepted_ballot;
    round_->best = m.accepted;
  }
  if (round_->votes.size() < required_quorum()) {
    return;
  }
  // Paxos: a value some quorum may have accepted must be proposed again; only a free slot
  // takes this coordinator's own wish.
  round_->value = round_->best ? *round_->best : desired_view();
  if (!round_->best && round_->value.members == view_.members) {
    round_.reset();  // nothing to change any more
    return;
  }
  round_->proposing = true;
  round_->votes.clear();
  const Propose propose{round_->ballot, round_->value};
  for (const Member& member : view_.members) {
    send_to(member.id, propose);
  }
}

void Membership::on_propose(HostId from, const Propose& m) {
  const View& v = m.view;
  if (!is_member() || v.lineage != view_.lineage) {
    return;
  }
  note_alive(from);
  if (v.epoch <= view_.epoch) {
    push_view(from);
    return;
  }
  if (v.epoch > view_.epoch + 1) {
    return;
  }
  max_round_ = std::max(max_round_, m.ballot.round);
  if (m.ballot >= promised_) {
    promised_ = m.ballot;
    accepted_ballot_ = m.ballot;
    accepted_ = v;
    accepted_at_ = clock_.now();
    send_to(from, Ack{v.epoch, m.ballot});
  } else {
    send_to(from, Nack{v.epoch, promised_});
  }
}

void Membership::on_ack(HostId from, const Ack& m) {
  if (!round_ || !round_->proposing || m.epoch != round_->epoch || m.ballot != round_->ballot ||
      !view_.contains(from)) {
    return;
  }
  note_alive(from);
  round_->votes.insert(from);
  if (round_->votes.size() >= required_quorum()) {
    commit_round();
  }
}

void Membership::on_nack(const Nack& m) {
  // Only speeds up the next attempt; the round itself times out.
  max_round_ = std::max(max_round_, m.promised.round);
}

void Membership::commit_round() {
  View next = std::move(round_->value);
  if (options_.two_host_survivor && view_.members.size() == 2 && round_->votes.size() < 2) {
    // The 2-host rule committed without the peer: this may be one of two histories.
    next.lineage = fork_lineage(options_.self, incarnation_, next.epoch);
    log::warn(kLog, "host {} commits epoch {} alone (2-host rule): new lineage", options_.self,
              next.epoch);
  }
  round_.reset();
  PartitionMap m = rebalance(*map_, next.shares(), options_.max_replicas);
  m.set_epoch(next.epoch);
  auto map = std::make_shared<const PartitionMap>(std::move(m));
  const Commit commit{next, map};
  std::set<HostId> told;
  for (const View* v : {&view_, &next}) {
    for (const Member& member : v->members) {
      if (member.id != options_.self && told.insert(member.id).second) {
        messenger_.send(member.id, commit);
      }
    }
  }
  if (next.contains(options_.self)) {
    // Adopting under the old lineage keeps the lockstep map; the fork carries the same map.
    adopt(next, map, /*computed_here=*/true);
  } else {
    leave_or_rejoin(next);
  }
}

}  // namespace soss::core
