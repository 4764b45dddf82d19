// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "soss/core/common/clock.hpp"
#include "soss/core/common/status.hpp"
#include "soss/core/store/effect.hpp"
#include "soss/core/store/partitioning.hpp"
#include "soss/core/store/request.hpp"
#include "soss/core/store/store.hpp"
#include "store/lock_waiters.hpp"
#include "store/object_table.hpp"
#include "store/timer_queue.hpp"

namespace soss::core {

// A waiter's answer, to be delivered once the Store mutex is released.
struct PendingCompletion {
  Completion done;
  Response response;
};

// The semantics of every object operation (SPEC §3) over an ObjectTable: versions, timeouts,
// locks and lock queues, dependencies, eviction, indexes and the namespace registry.
// Not thread-safe: Store owns it and calls it under its mutex. It never invokes a Completion
// itself; answers for waiters accumulate until the Store takes them with take_completions().
// Its implementation is split by concern: store_engine.cpp (object lifecycle), *_writes.cpp,
// *_locks.cpp and *_lists.cpp (operations), *_effects.cpp (replication and migration),
// *_links.cpp (dependencies whose other end another host serves).
class StoreEngine {
 public:
  StoreEngine(const Clock& clock, StoreOptions options);

  std::optional<Response> execute(const Request& request, Completion& later);
  void tick();
  Status set_options(const StoreOptions& options);
  const StoreOptions& options() const { return options_; }
  StoreStats stats() const;
  void prefetch(const std::vector<Request>& batch) const;
  std::vector<PendingCompletion> take_completions();
  // Answers every waiter with kUnavailable (the store is going away).
  void abandon_waiters();

  // Replication and migration (store_engine_effects.cpp); see Store for the contracts.
  std::optional<Response> execute(const Request& request, Completion& later,
                                  std::vector<Effect>* effects, DependencyWork* work);
  void tick(std::vector<Effect>* effects, DependencyWork* work);
  Response execute_partial(const Request& request, const PartitionSet& only,
                           std::vector<Effect>* effects, DependencyWork* work);
  Status apply(const std::vector<Effect>& effects);
  std::vector<Effect> export_partition(PartitionId partition, std::size_t max_bytes,
                                       std::string& cursor);
  Status drop_partition(PartitionId partition);
  void set_ticking(PartitionId partition, bool on);
  std::uint64_t partition_version(PartitionId partition) const;

  // Dependencies across hosts (store_engine_links.cpp); see Store for the contracts.
  std::uint64_t link_dependent(const ObjectId& child, const ObjectId& parent,
                               std::uint64_t expected_version, std::vector<Effect>* effects,
                               DependencyWork* work);
  DependentRemoval remove_dependent(const DependencyWork::Removal& removal,
                                    std::vector<Effect>* effects, DependencyWork* work);
  void resolve_link(const ObjectId& child, const ObjectId& parent, std::uint64_t expected_version,
                    std::uint64_t version, std::vector<Effect>* effects, DependencyWork* work);
  std::vector<ParentLink> links_in(PartitionId partition) const;

 private:
  enum class Removal { kExplicit, kExpired, kEvicted, kDependency };
  enum class LockAction { kNone, kLockAfter, kRefresh, kRelease };

  std::optional<Response> dispatch(const Request& r, Completion& later);

  // Writes and reads (store_engine_writes.cpp).
  Response handle_add(const Request& r);
  Response handle_put(const Request& r);
  Response handle_update(const Request& r);
  Response handle_remove(const Request& r);
  Response handle_read(const Request& r);
  Response handle_read_or_add(const Request& r);
  Response handle_metadata(const Request& r);
  Response handle_touch(const Request& r);
  std::optional<Response> register_namespace(const Request& r);
  Response add_new(const Request& r);
  Response write_new(const Request& r);
  Response write_existing(const Request& r, StoredObject& settled, bool apply_policy,
                          LockAction action);

  // Locks (store_engine_locks.cpp).
  std::optional<Response> handle_lock(const Request& r, Completion& later);
  Response handle_ticket_op(const Request& r);
  Response grant(const ObjectId& id, StoredObject& obj, OpCode op);
  LockTicket acquire(const ObjectId& id, StoredObject& obj);
  void refresh_lock(const ObjectId& id, StoredObject& obj);
  void unlock(const ObjectId& id, StoredObject& obj);
  void after_release(const ObjectId& id);
  LockTicket next_ticket();

  // Bulk, listing and query (store_engine_lists.cpp).
  Response handle_bulk_read(const Request& r);
  Response handle_bulk_add(const Request& r);
  Response handle_list_keys(const Request& r);
  Response handle_clear(const Request& r);
  Response handle_query(const Request& r);
  std::vector<NamespaceInfo> list_namespaces() const;
  // Whether a listing or clear covers `id`: only the partitions of execute_partial's set.
  bool in_scope(NamespaceId ns, const KeyBytes& key) const {
    return scope_ == nullptr || scope_->test(partition_of(ObjectId{ns, key}));
  }

