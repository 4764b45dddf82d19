#!/usr/bin/env bash
# Copyright (c) 2026 the soss authors
# SPDX-License-Identifier: Apache-2.0
# Enforces the layering of STYLE §1: core includes no asio/cereal/net/client and no OS headers,
# net includes no client, client public headers include only std and client headers.
set -euo pipefail
cd "$(dirname "$0")/.."
fail=0
check() {  # check DESCRIPTION PATTERN PATH...
  local what=$1 pattern=$2
  shift 2
  local hits
  hits=$(grep -rnE "$pattern" "$@" 2>/dev/null || true)
  if [ -n "$hits" ]; then
    echo "layering violation: $what"
    echo "$hits"
    fail=1
  fi
}
check "libsoss_core must not include asio, cereal, soss/net or soss/client" \
  '#include *[<"](asio|cereal|soss/net|soss/client)' libsoss_core
check "libsoss_core must not include OS headers" \
  '#include *<(unistd|windows|winsock2|sys/|netinet|arpa/|pthread)' libsoss_core
check "libsoss_net must not include soss/client" '#include *[<"]soss/client' libsoss_net
check "client public headers must include only std and soss/client headers" \
  '#include *[<"](asio|cereal|fmt|soss/core|soss/net)' libsoss_client/include
if [ $fail -ne 0 ]; then
  exit 1
fi
echo "check-layers: ok"
