#!/usr/bin/env python3
"""gen.py - random RV64GC programs for differential testing against QEMU.

    gen.py [--kind user|priv] [--cut N] [--qemu-divergent] SEED OUT.S
    gen.py --batch DIR --first S --count N [--kind user|priv|all]

Each program is deterministic in its seed (and kind): the same seed always
gives the same file.  It defines DIFF_PRIV and includes harness.S, which
loads every register from init_x/init_f/init_fcsr, runs seq_start, and
prints the final state (see harness.S).  Build with

    riscv64-unknown-elf-gcc -march=rv64gc -mabi=lp64d -nostdlib -nostartfiles
        -static -I tests/diff -T tests/diff/link.ld -o x.elf OUT.S

Kinds:
  user  one straight-line M-mode sequence of RV64IMAFDC instructions with
        forward branches only, loads/stores/AMOs/LR-SC on an 8 KiB scratch
        buffer (aligned, misaligned and page-crossing), FP with every static
        rounding mode and dyn under a random frm, fflags/frm/fcsr accesses;
        no instruction may trap.
  priv  a few episodes, each entered with mret into M, S or U: trap
        episodes (ecall, ebreak, illegal instructions, misaligned LR,
        access faults, mret/sret transitions, CSR read-backs) under a
        random medeleg, and paging episodes (a random small Sv39 or Sv48
        table with 4 KiB, 2 MiB and 1 GiB leaves; loads/stores/AMOs/LR-SC/
        fetches from S, U or M with MPRV, SUM/MXR; S rewrites PTEs and
        fences them with every sfence.vma form).

--cut N keeps only the first N items (the rest of the program is the same):
tests/diff/run uses it to find the first item whose effect differs.
Cases where QEMU 7.2 knowingly breaks the spec (README.md) are left out
unless --qemu-divergent is given.
"""
import argparse
import os
import random
import struct
import sys

SCRATCH_SIZE = 8192          # two pages, so misaligned accesses may cross
LOG_SIZE = 512               # its end: the FP result log, which stores avoid
DATA_SIZE = SCRATCH_SIZE - LOG_SIZE
CREGS = list(range(8, 16))   # the registers compressed forms can name
RMS = ['rne', 'rtz', 'rdn', 'rup', 'rmm']

# ---------------------------------------------------------------- values

INT_SPECIAL = [
    0, 1, 2, 3, 0xffffffffffffffff, 0xfffffffffffffffe, 0x8000000000000000,
    0x7fffffffffffffff, 0xffffffff80000000, 0x7fffffff, 0x80000000,
    0xffffffff, 0x100000000, 0xfffffffffffff800, 0x7ff, 0x800, 63, 64, 31, 32,
    0x5555555555555555, 0xaaaaaaaaaaaaaaaa, 0x8000000000000001,
]

D_SPECIAL = [
    0x0000000000000000, 0x8000000000000000, 0x3ff0000000000000, 0xbff0000000000000,
    0x4000000000000000, 0x3fe0000000000000, 0x3ff8000000000000, 0x400921fb54442d18,
    0x7fefffffffffffff, 0xffefffffffffffff, 0x0010000000000000, 0x8010000000000000,
    0x000fffffffffffff, 0x0000000000000001, 0x8000000000000001, 0x7ff0000000000000,
    0xfff0000000000000, 0x7ff8000000000000, 0xfff8000000000000, 0x7ff0000000000001,
    0x7ff4000000000000, 0x7ffdeadbeef00000, 0x43e0000000000000, 0xc3e0000000000000,
    0x43f0000000000000, 0x41e0000000000000, 0xc1e0000000000000, 0x41efffffffe00000,
    0x41f0000000000000, 0x3fdfffffffffffff, 0x4004000000000000, 0xc004000000000000,
    0x4330000000000000, 0x4340000000000000, 0x3cb0000000000000, 0x36a0000000000000,
    0x47efffffe0000000, 0x3810000000000000, 0x380fffffe0000000, 0x36a0000000000000,
    0xc3dfffffffffffff, 0x43dfffffffffffff, 0x380ffffff0000000, 0xb80ffffff0000000,
    0x380fffffffffffff,
]

S_SPECIAL = [
    0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x40000000, 0x3f000000,
    0x3fc00000, 0x40490fdb, 0x7f7fffff, 0xff7fffff, 0x00800000, 0x80800000,
    0x007fffff, 0x00000001, 0x80000001, 0x7f800000, 0xff800000, 0x7fc00000,
    0xffc00000, 0x7f800001, 0x7fa00000, 0x7fd00bad, 0x5f000000, 0xdf000000,
    0x5f800000, 0x4f000000, 0xcf000000, 0x4f800000, 0x3effffff, 0x40200000,
    0xc0200000, 0x4b000000, 0x4b800000, 0x33800000, 0x0c800000, 0x7effffff,
    0xcf000001, 0x4effffff, 0x5effffff, 0xdeffffff,
]


def rand_int(r):
    k = r.random()
    if k < 0.1:    # around the powers of two where conversions start to round
        v = (1 << r.choice([23, 24, 25, 31, 32, 52, 53, 54, 62, 63])) + r.randrange(-3, 4)
        return (-v if r.random() < 0.4 else v) & (2**64 - 1)
    if k < 0.35:
        return r.choice(INT_SPECIAL)
    if k < 0.55:
        return r.randrange(-2048, 2048) & (2**64 - 1)
    if k < 0.75:
        v = r.getrandbits(32)
        return (v | (0xffffffff << 32)) if v & 0x80000000 else v
    return r.getrandbits(64)


D_EXPS = [0, 1, 2, 0x3fe, 0x3ff, 0x400, 0x41d, 0x41e, 0x41f, 0x432, 0x433, 0x434, 0x43c,
          0x43d, 0x43e, 0x43f, 0x7fd, 0x7fe, 0x3c9, 0x3ca, 0x1ff, 0x200]
S_EXPS = [0, 1, 2, 0x7e, 0x7f, 0x80, 0x95, 0x96, 0x97, 0x9d, 0x9e, 0x9f, 0xbd, 0xbe, 0xbf,
          0xfd, 0xfe, 0x67, 0x68, 0x3f, 0x40]


def rand_mant(r, bits):
    k = r.randrange(6)
    full = (1 << bits) - 1
    return [full, 0, 1, 1 << (bits - 1), full - 1, r.getrandbits(bits)][k]


def rand_double(r):
    k = r.random()
    if k < 0.2:
        return (r.getrandbits(1) << 63) | (r.choice(D_EXPS) << 52) | rand_mant(r, 52)
    if k < 0.45:
        return r.choice(D_SPECIAL)
    if k < 0.55:   # small values with a fraction: conversions round them
        v = r.randrange(-300, 300) + r.choice([0.5, 0.25, 0.75, 0.125, 0.0, 0.999, 0.001])
        return struct.unpack('<Q', struct.pack('<d', v))[0]
    if k < 0.7:    # near 1.0: products and quotients that round
        return (r.getrandbits(1) << 63) | (r.randrange(0x3fe, 0x401) << 52) | r.getrandbits(52)
    if k < 0.8:    # subnormal or tiny
        return (r.getrandbits(1) << 63) | (r.randrange(0, 4) << 52) | r.getrandbits(52)
    return r.getrandbits(64)


def rand_single(r):
    k = r.random()
    if k < 0.2:
        return (r.getrandbits(1) << 31) | (r.choice(S_EXPS) << 23) | rand_mant(r, 23)
    if k < 0.45:
        return r.choice(S_SPECIAL)
    if k < 0.55:
        v = r.randrange(-300, 300) + r.choice([0.5, 0.25, 0.75, 0.125, 0.0, 0.999])
        return struct.unpack('<I', struct.pack('<f', v))[0]
    if k < 0.7:
        return (r.getrandbits(1) << 31) | (r.randrange(0x7e, 0x81) << 23) | r.getrandbits(23)
    if k < 0.8:
        return (r.getrandbits(1) << 31) | (r.randrange(0, 3) << 23) | r.getrandbits(23)
    return r.getrandbits(32)


def rand_freg_bits(r):
    """A raw 64-bit FP register image: a double, a NaN-boxed single, or
    (rarely) a single that is not properly boxed."""
    k = r.random()
    if k < 0.45:
        return rand_double(r)
    if k < 0.92:
        return 0xffffffff00000000 | rand_single(r)
    return (r.getrandbits(32) << 32) | rand_single(r)


def hx(v):
    return '0x%x' % (v & (2**64 - 1))


# ---------------------------------------------------------------- items

class Item:
    """A unit the generator never splits: branches land only between items,
    and --cut keeps whole items."""

    def __init__(self, lines, target=None, comment=None):
        self.lines = lines
        self.target = target       # item index a forward branch goes to
        self.comment = comment


