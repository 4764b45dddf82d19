// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// StoreEngine: the effects of requests (what a primary replicates), installing them on a replica,
// and exporting or dropping a whole partition (migration).
#include "store/store_engine.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstring>
#include <string_view>
#include <system_error>
#include <utility>

#include <fmt/format.h>

namespace soss::core {
namespace {

// The namespace of the marker effect that carries an empty partition's version counter. Above
// kMaxUserNamespaceId, so no named namespace maps to it.
constexpr NamespaceId kMarkerNamespace = 0xFFFFFFFF;

bool id_less(const ObjectId& a, const ObjectId& b) {
  return a.ns != b.ns ? a.ns < b.ns : a.key < b.key;
}

std::uint64_t remaining_ms(TimePoint at, TimePoint now) {
  return at > now ? static_cast<std::uint64_t>((at - now).count()) : 0;
}

TimePoint after_ms(TimePoint now, std::uint64_t ms) {
  return now + std::chrono::milliseconds(static_cast<std::int64_t>(ms));
}

// An export cursor is the last id sent: 8 hex digits of the namespace, then 64 of the key.
std::string cursor_of(const ObjectId& id) {
  return fmt::format("{:08x}{}", id.ns, key_hex(id.key));
}

template <typename T>
bool parse_hex(std::string_view text, T& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out, 16);
  return ec == std::errc{} && end == text.data() + text.size();
}

std::optional<ObjectId> parse_export_cursor(std::string_view text) {
  ObjectId id;
  if (text.size() != 8 + 2 * id.key.size() || !parse_hex(text.substr(0, 8), id.ns)) {
    return std::nullopt;
  }
  for (std::size_t i = 0; i < id.key.size(); ++i) {
    if (!parse_hex(text.substr(8 + 2 * i, 2), id.key[i])) {
      return std::nullopt;
    }
  }
  return id;
}

// An id in `partition` that no user object has: a removal of it changes nothing but the
// partition's version counter.
ObjectId marker_id(PartitionId partition) {
  ObjectId id{kMarkerNamespace, key_of("soss partition version marker")};
  for (std::uint32_t n = 0; partition_of(id) != partition; ++n) {
    std::memcpy(id.key.data(), &n, sizeof n);
  }
  return id;
}

}  // namespace

std::optional<Response> StoreEngine::execute(const Request& request, Completion& later,
                                             std::vector<Effect>* effects, DependencyWork* work) {
  begin_tracking(effects, work);
  std::optional<Response> response = execute(request, later);
  end_tracking(effects);
  return response;
}

void StoreEngine::tick(std::vector<Effect>* effects, DependencyWork* work) {
  begin_tracking(effects, work);
  tick();
  end_tracking(effects);
}

void StoreEngine::begin_tracking(std::vector<Effect>* effects, DependencyWork* work) {
  changed_.clear();
  changed_set_.clear();
  tracking_ = effects != nullptr;
  remote_ = work;
}

// States are captured once, at the end: an object changed twice by one request (or created and
// removed) yields one effect with its final state.
void StoreEngine::end_tracking(std::vector<Effect>* effects) {
  remote_ = nullptr;
  if (!tracking_) {
    return;
  }
  tracking_ = false;
  effects->reserve(effects->size() + changed_.size());
  for (const ObjectId& id : changed_) {
    effects->push_back(effect_of(id));
  }
  changed_.clear();
  changed_set_.clear();
}

Effect StoreEngine::effect_of(const ObjectId& id) const {
  Effect e;
  e.id = id;
  if (const StoredObject* obj = objects_.find(id)) {
    e.state = state_of(id, *obj);
  }
  if (const NamespaceRecord* record = objects_.namespaces().find(id.ns)) {
    e.ns_name = record->name;
  }
  e.partition_version = objects_.partition_version(partition_of(id));
  return e;
}

