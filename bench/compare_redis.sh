#!/usr/bin/env bash
# Copyright (c) 2026 the soss authors
# SPDX-License-Identifier: Apache-2.0
# Runs, in one go, soss_bench against soss_service and kvload (RESP) against a local
# redis-server: 100-byte values, 50 connections, pipeline 1 and 16, SET then GET, and prints the
# throughput ratio soss/Redis and both p99s. Both servers run on loopback on free ports and are
# stopped by pid at the end.
#   bench/compare_redis.sh [seconds-per-run (default 5)] [rounds (default 3)]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-5}
rounds=${2:-3}
conns=50
keys=100000
size=100

./scripts/install-deps.sh >/dev/null
TARGETS="soss_service soss_bench" ./scripts/build.sh build-release Release -DSOSS_BUILD_TESTS=OFF >/dev/null
mkdir -p build-release/bench
cc -O2 -o build-release/bench/kvload bench/tools/kvload.c
KV=build-release/bench/kvload
BENCH=build-release/apps/soss_bench/soss_bench

work=$(mktemp -d /tmp/soss-bench-XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
rport=$(free_port); sport=$(free_port); mport=$(free_port)

redis-server --port "$rport" --bind 127.0.0.1 --save "" --appendonly no --daemonize no \
  >"$work/redis.log" 2>&1 &
pids+=($!)
printf "net_interface 127.0.0.1\nsvr_port %s\nmgt_port %s\nauto_join 1\nlog_level warn\nio_threads ${IO_THREADS:-0}\n" \
  "$sport" "$mport" >"$work/soss_params.txt"
build-release/apps/soss_service/soss_service --params "$work/soss_params.txt" >"$work/soss.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do
  redis-cli -p "$rport" ping >/dev/null 2>&1 && "$BENCH" --port "$sport" -c 1 -n 1 -r 1 >/dev/null 2>&1 && break
  sleep 0.1
done

echo "bench: prefilling $keys keys in both servers"
"$KV" -P resp -o fill -p "$rport" -r "$keys" -d "$size" -c 8 -n "$keys" -t 60 >/dev/null
"$BENCH" --port "$sport" --prefill -r "$keys" -d "$size" -c 8 -n 1 >/dev/null

# kv(): field from kvload's key=value line; js(): field from soss_bench --json.
kv() { sed -n "s/.*\b$1=\([0-9.]*\).*/\1/p" <<<"$2"; }
js() { sed -n "s/.*\"$1\":\([0-9.]*\).*/\1/p" <<<"$2"; }

printf '\n%-6s %-4s %12s %12s %7s %10s %10s\n' op pipe soss_ops/s redis_ops/s ratio soss_p99 redis_p99
results=()
for pipe in 1 16; do
  for op in set get; do
    for round in $(seq 1 "$rounds"); do
      mix=$([ "$op" = set ] && echo put || echo read)
      s=$("$BENCH" --port "$sport" -c "$conns" -q "$pipe" -d "$size" -r "$keys" --mix "$mix" -t "$secs" --json 2>/dev/null)
      r=$("$KV" -P resp -o "$op" -p "$rport" -c "$conns" -q "$pipe" -d "$size" -r "$keys" -t "$secs" -n 100000000)
      sops=$(js ops_per_s "$s"); rops=$(kv rps "$r")
      sp99=$(js p99_ms "$s"); rp99=$(kv p99_ms "$r")
      ratio=$(python3 -c "print(f'{$sops/$rops:.2f}')")
      printf '%-6s %-4s %12.0f %12.0f %7s %9sms %9sms\n' "$op" "$pipe" "$sops" "$rops" "$ratio" "$sp99" "$rp99"
      results+=("$op $pipe $sops $rops $sp99 $rp99")
    done
  done
done
echo
echo "bench: medians over $rounds rounds (ratio = soss/Redis ops/s; p99 in ms)"
printf '%s\n' "${results[@]}" | python3 -c '
import sys, statistics as st
rows = {}
for line in sys.stdin:
    op, pipe, s, r, sp, rp = line.split()
    rows.setdefault((op, pipe), []).append((float(s), float(r), float(sp), float(rp)))
for (op, pipe), v in rows.items():
    s = st.median(x[0] for x in v); r = st.median(x[1] for x in v)
    sp = st.median(x[2] for x in v); rp = st.median(x[3] for x in v)
    print(f"{op:4} pipeline {pipe:>2}: soss {s:9.0f} ops/s  redis {r:9.0f} ops/s  ratio {s/r:4.2f}   p99 soss {sp:.3f} ms  redis {rp:.3f} ms")
'
