#!/usr/bin/env bash
# Copyright (c) 2026 the soss authors
# SPDX-License-Identifier: Apache-2.0
# Runs the shell examples of the docs as a reader would paste them: every ```sh block preceded
# by a `<!-- runnable -->` line in docs/*.md and README.md, against a fresh 1-host store on
# 127.0.0.1 with soss_rest in front of it. The documented default ports (4001 for soss_rest,
# 721/720 for the store) are replaced by the free ports this test took; `soss` finds the store
# through $SOSS_PARAMS. Each block runs in its own empty folder, line by line (a line ending in
# `\` continues); a line must exit 0, and a `curl` line whose comment starts with a status code
# (`# 201 ...`) must get exactly that status.
# Usage: doc_examples_test.sh SOURCE_DIR SOSS_SERVICE SOSS_REST SOSS. Exit 77 (skipped) without
# curl or python3.
set -euo pipefail
SRC=$(realpath "$1") SVC=$(realpath "$2") REST=$(realpath "$3") CLI=$(realpath "$4")
# shellcheck source=tests/apps/test_lib.sh
. "$(dirname "$0")/test_lib.sh"

for tool in curl python3; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "SKIP: $tool is not installed (scripts/install-deps.sh installs it)"
    exit 77
  fi
done

WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do
    stop_pid "$pid"
  done
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

read -r SVR MGT INT HTTP < <(free_ports 4)

mkdir -p "$WORK/etc"
cat >"$WORK/etc/soss_params.txt" <<PARAMS
net_interface 127.0.0.1
svr_port $SVR
mgt_port $MGT
int_port $INT
use_multicast 0
auto_join 1
PARAMS
"$SVC" --params "$WORK/etc/soss_params.txt" >"$WORK/service.log" 2>&1 &
PIDS+=($!)
"$REST" --listen "127.0.0.1:$HTTP" --store "bootstrapGateways=127.0.0.1:$SVR" \
  >"$WORK/rest.log" 2>&1 &
PIDS+=($!)
export SOSS_PARAMS="$WORK/etc/soss_params.txt"
up=0
for _ in $(seq 100); do
  if "$CLI" --timeout 1 query >/dev/null 2>&1 &&
     curl -s -o /dev/null "http://127.0.0.1:$HTTP/data/"; then
    up=1
    break
  fi
  sleep 0.1
done
if [ "$up" != 1 ]; then
  echo "FAIL: the store or soss_rest did not come up"
  cat "$WORK/service.log" "$WORK/rest.log"
  exit 1
fi

# The runnable blocks as "FILE:LINE<TAB>logical line" records, continuation lines joined.
python3 - "$SRC" >"$WORK/blocks.txt" <<'PY'
import pathlib, sys
src = pathlib.Path(sys.argv[1])
files = sorted((src / "docs").glob("*.md")) + [src / "README.md"]
for f in files:
    lines = f.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        if lines[i].strip() == "<!-- runnable -->" and i + 1 < len(lines) and lines[i + 1].startswith("```sh"):
            block = f"{f.relative_to(src)}:{i + 2}"
            print(f"BLOCK\t{block}")
            i += 2
            pending, start = "", 0
            while i < len(lines) and not lines[i].startswith("```"):
                text = lines[i]
                if not pending:
                    start = i + 1
                if text.rstrip().endswith("\\"):
                    pending += text.rstrip()[:-1] + " "
                else:
                    print(f"{f.relative_to(src)}:{start}\t{pending + text}")
                    pending = ""
                i += 1
        i += 1
PY

blocks=$(grep -c '^BLOCK' "$WORK/blocks.txt" || true)
if [ "$blocks" = 0 ]; then
  echo "FAIL: no <!-- runnable --> block found under $SRC/docs"
  exit 1
fi

# One generated script per block: the documented ports become this test's, each line runs in
# turn, curl lines with an expected status are checked through a curl wrapper.
FAILS=0
block_no=0
gen=""
finish_block() {
  [ -n "$gen" ] || return 0
  local dir="$WORK/block$block_no"
  mkdir -p "$dir"
  printf '%s\n%s\n' "$gen" 'exit $((fails > 0))' >"$dir/run.sh"
  if ! (cd "$dir" && PATH="$(dirname "$CLI"):$PATH" bash "$dir/run.sh"); then
    FAILS=$((FAILS + 1))
  fi
  gen=""
}
while IFS=$'\t' read -r where line; do
  if [ "$where" = BLOCK ]; then
    finish_block
    block_no=$((block_no + 1))
    echo "== block $line"
    gen=$(cat <<'HEAD'
set -u -o pipefail
fails=0
curl() {
  if [ -n "${EXPECT:-}" ]; then
    GOT=$(command curl -s -o body.out -w '%{http_code}' "$@") || true
  else
    command curl -s "$@"
  fi
}
check() {  # WHERE EXPECTED: the status of the line just run
  if [ "$GOT" = "$2" ]; then echo "ok   $1: $2"; else echo "FAIL $1: got $GOT, want $2"; cat body.out; fails=$((fails + 1)); fi
}
HEAD
)
    continue
  fi
  line=${line//127.0.0.1:4001/127.0.0.1:$HTTP}
  line=${line//127.0.0.1:721/127.0.0.1:$SVR}
  line=${line//127.0.0.1:720/127.0.0.1:$MGT}
  code=$(printf '%s' "$line" | sed -nE 's/^curl .*# ([1-5][0-9][0-9])([ ,;].*)?$/\1/p')
  quoted=$(printf '%q' "$where")
  if [ -n "$code" ]; then
    gen+=$'\n'"EXPECT=1; GOT=; ${line% \# [1-5][0-9][0-9]*}"$'\n'"EXPECT=; check $quoted $code"
  else
    # The line as written (its comment included), then its exit status.
    gen+=$'\n'"${line}"$'\n'"rc=\$?; [ \$rc = 0 ] || { echo \"FAIL $quoted: exit \$rc\"; fails=\$((fails + 1)); }"
  fi
done <"$WORK/blocks.txt"
finish_block

if [ "$FAILS" -gt 0 ]; then
  echo "FAIL: $FAILS of $blocks runnable doc block(s) had failing lines"
  exit 1
fi
echo "PASS: $blocks runnable doc block(s)"
