#!/usr/bin/env bash
# Copyright (c) 2026 the soss authors
# SPDX-License-Identifier: Apache-2.0
# Memory under a hostile load, soss_service and redis-server side by side in one run: 1,000
# connections each claim a 32 MB request (soss: 500 native frame headers on svr_port + 500 RESP
# bulk lengths on resp_port; Redis: 1,000 RESP bulk lengths) and send PREFIX bytes of it. Prints
# each server's RSS before and at the peak, whether a normal request still works meanwhile, and
# checks soss's peak against the bound docs/security.md states (base + 400 MB).
#   bench/hostile_bench.sh [prefix bytes (default 200000)] [hold seconds (default 6)]
# BUILD_DIR (default build-release) is the Release tree to build soss_service in.
set -euo pipefail
cd "$(dirname "$0")/.."
prefix=${1:-200000}
hold=${2:-6}
build=${BUILD_DIR:-build-release}
bound_mb=400

TARGETS="soss_service soss" ./scripts/build.sh "$build" Release -DSOSS_BUILD_TESTS=OFF >/dev/null || { echo "build failed"; exit 1; }
ulimit -n 8192

work=$(mktemp -d /tmp/soss-hostile-bench-XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
rss_mb() { awk '/VmRSS/ {printf "%d", $2/1024}' "/proc/$1/status"; }
sport=$(free_port); mport=$(free_port); iport=$(free_port); resp=$(free_port); rport=$(free_port)

printf "net_interface 127.0.0.1\nsvr_port %s\nmgt_port %s\nint_port %s\nresp_port %s\nuse_multicast 0\nauto_join 1\nlog_level warn\n" \
  "$sport" "$mport" "$iport" "$resp" >"$work/soss_params.txt"
"$build/apps/soss_service/soss_service" --params "$work/soss_params.txt" >"$work/soss.log" 2>&1 &
spid=$!; pids+=($spid)
redis_pid=""
if command -v redis-server >/dev/null; then
  redis-server --port "$rport" --bind 127.0.0.1 --save "" --appendonly no --maxclients 4000 \
    >"$work/redis.log" 2>&1 &
  redis_pid=$!; pids+=($redis_pid)
fi
soss() { "$build/apps/soss/soss" --params "$work/soss_params.txt" --host 127.0.0.1 --timeout 5 "$@"; }
for _ in $(seq 1 100); do soss query 2>/dev/null | grep -q active && break; sleep 0.1; done

echo "bench: $(git rev-parse --short HEAD), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "1,000 connections, each claiming 32 MB and sending $prefix bytes, held ${hold} s"

# run_load NAME PID "kind port n" ... : starts the loads, samples RSS every 0.2 s, prints the row.
run_load() {
  local name=$1 pid=$2 check=$3; shift 3
  local before peak=0 lp=() ok
  before=$(rss_mb "$pid")
  for spec in "$@"; do
    # shellcheck disable=SC2086
    python3 bench/tools/hostile_load.py $spec "$prefix" "$hold" >>"$work/load.log" 2>&1 &
    lp+=($!)
  done
  for _ in $(seq 1 $((hold * 5 + 10))); do
    local r; r=$(rss_mb "$pid"); ((r > peak)) && peak=$r
    kill -0 "${lp[0]}" 2>/dev/null || break
    sleep 0.2
  done
  ok=$(eval "$check" >/dev/null 2>&1 && echo yes || echo NO)
  wait "${lp[@]}" || true
  printf "%-14s RSS before %5d MB   peak %5d MB   growth %5d MB   normal request during load: %s\n" \
    "$name" "$before" "$peak" $((peak - before)) "$ok"
  eval "${name//[^a-z]/}_growth=$((peak - before))"
}

run_load soss "$spid" "soss put bench k v" "native $sport 500" "resp $resp 500"
if [[ -n $redis_pid ]]; then
  for _ in $(seq 1 50); do redis-cli -p "$rport" ping >/dev/null 2>&1 && break; sleep 0.1; done
  run_load redis "$redis_pid" "redis-cli -p $rport set k v" "resp $rport 1000"
  echo "ratio soss/redis RSS growth: $(python3 -c "print(round(${soss_growth}/max(1,${redis_growth}),2))")x"
fi
grep -c "" "$work/load.log" >/dev/null && sed 's/^/  /' "$work/load.log"
if ((soss_growth > bound_mb)); then
  echo "FAIL: soss grew ${soss_growth} MB, above the ${bound_mb} MB bound"; exit 1
fi
echo "ok: soss grew ${soss_growth} MB, within the ${bound_mb} MB bound"
