/* Copyright (c) 2026 the soss authors */
/* SPDX-License-Identifier: Apache-2.0 */
/* Compiled as C99 (see CMakeLists.txt): soss_c.h must be plain C. */
#include <string.h>

#include "soss/client/soss_c.h"

#ifdef __cplusplus
#error "this file must be compiled as C"
#endif

/* Called by header_check_test.cpp so the object is linked and run, not only compiled. */
int soss_c_api_compile_check(void) {
  soss_conn* conn = NULL;
  soss_cache* cache = NULL;
  int rc = soss_connect(NULL, &conn); /* invalid argument, no network */
  if (rc != SOSS_INVALID_ARGUMENT || conn != NULL) {
    return 1;
  }
  if (soss_cache_open(NULL, "ns", &cache) != SOSS_INVALID_ARGUMENT || cache != NULL) {
    return 2;
  }
  if (strcmp(soss_result_name(SOSS_NOT_FOUND), "NotFound") != 0) {
    return 3;
  }
  if (!SOSS_SUCCEEDED(SOSS_UNLOCKED) || SOSS_SUCCEEDED(SOSS_NOT_FOUND)) {
    return 4;
  }
  soss_disconnect(NULL);
  soss_cache_close(NULL);
  soss_free(NULL);
  return 0;
}
