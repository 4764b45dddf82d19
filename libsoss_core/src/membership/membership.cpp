// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "soss/core/membership/membership.hpp"

#include <algorithm>
#include <type_traits>
#include <utility>
#include <variant>

#include <fmt/format.h>

#include "soss/core/common/log.hpp"

namespace soss::core {

namespace {

constexpr std::string_view kLog = "membership";

std::uint64_t mix(std::uint64_t x) {  // splitmix64 finalizer
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

// A lineage no other host picks: this host's id, incarnation and the epoch it starts at.
std::uint64_t new_lineage(HostId self, std::uint64_t incarnation, std::uint64_t epoch) {
  return mix(mix(mix(self) ^ incarnation) ^ epoch) | 1;  // never 0 (0: no view)
}

}  // namespace

Status MembershipOptions::validate() const {
  if (self == 0) {
    return Status(StatusCode::kInvalidArgument, "membership: self must not be 0");
  }
  if (weight > 10000) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("membership: store_weight {} out of range 0..10000", weight));
  }
  if (heartbeat < std::chrono::milliseconds(10) || heartbeat > std::chrono::milliseconds(60000)) {
    return Status(
        StatusCode::kInvalidArgument,
        fmt::format("membership: heartbeat_ms {} out of range 10..60000", heartbeat.count()));
  }
  if (heartbeat_misses < 2 || heartbeat_misses > 1000) {
    return Status(
        StatusCode::kInvalidArgument,
        fmt::format("membership: heartbeat_misses {} out of range 2..1000", heartbeat_misses));
  }
  if (max_replicas > kMaxReplicas) {
    return Status(
        StatusCode::kInvalidArgument,
        fmt::format("membership: max_replicas {} out of range 0..{}", max_replicas, kMaxReplicas));
  }
  return Status::ok();
}

Membership::Membership(MembershipOptions options, PeerMessenger& messenger, const Clock& clock)
    : options_(std::move(options)),
      messenger_(messenger),
      clock_(clock),
      map_(std::make_shared<const PartitionMap>()) {}

// ---------------------------------------------------------------------------------------------
// Public entry points. Each handles its input, then the messages it sent to itself.

void Membership::join(const std::vector<HostId>& known_peers) {
  if (state_ != HostState::kInactive) {
    return;
  }
  incarnation_ = next_incarnation();
  leave_requested_ = false;
  seeking_ = false;
  target_.reset();
  reset_agreement();
  pending_joins_.clear();
  pending_leaves_.clear();
  bool founding = true;
  for (HostId peer : known_peers) {
    if (peer != 0 && peer != options_.self) {
      contacts_.insert(peer);
      founding = false;
    }
  }
  next_heartbeat_ = clock_.now();
  // No peers named: found a store, even when contacts are known (discovery adds them so that
  // stores founded apart meet and merge; see add_contact).
  if (founding) {
    found_store();
  } else {
    view_ = View{};
    map_ = std::make_shared<const PartitionMap>();
    state_ = HostState::kJoining;
    log::info(kLog, "host {} joining through {} peer(s)", options_.self, contacts_.size());
  }
  tick();
}

void Membership::seek(const std::vector<HostId>& known_peers) {
  if (state_ != HostState::kInactive) {
    return;
  }
  incarnation_ = next_incarnation();
  leave_requested_ = false;
  target_.reset();
  reset_agreement();
  pending_joins_.clear();
  pending_leaves_.clear();
  for (HostId peer : known_peers) {
    if (peer != 0 && peer != options_.self) {
      contacts_.insert(peer);
    }
  }
  view_ = View{};
  map_ = std::make_shared<const PartitionMap>();
  state_ = HostState::kJoining;
  seeking_ = true;
  seek_since_ = clock_.now();
  store_heard_at_.reset();
  seekers_heard_.clear();
  next_wait_log_ = seek_since_ + options_.search_time();
  next_heartbeat_ = seek_since_;
  log::info(kLog, "host {} looks for its store through {} known host(s)", options_.self,
            contacts_.size());
  tick();
}

void Membership::found_store() {
  seeking_ = false;
  View first;
  first.epoch = 1;
  first.lineage = new_lineage(options_.self, incarnation_, 0);
  first.members.push_back(Member{options_.self, options_.weight, incarnation_});
  view_ = View{};
  map_ = std::make_shared<const PartitionMap>();
  adopt(first, nullptr);
  log::info(kLog, "host {} created the store (epoch 1)", options_.self);
}