ObjectState StoreEngine::state_of(const ObjectId& id, const StoredObject& obj) const {
  const TimePoint now = clock_.now();
  ObjectState s;
  s.value = obj.value;
  s.meta = obj.meta;
  s.meta.locked = obj.locked();
  s.meta.size = obj.value.size();
  s.ticket = obj.ticket;
  if (obj.locked()) {
    s.lock_remaining_ms = remaining_ms(obj.lock_expires, now);
  }
  if (obj.meta.timeout_s > 0) {
    s.timeout_remaining_ms = remaining_ms(obj.expires_at, now);
  }
  s.dependents.assign(obj.dependents.begin(), obj.dependents.end());
  std::sort(s.dependents.begin(), s.dependents.end(), id_less);
  if (!obj.meta.parents.empty()) {
    const auto& links = links_[partition_of(id)];
    auto it = links.find(id);
    s.parent_versions.assign(obj.meta.parents.size(), 0);
    for (std::size_t i = 0; it != links.end() && i < s.parent_versions.size(); ++i) {
      s.parent_versions[i] = it->second[i];
    }
  }
  return s;
}

// Installs verbatim what the primary decided: no cascade (the primary sent the dependents'
// removals as effects of their own), no eviction, no refusal for memory.
Status StoreEngine::apply(const std::vector<Effect>& effects) {
  Status result = Status::ok();
  for (const Effect& e : effects) {
    const PartitionId partition = partition_of(e.id);
    objects_.raise_version(partition, e.partition_version);
    if (!e.ns_name.empty()) {
      Status s = objects_.namespaces().register_name(e.id.ns, e.ns_name);
      if (!s && result) {
        result = std::move(s);  // the object is installed anyway: its id is what counts
      }
    }
    if (e.state) {
      install(e.id, *e.state);
    } else {
      discard(e.id, StatusCode::kNotFound);
    }
  }
  return result;
}

// Dependency links on a replica: a child links to the parents present; a parent takes its
// state's dependents as they are (children another host holds included: they are removed
// through their primary once this copy is promoted and the parent changes), plus the present
// children of the copy it replaces that name it (their effects may have come first).
StoredObject& StoreEngine::insert_state(const ObjectId& id, const ObjectState& state) {
  StoredObject o;
  o.value = state.value;
  o.meta = state.meta;
  o.bytes = accounted_bytes(o.value, o.meta.key_name, o.meta.content_type, o.meta.indexes);
  o.ticket = state.ticket;
  return objects_.insert(id, std::move(o));
}

// An update of an object the replica holds is applied in place: removing and inserting it again
// would redo its namespace's ordered key set, its map slot and its allocation for every write.
// Its timers and parent links are cleared here and set again by install().
StoredObject& StoreEngine::overwrite_state(const ObjectId& id, StoredObject& obj,
                                           const ObjectState& state) {
  expiries_.cancel(obj.expiry);
  lock_timers_.cancel(obj.lock_timer);
  unlink_parents(id, obj);
  obj.dependents.clear();
  if (obj.meta.indexes != state.meta.indexes) {
    objects_.set_indexes(id, obj, state.meta.indexes);
  }
  objects_.set_priority(id, obj, state.meta.priority);
  obj.value = state.value;
  obj.meta = state.meta;
  obj.ticket = state.ticket;
  obj.lock_expires = TimePoint{};
  obj.expires_at = TimePoint{};
  objects_.set_bytes(
      id, obj,
      accounted_bytes(obj.value, obj.meta.key_name, obj.meta.content_type, obj.meta.indexes));
  objects_.touch(obj);
  return obj;
}

