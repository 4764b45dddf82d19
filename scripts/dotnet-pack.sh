#!/usr/bin/env bash
# Copyright (c) 2026 the soss authors
# SPDX-License-Identifier: Apache-2.0
# Packs Soss.Client and Soss.AspNetCore into build-nupkg/ (Release) and checks each .nupkg holds
# its dll, the xml docs and the Apache-2.0 licence expression: scripts/dotnet-pack.sh
set -euo pipefail
cd "$(dirname "$0")/.."
out=build-nupkg
rm -rf "$out"
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' dotnet/Directory.Build.props)
for p in Soss.Client Soss.AspNetCore; do
  dotnet pack "dotnet/src/$p/$p.csproj" -c Release -o "$out" --nologo -v quiet
  pkg="$out/$p.$version.nupkg"
  [ -f "$pkg" ] || { echo "dotnet-pack: $pkg was not made"; exit 1; }
  listing=$(unzip -l "$pkg")
  for f in "lib/net10.0/$p.dll" "lib/net10.0/$p.xml" "$p.nuspec"; do
    grep -q " $f\$" <<<"$listing" || { echo "dotnet-pack: $pkg lacks $f"; exit 1; }
  done
  unzip -p "$pkg" "$p.nuspec" | grep -q '<license type="expression">Apache-2.0</license>' \
    || { echo "dotnet-pack: $pkg has no Apache-2.0 licence expression"; exit 1; }
  echo "dotnet-pack: $pkg ok"
done
echo "2 passed, 0 failed"
