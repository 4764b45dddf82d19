// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// StoreEngine: bulk operations, listing, clearing and querying a namespace.
#include "store/store_engine.hpp"

#include <algorithm>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "soss/core/common/int_text.hpp"

namespace soss::core {
namespace {

// Parses the 64 hex digits of a listing cursor (key_hex of the last key returned).
bool parse_cursor(std::string_view text, KeyBytes& key) {
  if (text.size() != key.size() * 2) {
    return false;
  }
  for (std::size_t i = 0; i < key.size(); ++i) {
    int hi = hex_value(text[2 * i]);
    int lo = hex_value(text[2 * i + 1]);
    if (hi < 0 || lo < 0) {
      return false;
    }
    key[i] = static_cast<std::uint8_t>(hi * 16 + lo);
  }
  return true;
}

// The smallest posting set among the non-empty filter slots (empty when one has no match);
// nullptr when the filter has no non-empty slot.
const std::set<KeyBytes>* smallest_posting(const NamespaceRecord* record,
                                           const std::vector<std::string>& filter) {
  static const std::set<KeyBytes> kNone;
  const std::set<KeyBytes>* smallest = nullptr;
  for (std::size_t slot = 0; slot < filter.size(); ++slot) {
    if (filter[slot].empty()) {
      continue;
    }
    const std::set<KeyBytes>* keys =
        record != nullptr ? record->index.keys_with(slot, filter[slot]) : nullptr;
    keys = keys != nullptr ? keys : &kNone;
    if (smallest == nullptr || keys->size() < smallest->size()) {
      smallest = keys;
    }
  }
  return smallest;
}

bool matches(const std::vector<std::string>& filter, const std::vector<std::string>& values) {
  for (std::size_t slot = 0; slot < filter.size(); ++slot) {
    if (!filter[slot].empty() && (slot >= values.size() || values[slot] != filter[slot])) {
      return false;
    }
  }
  return true;
}

}  // namespace

Response StoreEngine::execute_partial(const Request& request, const PartitionSet& only,
                                      std::vector<Effect>* effects, DependencyWork* work) {
  switch (request.op) {
    case OpCode::kListNamespaces:
    case OpCode::kListKeys:
    case OpCode::kQuery:
    case OpCode::kClearNamespace:
      break;
    default:
      return Response::of(StatusCode::kInvalidArgument,
                          "only listings, queries and clears run on a set of partitions");
  }
  scope_ = &only;
  Completion none;
  std::optional<Response> r = execute(request, none, effects, work);
  scope_ = nullptr;
  return r ? std::move(*r) : Response::of(StatusCode::kInternal, "a listing waited");
}

// Every namespace with a name or objects; in a partial run, objects and bytes count only the
// partitions in scope (found by walking the namespace's keys).
std::vector<NamespaceInfo> StoreEngine::list_namespaces() const {
  std::vector<NamespaceInfo> all = objects_.namespaces().list();
  if (scope_ == nullptr) {
    return all;
  }
  for (NamespaceInfo& info : all) {
    info.objects = 0;
    info.bytes = 0;
    const NamespaceRecord* record = objects_.namespaces().find(info.id);
    for (const KeyBytes& key : record->keys) {
      if (in_scope(info.id, key)) {
        const StoredObject* obj = objects_.find(ObjectId{info.id, key});
        ++info.objects;
        info.bytes += obj != nullptr ? obj->bytes : 0;
      }
    }
  }
  return all;
}

Response StoreEngine::handle_bulk_read(const Request& r) {
  Response resp;
  resp.items.reserve(r.items.size());
  for (const BulkItem& item : r.items) {
    ObjectId id{r.id.ns, item.key};
    StoredObject* obj = settle(id);
    if (obj == nullptr) {
      resp.items.push_back(BulkResult{StatusCode::kNotFound, {}, 0});
      continue;
    }
    on_read(id, *obj);
    resp.items.push_back(BulkResult{StatusCode::kRetrieved, obj->value, obj->meta.version});
  }
  return resp;
}

// Each item is added like kAdd with the request's policy, content type and index values.
Response StoreEngine::handle_bulk_add(const Request& r) {
  if (auto refusal = register_namespace(r)) {
    return *refusal;
  }
  Request one;
  one.op = OpCode::kAdd;
  one.id.ns = r.id.ns;
  one.content_type = r.content_type;
  one.policy = r.policy;
  one.indexes = r.indexes;
  Response resp;
  resp.items.reserve(r.items.size());
  for (const BulkItem& item : r.items) {
    one.id.key = item.key;
    one.key_name = item.key_name;
    one.value = item.value;
    Response added = add_new(one);
    resp.items.push_back(BulkResult{added.code, {}, added.meta.version});
  }
  return resp;
}

Response StoreEngine::handle_list_keys(const Request& r) {
  KeyBytes after{};
  if (!r.cursor.empty() && !parse_cursor(r.cursor, after)) {
    return Response::of(StatusCode::kInvalidArgument, "cursor is not 64 hex digits");
  }
  Response resp;
  const NamespaceRecord* record = objects_.namespaces().find(r.id.ns);
  if (record == nullptr) {
    return resp;
  }
  const std::uint32_t page =
      r.limit == 0 ? options_.max_list_page : std::min(r.limit, options_.max_list_page);
  const TimePoint now = clock_.now();
  auto it = r.cursor.empty() ? record->keys.begin() : record->keys.upper_bound(after);
  for (; it != record->keys.end() && resp.keys.size() < page; ++it) {
    if (!in_scope(r.id.ns, *it)) {
      continue;
    }
    const StoredObject* obj = objects_.find(ObjectId{r.id.ns, *it});
    if (obj != nullptr && !obj->expired_at(now)) {
      resp.keys.push_back(KeyInfo{*it, obj->meta.key_name});
    }
  }
  if (it != record->keys.end() && !resp.keys.empty()) {
    resp.cursor = key_hex(resp.keys.back().key);
  }
  return resp;
}

// Removes every object of the namespace, locked or not; waiters get NotFound, dependents go too.
Response StoreEngine::handle_clear(const Request& r) {
  Response resp;
  const NamespaceRecord* record = objects_.namespaces().find(r.id.ns);
  if (record == nullptr) {
    return resp;
  }
  // Copied: the record shrinks (and may be forgotten) while its objects are removed.
  std::vector<KeyBytes> keys;
  for (const KeyBytes& key : record->keys) {
    if (in_scope(r.id.ns, key)) {
      keys.push_back(key);
    }
  }
  for (const KeyBytes& key : keys) {
    remove_object(ObjectId{r.id.ns, key}, Removal::kExplicit);
  }
  resp.count = keys.size();
  return resp;
}

// Candidates come from the smallest posting set among the filter slots; each is then checked
// against every filter, so the namespace is never scanned.
Response StoreEngine::handle_query(const Request& r) {
  const std::set<KeyBytes>* candidates =
      smallest_posting(objects_.namespaces().find(r.id.ns), r.indexes);
  if (candidates == nullptr) {
    return Response::of(StatusCode::kInvalidArgument, "indexes has no non-empty filter value");
  }
  Response resp;
  const std::uint32_t limit =
      r.limit == 0 ? options_.max_list_page : std::min(r.limit, options_.max_list_page);
  const TimePoint now = clock_.now();
  for (auto it = candidates->begin(); it != candidates->end() && resp.keys.size() < limit; ++it) {
    if (!in_scope(r.id.ns, *it)) {
      continue;
    }
    const StoredObject* obj = objects_.find(ObjectId{r.id.ns, *it});
    if (obj != nullptr && !obj->expired_at(now) && matches(r.indexes, obj->meta.indexes)) {
      resp.keys.push_back(KeyInfo{*it, obj->meta.key_name});
    }
  }
  return resp;
}

}  // namespace soss::core