void StoreEngine::install(const ObjectId& id, const ObjectState& state) {
  std::vector<ObjectId> children;
  StoredObject* existing = objects_.find(id);
  if (existing != nullptr) {
    children.assign(existing->dependents.begin(), existing->dependents.end());
  }
  StoredObject& obj =
      existing != nullptr ? overwrite_state(id, *existing, state) : insert_state(id, state);
  for (const ObjectId& p : obj.meta.parents) {
    if (StoredObject* parent = objects_.find(p)) {
      parent->dependents.insert(id);
    }
  }
  if (!obj.meta.parents.empty()) {
    LinkVersions versions{};
    for (std::size_t i = 0; i < versions.size() && i < state.parent_versions.size(); ++i) {
      versions[i] = state.parent_versions[i];
    }
    links_[partition_of(id)][id] = versions;
  }
  obj.dependents.insert(state.dependents.begin(), state.dependents.end());
  for (const ObjectId& c : children) {
    const StoredObject* child = objects_.find(c);
    if (child != nullptr && std::find(child->meta.parents.begin(), child->meta.parents.end(), id) !=
                                child->meta.parents.end()) {
      obj.dependents.insert(c);
    }
  }
  const TimePoint now = clock_.now();
  if (obj.locked()) {
    obj.lock_expires = after_ms(now, state.lock_remaining_ms);
    lock_timers_.schedule(obj.lock_timer, obj.lock_expires, id);
  }
  if (obj.meta.timeout_s > 0) {
    obj.expires_at = after_ms(
        now, state.timeout_remaining_ms.value_or(std::uint64_t{obj.meta.timeout_s} * 1000));
    expiries_.schedule(obj.expiry, obj.expires_at, id);
  }
}

// Removes one object without touching its dependents; its waiters get `waiter_code`.
void StoreEngine::discard(const ObjectId& id, StatusCode waiter_code) {
  if (objects_.find(id) == nullptr) {
    return;
  }
  detach(id);
  fail_waiters(waiters_.take_all(id), waiter_code);
}

// Objects in id order after the cursor, so a copy made while writes continue sends each object
// at most once; what changes behind the cursor reaches the new holder as forwarded effects.
// Sorting the partition per chunk costs O(n log n) for a partition of n objects (~1 MB each at
// 1024 partitions per GB): cheap next to shipping the chunk.
std::vector<Effect> StoreEngine::export_partition(PartitionId partition, std::size_t max_bytes,
                                                  std::string& cursor) {
  std::vector<Effect> out;
  if (partition >= kPartitionCount) {
    cursor.clear();
    return out;
  }
  // An unreadable cursor restarts the copy: exports read current states, so resending is safe.
  const std::optional<ObjectId> after = parse_export_cursor(cursor);
  std::vector<std::pair<ObjectId, std::uint64_t>> ids;
  objects_.for_each_in(partition, [&](const ObjectId& id, StoredObject& obj) {
    if (!after || id_less(*after, id)) {
      ids.emplace_back(id, obj.bytes);
    }
  });
  std::sort(ids.begin(), ids.end(),
            [](const auto& a, const auto& b) { return id_less(a.first, b.first); });
  std::size_t next = 0;
  for (std::uint64_t bytes = 0; next < ids.size(); ++next) {
    if (!out.empty() && bytes + ids[next].second > max_bytes) {
      break;
    }
    bytes += ids[next].second;
    out.push_back(effect_of(ids[next].first));
  }
  cursor = next < ids.size() ? cursor_of(out.back().id) : std::string();
  if (out.empty() && objects_.partition_version(partition) > 0) {
    // No object carries the version counter, which must still move with the partition.
    out.push_back(effect_of(marker_id(partition)));
  }
  return out;
}

Status StoreEngine::drop_partition(PartitionId partition) {
  if (partition >= kPartitionCount) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("partition {} is not below {}", partition, kPartitionCount));
  }
  std::vector<ObjectId> ids;
  objects_.for_each_in(partition, [&](const ObjectId& id, StoredObject&) { ids.push_back(id); });
  for (const ObjectId& id : ids) {
    discard(id, StatusCode::kNotReady);
  }
  return Status::ok();
}

}  // namespace soss::core
