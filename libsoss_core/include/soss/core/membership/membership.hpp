// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "soss/core/common/clock.hpp"
#include "soss/core/common/status.hpp"
#include "soss/core/membership/membership_message.hpp"
#include "soss/core/membership/partition_map.hpp"
#include "soss/core/membership/peer_messenger.hpp"
#include "soss/core/membership/view.hpp"

namespace soss::core {

struct MembershipOptions {
  HostId self = 0;                           // this host; never 0
  std::uint32_t weight = 100;                // store_weight, 0..10000
  std::chrono::milliseconds heartbeat{300};  // heartbeat_ms, 10..60000
  std::uint32_t heartbeat_misses = 20;       // 2..1000
  std::uint32_t max_replicas = 1;            // 0..kMaxReplicas
  // SPEC §4: the survivor of a 2-host view keeps serving alone. Off: a 2-host view needs both.
  bool two_host_survivor = true;
  // seek(): how long a host searches for a store before it may found one (0 = half the
  // suspicion time).
  std::chrono::milliseconds found_after{0};
  // seek(): the members of the last view this host was in before it (re)started, as kept on
  // disk by its owner (empty: none, or it left). A host never founds a store while the hosts it
  // hears of that view (itself included) are not a majority of it: the others may be running
  // the store without it, and a second store beside theirs would lose writes when they meet.
  std::vector<HostId> last_members;

  Status validate() const;
  std::chrono::milliseconds search_time() const {
    return found_after.count() > 0 ? found_after : suspicion_time() / 2;
  }
  // How long a member may stay silent before it is suspected (heartbeat x heartbeat_misses).
  std::chrono::milliseconds suspicion_time() const { return heartbeat * heartbeat_misses; }
};

// The membership state machine of one host: heartbeats, suspicion, agreement on the next view,
// the split-brain rule, host states, and the partition map of each committed view. It has no
// threads, sockets or timers: the owner delivers messages (on_message), calls tick() often
// (every heartbeat / 10 or so) and reads state(), view(), map(). Not thread-safe; owned by the
// host's membership strand. Log lines go to the "membership" component.
//
// Protocol. The members of view e (same lineage) decide view e + 1 by single-decree Paxos:
// ballots (round, proposer id), Prepare/Promise with the highest accepted value returned, then
// Propose/Ack; the proposer commits once a quorum of view e acked and sends Commit to the old
// and new members. The coordinator (lowest member this host does not suspect) proposes when a
// host asked to join or leave, a member is suspected (silent for suspicion_time()), or a member
// came back with a new incarnation (it restarted: removed first, re-added in the next epoch).
// Paxos, not a plain "coordinator proposes, majority acks", because the coordinator can die
// between the acks and the commit, and its successor must then re-propose what may have been
// committed rather than something else. Committed views spread by gossip: a host hearing a
// heartbeat of an older epoch (or another lineage) answers with its own Commit, so hosts that
// missed commits, were isolated, or restarted catch up or learn they were removed.
//
// Guaranteed (the simulator in tests/core checks it on random schedules):
//  - Within one lineage, at most one view is ever committed per epoch, whatever the losses,
//    delays, reordering, partitions (one-way or not) and crashes, as long as a crashed host
//    comes back only as a new incarnation (true here: state is in memory only). Hence every
//    host that holds view e holds the same members and computes the same map().
//  - Epochs only grow on a host while it stays in one lineage.
//  - A host of a 3+ view that hears from fewer than a majority of its view (itself included)
//    for suspicion_time() is kIsolated; a side without a majority of the last view can
//    commit nothing, so it cannot form a competing view.
// Observed, not proven (tests/core/membership_test.cpp runs 200 random schedules, and more
// with SOSS_SIM_SEEDS): once the network is healed and stays healed, with a majority of every
// interim view alive, all live hosts converge to one view holding all of them. Dueling
// proposers are only damped (ballot rounds, a retry per heartbeat), as usual for Paxos.
// Not guaranteed:
//  - The 2-host rule (two_host_survivor): a member of a 2-host view that suspects its peer
//    commits the next view alone. In a true network partition both hosts do, and two stores
//    exist; to keep "one view per epoch" true per history, such a view starts a new lineage.
//    On heal the view that ranks first (ranks_before) wins; each host of the other asks to be
//    added to it as a new member, keeps its own view until a commit admits it (so a stale or
//    dead winner cannot leave everyone without a store), then drops its copies: writes
//    acknowledged on the losing side during the partition are lost.
//  - Freshness: a host may act on an older view until the commit reaches it (or, isolated,
//    resume when a majority is heard again before the new view arrives). Replication must
//    carry the epoch and refuse older ones; that is what makes writes safe, not this class.
//  - If a majority of a view crashes before the view removes them, that lineage can commit
//    nothing more (a restarted host is a new incarnation and no acceptor of the old view);
//    the survivors stay isolated until an operator recreates the store. The simulator only
//    crashes a host while the store is healthy and has 3+ members.
//  - A first join (no lineage named) is taken by whichever store admits it first; two stores
//    may both admit it, and the merge above then sorts it out.
//  - Graceful leave removes the host at once; shedding its partitions first (migration) and
//    address discovery are not here yet: contacts come from join() and from messages, and
//    heartbeats go to every contact ever seen (that is how split histories find each other).
class Membership {
 public:
  Membership(MembershipOptions options, PeerMessenger& messenger, const Clock& clock);

