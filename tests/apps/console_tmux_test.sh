#!/usr/bin/env bash
# Copyright (c) 2026 the soss authors
# SPDX-License-Identifier: Apache-2.0
# soss_console driven in a detached 80x24 tmux session against a real 2-host store on loopback
# (127.0.0.1 and 127.0.0.2, host_list, same ports): it says when the service cannot be reached
# and keeps retrying, lists both hosts, a leave and a join made with its keys show in
# `soss query`, a parameter edit lands in both soss_params.txt files (store-wide), q quits.
# Usage: console_tmux_test.sh SOSS_SERVICE SOSS SOSS_CONSOLE. Exit 77 (skipped) without tmux.
set -euo pipefail
SVC=$1 CLI=$2 CONSOLE=$3

if ! command -v tmux >/dev/null 2>&1; then
  echo "SKIP: tmux is not installed (apt-get install tmux; scripts/install-deps.sh adds it)"
  exit 77
fi
if ! command -v python3 >/dev/null 2>&1; then
  echo "SKIP: python3 is needed to find free ports"
  exit 77
fi

WORK=$(mktemp -d)
SESSION="soss-console-test-$$"
PIDS=()
cleanup() {
  tmux kill-session -t "$SESSION" 2>/dev/null || true
  local p i
  for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do
    for i in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$p" 2>/dev/null || true
  done
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

fail() {
  echo "FAIL: $*"
  echo "--- screen:"; tmux capture-pane -p -t "$SESSION" 2>/dev/null || true
  echo "--- h1.log:"; tail -n 20 "$WORK/h1.log" 2>/dev/null || true
  echo "--- h2.log:"; tail -n 20 "$WORK/h2.log" 2>/dev/null || true
  exit 1
}
note() { echo "== $*"; }

read -r SVR MGT INT < <(python3 -c '
import socket
ss = [socket.socket() for _ in range(3)]
for s in ss: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in ss])')

for i in 1 2; do
  cat >"$WORK/h$i.txt" <<PARAMS
net_interface 127.0.0.$i
svr_port $SVR
mgt_port $MGT
int_port $INT
use_multicast 0
host_list 127.0.0.1,127.0.0.2
heartbeat_ms 100
heartbeat_misses 10
auto_join 1
PARAMS
done

cli() { timeout 15 "$CLI" --params "$WORK/h$1.txt" --host "127.0.0.$1" --timeout 2 "${@:2}"; }
screen() { tmux capture-pane -p -t "$SESSION"; }
# wait_for SECONDS DESCRIPTION COMMAND...: polls COMMAND every 0.25 s (bounded).
wait_for() {
  local limit=$1 what=$2 i
  shift 2
  for i in $(seq $((limit * 4))); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.25
  done
  fail "timed out after ${limit}s waiting for: $what"
}
screen_has() { screen | grep -q -- "$1"; }
keys() { tmux send-keys -t "$SESSION" "$@"; }

note "the console starts before the service: it says so and keeps retrying"
# The pane stays after the console exits and shows its exit code.
tmux new-session -d -s "$SESSION" -x 80 -y 24 \
  "TERM=xterm '$CONSOLE' --params '$WORK/h1.txt' --timeout 1 2>'$WORK/console.err'; \
   echo \"console exit \$?\"; sleep 60"
wait_for 20 "the 'cannot reach' screen" screen_has "Cannot reach the soss service at 127.0.0.1:$MGT"

note "two hosts on 127.0.0.1 and 127.0.0.2"
for i in 1 2; do
  "$SVC" --params "$WORK/h$i.txt" >"$WORK/h$i.log" 2>&1 &
  PIDS+=($!)
done
wait_for 30 "a healthy 2-host store" bash -c "$(declare -f cli); WORK=$WORK CLI=$CLI; \
  cli 1 query | grep -q '^store: active (2 hosts'"

note "the console lists both hosts, active"
wait_for 20 "both hosts on screen" bash -c "tmux capture-pane -p -t $SESSION | grep -q '127.0.0.1:$SVR .*active' && \
  tmux capture-pane -p -t $SESSION | grep -q '127.0.0.2:$SVR .*active'"
wait_for 20 "the title 'store active: 2 hosts'" screen_has "store active: 2 hosts"

note "leave host 2 from the console (Down, l, y)"
keys Down
wait_for 5 "host 2 selected" screen_has "^>127.0.0.2:$SVR"
keys l
wait_for 5 "the leave question" screen_has "leave host 127.0.0.2? y/n"
keys y
wait_for 20 "host 2 inactive (soss show)" bash -c "$(declare -f cli); WORK=$WORK CLI=$CLI; \
  cli 2 --json show | grep -q '\"state\": \"inactive\"'"
