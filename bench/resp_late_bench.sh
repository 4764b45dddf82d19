#!/usr/bin/env bash
# Copyright (c) 2026 the soss authors
# SPDX-License-Identifier: Apache-2.0
# SET throughput through the Redis endpoint (resp_port) when answers come late: one host, then a
# 3-host store with max_replicas 1 (every SET waits for its replica's ack, and 2/3 of the keys
# are forwarded to their primary), against the native protocol (soss_bench --no-route, so both
# doors enter through host 1). 50 connections, 100-byte values, pipeline 1 and 16; prints each
# figure and the ratios (3 hosts / 1 host; RESP / native).
# A store needs one address per host: hosts run on 127.0.0.1, .2, .3 (loopback only) with the
# same free ports; every process started here is stopped by its pid.
# Usage: [BUILD_DIR=build-release] [SKIP_BUILD=1] bench/resp_late_bench.sh [SECONDS=3]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-3}
build=${BUILD_DIR:-build-release}
if [ -z "${SKIP_BUILD:-}" ]; then
  TARGETS="soss_service soss soss_bench" ./scripts/build.sh "$build" Release -DSOSS_BUILD_TESTS=OFF >/dev/null
fi
svc=$build/apps/soss_service/soss_service
bench=$build/apps/soss_bench/soss_bench
work=$(mktemp -d /tmp/soss-resp-late-bench.XXXXXX)
cc -O2 -o "$work/kvload" bench/tools/kvload.c
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
mport=$(free_port); sport=$(free_port); iport=$(free_port); rport=$(free_port)
hosts_list=127.0.0.1,127.0.0.2,127.0.0.3

params() {  # host index
  cat >"$work/h$1.txt" <<P
net_interface 127.0.0.$1
mgt_port $mport
svr_port $sport
int_port $iport
resp_port $rport
use_multicast 0
host_list $hosts_list
max_replicas 1
auto_join 1
startup_delay 1
log_level warn
io_threads ${IO_THREADS:-0}
P
}
start() { "$svc" --params "$work/h$1.txt" >"$work/h$1.log" 2>&1 & pids+=($!); }
# field JSON NAME: this host's own "NAME" (not a member's of the same name)
field() { jq -r ".host.$2" <<<"$1"; }
# ready N: hosts 1..N are active in a view of N hosts and every partition has its primary and,
# with more than one host, its replica (measuring during a rebalance would measure that)
ready() {
  local sum_p=0 sum_r=0 q
  for h in $(seq 1 "$1"); do
    q=$("$build/apps/soss/soss" --host "127.0.0.$h" --params "$work/h$h.txt" --timeout 2 --json show 2>/dev/null) || return 1
    [ "$(field "$q" state)" = active ] && [ "$(field "$q" hosts)" = "$1" ] || return 1
    sum_p=$((sum_p + $(field "$q" primaries))); sum_r=$((sum_r + $(field "$q" replicated)))
  done
  [ "$sum_p" -eq 1024 ] && { [ "$1" -eq 1 ] || [ "$sum_r" -eq 1024 ]; }
}
wait_ready() {
  for _ in $(seq 1 600); do ready "$1" && return 0; sleep 0.1; done
  echo "store of $1 hosts not ready" >&2; return 1
}
resp_set() {  # pipeline -> ops/s (a run that ends in an error still prints its rate)
  set +o pipefail
  "$work/kvload" -P resp -o set -p "$rport" -c 50 -q "$1" -d 100 -r 100000 -t "$secs" \
    -n 100000000 2>"$work/kvload.err" | sed -n 's/.*\brps=\([0-9.]*\).*/\1/p' | head -n 1
}
native_put() {  # pipeline -> ops/s
  set +o pipefail
  "$bench" --host 127.0.0.1 --port "$sport" -c 50 -q "$1" -d 100 -r 100000 --mix put \
    --no-route -t "$secs" --json 2>"$work/bench.err" | sed -n 's/.*"ops_per_s": *\([0-9.]*\).*/\1/p'
}
declare -A ops
measure() {  # label
  for q in 1 16; do
    ops[$1,resp,$q]=$(resp_set "$q")
    ops[$1,native,$q]=$(native_put "$q")
    printf '%-7s pipeline %-2s  resp SET %10s ops/s   native put %10s ops/s\n' \
      "$1" "$q" "${ops[$1,resp,$q]}" "${ops[$1,native,$q]}"
  done
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

params 1; params 2; params 3
start 1
wait_ready 1
measure 1host
start 2; start 3
wait_ready 3
measure 3hosts
echo
printf '%-8s %-22s %-24s %-18s %-18s\n' pipeline "resp 3h/1h" "native 3h/1h" "resp/native 1h" "resp/native 3h"
for q in 1 16; do
  printf '%-8s %-22s %-24s %-18s %-18s\n' "$q" \
    "$(ratio "${ops[3hosts,resp,$q]}" "${ops[1host,resp,$q]}")" \
    "$(ratio "${ops[3hosts,native,$q]}" "${ops[1host,native,$q]}")" \
    "$(ratio "${ops[1host,resp,$q]}" "${ops[1host,native,$q]}")" \
    "$(ratio "${ops[3hosts,resp,$q]}" "${ops[3hosts,native,$q]}")"
done
