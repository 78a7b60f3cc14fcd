/*
 * test_exec_fast.c - the inline step loop (emu/exec_fast.c) against the
 * reference loop (hart.c), on random programs.
 *
 * Two identical fixtures load the same random program and data. Hart A
 * runs hart_run as the machine does, which takes exec_fast.c; hart B has
 * an instruction hook (that does nothing), which keeps hart_run on the
 * reference loop. Both run the same sequence of budgets, and after every
 * call the instruction count it returned, the registers (x, f, pc,
 * instret, fflags, frm, mstatus, trap CSRs) and the data memory must be
 * equal. The programs mix what exec_fast.c does inline and what it sends
 * out of line: integer and M instructions, compressed ones, loads and
 * stores, branches within and across pages, jumps, AMOs, LR/SC, double
 * arithmetic on awkward operands with every rounding mode (the host-FPU
 * fast path against fpu.c), CSR reads and writes (instret, fflags, frm,
 * mstatus.FS), fence.i and traps; each ends in a spin loop (plain or
 * amoswap), so the spin-loop skip must stop at the same instruction as
 * the reference does, for budgets that are not multiples of the loop.
 */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hart_fixture.h"
#include "riscv.h"

#define CODE      (FX_RAM_BASE + 0x1000)     /* program: several pages    */
#define CODE_MAX  0x6000
#define HANDLER   (FX_RAM_BASE + 0x100)      /* M trap handler             */
#define DATA_SIZE 0x4000
#define BASE      8                          /* s0: data base, never written */
#define LOOPREG   31                         /* t6: loop counters          */
#define F64_SIGN_BIT 0x8000000000000000ull

static uint64_t rng_state;

static uint64_t rnd(void)
{
    /* xorshift64*: deterministic per seed. */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545f4914f6cdd1dULL;
}

static unsigned pick(unsigned n) { return (unsigned)(rnd() % n); }

/* A destination: any register but the data base and the loop counter;
 * x0 now and then, which must change nothing. */
static unsigned rd_any(void)
{
    unsigned r;
    do
        r = pick(8) == 0 ? 0 : 1 + pick(30);
    while (r == BASE || r == LOOPREG);
    return r;
}

static unsigned rs_any(void) { return pick(32); }

/* ---- compressed encoders (unprivileged spec ch. 16, RVC listings) ---- */

static uint16_t c_addi(unsigned rd, int imm)
{
    unsigned u = (unsigned)imm & 0x3f;
    return (uint16_t)(0x0001 | ((u >> 5) << 12) | (rd << 7) | ((u & 0x1f) << 2));
}
static uint16_t c_li(unsigned rd, int imm)
{
    unsigned u = (unsigned)imm & 0x3f;
    return (uint16_t)(0x4001 | ((u >> 5) << 12) | (rd << 7) | ((u & 0x1f) << 2));
}
static uint16_t c_mv(unsigned rd, unsigned rs2) { return (uint16_t)(0x8002 | (rd << 7) | (rs2 << 2)); }
static uint16_t c_add(unsigned rd, unsigned rs2) { return (uint16_t)(0x9002 | (rd << 7) | (rs2 << 2)); }
static uint16_t c_lw(unsigned rdp, unsigned rs1p, unsigned off)
{
    return (uint16_t)(0x4000 | (((off >> 3) & 7) << 10) | (rs1p << 7) | (((off >> 2) & 1) << 6) |
                      (((off >> 6) & 1) << 5) | (rdp << 2));
}
static uint16_t c_sd(unsigned rs2p, unsigned rs1p, unsigned off)
{
    return (uint16_t)(0xe000 | (((off >> 3) & 7) << 10) | (rs1p << 7) | (((off >> 6) & 3) << 5) |
                      (rs2p << 2));
}
static uint16_t c_bnez(unsigned rs1p, int off)
{
    unsigned u = (unsigned)off;
    return (uint16_t)(0xe001 | (((u >> 8) & 1) << 12) | (((u >> 3) & 3) << 10) | (rs1p << 7) |
                      (((u >> 6) & 3) << 5) | (((u >> 1) & 3) << 3) | (((u >> 5) & 1) << 2));
}
static uint16_t c_j(int off)
{
    unsigned u = (unsigned)off;
    return (uint16_t)(0xa001 | (((u >> 11) & 1) << 12) | (((u >> 4) & 1) << 11) |
                      (((u >> 8) & 3) << 9) | (((u >> 10) & 1) << 8) | (((u >> 6) & 1) << 7) |
                      (((u >> 7) & 1) << 6) | (((u >> 1) & 7) << 3) | (((u >> 5) & 1) << 2));
}

