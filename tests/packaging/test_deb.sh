#!/usr/bin/env bash
# Copyright (c) 2026 the soss authors
# SPDX-License-Identifier: Apache-2.0
# The .deb end to end, on this machine (needs root and dpkg; exits 77 = skipped otherwise):
#   tests/packaging/test_deb.sh BUILD_DIR|PACKAGE.deb [LIBDIR]
# builds the .deb with cpack from BUILD_DIR (or takes PACKAGE.deb), installs it with dpkg -i,
# checks every file is where docs/install-linux.md says (LIBDIR: the expected library folder,
# e.g. /usr/lib/x86_64-linux-gnu), runs systemd-analyze verify on the units, runs the installed
# soss_service with the installed config the way soss.service does (user soss, only
# CAP_NET_BIND_SERVICE, ports below 1024) and talks to it with the installed soss tool and a
# program built with find_package(soss), then checks upgrade, remove and purge. The machine is
# left as it was: the service is stopped by pid and the package purged on every exit path.
set -euo pipefail
# A `producer | grep -q` fails under pipefail when grep exits first and the producer gets
# SIGPIPE: the checks below grep captured text instead.

SKIP=77
note() { echo "test_deb: $*"; }
fail() { echo "test_deb: FAIL: $*" >&2; exit 1; }
skip() { echo "test_deb: SKIPPED: $*"; exit "$SKIP"; }