  // Counters and timeouts for the Redis protocol (store_engine_incr.cpp).
  Response handle_increment(const Request& r);
  Response handle_set_timeout(const Request& r);
  std::uint64_t timeout_remaining_ms(const StoredObject& obj) const;

  // Object lifecycle (store_engine.cpp).
  StoredObject* settle(const ObjectId& id);
  StoredObject& create(const Request& r);
  void overwrite(const ObjectId& id, StoredObject& obj, const Request& r, bool apply_policy);
  void link_parents(const ObjectId& id, StoredObject& obj, const std::vector<ObjectId>& parents);
  void unlink_parents(const ObjectId& id, StoredObject& obj);
  void remove_object(const ObjectId& id, Removal reason);
  // Removes the dependents of `id` (about to be updated), never `id` itself.
  void remove_dependents(const ObjectId& id, StoredObject& obj);
  bool make_room(const ObjectId* exclude, std::uint64_t new_bytes);
  std::optional<ObjectId> pick_victim(const ObjectId* exclude);

  // Dependencies (store_engine.cpp and store_engine_links.cpp). An object removed because its
  // parent (at parent_version) changed is removed only if it is still linked to that parent.
  struct Doomed {
    ObjectId id;
    Removal why = Removal::kExplicit;
    ObjectId parent;
    std::uint64_t parent_version = 0;
  };
  void cascade(std::vector<Doomed>& work, const ObjectId* keep);
  // The versions of its parents an object is linked to, one per meta.parents entry (0 = not
  // confirmed). Kept beside the objects (only objects with parents have an entry), so objects
  // without parents cost nothing.
  using LinkVersions = std::array<std::uint64_t, kMaxParents>;
  enum class LinkState : std::uint8_t { kNone, kPending, kLinked };
  LinkState link_state(const ObjectId& child, const StoredObject& obj, const ObjectId& parent,
                       std::uint64_t parent_version) const;
  LinkVersions* link_versions(const ObjectId& child);
  void drop_parent(const ObjectId& child, StoredObject& obj, std::size_t index);
  // A partition another host serves, when the caller wants such work handed out (remote_ set).
  bool served_elsewhere(const ObjectId& id) const {
    return remote_ != nullptr && !ticking_[partition_of(id)];
  }
  void restart_timeout(const ObjectId& id, StoredObject& obj);
  void on_read(const ObjectId& id, StoredObject& obj);
  // brief: meta with the version and the timeout and priority only, see Request::brief.
  Response answer(StatusCode code, const StoredObject& obj, bool with_value,
                  bool brief = false) const;
  void complete(Completion done, Response response);
  void fail_waiters(std::vector<LockWaiter> waiters, StatusCode code);

  // Effects (store_engine_effects.cpp). Every path that changes an object's replicated state
  // (value, metadata, lock, timeout, existence) calls changed(); while a tracked request runs,
  // the ids are collected and their final states captured when it ends.
  void changed(const ObjectId& id) {
    if (tracking_ && changed_set_.insert(id).second) {
      changed_.push_back(id);
    }
  }
  void begin_tracking(std::vector<Effect>* effects, DependencyWork* work);
  void end_tracking(std::vector<Effect>* effects);
  Effect effect_of(const ObjectId& id) const;
  StoredObject& insert_state(const ObjectId& id, const ObjectState& state);
  StoredObject& overwrite_state(const ObjectId& id, StoredObject& obj, const ObjectState& state);
  ObjectState state_of(const ObjectId& id, const StoredObject& obj) const;
  void install(const ObjectId& id, const ObjectState& state);
  // Unlinks an object (which must exist) from its timers and parents and takes it out.
  StoredObject detach(const ObjectId& id);
  void discard(const ObjectId& id, StatusCode waiter_code);

  const Clock& clock_;
  StoreOptions options_;
  ObjectTable objects_;
  TimerQueue expiries_;
  TimerQueue lock_timers_;
  // Partitions whose timers fire (all by default). A replica's copies wait for the primary.
  std::vector<bool> ticking_ = std::vector<bool>(kPartitionCount, true);
  std::uint32_t not_ticking_ = 0;
  // An eviction for lowered memory options waits for the next tracked tick() when some
  // partitions are served elsewhere (its removals must be replicated as effects).
  bool room_check_ = false;
  std::vector<std::unordered_map<ObjectId, LinkVersions, ObjectIdHash>> links_ =
      std::vector<std::unordered_map<ObjectId, LinkVersions, ObjectIdHash>>(kPartitionCount);
  DependencyWork* remote_ = nullptr;  // set while a call with a work sink runs
  LockWaiters waiters_;
  std::vector<PendingCompletion> completions_;
  std::uint64_t ticket_counter_ = 0;
  std::uint64_t evictions_ = 0;
  std::uint64_t expirations_ = 0;
  std::uint64_t dependency_removals_ = 0;
  std::uint64_t requests_ = 0;
  bool tracking_ = false;
  const PartitionSet* scope_ = nullptr;  // set while execute_partial runs
  std::vector<ObjectId> changed_;        // in first-change order
  std::unordered_set<ObjectId, ObjectIdHash> changed_set_;
};

}  // namespace soss::core