/* ---- FP encoders ---- */

static uint32_t fp_r(unsigned f7, unsigned rm, unsigned rd, unsigned rs1, unsigned rs2)
{
    return enc_r(OPC_OP_FP, rm, f7, rd, rs1, rs2);
}
static uint32_t fsd(unsigned rs2, unsigned rs1, int off) { return enc_s(OPC_STORE_FP, 3, rs1, rs2, off); }

/* Doubles that exercise the fast path's edges: normal values of every
 * size, exact and inexact results, zeros, subnormals, infinities, NaNs,
 * the extremes of the exponent range. */
static uint64_t fp_operand(void)
{
    static const uint64_t special[] = {
        0x0000000000000000ull, 0x8000000000000000ull, 0x0000000000000001ull,
        0x000fffffffffffffull, 0x0010000000000000ull, 0x8010000000000000ull,
        0x7fefffffffffffffull, 0x7ff0000000000000ull, 0xfff0000000000000ull,
        0x7ff8000000000000ull, 0x7ff4000000000000ull, 0x3ff0000000000000ull,
        0xbff0000000000000ull, 0x4000000000000000ull, 0x3fe0000000000000ull,
        0x1010000000000000ull, 0x6ff0000000000000ull, 0x0ff0000000000000ull,
        0x4340000000000000ull, 0x3ff0000000000001ull, 0x400921fb54442d18ull,
    };
    switch (pick(5)) {
    case 4: {
        /* Few significant bits, any exponent nearby: products and sums
         * right at the edge of exact. */
        uint64_t frac = (rnd() >> 12) & ~((1ull << pick(53)) - 1);
        return ((uint64_t)pick(2) << 63) | ((uint64_t)(0x3f0 + pick(32)) << 52) | frac;
    }
    case 0:
        return special[pick(sizeof(special) / sizeof(special[0]))];
    case 1: {
        /* Small integers: sums and products are often exact. */
        int64_t v = (int64_t)pick(2001) - 1000;
        double d = (double)v;
        uint64_t b;
        memcpy(&b, &d, 8);
        return b;
    }
    case 2:
        /* Any exponent. */
        return rnd();
    default:
        /* Near 1, random fraction. */
        return (0x3ffull << 52) | (rnd() >> 12) | ((uint64_t)pick(2) << 63);
    }
}

/* Forward branches and jumps are emitted with a placeholder and pointed
 * at the start of a later instruction once the program is complete, so
 * that no target falls inside an instruction. */
enum fix_kind { FIX_B, FIX_CBNEZ, FIX_CJ, FIX_JAL };
#define MAX_UNITS 8192
#define MAX_FIXES 2048

struct prog {
    uint8_t  code[CODE_MAX];
    unsigned len;                    /* bytes used                         */
    unsigned starts[MAX_UNITS];      /* offsets where instructions start   */
    unsigned nstarts;
    bool     inside;                 /* in a sequence: not a branch target */
    struct { unsigned at; enum fix_kind kind; uint32_t word; } fix[MAX_FIXES];
    unsigned nfix;
    uint8_t  data[DATA_SIZE];
    uint64_t x[32], f[32];
    unsigned frm, fs;
};

static void put32(struct prog *p, uint32_t w)
{
    if (p->nstarts < MAX_UNITS && !p->inside)
        p->starts[p->nstarts++] = p->len;
    memcpy(p->code + p->len, &w, 4);
    p->len += 4;
}

static void put16(struct prog *p, uint16_t w)
{
    if (p->nstarts < MAX_UNITS && !p->inside)
        p->starts[p->nstarts++] = p->len;
    memcpy(p->code + p->len, &w, 2);
    p->len += 2;
}

/* A forward control transfer; word holds the fields other than the
 * offset (for FIX_B: an enc_b with offset 0; FIX_JAL: rd). */
static void put_fix(struct prog *p, enum fix_kind kind, uint32_t word)
{
    if (p->nfix < MAX_FIXES) {
        p->fix[p->nfix].at = p->len;
        p->fix[p->nfix].kind = kind;
        p->fix[p->nfix].word = word;
        p->nfix++;
    }
    if (kind == FIX_B || kind == FIX_JAL)
        put32(p, RV_NOP);
    else
        put16(p, 0x0001);   /* c.nop */
}

