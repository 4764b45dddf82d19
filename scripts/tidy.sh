#!/usr/bin/env bash
# Copyright (c) 2026 the soss authors
# SPDX-License-Identifier: Apache-2.0
# Runs clang-tidy (.clang-tidy) over the given sources, or over every library and app source,
# with the compile commands of a configured build (default build-test/; BUILD_DIR=... to change).
# Exit 1 when any warning is reported. Slow (about 5 s a file): not part of scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build-test}
if [ ! -f "$build/compile_commands.json" ]; then
  echo "tidy: no $build/compile_commands.json; configure first: ./scripts/build.sh $build Debug -DSOSS_BUILD_TESTS=ON" >&2
  exit 2
fi
if [ $# -gt 0 ]; then
  files=("$@")
else
  mapfile -t files < <(git ls-files -- 'libsoss_*/src/*.cpp' 'apps/*.cpp' | grep -v -e _bcrypt -e windows_)
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
n=0
for f in "${files[@]}"; do
  n=$((n + 1))
  echo "tidy: [$n/${#files[@]}] $f" >&2
  clang-tidy -p "$build" --quiet "$f" 2>/dev/null | tee -a "$log" | grep -E "warning:|error:" || true
done
count=$(grep -c -E "warning:|error:" "$log" || true)
echo "tidy: ${#files[@]} files, $count warnings"
[ "$count" -eq 0 ]
