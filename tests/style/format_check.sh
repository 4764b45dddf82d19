#!/usr/bin/env bash
# Copyright (c) 2026 the soss authors
# SPDX-License-Identifier: Apache-2.0
# Fails when a C++ source of the repository differs from what clang-format (.clang-format) makes
# of it, naming each file. Fix with: scripts/format.sh
# Usage: format_check.sh SOURCE_DIR
set -euo pipefail
src=${1:?usage: format_check.sh SOURCE_DIR}
cd "$src"
if ! command -v clang-format > /dev/null; then
  echo "format_check: clang-format is not installed (scripts/install-deps.sh installs it)" >&2
  exit 1
fi
mapfile -t files < <(scripts/format.sh --list)
bad=0
for f in "${files[@]}"; do
  if ! clang-format --dry-run --Werror "$f" > /dev/null 2>&1; then
    echo "not formatted: $f"
    bad=$((bad + 1))
  fi
done
echo "format_check: ${#files[@]} files, $bad not formatted ($(clang-format --version | head -1))"
[ "$bad" -eq 0 ]
