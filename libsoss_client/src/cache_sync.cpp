// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// The synchronous forms of Cache: each waits for its asynchronous form.
#include "soss/client/cache.hpp"

namespace soss::client {

CacheResponse Cache::add(const Key& key, std::string_view value,
                         const WriteOptions& options) const {
  return add_async(key, value, options).get();
}
CacheResponse Cache::put(const Key& key, std::string_view value,
                         const WriteOptions& options) const {
  return put_async(key, value, options).get();
}
CacheResponse Cache::update(const Key& key, std::string_view value) const {
  return update_async(key, value).get();
}
CacheResponse Cache::update_optimistic(const Key& key, std::string_view value,
                                       std::uint64_t version) const {
  return update_optimistic_async(key, value, version).get();
}
CacheResponse Cache::update(const Key& key, std::string_view value,
                            const WriteOptions& options) const {
  return update_async(key, value, options).get();
}
CacheResponse Cache::update_optimistic(const Key& key, std::string_view value,
                                       std::uint64_t version, const WriteOptions& options) const {
  return update_optimistic_async(key, value, version, options).get();
}
CacheResponse Cache::remove_optimistic(const Key& key, std::uint64_t version) const {
  return remove_optimistic_async(key, version).get();
}
CacheResponse Cache::read(const Key& key) const { return read_async(key).get(); }
CacheResponse Cache::read_or_add(const Key& key, std::string_view value,
                                 const WriteOptions& options) const {
  return read_or_add_async(key, value, options).get();
}
CacheResponse Cache::metadata(const Key& key) const { return metadata_async(key).get(); }
CacheResponse Cache::remove(const Key& key) const { return remove_async(key).get(); }
CacheResponse Cache::touch(const Key& key) const { return touch_async(key).get(); }
CacheResponse Cache::read_exclusive(const Key& key, Millis wait) const {
  return read_exclusive_async(key, wait).get();
}
CacheResponse Cache::try_read_exclusive(const Key& key) const {
  return try_read_exclusive_async(key).get();
}
CacheResponse Cache::lock(const Key& key, Millis wait) const { return lock_async(key, wait).get(); }
CacheResponse Cache::read_locked(const Key& key, std::uint64_t ticket) const {
  return read_locked_async(key, ticket).get();
}
CacheResponse Cache::update_and_retain(const Key& key, std::string_view value,
                                       std::uint64_t ticket) const {
  return update_and_retain_async(key, value, ticket).get();
}
CacheResponse Cache::update_and_release(const Key& key, std::string_view value,
                                        std::uint64_t ticket) const {
  return update_and_release_async(key, value, ticket).get();
}
CacheResponse Cache::release_lock(const Key& key, std::uint64_t ticket) const {
  return release_lock_async(key, ticket).get();
}
CacheResponse Cache::refresh_lock(const Key& key, std::uint64_t ticket) const {
  return refresh_lock_async(key, ticket).get();
}
CacheResponse Cache::remove_locked(const Key& key, std::uint64_t ticket) const {
  return remove_locked_async(key, ticket).get();
}
BulkResponse Cache::bulk_read(const std::vector<Key>& keys) const {
  return bulk_read_async(keys).get();
}
BulkResponse Cache::bulk_add(const KeyValues& items, const WriteOptions& options) const {
  return bulk_add_async(items, options).get();
}
KeyListResponse Cache::list_keys(const std::string& cursor, std::uint32_t limit) const {
  return list_keys_async(cursor, limit).get();
}
KeyListResponse Cache::query(const std::vector<std::string>& index_values,
                             const std::string& cursor, std::uint32_t limit) const {
  return query_async(index_values, cursor, limit).get();
}
ClearResponse Cache::clear() const { return clear_async().get(); }

}  // namespace soss::client
