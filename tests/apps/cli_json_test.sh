#!/usr/bin/env bash
# Copyright (c) 2026 the soss authors
# SPDX-License-Identifier: Apache-2.0
# The JSON schema of `soss --json` (docs/cli.md "JSON output"), checked with jq against a real
# 1-host store on 127.0.0.1: every command prints one JSON document; counts, sizes, ports and
# versions are numbers; yes/no values are booleans; 64-bit ids are strings; a value that is not
# UTF-8 comes as "value_base64" instead of "value"; --json is accepted after the subcommand too.
# Usage: cli_json_test.sh SOSS_SERVICE SOSS. Exit 77 (skipped) without jq or python3.
set -euo pipefail
SVC=$1 CLI=$2
# shellcheck source=tests/apps/test_lib.sh
. "$(dirname "$0")/test_lib.sh"

if ! command -v jq >/dev/null 2>&1; then
  echo "SKIP: jq is not installed (apt-get install jq; scripts/install-deps.sh adds it)"
  exit 77
fi
if ! command -v python3 >/dev/null 2>&1; then
  echo "SKIP: python3 is needed to find free ports"
  exit 77
fi

WORK=$(mktemp -d)
PID=""
cleanup() {
  if [ -n "$PID" ]; then
    stop_pid "$PID"
  fi
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

FAILS=0
fail() { echo "FAIL: $*"; FAILS=$((FAILS + 1)); }
note() { echo "== $*"; }

read -r SVR MGT INT RESP < <(free_ports 4)

cat >"$WORK/h1.txt" <<PARAMS
net_interface 127.0.0.1
svr_port $SVR
mgt_port $MGT
int_port $INT
resp_port $RESP
use_multicast 0
host_list 127.0.0.1
heartbeat_ms 100
heartbeat_misses 10
auto_join 1
PARAMS

cli() { timeout 15 "$CLI" --params "$WORK/h1.txt" --host 127.0.0.1 --timeout 2 "$@"; }

# expect NAME JQ_FILTER COMMAND...: runs `soss COMMAND` (its --json wherever the caller put it),
# checks that it exits 0, prints one JSON document, and that `jq -e FILTER` holds.
expect() {
  local name=$1 filter=$2 out rc=0
  shift 2
  out=$(cli "$@" 2>"$WORK/err") || rc=$?
  if [ "$rc" != 0 ]; then
    fail "$name: soss $* exited $rc: $(cat "$WORK/err")"
    return
  fi
  if ! jq -e -n --argjson svr "$SVR" "input | ($filter)" <<<"$out" >/dev/null 2>"$WORK/jqerr"; then
    fail "$name: jq -e '$filter' does not hold for soss $*: $(cat "$WORK/jqerr")"
    echo "$out" | head -n 40
    return
  fi
  if [ "$(jq -s length <<<"$out")" != 1 ]; then
    fail "$name: soss $* printed more than one JSON document"
    return
  fi
  echo "ok: $name"
}

note "one host on 127.0.0.1"
"$SVC" --params "$WORK/h1.txt" >"$WORK/h1.log" 2>&1 &
PID=$!
for _ in $(seq 120); do
  if cli query >/dev/null 2>&1; then break; fi
  sleep 0.25
done
cli query >/dev/null 2>&1 || { tail -n 20 "$WORK/h1.log"; echo "FAIL: the store is not healthy"; exit 1; }

note "--json after the subcommand is accepted and means the same"
before=$(cli --json query) || fail "soss --json query"
after=$(cli query --json) || fail "soss query --json (flag after the subcommand) exited $?"
[ "$(jq -S 'del(.hosts[].uptime_s, .hosts[].requests, .hosts[].connections)' <<<"$before")" = \
  "$(jq -S 'del(.hosts[].uptime_s, .hosts[].requests, .hosts[].connections)' <<<"$after" 2>/dev/null)" ] ||
  fail "soss query --json differs from soss --json query"

note "query"
expect "query: booleans and numbers" \
  '(.healthy|type=="boolean") and (.store.hosts|type=="number") and (.store.epoch|type=="number")
   and (.store.objects|type=="number") and (.store.state=="active")' query --json
expect "query: each host's counters are numbers, its id a string" \
  '(.hosts|length==1) and (.hosts[0].objects|type=="number") and (.hosts[0].bytes|type=="number")
   and (.hosts[0].primaries|type=="number") and (.hosts[0].svr_port==$svr)
   and (.hosts[0].host_id|type=="string") and (.hosts[0].state=="active")
   and (.hosts[0].address_port|type=="string")' --json query
expect "query: every network interface, as a list" \
  '(.hosts[0].interfaces|type=="array") and (.hosts[0].interfaces|length>=1)' query --json

note "show"
expect "show: host status numbers" \
  '(.host.objects|type=="number") and (.host.uptime_s|type=="number")
   and (.host.svr_port==$svr) and (.host.epoch|type=="number") and (.host.host_id|type=="string")
   and (.host.state=="active") and (.host.version|type=="string")' show --json
expect "show: members as objects" \
  '(.host.members|type=="array") and (.host.members[0].svr_port==$svr)
   and (.host.members[0].primaries|type=="number") and (.host.members[0].host_id|type=="string")
   and (.host.interfaces|type=="array") and (.host.refused==[])' show --json
expect "show: parameters typed by the registry" \
  '(.params.lock_timeout|type=="number") and (.params.svr_port==$svr)
   and (.params.use_multicast==false) and (.params.auto_join==true)
   and (.params.net_interface=="127.0.0.1") and (.params.host_list|type=="string")' show --json
expect "show all: an array of hosts" \
  'type=="array" and length==1 and (.[0].address=="127.0.0.1") and (.[0].host_id|type=="string")
   and (.[0].params.svr_port==$svr)' show all --json

note "data commands"
expect "put: result and version" \
  '.result=="Added" and (.version|type=="number") and (has("ticket")|not)' put jsonns text héllo --json
expect "get: a UTF-8 value is \"value\"" \
  '.value=="héllo" and (has("value_base64")|not) and (.version|type=="number") and .size==6
   and .locked==false and (.timeout_s|type=="number") and .key=="text"' get jsonns text --json
printf '\377\376\000a' >"$WORK/bin"
cli put jsonns bin - <"$WORK/bin" >/dev/null || fail "soss put - (binary)"
expect "get: a value that is not UTF-8 is \"value_base64\"" \
  '.value_base64=="//4AYQ==" and (has("value")|not) and .size==4' get jsonns bin --json
cli get jsonns bin --json | jq -r .value_base64 | base64 -d >"$WORK/bin.out" 2>/dev/null || true
cmp -s "$WORK/bin" "$WORK/bin.out" || fail "value_base64 does not decode to the stored bytes"
ticket=$(cli --json lock jsonns text | jq -r 'if (.ticket|type=="string") then .ticket else empty end') ||
  fail "lock --json"
[ -n "$ticket" ] || fail "lock --json: the ticket should be a string"
expect "unlock" '.result=="Unlocked" and (.version|type=="number")' unlock jsonns text "$ticket" --json
expect "namespaces: numbers" \
  'type=="array" and (map(select(.name=="jsonns"))[0] | (.objects==2) and (.bytes|type=="number")
   and (.id|type=="number"))' namespaces --json
