#!/usr/bin/env bash
# Copyright (c) 2026 the soss authors
# SPDX-License-Identifier: Apache-2.0
# Cross-builds soss for Windows (x86_64 and i686, mingw-w64 posix) and packs soss_setup64.msi and
# soss_setup32.msi with wixl. docs/install-windows.md describes the MSIs.
#   packaging/windows/build_msi.sh [OUT_DIR]      # default OUT_DIR: build-msi
# Build trees: build-win64/ and build-win32/ (incremental; ccache when installed).
# SOSS_MSI_VERSION=X.Y.Z stamps another version than the CMake project's (tests build a
# "newer" MSI this way). SOSS_MSI_ARCHES="x64" builds one of the two. JOBS (default 2).
# Needs: g++-mingw-w64-x86-64-posix g++-mingw-w64-i686-posix wixl msitools (scripts/install-deps.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
out=$(realpath -m "${1:-build-msi}")
jobs=${JOBS:-2}
arches=${SOSS_MSI_ARCHES:-x64 x86}

for tool in x86_64-w64-mingw32-g++-posix i686-w64-mingw32-g++-posix wixl msibuild; do
  if ! command -v "$tool" >/dev/null; then
    echo "build_msi: $tool is missing (run scripts/install-deps.sh)" >&2
    exit 69
  fi
done

# The folder of header-only libraries a cross build uses (cmake/SossHeaderOnlyDeps.cmake): links
# to just these, so glibc's headers in /usr/include stay out of the mingw build.
thirdparty_dir() {
  local dir=$1/xinclude
  mkdir -p "$dir"
  for d in asio asio.hpp cereal CLI fmt nlohmann; do
    ln -sfn "/usr/include/$d" "$dir/$d"
  done
  echo "$dir"
}

# build_arch MINGW_TRIPLET BUILD_DIR: configures (first time) and builds the shipped targets.
build_arch() {
  local triplet=$1 dir=$2 toolchain
  toolchain=cmake/mingw-w64-${triplet%%-*}.cmake
  local launcher=()
  if command -v ccache >/dev/null; then
    export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=true
    launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
  fi
  # Programs and the DLL install flat into the install folder (CMAKE_INSTALL_BINDIR=.), where
  # they find soss_params.txt beside themselves.
  cmake -S . -B "$dir" -G Ninja -DCMAKE_TOOLCHAIN_FILE="$toolchain" -DCMAKE_BUILD_TYPE=Release \
    -DSOSS_BUILD_TESTS=OFF -DSOSS_THIRDPARTY_INCLUDE_DIR="$(thirdparty_dir "$dir")" \
    -DCMAKE_INSTALL_BINDIR=. --no-warn-unused-cli "${launcher[@]}" >/dev/null
  local targets=(soss_service soss soss_client)
  if has_target "$dir" soss_console; then
    targets+=(soss_console)
  fi
  nice -n 10 cmake --build "$dir" --parallel "$jobs" --target "${targets[@]}"
}

has_target() {
  cmake --build "$1" --target help 2>/dev/null | grep -q "^$2:"
}

# stage BUILD_DIR STAGE_DIR STRIP: the install tree the .wxs picks files from.
stage() {
  local dir=$1 st=$2 strip=$3
  rm -rf "$st"
  cmake --install "$dir" --prefix "$st" --component sdk >/dev/null
  cmake --install "$dir" --prefix "$st" --component server >/dev/null
  cp "$dir/apps/soss/soss.exe" "$st/"
  if has_target "$dir" soss_console; then
    cp "$(find "$dir/apps" -name soss_console.exe | head -1)" "$st/"
  fi
  for f in "$st"/*.exe "$st"/*.dll; do
    "$strip" "$f"
  done
  # The samples sit in samples/, and the default parameters beside the programs.
  mv "$st/share/soss/samples" "$st/samples"
  rm -rf "$st/share"
  cp packaging/soss_params.txt "$st/soss_params.txt"
}

# pack ARCH STAGE_DIR MSI VERSION WITH_CONSOLE
pack() {
  local arch=$1 st=$2 msi=$3 version=$4 console=$5 attrs
  wixl -a "$arch" -D Arch="$arch" -D Stage="$st" -D Version="$version" \
    -D WithConsole="$console" -o "$msi" packaging/windows/soss.wxs
  # wixl 0.101 cannot write these Component attributes: NeverOverwrite (128) so an existing
  # soss_params.txt is never replaced, Permanent (16) so uninstall leaves it; 256 = 64-bit.
  attrs=$((128 + 16))
  if [ "$arch" = x64 ]; then
    attrs=$((attrs + 256))
  fi
  msibuild "$msi" -q "UPDATE \`Component\` SET \`Attributes\` = $attrs WHERE \`Component\` = 'cmpParams'"
  # A rebuild of the same version (a new ProductCode each build) replaces the installed one
  # instead of installing beside it: the older-versions row includes its maximum
  # (MigrateFeatures 1 + VersionMaxInclusive 512), like WiX's AllowSameVersionUpgrades.
  # Attributes is part of the Upgrade table's key, so the row is replaced, not updated.
  # wixl ignores Secure="yes": list APPLICATIONFOLDER among the properties a per-machine
  # install takes from the command line (and from AppSearch) into its elevated part.
  msibuild "$msi" -q "UPDATE \`Property\` SET \`Value\` = 'APPLICATIONFOLDER;WIX_DOWNGRADE_DETECTED;WIX_UPGRADE_DETECTED' WHERE \`Property\` = 'SecureCustomProperties'"
  local code
  code=$(msiinfo export "$msi" Property | tr -d '\r' | awk -F'\t' '$1 == "UpgradeCode" { print $2 }')
  msibuild "$msi" \
    -q "DELETE FROM \`Upgrade\` WHERE \`ActionProperty\` = 'WIX_UPGRADE_DETECTED'" \
    -q "INSERT INTO \`Upgrade\` (\`UpgradeCode\`, \`VersionMax\`, \`Attributes\`, \`ActionProperty\`) VALUES ('$code', '$version', 513, 'WIX_UPGRADE_DETECTED')"
}

mkdir -p "$out"
for arch in $arches; do
  case $arch in
    x64) triplet=x86_64-w64-mingw32 dir=build-win64 msi=soss_setup64.msi ;;
    x86) triplet=i686-w64-mingw32 dir=build-win32 msi=soss_setup32.msi ;;
    *) echo "build_msi: unknown arch $arch (x64, x86)" >&2; exit 64 ;;
  esac
  start=$(date +%s)
  build_arch "$triplet" "$dir"
  version=${SOSS_MSI_VERSION:-$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$dir/CMakeCache.txt")}
  console=no
  if has_target "$dir" soss_console; then
    console=yes
  fi
  stage "$dir" "$dir/stage" "$triplet-strip"
  # wixl wants a relative Source path (it fails on absolute ones).
  pack "$arch" "$dir/stage" "$out/$msi" "$version" "$console"
  echo "build_msi: $out/$msi (version $version, console $console) in $(( $(date +%s) - start ))s"
done
