// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#include "store/object_table.hpp"

#include <algorithm>
#include <utility>

namespace soss::core {

std::uint64_t accounted_bytes(const std::string& value, const std::string& key_name,
                              const std::string& content_type,
                              const std::vector<std::string>& indexes) {
  std::uint64_t total = kObjectOverheadBytes + value.size() + key_name.size() + content_type.size();
  for (const std::string& v : indexes) {
    total += v.size();
  }
  return total;
}

ObjectTable::ObjectTable() : partitions_(kPartitionCount), versions_(kPartitionCount, 0) {}

StoredObject* ObjectTable::find(const ObjectId& id) {
  return partitions_[partition_of(id)].find(id);
}

const StoredObject* ObjectTable::find(const ObjectId& id) const {
  return partitions_[partition_of(id)].find(id);
}

StoredObject& ObjectTable::insert(const ObjectId& id, StoredObject object) {
  StoredObject& stored = partitions_[partition_of(id)].insert(id, std::move(object));
  NamespaceRecord& record = namespaces_.get(id.ns);
  record.keys.insert(id.key);
  record.bytes += stored.bytes;
  record.index.add(id.key, stored.meta.indexes);
  bytes_ += stored.bytes;
  ++count_;
  stored.last_used = ++use_seq_;
  if (lru_enabled_ && stored.meta.priority == Priority::kNormal) {
    stored.lru = lru_.insert(lru_.end(), id);
  }
  return stored;
}

StoredObject ObjectTable::extract(const ObjectId& id) {
  StoredObject object = partitions_[partition_of(id)].take(id);
  if (object.lru) {
    lru_.erase(*object.lru);
    object.lru.reset();
  }
  NamespaceRecord& record = namespaces_.get(id.ns);
  record.keys.erase(id.key);
  record.bytes -= object.bytes;
  record.index.remove(id.key, object.meta.indexes);
  namespaces_.release_if_unused(id.ns);
  bytes_ -= object.bytes;
  --count_;
  return object;
}

void ObjectTable::set_bytes(const ObjectId& id, StoredObject& object, std::uint64_t bytes) {
  NamespaceRecord& record = namespaces_.get(id.ns);
  record.bytes = record.bytes - object.bytes + bytes;
  bytes_ = bytes_ - object.bytes + bytes;
  object.bytes = bytes;
}

void ObjectTable::set_indexes(const ObjectId& id, StoredObject& object,
                              std::vector<std::string> indexes) {
  SecondaryIndex& index = namespaces_.get(id.ns).index;
  index.remove(id.key, object.meta.indexes);
  object.meta.indexes = std::move(indexes);
  index.add(id.key, object.meta.indexes);
}

void ObjectTable::set_priority(const ObjectId& id, StoredObject& object, Priority priority) {
  object.meta.priority = priority;
  if (!lru_enabled_) {
    return;
  }
  if (priority == Priority::kNormal && !object.lru) {
    object.lru = lru_.insert(lru_.end(), id);
  } else if (priority != Priority::kNormal && object.lru) {
    lru_.erase(*object.lru);
    object.lru.reset();
  }
}

void ObjectTable::touch(StoredObject& object) {
  object.last_used = ++use_seq_;
  if (object.lru) {
    lru_.splice(lru_.end(), lru_, *object.lru);
  }
}

void ObjectTable::enable_lru(bool on) {
  if (on == lru_enabled_) {
    return;
  }
  lru_enabled_ = on;
  lru_.clear();
  std::vector<std::pair<std::uint64_t, std::pair<const ObjectId*, StoredObject*>>> order;
  for (Partition& p : partitions_) {
    p.for_each([&](const ObjectId& id, StoredObject& object) {
      object.lru.reset();
      if (on && object.meta.priority == Priority::kNormal) {
        order.push_back({object.last_used, {&id, &object}});
      }
    });
  }
  std::sort(order.begin(), order.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [seq, entry] : order) {
    entry.second->lru = lru_.insert(lru_.end(), *entry.first);
  }
}

std::uint64_t ObjectTable::next_version(const ObjectId& id) {
  return ++versions_[partition_of(id)];
}

}  // namespace soss::core
