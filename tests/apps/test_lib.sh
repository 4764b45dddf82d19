# Copyright (c) 2026 the soss authors
# SPDX-License-Identifier: Apache-2.0
# Sourced by the shell tests of tests/apps: what they share.

# free_ports N: N TCP ports on 127.0.0.1 that were free a moment ago, on one line.
free_ports() {
  python3 -c '
import socket, sys
ss = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in ss: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in ss])' "$1"
}

# stop_pid PID: SIGTERM, then SIGKILL when it has not exited within 5 s.
stop_pid() {
  kill -TERM "$1" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$1" 2>/dev/null || true
}