  // Activates the host. No peers given: it creates a store (view epoch 1 with itself).
  // Otherwise it asks the peers to add it (kJoining) until a committed view includes it.
  void join(const std::vector<HostId>& known_peers);
  // Activates the host the way a service does at start (kJoining): it asks every host it knows
  // (these peers and every contact found later) to add it, and founds a store itself only when,
  // after search_time(), it has heard no store, it has the lowest id of the hosts it hears
  // seeking too, and those hosts (itself included) are a majority of last_members (when set).
  // So a host restarted faster than the others notice joins their store instead of founding a
  // second one; a whole farm started at once founds one store (the lowest id); and a host that
  // comes back alone after a failure waits for the operator (join() with no peers) instead of
  // serving an empty store. Waiting is logged every few seconds, with the reason.
  void seek(const std::vector<HostId>& known_peers);
  // Asks to be removed (kLeaving); kInactive once a view without this host commits.
  void leave();
  void on_message(HostId from, const MembershipMessage& message);
  // A host discovery found: it gets heartbeats from now on, so two stores founded apart (hosts
  // that started at once) meet and merge as after a split (see ranks_before).
  void add_contact(HostId id);
  // Sends heartbeats when due, updates suspicion and isolation, starts or retries proposals.
  void tick();

  HostState state() const { return state_; }
  const View& view() const { return view_; }         // epoch 0 while not a member
  const PartitionMap& map() const { return *map_; }  // map of view()
  bool serving() const { return state_ == HostState::kActive || state_ == HostState::kLeaving; }
  HostId self() const { return options_.self; }
  std::uint64_t incarnation() const { return incarnation_; }
  HostId coordinator() const;  // 0 when not a member
  // True while a majority of the view is known to hold this host in it for a while yet (see
  // membership.cpp): a primary serves requests only under the lease, so that a host cut off
  // from the others stops before they can commit a view without it (no stale reads).
  bool has_lease() const;

 private:
  struct PendingJoin {
    std::uint32_t weight = 0;
    std::uint64_t incarnation = 0;
    TimePoint last_asked{};
  };
  struct JoinTarget {
    View view;                      // the latest view of that store we heard
    std::uint64_t incarnation = 0;  // the incarnation we ask to be added as
    TimePoint since{};
  };
  // One proposal attempt of this host for view epoch `epoch` (membership_agreement.cpp).
  struct Round {
    Ballot ballot;
    std::uint64_t epoch = 0;
    bool proposing = false;  // false: collecting promises; true: collecting acks
    std::set<HostId> votes;
    Ballot best_ballot;
    std::optional<View> best;  // highest accepted value among the promises
    View value;
    TimePoint started{};
  };