/* Point every forward transfer at a later instruction start in reach. */
static void apply_fixes(struct prog *p)
{
    for (unsigned k = 0; k < p->nfix; k++) {
        unsigned at = p->fix[k].at, reach;
        switch (p->fix[k].kind) {
        case FIX_CBNEZ: reach = 254; break;
        case FIX_CJ:    reach = 2046; break;
        default:        reach = pick(4) == 0 ? 8190 : 160; break;
        }
        /* A random start after at, within reach (the next one if none). */
        unsigned lo = 0;
        while (lo < p->nstarts && p->starts[lo] <= at)
            lo++;
        unsigned hi = lo;
        while (hi < p->nstarts && p->starts[hi] - at <= reach)
            hi++;
        if (lo >= p->nstarts)
            continue;                /* the last instruction: leave the nop */
        unsigned target = p->starts[hi > lo ? lo + pick(hi - lo) : lo];
        int off = (int)(target - at);
        uint32_t w = p->fix[k].word;
        switch (p->fix[k].kind) {
        case FIX_B:
            w |= enc_b(0, 0, 0, off);
            memcpy(p->code + at, &w, 4);
            break;
        case FIX_JAL:
            w = rv_jal(w, off);
            memcpy(p->code + at, &w, 4);
            break;
        case FIX_CBNEZ: {
            uint16_t c = c_bnez(w, off);
            memcpy(p->code + at, &c, 2);
            break;
        }
        case FIX_CJ: {
            uint16_t c = c_j(off);
            memcpy(p->code + at, &c, 2);
            break;
        }
        }
    }
}

static int32_t data_off(unsigned align)
{
    return (int32_t)(pick(2048 / align) * align);
}

