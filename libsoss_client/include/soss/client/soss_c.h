/* Copyright (c) 2026 the soss authors */
/* SPDX-License-Identifier: Apache-2.0 */
#pragma once

/*
 * The soss C API: a thin layer over the C++ client (GridConnection, Cache) for C programs and
 * foreign-function interfaces. Every function returns a result code (soss_result); negative
 * numbers are never used. Handles are thread-safe: one soss_conn and its caches may be used from
 * many threads at once. Nothing here throws or aborts.
 */

#include <stddef.h>
#include <stdint.h>

#include "soss/client/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Result codes: the numbers of the wire protocol and of soss::client::ResultCode. */
typedef enum soss_result {
  SOSS_OK = 0,
  SOSS_ADDED = 1,
  SOSS_UPDATED = 2,
  SOSS_RETRIEVED = 3,
  SOSS_REMOVED = 4,
  SOSS_LOCKED = 5,
  SOSS_UNLOCKED = 6,
  SOSS_NOT_FOUND = 7,
  SOSS_ALREADY_EXISTS = 8,
  SOSS_VERSION_MISMATCH = 9,
  SOSS_OBJECT_LOCKED = 10,
  SOSS_ALREADY_LOCKED = 11,
  SOSS_LOCK_LOST = 12,
  SOSS_INVALID_ARGUMENT = 13,
  SOSS_OBJECT_TOO_LARGE = 14,
  SOSS_LOW_MEMORY = 15,
  SOSS_NOT_READY = 16,
  SOSS_UNAVAILABLE = 17,
  SOSS_TIMEOUT = 18,
  SOSS_UNAUTHORIZED = 19,
  SOSS_PROTOCOL_ERROR = 20,
  SOSS_INTERNAL = 21,
  SOSS_NAMESPACE_CONFLICT = 22,
  SOSS_CONFIG_ERROR = 23
} soss_result;

/* Success codes are SOSS_OK .. SOSS_UNLOCKED. */
#define SOSS_SUCCEEDED(code) ((code) >= SOSS_OK && (code) <= SOSS_UNLOCKED)

typedef struct soss_conn soss_conn;   /* a connection to a store */
typedef struct soss_cache soss_cache; /* a named cache (namespace) on a connection */

/* Connects with a connection string such as
 * "bootstrapGateways=10.0.0.1:721,10.0.0.2:721;maxRequestRetries=2". On success *out is a
 * handle to release with soss_disconnect. */
SOSS_CLIENT_API int soss_connect(const char* conn_str, soss_conn** out);

/* Connects as configured by soss_client_params.txt / soss_params.txt in `params_dir`
 * (NULL = the platform default: /etc/soss on Linux, the folder of soss_client.dll on Windows). */
SOSS_CLIENT_API int soss_connect_default(const char* params_dir, soss_conn** out);

/* Releases the handle. Caches opened on it stay usable until closed. NULL is ignored. */
SOSS_CLIENT_API void soss_disconnect(soss_conn* conn);

/* Opens the named cache `ns_name` (UTF-8, up to 280 bytes). Release with soss_cache_close. */
SOSS_CLIENT_API int soss_cache_open(soss_conn* conn, const char* ns_name, soss_cache** out);
SOSS_CLIENT_API void soss_cache_close(soss_cache* cache);

/* Writes `value_len` bytes under the string key `key`. timeout_s: 0 = never expires, else an
 * absolute timeout in seconds.
 * put: SOSS_ADDED | SOSS_UPDATED. add: SOSS_ADDED | SOSS_ALREADY_EXISTS.
 * update: SOSS_UPDATED | SOSS_NOT_FOUND | SOSS_OBJECT_LOCKED; it keeps the object's timeout, so
 * its timeout_s is ignored. */
SOSS_CLIENT_API int soss_put(soss_cache* cache, const char* key, const void* value,
                             size_t value_len, uint32_t timeout_s);
SOSS_CLIENT_API int soss_add(soss_cache* cache, const char* key, const void* value,
                             size_t value_len, uint32_t timeout_s);
SOSS_CLIENT_API int soss_update(soss_cache* cache, const char* key, const void* value,
                                size_t value_len, uint32_t timeout_s);

/* Reads `key`: SOSS_RETRIEVED | SOSS_NOT_FOUND. On success *value is a malloc'd copy (NUL
 * terminated for convenience; *len excludes the NUL) to release with soss_free. `version` may
 * be NULL. */
SOSS_CLIENT_API int soss_get(soss_cache* cache, const char* key, char** value, size_t* len,
                             uint64_t* version);

/* SOSS_REMOVED | SOSS_NOT_FOUND | SOSS_OBJECT_LOCKED. */
SOSS_CLIENT_API int soss_remove(soss_cache* cache, const char* key);

/* Locks `key`, waiting up to wait_ms for another holder: SOSS_LOCKED (ticket in *ticket) |
 * SOSS_NOT_FOUND | SOSS_ALREADY_LOCKED. */
SOSS_CLIENT_API int soss_lock(soss_cache* cache, const char* key, uint32_t wait_ms,
                              uint64_t* ticket);

/* Releases a lock: SOSS_UNLOCKED | SOSS_NOT_FOUND | SOSS_LOCK_LOST. */
SOSS_CLIENT_API int soss_unlock(soss_cache* cache, const char* key, uint64_t ticket);

/* Frees memory returned by this API (soss_get values). NULL is ignored. */
SOSS_CLIENT_API void soss_free(void* p);

/* The name of a result code ("NotFound"), or "Unknown". A static string. */
SOSS_CLIENT_API const char* soss_result_name(int code);

#ifdef __cplusplus
}
#endif
