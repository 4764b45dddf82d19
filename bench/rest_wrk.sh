#!/usr/bin/env bash
# Copyright (c) 2026 the soss authors
# SPDX-License-Identifier: Apache-2.0
# Measures soss_rest with wrk: PUT then GET of 1 KiB objects (1,000 keys, chosen at random) at
# 50 connections and 2 wrk threads, against one soss_service, all on loopback on free ports.
# Every process it starts is stopped by pid at the end.
#   bench/rest_wrk.sh [seconds-per-run (default 10)] [rounds (default 1)]
# REST_THREADS sets soss_rest's io threads (default 16).
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
rounds=${2:-1}
export KEYS=1000 SIZE=1024

./scripts/install-deps.sh >/dev/null
TARGETS="soss_service soss_rest" ./scripts/build.sh build-release Release -DSOSS_BUILD_TESTS=OFF >/dev/null
BIN=build-release/apps

work=$(mktemp -d /tmp/soss-rest-bench-XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
sport=$(free_port); mport=$(free_port); hport=$(free_port)

printf "net_interface 127.0.0.1\nsvr_port %s\nmgt_port %s\nauto_join 1\nlog_level warn\n" \
  "$sport" "$mport" >"$work/soss_params.txt"
"$BIN/soss_service/soss_service" --params "$work/soss_params.txt" >"$work/soss.log" 2>&1 &
pids+=($!)
printf "threads %s\nlog_level warn\nmax_connections 1024\n" "${REST_THREADS:-16}" >"$work/soss_rest.conf"
"$BIN/soss_rest/soss_rest" --config "$work/soss_rest.conf" --listen "127.0.0.1:$hport" \
  --store "bootstrapGateways=127.0.0.1:$sport" >"$work/rest.log" 2>&1 &
pids+=($!)
url="http://127.0.0.1:$hport"
for _ in $(seq 1 100); do
  curl -s -o /dev/null -w '%{http_code}' "$url/data/" 2>/dev/null | grep -q 200 && break
  sleep 0.1
done

# run OP: one wrk run; prints "OP req/s p50 p99 non2xx".
run() {
  local out
  out=$(wrk -t2 -c50 -d"${secs}s" --latency -s "bench/rest/$1.lua" "$url")
  local rps p50 p99 bad
  rps=$(sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' <<<"$out")
  p50=$(sed -n 's/^ *50% *\([0-9.]*[a-z]*\).*/\1/p' <<<"$out")
  p99=$(sed -n 's/^ *99% *\([0-9.]*[a-z]*\).*/\1/p' <<<"$out")
  bad=$(sed -n 's/^ *Non-2xx or 3xx responses: *\([0-9]*\).*/\1/p' <<<"$out")
  printf "%-4s %10s req/s  p50 %-8s p99 %-8s non-2xx %s\n" "$1" "$rps" "$p50" "$p99" "${bad:-0}"
}

echo "rest_wrk: wrk -t2 -c50 -d${secs}s, ${SIZE}-byte values, ${KEYS} keys, soss_rest threads ${REST_THREADS:-16}"
for _ in $(seq 1 "$rounds"); do
  run put
  run get
done