// seek(): found a store once the search allows it (see why_not_found).
void Membership::maybe_found() {
  if (state_ != HostState::kJoining || !seeking_ || target_) {
    return;
  }
  const TimePoint now = clock_.now();
  std::string why = why_not_found(now);
  if (why.empty()) {
    log::info(kLog, "host {} heard no store in {} ms: it founds one", options_.self,
              options_.search_time().count());
    found_store();
    return;
  }
  if (now >= next_wait_log_) {
    next_wait_log_ = now + std::max(options_.suspicion_time(), std::chrono::milliseconds(5000));
    log::warn(kLog, "host {} is still joining: {}", options_.self, why);
  }
}

std::string Membership::why_not_found(TimePoint now) const {
  const auto window = options_.search_time();
  if (now - seek_since_ < window) {
    return "searching";
  }
  if (store_heard_at_ && now - *store_heard_at_ < 2 * window) {
    return "a store it heard has not taken it yet";
  }
  std::set<HostId> heard{options_.self};
  for (const auto& [id, at] : seekers_heard_) {
    if (now - at < window) {
      heard.insert(id);
    }
  }
  if (*heard.begin() != options_.self) {
    return fmt::format("host {} founds the store (lower id, also starting)", *heard.begin());
  }
  const auto& last = options_.last_members;
  if (!last.empty()) {
    const auto present =
        std::count_if(last.begin(), last.end(), [&](HostId id) { return heard.count(id) != 0; });
    const std::size_t majority = last.size() / 2 + 1;
    if (static_cast<std::size_t>(present) < majority) {
      return fmt::format(
          "it hears {} of the {} hosts of the store it was in before it started, fewer than a "
          "majority: they may be running that store without it. It founds no store of its own; "
          "start the others, or run 'soss join --force' to found a new, empty store here",
          present, last.size());
    }
  }
  return {};
}

void Membership::add_contact(HostId id) {
  if (id != 0 && id != options_.self) {
    contacts_.insert(id);
  }
}

void Membership::leave() {
  if (state_ == HostState::kInactive) {
    return;
  }
  if (state_ == HostState::kJoining) {
    state_ = HostState::kInactive;
    return;
  }
  leave_requested_ = true;
  pending_leaves_.insert(options_.self);
  if (state_ == HostState::kActive) {
    state_ = HostState::kLeaving;
  }
  log::info(kLog, "host {} leaving (epoch {})", options_.self, view_.epoch);
  next_heartbeat_ = clock_.now();
  tick();
}

void Membership::on_message(HostId from, const MembershipMessage& message) {
  if (from == 0 || from == options_.self) {
    return;
  }
  dispatch(from, message);
  drain_self_queue();
}

void Membership::tick() {
  if (state_ == HostState::kInactive) {
    return;
  }
  const TimePoint now = clock_.now();
  if (now >= next_heartbeat_) {
    next_heartbeat_ = now + options_.heartbeat;
    send_periodic();
  }
  for (auto it = pending_joins_.begin(); it != pending_joins_.end();) {
    it = now - it->second.last_asked > options_.suspicion_time() ? pending_joins_.erase(it)
                                                                 : std::next(it);
  }
  if (is_member()) {
    update_isolation();
    maybe_start_round();
  } else {
    maybe_found();
  }
  drain_self_queue();
}

