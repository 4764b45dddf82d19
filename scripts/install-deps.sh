#!/usr/bin/env bash
# Copyright (c) 2026 the soss authors
# SPDX-License-Identifier: Apache-2.0
# Installs the Debian 12 packages soss needs to build and test. Does nothing when all are present.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config
  libasio-dev libcereal-dev libfmt-dev catch2 libcli11-dev libssl-dev nlohmann-json3-dev
  libhttp-parser-dev libncurses-dev curl wrk tmux jq help2man clang-format clang-tidy
  clang libclang-rt-14-dev
  redis-server redis-tools python3-redis procps
  iproute2 nftables
  chromium fonts-dejavu-core unzip
  g++-mingw-w64-x86-64-posix g++-mingw-w64-i686-posix wixl msitools wine64 wine dpkg-dev
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
# The redis-server package may start a system instance; soss's tests and benchmarks start their
# own on free ports, so a running one is harmless.
