#!/usr/bin/env bash
# Copyright (c) 2026 the soss authors
# SPDX-License-Identifier: Apache-2.0
# One RESP load generator (kvload) for both sides, in one run: redis-server and soss_service's
# Redis endpoint (resp_port) on loopback on free ports, 100,000 keys of 100 bytes prefilled in
# each, then SET and GET with 50 connections at pipeline 1 and 16, alternating servers round by
# round. Prints each run, then the medians and the ratios soss/Redis of ops/s and of p99.
# Both servers are stopped by pid at the end.
#   bench/compare_redis_resp.sh [seconds-per-run (default 5)] [rounds (default 3)]
# BUILD_DIR (default build-release) is the Release tree to build soss_service in.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-5}
rounds=${2:-3}
conns=50
keys=100000
size=100
build=${BUILD_DIR:-build-release}

./scripts/install-deps.sh >/dev/null
TARGETS="soss_service" ./scripts/build.sh "$build" Release -DSOSS_BUILD_TESTS=OFF >/dev/null
mkdir -p "$build/bench"
cc -O2 -o "$build/bench/kvload" bench/tools/kvload.c
KV=$build/bench/kvload

work=$(mktemp -d /tmp/soss-resp-bench-XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
rport=$(free_port); sport=$(free_port); mport=$(free_port); pport=$(free_port); iport=$(free_port)

redis-server --port "$rport" --bind 127.0.0.1 --save "" --appendonly no --daemonize no \
  >"$work/redis.log" 2>&1 &
pids+=($!)
printf "net_interface 127.0.0.1\nsvr_port %s\nmgt_port %s\nint_port %s\nuse_multicast 0\nresp_port %s\nauto_join 1\nlog_level warn\nio_threads ${IO_THREADS:-0}\n" \
  "$sport" "$mport" "$iport" "$pport" >"$work/soss_params.txt"
"$build/apps/soss_service/soss_service" --params "$work/soss_params.txt" >"$work/soss.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do
  # soss answers PING before its host is active: wait until a write succeeds.
  redis-cli -p "$rport" ping >/dev/null 2>&1 && [ "$(redis-cli -p "$pport" set __ready 1 2>/dev/null)" = OK ] && break
  sleep 0.1
done

echo "bench: prefilling $keys keys in both servers"
for port in "$rport" "$pport"; do
  "$KV" -P resp -o fill -p "$port" -r "$keys" -d "$size" -c 8 -n "$keys" -t 60 >/dev/null
done

kv() { sed -n "s/.*\b$1=\([0-9.]*\).*/\1/p" <<<"$2"; }

printf '\n%-4s %-4s %12s %12s %7s %10s %10s\n' op pipe soss_ops/s redis_ops/s ratio soss_p99 redis_p99
results=()
for pipe in 1 16; do
  for op in set get; do
    for round in $(seq 1 "$rounds"); do
      run() { "$KV" -P resp -o "$op" -p "$1" -c "$conns" -q "$pipe" -d "$size" -r "$keys" -t "$secs" -n 100000000 || true; }
      if [ $((round % 2)) -eq 1 ]; then s=$(run "$pport"); r=$(run "$rport"); else r=$(run "$rport"); s=$(run "$pport"); fi
      for out in "$s" "$r"; do
        if [ "$(kv errors "$out")" != "0" ]; then echo "bench: errors in run: $out" >&2; exit 1; fi
      done
      sops=$(kv rps "$s"); rops=$(kv rps "$r"); sp99=$(kv p99_ms "$s"); rp99=$(kv p99_ms "$r")
      ratio=$(python3 -c "print(f'{$sops/$rops:.2f}')")
      printf '%-4s %-4s %12.0f %12.0f %7s %9sms %9sms\n' "$op" "$pipe" "$sops" "$rops" "$ratio" "$sp99" "$rp99"
      results+=("$op $pipe $sops $rops $sp99 $rp99")
    done
  done
done
echo
echo "bench: medians over $rounds rounds (ratio = soss/Redis; p99 ratio < 1 means soss's is lower)"
printf '%s\n' "${results[@]}" | python3 -c '
import sys, statistics as st
rows = {}
for line in sys.stdin:
    op, pipe, s, r, sp, rp = line.split()
    rows.setdefault((op, pipe), []).append((float(s), float(r), float(sp), float(rp)))
for (op, pipe), v in rows.items():
    s = st.median(x[0] for x in v); r = st.median(x[1] for x in v)
    sp = st.median(x[2] for x in v); rp = st.median(x[3] for x in v)
    print(f"{op:3} pipeline {pipe:>2}: soss {s:9.0f} ops/s  redis {r:9.0f} ops/s  ratio {s/r:4.2f}"
          f"   p99 soss {sp:.3f} ms  redis {rp:.3f} ms  ratio {sp/rp:4.2f}")
'
