// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "soss/core/common/status.hpp"
#include "soss/core/store/types.hpp"

namespace soss::core {

// Every operation of wire protocol v1. The numbers are fixed: never renumber, only append.
enum class OpCode : std::uint16_t {
  kPing = 1,
  kAuth = 2,  // fields "user", value the password: Ok + field "role" | Unauthorized
  // Objects (svr_port).
  kAdd = 10,               // create only: Added | AlreadyExists
  kPut = 11,               // add or update, ignores locks: Added | Updated
  kUpdate = 12,            // must exist, refused if locked: Updated | NotFound | ObjectLocked
  kUpdateOptimistic = 13,  // version must match: Updated | NotFound | VersionMismatch
  kRemoveOptimistic = 14,  // Removed | NotFound | VersionMismatch
  kRead = 15,              // Retrieved | NotFound
  kReadOrAdd = 16,         // Retrieved | Added (request value is the factory value)
  kMetadata = 17,          // exists + metadata, no value: Retrieved | NotFound
  kRemove = 18,            // Removed | NotFound | ObjectLocked
  kReadExclusive = 19,     // waits up to wait_ms: Retrieved+ticket | NotFound | AlreadyLocked
  kTryReadExclusive = 20,  // no wait: Retrieved+ticket | NotFound | AlreadyLocked
  kLock = 21,              // waits up to wait_ms: Locked+ticket | NotFound | AlreadyLocked
  kReadLocked = 22,        // ticket: Retrieved (refreshes) | NotFound | LockLost
  kUpdateAndRetain = 23,   // ticket: Updated (refreshes) | NotFound | LockLost
  kUpdateAndRelease = 24,  // ticket: Updated | NotFound | LockLost
  kReleaseLock = 25,       // ticket: Unlocked | NotFound | LockLost
  kRefreshLock = 26,       // ticket: Locked | NotFound | LockLost
  kRemoveLocked = 27,      // ticket: Removed | NotFound | LockLost
  kTouch = 28,             // reset a timeout: Ok | NotFound
  kBulkRead = 29,          // items: per-key Retrieved | NotFound
  kBulkAdd = 30,           // items: per-key Added | AlreadyExists | ...
  kListNamespaces = 31,    // namespaces
  kListKeys = 32,          // keys of id.ns, paged by cursor/limit
  kClearNamespace = 33,    // removes every object of id.ns: Ok (count in `count`)
  kQuery = 34,             // keys of id.ns whose index slots equal every non-empty `indexes[i]`
  kIncrement = 35,         // add int64(version) to the decimal value (absent = 0), keeps the
                           // timeout: Updated | Added, the new value in `value` | InvalidArgument
  kSetTimeout = 36,        // set policy.timeout_s/timeout_type (0 = never), keeps the value:
                           // Ok + `count` = ms until it expires | NotFound
  // Routing (svr_port). Handled by the service: which host is each partition's primary.
  kGetRouting = 37,  // fields: "epoch" and one "host" per member ("index address svr_port");
                     // value: kPartitionCount little-endian uint16, the member index of each
                     // partition's primary (0xFFFF = none: send it to any host)
  // Management (mgt_port). Handled by the service, not by Store.
  kGetStatus = 100,  // fields: host and store status
  kGetParams = 101,  // fields: every parameter and its value
  kSetParams = 102,  // fields: name/value pairs to set
  kJoin = 103,       // activate this host
  kLeave = 104,      // deactivate this host
  kRestart = 105,    // the service restarts itself (answers Ok first; Unavailable if it can't)
};

std::string_view op_code_name(OpCode op);
// True for the operations served on svr_port by Store::execute.
bool is_object_op(OpCode op);
bool is_management_op(OpCode op);
// True for the object operations that span partitions (listings, queries, clears and bulk
// requests): a store of several hosts runs them on every primary, not on one key's primary.
bool spans_partitions(OpCode op);

// One object of a bulk request.
struct BulkItem {
  KeyBytes key{};
  std::string key_name;
  std::string value;
};

// One result of a bulk request, in request order.
struct BulkResult {
  StatusCode code = StatusCode::kOk;
  std::string value;
  std::uint64_t version = 0;
};

struct NamespaceInfo {
  NamespaceId id = 0;
  std::string name;
  std::uint64_t objects = 0;
  std::uint64_t bytes = 0;  // accounted memory: values, names and per-object overhead
};

struct KeyInfo {
  KeyBytes key{};
  std::string key_name;  // empty when the object was written with a raw key
};

// A request to the store. One flat shape for every operation keeps the codec, the dispatcher
// and replication (which ships requests) to one mechanism; unused fields stay empty and cost a
// few bytes on the wire.
struct Request {
  OpCode op = OpCode::kPing;
  ObjectId id;               // namespace id and key
  std::string ns_name;       // the namespace's name: registered on writes, checked for collisions
  std::string key_name;      // the original string key, kept with the object on writes
  std::string value;         // object bytes (add/put/update/read_or_add)
  std::string content_type;  // stored with the value (REST)
  CreatePolicy policy;       // timeout, priority, parents (writes)
  std::vector<std::string> indexes;  // writes: index values (empty = keep); kQuery: the filter
  std::uint64_t version = 0;         // optimistic operations
  LockTicket ticket = 0;             // operations on a locked object
  std::uint32_t wait_ms = 0;         // how long a lock request may wait, from its arrival
  bool lock_after = false;           // kAdd/kPut/kReadOrAdd: also lock, ticket in the response
  // Reads and writes: the caller reads only meta.version, timeout_s, timeout_type and priority
  // (and the derived size and locked) from the answer's meta, so nothing else is copied into it.
  // The Redis endpoint sets it; it is not sent to other hosts, which answer in full.
  bool brief = false;
  std::vector<BulkItem> items;  // bulk operations
  std::string cursor;           // paging: "" = from the start
  std::uint32_t limit = 0;      // paging: at most this many (0 = server default)
  std::vector<std::pair<std::string, std::string>> fields;  // management: name/value pairs
};

// The answer to one request.
struct Response {
  StatusCode code = StatusCode::kOk;
  std::string message;  // context for errors; empty on success
  std::string value;
  ObjectMetadata meta;  // version and metadata of the object touched, when there is one
  LockTicket ticket = 0;
  std::uint64_t count = 0;  // kClearNamespace: objects removed
  std::vector<BulkResult> items;
  std::vector<NamespaceInfo> namespaces;
  std::vector<KeyInfo> keys;
  std::string cursor;                                       // next page; empty = no more
  std::vector<std::pair<std::string, std::string>> fields;  // management answers

  static Response of(StatusCode code, std::string message = {}) {
    Response r;
    r.code = code;
    r.message = std::move(message);
    return r;
  }
  static Response of(const Status& s) { return of(s.code(), std::string(s.message())); }
};

}  // namespace soss::core
