// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "store/store_engine.hpp"

#include <algorithm>
#include <chrono>
#include <string>
#include <string_view>
#include <utility>

#include "store/request_validation.hpp"

namespace soss::core {

StoreEngine::StoreEngine(const Clock& clock, StoreOptions options)
    : clock_(clock),
      options_(options),
      ticket_counter_(static_cast<std::uint64_t>(clock.wall_ms())) {
  objects_.enable_lru(options_.max_memory_bytes > 0);
}

std::optional<Response> StoreEngine::execute(const Request& request, Completion& later) {
  ++requests_;
  Status valid = validate_request(request, options_);
  if (!valid) {
    return Response::of(valid);
  }
  return dispatch(request, later);
}

std::optional<Response> StoreEngine::dispatch(const Request& r, Completion& later) {
  switch (r.op) {
    case OpCode::kAdd:
      return handle_add(r);
    case OpCode::kPut:
      return handle_put(r);
    case OpCode::kUpdate:
    case OpCode::kUpdateOptimistic:
      return handle_update(r);
    case OpCode::kRemove:
    case OpCode::kRemoveOptimistic:
      return handle_remove(r);
    case OpCode::kRead:
      return handle_read(r);
    case OpCode::kReadOrAdd:
      return handle_read_or_add(r);
    case OpCode::kMetadata:
      return handle_metadata(r);
    case OpCode::kReadExclusive:
    case OpCode::kTryReadExclusive:
    case OpCode::kLock:
      return handle_lock(r, later);
    case OpCode::kReadLocked:
    case OpCode::kUpdateAndRetain:
    case OpCode::kUpdateAndRelease:
    case OpCode::kReleaseLock:
    case OpCode::kRefreshLock:
    case OpCode::kRemoveLocked:
      return handle_ticket_op(r);
    case OpCode::kTouch:
      return handle_touch(r);
    case OpCode::kBulkRead:
      return handle_bulk_read(r);
    case OpCode::kBulkAdd:
      return handle_bulk_add(r);
    case OpCode::kListNamespaces: {
      Response resp;
      resp.namespaces = list_namespaces();
      return resp;
    }
    case OpCode::kListKeys:
      return handle_list_keys(r);
    case OpCode::kClearNamespace:
      return handle_clear(r);
    case OpCode::kQuery:
      return handle_query(r);
    case OpCode::kIncrement:
      return handle_increment(r);
    case OpCode::kSetTimeout:
      return handle_set_timeout(r);
    default:
      break;
  }
  return Response::of(StatusCode::kInvalidArgument, "op is not an object operation");
}

std::uint64_t StoreEngine::partition_version(PartitionId partition) const {
  return partition < kPartitionCount ? objects_.partition_version(partition) : 0;
}

Status StoreEngine::set_options(const StoreOptions& options) {
  SOSS_RETURN_IF_ERROR(options.validate());
  options_ = options;
  objects_.enable_lru(options_.max_memory_bytes > 0);
  if (not_ticking_ == 0) {
    make_room(nullptr, 0);
  } else {
    room_check_ = true;  // a host of a larger store: evicted by the next tick, as effects
  }
  return Status::ok();
}

void StoreEngine::prefetch(const std::vector<Request>& batch) const {
  // In stages: the slots, then (with the slots arriving meanwhile) the entries, then the values.
  // Each request's map and hash are found once, for a chunk of requests at a time.
  constexpr std::size_t kChunk = 32;
  const ObjectMap* maps[kChunk];
  std::uint64_t tags[kChunk];
  for (std::size_t first = 0; first < batch.size(); first += kChunk) {
    const std::size_t n = std::min(kChunk, batch.size() - first);
    for (std::size_t i = 0; i < n; ++i) {
      maps[i] = &objects_.map_of(batch[first + i].id);
      tags[i] = ObjectMap::hash(batch[first + i].id);
    }
    for (PrefetchStage stage :
         {PrefetchStage::kSlot, PrefetchStage::kEntry, PrefetchStage::kValue}) {
      for (std::size_t i = 0; i < n; ++i) {
        maps[i]->prefetch(tags[i], stage);
      }
    }
  }
}

StoreStats StoreEngine::stats() const {
  StoreStats s;
  s.objects = objects_.object_count();
  s.bytes = objects_.total_bytes();
  s.evictions = evictions_;
  s.expirations = expirations_;
  s.dependency_removals = dependency_removals_;
  s.lock_waiters = waiters_.size();
  s.requests = requests_;
  s.namespaces = objects_.namespaces().list();
  return s;
}

std::vector<PendingCompletion> StoreEngine::take_completions() {
  std::vector<PendingCompletion> out;
  out.swap(completions_);
  return out;
}

void StoreEngine::abandon_waiters() {
  fail_waiters(waiters_.take_everything(), StatusCode::kUnavailable);
}

// Finds an object and brings it up to date with the clock first: a lapsed lock is released
// (and handed to the next waiter) and a lapsed timeout removes the object, so an access never
// sees what tick() has not fired yet.
StoredObject* StoreEngine::settle(const ObjectId& id) {
  StoredObject* obj = objects_.find(id);
  if (obj == nullptr) {
    return nullptr;
  }
  TimePoint now = clock_.now();
  if (obj->locked() && obj->lock_expires <= now) {
    unlock(id, *obj);
    after_release(id);
    obj = objects_.find(id);
    if (obj == nullptr) {
      return nullptr;
    }
  }
  if (obj->expired_at(now)) {
    remove_object(id, Removal::kExpired);
    return nullptr;
  }
  return obj;
}

StoredObject& StoreEngine::create(const Request& r) {
  StoredObject o;
  o.value = r.value;
  o.meta.version = objects_.next_version(r.id);
  o.meta.created_ms = clock_.wall_ms();
  o.meta.updated_ms = o.meta.created_ms;
  o.meta.timeout_s = r.policy.timeout_s;
  o.meta.timeout_type = r.policy.timeout_type;
  o.meta.priority = r.policy.priority;
  o.meta.key_name = r.key_name;
  o.meta.content_type = r.content_type;
  o.meta.indexes = r.indexes;
  o.bytes = accounted_bytes(o.value, o.meta.key_name, o.meta.content_type, o.meta.indexes);
  StoredObject& obj = objects_.insert(r.id, std::move(o));
  changed(r.id);
  link_parents(r.id, obj, r.policy.parents);
  restart_timeout(r.id, obj);
  return obj;
}

// Replaces the value of an existing object. Its dependents go first (never `obj` itself, see
// remove_dependents).
void StoreEngine::overwrite(const ObjectId& id, StoredObject& obj, const Request& r,
                            bool apply_policy) {
  remove_dependents(id, obj);
  changed(id);
  obj.value = r.value;
  obj.meta.version = objects_.next_version(id);
  obj.meta.updated_ms = clock_.wall_ms();
  obj.meta.content_type = r.content_type;
  if (!r.key_name.empty() && obj.meta.key_name.empty()) {
    // A key is the SHA-256 of its name, so a name once kept never changes: only an object
    // written by raw key so far learns its name here.
    obj.meta.key_name = r.key_name;
  }
  if (!r.indexes.empty()) {
    objects_.set_indexes(id, obj, r.indexes);
  }
  objects_.set_bytes(
      id, obj,
      accounted_bytes(obj.value, obj.meta.key_name, obj.meta.content_type, obj.meta.indexes));
  if (apply_policy) {
    obj.meta.timeout_s = r.policy.timeout_s;
    obj.meta.timeout_type = r.policy.timeout_type;
    objects_.set_priority(id, obj, r.policy.priority);
    unlink_parents(id, obj);
    link_parents(id, obj, r.policy.parents);
    restart_timeout(id, obj);
  } else if (obj.meta.timeout_type != TimeoutType::kAbsolute) {
    restart_timeout(id, obj);
  }
  objects_.touch(obj);
}

// Parents in partitions another host serves are linked by that host (DependencyWork::Link):
// the child names them at once, and their link version stays 0 until the parent's primary
// answers. A local parent records the child among its dependents, which is a change of the
// parent (its replicas must know the child too).
void StoreEngine::link_parents(const ObjectId& id, StoredObject& obj,
                               const std::vector<ObjectId>& parents) {
  obj.meta.parents.clear();
  if (parents.empty()) {
    return;
  }
  TimePoint now = clock_.now();
  LinkVersions versions{};
  for (const ObjectId& p : parents) {
    if (p == id || obj.meta.parents.size() == kMaxParents ||
        std::find(obj.meta.parents.begin(), obj.meta.parents.end(), p) != obj.meta.parents.end()) {
      continue;
    }
    if (served_elsewhere(p)) {
      remote_->links.push_back(DependencyWork::Link{id, p});
    } else {
      StoredObject* parent = objects_.find(p);
      if (parent == nullptr || parent->expired_at(now)) {
        continue;  // a missing parent is ignored
      }
      parent->dependents.insert(id);
      changed(p);
      versions[obj.meta.parents.size()] = parent->meta.version;
    }
    obj.meta.parents.push_back(p);
  }
  if (!obj.meta.parents.empty()) {
    links_[partition_of(id)][id] = versions;
  }
}

void StoreEngine::unlink_parents(const ObjectId& id, StoredObject& obj) {
  if (obj.meta.parents.empty()) {
    return;
  }
  // A parent another host serves keeps the id (it cannot tell this child from a later one of
  // the same id): harmless, since a removal checks the child's link first.
  for (const ObjectId& p : obj.meta.parents) {
    if (StoredObject* parent = objects_.find(p)) {
      parent->dependents.erase(id);
    }
  }
  obj.meta.parents.clear();
  links_[partition_of(id)].erase(id);
}

void StoreEngine::remove_object(const ObjectId& id, Removal reason) {
  std::vector<Doomed> work{Doomed{id, reason, {}, 0}};
  cascade(work, nullptr);
}

// Removes objects and, transitively, their dependents (ignoring their locks), except `keep`.
// Iterative, and an id already gone is skipped, so long chains and cycles terminate. A dependent
// goes only if it is still linked to the version of the parent that changed (it may have been
// rewritten since); one in a partition served elsewhere, or whose link its parent's host has not
// confirmed yet, is left to its primary (DependencyWork::Removal).
void StoreEngine::cascade(std::vector<Doomed>& work, const ObjectId* keep) {
  while (!work.empty()) {
    Doomed d = work.back();
    work.pop_back();
    if (d.why == Removal::kDependency) {
      if (keep != nullptr && d.id == *keep) {
        continue;
      }
      if (served_elsewhere(d.id)) {
        remote_->removals.push_back(DependencyWork::Removal{d.id, d.parent, d.parent_version});
        continue;
      }
      const StoredObject* child = objects_.find(d.id);
      LinkState link = child != nullptr ? link_state(d.id, *child, d.parent, d.parent_version)
                                        : LinkState::kNone;
      if (link == LinkState::kNone) {
        continue;
      }
      if (link == LinkState::kPending && remote_ != nullptr) {
        remote_->removals.push_back(DependencyWork::Removal{d.id, d.parent, d.parent_version});
        continue;
      }
    } else if (objects_.find(d.id) == nullptr) {
      continue;
    }
    changed(d.id);
    StoredObject gone = detach(d.id);
    fail_waiters(waiters_.take_all(d.id), StatusCode::kNotFound);
    if (d.why == Removal::kExpired) {
      ++expirations_;
    } else if (d.why == Removal::kEvicted) {
      ++evictions_;
    } else if (d.why == Removal::kDependency) {
      ++dependency_removals_;
    }
    for (const ObjectId& dependent : gone.dependents) {
      work.push_back(Doomed{dependent, Removal::kDependency, d.id, gone.meta.version});
    }
  }
}

StoredObject StoreEngine::detach(const ObjectId& id) {
  StoredObject* obj = objects_.find(id);
  expiries_.cancel(obj->expiry);
  lock_timers_.cancel(obj->lock_timer);
  unlink_parents(id, *obj);
  return objects_.extract(id);
}

void StoreEngine::remove_dependents(const ObjectId& id, StoredObject& obj) {
  if (obj.dependents.empty()) {
    return;  // the common case; moving even an empty set costs a bucket reset
  }
  auto dependents = std::move(obj.dependents);
  obj.dependents.clear();
  std::vector<Doomed> work;
  for (const ObjectId& dependent : dependents) {
    work.push_back(Doomed{dependent, Removal::kDependency, id, obj.meta.version});
  }
  // `id` is kept even if a cycle leads back to it (links made concurrently on two hosts can form
  // one): it is being updated, and `obj` must stay valid.
  cascade(work, &id);
}

// Evicts least-recently-used Normal objects until the projected total (with `exclude` at
// `new_bytes`) is under the LRU threshold. False when the write must be refused: it grows the
// object and the projected total still exceeds max_memory_bytes.
bool StoreEngine::make_room(const ObjectId* exclude, std::uint64_t new_bytes) {
  const std::uint64_t max = options_.max_memory_bytes;
  if (max == 0) {
    return true;
  }
  const std::uint64_t threshold =
      max / 100 * options_.lru_threshold_pct + max % 100 * options_.lru_threshold_pct / 100;
  while (true) {
    const StoredObject* current = exclude != nullptr ? objects_.find(*exclude) : nullptr;
    const std::uint64_t old_bytes = current != nullptr ? current->bytes : 0;
    const std::uint64_t projected = objects_.total_bytes() - old_bytes + new_bytes;
    if (projected <= threshold) {
      return true;
    }
    std::optional<ObjectId> victim = pick_victim(exclude);
    if (!victim) {
      return projected <= max || new_bytes <= old_bytes;
    }
    remove_object(*victim, Removal::kEvicted);
  }
}

// Only objects of partitions this store ticks (a host's primaries) are evicted: a replica's copy
// changes only by its primary's effects. Copies passed over move to the recent end of the list,
// so the next search does not walk over them again (a replica's recency is its own business).
std::optional<ObjectId> StoreEngine::pick_victim(const ObjectId* exclude) {
  std::optional<ObjectId> victim;
  std::vector<StoredObject*> passed;
  for (const ObjectId& id : objects_.lru()) {
    if (exclude != nullptr && id == *exclude) {
      continue;
    }
    StoredObject* obj = objects_.find(id);
    if (obj != nullptr && !ticking_[partition_of(id)]) {
      passed.push_back(obj);
    } else if (obj != nullptr && !obj->locked()) {
      victim = id;
      break;
    }
  }
  for (StoredObject* obj : passed) {
    objects_.touch(*obj);
  }
  return victim;
}

Response StoreEngine::answer(StatusCode code, const StoredObject& obj, bool with_value,
                             bool brief) const {
  Response r;
  r.code = code;
  if (brief) {  // the fields in the entry's hot cache line only
    r.meta.timeout_s = obj.meta.timeout_s;
    r.meta.timeout_type = obj.meta.timeout_type;
    r.meta.priority = obj.meta.priority;
    r.meta.version = obj.meta.version;
  } else {
    r.meta = obj.meta;
  }
  r.meta.locked = obj.locked();
  r.meta.size = obj.value.size();
  if (with_value) {
    r.value = obj.value;
  }
  return r;
}

void StoreEngine::complete(Completion done, Response response) {
  completions_.push_back(PendingCompletion{std::move(done), std::move(response)});
}

void StoreEngine::fail_waiters(std::vector<LockWaiter> waiters, StatusCode code) {
  std::string_view why = "store shut down";
  if (code == StatusCode::kNotFound) {
    why = "object removed while waiting for its lock";
  } else if (code == StatusCode::kAlreadyLocked) {
    why = "lock not acquired before the deadline";
  }
  for (LockWaiter& w : waiters) {
    complete(std::move(w.done), Response::of(code, std::string(why)));
  }
}

}  // namespace soss::core
