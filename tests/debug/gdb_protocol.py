#!/usr/bin/env python3
"""gdb_protocol.py - the gdb stub against a raw-socket client that does
what gdb never does: bad checksums, malformed and overlong packets, huge
lengths, noise, disconnecting mid-packet and while the machine runs,
then reconnecting. rvemu must stay up, answer every packet with a well
framed reply, and keep the guest running between clients.

    gdb_protocol.py RVEMU GUEST_IMG WORKDIR

Every wait is bounded (REPLY_TIMEOUT); the caller bounds the whole run.
"""
import re
import socket
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

REPLY_TIMEOUT = 20.0
PACKET_SIZE = 0x4000


class Fail(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Fail(what)


def checksum(data):
    return sum(data) & 0xff


class Client:
    """One connection, speaking the protocol's framing by hand."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=REPLY_TIMEOUT)
        self.buf = b""
        self.acks = 0
        self.naks = 0

    def close(self):
        self.sock.close()

    def raw(self, data):
        self.sock.sendall(data)

    def frame(self, data):
        if isinstance(data, str):
            data = data.encode("latin-1")
        return b"$" + data + b"#%02x" % checksum(data)

    def send(self, data):
        self.raw(self.frame(data))

    def _more(self, deadline):
        left = deadline - time.monotonic()
        check(left > 0, "no reply within %.0f s (have %r)" % (REPLY_TIMEOUT, self.buf[:80]))
        self.sock.settimeout(left)
        try:
            chunk = self.sock.recv(65536)
        except socket.timeout:
            raise Fail("no reply within %.0f s (have %r)" % (REPLY_TIMEOUT, self.buf[:80]))
        check(chunk, "rvemu closed the connection")
        self.buf += chunk

    def reply(self):
        """The next packet's data; acks and naks before it are counted."""
        deadline = time.monotonic() + REPLY_TIMEOUT
        while True:
            while self.buf[:1] in (b"+", b"-"):
                if self.buf[:1] == b"+":
                    self.acks += 1
                else:
                    self.naks += 1
                self.buf = self.buf[1:]
            if self.buf:
                check(self.buf[:1] == b"$", "stray bytes %r" % self.buf[:40])
                end = self.buf.find(b"#")
                if end >= 0 and len(self.buf) >= end + 3:
                    data = self.buf[1:end]
                    cs = int(self.buf[end + 1:end + 3], 16)
                    check(cs == checksum(data), "bad checksum in reply %r" % data[:60])
                    self.buf = self.buf[end + 3:]
                    return data.decode("latin-1")
            self._more(deadline)

    def ask(self, data):
        self.send(data)
        return self.reply()

    def wait_byte(self, byte):
        deadline = time.monotonic() + REPLY_TIMEOUT
        while not self.buf:
            self._more(deadline)
        got, self.buf = self.buf[:1], self.buf[1:]
        check(got == byte, "expected %r, got %r" % (byte, got))


def connect(port):
    # The listener is there from the start; a client that just left may
    # take a moment to be noticed.
    deadline = time.monotonic() + REPLY_TIMEOUT
    while True:
        try:
            return Client(port)
        except OSError:
            check(time.monotonic() < deadline, "cannot reconnect")
            time.sleep(0.1)


def is_error(r):
    return re.fullmatch(r"E[0-9a-f]{2}", r) is not None


def test_handshake(c):
    check(c.ask("?") == "T05thread:1;", "initial stop is not T05 on thread 1")
    feats = c.ask("qSupported:multiprocess+;swbreak+;hwbreak+;vContSupported+").split(";")
    for f in ("PacketSize=%x" % PACKET_SIZE, "qXfer:features:read+", "swbreak+", "hwbreak+",
              "vContSupported+", "QStartNoAckMode+"):
        check(f in feats, "qSupported lacks " + f)
    check(c.ask("qfThreadInfo") == "m1,2", "threads are not one per hart")
    check(c.ask("qsThreadInfo") == "l", "thread list does not end")
    check(c.ask("qAttached") == "1", "qAttached")


def test_target_xml(c):
    xml, off = "", 0
    while True:
        r = c.ask("qXfer:features:read:target.xml:%x,%x" % (off, 0x800))
        check(r[:1] in ("m", "l"), "qXfer reply %r" % r[:20])
        chunk = re.sub(r"\}(.)", lambda m: chr(ord(m.group(1)) ^ 0x20), r[1:])
        xml += chunk
        off += len(chunk)
        if r[0] == "l":
            break
    root = ET.fromstring(xml)
    check(root.findtext("architecture") == "riscv:rv64", "architecture")
    feats = {f.get("name"): f for f in root.iter("feature")}
    for name in ("cpu", "fpu", "csr", "virtual"):
        check("org.gnu.gdb.riscv." + name in feats, "no %s feature" % name)
    regs = {r.get("name"): int(r.get("regnum")) for r in root.iter("reg")}
    nums = [int(r.get("regnum")) for r in root.iter("reg")]
    check(len(nums) == len(set(nums)), "a register number is used twice")
    for name, num in (("zero", 0), ("sp", 2), ("pc", 32), ("ft0", 33), ("fcsr", 68),
                      ("sstatus", 65 + 0x100), ("stval", 65 + 0x143), ("priv", 4161)):
        check(regs.get(name) == num, "register %s is not number %d" % (name, num))


def test_bad_checksums(c):
    c.raw(b"$qC#00")
    c.wait_byte(b"-")
    check(c.ask("qC") == "QC1", "retransmission not served")
    c.raw(b"$qC#q!")
    c.wait_byte(b"-")
    check(c.ask("qC") == "QC1", "retransmission after a non-hex checksum")
    # A nak asks for the last reply again.
    check(c.ask("qAttached") == "1", "qAttached")
    c.raw(b"-")
    check(c.reply() == "1", "nak did not resend the reply")


MALFORMED = [
    "m", "mzz,4", "m80000000", "m80000000,", "m11112222333344445,1",
    "M80000000,ffffffffffffffff:00", "M80000000,4:0", "M80000000,2:zzzz",
    "X80000000,10:ab", "X80000000,1:}", "Z0", "Z0,zz,4", "z2,80000000", "p", "pzz",
    "p99999", "P", "Pa", "Pa=", "Pa=1", "G00", "Hq1", "Hg99", "H", "T99", "T",
    "qXfer:features:read:other.xml:0,10", "qXfer:features:read:target.xml:zz",
    "qRcmd,zz", "qRcmd,1", "qThreadExtraInfo,99", "vCont;q", "vCont;s:99", "vCont",
    "C", "Szz",
]


def test_malformed(c):
    for p in MALFORMED:
        r = c.ask(p)
        check(is_error(r), "%r got %r, not an error" % (p, r))
    for p in ("qOffsets", "vMustReplyEmpty", "Z9,0,0", "", "\x7f\x01\x02", "QFoo:1", "jx"):
        check(c.ask(p) == "", "%r should get the empty reply" % p)
    # Noise between packets and binary bytes inside one.
    c.raw(b"\r\n+++garbage\x00\xff")
    check(c.ask(b"X80000000,0:") == "OK", "X probe")
    check(c.ask("qC") == "QC1", "after noise")


def test_huge(c):
    r = c.ask("m80000000,ffffffffffffffff")
    check(not is_error(r) and 0 < len(r) <= PACKET_SIZE and len(r) % 2 == 0,
          "huge read got %d characters" % len(r))
    check(c.ask("m80000000,4") == r[:8], "short read differs from the start of a long one")
    r = c.ask("A" * (PACKET_SIZE * 3))
    check(r in ("E01", ""), "overlong packet got %r" % r[:20])
    check(c.ask("qC") == "QC1", "after an overlong packet")
    r = c.ask("M80000000,%x:" % (PACKET_SIZE * 8) + "00" * 16)
    check(is_error(r), "write with a lying length got %r" % r)


def test_registers(c):
    g = c.ask("g")
    check(re.fullmatch(r"[0-9a-f]{%d}" % (33 * 16), g) is not None, "g reply %r" % g[:40])
    pc = c.ask("p20")
    check(pc == g[32 * 16:33 * 16], "p pc differs from g's pc")
    check(re.fullmatch(r"[0-9a-f]{16}", c.ask("p%x" % (65 + 0x143))) is not None, "p stval")
    check(re.fullmatch(r"[0-9a-f]{8}", c.ask("p42")) is not None, "fflags is 32 bits")


def test_ctrl_c(c):
    c.send("vCont;c")
    c.wait_byte(b"+")
    time.sleep(0.3)
    c.raw(b"\x03")
    r = c.reply()
    check(re.fullmatch(r"T02thread:[12];", r) is not None, "Ctrl-C got %r" % r)


def test_no_ack(c):
    check(c.ask("QStartNoAckMode") == "OK", "QStartNoAckMode")
    c.acks = 0
    check(c.ask("qC").startswith("QC"), "qC without acks")
    check(c.acks == 0, "acks sent after QStartNoAckMode")


def console(workdir):
    with open(workdir + "/console.log", "rb") as f:
        return f.read()


def main():
    rvemu, image, workdir = sys.argv[1:4]
    err = open(workdir + "/rvemu.err", "wb")
    out = open(workdir + "/console.log", "wb")
    proc = subprocess.Popen([rvemu, "-smp", "2", "-S", "-gdb", "tcp::0", "--timeout", "120",
                             image], stdin=subprocess.DEVNULL, stdout=out, stderr=err)
    try:
        port = None
        deadline = time.monotonic() + REPLY_TIMEOUT
        while port is None and time.monotonic() < deadline and proc.poll() is None:
            m = re.search(rb"listening on 127\.0\.0\.1:(\d+)", open(workdir + "/rvemu.err", "rb").read())
            port = int(m.group(1)) if m else None
            time.sleep(0.05)
        check(port, "rvemu did not announce its port")

        c = connect(port)
        test_handshake(c)
        test_target_xml(c)
        test_bad_checksums(c)
        test_malformed(c)
        test_huge(c)
        test_registers(c)

        # Gone in the middle of a packet while stopped: a detach, so the
        # guest boots; the next client finds the machine stopped again.
        c.raw(b"$m80000000,")
        c.close()
        deadline = time.monotonic() + 60
        while b"init: starting sh" not in console(workdir):
            check(proc.poll() is None, "rvemu exited after a disconnect")
            check(time.monotonic() < deadline, "the guest did not run on after a disconnect")
            time.sleep(0.2)
        c = connect(port)
        check(re.fullmatch(r"T05thread:[12];", c.ask("?")) is not None, "stop after reconnect")
        test_registers(c)
        test_ctrl_c(c)

        # Gone while the machine runs.
        c.send("vCont;c")
        c.wait_byte(b"+")
        c.close()
        time.sleep(0.5)
        check(proc.poll() is None, "rvemu exited after a disconnect while running")
        c = connect(port)
        check(c.ask("?").startswith("T05"), "stop after the second reconnect")
        test_no_ack(c)

        check(c.ask("vKill;1") == "OK", "vKill")
        try:
            rc = proc.wait(timeout=REPLY_TIMEOUT)
        except subprocess.TimeoutExpired:
            raise Fail("rvemu did not end after vKill")
        check(rc == 0, "rvemu exited with status %d after vKill" % rc)
        check(b"runtime error" not in open(workdir + "/rvemu.err", "rb").read(),
              "a sanitizer complained")
        print("PASS: malformed, overlong and bad-checksum packets answered; "
              "survived two disconnects; Ctrl-C; kill")
        return 0
    except Fail as e:
        print("FAIL:", e)
        sys.stdout.flush()
        err.flush()
        sys.stdout.write(open(workdir + "/rvemu.err").read()[-2000:])
        return 1
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


if __name__ == "__main__":
    sys.exit(main())
