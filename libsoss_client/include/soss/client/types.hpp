// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// Value types of the soss client API. C++17, standard library only.

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "soss/client/export.h"

namespace soss::client {

/// The result of every client operation. The numbers are those of the wire protocol and of the
/// C API (`soss_c.h`); they never change, new codes are only appended.
enum class ResultCode : std::int32_t {
  kOk = 0,
  kAdded = 1,
  kUpdated = 2,
  kRetrieved = 3,
  kRemoved = 4,
  kLocked = 5,    ///< a lock was acquired or refreshed (success)
  kUnlocked = 6,  ///< a lock was released (success)
  kNotFound = 7,
  kAlreadyExists = 8,
  kVersionMismatch = 9,
  kObjectLocked = 10,   ///< refused: another caller holds the object's lock
  kAlreadyLocked = 11,  ///< the lock could not be had before the wait ended
  kLockLost = 12,       ///< the ticket is stale: expired, already released, or object replaced
  kInvalidArgument = 13,
  kObjectTooLarge = 14,
  kLowMemory = 15,
  kNotReady = 16,     ///< the store is inactive or a partition is moving; retried automatically
  kUnavailable = 17,  ///< no gateway could be reached, or the connection was lost
  kTimeout = 18,      ///< the request took longer than the connection's request timeout
  kUnauthorized = 19,
  kProtocolError = 20,
  kInternal = 21,
  kNamespaceConflict = 22,  ///< the cache name's id collides with another registered name
  kConfigError = 23,
};

/// The name of a result code ("NotFound"), or "Unknown". The pointer is to a static string.
SOSS_CLIENT_API const char* result_code_name(ResultCode code);

/// True for the codes that report success (Ok, Added, Updated, Retrieved, Removed, Locked,
/// Unlocked).
constexpr bool is_success(ResultCode code) {
  return code >= ResultCode::kOk && code <= ResultCode::kUnlocked;
}

/// How an object's timeout is measured.
enum class TimeoutType : std::uint8_t {
  kAbsolute = 0,       ///< from creation or the last put
  kSliding = 1,        ///< reset by every read or update
  kResetOnUpdate = 2,  ///< reset by every update, not by reads
};

/// Whether an object may be evicted under memory pressure.
enum class Priority : std::uint8_t {
  kNormal = 0,        ///< may be evicted, least recently used first
  kNotRemovable = 1,  ///< never evicted
};

/// A 256-bit object key.
using KeyBytes = std::array<std::uint8_t, 32>;

/// An object key: a string (hashed with SHA-256; the string is kept with the object so keys can
/// be listed) or 32 raw bytes. Converts implicitly from strings.
class SOSS_CLIENT_API Key {
 public:
  Key(std::string_view name);    // NOLINT(google-explicit-constructor)
  Key(const std::string& name);  // NOLINT(google-explicit-constructor)
  Key(const char* name);         // NOLINT(google-explicit-constructor)
  /// A raw key: no name is stored with the object.
  explicit Key(const KeyBytes& raw) : bytes_(raw) {}

  const KeyBytes& bytes() const { return bytes_; }
  /// The string the key was made from; empty for raw keys.
  const std::string& name() const { return name_; }

 private:
  KeyBytes bytes_{};
  std::string name_;
};

/// How a write creates an object.
struct CreatePolicy {
  std::chrono::seconds timeout{0};  ///< 0 = never expires; at most 2^32-1 s
  TimeoutType timeout_type = TimeoutType::kAbsolute;
  Priority priority = Priority::kNormal;
  /// String keys of up to 2 parent objects in the same cache: updating or removing a parent
  /// removes this object.
  std::vector<std::string> parent_keys;
};

/// Per-call options of a write (add, put, read_or_add, bulk_add).
struct WriteOptions {
  WriteOptions() = default;
  WriteOptions(CreatePolicy create_policy)  // NOLINT(google-explicit-constructor)
      : policy(std::move(create_policy)) {}

  std::optional<CreatePolicy> policy;     ///< empty = the cache's default policy
  std::vector<std::string> index_values;  ///< up to 8 query index values; empty = none/keep
  std::string content_type;               ///< stored with the value (shown by REST)
};

/// What the store knows about an object besides its value.
struct ObjectMetadata {
  std::uint64_t version = 0;    ///< grows on every update
  std::int64_t created_ms = 0;  ///< wall time, ms since the Unix epoch
  std::int64_t updated_ms = 0;
  std::chrono::seconds timeout{0};
  TimeoutType timeout_type = TimeoutType::kAbsolute;
  Priority priority = Priority::kNormal;
  bool locked = false;
  std::uint64_t size = 0;  ///< value bytes
  std::string key_name;    ///< the original string key, when one was given
  std::string content_type;
  std::vector<KeyBytes> parent_keys;
  std::vector<std::string> index_values;
};

/// The answer to a single-object operation.
struct CacheResponse {
  ResultCode result = ResultCode::kOk;
  std::string value;              ///< the object's bytes (reads)
  std::uint64_t version = 0;      ///< the object's version after the operation
  std::uint64_t lock_ticket = 0;  ///< operations that lock: the ticket for later calls
  ObjectMetadata metadata;
  std::string message;  ///< context for errors; empty on success

  bool ok() const { return is_success(result); }
};

/// One per-key result of a bulk operation, in request order.
struct BulkItemResult {
  ResultCode result = ResultCode::kOk;
  std::string value;
  std::uint64_t version = 0;
};

/// The answer to bulk_read / bulk_add. `result` is the request's own outcome (Ok, or an error
/// such as Unavailable); each item carries its key's result.
struct BulkResponse {
  ResultCode result = ResultCode::kOk;
  std::vector<BulkItemResult> items;
  std::string message;

  bool ok() const { return is_success(result); }
};

/// A key of a listing.
struct KeyInfo {
  KeyBytes key{};
  std::string key_name;  ///< empty when the object was written with a raw key
};

/// One page of keys (list_keys, query).
struct KeyListResponse {
  ResultCode result = ResultCode::kOk;
  std::vector<KeyInfo> keys;
  std::string next_cursor;  ///< pass to the next call; empty = no more pages
  std::string message;

  bool ok() const { return is_success(result); }
};

/// A namespace (named cache) known to the store.
struct NamespaceInfo {
  std::uint32_t id = 0;
  std::string name;
  std::uint64_t objects = 0;
  std::uint64_t bytes = 0;
};

struct NamespaceListResponse {
  ResultCode result = ResultCode::kOk;
  std::vector<NamespaceInfo> namespaces;
  std::string message;

  bool ok() const { return is_success(result); }
};

/// The answer to clear().
struct ClearResponse {
  ResultCode result = ResultCode::kOk;
  std::uint64_t removed = 0;  ///< objects removed
  std::string message;

  bool ok() const { return is_success(result); }
};

}  // namespace soss::client
