#!/usr/bin/python3
"""hmp.py SOCKET TIMEOUT CMD...: each CMD to QEMU's human monitor (a unix socket),
its answer on stdout; exit 3 when the monitor does not answer within TIMEOUT s.
scripts/lab.d/stall.sh asks a silent guest through it."""
import re
import socket
import sys

PROMPT = b"(qemu) "


def read_prompt(sock):
    data = b""
    while not data.endswith(PROMPT):
        chunk = sock.recv(4096)
        if not chunk:
            raise OSError("the monitor closed")
        data += chunk
    return data[: -len(PROMPT)]


def clean(raw, cmd):
    text = re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", raw.decode("utf-8", "replace")).replace("\r", "")
    lines = [l for l in text.split("\n") if l.strip()]
    if lines and lines[0].strip().endswith(cmd):
        lines = lines[1:]
    return "\n".join(lines)


def main():
    path, timeout, cmds = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(timeout)
            sock.connect(path)
            read_prompt(sock)
            for cmd in cmds:
                sock.sendall(cmd.encode() + b"\n")
                out = clean(read_prompt(sock), cmd)
                if out:
                    print(out)
    except (OSError, socket.timeout) as err:
        print(f"the monitor did not answer: {err}", file=sys.stderr)
        return 3
    return 0


sys.exit(main())