/* One random instruction (or a short sequence) at the end of p. */
static void emit_one(struct prog *p)
{
    static uint32_t (*const rr[])(unsigned, unsigned, unsigned) = {
        rv_add, rv_sub, rv_sll, rv_slt, rv_sltu, rv_xor, rv_srl, rv_sra, rv_or, rv_and,
        rv_addw, rv_subw, rv_sllw, rv_srlw, rv_sraw, rv_mul, rv_mulh, rv_mulhsu, rv_mulhu,
        rv_div, rv_divu, rv_rem, rv_remu, rv_mulw, rv_divw, rv_divuw, rv_remw, rv_remuw,
    };
    static uint32_t (*const ri[])(unsigned, unsigned, int32_t) = {
        rv_addi, rv_slti, rv_sltiu, rv_xori, rv_ori, rv_andi, rv_addiw,
    };
    static uint32_t (*const ld[])(unsigned, unsigned, int32_t) = {
        rv_lb, rv_lh, rv_lw, rv_ld, rv_lbu, rv_lhu, rv_lwu,
    };
    static const unsigned ld_size[] = { 1, 2, 4, 8, 1, 2, 4 };
    static uint32_t (*const st[])(unsigned, unsigned, int32_t) = { rv_sb, rv_sh, rv_sw, rv_sd };
    static uint32_t (*const amo[])(unsigned, unsigned, unsigned) = {
        rv_amoswap_w, rv_amoadd_w, rv_amoor_w, rv_amoand_w, rv_amoxor_w, rv_amomax_w,
        rv_amoswap_d, rv_amoadd_d, rv_amoor_d, rv_amoand_d, rv_amominu_d,
    };
    static const unsigned fp_rm[] = { 0, 1, 2, 3, 4, 7, 7, 7, 0, 0 };
    unsigned k = pick(100);
    if (k < 25) {
        put32(p, rr[pick(sizeof(rr) / sizeof(rr[0]))](rd_any(), rs_any(), rs_any()));
    } else if (k < 40) {
        put32(p, ri[pick(sizeof(ri) / sizeof(ri[0]))](rd_any(), rs_any(), (int32_t)pick(4096) - 2048));
    } else if (k < 44) {
        switch (pick(4)) {
        case 0: put32(p, rv_slli(rd_any(), rs_any(), pick(64))); break;
        case 1: put32(p, rv_srai(rd_any(), rs_any(), pick(64))); break;
        case 2: put32(p, rv_srliw(rd_any(), rs_any(), pick(32))); break;
        default: put32(p, rv_lui(rd_any(), (uint32_t)rnd() & 0xfffff)); break;
        }
    } else if (k < 50) {
        unsigned n = pick(7);
        put32(p, ld[n](rd_any(), BASE, data_off(ld_size[n])));
    } else if (k < 55) {
        unsigned n = pick(4);
        put32(p, st[n](rs_any(), BASE, data_off(1u << n)));
    } else if (k < 62) {
        /* Compressed. */
        unsigned r = rd_any();
        switch (pick(6)) {
        case 0: if (r) put16(p, c_addi(r, (int)pick(63) - 31)); else put16(p, 0x0001); break;
        case 1: if (r) put16(p, c_li(r, (int)pick(63) - 31)); else put16(p, 0x0001); break;
        case 2: if (r && pick(32)) put16(p, c_mv(r, 1 + pick(31))); else put16(p, 0x0001); break;
        case 3: if (r && pick(32)) put16(p, c_add(r, 1 + pick(31))); else put16(p, 0x0001); break;
        case 4: put16(p, c_lw(1 + pick(7), 0, pick(32) * 4)); break;   /* x9..x15 <- 0(s0) */
        default: put16(p, c_sd(pick(8), 0, pick(32) * 8)); break;
        }
    } else if (k < 70) {
        /* Forward branches, short or across a page (apply_fixes). */
        static const unsigned f3[] = { 0, 1, 4, 5, 6, 7 };
        if (pick(4) == 0)
            put_fix(p, FIX_CBNEZ, pick(8));
        else
            put_fix(p, FIX_B, enc_b(f3[pick(6)], rs_any(), rs_any(), 0));
    } else if (k < 73) {
        if (pick(2))
            put_fix(p, FIX_CJ, 0);
        else
            put_fix(p, FIX_JAL, rd_any());
    } else if (k < 75) {
        /* jalr to pc + 12 (via auipc), linking or not. */
        unsigned t = rd_any();
        if (!t)
            t = 5;
        put32(p, rv_auipc(t, 0));
        p->inside = true;
        put32(p, rv_jalr(rd_any(), t, 12));
        put32(p, RV_NOP);
        p->inside = false;
    } else if (k < 78) {
        /* A counted loop: backward branch, not a spin loop. */
        put32(p, rv_addi(LOOPREG, 0, 1 + (int32_t)pick(20)));
        p->inside = true;
        put32(p, rv_add(rd_any(), rs_any(), rs_any()));
        put32(p, rv_addi(LOOPREG, LOOPREG, -1));
        put32(p, rv_blt(0, LOOPREG, -8));
        p->inside = false;
    } else if (k < 82) {
        put32(p, amo[pick(sizeof(amo) / sizeof(amo[0]))](rd_any(), BASE, rs_any()));
    } else if (k < 83) {
        put32(p, rv_lr_d(rd_any(), BASE, 0));
        p->inside = true;
        put32(p, rv_sc_d(rd_any(), BASE, rs_any()));
        p->inside = false;
    } else if (k < 92) {
        /* Double precision: operands loaded from the data area. */
        unsigned rd = pick(32), a = pick(32), b = pick(32), rm = fp_rm[pick(10)];
        switch (pick(11)) {
        case 0: put32(p, rv_fld(rd, BASE, data_off(8))); break;
        case 1: put32(p, fsd(a, BASE, data_off(8))); break;
        case 2: put32(p, fp_r(0x01, rm, rd, a, b)); break;                /* fadd.d  */
        case 3: put32(p, fp_r(0x05, rm, rd, a, b)); break;                /* fsub.d  */
        case 4: put32(p, fp_r(0x09, rm, rd, a, b)); break;                /* fmul.d  */
        case 5: put32(p, fp_r(0x0d, rm, rd, a, b)); break;                /* fdiv.d  */
        case 6: put32(p, fp_r(0x2d, rm, rd, a, 0)); break;                /* fsqrt.d */
        case 7: put32(p, fp_r(0x11, pick(3), rd, a, b)); break;           /* fsgnj*  */
        case 8: put32(p, fp_r(0x51, pick(3), rd_any(), a, b)); break;     /* fle/flt/feq */
        case 9: put32(p, rv_fmv_x_d(rd_any(), a)); break;
        default: put32(p, fp_r(0x79, 0, rd, rs_any(), 0)); break;         /* fmv.d.x */
        }
        /* Often: collect this operation's flags in a register and clear
         * them, so each result's NX, OF, UF, DZ, NV is compared. */
        if (pick(2)) {
            p->inside = true;
            put32(p, rv_csrrw(rd_any(), CSR_FFLAGS, 0));
            p->inside = false;
        }
    } else if (k < 96) {
        /* CSRs the fast loop must see change: counters, FP state. */
        switch (pick(6)) {
        case 0: put32(p, rv_csrrs(rd_any(), CSR_MINSTRET, 0)); break;
        case 1: put32(p, rv_csrrs(rd_any(), CSR_CYCLE, 0)); break;
        case 2: put32(p, rv_csrrwi(rd_any(), CSR_FRM, pick(5))); break;
        case 3: put32(p, rv_csrrwi(0, CSR_FFLAGS, pick(2) ? 0 : 1)); break;
        case 4: put32(p, rv_csrrw(rd_any(), CSR_MSCRATCH, rs_any())); break;
        default:
            /* mstatus.FS: Off now and then (FP then traps), else Dirty or
             * Initial, through t0 (x5). */
            put32(p, rv_addi(5, 0, (int32_t)pick(4)));
            p->inside = true;
            put32(p, rv_slli(5, 5, MSTATUS_FS_SHIFT));
            put32(p, rv_addi(6, 0, 3));
            put32(p, rv_slli(6, 6, MSTATUS_FS_SHIFT));
            put32(p, rv_csrrc(0, CSR_MSTATUS, 6));
            put32(p, rv_csrrs(0, CSR_MSTATUS, 5));
            p->inside = false;
            break;
        }
    } else if (k < 97) {
        put32(p, 0x0000100fu);   /* fence.i */
    } else if (k < 98) {
        put32(p, RV_ECALL);      /* traps to the handler, which skips it */
    } else {
        put32(p, 0x0ff0000fu);   /* fence */
    }
}

