#!/usr/bin/env python3
"""ctrl_a_x.py RVEMU ELF: run rvemu on a terminal (a pty), type Ctrl-A X
while the guest is busy, and expect rvemu to end at once with status 0,
saying so, and with the terminal's modes restored."""
import os
import pty
import select
import sys
import termios
import time

rvemu, elf = sys.argv[1], sys.argv[2]
pid, fd = pty.fork()
if pid == 0:
    os.execv(rvemu, [rvemu, "--timeout", "50", elf])
before = termios.tcgetattr(fd)
time.sleep(1.0)                     # let it start and go raw
os.write(fd, b"\x01x")
out = b""
deadline = time.monotonic() + 30
status = None
while time.monotonic() < deadline:
    r, _, _ = select.select([fd], [], [], 0.2)
    if r:
        try:
            out += os.read(fd, 4096)
        except OSError:
            pass
    done, st = os.waitpid(pid, os.WNOHANG)
    if done:
        status = st
        break
if status is None:
    os.kill(pid, 9)
    sys.exit("FAIL: rvemu did not end within 30 s of Ctrl-A X")
code = os.waitstatus_to_exitcode(status)
text = out.decode(errors="replace")
if code != 0 or "terminated by Ctrl-A X" not in text:
    sys.exit(f"FAIL: exit {code}, output {text!r}")
print("ok: Ctrl-A X ended a trap storm, exit 0")
