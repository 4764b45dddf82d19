#!/usr/bin/env bash
# Copyright (c) 2026 the soss authors
# SPDX-License-Identifier: Apache-2.0
# The Windows MSIs end to end on this Linux machine, with msitools and wine:
#   tests/windows/test_msi.sh [MSI_DIR]
# builds soss_setup64.msi and soss_setup32.msi with packaging/windows/build_msi.sh (incremental;
# or takes them from MSI_DIR), checks both MSIs' tables, then installs under wine in fresh
# prefixes (under /tmp, removed afterwards): the full install starts the service, which a Linux
# soss tool, the Windows soss.exe and a sample built against the installed SDK reach on
# 127.0.0.1; soss_console.exe shows the store in a console (wine's conhost in a tmux pane);
# soss_rest.exe, registered but not started, is started and answers curl (digest auth) from
# Linux; soss.exe restart restarts the service; INSTALLLEVEL=500, ADDLOCAL=ManagementTools, an APPLICATIONFOLDER with a space and
# the 32-bit MSI each install exactly their files; a newer MSI upgrades, an older one is refused,
# uninstall removes the service and keeps soss_params.txt. The services only ever listen on
# 127.0.0.1, on free ports of 47000-48999 written into a pre-seeded soss_params.txt and
# soss_rest.conf.
# Prints "N passed, N failed"; exit 0 only when all pass, 77 when a tool is missing.
# SOSS_LINUX_CLI: the Linux soss tool to use (default: a build tree's, else built in build-lin).
# SOSS_MSI_CASES: the wine cases to run (default: full level500 addlocal appdir x86).
# KEEP=1 keeps the temp folder (logs of failed msiexec runs; the prefixes are always removed).
# No pipefail: `msiinfo ... | grep -q` would fail when grep stops reading early.
set -u
cd "$(dirname "$0")/../.."
root=$PWD
SKIP=77
note() { echo "test_msi: $*"; }
passed=0 failed=0
check() {  # check STATUS DESCRIPTION
  if [ "$1" -eq 0 ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "test_msi: FAIL: $2" >&2
  fi
}

for tool in x86_64-w64-mingw32-g++-posix i686-w64-mingw32-g++-posix wixl msiinfo msibuild \
            msiextract wine wineserver ss curl tmux dpkg-source unzip dotnet; do
  if ! command -v "$tool" >/dev/null; then
    echo "test_msi: SKIPPED: $tool is missing (scripts/install-deps.sh installs the Windows tools)"
    exit "$SKIP"
  fi
done

# One run at a time on this machine: the build trees and the MSI folder are shared.
exec 9>/var/lock/soss-windows-test.lock
flock -w 900 9 || { echo "test_msi: FAIL: another run holds /var/lock/soss-windows-test.lock" >&2; exit 1; }

start_time=$(date +%s)
work=$(mktemp -d /tmp/soss-test-msi.XXXXXX)
cleanup() {
  for p in "$work"/wp-*; do
    [ -d "$p" ] && WINEPREFIX=$p wineserver -k 2>/dev/null
  done
  if [ "${KEEP:-0}" = 1 ]; then
    rm -rf "$work"/wp-*
    echo "test_msi: kept $work"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
source tests/windows/msi_tables.sh
source tests/windows/wine_helpers.sh

# ---- 1. the MSIs --------------------------------------------------------------------------
msi_dir=${1:-}
if [ -z "$msi_dir" ]; then
  msi_dir=$root/build-msi
  packaging/windows/build_msi.sh "$msi_dir" || { echo "test_msi: FAIL: build_msi.sh" >&2; exit 1; }
fi
version=$(msiinfo export "$msi_dir/soss_setup64.msi" Property | awk -F'\t' '$1 == "ProductVersion" { print $2 }' | tr -d '\r')
IFS=. read -r major minor patch <<<"$version"
next_version=$major.$minor.$((patch + 1))
# The same build stamped one patch version higher, for the major upgrade.
SOSS_MSI_VERSION=$next_version SOSS_MSI_ARCHES=x64 packaging/windows/build_msi.sh "$work/next" >/dev/null 2>&1
check $? "build the $next_version MSI for the upgrade case"
note "MSIs ready in $(( $(date +%s) - start_time ))s (version $version, upgrade to $next_version)"

# ---- 2. tables ------------------------------------------------------------------------------
for m in soss_setup64.msi soss_setup32.msi; do
  [ -f "$msi_dir/$m" ]; check $? "$m was built"
done
[ -f "$msi_dir/soss_setup64.msi" ] || { echo "$passed passed, $((failed + 1)) failed"; exit 1; }
check_tables "$msi_dir/soss_setup64.msi" x64
has32=0
if [ -f "$msi_dir/soss_setup32.msi" ]; then
  has32=1
  check_tables "$msi_dir/soss_setup32.msi" x86
fi
msiextract -C "$work/extract" "$msi_dir/soss_setup64.msi" >/dev/null
cmp -s "$work/extract/soss/soss_params.txt" packaging/soss_params.txt
check $? "the MSI's soss_params.txt is packaging/soss_params.txt (the registry's defaults)"
# The .NET libraries in both MSIs: the packages dotnet pack made, and the DLLs inside them.
dotnet_version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' dotnet/Directory.Build.props)
for m in soss_setup64.msi soss_setup32.msi; do
  [ -f "$msi_dir/$m" ] || continue
  x=$work/extract-dotnet-$m
  msiextract -C "$x" "$msi_dir/$m" >/dev/null
  d=$(find "$x" -type d -name dotnet | head -1)
  ok=0
  for p in Soss.Client Soss.AspNetCore; do
    [ -n "$d" ] && unzip -l "$d/$p.$dotnet_version.nupkg" 2>/dev/null | grep -q " lib/net10.0/$p.dll$" \
      && unzip -p "$d/$p.$dotnet_version.nupkg" "lib/net10.0/$p.dll" | cmp -s - "$d/net10.0/$p.dll" \
      && [ -s "$d/net10.0/$p.xml" ] || ok=1
  done
  check $ok "$m: dotnet\\ holds Soss.Client and Soss.AspNetCore $dotnet_version (.nupkg, and its net10.0 DLL + xml)"
done
# Without the .NET build the MSI still builds, only without the feature.
SOSS_MSI_DOTNET=0 SOSS_MSI_ARCHES=x64 packaging/windows/build_msi.sh "$work/nodotnet" >/dev/null 2>&1 \
  && [ -z "$(msi_cell "$work/nodotnet/soss_setup64.msi" Feature DotNetLibs 1)" ] \
  && [ "$(msi_cell "$work/nodotnet/soss_setup64.msi" Feature NativeLibs 6)" = 1 ]
check $? "SOSS_MSI_DOTNET=0: the MSI builds, without the DotNetLibs feature"

# ---- 3. the Linux soss tool and free loopback ports -----------------------------------------
cli=${SOSS_LINUX_CLI:-}
for c in build-test/apps/soss/soss build-lin/apps/soss/soss build/apps/soss/soss; do
  [ -z "$cli" ] && [ -x "$c" ] && cli=$root/$c
done
if [ -z "$cli" ]; then
  note "building the Linux soss tool in build-lin/"
  TARGETS=soss ./scripts/build.sh build-lin Debug >/dev/null && cli=$root/build-lin/apps/soss/soss
fi
[ -x "$cli" ]; check $? "a Linux soss tool ($cli)"

port_free() { ! ss -Htuln "sport = :$1" | grep -q .; }
for _ in $(seq 20); do
  base=$((47000 + (RANDOM % 495) * 4))
  port_free "$base" && port_free $((base + 1)) && port_free $((base + 2)) \
    && port_free $((base + 3)) && break
done
mgt=$base svr=$((base + 1)) int=$((base + 2)) rest=$((base + 3))
printf 'net_interface 127.0.0.1\nmgt_port %s\nsvr_port %s\n' "$mgt" "$svr" >"$work/cli_params.txt"
soss_cli() { timeout 30 "$cli" --params "$work/cli_params.txt" --timeout 5 "$@"; }

# An operator's soss_params.txt (CRLF, as Notepad writes): loopback only, no multicast, joins a
# store of one at once. The MSI must leave it alone.
seed_params() {  # seed_params WINDOWS_FOLDER_UNDER_drive_c
  mkdir -p "$drive_c/$1"
  printf '%s\r\n' "net_interface 127.0.0.1" "use_multicast 0" "host_list 127.0.0.1" \
    "mgt_port $mgt" "svr_port $svr" "int_port $int" "auto_join 1" "startup_delay 0" \
    >"$drive_c/$1/soss_params.txt"
  md5sum <"$drive_c/$1/soss_params.txt" >"$work/seed.md5"
}
seed_kept() { md5sum <"$drive_c/$1/soss_params.txt" | cmp -s - "$work/seed.md5"; }

wait_active() {  # the service answers and the store is active
  for _ in $(seq 100); do
    soss_cli query >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  return 1
}
port_closed() { port_free "$svr" && port_free "$mgt"; }

# ---- 4. wine ---------------------------------------------------------------------------------
t=$(date +%s)
make_template_prefix
note "wine prefix booted in $(( $(date +%s) - t ))s; service ports $mgt/$svr/$int, REST $rest"
source tests/windows/wine_cases.sh
for c in ${SOSS_MSI_CASES:-full level500 addlocal appdir x86}; do
  [ "$c" = x86 ] && [ "$has32" = 0 ] && continue
  "case_$c"
done

note "done in $(( $(date +%s) - start_time ))s"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
