// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
// The C API over the C++ client. No exception may cross into C: every entry point catches.
#include "soss/client/soss_c.h"

#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>
#include <new>
#include <string>
#include <utility>

#include "soss/client/cache.hpp"
#include "soss/client/grid_connection.hpp"

struct soss_conn {
  std::shared_ptr<soss::client::GridConnection> connection;
};

struct soss_cache {
  soss::client::Cache cache;
};

namespace {

using soss::client::Cache;
using soss::client::CacheResponse;
using soss::client::ConnectResult;
using soss::client::CreatePolicy;
using soss::client::ResultCode;

constexpr bool same(soss_result a, ResultCode b) {
  return static_cast<int>(a) == static_cast<int>(b);
}
static_assert(same(SOSS_OK, ResultCode::kOk));
static_assert(same(SOSS_ADDED, ResultCode::kAdded));
static_assert(same(SOSS_UPDATED, ResultCode::kUpdated));
static_assert(same(SOSS_RETRIEVED, ResultCode::kRetrieved));
static_assert(same(SOSS_REMOVED, ResultCode::kRemoved));
static_assert(same(SOSS_LOCKED, ResultCode::kLocked));
static_assert(same(SOSS_UNLOCKED, ResultCode::kUnlocked));
static_assert(same(SOSS_NOT_FOUND, ResultCode::kNotFound));
static_assert(same(SOSS_ALREADY_EXISTS, ResultCode::kAlreadyExists));
static_assert(same(SOSS_VERSION_MISMATCH, ResultCode::kVersionMismatch));
static_assert(same(SOSS_OBJECT_LOCKED, ResultCode::kObjectLocked));
static_assert(same(SOSS_ALREADY_LOCKED, ResultCode::kAlreadyLocked));
static_assert(same(SOSS_LOCK_LOST, ResultCode::kLockLost));
static_assert(same(SOSS_INVALID_ARGUMENT, ResultCode::kInvalidArgument));
static_assert(same(SOSS_OBJECT_TOO_LARGE, ResultCode::kObjectTooLarge));
static_assert(same(SOSS_LOW_MEMORY, ResultCode::kLowMemory));
static_assert(same(SOSS_NOT_READY, ResultCode::kNotReady));
static_assert(same(SOSS_UNAVAILABLE, ResultCode::kUnavailable));
static_assert(same(SOSS_TIMEOUT, ResultCode::kTimeout));
static_assert(same(SOSS_UNAUTHORIZED, ResultCode::kUnauthorized));
static_assert(same(SOSS_PROTOCOL_ERROR, ResultCode::kProtocolError));
static_assert(same(SOSS_INTERNAL, ResultCode::kInternal));
static_assert(same(SOSS_NAMESPACE_CONFLICT, ResultCode::kNamespaceConflict));
static_assert(same(SOSS_CONFIG_ERROR, ResultCode::kConfigError));

constexpr int kInvalid = SOSS_INVALID_ARGUMENT;
constexpr int kInternal = SOSS_INTERNAL;

int code_of(ResultCode code) { return static_cast<int>(code); }

// Runs `body`, turning any exception into SOSS_INTERNAL (bad_alloc is the only one expected).
template <typename Body>
int guarded(Body&& body) noexcept {
  try {
    return body();
  } catch (...) {
    return kInternal;
  }
}

int finish_connect(ConnectResult result, soss_conn** out) {
  if (!result.ok()) {
    return code_of(result.result);
  }
  *out = new soss_conn{std::move(result.connection)};
  return SOSS_OK;
}

enum class WriteKind { kPut, kAdd, kUpdate };

int write(soss_cache* cache, const char* key, const void* value, size_t value_len,
          uint32_t timeout_s, WriteKind kind) {
  if (cache == nullptr || key == nullptr || (value == nullptr && value_len != 0)) {
    return kInvalid;
  }
  return guarded([&] {
    std::string_view bytes(static_cast<const char*>(value), value_len);
    if (value_len == 0) {
      bytes = std::string_view();
    }
    CreatePolicy policy = cache->cache.default_policy();
    policy.timeout = std::chrono::seconds(timeout_s);
    policy.timeout_type = soss::client::TimeoutType::kAbsolute;
    CacheResponse r;
    switch (kind) {
      case WriteKind::kPut:
        r = cache->cache.put(key, bytes, policy);
        break;
      case WriteKind::kAdd:
        r = cache->cache.add(key, bytes, policy);
        break;
      case WriteKind::kUpdate:
        r = cache->cache.update(key, bytes);
        break;
    }
    return code_of(r.result);
  });
}

}  // namespace