wait_for 20 "soss query: 1 host" bash -c "$(declare -f cli); WORK=$WORK CLI=$CLI; \
  cli 1 query | grep -q '^store: active (1 host,'"
wait_for 10 "host 2 shown inactive" screen_has "127.0.0.2:$SVR .*inactive"

note "object browser on the 1-host store (listing needs one host for now): b, Enter, Enter, d"
keys Up
wait_for 5 "host 1 selected" screen_has "^>127.0.0.1:$SVR"
cli 1 put consoletest greeting "hello console" >/dev/null || fail "soss put"
keys b
wait_for 10 "the namespace list" screen_has "consoletest"
keys Enter
wait_for 10 "the key list" screen_has "greeting"
keys Enter
wait_for 10 "the value preview" screen_has "hello console"
keys d
wait_for 5 "the remove question" screen_has "remove greeting from consoletest? y/n"
keys y
wait_for 10 "removed" screen_has "removed greeting"
rc=0; cli 1 get consoletest greeting >/dev/null 2>&1 || rc=$?
[ "$rc" = 1 ] || fail "the object removed in the console should be gone (soss get exit 1, got $rc)"
keys Escape Escape
keys Down

note "join it again from the console (j on the selected host)"
wait_for 5 "host 2 still selected" screen_has "^>127.0.0.2:$SVR"
keys j
wait_for 30 "soss query: 2 hosts active and healthy" bash -c "$(declare -f cli); WORK=$WORK CLI=$CLI; \
  cli 1 query | grep -q '^store: active (2 hosts'"
grep -q "^auto_join *1" "$WORK/h2.txt" || fail "join from the console should set auto_join 1 on host 2"

note "edit lock_timeout on host 1 (Tab, Down to it, e, Ctrl-U, 45, Enter)"
keys Up
wait_for 5 "host 1 selected" screen_has "^>127.0.0.1:$SVR"
index=$(cli 1 show | awk '/^parameters/{p=1; next} p{print $1}' | grep -n '^lock_timeout$' | cut -d: -f1)
[ -n "$index" ] || fail "lock_timeout not in soss show"
keys Tab
for _ in $(seq $((index - 1))); do keys Down; done
wait_for 5 "lock_timeout under the cursor" screen_has "^>lock_timeout"
keys e
wait_for 5 "the edit line" screen_has "lock_timeout (store-wide) = 90_"
keys C-u 4 5 Enter
wait_for 10 "the confirmation" screen_has "lock_timeout=45 saved on 127.0.0.1; store-wide: sent to 1 other host"
grep -q "^lock_timeout *45" "$WORK/h1.txt" || fail "lock_timeout 45 not in h1.txt"
grep -q "^lock_timeout *45" "$WORK/h2.txt" || fail "lock_timeout 45 not propagated to h2.txt"
cli 2 --json show | grep -q '"lock_timeout": 45,' || fail "host 2 does not use lock_timeout 45"

note "a parameter that needs a restart says so (io_threads, set to its value)"
index=$(cli 1 show | awk '/^parameters/{p=1; next} p{print $1}' | grep -n '^io_threads$' | cut -d: -f1)
keys Escape
for _ in $(seq 40); do keys Up; done
for _ in $(seq $((index - 1))); do keys Down; done
wait_for 5 "io_threads under the cursor" screen_has "^>io_threads"
keys e
wait_for 5 "the edit line" screen_has "io_threads (this host, needs a restart) = 0_"
keys C-u 0 Enter
wait_for 10 "the restart note" screen_has "io_threads=0 saved on 127.0.0.1; takes effect after a restart"

note "open one object by namespace/key (o) on the 2-host store, value preview"
cli 1 put consoletest other "second value" >/dev/null || fail "soss put"
keys Tab o
wait_for 5 "the open prompt" screen_has "open object (namespace/key): "
keys -l "consoletest/other"
keys Enter
wait_for 10 "the value preview" screen_has "second value"
screen_has "key other in consoletest" || fail "the object screen should name key and namespace"
keys Escape

note "q quits cleanly"
wait_for 5 "the main screen" screen_has "j join l leave"
keys q
wait_for 5 "the console to exit 0" screen_has "console exit 0"
[ ! -s "$WORK/console.err" ] || fail "the console wrote to stderr: $(cat "$WORK/console.err")"
echo "PASS: console_tmux"
