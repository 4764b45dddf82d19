#!/usr/bin/env bash
# shellcheck disable=SC2317,SC2016  # functions run indirectly (trap, wait_for); literal sh -c texts
# Copyright (c) 2026 the soss authors
# SPDX-License-Identifier: Apache-2.0
#
# Hosts in network namespaces: 5 soss_service processes, each in its own network namespace, on one
# bridge that lives in a switch namespace. Faults are nft bridge filters in the switch namespace
# (a silent blackhole: carriers stay up, peers see timeouts).
#
#   scenario A (max_replicas 1): multicast discovery through the bridge; host 3 cut off completely
#     (the 4 others must become one healthy store, host 3 isolated), then healed (5 healthy);
#   scenario B (max_replicas 2, fresh store): a 2|3 partition h4,h5 | h1,h2,h3 (the majority must
#     become healthy, both minority hosts isolated), then healed (5 healthy). max_replicas 2
#     because with 1 replica a partition whose primary and replica are both on the minority side
#     is gone for the majority: the minority refuses (isolated) and drops its copies when it
#     rejoins, so those acknowledged writes would be lost by design, not by a bug.
#   After each: a writer (netns_writer, in host 1's namespace, through the client library) reads
#   back every acknowledged write: 300 fixed keys written before the fault, 200 churned keys
#   written during it.
#
# Usage: cluster_netns_test.sh SOSS_SERVICE SOSS_CLI NETNS_WRITER
#    or: cluster_netns_test.sh BUILD_DIR
# Needs root, ip (iproute2) and nft (nftables); exits 77 (CTest: skipped) otherwise.
# Everything it makes is named sossns<pid>-*; a trap kills every process it started (by pid) and
# deletes every namespace it made, whatever happens. Logs are kept only when something failed.
# SOSS_NETNS_KEEP_LOGS=1 keeps them always; SOSS_NETNS_LOG_LEVEL=debug sets the services'
# log_level; SOSS_NETNS_TRACE=1 prints every poll while waiting. Progress lines with timings ("timing: ...") are measurements for the notes.
#
# The rig (switch namespace, bridge without IGMP snooping, bridge-nf-call off, deterministic MACs,
# 224.0.0.0/4 route per host, the nft "cut"/"part" sets) is adapted from the shared tools
# netns-up.sh / netns-cut.sh / netns-partition.sh written for this project (see the shared notes
# netns.md); this script keeps only what one run needs and owns all of its names.
set -uo pipefail

skip() { echo "SKIP: $*"; exit 77; }
[[ $(id -u) = 0 ]] || skip "the network-namespace tests need root (ip netns add); run as root to include them"
command -v ip >/dev/null 2>&1 || skip "'ip' (iproute2) is not installed"
command -v nft >/dev/null 2>&1 || skip "'nft' is not installed (apt-get install nftables; scripts/install-deps.sh does)"

