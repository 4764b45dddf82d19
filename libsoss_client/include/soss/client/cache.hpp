// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <cstdint>
#include <future>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "soss/client/export.h"
#include "soss/client/grid_connection.hpp"
#include "soss/client/types.hpp"

namespace soss::client {

/// A named cache: the objects of one namespace of the store, reached through a GridConnection.
/// Every operation comes in two forms: `op(...)` waits for the answer, `op_async(...)` returns a
/// future at once (many may be in flight). Results are values: no operation throws; failures
/// are ResultCodes with a message. The result codes of each operation are listed at it.
/// Cheap to copy (copies share state) and thread-safe.
class SOSS_CLIENT_API Cache {
 public:
  using Millis = std::chrono::milliseconds;
  using KeyValues = std::vector<std::pair<Key, std::string>>;

  /// `namespace_name`: UTF-8, up to 280 bytes. `default_policy` applies to writes that give none.
  Cache(std::shared_ptr<GridConnection> connection, std::string namespace_name,
        CreatePolicy default_policy = {});

  const std::string& name() const;
  /// The namespace id: the first 4 bytes of SHA-256(name), masked to 0x0FFFFFFF.
  std::uint32_t namespace_id() const;
  const CreatePolicy& default_policy() const;

  /// Creates only: Added | AlreadyExists.
  CacheResponse add(const Key& key, std::string_view value, const WriteOptions& options = {}) const;
  std::future<CacheResponse> add_async(const Key& key, std::string_view value,
                                       const WriteOptions& options = {}) const;
  /// Adds or updates, ignoring locks: Added | Updated.
  CacheResponse put(const Key& key, std::string_view value, const WriteOptions& options = {}) const;
  std::future<CacheResponse> put_async(const Key& key, std::string_view value,
                                       const WriteOptions& options = {}) const;
  /// Updates an existing object not locked by someone else: Updated | NotFound | ObjectLocked.
  CacheResponse update(const Key& key, std::string_view value) const;
  std::future<CacheResponse> update_async(const Key& key, std::string_view value) const;
  /// As update(), also replacing the stored content type with `options.content_type` and the
  /// index values with `options.index_values` when non-empty. An update keeps the object's
  /// timeout and priority, so `options.policy` is ignored.
  CacheResponse update(const Key& key, std::string_view value, const WriteOptions& options) const;
  std::future<CacheResponse> update_async(const Key& key, std::string_view value,
                                          const WriteOptions& options) const;
  /// Updates if the version still matches: Updated | NotFound | VersionMismatch.
  CacheResponse update_optimistic(const Key& key, std::string_view value,
                                  std::uint64_t version) const;
  std::future<CacheResponse> update_optimistic_async(const Key& key, std::string_view value,
                                                     std::uint64_t version) const;
  /// As update_optimistic(), with the content type and index values of `options` (see update).
  CacheResponse update_optimistic(const Key& key, std::string_view value, std::uint64_t version,
                                  const WriteOptions& options) const;
  std::future<CacheResponse> update_optimistic_async(const Key& key, std::string_view value,
                                                     std::uint64_t version,
                                                     const WriteOptions& options) const;
  /// Removes if the version still matches: Removed | NotFound | VersionMismatch.
  CacheResponse remove_optimistic(const Key& key, std::uint64_t version) const;
  std::future<CacheResponse> remove_optimistic_async(const Key& key, std::uint64_t version) const;

  /// Retrieved (value, version, metadata) | NotFound.
  CacheResponse read(const Key& key) const;
  std::future<CacheResponse> read_async(const Key& key) const;
  /// Reads, or adds `value` when absent; of concurrent callers only the first adds:
  /// Retrieved | Added.
  CacheResponse read_or_add(const Key& key, std::string_view value,
                            const WriteOptions& options = {}) const;
  std::future<CacheResponse> read_or_add_async(const Key& key, std::string_view value,
                                               const WriteOptions& options = {}) const;
  /// Existence and metadata without the value: Retrieved | NotFound.
  CacheResponse metadata(const Key& key) const;
  std::future<CacheResponse> metadata_async(const Key& key) const;
  /// Removed | NotFound | ObjectLocked.
  CacheResponse remove(const Key& key) const;
  std::future<CacheResponse> remove_async(const Key& key) const;
  /// Resets a sliding timeout: Ok | NotFound.
  CacheResponse touch(const Key& key) const;
  std::future<CacheResponse> touch_async(const Key& key) const;

