#!/usr/bin/env bash
# Copyright (c) 2026 the soss authors
# SPDX-License-Identifier: Apache-2.0
# Instructions and simulated cache misses per request of soss_service's Redis endpoint, under
# valgrind's callgrind with its cache model (a 32 MB 16-way last level like this machine's L3:
# valgrind's own detection in this VM gives a 256 MB direct-mapped one). Deterministic, unlike
# throughput in a VM. Counts only the requests of one kvload run (--instr-atstart=no, then
# callgrind_control around the run). valgrind's CPU has no SHA extensions: ~4,000 instructions
# of each request are the portable SHA-256 of the key.
#   bench/callgrind_resp.sh [get|set] [pipeline (default 1)] [requests (default 30000)]
# BUILD_DIR (default build-release) is the Release tree to build soss_service in; the callgrind
# output stays in the printed file for callgrind_annotate.
set -euo pipefail
cd "$(dirname "$0")/.."
op=${1:-get}
pipe=${2:-1}
n=${3:-30000}
keys=100000
build=${BUILD_DIR:-build-release}
command -v valgrind >/dev/null || { echo "callgrind_resp: valgrind is not installed (apt-get install valgrind)" >&2; exit 1; }
TARGETS="soss_service" ./scripts/build.sh "$build" Release -DSOSS_BUILD_TESTS=OFF >/dev/null
mkdir -p "$build/bench"
cc -O2 -o "$build/bench/kvload" bench/tools/kvload.c
KV=$build/bench/kvload

work=$(mktemp -d /tmp/soss-callgrind-XXXXXX)
pid=""
cleanup() { [ -z "$pid" ] || kill "$pid" 2>/dev/null || true; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
pport=$(free_port)
printf "net_interface 127.0.0.1\nsvr_port %s\nmgt_port %s\nint_port %s\nuse_multicast 0\nresp_port %s\nauto_join 1\nlog_level warn\n" \
  "$(free_port)" "$(free_port)" "$(free_port)" "$pport" >"$work/soss_params.txt"
out="$work/callgrind.out"
valgrind --tool=callgrind --cache-sim=yes --LL=33554432,16,64 --instr-atstart=no \
  --callgrind-out-file="$out" "$build/apps/soss_service/soss_service" \
  --params "$work/soss_params.txt" >"$work/valgrind.log" 2>&1 &
pid=$!
for _ in $(seq 1 300); do
  [ "$(redis-cli -p "$pport" set __ready 1 2>/dev/null)" = OK ] && break
  sleep 0.2
done
echo "callgrind_resp: prefilling $keys keys (slow under valgrind)"
"$KV" -P resp -o fill -p "$pport" -r "$keys" -d 100 -c 8 -n "$keys" -t 600 >/dev/null
"$KV" -P resp -o "$op" -p "$pport" -c 50 -q "$pipe" -d 100 -r "$keys" -t 60 -n 5000 >/dev/null
callgrind_control -i on "$pid" >/dev/null 2>&1
"$KV" -P resp -o "$op" -p "$pport" -c 50 -q "$pipe" -d 100 -r "$keys" -t 600 -n "$n" >/dev/null
callgrind_control -i off "$pid" >/dev/null 2>&1
kill "$pid"
wait "$pid" 2>/dev/null || true
pid=""
callgrind_annotate "$out" | grep "PROGRAM TOTALS" | sed 's/([0-9.]*%)//g; s/,//g' |
  awk -v n="$n" -v op="$op" -v q="$pipe" '{printf "%s p%s per request: instructions %.0f, I1 misses %.1f, D1 misses %.1f (read) %.1f (write), LL misses %.2f (read) %.2f (write)\n", op, q, $1/n, $4/n, $5/n, $6/n, $8/n, $9/n}'
echo "callgrind_resp: profile in $out (callgrind_annotate --show=Ir,DLmr --sort=DLmr $out)"
trap - EXIT
