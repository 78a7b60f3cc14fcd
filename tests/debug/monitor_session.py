"""monitor_session.py - drive rvemu's built-in monitor from a test.

A Session runs rvemu with its stdin on a pipe (the monitor reads its
commands there while a console script feeds the guest) or on a pseudo
terminal (raw console, Ctrl-A C), collects everything it prints, waits
for text with a deadline, and types lines. Every wait is bounded: the
whole session has one deadline, so a hung run fails instead of hanging.
"""
import os
import pty
import re
import select
import signal
import subprocess
import sys
import time

PROMPT = r"\(rvemu\) "


class Fail(Exception):
    pass


class Session:
    def __init__(self, argv, use_pty=False, limit=240):
        self.deadline = time.monotonic() + limit
        self.out = ""
        self.pos = 0
        self.pty = use_pty
        if use_pty:
            master, slave = pty.openpty()
            self.proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave,
                                         start_new_session=True)
            os.close(slave)
            self.rfd = self.wfd = master
        else:
            self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         stderr=subprocess.STDOUT, start_new_session=True)
            self.rfd = self.proc.stdout.fileno()
            self.wfd = self.proc.stdin.fileno()

    def _read_some(self, wait):
        """Append what rvemu printed within wait seconds; False at its end."""
        ready, _, _ = select.select([self.rfd], [], [], wait)
        if not ready:
            return True
        try:
            data = os.read(self.rfd, 65536)
        except OSError:          # a pty reports the end of its slave as EIO
            data = b""
        if not data:
            return False
        text = data.decode("utf-8", "replace")
        # a terminal turns each "\n" into "\r\n": without the "\r"s the
        # same patterns match on a pipe and on a terminal
        self.out += text.replace("\r", "") if self.pty else text
        return True

    def fail(self, why):
        tail = self.out[-4000:]
        raise Fail(f"{why}\n--- last output ---\n{tail}")

    def expect(self, pattern, what=None):
        """Wait for pattern after the last match; returns the text from
        there to the end of the match, and moves past it."""
        rx = re.compile(pattern, re.M)
        while True:
            m = rx.search(self.out, self.pos)
            if m:
                text = self.out[self.pos:m.end()]
                self.pos = m.end()
                self.last = m
                return text
            left = self.deadline - time.monotonic()
            if left <= 0:
                self.fail(f"timed out waiting for {what or pattern!r}")
            if not self._read_some(min(left, 1.0)):
                # the process ended: one last look at what it printed
                m = rx.search(self.out, self.pos)
                if m:
                    continue
                self.fail(f"rvemu ended while waiting for {what or pattern!r}")

    def send(self, text):
        os.write(self.wfd, text.encode())

    def command(self, line, eol="\n"):
        """Type a monitor command; returns its output up to the next prompt."""
        self.send(line + eol)
        return self.expect(PROMPT, f"the prompt after {line!r}")

    def close_input(self):
        if self.proc.stdin:
            self.proc.stdin.close()

    def wait(self):
        """Collect the rest of the output and the exit status."""
        while self._read_some(max(0.0, min(self.deadline - time.monotonic(), 1.0))):
            if time.monotonic() > self.deadline:
                self.kill()
                self.fail("timed out waiting for rvemu to exit")
        try:
            return self.proc.wait(timeout=max(1.0, self.deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            self.kill()
            self.fail("timed out waiting for rvemu to exit")

    def kill(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()


def check(cond, why, session):
    if not cond:
        session.fail(why)


def main(test):
    """Run test(rvemu, image, start), where start(argv, use_pty=False)
    opens a Session; print PASS, or FAIL and the output's tail. Every
    session opened is killed at the end, whatever happened."""
    if len(sys.argv) != 3:
        print(f"usage: {sys.argv[0]} RVEMU IMAGE")
        sys.exit(2)
    rvemu, image = sys.argv[1], sys.argv[2]
    if not os.path.exists(image):
        print(f"SKIP: no guest image {image}")
        sys.exit(77)
    sessions = []

    def start(argv, use_pty=False):
        sessions.append(Session(argv, use_pty))
        return sessions[-1]

    try:
        test(rvemu, image, start)
    except Fail as e:
        print(f"FAIL: {e}")
        sys.exit(1)
    finally:
        for s in sessions:
            s.kill()
    print("PASS")
