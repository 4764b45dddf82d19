#!/usr/bin/env bash
# Copyright (c) 2026 the soss authors
# SPDX-License-Identifier: Apache-2.0
# Runs clang-tidy (.clang-tidy) over the given sources, or over every library and app source,
# with the compile commands of a configured build (default build-test/; BUILD_DIR=... to change).
# Exit 1 when any warning is reported. Slow (about 5 s a file, two files at once; JOBS=n):
# scripts/test.sh runs it over the sources of libsoss_core.
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
# Each file's findings go to a log of their own (two clang-tidy runs at once by default; JOBS=n).
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
export build logs
printf '%s\n' "${files[@]}" | xargs -P "${JOBS:-2}" -I{} bash -c '
  echo "tidy: {}" >&2
  out="$logs/$(echo "{}" | tr / _).log"
  clang-tidy -p "$build" --quiet "{}" 2>/dev/null >"$out" || true
  grep -E "warning:|error:" "$out" || true'
count=$(cat "$logs"/*.log 2>/dev/null | grep -c -E "warning:|error:" || true)
echo "tidy: ${#files[@]} files, $count warnings"
[ "$count" -eq 0 ]
