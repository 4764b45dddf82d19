// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "soss/core/common/clock.hpp"
#include "soss/core/common/status.hpp"
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
// *_locks.cpp and *_lists.cpp (operations).
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
  Response write_existing(const Request& r, bool apply_policy, LockAction action);

  // Locks (store_engine_locks.cpp).
  std::optional<Response> handle_lock(const Request& r, Completion& later);
  Response handle_ticket_op(const Request& r);
  Response grant(const ObjectId& id, StoredObject& obj, OpCode op);
  LockTicket acquire(const ObjectId& id, StoredObject& obj);
  void refresh_lock(const ObjectId& id, StoredObject& obj);
  void unlock(StoredObject& obj);
  void after_release(const ObjectId& id);
  LockTicket next_ticket();

  // Bulk, listing and query (store_engine_lists.cpp).
  Response handle_bulk_read(const Request& r);
  Response handle_bulk_add(const Request& r);
  Response handle_list_keys(const Request& r);
  Response handle_clear(const Request& r);
  Response handle_query(const Request& r);

  // Object lifecycle (store_engine.cpp).
  StoredObject* settle(const ObjectId& id);
  StoredObject& create(const Request& r);
  void overwrite(const ObjectId& id, StoredObject& obj, const Request& r, bool apply_policy);
  void link_parents(const ObjectId& id, StoredObject& obj, const std::vector<ObjectId>& parents);
  void unlink_parents(const ObjectId& id, StoredObject& obj);
  void remove_object(const ObjectId& id, Removal reason);
  void remove_dependents(StoredObject& obj);
  bool make_room(const ObjectId* exclude, std::uint64_t new_bytes);
  std::optional<ObjectId> pick_victim(const ObjectId* exclude) const;
  void restart_timeout(const ObjectId& id, StoredObject& obj);
  void on_read(const ObjectId& id, StoredObject& obj);
  Response answer(StatusCode code, const StoredObject& obj, bool with_value) const;
  void complete(Completion done, Response response);
  void fail_waiters(std::vector<LockWaiter> waiters, StatusCode code);

  const Clock& clock_;
  StoreOptions options_;
  ObjectTable objects_;
  TimerQueue expiries_;
  TimerQueue lock_timers_;
  LockWaiters waiters_;
  std::vector<PendingCompletion> completions_;
  std::uint64_t ticket_counter_ = 0;
  std::uint64_t evictions_ = 0;
  std::uint64_t expirations_ = 0;
  std::uint64_t dependency_removals_ = 0;
  std::uint64_t requests_ = 0;
};

}  // namespace soss::core