/* The end: a loop that never leaves, which the fast loop may skip. */
static void emit_spin(struct prog *p)
{
    if (pick(2)) {
        /* while (!flag) ; with the flag word at data + 2040 kept 0 */
        put32(p, rv_lw(15, BASE, 2040));
        put32(p, rv_beq(15, 0, -4));
    } else {
        /* acquire() on a held lock: amoswap of 1 over 1 */
        put32(p, rv_addi(14, 0, 1));
        put32(p, rv_addi(15, 14, 0));
        put32(p, rv_amoswap_w(15, BASE, 15));
        put32(p, rv_addiw(15, 15, 0));
        put32(p, rv_bne(15, 0, -12));
    }
    put32(p, rv_jal(0, 0));   /* should the loop end: stay here */
}

static void make_prog(struct prog *p, unsigned seed)
{
    memset(p, 0, sizeof(*p));
    rng_state = 0x9e3779b97f4a7c15ull ^ ((uint64_t)seed * 0x100000001b3ull);
    while (p->len + 64 < CODE_MAX - 64)
        emit_one(p);
    while (p->len < CODE_MAX - 64)
        put32(p, RV_NOP);
    emit_spin(p);
    apply_fixes(p);
    for (unsigned k = 0; k < DATA_SIZE; k += 8) {
        uint64_t v = pick(3) == 0 ? fp_operand() : rnd();
        memcpy(p->data + k, &v, 8);
    }
    /* The spin loops' words: the flag at data + 2040 is 0, the lock at
     * data + 0 is 1 (load() sets it); random stores may change either,
     * and then the loop ends early, identically on both harts. */
    memset(p->data + 2040, 0, 8);
    for (unsigned k = 0; k < 32; k++) {
        p->x[k] = pick(4) == 0 ? pick(16) : rnd();
        p->f[k] = fp_operand();
    }
    p->x[0] = 0;
    p->x[BASE] = FX_DATA;
    p->x[LOOPREG] = 0;
    p->frm = pick(5);
    p->fs = 1 + pick(3);
}

static void nop_hook(struct hart *h, const struct insn *i, uint64_t pc)
{
    (void)h, (void)i, (void)pc;
}