expect "keys: names and hashes" \
  'type=="array" and length==2 and (map(.key)|sort==["bin","text"]) and (.[0].hash|type=="string")' \
  keys jsonns --json
expect "remove" '.result=="Removed"' remove jsonns bin --json
expect "clear: a number" '.removed==1' clear jsonns --json

note "operator commands"
expect "set: counts and lists" \
  '.changed==1 and (.restart_needed==[]) and (.other_hosts==[])' set lock_timeout=45 --json
expect "set: the new value is a number in show" '.params.lock_timeout==45' show --json
expect "set: a parameter that needs a restart" \
  '.changed==1 and (.restart_needed==["io_threads"])' set io_threads=0 --json
expect "join: the state" '.state=="active"' join --json
expect "show_remcli: numbers and booleans" \
  '(.exists|type=="boolean") and (.max_rem_retries|type=="number") and (.gateways|type=="array")' \
  show_remcli --json
expect "set_cli: the file and the count" \
  '.changed==1 and (.file|type=="string")' set_cli max_rem_retries=4 --json
expect "populate: the gateways written" \
  '.changed==1 and (.file|type=="string")' populate --json

note "errors stay on stderr with the exit code; stdout is empty"
rc=0
out=$(cli get jsonns missing --json 2>/dev/null) || rc=$?
[ "$rc" = 1 ] || fail "get of a missing key: exit $rc, want 1"
[ -z "$out" ] || fail "get of a missing key printed on stdout: $out"

if [ "$FAILS" != 0 ]; then
  echo "--- h1.log:"; tail -n 20 "$WORK/h1.log"
  echo "FAIL: $FAILS check(s) of cli_json"
  exit 1
fi
echo "PASS: cli_json"
