#!/usr/bin/env bash
# Copyright (c) 2026 the soss authors
# SPDX-License-Identifier: Apache-2.0
# Installs what is missing, builds soss, and runs one activated soss_service on loopback with
# unprivileged ports (mgt 7720, svr 7721, int 7722). Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
echo "run: building (Release) in build-release/ ..."
./scripts/build.sh build-release Release -DSOSS_BUILD_TESTS=OFF
mkdir -p run
if [ ! -f run/soss_params.txt ]; then
  # --create-params writes the defaults (the service refuses a missing file without it).
  ./build-release/apps/soss_service/soss_service --params run/soss_params.txt --create-params \
    --print-config >/dev/null
  # Loopback, unprivileged ports, activated at start.
  sed -i -e 's/^net_interface\b.*/net_interface 127.0.0.1/' -e 's/^mgt_port .*/mgt_port 7720/' \
         -e 's/^svr_port .*/svr_port 7721/' -e 's/^int_port .*/int_port 7722/' \
         -e 's/^secure_mgt_port .*/secure_mgt_port 7723/' \
         -e 's/^secure_svr_port .*/secure_svr_port 7724/' -e 's/^auto_join .*/auto_join 1/' \
         run/soss_params.txt
fi
cat <<MSG
run: starting soss_service with run/soss_params.txt (Ctrl-C to stop). In another shell:
  export SOSS_PARAMS=$PWD/run/soss_params.txt PATH=$PWD/build-release/apps/soss:\$PATH
  soss query && soss put demo greeting hello && soss get demo greeting
MSG
exec ./build-release/apps/soss_service/soss_service --params run/soss_params.txt
