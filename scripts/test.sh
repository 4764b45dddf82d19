#!/usr/bin/env bash
# Copyright (c) 2026 the soss authors
# SPDX-License-Identifier: Apache-2.0
# Installs what is missing, builds soss with its tests, and runs the whole suite:
#   1. every test (unit, net, client, app and integration) in a Debug build, and clang-tidy
#      over libsoss_core with that build's compile commands;
#   2. the fast tests again under AddressSanitizer + UndefinedBehaviorSanitizer;
#   3. the .NET solution (dotnet/) against the Debug programs, when dotnet is installed;
#   4. 1000 seeded random cluster schedules (simulated hosts, network and clock) in Release;
#   5. every libFuzzer target of tests/fuzz for 15 s (clang, build-fuzz/; docs/fuzzing.md).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
start=$(date +%s)
./scripts/check-layers.sh

echo "== test: Debug build (build-test/)"
./scripts/build.sh build-test Debug -DSOSS_WARNINGS_AS_ERRORS=ON
mkdir -p build-test
(cd build-test && ctest --output-on-failure --timeout 300 -j2 | tee ctest.log)
passed=$(sed -n 's/.*tests passed, 0 tests failed out of \([0-9]*\).*/\1/p' build-test/ctest.log)

echo "== test: clang-tidy over libsoss_core (.clang-tidy; scripts/tidy.sh)"
tidy_start=$(date +%s)
./scripts/tidy.sh $(git ls-files 'libsoss_core/src/*.cpp') 2>/dev/null | tee build-test/tidy.log
passed=$(( passed + 1 ))
echo "-- tidy: done in $(( $(date +%s) - tidy_start ))s"

echo "== test: .NET (dotnet/Soss.sln against the build-test/ programs)"
if command -v dotnet >/dev/null; then
  dotnet_start=$(date +%s)
  SOSS_SERVICE=$PWD/build-test/apps/soss_service/soss_service SOSS_CLI=$PWD/build-test/apps/soss/soss \
    dotnet test dotnet/Soss.sln -c Debug 2>&1 | tee build-test/dotnet-test.log
  n=$(sed -n 's/.*Passed! *- *Failed: *0, Passed: *\([0-9]*\),.*/\1/p' build-test/dotnet-test.log | awk '{s+=$1} END {print s+0}')
  passed=$(( passed + ${n:-0} ))
  ./scripts/dotnet-pack.sh | tee build-test/dotnet-pack.log
  passed=$(( passed + $(sed -n 's/^\([0-9]*\) passed, 0 failed$/\1/p' build-test/dotnet-pack.log) + 0 ))
  echo "-- .NET: ${n:-0} tests and the packages passed in $(( $(date +%s) - dotnet_start ))s"
else
  echo "-- .NET: skipped: dotnet is not on PATH (install the .NET 10 SDK to run dotnet/Soss.sln)"
fi

echo "== test: ASan+UBSan build of the fast tests (build-asan/)"
fast=(soss_core_tests soss_net_tests soss_client_tests)
TARGETS="${fast[*]}" ./scripts/build.sh build-asan Debug -DSOSS_SANITIZE=ON
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
for t in "${fast[@]}"; do
  exe=$(find build-asan/tests -name "$t" -type f -perm -u+x | head -1)
  echo "-- $t (ASan+UBSan)"
  "$exe" "~[slow]" --order lex | tee build-asan/last.log
  n=$(sed -n 's/^All tests passed (.* in \([0-9]*\) test cases)/\1/p' build-asan/last.log)
  passed=$(( passed + n ))
done

echo "== test: 1000 seeded cluster schedules (Release build of soss_core_tests in build-sim/)"
TARGETS="soss_core_tests" ./scripts/build.sh build-sim Release -DSOSS_BUILD_TESTS=ON
SOSS_CLUSTER_SEEDS=1000 build-sim/tests/core/soss_core_tests "cluster: random schedules*" \
  | tee build-sim/cluster-seeds.log
grep -q "^All tests passed" build-sim/cluster-seeds.log
passed=$(( passed + 1 ))

echo "== test: libFuzzer targets, 15 s each (clang build in build-fuzz/)"
fuzz_start=$(date +%s)
fuzz_rc=0
./scripts/fuzz.sh 15 2>&1 | tee build-test/fuzz.log || fuzz_rc=$?
[ "$fuzz_rc" -eq 0 ] || [ "$fuzz_rc" -eq 77 ] || exit 1
passed=$(( passed + $(sed -n 's/^\([0-9]*\) passed, 0 failed$/\1/p' build-test/fuzz.log | tail -1) + 0 ))
echo "-- fuzz: done in $(( $(date +%s) - fuzz_start ))s"

echo "== test: Windows MSIs (mingw-w64 cross builds, wixl, msitools, wine; build-win64/, build-win32/)"
win_rc=0
./tests/windows/test_msi.sh 2>&1 | tee build-test/test_msi.log || win_rc=$?
[ "$win_rc" -eq 0 ] || [ "$win_rc" -eq 77 ] || exit 1
passed=$(( passed + $(sed -n 's/^\([0-9]*\) passed, 0 failed$/\1/p' build-test/test_msi.log | tail -1) + 0 ))

echo "== test: all passed in $(( $(date +%s) - start ))s (ctest in Debug, then the fast tests under ASan+UBSan)"
echo "$passed passed, 0 failed"
