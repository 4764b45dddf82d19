#!/usr/bin/env bash
# Copyright (c) 2026 the soss authors
# SPDX-License-Identifier: Apache-2.0
# Cross-builds soss for Windows (x86_64 and i686, mingw-w64 posix) and packs soss_setup64.msi and
# soss_setup32.msi with wixl. docs/install-windows.md describes the MSIs.
#   packaging/windows/build_msi.sh [OUT_DIR]      # default OUT_DIR: build-msi
# Build trees: build-win64/ and build-win32/ (incremental; ccache when installed), unity builds
# of just the shipped targets (no tests, no bench). Debian has no mingw-w64 builds of http-parser
# (soss_rest.exe needs it) and fmt (compiled once rather than header-only, for build time): their
# Debian source packages are fetched once with `apt-get source` into build-windeps/ (below).
# SOSS_MSI_VERSION=X.Y.Z stamps another version than the CMake project's (tests build a
# "newer" MSI this way). SOSS_MSI_ARCHES="x64" builds one of the two. JOBS (default 2).
# The ".NET libraries" feature (Soss.Client and Soss.AspNetCore: .nupkg files and net10.0 DLLs
# under dotnet\) comes from `dotnet pack`; without dotnet on PATH, with SOSS_MSI_DOTNET=0 or
# when the pack fails, the MSIs are built without that feature (a warning says so).
# Needs: g++-mingw-w64-x86-64-posix g++-mingw-w64-i686-posix wixl msitools dpkg-dev and the
# machine's Debian mirror (scripts/install-deps.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
out=$(realpath -m "${1:-build-msi}")
jobs=${JOBS:-2}
arches=${SOSS_MSI_ARCHES:-x64 x86}

for tool in x86_64-w64-mingw32-g++-posix i686-w64-mingw32-g++-posix wixl msibuild dpkg-source; do
  if ! command -v "$tool" >/dev/null; then
    echo "build_msi: $tool is missing (run scripts/install-deps.sh)" >&2
    exit 69
  fi
done

# The folder of header-only libraries a cross build uses (cmake/SossHeaderOnlyDeps.cmake): links
# to just these, so glibc's headers in /usr/include stay out of the mingw build. (fmt comes from
# its source, below.)
thirdparty_dir() {
  local dir=$1/xinclude
  mkdir -p "$dir"
  for d in asio asio.hpp cereal CLI nlohmann; do
    ln -sfn "/usr/include/$d" "$dir/$d"
  done
  rm -f "$dir/fmt"  # a link of trees configured before fmt was compiled from its source
  echo "$dir"
}

# debian_source SOURCE_PACKAGE BINARY_PACKAGE FILE: prints the folder of SOURCE_PACKAGE's source,
# unpacked with Debian's patches applied, which holds FILE. The source comes from the machine's
# own Debian mirror with `apt-get source`, through a private apt configuration in build-windeps/
# (a deb-src line there; the system's apt setup is not touched), pinned to the version of the
# installed BINARY_PACKAGE (so the Windows build compiles the code the Linux build links), and
# is fetched once: later runs reuse build-windeps/SOURCE_PACKAGE/.
debian_source() {
  local pkg=$1 binary=$2 file=$3 deps=$root/build-windeps
  local src=$deps/$pkg
  if [ -f "$src/$file" ]; then
    echo "$src"
    return
  fi
  local codename uri version apt_opts
  codename=$(. /etc/os-release && echo "$VERSION_CODENAME")
  uri=$(apt-get indextargets --format '$(REPO_URI) $(RELEASE)' 'Identifier: Packages' \
        | awk -v c="$codename" '$2 == c { print $1; exit }')
  if [ -z "$uri" ]; then
    echo "build_msi: no Debian mirror for $codename in the apt configuration" >&2
    return 69
  fi
  mkdir -p "$deps/apt/lists/partial" "$deps/apt/cache/archives/partial"
  echo "deb-src $uri $codename main" >"$deps/apt/sources.list"
  apt_opts=(-o Dir::Etc::SourceList="$deps/apt/sources.list" -o Dir::Etc::SourceParts=/nonexistent
            -o Dir::State::Lists="$deps/apt/lists" -o Dir::Cache="$deps/apt/cache"
            -o APT::Sandbox::User=root -qq)
  version=$(dpkg-query -W -f='${source:Version}' "$binary" 2>/dev/null || true)
  echo "build_msi: fetching the $pkg ${version:-(newest)} source from $uri" >&2
  if ! compgen -G "$deps/apt/lists/*_Sources*" >/dev/null; then
    apt-get "${apt_opts[@]}" update >&2 || return 69
  fi
  rm -rf "$deps/fetch" && mkdir -p "$deps/fetch"
  (cd "$deps/fetch" && apt-get "${apt_opts[@]}" source "$pkg${version:+=$version}" >/dev/null) \
    || return 69
  local tree
  tree=$(find "$deps/fetch" -mindepth 1 -maxdepth 1 -type d | head -1)
  [ -f "$tree/$file" ] || { echo "build_msi: the $pkg source has no $file" >&2; return 69; }
  rm -rf "$src" && mv "$tree" "$src" && rm -rf "$deps/fetch"
  echo "$src"
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
  # A unity build compiles each target's sources in batches, so the headers (Asio, fmt, cereal,
  # CLI11, windows.h) are parsed once per batch instead of once per file: the cold build time of
  # the Windows stage (docs/install-windows.md) is mostly that parsing.
  cmake -S . -B "$dir" -G Ninja -DCMAKE_TOOLCHAIN_FILE="$toolchain" -DCMAKE_BUILD_TYPE=Release \
    -DSOSS_BUILD_TESTS=OFF -DSOSS_THIRDPARTY_INCLUDE_DIR="$(thirdparty_dir "$dir")" \
    -DSOSS_HTTP_PARSER_SOURCE_DIR="$http_parser" -DSOSS_FMT_SOURCE_DIR="$fmt_source" \
    -DCMAKE_UNITY_BUILD=ON \
    -DCMAKE_UNITY_BUILD_BATCH_SIZE="${SOSS_UNITY_BATCH:-16}" \
    -DCMAKE_INSTALL_BINDIR=. --no-warn-unused-cli "${launcher[@]}" >/dev/null
  nice -n 10 cmake --build "$dir" --parallel "$jobs" --target "${shipped[@]}"
}