  void found_store();
  void maybe_found();
  std::string why_not_found(TimePoint now) const;  // "" when this host may found a store now

  void dispatch(HostId from, const MembershipMessage& message);
  void send_to(HostId to, const MembershipMessage& message);
  void drain_self_queue();

  void on_heartbeat(HostId from, const Heartbeat& m);
  void on_join_request(HostId from, const JoinRequest& m);
  void on_leave_request(HostId from);
  void on_commit(HostId from, const Commit& m);
  void on_prepare(HostId from, const Prepare& m);
  void on_promise(HostId from, const Promise& m);
  void on_propose(HostId from, const Propose& m);
  void on_ack(HostId from, const Ack& m);
  void on_nack(const Nack& m);
  void on_echo(HostId from, const HeartbeatEcho& m);

  void send_periodic();
  void update_isolation();
  void maybe_start_round();
  void commit_round();
  // Installs a committed view that includes this host. Its map is recomputed from ours when
  // we hold the epoch before it (unless computed_here), else taken from `carried`.
  void adopt(const View& next, std::shared_ptr<const PartitionMap> carried,
             bool computed_here = false);
  void leave_or_rejoin(const View& excluding);
  void rejoin(const View& other);
  void aim_at(const View& store, std::uint64_t incarnation);
  void switch_to(const View& store, std::shared_ptr<const PartitionMap> map);
  void drop_view();
  void push_view(HostId to);
  // Liveness counts only messages of this view's history (a host that rejoined another store
  // still talks to us, but is no longer the member we knew).
  void note_alive(HostId from);
  void reset_agreement();

  bool is_member() const { return view_.epoch > 0; }
  bool is_live(HostId id) const;
  std::size_t live_members() const;
  std::size_t required_quorum() const;
  View desired_view() const;
  bool unfinished_value(TimePoint now) const;
  std::uint64_t next_incarnation();

  MembershipOptions options_;
  PeerMessenger& messenger_;
  const Clock& clock_;

  HostState state_ = HostState::kInactive;
  bool leave_requested_ = false;
  std::uint64_t incarnation_ = 0;
  std::uint32_t incarnations_made_ = 0;
  View view_;
  std::shared_ptr<const PartitionMap> map_;

  std::set<HostId> contacts_;  // every host we may need to tell about our view
  std::map<HostId, TimePoint> last_heard_;
  mutable std::vector<std::int64_t> lease_times_;  // has_lease()'s scratch space
  std::map<HostId, std::int64_t> echoed_;  // latest heartbeat (our clock, ms) each one echoed
  std::map<HostId, PendingJoin> pending_joins_;
  std::set<HostId> pending_leaves_;
  TimePoint next_heartbeat_{};
  // The store this host asks to be added to, after it learned that it lost (see on_commit).
  std::optional<JoinTarget> target_;
  // seek(): the search for a store (see seek()).
  bool seeking_ = false;
  TimePoint seek_since_{};
  std::optional<TimePoint> store_heard_at_;  // a member of some store spoke to us
  std::map<HostId, TimePoint>
      seekers_heard_;  // hosts seeking a store too (JoinRequest, no lineage)
  TimePoint next_wait_log_{};

  // Acceptor state for epoch view_.epoch + 1; reset whenever a view is adopted.
  Ballot promised_;
  Ballot accepted_ballot_;
  std::optional<View> accepted_;
  TimePoint accepted_at_{};  // when accepted_ was last set
  // Proposer state.
  std::uint64_t max_round_ = 0;
  std::optional<Round> round_;
  TimePoint next_round_at_{};

  std::deque<MembershipMessage> self_queue_;  // messages to self, handled after the current one
  bool draining_ = false;
};

}  // namespace soss::core