[ $# -ge 1 ] || { echo "usage: $0 BUILD_DIR|PACKAGE.deb [LIBDIR]" >&2; exit 64; }
source_arg=$1
libdir=${2:-}

[ "$(id -u)" -eq 0 ] || skip "needs root (dpkg -i installs into /usr, /etc and /lib/systemd)"
{ command -v dpkg && command -v dpkg-deb; } >/dev/null || skip "dpkg is not installed"
command -v setpriv >/dev/null || skip "setpriv (util-linux) is not installed"

# One packaging test at a time on this machine (dpkg has one database).
exec 9>/var/lock/soss-packaging-test.lock
flock -w 600 9 || fail "another packaging test holds /var/lock/soss-packaging-test.lock"

if dpkg-query -W -f='${Status}' soss 2>/dev/null | grep -qv "not-installed"; then
  skip "a soss package is already on this machine ($(dpkg-query -W -f='${Status}' soss)); not touching it"
fi
if getent passwd soss >/dev/null; then
  skip "a user 'soss' exists that no soss package created; purging would delete it"
fi
[ ! -e /etc/soss ] || skip "/etc/soss exists without a soss package; not touching it"

start_time=$(date +%s)
work=$(mktemp -d /tmp/soss-test-deb.XXXXXX)
service_pid=""

cleanup() {
  rc=$?
  if [ -n "$service_pid" ] && kill -0 "$service_pid" 2>/dev/null; then
    kill -TERM "$service_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$service_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$service_pid" 2>/dev/null || true
  fi
  if dpkg-query -W -f='${Status}' soss 2>/dev/null | grep -qv "not-installed"; then
    DEBIAN_FRONTEND=noninteractive dpkg -P soss >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

dpkg_quiet() { DEBIAN_FRONTEND=noninteractive timeout 120 dpkg "$@" </dev/null >"$work/dpkg.log" 2>&1 \
  || { cat "$work/dpkg.log" >&2; fail "dpkg $*"; }; }
status_of() { dpkg-query -W -f='${Status}' soss 2>/dev/null || true; }
param_of() { sed -n "s/^$1[[:space:]]\{1,\}\([^[:space:]#]*\).*/\1/p" "$2"; }
expect_file() { [ -e "$1" ] || fail "missing after install: $1"; }
expect_gone() { [ ! -e "$1" ] || fail "still there: $1"; }

# ---- 1. the package -------------------------------------------------------------------------
if [ -d "$source_arg" ]; then
  note "building the .deb with cpack from $source_arg"
  timeout 300 cpack -G DEB -B "$work/pkg" --config "$source_arg/CPackConfig.cmake" \
    >"$work/cpack.log" 2>&1 || { cat "$work/cpack.log" >&2; fail "cpack"; }
  deb=$(find "$work/pkg" -maxdepth 1 -name 'soss_*.deb' | head -1)
else
  deb=$source_arg
fi
[ -f "$deb" ] || fail "no .deb: $deb"
note "package: $deb ($(dpkg-deb -f "$deb" Version), $(du -h "$deb" | cut -f1))"
grep -q "libc6" <<< "$(dpkg-deb -f "$deb" Depends)" || fail "Depends has no computed library dependencies"
[ "$(dpkg-deb --ctrl-tarfile "$deb" | tar -xOf - ./conffiles)" = "/etc/soss/soss_params.txt" ] \
  || fail "conffiles must list /etc/soss/soss_params.txt"

# ---- 2. install -----------------------------------------------------------------------------
note "dpkg -i"
dpkg_quiet -i "$deb"
[ "$(status_of)" = "install ok installed" ] || fail "status after install: $(status_of)"
if [ ! -d /run/systemd/system ]; then
  grep -q "systemd is not running" "$work/dpkg.log" || fail "postinst should explain it did not start soss.service"
fi

# ---- 3. files where docs/install-linux.md says ----------------------------------------------
for f in /usr/bin/soss_service /usr/bin/soss /usr/bin/soss_bench \
         /usr/include/soss/client/grid_connection.hpp /usr/include/soss/client/cache.hpp \
         /usr/include/soss/client/types.hpp /usr/include/soss/client/soss_c.h \
         /usr/include/soss/client/export.h \
         /etc/soss/soss_params.txt /lib/systemd/system/soss.service \
         /lib/systemd/system/soss-rest.service /usr/share/doc/soss/copyright \
         /usr/share/doc/soss/install-linux.md /usr/share/soss/samples/hello.cpp; do
  expect_file "$f"
done
# Every page of docs/ (they link to each other), and a Description naming every program.
for page in "$(dirname "$0")"/../../docs/*.md; do
  expect_file "/usr/share/doc/soss/$(basename "$page")"
done
description=$(dpkg-deb -f "$deb" Description)
for prog in soss_service soss_console soss_bench soss_rest; do
  grep -q "$prog" <<< "$description" || fail "the package Description does not name $prog"
done
# A man page per program of /usr/bin (packaging/man_pages.cmake, from --help by help2man), read
# from the .deb itself: minimal images may exclude /usr/share/man from what dpkg installs.
check_man_pages=1
if [ -d "$source_arg" ] && grep -q '^SOSS_HELP2MAN:FILEPATH=.*NOTFOUND' "$source_arg/CMakeCache.txt" 2>/dev/null; then
  note "man pages not checked: $source_arg was configured without help2man (apt-get install help2man)"
  check_man_pages=0
fi
if [ "$check_man_pages" = 1 ]; then
  dpkg-deb -x "$deb" "$work/extracted"
  progs=$(dpkg-deb -c "$deb" | awk '{print $NF}' | sed -n 's|^\./usr/bin/\(soss[a-z_]*\)$|\1|p')
  [ -n "$progs" ] || fail "no soss programs in /usr/bin of the .deb"
  for prog in $progs; do
    page=$work/extracted/usr/share/man/man1/$prog.1.gz
    [ -f "$page" ] || fail "the .deb has no man page /usr/share/man/man1/$prog.1.gz (built without help2man?)"
    text=$(zcat "$page")
    grep -q '^\.SH NAME' <<< "$text" || fail "$prog.1.gz has no NAME section"
    grep -q "^$prog \\\\- " <<< "$(grep -A1 '^\.SH NAME' <<< "$text")" || fail "$prog.1.gz: NAME does not start with '$prog \\-'"
    if command -v man >/dev/null; then
      grep -qE "^ +$prog +. " <<< "$(grep -A1 '^NAME' <<< "$(MANWIDTH=80 man -l "$page" 2>/dev/null)")" \
        || fail "man -l $prog.1.gz does not show the NAME section"
    fi
  done
  note "man pages: $(echo $progs)"
fi
lib=$(dpkg -L soss | grep '/libsoss_client\.so\.[0-9]*$' | head -1)
[ -n "$lib" ] || fail "libsoss_client.so.N is not in the package"
if [ -n "$libdir" ]; then
  [ "$(dirname "$lib")" = "$libdir" ] || fail "libsoss_client is in $(dirname "$lib"), expected $libdir"
fi
libdir=$(dirname "$lib")
for f in "$libdir/libsoss_client.so" "$libdir/cmake/soss/sossConfig.cmake" \
         "$libdir/cmake/soss/sossConfigVersion.cmake"; do
  expect_file "$f"
done
for p in soss_service soss soss_bench; do
  grep -q "$(dpkg-deb -f "$deb" Version)" <<< "$(/usr/bin/$p --version)" || fail "$p --version"
  grep -q "not found" <<< "$(ldd /usr/bin/$p)" && fail "$p has unresolved libraries"
done
grep -q ":/usr/sbin/nologin$" <<< "$(getent passwd soss)" || fail "postinst should create the system user soss"
[ "$(stat -c %U /etc/soss)" = soss ] || fail "/etc/soss must belong to soss (the service writes it)"
sample=$(dirname "$0")/../../packaging/soss_params.txt
if [ -f "$sample" ]; then
  cmp -s /etc/soss/soss_params.txt "$sample" || fail "/etc/soss/soss_params.txt is not packaging/soss_params.txt"
fi
[ -L /etc/systemd/system/multi-user.target.wants/soss.service ] || fail "soss.service is not enabled"
[ ! -e /etc/systemd/system/multi-user.target.wants/soss-rest.service ] || fail "soss-rest.service must not be enabled"

# ---- 4. systemd-analyze verify --------------------------------------------------------------
if command -v systemd-analyze >/dev/null; then
  note "systemd-analyze verify"
  (cd / && systemd-analyze verify /lib/systemd/system/soss.service) >"$work/verify.log" 2>&1 \
    || { cat "$work/verify.log" >&2; fail "systemd-analyze verify soss.service"; }
  cat "$work/verify.log"
  rc=0
  (cd / && systemd-analyze verify /lib/systemd/system/soss-rest.service) >"$work/verify.log" 2>&1 || rc=$?
  cat "$work/verify.log"
  if [ -x /usr/bin/soss_rest ]; then
    [ "$rc" -eq 0 ] || fail "systemd-analyze verify soss-rest.service"
  elif [ "$rc" -ne 0 ]; then
    # soss_rest is not built in this tree yet: its absence may be the only complaint.
    if grep -v "Command /usr/bin/soss_rest is not executable" "$work/verify.log" | grep -q .; then
      fail "systemd-analyze verify soss-rest.service"
    fi
    note "soss-rest.service: verified except for the missing /usr/bin/soss_rest (not built here)"
  fi
else
  note "systemd-analyze is not installed: units not verified (apt-get install systemd)"
fi

# ---- 5. the installed service with the installed config, as soss.service runs it -----------
# User soss with only CAP_NET_BIND_SERVICE; ports below 1024 (free ones, not 720-724, which a
# real installation may use); loopback and no multicast, so it never meets another store.
cli_params=$work/cli_params.txt
start_service() {
  local base=$1
  mgt=$base svr=$((base + 1)) int=$((base + 2))
  printf 'net_interface 127.0.0.1\nmgt_port %s\nsvr_port %s\n' "$mgt" "$svr" >"$cli_params"
  setpriv --reuid=soss --regid=soss --clear-groups --inh-caps=-all,+net_bind_service \
    --ambient-caps=-all,+net_bind_service --bounding-set=-all,+net_bind_service --no-new-privs \
    /usr/bin/soss_service --params /etc/soss/soss_params.txt --no-timestamps \
    --set net_interface=127.0.0.1 --set use_multicast=0 --set host_list=127.0.0.1 \
    --set mgt_port="$mgt" --set svr_port="$svr" --set int_port="$int" \
    --set secure_mgt_port=$((base + 3)) --set secure_svr_port=$((base + 4)) \
    >"$work/service.log" 2>&1 &
  service_pid=$!
  for _ in $(seq 100); do
    kill -0 "$service_pid" 2>/dev/null || return 1
    rc=0
    timeout 5 /usr/bin/soss --params "$cli_params" --timeout 2 query >/dev/null 2>&1 || rc=$?
    [ "$rc" -eq 0 ] || [ "$rc" -eq 3 ] && return 0
    sleep 0.1
  done
  return 1
}
soss_cli() { timeout 20 /usr/bin/soss --params "$cli_params" --timeout 5 "$@"; }

note "starting /usr/bin/soss_service as user soss (CAP_NET_BIND_SERVICE only)"
started=""
for _ in 1 2 3 4 5; do
  base=$((800 + RANDOM % 150))
  if start_service "$base"; then started=1; break; fi
  wait "$service_pid" 2>/dev/null || true
  service_pid=""
  grep -q "cannot listen" "$work/service.log" || { cat "$work/service.log" >&2; fail "soss_service did not start"; }
done
[ -n "$started" ] || fail "no free ports below 1024 after 5 tries"
note "soss_service pid $service_pid on mgt_port $mgt, svr_port $svr"

rc=0; soss_cli query >/dev/null || rc=$?
[ "$rc" -eq 3 ] || fail "a fresh install must be inactive (soss query exit 3), got $rc"
soss_cli join >/dev/null || fail "soss join"
# The join completes on the service's next ticks (a store of one host, no discovery wait).
joined=""
for _ in $(seq 1 50); do
  if soss_cli query >"$work/query.txt"; then joined=1; break; fi
  sleep 0.1
done
[ -n "$joined" ] || { cat "$work/query.txt"; fail "soss query after join"; }
grep -q "active" "$work/query.txt" || fail "soss query: $(cat "$work/query.txt")"
[ "$(param_of auto_join /etc/soss/soss_params.txt)" = 1 ] \
  || fail "soss join must persist auto_join 1 into /etc/soss/soss_params.txt (as user soss)"
for _ in $(seq 1 50); do [ -s /etc/soss/soss_params_view.txt ] && break; sleep 0.1; done
grep -q '^members [0-9]' /etc/soss/soss_params_view.txt \
  || fail "the active service must keep its view in /etc/soss/soss_params_view.txt (as user soss)"
soss_cli put pkgtest greeting "hello from the .deb" >/dev/null || fail "soss put"
[ "$(soss_cli get pkgtest greeting)" = "hello from the .deb" ] || fail "soss get"

# ---- 6. a user program built with find_package(soss) against the installed package ---------
if command -v c++ >/dev/null; then
  note "building /usr/share/soss/samples with find_package(soss)"
  gen=()
  command -v ninja >/dev/null && gen=(-G Ninja)
  timeout 120 cmake -S /usr/share/soss/samples -B "$work/hello" "${gen[@]}" -DCMAKE_BUILD_TYPE=Release \
    >"$work/hello.log" 2>&1 || { cat "$work/hello.log" >&2; fail "configuring the sample"; }
  grep -q "soss_DIR:PATH=$libdir/cmake/soss" "$work/hello/CMakeCache.txt" \
    || fail "find_package(soss) did not use $libdir/cmake/soss"
  timeout 300 cmake --build "$work/hello" >>"$work/hello.log" 2>&1 \
    || { cat "$work/hello.log" >&2; fail "building the sample"; }
  used=$(ldd "$work/hello/hello" | sed -n 's/.*libsoss_client[^ ]* => \([^ ]*\) .*/\1/p')
  if [ -z "$used" ] || [ "$(readlink -f "$used")" != "$(readlink -f "$lib")" ]; then
    fail "hello must use the installed $lib, uses '$used'"
  fi
  timeout 30 "$work/hello/hello" "bootstrapGateways=127.0.0.1:$svr" >"$work/hello.out" 2>&1 \
    || { cat "$work/hello.out" >&2; fail "running the sample against the installed service"; }
  grep -q "read: hello, world" "$work/hello.out" || fail "sample output: $(cat "$work/hello.out")"
else
  note "no C++ compiler: find_package(soss) not checked"
fi

kill -TERM "$service_pid"
rc=0; wait "$service_pid" || rc=$?
service_pid=""
[ "$rc" -eq 0 ] || { cat "$work/service.log" >&2; fail "soss_service exit code $rc after SIGTERM"; }
grep -q "soss_service stopped" "$work/service.log" || fail "no clean stop in the log"

# ---- 7. upgrade: an edited config survives --------------------------------------------------
note "upgrade to a newer version keeps the edited /etc/soss/soss_params.txt"
dpkg-deb -R "$deb" "$work/next"
sed -i 's/^Version: .*/&+pkgtest1/' "$work/next/DEBIAN/control"
dpkg-deb -b "$work/next" "$work/next.deb" >/dev/null
dpkg_quiet -i "$work/next.deb"
[ "$(dpkg-query -W -f='${Version}' soss)" = "$(dpkg-deb -f "$deb" Version)+pkgtest1" ] || fail "upgrade"
[ "$(param_of auto_join /etc/soss/soss_params.txt)" = 1 ] || fail "the upgrade overwrote soss_params.txt"
[ "$(stat -c %U /etc/soss/soss_params.txt)" = soss ] || fail "soss_params.txt must stay soss's"

# ---- 8. remove keeps the configuration, purge removes it ------------------------------------
note "dpkg -r"
dpkg_quiet -r soss
[ "$(status_of)" = "deinstall ok config-files" ] || fail "status after remove: $(status_of)"
for f in /usr/bin/soss_service /usr/bin/soss /usr/bin/soss_bench "$lib" \
         "$libdir/cmake/soss/sossConfig.cmake" /usr/include/soss/client/cache.hpp \
         /lib/systemd/system/soss.service /lib/systemd/system/soss-rest.service; do
  expect_gone "$f"
done
[ "$(param_of auto_join /etc/soss/soss_params.txt)" = 1 ] || fail "dpkg -r must keep soss_params.txt"
getent passwd soss >/dev/null || fail "dpkg -r must keep the soss user (its files remain)"

note "dpkg -i again, then dpkg -P"
dpkg_quiet -i "$deb"
[ "$(param_of auto_join /etc/soss/soss_params.txt)" = 1 ] || fail "reinstall overwrote soss_params.txt"
[ -L /etc/systemd/system/multi-user.target.wants/soss.service ] || fail "reinstall: soss.service not enabled"
dpkg_quiet -P soss
purged=$(status_of)
[ -z "$purged" ] || [[ $purged == *not-installed ]] || fail "status after purge: $purged"
expect_gone /etc/soss
expect_gone /etc/systemd/system/multi-user.target.wants/soss.service
expect_gone /etc/systemd/system/soss.service
! getent passwd soss >/dev/null || fail "dpkg -P must remove the soss user"
! getent group soss >/dev/null || fail "dpkg -P must remove the soss group"

note "passed in $(( $(date +%s) - start_time ))s"
