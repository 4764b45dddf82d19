#!/usr/bin/env bash
# Copyright (c) 2026 the soss authors
# SPDX-License-Identifier: Apache-2.0
# Builds the libFuzzer targets of tests/fuzz with clang in build-fuzz/ and runs each for
# SECONDS_PER_TARGET (default 20) on a copy of its seed corpus (tests/fuzz/corpus/<parser>/ is
# never written). Fails when a target crashes, leaks, hits UB or breaks one of its invariants;
# the input is left in build-fuzz/fuzz-runs/<target>/ (docs/fuzzing.md: minimise and keep it).
#   scripts/fuzz.sh [SECONDS_PER_TARGET]     FUZZ_TARGETS="fuzz_resp fuzz_frame" limits the run.
# Installs nothing: without clang or libFuzzer it says what is missing and exits 77 (skipped).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
dir=build-fuzz

missing=()
command -v clang >/dev/null || missing+=(clang)
command -v clang++ >/dev/null || missing+=(clang)
if [ ${#missing[@]} -eq 0 ]; then
  # libFuzzer ships in Debian's compiler-rt package, apart from clang itself.
  runtime_dir=$(clang++ -print-runtime-dir 2>/dev/null || true)
  if ! ls "$runtime_dir"/libclang_rt.fuzzer*.a >/dev/null 2>&1; then
    missing+=("libclang-rt-$(clang++ -dumpversion | cut -d. -f1)-dev")
  fi
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "fuzz: skipped: missing ${missing[*]} (scripts/install-deps.sh installs them)"
  exit 77
fi

echo "== fuzz: building the targets with clang (${dir}/)"
build_start=$(date +%s)
CC=clang CXX=clang++ TARGETS=fuzzers ./scripts/build.sh "$dir" RelWithDebInfo -DSOSS_FUZZ=ON \
  -DSOSS_BUILD_TESTS=OFF
echo "-- built in $(( $(date +%s) - build_start ))s"

targets=(${FUZZ_TARGETS:-$(cd "$dir/tests/fuzz" && ls fuzz_* | grep -v '\.' | sort)})
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:symbolize=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
passed=0
failed=()
for t in "${targets[@]}"; do
  parser=${t#fuzz_}
  run="$dir/fuzz-runs/$t"
  rm -rf "$run"
  mkdir -p "$run/corpus"
  cp tests/fuzz/corpus/"$parser"/* "$run/corpus/" 2>/dev/null || true
  dict=()
  [ -f "tests/fuzz/$parser.dict" ] && dict=(-dict="tests/fuzz/$parser.dict")
  rc=0
  "$dir/tests/fuzz/$t" "$run/corpus" "${dict[@]}" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=2048 -max_len=4096 -print_final_stats=1 -artifact_prefix="$run/" \
    >"$run/log" 2>&1 || rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$run/log")
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$run/log")
  cov=$(grep -E '^#[0-9]+' "$run/log" | tail -1 | grep -oE 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+/[^ ]+' || true)
  if [ "$rc" -eq 0 ]; then
    echo "-- $t: ok: ${execs:-?} execs (${rate:-?}/s), ${cov:-no coverage line}"
    passed=$(( passed + 1 ))
  else
    echo "-- $t: FAILED (exit $rc): see $run/log; input: $(ls "$run"/crash-* "$run"/leak-* "$run"/timeout-* "$run"/oom-* 2>/dev/null | head -1)"
    grep -E 'ERROR|invariant broken|runtime error|SUMMARY' "$run/log" | head -5 || true
    failed+=("$t")
  fi
done
echo "${passed} passed, ${#failed[@]} failed"
[ ${#failed[@]} -eq 0 ]