if (( $# == 1 )); then
  SERVICE=$1/apps/soss_service/soss_service
  CLI=$1/apps/soss/soss
  WRITER=$1/tests/netns/netns_writer
elif (( $# == 3 )); then
  SERVICE=$1 CLI=$2 WRITER=$3
else
  echo "usage: $0 SOSS_SERVICE SOSS_CLI NETNS_WRITER | $0 BUILD_DIR" >&2; exit 2
fi
for b in "$SERVICE" "$CLI" "$WRITER"; do
  [[ -x $b ]] || { echo "FAIL: $b is not an executable (build soss_service, soss and netns_writer)" >&2; exit 2; }
done

P=sossns$$                    # unique per run; every namespace is $P-sw or $P-hK
SUBNET=10.78.0                # private to this run's namespaces (no route leaves them)
N=5
MGT_PORT=17720 SVR_PORT=17721 INT_PORT=17722   # each namespace has its own port space
GROUP=239.78.0.17
WORK=$(mktemp -d "${TMPDIR:-/tmp}/soss-netns.XXXXXX")
T0=$(date +%s.%N)
BUDGET=${SOSS_NETNS_BUDGET:-360}   # seconds for the whole run; CTest's TIMEOUT (420) is above it,
                                  # so the trap always gets to clean up before CTest kills us

declare -a MADE=()            # namespaces created by this run
declare -A SVC_PID=()         # host index -> soss_service pid
WRITER_PID=""
FAILED=0

log() { printf '[%6.1fs] %s\n' "$(awk -v a="$T0" -v b="$(date +%s.%N)" 'BEGIN{print b-a}')" "$*"; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}'; }
fail() { log "FAIL: $*"; FAILED=1; }
budget_left() { awk -v a="$T0" -v b="$(date +%s.%N)" -v t="$BUDGET" 'BEGIN{printf "%d", t-(b-a)}'; }

# Is pid $1 gone or a zombie (a zombie child still answers kill -0 until it is reaped)?
pid_done() {
  local st
  st=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 0
  [[ -z $st || $st = Z ]]
}
# Stop one pid we started: TERM, up to $2 seconds (default 5), then KILL; always reaped.
stop_pid() {
  local pid=$1 secs=${2:-5} i
  [[ -n $pid ]] || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < secs * 10; i++)); do pid_done "$pid" && break; sleep 0.1; done
  pid_done "$pid" || { log "pid $pid did not stop after ${secs}s TERM; KILL"; kill -KILL "$pid" 2>/dev/null || true; }
  for ((i = 0; i < 50; i++)); do pid_done "$pid" && break; sleep 0.1; done
  wait "$pid" 2>/dev/null || true
}

dump_logs() {
  local f
  for f in "$WORK"/*.log; do
    [[ -e $f ]] || continue
    echo "----- last 40 lines of $f"
    tail -n 40 "$f"
  done
}

cleanup() {
  local rc=$? pid ns i left
  trap - EXIT INT TERM
  set +e
  [[ -n $WRITER_PID ]] && stop_pid "$WRITER_PID" 3
  for i in "${!SVC_PID[@]}"; do stop_pid "${SVC_PID[$i]}" 5; done
  # Anything still inside our namespaces was started by this run (the names are ours alone).
  for ns in "${MADE[@]}"; do
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null; done
  done
  for ns in "${MADE[@]}"; do ip netns del "$ns" 2>/dev/null; done
  left=$(ip netns list 2>/dev/null | awk '{print $1}' | grep -E "^$P-" || true)
  if [[ -n $left ]]; then
    echo "FAIL: namespaces left behind: $left" >&2
    rc=1
  fi
  (( FAILED && rc == 0 )) && rc=1
  if (( rc != 0 && rc != 77 )); then
    dump_logs
    echo "logs kept in $WORK"
  elif [[ ${SOSS_NETNS_KEEP_LOGS:-0} = 1 ]]; then
    echo "logs kept in $WORK (SOSS_NETNS_KEEP_LOGS=1)"
  else
    rm -rf "$WORK"
  fi
  echo "cleanup: namespaces of $P removed ($(ip netns list 2>/dev/null | grep -cE "^$P-" || true) left), all started processes stopped"
  exit "$rc"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

# ---------------------------------------------------------------------------------------------
# The rig: switch namespace with bridge br0 (+ nft table), N host namespaces on it.
sw() { ip netns exec "$P-sw" "$@"; }
make_rig() {
  local i ns mac
  MADE+=("$P-sw")
  ip netns add "$P-sw" || return 1
  ip -n "$P-sw" link set lo up
  # Bridged frames must not traverse iptables in this namespace (br_netfilter is per namespace).
  sw sh -c 'for k in iptables ip6tables arptables; do f=/proc/sys/net/bridge/bridge-nf-call-$k; [ -w $f ] && echo 0 > $f; done; true'
  # IGMP snooping off: the bridge floods multicast to every port (see netns.md section 2).
  ip -n "$P-sw" link add br0 type bridge mcast_snooping 0 stp_state 0 forward_delay 0 || return 1
  ip -n "$P-sw" link set br0 up
  sw nft -f - <<'EOF' || return 1
table bridge rig {
  set cut  { type ifname; }
  set part { type ifname . ifname; }
  chain ingress_faults {
    type filter hook prerouting priority -200; policy accept;
    iifname @cut drop
  }
  chain forward_faults {
    type filter hook forward priority -200; policy accept;
    oifname @cut drop
    iifname . oifname @part drop
  }
}
EOF
  for ((i = 1; i <= N; i++)); do
    ns="$P-h$i"
    MADE+=("$ns")
    ip netns add "$ns" || return 1
    mac=$(printf '02:00:0a:4e:00:%02x' "$i")     # deterministic (see netns.md: ARP pitfall)
    ip -n "$P-sw" link add "h$i" type veth peer name eth0 netns "$ns" address "$mac" || return 1
    ip -n "$P-sw" link set dev "h$i" master br0 up || return 1
    ip -n "$ns" -batch - <<EOB || return 1
link set lo up
link set dev eth0 up
addr add $SUBNET.$i/24 dev eth0
route add 224.0.0.0/4 dev eth0
EOB
    ip netns exec "$ns" sh -c 'for f in all default eth0; do echo 0 > /proc/sys/net/ipv4/conf/$f/rp_filter; done'
  done
}
cut_host() { sw nft add element bridge rig cut "{ \"h$1\" }"; }
heal_all() { sw nft flush set bridge rig cut && sw nft flush set bridge rig part; }
# partition "1 2" "3 4 5": no frame crosses between the two groups.
partition() {
  local a b elems=()
  for a in $1; do for b in $2; do elems+=("\"h$a\" . \"h$b\"" "\"h$b\" . \"h$a\""); done; done
  sw nft add element bridge rig part "{ $(IFS=,; echo "${elems[*]}") }"
}

# ---------------------------------------------------------------------------------------------
# The store.
addr() { echo "$SUBNET.$1"; }
write_params() {  # write_params MAX_REPLICAS
  local i
  for ((i = 1; i <= N; i++)); do
    cat >"$WORK/h$i.txt" <<EOF
net_interface $(addr "$i")
svr_port $SVR_PORT
mgt_port $MGT_PORT
int_port $INT_PORT
use_multicast 1
mcast_ip $GROUP
host_list
heartbeat_ms 100
heartbeat_misses 10
max_replicas $1
auto_join 1
log_level ${SOSS_NETNS_LOG_LEVEL:-info}
EOF
  done
}
start_host() {
  ip netns exec "$P-h$1" "$SERVICE" --params "$WORK/h$1.txt" >>"$WORK/h$1.log" 2>&1 &
  SVC_PID[$1]=$!      # ip execs the program, so this is soss_service's pid
}
stop_all_hosts() {
  local i
  for i in "${!SVC_PID[@]}"; do stop_pid "${SVC_PID[$i]}" 5; unset "SVC_PID[$i]"; done
}

# query HOST -> JSON of `soss --json query` run inside that host's namespace (bounded)
query() {
  timeout 8 ip netns exec "$P-h$1" "$CLI" --params "$WORK/h$1.txt" --host "$(addr "$1")" \
    --timeout 2 --json query 2>/dev/null
}
# field JSON NAME -> the first string or number value of "NAME" (the host's, as in
# cluster_process_test; counters are JSON numbers, states and ids strings)
field() {
  grep -oE "\"$2\": (\"[^\"]*\"|-?[0-9]+)" <<<"$1" | head -n 1 | sed 's/^[^:]*: //; s/^"//; s/"$//'
}

LAST_STATUS=""
declare -A Q=()   # host index -> its last query JSON
# query_all "1 2 3": query the hosts in parallel (a poll then costs one CLI run, not N) into Q.
query_all() {
  local h pids=()
  for h in $1; do
    query "$h" >"$WORK/q$h.json" &
    pids+=($!)
  done
  wait "${pids[@]}" 2>/dev/null
  for h in $1; do Q[$h]=$(<"$WORK/q$h.json"); done
}
# healthy "1 2 4 5": every listed host is active in one view of exactly those hosts (same epoch),
# and all its primaries are served and fully replicated.
healthy() {
  local h j epoch="" e n=0 ok=0
  for h in $1; do n=$((n + 1)); done
  query_all "$1"
  LAST_STATUS=""
  for h in $1; do
    j=${Q[$h]}
    e=$(field "$j" epoch)
    LAST_STATUS+=" h$h:$(field "$j" state)/hosts=$(field "$j" hosts)/epoch=$e/p=$(field "$j" primaries)/r=$(field "$j" replicated)"
    if [[ $(field "$j" state) != active || $(field "$j" hosts) != "$n" || -z $e ||
          ( -n $epoch && $e != "$epoch" ) || $(field "$j" primaries) != "$(field "$j" replicated)" ]]; then
      ok=1
    fi
    epoch=$e
  done
  return "$ok"
}
# isolated "4 5": every listed host reports state isolated.
isolated() {
  local h s rc=0
  query_all "$1"
  LAST_STATUS=""
  for h in $1; do
    s=$(field "${Q[$h]}" state)
    LAST_STATUS+=" h$h:$s"
    [[ $s = isolated ]] || rc=1
  done
  return "$rc"
}
# wait_for SECONDS WHAT CMD...: poll CMD (at most SECONDS and 600 tries); prints the time taken.
wait_for() {
  local secs=$1 what=$2 start tries=0 left pstart
  shift 2
  start=$(now)
  left=$(budget_left)
  (( left < secs )) && secs=$left
  (( secs < 1 )) && { fail "$what: the run's time budget (${BUDGET}s) is used up"; return 1; }
  while (( tries < 600 )); do
    tries=$((tries + 1))
    pstart=$(now)
    if "$@"; then
      WAITED=$(since "$start")
      return 0
    fi
    [[ ${SOSS_NETNS_TRACE:-0} = 1 ]] && log "  waiting ($what, poll took $(since "$pstart")s):$LAST_STATUS"
    [[ $(awk -v a="$start" -v b="$(now)" -v s="$secs" 'BEGIN{print (b-a >= s)}') = 1 ]] && break
    sleep 0.2
  done
  fail "$what: not reached after $(since "$start")s; last status:$LAST_STATUS"
  return 1
}

# log_delay HOST SINCE REGEX: seconds from SINCE (date +%s.%N) to the first line of HOST's log
# at or after SINCE that matches REGEX, from the service's own (UTC) time stamps; "?" if none.
# Unlike the polls (each a CLI run per host, slow on a loaded machine), this is exact.
log_delay() {
  local from line ts
  from=$(date -u -d "@$2" +%Y-%m-%dT%H:%M:%S.%3N)
  line=$(awk -v f="$from" '$1 >= f' "$WORK/h$1.log" | grep -E -m 1 "$3") || { echo "?"; return; }
  ts=${line%% *}
  awk -v a="$2" -v b="$(date -u -d "$ts" +%s.%N)" 'BEGIN{printf "%.2f", b-a}'
}

start_writer() {  # start_writer TAG
  local gws="" i
  for ((i = 1; i <= N; i++)); do gws+="${gws:+,}$(addr "$i"):$SVR_PORT"; done
  ip netns exec "$P-h1" "$WRITER" "$gws" "$1" 300 300 >"$WORK/writer-$1.log" 2>&1 &
  WRITER_PID=$!
  wait_for 60 "writer $1 wrote its fixed keys" grep -q '^READY' "$WORK/writer-$1.log" || return 1
  log "writer $1: $(grep '^READY' "$WORK/writer-$1.log")"
}
# stop_writer TAG: SIGUSR1 ends the churn; the writer then reads every key back (bounded).
stop_writer() {
  local rc i secs
  secs=$(budget_left)
  (( secs > 120 )) && secs=120
  kill -USR1 "$WRITER_PID" 2>/dev/null
  for ((i = 0; i < secs * 10; i++)); do pid_done "$WRITER_PID" && break; sleep 0.1; done
  if ! pid_done "$WRITER_PID"; then
    fail "writer $1 did not finish verifying within ${secs}s"
    stop_pid "$WRITER_PID" 1
    WRITER_PID=""
    return 1
  fi
  wait "$WRITER_PID"; rc=$?
  WRITER_PID=""
  grep -E '^(STOPPED|VERIFY|LOST|write failed|fixed write failed)' "$WORK/writer-$1.log" | while IFS= read -r line; do log "writer $1: $line"; done
  if (( rc != 0 )); then
    fail "writer $1 exited $rc: an acknowledged write did not read back (see above)"
    return 1
  fi
}

# ---------------------------------------------------------------------------------------------
ALL="1 2 3 4 5"
log "rig $P: $N hosts $SUBNET.1-$N on bridge br0 in namespace $P-sw; logs in $WORK"
t=$(now)
make_rig || { fail "could not build the rig"; exit 1; }
log "timing: rig up in $(since "$t")s"

scenario_a() {
  log "== scenario A: max_replicas 1, multicast discovery, host 3 cut off and healed"
  write_params 1
  local t i
  t=$(now)
  for i in $ALL; do start_host "$i"; done
  wait_for 90 "A: 5 hosts healthy after start (multicast discovery through the bridge)" healthy "$ALL" || return 1
  log "timing: A start -> 5 healthy: ${WAITED}s;$LAST_STATUS"
  start_writer A || return 1
  sleep 2
  t=$(now)
  cut_host 3
  log "cut h3"
  wait_for 60 "A: h1,h2,h4,h5 healthy without h3" healthy "1 2 4 5" || return 1
  log "timing: A cut h3 -> 4 healthy: ${WAITED}s;$LAST_STATUS"
  wait_for 30 "A: h3 isolated while cut off" isolated "3" || return 1
  log "timing: A cut h3 -> h3 isolated: $(since "$t")s"
  log "timing (service logs): A cut -> h1 adopts the 4-host view: $(log_delay 1 "$t" 'adopts epoch [0-9]+ with 4 member')s, h3 isolated: $(log_delay 3 "$t" 'isolated: hears')s"
  sleep 2
  t=$(now)
  heal_all
  log "healed"
  wait_for 90 "A: 5 hosts healthy after heal" healthy "$ALL" || return 1
  log "timing: A heal -> 5 healthy: ${WAITED}s;$LAST_STATUS"
  log "timing (service logs): A heal -> h3 asks to rejoin: $(log_delay 3 "$t" 'rejoining as a new member')s, h1 adopts the 5-host view: $(log_delay 1 "$t" 'adopts epoch [0-9]+ with 5 member')s"
  sleep 1
  stop_writer A
}

scenario_b() {
  log "== scenario B: max_replicas 2 (fresh store), partition h4,h5 | h1,h2,h3 and heal"
  stop_all_hosts
  write_params 2
  local t i
  for i in $ALL; do start_host "$i"; done
  wait_for 90 "B: 5 hosts healthy after start" healthy "$ALL" || return 1
  log "timing: B start -> 5 healthy: ${WAITED}s;$LAST_STATUS"
  start_writer B || return 1
  sleep 2
  t=$(now)
  partition "4 5" "1 2 3"
  log "partitioned h4,h5 | h1,h2,h3"
  wait_for 60 "B: majority h1,h2,h3 healthy" healthy "1 2 3" || return 1
  log "timing: B partition -> majority healthy: ${WAITED}s;$LAST_STATUS"
  wait_for 30 "B: minority h4,h5 isolated" isolated "4 5" || return 1
  log "timing: B partition -> minority isolated: $(since "$t")s;$LAST_STATUS"
  log "timing (service logs): B partition -> h1 adopts the 3-host view: $(log_delay 1 "$t" 'adopts epoch [0-9]+ with 3 member')s, h4 isolated: $(log_delay 4 "$t" 'isolated: hears')s, h5 isolated: $(log_delay 5 "$t" 'isolated: hears')s"
  sleep 2
  t=$(now)
  heal_all
  log "healed"
  wait_for 90 "B: 5 hosts healthy after heal" healthy "$ALL" || return 1
  log "timing: B heal -> 5 healthy: ${WAITED}s;$LAST_STATUS"
  log "timing (service logs): B heal -> h4 asks to rejoin: $(log_delay 4 "$t" 'rejoining as a new member')s, h5: $(log_delay 5 "$t" 'rejoining as a new member')s, h1 adopts the 5-host view: $(log_delay 1 "$t" 'adopts epoch [0-9]+ with 5 member')s"
  sleep 1
  stop_writer B
}

scenario_a || true
if [[ -n $WRITER_PID ]]; then stop_pid "$WRITER_PID" 3; WRITER_PID=""; fi
scenario_b || true

if (( FAILED )); then
  log "RESULT: FAILED (see FAIL lines above)"
  exit 1
fi
log "RESULT: passed (multicast discovery, cut and heal, 2|3 partition and heal; no acknowledged write lost)"
exit 0