class UserGen:
    def __init__(self, r, qemu_divergent):
        self.r = r
        self.qd = qemu_divergent
        self.items = []
        self.log_slots = 0

    # -- helpers
    def reg(self, allow_zero=False):
        r = self.r
        if allow_zero and r.random() < 0.03:
            return 'x0'
        return 'x%d' % r.randrange(1, 32)

    def src(self):
        return 'x%d' % self.r.randrange(0, 32) if self.r.random() < 0.05 else self.reg()

    def creg(self):
        return 'x%d' % self.r.choice(CREGS)

    def freg(self):
        return 'f%d' % self.r.randrange(32)

    def cfreg(self):
        return 'f%d' % self.r.choice(CREGS)

    def rm(self):
        r = self.r
        if r.random() < 0.3:
            return 'dyn'
        return r.choice(RMS)

    def scratch_addr(self, base_reg, size, align, span=2047):
        """Lines that point base_reg into the scratch buffer and an offset
        such that base_reg + off is an access of size bytes inside it."""
        r = self.r
        if align:
            addr = r.randrange(0, DATA_SIZE - size + 1, size)
        else:
            k = r.random()
            if k < 0.3:   # across the page boundary in the middle
                addr = 4096 - r.randrange(1, size) if size > 1 else r.randrange(DATA_SIZE)
            else:
                addr = r.randrange(0, DATA_SIZE - size + 1)
        off = r.randrange(-span, span + 1)
        base = addr - off
        return ['la %s, scratch%+d' % (base_reg, base)], off

    def add(self, lines, target=None, comment=None):
        self.items.append(Item(lines, target, comment))

    def log_result(self):
        """Append to the last item: store its result and the fflags it
        raised (then clear them) in the next 16-byte slot of the log at
        the end of the scratch buffer.  fflags are sticky, so without this
        a flag one instruction gets wrong hides behind another's."""
        it = self.items[-1]
        dest = it.lines[-1].split()[1].rstrip(',')
        t, b = self.reg(), self.reg()
        while t == dest:
            t = self.reg()
        while b == t or b == dest:
            b = self.reg()
        slot = self.log_slots % (LOG_SIZE // 16)
        self.log_slots += 1
        it.lines += ['fsflags %s, x0' % t, 'la %s, scratch+%d' % (b, DATA_SIZE + 16 * slot),
                     '%s %s, 0(%s)' % ('fsd' if dest.startswith('f') else 'sd', dest, b),
                     'sd %s, 8(%s)' % (t, b)]

    # -- instruction classes
    def alu(self):
        r = self.r
        k = r.random()
        if k < 0.45:
            op = r.choice(['add', 'sub', 'sll', 'slt', 'sltu', 'xor', 'srl', 'sra', 'or', 'and',
                           'addw', 'subw', 'sllw', 'srlw', 'sraw'])
            self.add(['%s %s, %s, %s' % (op, self.reg(True), self.src(), self.src())])
        elif k < 0.8:
            op = r.choice(['addi', 'slti', 'sltiu', 'xori', 'ori', 'andi', 'addiw',
                           'slli', 'srli', 'srai', 'slliw', 'srliw', 'sraiw'])
            if op in ('slli', 'srli', 'srai'):
                imm = r.randrange(64)
            elif op.endswith('iw') and op != 'addiw':
                imm = r.randrange(32)
            else:
                imm = r.choice([r.randrange(-2048, 2048), 0, -1, 2047, -2048, 1])
            self.add(['%s %s, %s, %d' % (op, self.reg(True), self.src(), imm)])
        elif k < 0.88:
            self.add(['lui %s, 0x%x' % (self.reg(True), r.randrange(1 << 20))])
        elif k < 0.92:
            self.add(['auipc %s, 0x%x' % (self.reg(), r.randrange(1 << 20))])
        else:
            self.add(['li %s, %s' % (self.reg(), hx(rand_int(r)))])

    def muldiv(self):
        r = self.r
        op = r.choice(['mul', 'mulh', 'mulhsu', 'mulhu', 'div', 'divu', 'rem', 'remu',
                       'mulw', 'divw', 'divuw', 'remw', 'remuw'])
        rd, a, b = self.reg(), self.reg(), self.reg()
        lines = []
        k = r.random()
        if k < 0.15:       # division by zero
            lines.append('li %s, %s' % (b, r.choice(['0', '0x100000000', '0xffffffff00000000'])))
        elif k < 0.3:      # signed overflow
            if op.endswith('w'):
                lines += ['li %s, -0x80000000' % a, 'li %s, %s' % (b, r.choice(['-1', '0xffffffff']))]
            else:
                lines += ['li %s, 0x8000000000000000' % a, 'li %s, -1' % b]
            if a == b:
                lines = lines[1:]
        lines.append('%s %s, %s, %s' % (op, rd, a, b))
        self.add(lines)

    def load_store(self):
        r = self.r
        k = r.random()
        fp = r.random() < 0.25
        if fp:
            op, size = r.choice([('flw', 4), ('fld', 8), ('fsw', 4), ('fsd', 8)])
        else:
            op, size = r.choice([('lb', 1), ('lbu', 1), ('lh', 2), ('lhu', 2), ('lw', 4),
                                 ('lwu', 4), ('ld', 8), ('sb', 1), ('sh', 2), ('sw', 4),
                                 ('sd', 8)])
        align = r.random() < 0.7
        store = op.startswith('s') or op.startswith('fs')
        if k < 0.25 and op in ('lw', 'ld', 'sw', 'sd', 'fld', 'fsd'):
            # compressed forms: c.lw/c.ld/c.sw/c.sd/c.fld/c.fsd or the sp forms
            if r.random() < 0.5:
                base = self.creg()
                rd = self.cfreg() if fp else self.creg()
                off = r.randrange(0, 32 if size == 4 else 32) * size
                addr = r.randrange(0, DATA_SIZE - size - off + 1, size if align else 1)
                lines = ['la %s, scratch+%d' % (base, addr), 'c.%s %s, %d(%s)' % (op, rd, off, base)]
            else:
                rd = self.freg() if fp else self.reg()
                if rd == 'x2':
                    rd = 'x1'
                off = r.randrange(0, 64) * size
                addr = r.randrange(0, DATA_SIZE - size - off + 1, size if align else 1)
                lines = ['la sp, scratch+%d' % addr, 'c.%ssp %s, %d(sp)' % (op, rd, off)]
            self.add(lines)
            return
        base = self.reg()
        rd = self.freg() if fp else (self.reg(True) if not store else self.src())
        pre, off = self.scratch_addr(base, size, align)
        self.add(pre + ['%s %s, %d(%s)' % (op, rd, off, base)])

    def branch(self, index, n):
        r = self.r
        skip = r.choice([1, 1, 2, 2, 3, 4, 6, 9])
        target = index + 1 + skip
        k = r.random()
        if k < 0.55:
            op = r.choice(['beq', 'bne', 'blt', 'bge', 'bltu', 'bgeu'])
            a = self.src()
            b = a if r.random() < 0.15 else self.src()
            self.add(['%s %s, %s, @T' % (op, a, b)], target)
        elif k < 0.65:
            op = r.choice(['beqz', 'bnez'])
            self.add(['%s %s, @T' % (op, self.creg())], target)
        elif k < 0.75:
            rd = self.reg(True)
            self.add(['jal %s, @T' % rd], target)
        elif k < 0.8:
            self.add(['c.j @T'], target)
        elif k < 0.9:
            t, rd = self.reg(), self.reg(True)
            d = r.randrange(-64, 65) * 2
            self.add(['la %s, @T%+d' % (t, -d), 'jalr %s, %d(%s)' % (rd, d, t)], target)
        else:
            t = self.reg()
            if r.random() < 0.5:
                self.add(['la %s, @T' % t, 'c.jr %s' % t], target)
            else:
                self.add(['la %s, @T' % t, 'c.jalr %s' % t], target)

    def fp(self):
        r = self.r
        p = r.choice(['s', 'd'])
        k = r.random()
        if k < 0.25:
            op = r.choice(['fadd', 'fsub', 'fmul', 'fdiv'])
            self.add(['%s.%s %s, %s, %s, %s' % (op, p, self.freg(), self.freg(), self.freg(), self.rm())])
        elif k < 0.32:
            self.add(['fsqrt.%s %s, %s, %s' % (p, self.freg(), self.freg(), self.rm())])
        elif k < 0.45:
            op = r.choice(['fmadd', 'fmsub', 'fnmadd', 'fnmsub'])
            self.add(['%s.%s %s, %s, %s, %s, %s' % (op, p, self.freg(), self.freg(), self.freg(),
                                                      self.freg(), self.rm())])
        elif k < 0.52:
            op = r.choice(['fmin', 'fmax', 'fsgnj', 'fsgnjn', 'fsgnjx'])
            self.add(['%s.%s %s, %s, %s' % (op, p, self.freg(), self.freg(), self.freg())])
        elif k < 0.6:
            op = r.choice(['feq', 'flt', 'fle'])
            self.add(['%s.%s %s, %s, %s' % (op, p, self.reg(True), self.freg(), self.freg())])
        elif k < 0.64:
            self.add(['fclass.%s %s, %s' % (p, self.reg(True), self.freg())])
        elif k < 0.75:   # FP -> integer
            it = r.choice(['w', 'wu', 'l', 'lu'])
            self.add(['fcvt.%s.%s %s, %s, %s' % (it, p, self.reg(True), self.freg(), self.rm())])
        elif k < 0.83:   # integer -> FP
            it = r.choice(['w', 'wu', 'l', 'lu'])
            exact = p == 'd' and it in ('w', 'wu')
            rm = '' if exact else ', ' + self.rm()
            self.add(['fcvt.%s.%s %s, %s%s' % (p, it, self.freg(), self.src(), rm)])
        elif k < 0.88:
            if p == 's':
                self.add(['fcvt.s.d %s, %s, %s' % (self.freg(), self.freg(), self.rm())])
            else:
                self.add(['fcvt.d.s %s, %s' % (self.freg(), self.freg())])
        elif k < 0.94:
            if r.random() < 0.5:
                self.add(['fmv.x.%s %s, %s' % ('w' if p == 's' else 'd', self.reg(True), self.freg())])
            else:
                self.add(['fmv.%s.x %s, %s' % ('w' if p == 's' else 'd', self.freg(), self.src())])
        else:            # a special operand
            t = self.reg()
            if p == 's':
                self.add(['li %s, %s' % (t, hx(rand_single(r))), 'fmv.w.x %s, %s' % (self.freg(), t)])
            else:
                self.add(['li %s, %s' % (t, hx(rand_double(r))), 'fmv.d.x %s, %s' % (self.freg(), t)])

    def fp_tie(self):
        """Operands whose exact result lies halfway between two
        representable values, where the rounding modes disagree (ties
        are rare in random data)."""
        r = self.r
        t, rm = self.reg(), self.rm()
        p = r.choice(['s', 'd'])
        mb = 23 if p == 's' else 52          # fraction bits
        eb = 127 if p == 's' else 1023       # bias
        fmv = 'fmv.w.x' if p == 's' else 'fmv.d.x'
        sign = r.getrandbits(1) << (31 if p == 's' else 63)

        def fp(e, frac):
            return sign | ((e + eb) << mb) | frac
        k = r.randrange(6)
        if k == 5:      # a product just below or above 2^emin: tininess after rounding
            m1 = r.getrandbits(mb)
            x = 1 + m1 / 2.0 ** mb
            m2 = int((2 / x - 1) * 2 ** mb) + r.randrange(-2, 3)
            m2 = min(max(m2, 0), (1 << mb) - 1)
            e1 = r.randrange(-eb // 2 - 20, -eb // 2 + 20)
            e2 = -eb - e1           # 1.x * 1.y ~ 2: the product ~ 2^(1 - bias)
            f1, f2 = self.freg(), self.freg()
            while f2 == f1:
                f2 = self.freg()
            op = r.choice(['fmul.%s %s, %s, %s, %s', 'fmadd.%s %s, %s, %s, %s, %s'])
            args = (p, self.freg(), f1, f2) + ((self.freg(),) if 'fmadd' in op else ()) + (rm,)
            self.add(['li %s, %s' % (t, hx(fp(e1, m1))), '%s %s, %s' % (fmv, f1, t),
                      'li %s, %s' % (t, hx(fp(e2, m2) & ~(1 << (31 if p == 's' else 63)))),
                      '%s %s, %s' % (fmv, f2, t), op % args], comment='near 2^emin')
        elif k == 0:    # FP -> integer at n + 0.5
            v = r.randrange(-3000, 3000) + 0.5
            bits = struct.unpack('<I', struct.pack('<f', v))[0] if p == 's' else \
                struct.unpack('<Q', struct.pack('<d', v))[0]
            fs = self.freg()
            self.add(['li %s, %s' % (t, hx(bits)), '%s %s, %s' % (fmv, fs, t),
                      'fcvt.%s.%s %s, %s, %s' % (r.choice(['w', 'wu', 'l', 'lu']), p, self.reg(True),
                                                 fs, rm)], comment='tie')
        elif k == 1:    # integer -> FP exactly half an ulp off
            it = r.choice(['w', 'wu', 'l', 'lu'] if p == 's' else ['l', 'lu'])
            width = 32 if it in ('w', 'wu') else 64
            top = r.randrange(mb + 2, width - (1 if it in ('w', 'l') else 0) + 1)
            m = (1 << mb) | r.getrandbits(mb)        # mb + 1 significant bits
            n = (m << (top - mb - 1)) | (1 << (top - mb - 2))
            if it in ('w', 'l') and r.random() < 0.5:
                n = -n
            self.add(['li %s, %s' % (t, hx(n)),
                      'fcvt.%s.%s %s, %s, %s' % (p, it, self.freg(), t, rm)], comment='tie')
        elif k == 2:    # a + b with b half an ulp of a
            e = r.randrange(-60, 60)
            a_bits = fp(e, r.getrandbits(mb))
            b_bits = (r.getrandbits(1) << (31 if p == 's' else 63)) | ((e - mb - 1 + eb) << mb)
            f1, f2 = self.freg(), self.freg()
            while f2 == f1:
                f2 = self.freg()
            self.add(['li %s, %s' % (t, hx(a_bits)), '%s %s, %s' % (fmv, f1, t),
                      'li %s, %s' % (t, hx(b_bits)), '%s %s, %s' % (fmv, f2, t),
                      '%s.%s %s, %s, %s, %s' % (r.choice(['fadd', 'fsub']), p, self.freg(), f1, f2, rm)],
                     comment='tie')
        elif k == 3:    # double -> single with the dropped 29 bits = 100...0
            e = r.choice([r.randrange(-126, 128), r.randrange(-150, -126)])
            frac = (r.getrandbits(23) << 29) | (1 << 28)
            bits = (r.getrandbits(1) << 63) | ((e + 1023) << 52) | frac
            fs = self.freg()
            self.add(['li %s, %s' % (t, hx(bits)), 'fmv.d.x %s, %s' % (fs, t),
                      'fcvt.s.d %s, %s, %s' % (self.freg(), fs, rm)], comment='tie')
        else:           # (1 + 2^-h)(1 + 2^-(h+1)) = 1 + ... + 2^-(2h+1): a tie
            h = (mb + 1) // 2
            e1, e2 = r.randrange(-40, 40), r.randrange(-40, 40)
            if r.random() < 0.3:    # products in the subnormal range
                e1, e2 = -eb + r.randrange(2, 20), -r.randrange(0, mb)
            a_bits = fp(e1, 1 << (mb - h))
            b_bits = fp(e2, 1 << (mb - h - 1))
            f1, f2 = self.freg(), self.freg()
            while f2 == f1:
                f2 = self.freg()
            self.add(['li %s, %s' % (t, hx(a_bits)), '%s %s, %s' % (fmv, f1, t),
                      'li %s, %s' % (t, hx(b_bits)), '%s %s, %s' % (fmv, f2, t),
                      'fmul.%s %s, %s, %s, %s' % (p, self.freg(), f1, f2, rm)], comment='tie')

    def fcsr(self):
        r = self.r
        k = r.random()
        if k < 0.35:
            self.add(['fsrmi %s, %d' % (self.reg(True), r.randrange(5))])
        elif k < 0.6:
            self.add(['frflags %s' % self.reg()])
        elif k < 0.7:
            self.add(['fsflagsi %s, %d' % (self.reg(True), r.randrange(32))])
        elif k < 0.8:
            self.add(['frcsr %s' % self.reg()])
        elif k < 0.9:
            t = self.reg()
            v = (r.randrange(5) << 5) | r.randrange(32) | (r.getrandbits(8) << 8 if r.random() < 0.3 else 0)
            self.add(['li %s, 0x%x' % (t, v), 'fscsr %s, %s' % (self.reg(True), t)])
        else:
            t = self.reg()
            self.add(['li %s, %d' % (t, r.randrange(32)), 'csrrs %s, fflags, %s' % (self.reg(True), t)])

    def atomic(self):
        r = self.r
        k = r.random()
        w = r.choice(['w', 'd'])
        size = 4 if w == 'w' else 8
        order = r.choice(['', '', '.aq', '.rl', '.aqrl'])
        base = self.reg()
        addr = r.randrange(0, DATA_SIZE - size + 1, size)
        if k < 0.6:
            op = r.choice(['amoswap', 'amoadd', 'amoxor', 'amoand', 'amoor', 'amomin', 'amomax',
                           'amominu', 'amomaxu'])
            self.add(['la %s, scratch+%d' % (base, addr),
                      '%s.%s%s %s, %s, (%s)' % (op, w, order, self.reg(True), self.src(), base)])
            return
        # LR/SC as one item, so that no branch lands between them and no
        # store comes between them (QEMU's SC compares values, rvemu's
        # reservation ignores the hart's own stores: both are allowed).
        lines = ['la %s, scratch+%d' % (base, addr)]
        rd = self.reg()
        while rd == base:
            rd = self.reg()
        lines.append('lr.%s%s %s, (%s)' % (w, order, rd, base))
        for _ in range(r.randrange(3)):
            a = self.reg()
            while a == base:
                a = self.reg()
            lines.append('addi %s, %s, %d' % (a, self.src(), r.randrange(-100, 100)))
        kk = r.random()
        sc_rd = self.reg(True)
        while sc_rd == base:
            sc_rd = self.reg(True)
        if kk < 0.7:      # the matching SC: succeeds
            lines.append('sc.%s%s %s, %s, (%s)' % (w, order, sc_rd, self.src(), base))
        elif kk < 0.85:   # another address: fails
            other = self.reg()
            addr2 = (addr + r.choice([size, -size, 64])) % (DATA_SIZE - size)
            addr2 -= addr2 % size
            lines.append('la %s, scratch+%d' % (other, addr2))
            lines.append('sc.%s %s, %s, (%s)' % (w, sc_rd, self.src(), other))
        else:             # SC twice: the second always fails
            lines.append('sc.%s %s, %s, (%s)' % (w, sc_rd, self.src(), base))
            lines.append('sc.%s %s, %s, (%s)' % (w, self.reg(True), self.src(), base))
        self.add(lines)

    def compressed(self):
        r = self.r
        k = r.randrange(14)
        c, c2 = self.creg(), self.creg()
        nz = lambda lo, hi: r.choice([v for v in range(lo, hi) if v != 0])
        rd = self.reg()
        if k == 0:
            self.add(['c.li %s, %d' % (rd, r.randrange(-32, 32))])
        elif k == 1:
            if rd == 'x2':
                rd = 'x3'
            v = nz(-32, 32) & 0xfffff
            self.add(['c.lui %s, 0x%x' % (rd, v)])
        elif k == 2:
            self.add(['c.addi %s, %d' % (rd, nz(-32, 32))])
        elif k == 3:
            self.add(['c.addiw %s, %d' % (rd, r.randrange(-32, 32))])
        elif k == 4:
            self.add(['c.slli %s, %d' % (rd, r.randrange(1, 64))])
        elif k == 5:
            self.add(['c.%s %s, %d' % (r.choice(['srli', 'srai']), c, r.randrange(1, 64))])
        elif k == 6:
            self.add(['c.andi %s, %d' % (c, r.randrange(-32, 32))])
        elif k == 7:
            self.add(['c.mv %s, %s' % (rd, self.reg())])
        elif k == 8:
            self.add(['c.add %s, %s' % (rd, self.reg())])
        elif k == 9:
            op = r.choice(['and', 'or', 'xor', 'sub', 'addw', 'subw'])
            self.add(['c.%s %s, %s' % (op, c, c2)])
        elif k == 10:
            self.add(['c.addi16sp sp, %d' % (nz(-32, 32) * 16)])
        elif k == 11:
            self.add(['c.addi4spn %s, sp, %d' % (c, r.randrange(1, 256) * 4)])
        elif k == 12:
            self.add(['c.nop'])
        else:   # what the assembler compresses by itself
            op = r.choice(['add', 'and', 'or', 'xor', 'sub', 'addw', 'subw'])
            self.add(['%s %s, %s, %s' % (op, c, c, c2)])

    def fp_special(self):
        """One FP instruction on special operands only (zeros, infinities,
        NaNs, boundaries, subnormals) under a random rounding mode."""
        r = self.r
        p = r.choice(['s', 'd'])
        t = self.reg()
        regs = []
        lines = []
        for _ in range(3):
            f = self.freg()
            v = (r.choice(D_SPECIAL) if p == 'd' else 0xffffffff00000000 | r.choice(S_SPECIAL))
            lines += ['li %s, %s' % (t, hx(v)), 'fmv.d.x %s, %s' % (f, t)]
            regs.append(f)
        a, b, c = regs
        fd, rm = self.freg(), self.rm()
        op = r.choice(['fadd', 'fsub', 'fmul', 'fdiv', 'fsqrt', 'fmin', 'fmax', 'fmadd', 'fmsub',
                       'fnmadd', 'fnmsub', 'feq', 'flt', 'fle', 'fcvt.x', 'fcvt.sd', 'fclass'])
        if op in ('fadd', 'fsub', 'fmul', 'fdiv'):
            lines.append('%s.%s %s, %s, %s, %s' % (op, p, fd, a, b, rm))
        elif op == 'fsqrt':
            lines.append('fsqrt.%s %s, %s, %s' % (p, fd, a, rm))
        elif op in ('fmin', 'fmax'):
            lines.append('%s.%s %s, %s, %s' % (op, p, fd, a, b))
        elif op.startswith('fm') or op.startswith('fn'):
            lines.append('%s.%s %s, %s, %s, %s, %s' % (op, p, fd, a, b, c, rm))
        elif op in ('feq', 'flt', 'fle'):
            lines.append('%s.%s %s, %s, %s' % (op, p, self.reg(True), a, b))
        elif op == 'fcvt.x':
            lines.append('fcvt.%s.%s %s, %s, %s' % (r.choice(['w', 'wu', 'l', 'lu']), p,
                                                    self.reg(True), a, rm))
        elif op == 'fcvt.sd':
            lines.append('fcvt.s.d %s, %s, %s' % (fd, a, rm) if p == 'd' else
                         'fcvt.d.s %s, %s' % (fd, a))
        else:
            lines.append('fclass.%s %s, %s' % (p, self.reg(True), a))
        self.add(lines, comment='specials')

    def hint(self):
        """HINT encodings: they must execute as no-ops (unprivileged spec
        2.9 and the C chapter's HINT section)."""
        words = ['.half 0x0005',   # c.nop with nzimm = 1
                 '.half 0x0081',   # c.addi x1, 0
                 '.half 0x4005',   # c.li x0, 1
                 '.half 0x6005',   # c.lui x0, 1
                 '.half 0x8006',   # c.mv x0, x1
                 '.half 0x9006',   # c.add x0, x1
                 '.half 0x0006',   # c.slli x0, 1
                 '.half 0x0082',   # c.slli x1, 0
                 '.half 0x8401',   # c.srli x8, 0
                 '.half 0x8401 | 0x400',  # c.srai x8, 0
                 '.word 0x00005037',  # lui x0, 5
                 '.word 0x00005017',  # auipc x0, 5
                 '.word 0x00728013',  # addi x0, x5, 7
                 '.word 0x00329013',  # slli x0, x5, 3
                 '.word 0x00628033',  # add x0, x5, x6
                 '.word 0x0100000f',  # pause (fence w, 0)
                 '.word 0x8330000f',  # fence.tso
                 '.word 0x0000000f']  # fence 0, 0
        self.add([self.r.choice(words)], comment='hint')

    def misc(self):
        r = self.r
        k = r.random()
        if k < 0.4:
            self.add([r.choice(['fence', 'fence rw, rw', 'fence r, w', 'fence.i', 'fence iorw, iorw'])])
        elif k < 0.7:
            self.add(['nop'])
        else:
            self.add(['c.nop'])

    def generate(self, n):
        r = self.r
        classes = [(self.alu, 26), (self.muldiv, 9), (self.load_store, 14), (None, 8),
                   (self.fp, 22), (self.fp_tie, 4), (self.fp_special, 4), (self.fcsr, 4),
                   (self.atomic, 6), (self.compressed, 8), (self.hint, 1),
                   (self.misc, 1)]
        total = sum(w for _, w in classes)
        while len(self.items) < n:
            x = r.randrange(total)
            for f, w in classes:
                if x < w:
                    if f is None:
                        self.branch(len(self.items), n)
                    else:
                        f()
                        if f in (self.fp_tie, self.fp_special) or \
                                (f == self.fp and r.random() < 0.25):
                            self.log_result()
                    break
                x -= w
        return self.items


def user_program(seed, cut, qd):
    r = random.Random('user-%d' % seed)
    n = r.randrange(120, 260)
    g = UserGen(r, qd)
    items = g.generate(n)
    init_x = [rand_int(r) for _ in range(31)]
    init_f = [rand_freg_bits(r) for _ in range(32)]
    init_fcsr = (r.randrange(5) << 5) | r.randrange(32)
    scratch = [r.getrandbits(64) for _ in range(SCRATCH_SIZE // 8)]
    # some scratch dwords hold FP specials, so FP loads see them
    for _ in range(64):
        k = r.randrange(len(scratch))
        scratch[k] = rand_freg_bits(r)
    if cut is not None:
        items = items[:cut]
    out = ['/* tests/diff user program, seed %d (generated by gen.py) */' % seed,
           '#define DIFF_PRIV 0', '#include "harness.S"', '', '    .text', '    .globl seq_start',
           'seq_start:']
    out += render_items(items, 'seq_end_local')
    out += ['seq_end_local:', '    j seq_end', '']
    out += data_common(init_x, init_f, init_fcsr)
    out += ['    .section .data.scratch, "aw", @progbits', '    .align 12', 'scratch:']
    out += dwords(scratch)
    out += ['    .data', '    .align 3', 'hash_table:']
    for b in range(0, SCRATCH_SIZE, 256):
        out.append('    .dword scratch+%d, 256' % b)
    out += ['hash_count: .dword %d' % (SCRATCH_SIZE // 256), 'csr_count: .dword 0', 'csr_out: .dword 0']
    return '\n'.join(out) + '\n', len(items)


def render_items(items, end_label, prefix='.Li'):
    out = []
    n = len(items)
    for i, it in enumerate(items):
        out.append('%s%d:' % (prefix, i))
        if it.comment:
            out.append('    /* %s */' % it.comment)
        for line in it.lines:
            if it.target is not None:
                t = '%s%d' % (prefix, it.target) if it.target < n else end_label
                line = line.replace('@T', t)
            out.append('    ' + line)
    return out


def dwords(vals):
    return ['    .dword ' + ', '.join(hx(v) for v in vals[i:i + 4]) for i in range(0, len(vals), 4)]


def data_common(init_x, init_f, init_fcsr):
    out = ['    .data', '    .align 3', 'init_x:']
    out += dwords(init_x)
    out += ['init_f:'] + dwords(init_f)
    out += ['init_fcsr: .dword 0x%x' % init_fcsr]
    return out


# ---------------------------------------------------------------- priv

PRV_U, PRV_S, PRV_M = 0, 1, 3
MODE_NAME = {PRV_U: 'U', PRV_S: 'S', PRV_M: 'M'}
MSTATUS_SIE, MSTATUS_MIE, MSTATUS_SPIE, MSTATUS_MPIE = 1 << 1, 1 << 3, 1 << 5, 1 << 7
MSTATUS_SPP, MSTATUS_MPP_SHIFT = 1 << 8, 11
MSTATUS_FS_SHIFT = 13
MSTATUS_MPRV, MSTATUS_SUM, MSTATUS_MXR = 1 << 17, 1 << 18, 1 << 19
MSTATUS_TVM, MSTATUS_TW, MSTATUS_TSR = 1 << 20, 1 << 21, 1 << 22
DELEGABLE = [0, 1, 2, 3, 4, 5, 6, 7, 8, 12, 13, 15]   # never 9 (see harness.S)

# physical layout of the paging episodes
TEST_PAGES = 8
TPAGES_PA = 0x80300000    # the test pages (link.ld)
PT_PA = 0x80308000        # page tables: root, L1, L0 for each paging episode
MEGA_PA = 0x80400000      # 2 MiB-aligned target of the megapage leaf
VA_BASE = 0x40000000      # root[1]: L1 table; L1[0] and L1[3]: the L0 table
CODE_OFF = 2048           # each test page holds c.jr ra (fetch targets) at
CODE_BYTES = 64           # [CODE_OFF, CODE_OFF + CODE_BYTES): stores avoid it


def data_off(r, size, lo=0, hi=4096):
    """A random offset in [lo, hi - size] whose access misses the code area."""
    while True:
        off = r.randrange(lo, hi - size + 1)
        if off + size <= CODE_OFF or off >= CODE_OFF + CODE_BYTES:
            return off

# Illegal encodings every RV64GC hart (and QEMU 7.2 with its default
# extensions: Zba/Zbb/Zbc/Zbs, Zicbo*, ...) rejects.
ILLEGAL_32 = [
    0xffffffff,             # all ones
    0x00007003,             # LOAD funct3=7
    0x00007023,             # STORE funct3=4..7
    0x0000402f | (0x1f << 27),  # AMO funct5=0x1f
    0x00005053 | (0x7f << 25),  # OP-FP funct7 unused
    0x0200005b,             # custom-2 opcode
    0x0000000b,             # custom-0 opcode
    0x30208073,             # mret with rs1 != 0
]
ILLEGAL_16 = [
    0x0000,                 # the defined illegal instruction
    0x0004,                 # c.addi4spn with nzuimm = 0 (reserved)
    0x4002,                 # c.lwsp x0 (reserved)
    0x6002,                 # c.ldsp x0 (reserved)
    0x8002,                 # c.jr x0 (reserved)
    0x6101,                 # c.addi16sp with nzimm = 0 (reserved)
    0x6081,                 # c.lui x1, 0 (reserved)
]


class PrivGen:
    def __init__(self, r, qd):
        self.r = r
        self.qd = qd
        self.items = []          # (episode, Item)
        self.csr_slots = 0

    def reg(self):
        # never t0-t3 nor ra as a destination of setup values inside items
        # that need them; any register may be clobbered by the items.
        return 'x%d' % self.r.choice([5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
                                      21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31])

    def csr_slot(self):
        k = self.csr_slots
        self.csr_slots += 1
        return k


def priv_episodes(seed, qd):
    r = random.Random('priv-%d' % seed)
    g = PrivGen(r, qd)
    init_x = [rand_int(r) for _ in range(31)]
    init_f = [rand_freg_bits(r) for _ in range(32)]
    init_fcsr = (r.randrange(5) << 5) | r.randrange(32)
    tpages = []
    for k in range(TEST_PAGES):
        words = [r.getrandbits(64) for _ in range(512)]
        for j in range(CODE_BYTES // 8):
            words[CODE_OFF // 8 + j] = 0x8082808280828082       # c.jr ra (ret) x4
        tpages.append(words)
    n_ep = r.randrange(3, 7)
    episodes = []
    for e in range(n_ep):
        if r.random() < 0.45:
            episodes.append(paging_episode(g, e))
        else:
            episodes.append(trap_episode(g, e))
    return (g, init_x, init_f, init_fcsr, tpages), episodes


def priv_program(seed, cut, qd):
    (g, init_x, init_f, init_fcsr, tpages), episodes = priv_episodes(seed, qd)

    # apply the cut: count items across episodes
    remaining = cut
    out = ['/* tests/diff privileged program, seed %d (generated by gen.py) */' % seed,
           '#define DIFF_PRIV 1', '#include "harness.S"', '', '    .text', '    .globl seq_start',
           'seq_start:',
           '    /* fetch targets in the megapage: c.jr ra */',
           '    li t0, 0x%x' % (MEGA_PA + CODE_OFF), '    li t1, 0x8082808280828082',
           '    li t2, %d' % (CODE_BYTES // 8),
           '    li t3, 4096', '    add t3, t3, t0',
           '1:  sd t1, 0(t0)', '    sd t1, 0(t3)', '    addi t0, t0, 8', '    addi t3, t3, 8',
           '    addi t2, t2, -1',
           '    bnez t2, 1b']
    # the first episode starts with the seed's registers: reload those
    # the megapage fill used
    out += ['    la t3, init_x', '    ld t0, 4*8(t3)', '    ld t1, 5*8(t3)', '    ld t2, 6*8(t3)',
            '    ld t3, 27*8(t3)']
    data = []
    for ep in episodes:
        items = ep['items']
        if remaining is not None:
            if remaining <= 0:
                break
            items = items[:remaining]
            remaining -= len(items)
        out += ep['render'](items)
        data += ep['data']
    out += ['    j seq_end', '']
    out += data_common(init_x, init_f, init_fcsr)
    out += ['    .section .tpages, "aw", @progbits', '    .align 12', 'tpages:']
    for words in tpages:
        out += dwords(words)
    out += data
    out += ['    .data', '    .align 3', 'hash_table:']
    for k in range(TEST_PAGES):
        out.append('    .dword tpages+%d, 4096' % (k * 4096))
    out += ['    .dword 0x%x, 8192' % MEGA_PA]
    out += ['hash_count: .dword %d' % (TEST_PAGES + 1)]
    out += ['csr_count: .dword %d' % g.csr_slots, 'csr_out: .space %d' % (8 * max(1, g.csr_slots))]
    total = sum(len(ep['items']) for ep in episodes)
    return '\n'.join(out) + '\n', total


def mstatus_for(mode, fs, extra):
    v = (mode << MSTATUS_MPP_SHIFT) | (fs << MSTATUS_FS_SHIFT) | extra
    return v


def episode_prologue(e, mstatus, medeleg, satp_lines, regs, title):
    lines = ['/* ---- episode %d: %s ---- */' % (e, title), 'ep%d:' % e,
             '    li t0, 0x%x' % medeleg, '    csrw medeleg, t0',
             '    li t0, 0x%x' % mstatus, '    csrw mstatus, t0']
    lines += ['    ' + l for l in satp_lines]
    lines += ['    sfence.vma',
             '    la t0, ep%d_exit' % e, '    la t1, exit_pc', '    sd t0, 0(t1)',
             '    la t0, ep%d_cont' % e, '    la t1, exit_cont', '    sd t0, 0(t1)',
             '    la t0, ep%d_body' % e, '    csrw mepc, t0']
    for reg, val in regs:
        lines.append('    li %s, %s' % (reg, hx(val)))
    lines += ['    mret', 'ep%d_body:' % e]
    return lines


def episode_epilogue(e, pte_syms):
    lines = ['ep%d_exit:' % e, '    ecall', '    j ep%d_exit' % e,
             'ep%d_cont:' % e, '    csrw mscratch, x31', '    la x31, ep_regs', '    SAVE_X x31',
             '    li a0, %d' % e, '    call log_episode']
    if pte_syms:
        lines += ['    li a0, %d' % e, '    la a1, ep%d_ptes' % e, '    li a2, %d' % len(pte_syms),
                  '    call log_ptes']
    lines += ['    csrw satp, zero', '    sfence.vma', '    csrw medeleg, zero']
    return lines


def random_regs(r, count):
    regs = []
    pool = list(range(5, 32))
    r.shuffle(pool)
    for k in pool[:count]:
        regs.append(('x%d' % k, rand_int(r)))
    return regs


# -- trap episodes

def trap_episode(g, e):
    r = g.r
    mode = r.choice([PRV_M, PRV_S, PRV_S, PRV_U, PRV_U])
    medeleg = 0
    for b in DELEGABLE:
        if r.random() < 0.5:
            medeleg |= 1 << b
    fs = r.choice([0, 1, 2, 3, 3])
    extra = 0
    for bit in (MSTATUS_TVM, MSTATUS_TW, MSTATUS_TSR, MSTATUS_SUM, MSTATUS_MXR, MSTATUS_SPIE,
                MSTATUS_MPIE):
        if r.random() < 0.3:
            extra |= bit
    if r.random() < 0.5:
        extra |= MSTATUS_SPP
    if extra & MSTATUS_TSR:
        medeleg = 0             # the S handler returns with sret, which TSR forbids
    mstatus = mstatus_for(mode, fs, extra)
    st = {'mode': mode, 'tsr': bool(extra & MSTATUS_TSR), 'tw': bool(extra & MSTATUS_TW),
          'tvm': bool(extra & MSTATUS_TVM)}
    items = []
    n = r.randrange(8, 30)
    for _ in range(n):
        items.append(trap_item(g, st, e, len(items)))
    regs = random_regs(r, 8)

    title = 'traps, %s, medeleg 0x%x, mstatus 0x%x' % (MODE_NAME[mode], medeleg, mstatus)

    def render(its):
        out = episode_prologue(e, mstatus, medeleg, ['csrw satp, zero'], regs, title)
        out += render_items(its, 'ep%d_exit' % e, prefix='.Le%d_' % e)
        out += episode_epilogue(e, None)
        return out
    return {'items': items, 'render': render, 'data': [], 'title': title}


def trap_item(g, st, e, idx):
    r = g.r
    mode = st['mode']
    k = r.randrange(22)
    t, t2 = g.reg(), g.reg()
    while t2 == t:
        t2 = g.reg()
    lab = '.Lx%d_%d' % (e, idx)
    c = 'mode %s' % MODE_NAME[mode]
    if k == 0:
        return Item(['ecall'], comment=c)
    if k == 1:
        return Item([r.choice(['ebreak', 'c.ebreak'])], comment=c)
    if k == 2:
        v = r.choice(ILLEGAL_32)
        return Item(['.word 0x%08x' % v], comment=c + ', illegal')
    if k == 3:
        return Item(['.half 0x%04x' % r.choice(ILLEGAL_16)], comment=c + ', illegal')
    if k == 4:   # an FP instruction with a reserved static rm, or with frm invalid
        if r.random() < 0.5:
            rm = r.choice([5, 6])
            word = 0x00000053 | (rm << 12) | (r.randrange(32) << 7) | (r.randrange(32) << 15) | \
                (r.randrange(32) << 20) | (r.choice([0, 1]) << 25)   # fadd.s/d
            return Item(['.word 0x%08x' % word], comment=c + ', fadd rm=%d' % rm)
        v = r.choice([5, 6, 7])
        return Item(['fsrmi %s, %d' % (t, v),
                     'fadd.d f%d, f%d, f%d, dyn' % (r.randrange(32), r.randrange(32), r.randrange(32)),
                     'fsrmi %s, %d' % (t2, r.randrange(5))], comment=c + ', frm=%d' % v)
    if k == 5:   # plain FP work: traps when FS is off
        return Item(['fmul.d f%d, f%d, f%d' % (r.randrange(32), r.randrange(32), r.randrange(32)),
                     'frflags %s' % t], comment=c)
    if k == 6:   # misaligned LR/SC (AMOs: README, QEMU reports cause 4)
        size = r.choice([4, 8])
        off = r.choice([1, 2, 3, 5, 6, 7]) if size == 8 else r.choice([1, 2, 3])
        w = 'w' if size == 4 else 'd'
        lines = ['la %s, tpages+%d' % (t, 4096 * 7 + 512 + off)]
        if g.qd and r.random() < 0.5:
            # QEMU 7.2: cause 4 for a misaligned AMO, and a misaligned SC
            # fails without an exception (README)
            lines.append(r.choice(['amoadd.%s %s, %s, (%s)', 'sc.%s %s, %s, (%s)']) % (w, t2, t2, t))
        else:
            lines.append('lr.%s %s, (%s)' % (w, t2, t))
        return Item(lines, comment=c + ', misaligned atomic')
    if k == 7:   # access faults: loads/stores at unmapped physical addresses
        addr = r.choice([0x200000, 0x1ff0000, 0x90000000, 0xc0000000 + r.randrange(0, 4096, 8)])
        # (AMOs only with --qemu-divergent: QEMU 7.2 reports a load fault)
        op = r.choice(['ld', 'lw', 'lbu', 'sd', 'sw', 'sb', 'lr.d', 'fld'] +
                      (['amoswap.d'] if g.qd else []))
        lines = ['li %s, 0x%x' % (t, addr)]
        if op.startswith('amo'):
            lines.append('%s %s, %s, (%s)' % (op, t2, t2, t))
        elif op.startswith('lr'):
            lines.append('%s %s, (%s)' % (op, t2, t))
        elif op == 'fld':
            lines.append('fld f%d, 0(%s)' % (r.randrange(32), t))
        else:
            lines.append('%s %s, 0(%s)' % (op, t2, t))
        return Item(lines, comment=c + ', access fault')
    if k == 8:   # fetch access fault: resumes at ra
        addr = r.choice([0x200000, 0x90000000])
        return Item(['li %s, 0x%x' % (t, addr), 'jalr ra, 0(%s)' % t], comment=c + ', fetch fault')
    if k == 9:   # privileged instructions
        ins = r.choice(['wfi', 'sfence.vma', 'sfence.vma %s, %s' % (t, t2), 'mret', 'sret'])
        if ins == 'wfi':
            # legal wfi would sleep forever: only where it must trap
            if not (mode == PRV_U or (mode == PRV_S and st['tw'])):
                ins = 'sfence.vma zero, zero'
        if ins == 'mret' and mode == PRV_M:
            return mret_item(g, st, t, lab, c)
        if ins == 'sret' and (mode == PRV_M or (mode == PRV_S and not st['tsr'])):
            return sret_item(g, st, t, lab, c)
        return Item([ins], comment=c)
    if k == 10:
        if mode == PRV_M:
            return mret_item(g, st, t, lab, c)
        return Item(['mret'], comment=c)
    if k == 11:
        if mode == PRV_M or (mode == PRV_S and not st['tsr']):
            return sret_item(g, st, t, lab, c)
        return Item(['sret'], comment=c)
    if k in (12, 13, 14):   # CSR accesses by privilege
        return csr_item(g, st, t, t2, c)
    if k == 15:   # register-only work between traps
        return Item(['addi %s, %s, %d' % (t, t2, r.randrange(-2048, 2048)),
                     'c.addi %s, %d' % (t2, r.choice([1, -1, 5]))], comment=c)
    if k == 16:   # ordinary loads and stores of physical memory
        off = data_off(r, 8)
        op = r.choice(['ld', 'lw', 'sd', 'sh', 'amoadd.d'])
        if op == 'amoadd.d':
            off -= off % 8
            return Item(['la %s, tpages+%d' % (t, 4096 * 6 + off),
                         'amoadd.d %s, %s, (%s)' % (t2, t2, t)], comment=c)
        return Item(['la %s, tpages+%d' % (t, 4096 * 6 + off), '%s %s, 0(%s)' % (op, t2, t)], comment=c)
    if k == 17:   # satp/sfence under TVM
        return Item(['csrr %s, satp' % t], comment=c + (', TVM' if st['tvm'] else ''))
    if k == 18:   # unimplemented CSRs
        # (not 0x6xx: QEMU 7.2 implements the H extension)
        csr = r.choice([0x008, 0x7b0, 0x5a8, 0xda0])
        return Item(['csrr %s, 0x%x' % (t, csr)], comment=c + ', no such CSR')
    if k == 19:   # writes to read-only CSRs with rs1 = x0 forms are reads; these write
        csr = r.choice(['mhartid', 'mvendorid', 'marchid', 'mimpid'])
        return Item(['csrw %s, %s' % (csr, t)], comment=c + ', read-only CSR')
    if k == 20:   # lr/sc pair on physical memory (succeeds)
        off = data_off(r, 8) & ~7
        return Item(['la %s, tpages+%d' % (t, 4096 * 6 + off), 'lr.d %s, (%s)' % (t2, t),
                     'sc.d %s, %s, (%s)' % (t2, t2, t)], comment=c)
    return Item(['c.ebreak' if r.random() < 0.3 else 'ecall'], comment=c)


def mret_item(g, st, t, lab, c):
    r = g.r
    new = r.choice([PRV_M, PRV_S, PRV_S, PRV_U, PRV_U])
    lines = ['la %s, %s' % (t, lab), 'csrw mepc, %s' % t,
             'li %s, 0x%x' % (t, 3 << MSTATUS_MPP_SHIFT), 'csrc mstatus, %s' % t]
    if new:
        lines += ['li %s, 0x%x' % (t, new << MSTATUS_MPP_SHIFT), 'csrs mstatus, %s' % t]
    lines += ['mret', '%s:' % lab]
    st['mode'] = new
    return Item(lines, comment=c + ', mret to %s' % MODE_NAME[new])


def sret_item(g, st, t, lab, c):
    r = g.r
    new = r.choice([PRV_S, PRV_U])
    csr = 'sstatus' if st['mode'] == PRV_S else r.choice(['sstatus', 'mstatus'])
    lines = ['la %s, %s' % (t, lab), 'csrw sepc, %s' % t, 'li %s, 0x%x' % (t, MSTATUS_SPP),
             '%s %s, %s' % ('csrs' if new == PRV_S else 'csrc', csr, t), 'sret', '%s:' % lab]
    st['mode'] = new
    return Item(lines, comment=c + ', sret to %s' % MODE_NAME[new])


# CSRs whose write-then-read value we compare: (name, min mode, value kinds)
CSR_RW = [
    ('mscratch', PRV_M), ('sscratch', PRV_S), ('mtval', PRV_M), ('stval', PRV_S),
    ('mcause', PRV_M), ('scause', PRV_S), ('mepc', PRV_M), ('sepc', PRV_S),
    ('medeleg', PRV_M), ('mideleg', PRV_M), ('mie', PRV_M), ('sie', PRV_S),
    ('mcounteren', PRV_M), ('scounteren', PRV_S),
    ('mtvec', PRV_M), ('stvec', PRV_S), ('satp', PRV_M), ('sstatus', PRV_S),
]


def csr_item(g, st, t, t2, c):
    r = g.r
    mode = st['mode']
    name, minp = r.choice(CSR_RW)
    v = rand_int(r)
    if name in ('mepc', 'sepc') and not g.qd:
        v &= ~1                 # QEMU 7.2 keeps bit 0 (README)
    if name == 'medeleg':
        v &= ~(1 << 9)          # the harness's S exit needs medeleg[9] = 0
        if not g.qd:
            # bits of exceptions rvemu lacks (10, 14, 16-23: H) are WARL 0
            # here and writable in QEMU 7.2 (H); 11 is writable there too
            v &= 0xffff & ~(1 << 10 | 1 << 11 | 1 << 14)
    if name in ('mie', 'sie'):
        v = 0                   # no interrupt may become enabled (mip.MTIP is set)
    if name == 'satp':
        m = r.choice([0, 0, 1, 5, 8, 9, 15] + ([10] if g.qd else []))
        # Bare with nonzero other fields is UNSPECIFIED (priv spec 4.1.11)
        v = 0 if m == 0 else (m << 60) | (v & ((1 << 60) - 1))
        if mode != PRV_M:
            v = 0               # S would start translating its own fetches
    if name in ('mcounteren', 'scounteren') and not g.qd:
        v &= 0xffffffff         # 32-bit registers; QEMU 7.2 keeps 64 bits (README)
    if name == 'sstatus':
        v &= MSTATUS_SUM | MSTATUS_MXR | MSTATUS_SPIE | (3 << MSTATUS_FS_SHIFT)
    if name in ('mtvec', 'stvec'):
        v = (v & ~0xfff) | r.randrange(4)
    slot = g.csr_slot()
    lines = ['li %s, %s' % (t2, hx(v))]
    if name in ('mtvec', 'stvec', 'satp', 'medeleg', 'mideleg', 'mie', 'sie', 'sstatus'):
        # swap in, read back, restore: the handlers (and the rest of the
        # episode) keep working
        lines += ['csrrw %s, %s, %s' % (t2, name, t2), 'csrrw %s, %s, %s' % (t2, name, t2)]
        readback = t2
    else:
        lines += ['csrw %s, %s' % (name, t2), 'csrr %s, %s' % (t2, name)]
        readback = t2
    if name == 'mideleg' and not g.qd:
        # QEMU 7.2 has H: mideleg's VS interrupt bits (2, 6, 10, 12) are
        # read-only one there and Sscofpmf makes bit 13 writable;
        # rvemu has neither: read-only zero (WARL, README)
        lines += ['li %s, ~0x3444' % t, 'and %s, %s, %s' % (readback, readback, t)]
    if mode == PRV_M:
        lines += ['la %s, csr_out+%d' % (t, 8 * slot), 'sd %s, 0(%s)' % (readback, t)]
    elif mode == PRV_S:
        # S runs untranslated here: it can store to csr_out too
        lines += ['la %s, csr_out+%d' % (t, 8 * slot), 'sd %s, 0(%s)' % (readback, t)]
    return Item(lines, comment=c + ', %s read-back (csr_out[%d])' % (name, slot))


# -- paging episodes

def rand_leaf_bits(r):
    bits = 1   # V
    if r.random() < 0.08:
        bits = 0
    for b, p in ((1, 0.7), (2, 0.5), (3, 0.45), (4, 0.5), (5, 0.2), (6, 0.6), (7, 0.5)):
        if r.random() < p:
            bits |= 1 << b
    if not bits & 0xe and r.random() < 0.8:
        bits |= 2    # mostly leaves, not accidental pointers
    return bits


def pte(pa, bits):
    return ((pa >> 12) << 10) | bits


def paging_episode(g, e):
    r = g.r
    kind = r.choice(['S', 'S', 'U', 'U', 'M'])
    mode = {'S': PRV_S, 'U': PRV_U, 'M': PRV_M}[kind]
    mprv_mode = r.choice([PRV_S, PRV_U]) if mode == PRV_M else None
    extra = 0
    if r.random() < 0.5:
        extra |= MSTATUS_SUM
    if r.random() < 0.4:
        extra |= MSTATUS_MXR
    if mode == PRV_M:
        extra |= MSTATUS_MPRV
        mstatus = (PRV_M << MSTATUS_MPP_SHIFT) | (3 << MSTATUS_FS_SHIFT) | extra
    else:
        mstatus = mstatus_for(mode, 3, extra)
    asid = r.randrange(0, 256)
    sv48 = r.random() < 0.3
    # page tables: root, L1, L0 and (Sv48) a top level above the root,
    # each 4 KiB, private to the episode
    root, l1, l0, top = 'root', 'l1', 'l0', 'top'
    code_u = (mode == PRV_U)
    ptes = {}       # (table, index) -> PTE
    root_pa = PT_PA + e * 4 * 4096
    l1_pa, l0_pa, top_pa = root_pa + 4096, root_pa + 8192, root_pa + 12288
    if sv48:
        ptes[(top, 0)] = pte(root_pa, 1)
    ptes[(root, 1)] = pte(l1_pa, 1)
    ident = 0xcf | (0x10 if code_u else 0) | (0x20 if r.random() < 0.3 else 0)   # VRWX AD (+U, G)
    ptes[(root, 2)] = pte(0x80000000, ident)
    giga = rand_leaf_bits(r)
    if not giga & 0xa:
        giga |= 0x2         # always a leaf
    giga_ppn = (0x80000000 >> 12) + (0x200 if r.random() < 0.2 else 0)   # sometimes misaligned
    ptes[(root, 3)] = (giga_ppn << 10) | giga
    nonleaf_bits = 0
    if r.random() < 0.15:      # reserved in a non-leaf PTE: a page fault
        nonleaf_bits = r.choice([0x40, 0x80, 0x10])
    ptes[(l1, 0)] = pte(l0_pa, 1 | nonleaf_bits)
    mega = rand_leaf_bits(r)
    if not mega & 0xa:
        mega |= 0x2         # always a leaf: never a pointer into RAM the stores wrote
    mega_ppn = (MEGA_PA >> 12) + (1 if r.random() < 0.2 else 0)   # sometimes misaligned
    ptes[(l1, 1)] = (mega_ppn << 10) | mega
    x = r.random()
    if x < 0.4:
        ptes[(l1, 2)] = 0
    elif x < 0.7:
        ptes[(l1, 2)] = pte(MEGA_PA, 0xc5)   # W without R: reserved
    else:
        ptes[(l1, 2)] = pte(l0_pa, 1)
    ptes[(l1, 3)] = pte(l0_pa, 1)
    for k in range(TEST_PAGES):
        bits = rand_leaf_bits(r)
        ptes[(l0, k)] = pte(TPAGES_PA + 4096 * k, bits)
    if r.random() < 0.3:     # a reserved high bit in one leaf
        k = r.randrange(TEST_PAGES)
        ptes[(l0, k)] |= 1 << r.choice([54, 60, 61, 62, 63])
    init_ptes = dict(ptes)
    table_pa = {root: root_pa, l1: l1_pa, l0: l0_pa, top: top_pa}

    items = []
    n = r.randrange(10, 35)
    ep = {'mode': mode, 'sum': bool(extra & MSTATUS_SUM), 'ptes': ptes, 'l0': l0, 'l1': l1,
          'root': root, 'table_pa': table_pa, 'asid': asid}
    for _ in range(n):
        items.append(paging_item(g, e, len(items), ep))
    regs = random_regs(r, 8)

    pte_list = [(l1, 0), (l1, 1), (l1, 2), (l1, 3)] + [(l0, k) for k in range(TEST_PAGES)] + \
        [(root, 3)]
    data = ['    .section .ptables, "aw", @progbits']
    for tab in (root, l1, l0, top):
        base = table_pa[tab] - PT_PA
        for idx in range(512):
            if (tab, idx) in init_ptes:
                data.append('    .org %d' % (base + 8 * idx))
                data.append('    .dword 0x%x' % init_ptes[(tab, idx)])
    data.append('    .org %d' % (top_pa + 4096 - PT_PA))
    data += ['    .data', '    .align 3', 'ep%d_ptes:' % e]
    for tab, idx in pte_list:
        data.append('    .dword 0x%x' % (table_pa[tab] + 8 * idx))

    desc = []
    for tab, idx in pte_list:
        desc.append('%s=%s' % (pte_name(tab, idx), pte_flags(init_ptes[(tab, idx)])))
    title = 'paging, %s%s, %s, mstatus 0x%x; %s' % (
        kind, '' if mprv_mode is None else ' with MPRV as ' + MODE_NAME[mprv_mode],
        'Sv48' if sv48 else 'Sv39', mstatus, ' '.join(desc))
    satp = ((9 if sv48 else 8) << 60) | (asid << 44) | ((top_pa if sv48 else root_pa) >> 12)
    satp_lines = ['li t0, 0x%x' % satp, 'csrw satp, t0']

    def render(its):
        out = episode_prologue(e, mstatus, 0, satp_lines, regs, title)
        if mode == PRV_M:
            # stay in M: MPP = the mode MPRV borrows, then straight to the body
            k = out.index('    mret')
            out[k:k + 1] = ['    li t0, 0x%x' % (3 << MSTATUS_MPP_SHIFT), '    csrc mstatus, t0',
                            '    li t0, 0x%x' % (mprv_mode << MSTATUS_MPP_SHIFT),
                            '    csrs mstatus, t0', '    csrr t0, mepc', '    jr t0']
        out += render_items(its, 'ep%d_exit' % e, prefix='.Le%d_' % e)
        out += episode_epilogue(e, pte_list)
        return out
    return {'items': items, 'render': render, 'data': data, 'title': title}


def pte_name(tab, idx):
    if tab == 'root':
        return 'root[%d]' % idx
    return ('L1[%d]' % idx) if tab == 'l1' else ('L0[%d]' % idx)


def pte_flags(v):
    f = ''.join(c if v >> i & 1 else '-' for i, c in enumerate('VRWXUGAD'))
    return f + ('+hi' if v >> 54 else '')


GIGA_VA = 0xc0000000      # root[3]: a 1 GiB leaf over RAM (the test pages at +0x300000)


def test_va(r):
    """A virtual address in the test region and a description."""
    x = r.random()
    if x < 0.68:
        l1 = r.choice([0, 0, 0, 3])
        k = r.randrange(TEST_PAGES + (1 if r.random() < 0.1 else 0))   # page 8: invalid
        base = VA_BASE + (l1 << 21) + (k << 12)
        desc = 'L0[%d]' % k
    elif x < 0.8:
        base = VA_BASE + (1 << 21) + (r.randrange(2) << 12)
        desc = 'megapage'
    elif x < 0.9:
        base = GIGA_VA + (TPAGES_PA - 0x80000000) + (r.randrange(TEST_PAGES) << 12)
        desc = 'gigapage'
    elif x < 0.95:
        base = VA_BASE + (2 << 21)
        desc = 'L1[2]'
    else:
        base = r.choice([0x0000004000000000, 0xffffffc040000000 & ~0xfff, 0x8000000040000000,
                         0x0000800000000000])
        desc = 'non-canonical or unmapped'
    return base, desc


def pte_rewrite(g, ep, t, t2):
    """S-mode: rewrite a leaf PTE (same PPN, new permission bits) through
    the identity map, then sfence.vma in a form that covers every VA the
    old translation may be cached under (a stale translation is allowed
    otherwise, priv spec 4.2.1)."""
    r = g.r
    l0, l1 = ep['l0'], ep['l1']
    which = r.choice(['L0'] * 4 + ['mega', 'giga'])
    if which == 'L0':
        k = r.randrange(TEST_PAGES)
        key = (l0, k)
        vas = [VA_BASE + (j << 21) + (k << 12) for j in (0, 3)]
        if k == 0 and ep['ptes'][(l1, 2)] & 0xf == 1:
            vas.append(VA_BASE + (2 << 21))       # L1[2] points to L0 too
        fence_vas = vas
    elif which == 'mega':
        key = (l1, 1)
        vas = [VA_BASE + (1 << 21) + (r.randrange(2) << 12)]      # accessed: MEGA_PA, hashed
        fence_vas = [VA_BASE + (1 << 21) + (r.randrange(512) << 12)]   # any 4 KiB of it
    else:
        key = (ep['root'], 3)
        vas = [GIGA_VA + (TPAGES_PA - 0x80000000) + (r.randrange(TEST_PAGES) << 12)]
        fence_vas = [GIGA_VA + (r.randrange(1 << 18) << 12)]
    old = ep['ptes'][key]
    bits = rand_leaf_bits(r)
    if key[0] != l0 and not bits & 0xa:
        bits |= 0x2                                # superpages stay leaves
    new = (old & ~0x3ff & ((1 << 54) - 1)) | bits
    ep['ptes'][key] = new
    pa = ep['table_pa'][key[0]] + 8 * key[1]

    def access():
        # a load or store through one of the VAs: the translation the
        # fence must drop gets cached (or used) here
        va = r.choice(vas) + data_off(r, 8)
        op = r.choice(['ld', 'lbu', 'sd', 'sw'])
        return ['li %s, 0x%x' % (t, va), '%s %s, 0(%s)' % (op, t2, t)]
    lines = access()
    lines += ['li %s, 0x%x' % (t, pa), 'li %s, 0x%x' % (t2, new), 'sd %s, 0(%s)' % (t2, t)]
    global_ = (old | new) & 0x20
    form = r.choice(['all', 'va', 'asid', 'va+asid'] if not global_ else ['all', 'va'])
    if form == 'all':
        lines.append('sfence.vma')
    elif form == 'asid':
        lines += ['li %s, %d' % (t2, ep['asid']), 'sfence.vma x0, %s' % t2]
    else:
        for va in fence_vas:
            lines.append('li %s, 0x%x' % (t, va | r.randrange(4096)))
            if form == 'va':
                lines.append('sfence.vma %s' % t)
            else:
                lines += ['li %s, %d' % (t2, ep['asid']), 'sfence.vma %s, %s' % (t, t2)]
    lines += access()
    return Item(lines, comment='rewrite %s = %s, sfence %s' % (pte_name(*key), pte_flags(new),
                                                                  form))


def leaf_for(ep, desc):
    """The leaf PTE a test VA of this description reaches, or 0."""
    if desc.startswith('L0['):
        return ep['ptes'].get((ep['l0'], int(desc[3:-1])), 0)
    if desc == 'megapage':
        return ep['ptes'][(ep['l1'], 1)]
    if desc == 'gigapage':
        return ep['ptes'][(ep['root'], 3)]
    if desc == 'L1[2]':
        v = ep['ptes'][(ep['l1'], 2)]
        return ep['ptes'][(ep['l0'], 0)] if v & 0xf == 1 else v
    return 0


def paging_item(g, e, idx, ep):
    r = g.r
    mode = ep['mode']
    t, t2 = g.reg(), g.reg()
    while t2 == t:
        t2 = g.reg()
    base, desc = test_va(r)
    k = r.random()
    pre, comment = [], ''
    if mode == PRV_M:
        # M with MPRV: each access says which mode MPP lends it.  (A trap
        # leaves MPP = U after the handler's mret; QEMU 7.2 would keep
        # using TLB entries filled for the earlier MPP: README.)
        mpp = r.choice([PRV_S, PRV_U])
        pre = ['li %s, 0x%x' % (t, 3 << MSTATUS_MPP_SHIFT), 'csrc mstatus, %s' % t]
        if mpp:
            pre += ['li %s, 0x%x' % (t, mpp << MSTATUS_MPP_SHIFT), 'csrs mstatus, %s' % t]
        if not g.qd:
            pre.append('sfence.vma')    # QEMU 7.2 keeps TLB entries across MPP changes
        comment = ' as %s' % MODE_NAME[mpp]
    if mode == PRV_S and k >= 0.93:
        return pte_rewrite(g, ep, t, t2)
    leaf = leaf_for(ep, desc)
    if (k < 0.15 and mode == PRV_S and ep['sum'] and leaf & 0x19 == 0x19 and not g.qd):
        # QEMU 7.2 lets S fetch from a U page once an S load under SUM put
        # it in its TLB (README): fetch elsewhere
        k = 0.5
    if k < 0.15 and mode != PRV_M:   # fetch: jalr to the code area, which returns
        off = CODE_OFF + r.randrange(0, CODE_BYTES, 2)
        return Item(['li %s, 0x%x' % (t, base + off), 'jalr ra, 0(%s)' % t],
                    comment='fetch %s' % desc)
    it = paging_access(g, r, t, t2, base, desc, k)
    it.lines = pre + it.lines
    it.comment += comment
    return it


def paging_access(g, r, t, t2, base, desc, k):
    if k < 0.25:   # AMO / LR / SC, aligned
        size = r.choice([4, 8])
        w = 'w' if size == 4 else 'd'
        off = data_off(r, size) & ~(size - 1)
        x = r.random()
        if x < 0.6:
            op = r.choice(['amoswap', 'amoadd', 'amoor', 'amomaxu'])
            lines = ['%s.%s %s, %s, (%s)' % (op, w, t2, t2, t)]
        elif x < 0.8:
            lines = ['lr.%s %s, (%s)' % (w, t2, t), 'sc.%s %s, %s, (%s)' % (w, t2, t2, t)]
        else:
            lines = ['sc.%s %s, %s, (%s)' % (w, t2, t2, t)]
        return Item(['li %s, 0x%x' % (t, base + off)] + lines, comment='atomic %s' % desc)
    store = r.random() < 0.45
    if store:
        op, size = r.choice([('sb', 1), ('sh', 2), ('sw', 4), ('sd', 8), ('fsd', 8), ('fsw', 4)])
    else:
        op, size = r.choice([('lb', 1), ('lhu', 2), ('lw', 4), ('ld', 8), ('fld', 8), ('flw', 4)])
    if r.random() < 0.12:    # crossing into the next page
        off = 4096 - r.randrange(1, size) if size > 1 else 4095
    else:
        off = data_off(r, size)
        if r.random() < 0.7:
            off -= off % size
    reg = 'f%d' % r.randrange(32) if op.startswith('f') else t2
    imm = r.randrange(-64, 64) if r.random() < 0.3 else 0
    return Item(['li %s, 0x%x' % (t, (base + off - imm) & (2**64 - 1)),
                 '%s %s, %d(%s)' % (op, reg, imm, t)], comment='%s %s' % ('store' if store else 'load', desc))


# ---------------------------------------------------------------- main

def listing(kind, seed, qd=False):
    """One text per item, in --cut order, for reports."""
    if kind == 'user':
        r = random.Random('user-%d' % seed)
        n = r.randrange(120, 260)
        eps = [{'title': 'user program', 'items': UserGen(r, qd).generate(n)}]
    else:
        eps = priv_episodes(seed, qd)[1]
    out = []
    for e, ep in enumerate(eps):
        for i, it in enumerate(ep['items']):
            lines = [l.replace('@T', 'item %d' % it.target) if it.target is not None else l
                     for l in it.lines]
            head = '[%d]' % len(out)
            if kind != 'user':
                head += ' episode %d (%s), item %d' % (e, ep['title'], i)
            if it.comment:
                head += ' /* %s */' % it.comment
            out.append(head + '\n' + '\n'.join('      ' + l for l in lines))
    return out


def program(kind, seed, cut=None, qd=False):
    if kind == 'user':
        return user_program(seed, cut, qd)
    return priv_program(seed, cut, qd)


def kinds_for(kind, seed):
    if kind == 'all':
        return 'user' if seed % 3 else 'priv'
    return kind


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--kind', default='user', choices=['user', 'priv', 'all'])
    ap.add_argument('--cut', type=int)
    ap.add_argument('--qemu-divergent', action='store_true')
    ap.add_argument('--batch', metavar='DIR')
    ap.add_argument('--list', metavar='K', type=int,
                    help='print items K-4..K of SEED (the report of tests/diff/run)')
    ap.add_argument('--first', type=int, default=1)
    ap.add_argument('--count', type=int, default=1)
    ap.add_argument('seed', nargs='?', type=int)
    ap.add_argument('out', nargs='?')
    a = ap.parse_args()
    if a.batch:
        os.makedirs(a.batch, exist_ok=True)
        for s in range(a.first, a.first + a.count):
            kind = kinds_for(a.kind, s)
            text, n = program(kind, s, None, a.qemu_divergent)
            with open(os.path.join(a.batch, '%s-%d.S' % (kind, s)), 'w') as f:
                f.write(text)
            print('%s-%d %d' % (kind, s, n))
        return 0
    if a.list is not None and a.seed is not None:
        items = listing(kinds_for(a.kind, a.seed), a.seed, a.qemu_divergent)
        for k in range(max(0, a.list - 4), min(len(items), a.list + 1)):
            print(('=> ' if k == a.list else '   ') + items[k])
        return 0
    if a.seed is None or a.out is None:
        ap.error('SEED and OUT.S are required without --batch')
    kind = kinds_for(a.kind, a.seed)
    text, n = program(kind, a.seed, a.cut, a.qemu_divergent)
    with open(a.out, 'w') as f:
        f.write(text)
    print('%s-%d %d' % (kind, a.seed, n))
    return 0


if __name__ == '__main__':
    sys.exit(main())