static struct fx *load(const struct prog *p, bool reference)
{
    struct fx *f = fx_new();
    /* Handler: mepc += 4; mret (back to M). */
    static const uint32_t handler[] = {
        0x34102373u,   /* csrrs t1, mepc, x0 */
        0x00430313u,   /* addi t1, t1, 4 */
        0x34131073u,   /* csrrw x0, mepc, t1 */
        0x30200073u,   /* mret */
    };
    for (unsigned k = 0; k < 4; k++)
        fx_write(f, HANDLER + 4 * k, handler[k], 4);
    for (unsigned k = 0; k < p->len; k += 2) {
        uint16_t w;
        memcpy(&w, p->code + k, 2);
        fx_write(f, CODE + k, w, 2);
    }
    uint8_t *d = bus_ram_ptr(f->bus, FX_DATA, DATA_SIZE);
    memcpy(d, p->data, DATA_SIZE);
    uint32_t one = 1;
    memcpy(d, &one, 4);
    bus_ram_written(f->bus, FX_DATA, DATA_SIZE);
    struct hart *h = &f->h;
    memcpy(h->x, p->x, sizeof(h->x));
    memcpy(h->f, p->f, sizeof(h->f));
    h->frm = p->frm;
    h->mstatus = (h->mstatus & ~MSTATUS_FS) | ((uint64_t)p->fs << MSTATUS_FS_SHIFT) |
                 ((uint64_t)PRV_M << MSTATUS_MPP_SHIFT);
    h->mtvec = HANDLER;
    h->pc = CODE;
    if (reference)
        h->insn_hook = nop_hook;
    return f;
}

static void compare(struct fx *a, struct fx *b, unsigned seed, uint64_t done)
{
    const struct hart *x = &a->h, *y = &b->h;
    for (unsigned k = 0; k < 32; k++) {
        ck_assert_msg(x->x[k] == y->x[k], "seed %u after %llu: x%u %llx vs %llx (pc %llx)", seed,
                      (unsigned long long)done, k, (unsigned long long)x->x[k],
                      (unsigned long long)y->x[k], (unsigned long long)y->pc);
        ck_assert_msg(x->f[k] == y->f[k], "seed %u after %llu: f%u %llx vs %llx (pc %llx)", seed,
                      (unsigned long long)done, k, (unsigned long long)x->f[k],
                      (unsigned long long)y->f[k], (unsigned long long)y->pc);
    }
    ck_assert_msg(x->pc == y->pc, "seed %u after %llu: pc %llx vs %llx", seed,
                  (unsigned long long)done, (unsigned long long)x->pc, (unsigned long long)y->pc);
    ck_assert_msg(x->instret == y->instret, "seed %u after %llu: instret %llu vs %llu", seed,
                  (unsigned long long)done, (unsigned long long)x->instret,
                  (unsigned long long)y->instret);
    ck_assert_msg(x->fflags == y->fflags, "seed %u after %llu: fflags %x vs %x (pc %llx)", seed,
                  (unsigned long long)done, x->fflags, y->fflags, (unsigned long long)y->pc);
    ck_assert_uint_eq(x->frm, y->frm);
    ck_assert_uint_eq(x->mstatus, y->mstatus);
    ck_assert_uint_eq(x->mepc, y->mepc);
    ck_assert_uint_eq(x->mcause, y->mcause);
    ck_assert_uint_eq(x->mscratch, y->mscratch);
    ck_assert_msg(memcmp(bus_ram_ptr(a->bus, FX_DATA, DATA_SIZE),
                         bus_ram_ptr(b->bus, FX_DATA, DATA_SIZE), DATA_SIZE) == 0,
                  "seed %u after %llu: data differs", seed, (unsigned long long)done);
}

/* One slice as the machine's run_round gives it: hart_run again after
 * each early return (end_slice) until the budget is used or the hart
 * parks. exec_fast.c does the re-entry itself after CSR writes, so
 * single hart_run calls may differ; slices may not. */
static uint64_t run_slice(struct hart *h, uint64_t budget)
{
    uint64_t used = 0;
    while (used < budget && h->state == HART_RUNNING)
        used += hart_run(h, budget - used);
    return used;
}

static void run_prog(unsigned seed, uint64_t total)
{
    static struct prog p;
    make_prog(&p, seed);
    struct fx *a = load(&p, false), *b = load(&p, true);
    uint64_t done = 0;
    while (done < total) {
        /* Budgets like the machine's slices, and odd ones. */
        uint64_t n = pick(3) ? 1024 : 1 + pick(3000);
        uint64_t na = run_slice(&a->h, n), nb = run_slice(&b->h, n);
        ck_assert_msg(na == nb, "seed %u after %llu: slice of %llu ran %llu vs %llu (pc %llx)",
                      seed, (unsigned long long)done, (unsigned long long)n,
                      (unsigned long long)na, (unsigned long long)nb,
                      (unsigned long long)b->h.pc);
        compare(a, b, seed, done + na);
        done += na ? na : 1;
    }
    fx_free(a);
    fx_free(b);
}