extern "C" {

int soss_connect(const char* conn_str, soss_conn** out) {
  if (conn_str == nullptr || out == nullptr) {
    return kInvalid;
  }
  *out = nullptr;
  return guarded(
      [&] { return finish_connect(soss::client::GridConnection::connect(conn_str), out); });
}

int soss_connect_default(const char* params_dir, soss_conn** out) {
  if (out == nullptr) {
    return kInvalid;
  }
  *out = nullptr;
  return guarded([&] {
    std::string_view dir = params_dir == nullptr ? std::string_view() : params_dir;
    return finish_connect(soss::client::GridConnection::connect_default(dir), out);
  });
}

void soss_disconnect(soss_conn* conn) { delete conn; }

int soss_cache_open(soss_conn* conn, const char* ns_name, soss_cache** out) {
  if (conn == nullptr || ns_name == nullptr || out == nullptr) {
    return kInvalid;
  }
  *out = nullptr;
  return guarded([&] {
    *out = new soss_cache{Cache(conn->connection, ns_name)};
    return static_cast<int>(SOSS_OK);
  });
}

void soss_cache_close(soss_cache* cache) { delete cache; }

int soss_put(soss_cache* cache, const char* key, const void* value, size_t value_len,
             uint32_t timeout_s) {
  return write(cache, key, value, value_len, timeout_s, WriteKind::kPut);
}

int soss_add(soss_cache* cache, const char* key, const void* value, size_t value_len,
             uint32_t timeout_s) {
  return write(cache, key, value, value_len, timeout_s, WriteKind::kAdd);
}

int soss_update(soss_cache* cache, const char* key, const void* value, size_t value_len,
                uint32_t timeout_s) {
  return write(cache, key, value, value_len, timeout_s, WriteKind::kUpdate);
}

int soss_get(soss_cache* cache, const char* key, char** value, size_t* len, uint64_t* version) {
  if (cache == nullptr || key == nullptr || value == nullptr || len == nullptr) {
    return kInvalid;
  }
  *value = nullptr;
  *len = 0;
  return guarded([&] {
    CacheResponse r = cache->cache.read(key);
    if (!r.ok()) {
      return code_of(r.result);
    }
    auto* copy = static_cast<char*>(std::malloc(r.value.size() + 1));
    if (copy == nullptr) {
      return kInternal;
    }
    std::memcpy(copy, r.value.data(), r.value.size());
    copy[r.value.size()] = '\0';
    *value = copy;
    *len = r.value.size();
    if (version != nullptr) {
      *version = r.version;
    }
    return code_of(r.result);
  });
}

int soss_remove(soss_cache* cache, const char* key) {
  if (cache == nullptr || key == nullptr) {
    return kInvalid;
  }
  return guarded([&] { return code_of(cache->cache.remove(key).result); });
}

int soss_lock(soss_cache* cache, const char* key, uint32_t wait_ms, uint64_t* ticket) {
  if (cache == nullptr || key == nullptr || ticket == nullptr) {
    return kInvalid;
  }
  *ticket = 0;
  return guarded([&] {
    CacheResponse r = cache->cache.lock(key, std::chrono::milliseconds(wait_ms));
    *ticket = r.lock_ticket;
    return code_of(r.result);
  });
}

int soss_unlock(soss_cache* cache, const char* key, uint64_t ticket) {
  if (cache == nullptr || key == nullptr) {
    return kInvalid;
  }
  return guarded([&] { return code_of(cache->cache.release_lock(key, ticket).result); });
}

void soss_free(void* p) { std::free(p); }

const char* soss_result_name(int code) {
  return soss::client::result_code_name(static_cast<ResultCode>(code));
}

}  // extern "C"
