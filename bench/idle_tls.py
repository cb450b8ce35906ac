#!/usr/bin/env python3
"""Baseline for bench/commands.sh: open N idle TLS connections to a server (nginx) and report how
much the server processes' RSS grew per connection. Each connection completes its handshake and
one keep-alive request, then stays open and silent, as an idle notification channel does."""
import argparse
import json
import socket
import ssl
import time


def rss_kib(pids):
    total = 0
    for pid in pids:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
    return total


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--connections", type=int, required=True)
    parser.add_argument("--pids", required=True, help="comma-separated server process ids")
    args = parser.parse_args()
    pids = [int(p) for p in args.pids.split(",") if p]

    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    before = rss_kib(pids)
    sockets = []
    for _ in range(args.connections):
        raw = socket.create_connection(("127.0.0.1", args.port))
        tls = context.wrap_socket(raw, server_hostname="127.0.0.1")
        tls.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        tls.recv(4096)
        sockets.append(tls)
    time.sleep(2)
    after = rss_kib(pids)
    for s in sockets:
        s.close()
    print(json.dumps({"connections": args.connections, "rssKiBBefore": before, "rssKiBAfter": after,
                      "rssKiBPerConnection": (after - before) / args.connections}))


if __name__ == "__main__":
    main()