  /// Reads and locks, waiting in the service up to `wait` for another holder to release:
  /// Retrieved + lock_ticket | NotFound | AlreadyLocked.
  CacheResponse read_exclusive(const Key& key, Millis wait) const;
  std::future<CacheResponse> read_exclusive_async(const Key& key, Millis wait) const;
  /// Reads and locks without waiting: Retrieved + lock_ticket | NotFound | AlreadyLocked.
  CacheResponse try_read_exclusive(const Key& key) const;
  std::future<CacheResponse> try_read_exclusive_async(const Key& key) const;
  /// Locks without reading, waiting up to `wait`: Locked + lock_ticket | NotFound |
  /// AlreadyLocked.
  CacheResponse lock(const Key& key, Millis wait) const;
  std::future<CacheResponse> lock_async(const Key& key, Millis wait) const;

  /// Operations with a lock ticket. Each answers NotFound or LockLost (stale ticket) on failure.
  /// read_locked: Retrieved (refreshes the lock).
  CacheResponse read_locked(const Key& key, std::uint64_t ticket) const;
  std::future<CacheResponse> read_locked_async(const Key& key, std::uint64_t ticket) const;
  /// Updated, keeping (and refreshing) the lock.
  CacheResponse update_and_retain(const Key& key, std::string_view value,
                                  std::uint64_t ticket) const;
  std::future<CacheResponse> update_and_retain_async(const Key& key, std::string_view value,
                                                     std::uint64_t ticket) const;
  /// Updated, releasing the lock.
  CacheResponse update_and_release(const Key& key, std::string_view value,
                                   std::uint64_t ticket) const;
  std::future<CacheResponse> update_and_release_async(const Key& key, std::string_view value,
                                                      std::uint64_t ticket) const;
  /// Unlocked.
  CacheResponse release_lock(const Key& key, std::uint64_t ticket) const;
  std::future<CacheResponse> release_lock_async(const Key& key, std::uint64_t ticket) const;
  /// Locked (restarts the lock timeout).
  CacheResponse refresh_lock(const Key& key, std::uint64_t ticket) const;
  std::future<CacheResponse> refresh_lock_async(const Key& key, std::uint64_t ticket) const;
  /// Removed.
  CacheResponse remove_locked(const Key& key, std::uint64_t ticket) const;
  std::future<CacheResponse> remove_locked_async(const Key& key, std::uint64_t ticket) const;

  /// Reads many keys at once; items are Retrieved | NotFound, in `keys` order.
  BulkResponse bulk_read(const std::vector<Key>& keys) const;
  std::future<BulkResponse> bulk_read_async(const std::vector<Key>& keys) const;
  /// Adds many objects at once; items are Added | AlreadyExists | ..., in request order.
  BulkResponse bulk_add(const KeyValues& items, const WriteOptions& options = {}) const;
  std::future<BulkResponse> bulk_add_async(const KeyValues& items,
                                           const WriteOptions& options = {}) const;

  /// One page of the cache's keys. Start with an empty cursor and pass each answer's
  /// next_cursor until it is empty. `limit` 0 = the server's page size.
  KeyListResponse list_keys(const std::string& cursor = {}, std::uint32_t limit = 0) const;
  std::future<KeyListResponse> list_keys_async(const std::string& cursor = {},
                                               std::uint32_t limit = 0) const;
  /// Keys whose index value i equals `index_values[i]` for every non-empty entry; paged like
  /// list_keys.
  KeyListResponse query(const std::vector<std::string>& index_values,
                        const std::string& cursor = {}, std::uint32_t limit = 0) const;
  std::future<KeyListResponse> query_async(const std::vector<std::string>& index_values,
                                           const std::string& cursor = {},
                                           std::uint32_t limit = 0) const;
  /// Removes every object of the cache: Ok with the count removed.
  ClearResponse clear() const;
  std::future<ClearResponse> clear_async() const;

 private:
  struct Impl;
  std::shared_ptr<const Impl> impl_;
};

}  // namespace soss::client
