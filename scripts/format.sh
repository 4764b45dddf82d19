#!/usr/bin/env bash
# Copyright (c) 2026 the soss authors
# SPDX-License-Identifier: Apache-2.0
# Formats every C++ source of the repository with clang-format (.clang-format at the top).
#   scripts/format.sh          format in place
#   scripts/format.sh --list   print the files it formats (used by tests/style/format_check.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
list() {
  if git rev-parse --is-inside-work-tree > /dev/null 2>&1; then
    git ls-files -- '*.cpp' '*.hpp' '*.h' '*.cc'
  else
    find libsoss_core libsoss_net libsoss_client apps tests \
      -name '*.cpp' -o -name '*.hpp' -o -name '*.h' -o -name '*.cc' | sort
  fi
}
if [ "${1:-}" = "--list" ]; then
  list
  exit 0
fi
list | xargs -r clang-format -i
echo "format: $(list | wc -l) files formatted"
