#!/usr/bin/env bash
# Copyright (c) 2026 the soss authors
# SPDX-License-Identifier: Apache-2.0
# .NET clients in one run (dotnet/bench/SossBench): Soss.Client against soss_service's native
# port vs StackExchange.Redis against redis-server (100-byte put+read), and IDistributedCache
# set+get of a 2 KB session through Soss.AspNetCore vs Microsoft's RedisCache. Both servers on
# loopback on free ports, stopped by pid at the end. Prints a table with the soss/Redis ratios.
#   bench/dotnet_bench.sh [seconds-per-workload (default 5)] [concurrent tasks (default 16)]
# BUILD_DIR (default build-release) is the Release tree to build soss_service in.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-5}
tasks=${2:-16}
build=${BUILD_DIR:-build-release}

./scripts/install-deps.sh >/dev/null
TARGETS="soss_service soss" ./scripts/build.sh "$build" Release -DSOSS_BUILD_TESTS=OFF >/dev/null
dotnet build dotnet/bench/SossBench -c Release --nologo -v quiet >/dev/null

work=$(mktemp -d /tmp/soss-dotnet-bench-XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
rport=$(free_port); sport=$(free_port); mport=$(free_port); iport=$(free_port)

redis-server --port "$rport" --bind 127.0.0.1 --save "" --appendonly no --daemonize no \
  >"$work/redis.log" 2>&1 &
pids+=($!)
printf "net_interface 127.0.0.1\nsvr_port %s\nmgt_port %s\nint_port %s\nuse_multicast 0\nauto_join 1\nlog_level warn\n" \
  "$sport" "$mport" "$iport" >"$work/soss_params.txt"
"$build/apps/soss_service/soss_service" --params "$work/soss_params.txt" >"$work/soss.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do
  redis-cli -p "$rport" ping >/dev/null 2>&1 && \
    "$build/apps/soss/soss" --params "$work/soss_params.txt" --host 127.0.0.1 query 2>/dev/null | grep -q active && break
  sleep 0.1
done

echo "bench: $(git rev-parse --short HEAD), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet dotnet/bench/SossBench/bin/Release/net10.0/SossBench.dll "127.0.0.1:$sport" "127.0.0.1:$rport" "$secs" "$tasks"
