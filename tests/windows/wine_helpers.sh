# Copyright (c) 2026 the soss authors
# SPDX-License-Identifier: Apache-2.0
# Sourced by test_msi.sh: fresh wine prefixes and msiexec. Needs $work (the test's temp folder)
# and $msi_dir. Wine quirks this relies on (../shared/notes/windows-packaging.md §4):
#  - a persistent wineserver (-p) keeps services.exe, and so the service, alive between calls;
#  - exit codes are cut to 8 bits (1603 -> 67, 1638 -> 102): any non-zero is a failure;
#  - Debian 12's wine runs 64-bit code only here (the kernel refuses 32-bit ELF), so the 32-bit
#    MSI can install files but its programs cannot run.

export WINEARCH=win64 WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="

# A booted prefix to copy for every case: booting takes 12-20 s, a copy about 1 s.
make_template_prefix() {
  WINEPREFIX=$work/wp-template wine wineboot --init >/dev/null 2>&1
  WINEPREFIX=$work/wp-template wineserver -w
  cp "$msi_dir"/soss_setup*.msi "$work/wp-template/drive_c/"
}

# Starts case NAME in a fresh copy of the template; sets WINEPREFIX and drive_c.
begin_case() {
  case_name=$1
  export WINEPREFIX=$work/wp-$case_name
  cp -a "$work/wp-template" "$WINEPREFIX"
  drive_c=$WINEPREFIX/drive_c
  wineserver -p 300
  note "case $case_name"
}

# Stops every process of the current prefix and deletes it.
end_case() {
  wineserver -k 2>/dev/null || true
  wineserver -w 2>/dev/null || true
  rm -rf "$WINEPREFIX"
}

# msiexec with a log in C:\msiexec.log; returns msiexec's exit code (mod 256).
# On failure its log's last lines before the failing action are kept in $work/msiexec-N.log and
# named, so that an unexpected failure can be read after the prefix is gone. A failure that left
# no log at all means msiexec never ran (seen once in a fresh-clone run, on the x86 case: wine
# itself failed to start in a new prefix); that case only is tried once more, and wine's own
# messages are kept in $work/wine-N.err.
msiexec_quiet() {
  local rc attempt
  for attempt in 1 2; do
    rc=0
    rm -f "$WINEPREFIX/drive_c/msiexec.log"
    timeout 180 wine msiexec "$@" /quiet /l*v 'C:\msiexec.log' </dev/null >/dev/null \
      2>"$work/wine.err" || rc=$?
    [ "$rc" -eq 0 ] && return 0
    msiexec_failures=$(( ${msiexec_failures:-0} + 1 ))
    if [ -f "$WINEPREFIX/drive_c/msiexec.log" ]; then
      tr -d '\r' <"$WINEPREFIX/drive_c/msiexec.log" >"$work/msiexec-$msiexec_failures.log"
      note "msiexec $* exited $rc (log: msiexec-$msiexec_failures.log in $work; KEEP=1 keeps it)"
      return "$rc"
    fi
    cp "$work/wine.err" "$work/wine-$msiexec_failures.err"
    note "msiexec $* exited $rc before writing a log (wine's messages: wine-$msiexec_failures.err" \
      "in $work): $(tail -n 2 "$work/wine.err" | tr '\n' ' ')"
    [ "$attempt" = 1 ] && note "trying once more"
  done
  return "$rc"
}

# msiexec_upgrade MSI: installs the newer MSI over the installed one. Wine's msi sometimes ends a
# major upgrade at once: its nested uninstall of the old product returns without running a
# single action (RemoveExistingProducts "Return value 0", about 1 upgrade in 7 here, never with
# msi tracing on, so timing-bound) and nothing is changed. Only that case is tried once more,
# and said; any other failure (a file, a service, a rollback) fails at once.
msiexec_upgrade() {
  msiexec_quiet /i "$1" && return 0
  local rc=$?
  if tr -d '\r' <"$WINEPREFIX/drive_c/msiexec.log" \
       | grep -q "Action ended .*: RemoveExistingProducts. Return value 0"; then
    note "wine ended the upgrade before its nested uninstall ran an action; trying once more"
    msiexec_quiet /i "$1"
    return
  fi
  return "$rc"
}

# Windows command output without carriage returns.
wine_out() { timeout 60 wine "$@" </dev/null 2>/dev/null | tr -d '\r'; }

service_state() { wine_out sc query soss | awk '/STATE/ { print $4 }'; }

reg_value() {  # reg_value KEY NAME -> the data column of the value, empty when absent
  wine_out reg query "$1" /v "$2" | awk -v n="$2" '$1 == n { $1 = ""; $2 = ""; sub(/^ +/, ""); print }'
}

service_key='HKLM\System\CurrentControlSet\Services\soss'
rest_state() { wine_out sc query soss_rest | awk '/STATE/ { print $4 }'; }
rest_key='HKLM\System\CurrentControlSet\Services\soss_rest'