HostId Membership::coordinator() const {
  for (const Member& m : view_.members) {
    if (is_live(m.id)) {
      return m.id;
    }
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------
// Plumbing

void Membership::dispatch(HostId from, const MembershipMessage& message) {
  if (state_ == HostState::kInactive) {
    return;
  }
  std::visit(
      [&](const auto& m) {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, Heartbeat>) {
          on_heartbeat(from, m);
        } else if constexpr (std::is_same_v<T, JoinRequest>) {
          on_join_request(from, m);
        } else if constexpr (std::is_same_v<T, LeaveRequest>) {
          on_leave_request(from);
        } else if constexpr (std::is_same_v<T, Prepare>) {
          on_prepare(from, m);
        } else if constexpr (std::is_same_v<T, Promise>) {
          on_promise(from, m);
        } else if constexpr (std::is_same_v<T, Propose>) {
          on_propose(from, m);
        } else if constexpr (std::is_same_v<T, Ack>) {
          on_ack(from, m);
        } else if constexpr (std::is_same_v<T, Nack>) {
          on_nack(m);
        } else if constexpr (std::is_same_v<T, HeartbeatEcho>) {
          on_echo(from, m);
        } else {
          static_assert(std::is_same_v<T, Commit>);
          on_commit(from, m);
        }
      },
      message);
}

void Membership::send_to(HostId to, const MembershipMessage& message) {
  if (to == options_.self) {
    self_queue_.push_back(message);
  } else {
    messenger_.send(to, message);
  }
}

void Membership::drain_self_queue() {
  if (draining_) {
    return;
  }
  draining_ = true;
  while (!self_queue_.empty()) {
    MembershipMessage m = std::move(self_queue_.front());
    self_queue_.pop_front();
    dispatch(options_.self, m);
  }
  draining_ = false;
}

void Membership::note_alive(HostId from) {
  if (from != options_.self) {
    last_heard_[from] = clock_.now();
  }
}

void Membership::push_view(HostId to) {
  if (is_member() && to != options_.self) {
    messenger_.send(to, Commit{view_, map_});
  }
}

bool Membership::is_live(HostId id) const {
  if (id == options_.self) {
    return true;
  }
  auto it = last_heard_.find(id);
  return it != last_heard_.end() && clock_.now() - it->second <= options_.suspicion_time();
}

std::size_t Membership::live_members() const {
  return static_cast<std::size_t>(std::count_if(view_.members.begin(), view_.members.end(),
                                                [&](const Member& m) { return is_live(m.id); }));
}

std::uint64_t Membership::next_incarnation() {
  ++incarnations_made_;
  return static_cast<std::uint64_t>(clock_.wall_ms()) * 1024 + incarnations_made_ % 1024;
}

// ---------------------------------------------------------------------------------------------
// Heartbeats, joins, leaves

void Membership::send_periodic() {
  if (target_ && clock_.now() - target_->since > 2 * options_.suspicion_time()) {
    target_.reset();  // that store did not take us (it may be gone): stay, or join any store
  }
  if (target_) {
    const JoinRequest ask{options_.self, options_.weight, target_->incarnation,
                          target_->view.lineage};
    for (const Member& m : target_->view.members) {
      if (m.id != options_.self) {
        messenger_.send(m.id, ask);
      }
    }
  }
  if (state_ == HostState::kJoining) {
    if (!target_) {
      for (HostId c : contacts_) {
        messenger_.send(c, JoinRequest{options_.self, options_.weight, incarnation_, 0});
      }
    }
    return;
  }
  for (HostId c : contacts_) {
    messenger_.send(c, Heartbeat{view_.epoch, view_.lineage, clock_.now().count()});
  }
  if (leave_requested_) {
    for (const Member& m : view_.members) {
      send_to(m.id, LeaveRequest{});
    }
  }
}

void Membership::update_isolation() {
  const bool two_host = options_.two_host_survivor && view_.members.size() == 2;
  const std::size_t needed = two_host ? 1 : view_.majority();
  const bool cut_off = live_members() < needed;
  if (cut_off && state_ != HostState::kIsolated) {
    log::warn(kLog, "host {} isolated: hears {} of {} members of epoch {}", options_.self,
              live_members(), view_.members.size(), view_.epoch);
    state_ = HostState::kIsolated;
  } else if (!cut_off && state_ == HostState::kIsolated) {
    log::info(kLog, "host {} hears a majority of epoch {} again", options_.self, view_.epoch);
    state_ = leave_requested_ ? HostState::kLeaving : HostState::kActive;
    // Whom it has not heard from yet says nothing: it heard nobody a moment ago. Proposing now
    // (as the coordinator it may think it is) would remove every member whose heartbeat has not
    // arrived yet, several at once (cluster seed 827 lost a write that way after a one-way cut
    // healed). It waits until every live member had time to be heard.
    next_round_at_ = std::max(next_round_at_, clock_.now() + options_.suspicion_time() / 2);
  }
}

void Membership::on_heartbeat(HostId from, const Heartbeat& m) {
  contacts_.insert(from);
  if (!is_member() && m.epoch > 0) {
    store_heard_at_ = clock_.now();
  }
  if (m.lineage == view_.lineage) {
    note_alive(from);
    if (m.epoch == view_.epoch && view_.contains(from)) {
      send_to(from, HeartbeatEcho{m.epoch, m.lineage, m.sent_at_ms});
    }
  }
  // The sender is behind, or holds another history: tell it our view (when it is ahead, it
  // answers our own heartbeat the same way). An isolated host does not offer its view to
  // another history: it may be a remnant whose majority is gone, and it yields instead.
  if (m.epoch < view_.epoch || (m.lineage != view_.lineage && state_ != HostState::kIsolated)) {
    push_view(from);
  }
}

void Membership::on_echo(HostId from, const HeartbeatEcho& m) {
  if (m.lineage == view_.lineage && m.epoch == view_.epoch && view_.contains(from)) {
    std::int64_t& at = echoed_[from];
    at = std::max(at, m.sent_at_ms);
  }
}

// The serving lease: a majority of the view (this host included, at now) echoed a heartbeat
// this host sent at t; none of them suspects it before t + suspicion_time(), so no view without
// it can commit before then, and it may serve until t + suspicion_time() / 2 (the other half is
// the margin for delays and clock rates).
bool Membership::has_lease() const {
  if (!is_member() || !serving()) {
    return false;
  }
  const bool two_host = options_.two_host_survivor && view_.members.size() == 2;
  const std::size_t needed = two_host ? 1 : view_.majority();
  if (needed == 1) {
    return true;  // this host's own heartbeat is a majority (a lone host, or a 2-host survivor)
  }
  const std::int64_t now = clock_.now().count();
  std::vector<std::int64_t>& times = lease_times_;  // reused: asked on every request
  times.clear();
  for (const Member& m : view_.members) {
    if (m.id == options_.self) {
      times.push_back(now);
    } else if (auto it = echoed_.find(m.id); it != echoed_.end()) {
      times.push_back(it->second);
    }
  }
  if (times.size() < needed) {
    return false;
  }
  std::sort(times.begin(), times.end(), std::greater<>());
  return now < times[needed - 1] + options_.suspicion_time().count() / 2;
}

void Membership::on_join_request(HostId from, const JoinRequest& m) {
  if (!is_member() && m.host != 0 && m.lineage == 0) {
    contacts_.insert(m.host);
    seekers_heard_[m.host] = clock_.now();  // it is looking for a store too (see seek)
    return;
  }
  if (!is_member() || m.host == 0 || (m.lineage != 0 && m.lineage != view_.lineage)) {
    return;  // not a member, or the sender asks another store
  }
  contacts_.insert(from);
  contacts_.insert(m.host);
  const Member* known = view_.find(m.host);
  if (known != nullptr && known->incarnation == m.incarnation) {
    push_view(m.host);  // already in: it missed the commit
    return;
  }
  if (known != nullptr && m.incarnation > known->incarnation) {
    // It restarted: the incarnation we hold is gone, so it is suspected now rather than after
    // suspicion_time(). When it was the coordinator, the next one removes it at once and its
    // partitions fail over without waiting for its heartbeats to time out.
    last_heard_.erase(m.host);
    echoed_.erase(m.host);
  }
  pending_joins_[m.host] = PendingJoin{m.weight, m.incarnation, clock_.now()};
  if (coordinator() != options_.self) {
    push_view(m.host);  // so it learns who the members are and reaches the coordinator
  }
}

void Membership::on_leave_request(HostId from) {
  if (view_.contains(from)) {
    note_alive(from);
    pending_leaves_.insert(from);
  }
}

// ---------------------------------------------------------------------------------------------
// Committed views

void Membership::on_commit(HostId from, const Commit& m) {
  const View& v = m.view;
  if (v.epoch == 0 || v.lineage == 0) {
    return;
  }
  contacts_.insert(from);
  if (target_) {
    const Member* me = v.find(options_.self);
    if (me != nullptr && me->incarnation == target_->incarnation) {
      switch_to(v, m.map);  // admitted (maybe by a later history of the store we asked)
      return;
    }
    if (v.lineage == target_->view.lineage) {
      if (v.epoch > target_->view.epoch) {
        target_->view = v;
      }
      return;
    }
  }
  if (!is_member()) {  // joining any store: the first that takes us wins
    store_heard_at_ = clock_.now();
    const Member* me = v.find(options_.self);
    if (!target_ && me != nullptr && me->incarnation == incarnation_) {
      adopt(v, m.map);
    } else if (!target_) {
      for (const Member& member : v.members) {
        if (member.id != options_.self) {
          contacts_.insert(member.id);
        }
      }
    }
    return;
  }
  if (v.lineage != view_.lineage) {
    // Another history (the 2-host rule split the store, or we are an isolated remnant). The
    // view that ranks first wins; its losers ask to join it but keep their own view until
    // admitted, so that a stale or dead winner cannot leave everyone without a store.
    if (state_ == HostState::kIsolated || ranks_before(v, view_)) {
      if (!target_ || ranks_before(v, target_->view)) {
        aim_at(v, target_ ? target_->incarnation : next_incarnation());
      }
    } else {
      push_view(from);  // ours wins: let the sender's side join us
    }
    return;
  }
  note_alive(from);
  if (v.epoch < view_.epoch) {
    push_view(from);
  } else if (v.epoch > view_.epoch) {
    const Member* me = v.find(options_.self);
    if (me != nullptr && me->incarnation == incarnation_) {
      adopt(v, m.map);
    } else {
      leave_or_rejoin(v);
    }
  }
}

void Membership::adopt(const View& next, std::shared_ptr<const PartitionMap> carried,
                       bool computed_here) {
  const bool lockstep = next.lineage == view_.lineage && next.epoch == view_.epoch + 1;
  if ((lockstep && !computed_here) || carried == nullptr) {
    PartitionMap m =
        rebalance(lockstep ? *map_ : PartitionMap(), next.shares(), options_.max_replicas);
    m.set_epoch(next.epoch);
    carried = std::make_shared<const PartitionMap>(std::move(m));
  }
  const TimePoint now = clock_.now();
  echoed_.clear();  // echoes of the previous view do not vouch for this one
  for (const Member& m : next.members) {
    const Member* before = view_.find(m.id);
    if (before == nullptr || before->incarnation != m.incarnation) {
      last_heard_[m.id] = now;  // a new member gets a full suspicion period
    }
    if (m.id != options_.self) {
      contacts_.insert(m.id);
    }
  }
  for (auto it = pending_joins_.begin(); it != pending_joins_.end();) {
    const Member* in = next.find(it->first);
    it = in != nullptr && in->incarnation == it->second.incarnation ? pending_joins_.erase(it)
                                                                    : std::next(it);
  }
  std::erase_if(pending_leaves_, [&](HostId id) { return !next.contains(id); });
  if (view_.epoch == 0 || next.members.size() != view_.members.size()) {
    log::info(kLog, "host {} adopts epoch {} with {} member(s)", options_.self, next.epoch,
              next.members.size());
  }
  view_ = next;
  map_ = std::move(carried);
  reset_agreement();
  state_ = leave_requested_ ? HostState::kLeaving : HostState::kActive;
}

void Membership::leave_or_rejoin(const View& excluding) {
  if (leave_requested_) {
    log::info(kLog, "host {} left the store at epoch {}", options_.self, excluding.epoch);
    drop_view();
    target_.reset();
    state_ = HostState::kInactive;
    return;
  }
  rejoin(excluding);
}

void Membership::rejoin(const View& other) {
  log::warn(kLog, "host {} is not in epoch {} of the store: rejoining as a new member",
            options_.self, other.epoch);
  drop_view();
  // One new incarnation per stay outside a view: a host already asking keeps its own, so an
  // admission of it still counts.
  incarnation_ = target_ ? target_->incarnation : next_incarnation();
  state_ = HostState::kJoining;
  aim_at(other, incarnation_);
}

void Membership::aim_at(const View& store, std::uint64_t incarnation) {
  log::info(kLog, "host {} asks the store of epoch {} ({} members) to take it", options_.self,
            store.epoch, store.members.size());
  target_ = JoinTarget{store, incarnation, clock_.now()};
  const JoinRequest ask{options_.self, options_.weight, incarnation, store.lineage};
  for (const Member& m : store.members) {
    if (m.id != options_.self) {
      contacts_.insert(m.id);
      messenger_.send(m.id, ask);
    }
  }
}

void Membership::switch_to(const View& store, std::shared_ptr<const PartitionMap> map) {
  log::warn(kLog, "host {} moves to the store of epoch {} as a new member (drops its copies)",
            options_.self, store.epoch);
  incarnation_ = target_->incarnation;
  target_.reset();
  drop_view();
  adopt(store, std::move(map));
}

void Membership::drop_view() {
  view_ = View{};
  map_ = std::make_shared<const PartitionMap>();
  reset_agreement();
  pending_joins_.clear();
  pending_leaves_.clear();
}

void Membership::reset_agreement() {
  promised_ = Ballot{};
  accepted_ballot_ = Ballot{};
  accepted_.reset();
  round_.reset();
}

}  // namespace soss::core
