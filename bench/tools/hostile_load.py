#!/usr/bin/env python3
# Copyright (c) 2026 the soss authors
# SPDX-License-Identifier: Apache-2.0
"""Hostile clients for bench/hostile_bench.sh: opens N connections to 127.0.0.1 that each claim
a 32 MB request (a native frame header or a RESP bulk length) and send only PREFIX bytes of it,
then hold them open for HOLD seconds while the caller samples the server's RSS.
  hostile_load.py KIND PORT N PREFIX HOLD   (KIND: native | resp)"""
import socket
import struct
import sys
import time


def native_prefix(claimed, prefix):
    # docs/protocol.md: magic "SOSS", version 1, flags 0, opcode 4 (add), request id, body length.
    body_len = claimed + 64
    head = b"SOSS" + bytes([1, 0]) + struct.pack("<H", 4) + struct.pack("<Q", 1) + struct.pack("<I", body_len)
    return head + b"x" * max(0, prefix - len(head))


def resp_prefix(claimed, prefix):
    head = b"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$%d\r\n" % claimed
    return head + b"x" * max(0, prefix - len(head))


def main():
    kind, port, n, prefix, hold = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
    data = native_prefix(32 << 20, prefix) if kind == "native" else resp_prefix(32 << 20, prefix)
    socks, closed = [], 0
    for _ in range(n):
        s = socket.socket()
        s.settimeout(2)
        try:
            s.connect(("127.0.0.1", port))
            s.sendall(data)
            socks.append(s)
        except OSError:
            closed += 1
            s.close()
    print(f"{kind}: {len(socks)} connections sent {prefix} bytes each; {closed} refused", flush=True)
    time.sleep(hold)
    for s in socks:
        s.close()


if __name__ == "__main__":
    main()