START_TEST(random_programs)
{
    /* Each program runs into its final spin loop and stays there for a
     * while, so skipping is compared too. */
    for (unsigned seed = 1; seed <= 40; seed++)
        run_prog(seed, 60000);
}
END_TEST

/* The spin loops alone, for budgets of every residue modulo their length. */
START_TEST(spin_budgets)
{
    for (unsigned seed = 100; seed < 104; seed++) {
        static struct prog p;
        make_prog(&p, seed);
        p.len = 0;
        p.nstarts = 0;
        p.nfix = 0;
        emit_spin(&p);
        struct fx *a = load(&p, false), *b = load(&p, true);
        uint64_t done = 0;
        for (uint64_t n = 1; n < 300; n++) {
            uint64_t na = run_slice(&a->h, n), nb = run_slice(&b->h, n);
            ck_assert_uint_eq(na, nb);
            done += na;
            compare(a, b, seed, done);
        }
        fx_free(a);
        fx_free(b);
    }
}
END_TEST

/* Each double operation alone, over many operand pairs weighted towards
 * the fast path's edges (exactness, the exponent limits, zeros, NaNs),
 * with NX clear so that the inexact test itself is compared, in every
 * rounding mode. */
START_TEST(fp_operations)
{
    static const unsigned f7[] = { 0x01, 0x05, 0x09, 0x0d, 0x2d, 0x51 };
    static struct prog p;
    make_prog(&p, 200);
    /* Every operation with every rm field, written once (rewriting code
     * would send each run through the decoder, i.e. the reference). */
    p.len = 0;
    p.nstarts = p.nfix = 0;
    for (unsigned o = 0; o < 6; o++)
        for (unsigned rm = 0; rm < 8; rm++)
            put32(&p, fp_r(f7[o], f7[o] == 0x51 ? rm % 3 : rm, 3, 1, f7[o] == 0x2d ? 0 : 2));
    p.fs = 3;
    struct fx *a = load(&p, false), *b = load(&p, true);
    for (unsigned n = 0; n < 100000; n++) {
        unsigned o = pick(6), rm = f7[o] == 0x51 ? pick(3) : (pick(2) ? 7 : pick(5));
        uint64_t at = CODE + 4 * (8 * o + rm);
        uint32_t w = (uint32_t)fx_read(a, at, 4);
        uint64_t x = fp_operand(), y = fp_operand();
        if (pick(8) == 0)
            x = pick(2) ? 0 : F64_SIGN_BIT;      /* signed zeros */
        else if (pick(2)) {
            x = (x & ~(0x7ffull << 52)) | ((uint64_t)(0x3f0 + pick(32)) << 52);
            y = (y & ~(0x7ffull << 52)) | ((uint64_t)(0x3f0 + pick(32)) << 52);
        }
        unsigned frm = pick(3) ? 0 : pick(5), flags = pick(4) ? 0 : FFLAGS_NX;
        for (unsigned k = 0; k < 2; k++) {
            struct fx *f = k ? b : a;
            f->h.pc = at;
            f->h.f[1] = x;
            f->h.f[2] = y;
            f->h.f[3] = 0;
            f->h.frm = frm;
            f->h.fflags = flags;
            ck_assert_uint_eq(run_slice(&f->h, 1), 1);
        }
        ck_assert_msg(a->h.f[3] == b->h.f[3] && a->h.fflags == b->h.fflags &&
                      a->h.x[3] == b->h.x[3] && a->h.pc == b->h.pc,
                      "op %08x frm %u: %016llx, %016llx -> %016llx/%x vs %016llx/%x", w, frm,
                      (unsigned long long)x, (unsigned long long)y,
                      (unsigned long long)a->h.f[3], a->h.fflags,
                      (unsigned long long)b->h.f[3], b->h.fflags);
    }
    fx_free(a);
    fx_free(b);
}
END_TEST

static Suite *exec_fast_suite(void)
{
    Suite *s = suite_create("exec_fast");
    TCase *tc = tcase_create("differential");
    tcase_set_timeout(tc, 240);
    tcase_add_test(tc, random_programs);
    tcase_add_test(tc, spin_budgets);
    tcase_add_test(tc, fp_operations);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(exec_fast_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
