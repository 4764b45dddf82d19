#!/usr/bin/env bash
# Copyright (c) 2026 the soss authors
# SPDX-License-Identifier: Apache-2.0
# Builds the Linux packages: a Release build without tests in build-package/, then cpack (a .deb
# and a .tar.gz, each with a .sha256) into build-package/packages/. Prints the artifact paths.
#   scripts/package.sh            # then: sudo apt install ./build-package/packages/soss_*.deb
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
dir=build-package
echo "package: building (Release) in $dir/ ..."
./scripts/build.sh "$dir" Release -DSOSS_BUILD_TESTS=OFF
rm -rf "$dir/packages"
(cd "$dir" && cpack -B "$PWD/packages" >cpack.log 2>&1) || { cat "$dir/cpack.log" >&2; exit 1; }
rm -rf "$dir/packages/_CPack_Packages"
echo "package: built"
for f in "$dir"/packages/*.deb "$dir"/packages/*.tar.gz; do
  echo "  $PWD/$f"
done
