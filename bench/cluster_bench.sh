#!/usr/bin/env bash
# Copyright (c) 2026 the soss authors
# SPDX-License-Identifier: Apache-2.0
# Cluster measurements on one machine, hosts on 127.0.0.1..4 (same ports, multicast discovery):
#   1. throughput of a 3-host store with 1 replica against one host (same soss_bench, same run);
#   2. rebalance when a 4th host joins a 3-host store holding DATA_MB of objects: seconds until
#      the 4-host store is healthy, and the bytes of the partition copies sent;
#   3. recovery after SIGKILL of a host: seconds until every partition is served again, until
#      a client reads every key again (failover as a client sees it: timeouts and retries
#      included), and until every partition has its replica again (default heartbeat_ms 300 x
#      20 misses = 6 s).
# Polls each host with `soss --json show` (its own status only, no fan-out to the others).
# Usage: [IO_THREADS=n] bench/cluster_bench.sh [DATA_MB=1024] [BENCH_SECONDS=10]
# (IO_THREADS: io_threads of every host, default 0 = automatic)
set -euo pipefail
cd "$(dirname "$0")/.."
data_mb=${1:-1024}
secs=${2:-10}
build=${BUILD_DIR:-build-release}
TARGETS="soss_service soss soss_bench" ./scripts/build.sh "$build" Release -DSOSS_BUILD_TESTS=OFF >/dev/null
svc=$build/apps/soss_service/soss_service
cli=$build/apps/soss/soss
bench=$build/apps/soss_bench/soss_bench
work=$(mktemp -d /tmp/soss-cluster-bench.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
group="239.255.$((RANDOM % 250 + 1)).$((RANDOM % 250 + 1))"
ports=(37720 37721 37722)

params() {  # host index, max_replicas
  cat >"$work/h$1.txt" <<EOF
net_interface 127.0.0.$1
mgt_port ${ports[0]}
svr_port ${ports[1]}
int_port ${ports[2]}
mcast_ip $group
max_replicas $2
auto_join 1
io_threads ${IO_THREADS:-0}
EOF
}
start() {  # host index
  "$svc" --params "$work/h$1.txt" >"$work/h$1.log" 2>&1 &
  pids[$1]=$!
}
# field JSON NAME: the first string or number value of "NAME" (counters are JSON numbers)
field() { grep -oE "\"$2\": (\"[^\"]*\"|-?[0-9]+)" <<<"$1" | head -n 1 | sed 's/^[^:]*: //; s/^"//; s/"$//'; }
# healthy N HOSTS...: every listed host is active in one view of N hosts, all primaries replicated
healthy() {
  local n=$1; shift
  local epoch="" sum_p=0 sum_r=0
  for h in "$@"; do
    local q
    q=$("$cli" --host "127.0.0.$h" --params "$work/h$h.txt" --timeout 2 --json show 2>/dev/null) || return 1
    [ "$(field "$q" state)" = active ] && [ "$(field "$q" hosts)" = "$n" ] || return 1
    local e; e=$(field "$q" epoch)
    [ -z "$epoch" ] || [ "$e" = "$epoch" ] || return 1
    epoch=$e
    sum_p=$((sum_p + $(field "$q" primaries))); sum_r=$((sum_r + $(field "$q" replicated)))
  done
  [ "$sum_p" -eq 1024 ] && [ "$sum_r" -eq 1024 ]
}
# served HOSTS...: every partition has a serving primary among the hosts
served() {
  local sum=0
  for h in "$@"; do
    local q
    q=$("$cli" --host "127.0.0.$h" --params "$work/h$h.txt" --timeout 2 --json show 2>/dev/null) || return 1
    sum=$((sum + $(field "$q" serving)))
  done
  [ "$sum" -eq 1024 ]
}
wait_for() {  # seconds-limit command...
  local limit=$1; shift
  local t0; t0=$(date +%s.%N)
  for _ in $(seq 1 $((limit * 10))); do
    if "$@"; then awk -v a="$(date +%s.%N)" -v b="$t0" 'BEGIN { printf "%.1f\n", a - b }'; return 0; fi
    sleep 0.1
  done
  echo "timeout"; return 1
}
sent_bytes() {
  local sum=0
  for h in "$@"; do
    local q
    q=$("$cli" --host "127.0.0.$h" --params "$work/h$h.txt" --timeout 2 --json show 2>/dev/null)
    sum=$((sum + $(field "$q" snapshot_bytes_sent)))
  done
  echo "$sum"
}
run_bench() {
  "$bench" --host 127.0.0.1 --port "${ports[1]}" -c 50 -q 1 -d 100 -r 100000 --mix 0.5 \
    --prefill -t "$secs" --json
}
ops() { sed -n 's/.*"ops_per_s": *\([0-9.]*\).*/\1/p' <<<"$1"; }

echo "== 1. throughput: one host, then 3 hosts with max_replicas 1 (soss_bench 50 conns, 50% puts, 100 B)"
params 1 1; start 1
wait_for 20 healthy 1 1 >/dev/null
one=$(run_bench); echo "1 host:  $one"
params 2 1; params 3 1; start 2; start 3
echo "3-host store healthy after $(wait_for 60 healthy 3 1 2 3) s"
three=$(run_bench); echo "3 hosts: $three"
echo "ratio 3 hosts / 1 host: $(awk -v a="$(ops "$three")" -v b="$(ops "$one")" 'BEGIN { printf "%.2f", a / b }')"

echo "== 2. a 4th host joins a 3-host store holding ${data_mb} MB"
value=$((100 * 1024))
keys=$((data_mb * 1024 * 1024 / value))
"$bench" --host 127.0.0.1 --port "${ports[1]}" -c 8 -q 4 -d "$value" -r "$keys" --mix put \
  -n "$keys" --namespace bulk -t 3600 --json >"$work/load.json"
echo "loaded $keys objects of $value B: $(cat "$work/load.json")"
before=$(sent_bytes 1 2 3)
params 4 1; start 4
secs_join=$(wait_for 600 healthy 4 1 2 3 4 || true)
after=$(sent_bytes 1 2 3 4)
echo "4-host store healthy after ${secs_join} s; partition copies sent: $(( (after - before) / 1024 / 1024 )) MB of $((2 * data_mb)) MB stored (objects + replicas)"

echo "== 3. SIGKILL host 2 (heartbeat_ms 300 x heartbeat_misses 20 = 6 s to suspect)"
# What a client sees: keys whose primary is host 2, read through host 1 with the CLI (the client
# library's retries and timeouts) until every one of them answers in one pass.
failover_keys=()
for i in $(seq 0 19); do
  "$cli" --host 127.0.0.1 --params "$work/h1.txt" put failover "k$i" "v$i" >/dev/null
  failover_keys+=("k$i")
done
all_read() {
  for k in "${failover_keys[@]}"; do
    "$cli" --host 127.0.0.1 --params "$work/h1.txt" --timeout 30 get failover "$k" >/dev/null 2>&1 || return 1
  done
}
t0=$(date +%s.%N); all_read
pass=$(awk -v a="$(date +%s.%N)" -v b="$t0" 'BEGIN { printf "%.2f", a - b }')
kill -9 "${pids[2]}"
t_kill=$(date +%s.%N)
( for _ in $(seq 1 600); do all_read && break; sleep 0.1; done; date +%s.%N >"$work/read_done" ) &
reader=$!
t_serve=$(wait_for 120 served 1 3 4 || true)
echo "every partition served again after ${t_serve} s"
wait "$reader"
t_read=$(awk -v a="$(cat "$work/read_done")" -v b="$t_kill" 'BEGIN { printf "%.1f", a - b }')
echo "failover as a client sees it: all 20 keys (about 1/4 had host 2 as primary) read again through host 1 after ${t_read} s (one pass takes ${pass} s)"

wait_for 600 healthy 3 1 3 4 >/dev/null || true
echo "full redundancy (every replica rebuilt) $(awk -v a="$(date +%s.%N)" -v b="$t_kill" 'BEGIN { printf "%.1f", a - b }') s after the kill"