# What the MSIs ship; the build fails when one of them is not built.
shipped=(soss_service soss soss_client soss_console soss_rest)

# stage BUILD_DIR STAGE_DIR STRIP: the install tree the .wxs picks files from.
stage() {
  local dir=$1 st=$2 strip=$3
  rm -rf "$st"
  cmake --install "$dir" --prefix "$st" --component sdk >/dev/null
  cmake --install "$dir" --prefix "$st" --component server >/dev/null
  cp "$dir/apps/soss/soss.exe" "$dir/apps/soss_console/soss_console.exe" \
    "$dir/apps/soss_rest/soss_rest.exe" "$st/"
  for f in "$st"/*.exe "$st"/*.dll; do
    "$strip" "$f"
  done
  # The samples sit in samples/, and the default parameters beside the programs.
  mv "$st/share/soss/samples" "$st/samples"
  rm -rf "$st/share"
  cp packaging/soss_params.txt "$st/soss_params.txt"
  if [ "$have_dotnet" = 1 ]; then
    cp -r "$dotnet_libs" "$st/dotnet"
  fi
}

# The .NET libraries, packed once (AnyCPU: the same files in both MSIs) into build-msi-dotnet/:
# the two .nupkg files, and lib/net10.0's DLL and xml docs of each taken out of its package.
# Returns non-zero (with a warning) when they cannot be made; the MSIs then lack the feature.
dotnet_libs=build-msi-dotnet
dotnet_packages=(Soss.Client Soss.AspNetCore)
pack_dotnet() {
  if [ "${SOSS_MSI_DOTNET:-1}" = 0 ]; then
    echo "build_msi: SOSS_MSI_DOTNET=0: the MSIs have no .NET libraries feature" >&2
    return 1
  fi
  if ! command -v dotnet >/dev/null || ! command -v unzip >/dev/null; then
    echo "build_msi: warning: no dotnet (or unzip): the MSIs have no .NET libraries feature" >&2
    return 1
  fi
  local version p pkg
  version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' dotnet/Directory.Build.props)
  rm -rf "$dotnet_libs" && mkdir -p "$dotnet_libs/net10.0"
  for p in "${dotnet_packages[@]}"; do
    pkg=$dotnet_libs/$p.$version.nupkg
    if ! dotnet pack "dotnet/src/$p/$p.csproj" -c Release -o "$dotnet_libs" --nologo -v quiet >&2 \
       || ! unzip -p "$pkg" "lib/net10.0/$p.dll" >"$dotnet_libs/net10.0/$p.dll" \
       || ! unzip -p "$pkg" "lib/net10.0/$p.xml" >"$dotnet_libs/net10.0/$p.xml"; then
      echo "build_msi: warning: dotnet pack of $p failed: the MSIs have no .NET libraries feature" >&2
      rm -rf "$dotnet_libs"
      return 1
    fi
  done
  echo "$version" >"$dotnet_libs/version"
}

# dotnet_fragment STAGE_DIR WXI: writes the <?include?> file soss.wxs takes (DotnetWxi): the
# DotNetLibs feature with the files staged in STAGE_DIR/dotnet when there are any, else an empty
# include. Generated here rather than chosen with a wixl preprocessor conditional, so that the
# MSI builds either way.
dotnet_fragment() {
  local st=$1 wxi=$2 p version
  if [ ! -d "$st/dotnet" ]; then
    printf '<?xml version="1.0" encoding="utf-8"?>\n<!-- no .NET libraries in this build -->\n<Include/>\n' >"$wxi"
    return
  fi
  version=$(cat "$st/dotnet/version")
  {
    echo '<?xml version="1.0" encoding="utf-8"?>'
    echo "<!-- Generated by packaging/windows/build_msi.sh: the .NET libraries $version. -->"
    echo '<Include>'
    echo '  <DirectoryRef Id="APPLICATIONFOLDER">'
    echo '    <Directory Id="DOTNETDIR" Name="dotnet">'
    echo '      <Component Id="cmpDotnetPackages" Guid="*" Win64="$(var.Win64)">'
    for p in "${dotnet_packages[@]}"; do
      echo "        <File Id=\"filNupkg${p//./}\" Name=\"$p.$version.nupkg\" Source=\"\$(var.Stage)/dotnet/$p.$version.nupkg\"$([ "$p" = Soss.Client ] && echo ' KeyPath="yes"')/>"
    done
    echo '      </Component>'
    echo '      <Directory Id="DOTNETLIBDIR" Name="net10.0">'
    echo '        <Component Id="cmpDotnetLibs" Guid="*" Win64="$(var.Win64)">'
    for p in "${dotnet_packages[@]}"; do
      echo "          <File Id=\"filDll${p//./}\" Name=\"$p.dll\" Source=\"\$(var.Stage)/dotnet/net10.0/$p.dll\"$([ "$p" = Soss.Client ] && echo ' KeyPath="yes"')/>"
      echo "          <File Id=\"filXml${p//./}\" Name=\"$p.xml\" Source=\"\$(var.Stage)/dotnet/net10.0/$p.xml\"/>"
    done
    echo '        </Component>'
    echo '      </Directory>'
    echo '    </Directory>'
    echo '  </DirectoryRef>'
    echo '  <Feature Id="DotNetLibs" Title=".NET libraries"'
    echo '           Description="Soss.Client and Soss.AspNetCore (net10.0): NuGet packages in dotnet, DLLs in dotnet\net10.0"'
    echo '           Level="500">'
    echo '    <ComponentRef Id="cmpDotnetPackages"/>'
    echo '    <ComponentRef Id="cmpDotnetLibs"/>'
    echo '    <ComponentRef Id="cmpInstallDir"/>'
    echo '  </Feature>'
    echo '</Include>'
  } >"$wxi"
}

# pack ARCH STAGE_DIR MSI VERSION
pack() {
  local arch=$1 st=$2 msi=$3 version=$4 attrs
  dotnet_fragment "$st" "$st.dotnet.wxi"
  wixl -a "$arch" -D Arch="$arch" -D Stage="$st" -D Version="$version" -D DotnetWxi="$st.dotnet.wxi" \
    -o "$msi" packaging/windows/soss.wxs
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
have_dotnet=0
if pack_dotnet; then
  have_dotnet=1
fi
# http-parser for soss_rest (no mingw build in Debian), fmt to compile once (not header-only).
http_parser=$(debian_source http-parser libhttp-parser-dev http_parser.c) || exit 69
fmt_source=$(debian_source fmtlib libfmt-dev src/format.cc) || exit 69
for arch in $arches; do
  case $arch in
    x64) triplet=x86_64-w64-mingw32 dir=build-win64 msi=soss_setup64.msi ;;
    x86) triplet=i686-w64-mingw32 dir=build-win32 msi=soss_setup32.msi ;;
    *) echo "build_msi: unknown arch $arch (x64, x86)" >&2; exit 64 ;;
  esac
  start=$(date +%s)
  build_arch "$triplet" "$dir"
  version=${SOSS_MSI_VERSION:-$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$dir/CMakeCache.txt")}
  stage "$dir" "$dir/stage" "$triplet-strip"
  # wixl wants a relative Source path (it fails on absolute ones).
  pack "$arch" "$dir/stage" "$out/$msi" "$version"
  echo "build_msi: $out/$msi (version $version) in $(( $(date +%s) - start ))s"
done
