// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// StoreEngine: locks, the lock queue and the ticket operations.
#include "store/store_engine.hpp"

#include <chrono>
#include <utility>

namespace soss::core {

// kLock, kReadExclusive and kTryReadExclusive.
std::optional<Response> StoreEngine::handle_lock(const Request& r, Completion& later) {
  StoredObject* obj = settle(r.id);
  if (obj == nullptr) {
    return Response::of(StatusCode::kNotFound, "object not found");
  }
  if (!obj->locked()) {
    return grant(r.id, *obj, r.op);
  }
  // Without a completion there is nobody to answer later, so such a request cannot wait.
  if (r.op == OpCode::kTryReadExclusive || r.wait_ms == 0 || !later) {
    return Response::of(StatusCode::kAlreadyLocked, "object is locked");
  }
  TimePoint deadline = clock_.now() + std::chrono::milliseconds(r.wait_ms);
  waiters_.add(LockWaiter{r.id, r.op, deadline, std::move(later)});
  return std::nullopt;
}

// The operations that present a ticket: they need the object locked under that very ticket.
Response StoreEngine::handle_ticket_op(const Request& r) {
  StoredObject* obj = settle(r.id);
  if (obj == nullptr) {
    return Response::of(StatusCode::kNotFound, "object not found");
  }
  if (!obj->locked() || obj->ticket != r.ticket) {
    return Response::of(StatusCode::kLockLost, "the ticket does not hold the object's lock");
  }
  Response resp;
  switch (r.op) {
    case OpCode::kReadLocked:
      refresh_lock(r.id, *obj);
      on_read(r.id, *obj);
      resp = answer(StatusCode::kRetrieved, *obj, true);
      break;
    case OpCode::kUpdateAndRetain:
      return write_existing(r, *obj, false, LockAction::kRefresh);
    case OpCode::kUpdateAndRelease:
      return write_existing(r, *obj, false, LockAction::kRelease);
    case OpCode::kReleaseLock:
      unlock(r.id, *obj);
      resp = answer(StatusCode::kUnlocked, *obj, false);
      after_release(r.id);
      return resp;
    case OpCode::kRefreshLock:
      refresh_lock(r.id, *obj);
      resp = answer(StatusCode::kLocked, *obj, false);
      break;
    default:  // kRemoveLocked
      resp = answer(StatusCode::kRemoved, *obj, false);
      remove_object(r.id, Removal::kExplicit);
      return resp;
  }
  resp.ticket = r.ticket;
  return resp;
}

// Locks a free object for a lock or exclusive-read request and builds its answer.
Response StoreEngine::grant(const ObjectId& id, StoredObject& obj, OpCode op) {
  acquire(id, obj);
  Response resp;
  if (op == OpCode::kLock) {
    resp = answer(StatusCode::kLocked, obj, false);
  } else {
    on_read(id, obj);
    resp = answer(StatusCode::kRetrieved, obj, true);
  }
  resp.ticket = obj.ticket;
  return resp;
}

LockTicket StoreEngine::acquire(const ObjectId& id, StoredObject& obj) {
  obj.ticket = next_ticket();
  refresh_lock(id, obj);
  return obj.ticket;
}

void StoreEngine::refresh_lock(const ObjectId& id, StoredObject& obj) {
  obj.lock_expires = clock_.now() + std::chrono::seconds(options_.lock_timeout_s);
  lock_timers_.schedule(obj.lock_timer, obj.lock_expires, id);
  changed(id);
}

void StoreEngine::unlock(const ObjectId& id, StoredObject& obj) {
  changed(id);
  obj.ticket = 0;
  lock_timers_.cancel(obj.lock_timer);
}

// After a lock is released (by its holder or by expiry): the first waiter still within its
// deadline gets it; waiters past their deadline are answered AlreadyLocked. With nobody to take
// it, an expiry deferred by the lock happens now if due.
void StoreEngine::after_release(const ObjectId& id) {
  StoredObject* obj = objects_.find(id);
  if (obj == nullptr) {
    return;
  }
  TimePoint now = clock_.now();
  std::vector<LockWaiter> late;
  std::optional<LockWaiter> next = waiters_.pop_first(id, now, late);
  fail_waiters(std::move(late), StatusCode::kAlreadyLocked);
  if (next) {
    complete(std::move(next->done), grant(id, *obj, next->op));
    return;
  }
  if (obj->meta.timeout_s == 0) {
    return;
  }
  if (obj->expires_at <= now) {
    remove_object(id, Removal::kExpired);
  } else if (!obj->expiry) {
    expiries_.schedule(obj->expiry, obj->expires_at, id);
  }
}

// Tickets are splitmix64 of a counter: unique (the mix is a bijection), unpredictable enough
// that a stale or guessed ticket does not hit a newer lock, and never 0.
LockTicket StoreEngine::next_ticket() {
  while (true) {
    std::uint64_t z = (ticket_counter_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    if (z != 0) {
      return z;
    }
  }
}

}  // namespace soss::core
