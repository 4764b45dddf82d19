/* Copyright (c) 2026 the soss authors */
/* SPDX-License-Identifier: Apache-2.0 */
/* hello_c: the C API (soss_c.h) in a few lines: connect, store an object, read it back, remove it.
 *   hello_c                                     # the local service, as soss_params.txt says
 *   hello_c "bootstrapGateways=10.0.0.5:721"    # any store
 */
#include <stdio.h>
#include <string.h>

#include "soss/client/soss_c.h"

static int fail(const char* what, int rc) {
  fprintf(stderr, "%s: %s\n", what, soss_result_name(rc));
  return 69;
}

int main(int argc, char** argv) {
  soss_conn* conn = NULL;
  int rc = argc > 1 ? soss_connect(argv[1], &conn) : soss_connect_default(NULL, &conn);
  if (rc != SOSS_OK) {
    return fail("connect", rc);
  }
  soss_cache* cache = NULL;
  rc = soss_cache_open(conn, "hello-c-sample", &cache);
  if (rc != SOSS_OK) {
    soss_disconnect(conn);
    return fail("open", rc);
  }
  const char* text = "hello from C";
  rc = soss_put(cache, "greeting", text, strlen(text), 600);
  printf("put: %s\n", soss_result_name(rc));

  char* value = NULL;
  size_t len = 0;
  rc = soss_get(cache, "greeting", &value, &len, NULL);
  if (rc == SOSS_RETRIEVED) {
    printf("get: %s (%u bytes)\n", value, (unsigned)len);
  }
  soss_free(value);
  int removed = soss_remove(cache, "greeting");
  printf("remove: %s\n", soss_result_name(removed));
  soss_cache_close(cache);
  soss_disconnect(conn);
  return rc == SOSS_RETRIEVED ? 0 : 75;
}
