/*
 * exec_fast.c - the step loop with the common instructions inline.
 *
 * hart_run's reference loop (hart.c) costs some 40 host instructions per
 * guest instruction before the handler does any work: a fetch-TLB lookup,
 * an indirect call, x0, the pc, instret, the hooks and the budget. This
 * loop does the same work with less:
 *
 *  - Decoded instructions sit in their physical page's dpage, one slot per
 *    2-byte offset, so the next instruction of straight-line code is the
 *    slot len/2 further on: no TLB lookup until control leaves the page.
 *    A slot that is not decoded (never run, invalidated by a store, or the
 *    sentinel past the end of the page, dcache.h) sends the loop back to
 *    the fetch TLB, which decodes it.
 *  - Branches and jumps whose target lies in the same page move the slot
 *    pointer by the offset; only other targets go back to the fetch TLB.
 *  - The pc and instret are not kept in the hart while inline code runs:
 *    the pc follows from the slot's address (pc = (slot >> 3) + pcb; a
 *    slot is 16 bytes for 2 bytes of code), and the instructions retired
 *    since the last sync are rem0 - rem. Both are written back (SYNC)
 *    before anything that can look at them: every handler called out of
 *    line, the MMU slow paths, traps, and leaving the loop.
 *  - The integer and M instructions, loads, stores and AMOs on a TLB hit,
 *    the branches, and double-precision arithmetic (on the host's FPU when
 *    that is exact, see below) run inline, dispatched by computed goto (a
 *    GNU C extension the build allows: it gives each op its own indirect
 *    jump, which the host predicts far better than one shared switch).
 *  - Spin loops that cannot change anything during the slice are skipped
 *    to its end (below).
 *
 * What the guest sees does not change: every instruction does exactly
 * what its exec_*.c handler does (the rest call that handler), the loop
 * runs exactly max instructions unless end_slice stops it, and it stops
 * after exactly the same instruction as the reference loop. Inline
 * instructions cannot set end_slice (they touch only registers and
 * unwatched RAM through TLB hits); everything that can (handlers called
 * out of line, slow-path loads and stores reaching devices, traps and
 * their hooks) is followed by the check. A fetch that traps is not
 * followed by one in the reference loop, so an end_slice seen at the top
 * of the loop means "execute one more instruction carefully, then stop".
 * The one place the loop goes on where hart_run would return is after a
 * CSR write that ends the slice: it does there what the round's next
 * hart_run call would do first (see generic). tests/unit/test_exec_fast.c
 * and tests/guest/fast-vs-reference compare this loop with the reference.
 *
 * Instructions that change how the next one is fetched (satp and PMP
 * writes, priv instructions, fence.i, traps) go back through the fetch
 * TLB afterwards; the other out-of-line handlers (other CSRs, FP, atomics,
 * loads and stores that missed the TLB) continue with the next slot.
 */
#include "exec.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

#include "dcache.h"
#include "exec_m.h"
#include "fpu.h"
#include "mmu.h"

/* pc = (slot address >> 3) + pcb needs slots on 8-byte boundaries. */
_Static_assert(sizeof(struct insn) == 16, "a decoded slot is 16 bytes");
_Static_assert(offsetof(struct dpage, insn) == 0, "slots start the dpage");
_Static_assert(_Alignof(struct dpage) >= 8, "dpages are 8-byte aligned");

/* Ops whose out-of-line handler leaves the fetch state (priv, satp, the
 * TLB set, the decoded pages) alone, so the loop may go on to the next
 * slot. Everything else returns to the fetch TLB. */
static bool continues(enum op op)
{
    unsigned f = insn_table[op].flags;
    return op > OP_illegal && !(f & (F_CSR | F_PRIV | F_TRAP | F_ENDS_BLOCK | F_JUMP | F_BRANCH));
}

/*
 * Double-precision arithmetic on the host's FPU, when that gives exactly
 * what fpu.c would: round to nearest even (the host's mode; rvemu never
 * changes it), operands and result well inside the normal range, so that
 * neither overflow nor underflow can arise and the only possible flag is
 * NX. When NX is already set in fflags (it is sticky, and usually is
 * after the first inexact operation) that is all; otherwise whether the
 * result is inexact is decided exactly: the rounding
 * error of a sum is recovered by Knuth's TwoSum, that of a product,
 * quotient or square root by one fused multiply-add (the remainder is
 * representable in that range). Anything else (NaN, infinity,
 * subnormal, extreme exponents, another rounding mode) runs the handler,
 * i.e. fpu.c.
 */
static inline double dbl(uint64_t b)
{
    double d;
    memcpy(&d, &b, sizeof(d));
    return d;
}

static inline uint64_t bits(double d)
{
    uint64_t b;
    memcpy(&b, &d, sizeof(b));
    return b;
}

static inline unsigned exp_field(uint64_t b) { return (unsigned)(b >> 52) & 0x7ff; }
static inline bool is_zero(uint64_t b) { return (b << 1) == 0; }

/* Normal or zero: operands of a sum (TwoSum is exact for all finite). */
static inline bool plain(uint64_t b) { return exp_field(b) - 1u < 0x7feu || is_zero(b); }

/* Between 2^-767 and 2^768, or zero: products and quotients of two such
 * stay far from both ends of the exponent range, so the fma remainder
 * is exact. */
static inline bool mid(uint64_t b) { return exp_field(b) - 0x100u <= 0x5ffu || is_zero(b); }

static inline bool is_nan(uint64_t b) { return exp_field(b) == 0x7ff && (b << 12) != 0; }

/* Sum of a and b; false when fpu.c must decide. */
static inline bool fast_add(uint64_t a, uint64_t b, uint64_t *r, uint32_t *flags, bool nx)
{
    if (!plain(a) || !plain(b))
        return false;
    double x = dbl(a), y = dbl(b), s = x + y;
    uint64_t sb = bits(s);
    /* Infinite (overflow) or subnormal results are fpu.c's. A zero sum of
     * nonzero operands is exact cancellation: +0, no flags. */
    if (!(exp_field(sb) - 1u < 0x7feu) && !is_zero(sb))
        return false;
    *r = sb;
    *flags = 0;
    if (nx)
        return true;
    double yy = s - x, err = (x - (s - yy)) + (y - yy);
    *flags = err != 0 ? FFLAGS_NX : 0;
    return true;
}

static inline bool fast_mul(uint64_t a, uint64_t b, uint64_t *r, uint32_t *flags, bool nx)
{
    unsigned ea = exp_field(a), eb = exp_field(b);
    if (ea - 0x100u > 0x5ffu || eb - 0x100u > 0x5ffu) {
        if (!(is_zero(a) && mid(b)) && !(is_zero(b) && mid(a)))
            return false;
        *r = bits(dbl(a) * dbl(b));   /* a signed zero, exact */
        *flags = 0;
        return true;
    }
    uint64_t p = bits(dbl(a) * dbl(b));
    unsigned ep = exp_field(p);
    if (ep - 0x100u > 0x5ffu)
        return false;            /* heading for overflow or underflow */
    *r = p;
    *flags = 0;
    if (nx)
        return true;
    /* The significands (hidden bit included) multiply to 105 or 106 bits,
     * of which the result keeps 53, so the product is exact when it has
     * at least 52 (or 53) trailing zeros; those are the trailing zeros of
     * the two significands together. The exponent says which: it is one
     * more than ea + eb - bias when the product reached 106 bits (or was
     * rounded up into the next binade, which only an inexact product
     * can be, and then the test fails either way). */
    unsigned carry = ep - (ea + eb - 1023u);
    unsigned tz = (unsigned)__builtin_ctzll(a | (1ull << 52)) +
                  (unsigned)__builtin_ctzll(b | (1ull << 52));
    *flags = tz < 52u + carry ? FFLAGS_NX : 0;
    return true;
}

static inline bool fast_div(uint64_t a, uint64_t b, uint64_t *r, uint32_t *flags, bool nx)
{
    if (!mid(a) || !mid(b) || is_zero(b))
        return false;
    double x = dbl(a), y = dbl(b), q = x / y;
    uint64_t qb = bits(q);
    if (is_zero(a)) {
        *r = qb;
        *flags = 0;
        return true;
    }
    if (exp_field(qb) - 0x100u > 0x5ffu)
        return false;            /* may have overflowed or underflowed */
    *r = qb;
    *flags = !nx && fma(-q, y, x) != 0 ? FFLAGS_NX : 0;
    return true;
}

static inline bool fast_sqrt(uint64_t a, uint64_t *r, uint32_t *flags, bool nx)
{
    if (is_zero(a)) {
        *r = a;                  /* sqrt(+-0) = +-0 */
        *flags = 0;
        return true;
    }
    if ((a >> 63) || !mid(a))
        return false;
    double x = dbl(a), q = sqrt(x);
    *r = bits(q);
    *flags = !nx && fma(q, q, -x) != 0 ? FFLAGS_NX : 0;
    return true;
}

/*
 * Dispatch. A slot's xop (insn.h) indexes xops[], the labels of the loop
 * below. It is chosen the first time the loop meets the slot (xop 0 is
 * the "resolve" label; a decoded slot starts at 0) from the op, the
 * length and whether rd is x0, so that the code behind each label knows
 * how far the next slot is and never has to re-zero x0: an inline
 * instruction whose only effect is writing x0 gets a no-op label, and
 * the other ones writing x0 (loads, which may still fault) go out of line.
 */
#define XOPS_MAX 256
static const void *xops[XOPS_MAX];
static uint8_t xop_for[OP_COUNT][2][2];     /* [op][len == 2][rd == 0] */
/* Branches and jal whose target lies in the slot's own page: the target
 * slot is found by the offset alone. Whether it does is fixed for the
 * slot (its offset in the page and the immediate are), so it is decided
 * once, when the label is picked. 0 = no such variant. */
static uint8_t xop_near[OP_COUNT][2][2];
/* Backward branches in the same page first look for a spin loop (below);
 * a slot where none can be found drops to its xop_near label. */
static uint8_t xop_back[OP_COUNT][2];
static bool cont[OP_COUNT];
static bool is_csr[OP_COUNT];
static bool is_fp[OP_COUNT];

/*
 * Spin loops. A hart waiting for another (xv6's "while (!started)", or
 * acquire() spinning on amoswap) would run its whole slice: the other
 * hart cannot change anything until this slice ends. When a loop's body
 * only reads memory and registers, and one full iteration brings every
 * x register back to the value it had (and changed no memory: an
 * amoswap of the value already there), every later iteration of this
 * slice does exactly the same, so the loop skips whole iterations,
 * counting them as retired, and runs the last partial one for real: the
 * guest ends the slice in exactly the same state at exactly the same
 * instruction count. What it reads cannot change meanwhile: other harts
 * and devices act only between slices or through MMIO, which is out of
 * line (and any out-of-line step in the iteration cancels the skip).
 *
 * Every SPIN_EVERY-th taken backward branch whose loop body (branch
 * target to branch) holds only such instructions arms the check: the
 * registers are copied, and when the same branch is reached next, they
 * are compared. A branch whose body is not pure, or whose iteration
 * changed something, is demoted to the plain label and never checked
 * again (until its page is decoded anew).
 */
#define SPIN_EVERY 32
static bool spin_ok[OP_COUNT];

/* May the loop from head to br (its backward branch) be a spin loop? */
static bool spin_pure(const struct insn *head, const struct insn *br)
{
    for (const struct insn *p = head; p <= br; p += p->len / 2) {
        if (!spin_ok[p->op] || p->len == 0)
            return false;
        if (insn_table[p->op].flags & (F_BRANCH | F_JUMP)) {
            /* jalr is not in spin_ok; branch and jal targets must stay in
             * the loop (jal must not link). */
            const struct insn *t = p + p->imm / 2;
            if (t < head || t > br || (p->op == OP_jal && p->rd != 0))
                return false;
        }
    }
    return true;
}

uint64_t exec_fast_run(struct hart *h, uint64_t max)
{
    if (__builtin_expect(xops[0] == NULL, 0)) {
        unsigned n = 0;
#define LABEL(l) (xops[n] = (l), (uint8_t)n++)
        LABEL(&&resolve);
        uint8_t xu = LABEL(&&undecoded), xg = LABEL(&&generic);
        uint8_t nop4 = LABEL(&&op_nop_4), nop2 = LABEL(&&op_nop_2);
        for (unsigned k = 0; k < OP_COUNT; k++) {
            cont[k] = continues((enum op)k);
            is_csr[k] = (insn_table[k].flags & F_CSR) != 0;
            is_fp[k] = (insn_table[k].flags & F_FP) != 0;
            for (unsigned c = 0; c < 2; c++)
                xop_for[k][c][0] = xop_for[k][c][1] = k == OP_undecoded ? xu : xg;
        }
        /* kind: 0 writes no register, 1 an ALU result (x0: no-op), 2 a
         * loaded value (x0: out of line). */
#define INLINE(name, kind) do {                                              \
            uint8_t l4 = LABEL(&&op_##name##_4), l2 = LABEL(&&op_##name##_2); \
            xop_for[OP_##name][0][0] = l4;                                   \
            xop_for[OP_##name][1][0] = l2;                                   \
            xop_for[OP_##name][0][1] = (kind) == 0 ? l4 : (kind) == 1 ? nop4 : xg; \
            xop_for[OP_##name][1][1] = (kind) == 0 ? l2 : (kind) == 1 ? nop2 : xg; \
        } while (0)
        INLINE(lui, 1); INLINE(auipc, 1);
        INLINE(beq, 0); INLINE(bne, 0); INLINE(blt, 0); INLINE(bge, 0);
        INLINE(bltu, 0); INLINE(bgeu, 0);
        INLINE(lb, 2); INLINE(lh, 2); INLINE(lw, 2); INLINE(ld, 2);
        INLINE(lbu, 2); INLINE(lhu, 2); INLINE(lwu, 2);
        INLINE(sb, 0); INLINE(sh, 0); INLINE(sw, 0); INLINE(sd, 0);
        INLINE(addi, 1); INLINE(slti, 1); INLINE(sltiu, 1); INLINE(xori, 1);
        INLINE(ori, 1); INLINE(andi, 1); INLINE(slli, 1); INLINE(srli, 1); INLINE(srai, 1);
        INLINE(add, 1); INLINE(sub, 1); INLINE(sll, 1); INLINE(slt, 1); INLINE(sltu, 1);
        INLINE(xor, 1); INLINE(srl, 1); INLINE(sra, 1); INLINE(or, 1); INLINE(and, 1);
        INLINE(addiw, 1); INLINE(slliw, 1); INLINE(srliw, 1); INLINE(sraiw, 1);
        INLINE(addw, 1); INLINE(subw, 1); INLINE(sllw, 1); INLINE(srlw, 1); INLINE(sraw, 1);
        INLINE(mul, 1); INLINE(mulw, 1); INLINE(fence, 0);
        INLINE(mulh, 1); INLINE(mulhsu, 1); INLINE(mulhu, 1);
        INLINE(div, 1); INLINE(divu, 1); INLINE(rem, 1); INLINE(remu, 1);
        INLINE(divw, 1); INLINE(divuw, 1); INLINE(remw, 1); INLINE(remuw, 1);
        /* Jumps: with rd = x0 (j, jr, ret) there is no link to write. */
        INLINE(jal, 0); INLINE(jalr, 0);
        xop_for[OP_jal][0][1] = LABEL(&&op_j_4);
        xop_for[OP_jal][1][1] = LABEL(&&op_j_2);
        xop_for[OP_jalr][0][1] = LABEL(&&op_jr_4);
        xop_for[OP_jalr][1][1] = LABEL(&&op_jr_2);
#define NEAR(name) do {                                                      \
            xop_near[OP_##name][0][0] = xop_near[OP_##name][0][1] = LABEL(&&op_##name##_n4); \
            xop_near[OP_##name][1][0] = xop_near[OP_##name][1][1] = LABEL(&&op_##name##_n2); \
        } while (0)
        NEAR(beq); NEAR(bne); NEAR(blt); NEAR(bge); NEAR(bltu); NEAR(bgeu);
        xop_near[OP_jal][0][0] = LABEL(&&op_jal_n4);
        xop_near[OP_jal][1][0] = LABEL(&&op_jal_n2);
        xop_near[OP_jal][0][1] = LABEL(&&op_j_n4);
        xop_near[OP_jal][1][1] = LABEL(&&op_j_n2);
        /* Double precision: f registers have no x0 to protect; the ones
         * writing x registers go out of line for rd = x0. */
        INLINE(fld, 0); INLINE(fsd, 0); INLINE(flw, 0); INLINE(fsw, 0);
        INLINE(fadd_d, 0); INLINE(fsub_d, 0); INLINE(fmul_d, 0); INLINE(fdiv_d, 0);
        INLINE(fsqrt_d, 0); INLINE(fsgnj_d, 0); INLINE(fsgnjn_d, 0); INLINE(fsgnjx_d, 0);
        INLINE(fmv_d_x, 0);
        INLINE(feq_d, 2); INLINE(flt_d, 2); INLINE(fle_d, 2); INLINE(fmv_x_d, 2);
        /* Atomics on a TLB store hit (exec_rv64a.c's amo(), without the
         * call); rd = x0 is re-zeroed. */
        INLINE(amoswap_w, 0); INLINE(amoswap_d, 0); INLINE(amoadd_w, 0); INLINE(amoadd_d, 0);
        INLINE(amoor_w, 0); INLINE(amoor_d, 0); INLINE(amoand_w, 0); INLINE(amoand_d, 0);
#define BACK(name) do {                                                      \
            xop_back[OP_##name][0] = LABEL(&&op_##name##_b4);                \
            xop_back[OP_##name][1] = LABEL(&&op_##name##_b2);                \
        } while (0)
        BACK(beq); BACK(bne); BACK(blt); BACK(bge); BACK(bltu); BACK(bgeu);
        static const enum op pure[] = {
            OP_lui, OP_auipc, OP_addi, OP_slti, OP_sltiu, OP_xori, OP_ori, OP_andi,
            OP_slli, OP_srli, OP_srai, OP_add, OP_sub, OP_sll, OP_slt, OP_sltu, OP_xor,
            OP_srl, OP_sra, OP_or, OP_and, OP_addiw, OP_slliw, OP_srliw, OP_sraiw,
            OP_addw, OP_subw, OP_sllw, OP_srlw, OP_sraw, OP_mul, OP_mulw, OP_fence,
            OP_lb, OP_lh, OP_lw, OP_ld, OP_lbu, OP_lhu, OP_lwu,
            OP_beq, OP_bne, OP_blt, OP_bge, OP_bltu, OP_bgeu, OP_jal,
            OP_amoswap_w, OP_amoswap_d, OP_amoadd_w, OP_amoadd_d,
            OP_amoor_w, OP_amoor_d, OP_amoand_w, OP_amoand_d,
        };
        for (unsigned k = 0; k < sizeof(pure) / sizeof(pure[0]); k++)
            spin_ok[pure[k]] = true;
#undef BACK
#undef NEAR
#undef INLINE
#undef LABEL
    }

    uint64_t *const x = h->x;
    uint64_t rem = max;            /* instructions left in the budget       */
    uint64_t rem0 = max;           /* rem when instret was last synced      */
    uint64_t pcb = 0;              /* pc of slot i = (i >> 3) + pcb         */
    const struct insn *i = NULL;
    const struct tlb_entry *rt = h->tlb.r, *wt = h->tlb.w;
    /* Spin-loop detection (above). nslow counts the times the loop left
     * inline code; wrote is set by an atomic that changed memory. */
    unsigned spin_tick = SPIN_EVERY, nslow = 0, spin_nslow = 0;
    const struct insn *spin_br = NULL;
    uint64_t spin_rem = 0;
    bool wrote = false;
    uint64_t snap[32];
    unsigned fp = 0;
    uint64_t far_pc = 0;           /* target of a jump to another page      */

    /* fp: bit rm set when an instruction with that rm field may use the
     * host's rounding (RNE itself, or DYN while frm is RNE), FP_DIRTY when
     * mstatus.FS is Dirty, FP_NX when fflags already has NX. */
#define FP_DIRTY (1u << 8)
#define FP_NX (1u << 9)
#define FP_STATE() ((h->mstatus & MSTATUS_FS) != MSTATUS_FS ? 0u :           \
                    FP_DIRTY | (1u << RM_RNE) | (h->frm == RM_RNE ? 1u << RM_DYN : 0) | \
                    (h->fflags & FFLAGS_NX ? FP_NX : 0))
#define PC() (((uint64_t)(uintptr_t)i >> 3) + pcb)
#define SYNC() do { h->pc = PC(); h->instret += rem0 - rem; rem0 = rem; } while (0)
    /* Retire an inline instruction of L bytes and go to the next slot. */
#define NEXT(L) do {                                                         \
        i += (L) / 2;                                                        \
        if (__builtin_expect(--rem == 0, 0))                                 \
            goto out;                                                        \
        goto *xops[i->xop];                                                  \
    } while (0)
    /* Retire a control transfer to target. */
#define JUMP(target) do {                                                    \
        uint64_t pc_ = PC(), t_ = (target);                                  \
        if (__builtin_expect(((t_ ^ pc_) >> 12) == 0, 1)) {                  \
            i = (const struct insn *)((const char *)i +                      \
                                      (ptrdiff_t)(int64_t)(t_ - pc_) * 8);   \
            if (__builtin_expect(--rem == 0, 0))                             \
                goto out;                                                    \
            goto *xops[i->xop];                                              \
        }                                                                    \
        far_pc = t_;                                                         \
        goto far;                                                            \
    } while (0)
#define RS1 (x[i->rs1])
#define RS2 (x[i->rs2])
#define IMM ((uint64_t)(int64_t)i->imm)
    /* Each instruction twice: 4-byte and compressed. */
#define ALU(name, expr) op_##name##_4: x[i->rd] = (expr); NEXT(4); \
                        op_##name##_2: x[i->rd] = (expr); NEXT(2);
#define BRANCH(name, cond) op_##name##_4: if (cond) JUMP(PC() + IMM); NEXT(4); \
                           op_##name##_2: if (cond) JUMP(PC() + IMM); NEXT(2);
    /* A TLB hit reads host memory directly (mmu.h's fast path); a miss
     * runs the handler out of line, which takes the slow path. */
#define LOAD_(L, size, type) {                                               \
        uint64_t va = RS1 + IMM;                                             \
        const struct tlb_entry *e = &rt[tlb_index(va)];                      \
        if (__builtin_expect(e->tag != (va & ~(uint64_t)(0xfff & ~((size) - 1))), 0)) \
            goto generic;                                                    \
        type v;                                                              \
        memcpy(&v, (const void *)(uintptr_t)(va + e->addend), size);         \
        x[i->rd] = (uint64_t)v;                                              \
        NEXT(L);                                                             \
    }
#define LOAD(name, size, type) op_##name##_4: LOAD_(4, size, type) \
                               op_##name##_2: LOAD_(2, size, type)
#define STORE_(L, size, type) {                                              \
        uint64_t va = RS1 + IMM;                                             \
        const struct tlb_entry *e = &wt[tlb_index(va)];                      \
        if (__builtin_expect(e->tag != (va & ~(uint64_t)(0xfff & ~((size) - 1))), 0)) \
            goto generic;                                                    \
        type v = (type)RS2;                                                  \
        memcpy((void *)(uintptr_t)(va + e->addend), &v, size);               \
        NEXT(L);                                                             \
    }
#define STORE(name, size, type) op_##name##_4: STORE_(4, size, type) \
                                op_##name##_2: STORE_(2, size, type)

fetch:
    nslow++;
    if (rem == 0)
        return max;
    if (__builtin_expect(h->end_slice, 0))
        goto careful;
    {
        uint64_t pc = h->pc;
        const struct tlb_fetch_entry *t = &h->tlb.x[tlb_index(pc)];
        if (__builtin_expect(t->tag != (pc & ~(uint64_t)0xfff), 0))
            goto careful;
        i = &t->dp->insn[(pc & 0xfff) >> 1];
        /* First run of this slot (or a page-straddling instruction): the
         * reference path decodes it. */
        if (__builtin_expect(i->op == OP_undecoded, 0))
            goto careful;
        pcb = (pc & ~(uint64_t)0xfff) - ((uint64_t)(uintptr_t)t->dp->insn >> 3);
        rt = h->tlb.r;
        wt = h->tlb.w;
        fp = FP_STATE();
        rem0 = rem;
        goto *xops[i->xop];
    }

far: {
        /* A jump or branch to another page retires, then the fetch TLB
         * finds the target. Nothing out of line ran since the last
         * fetch, so end_slice is still clear and rt, wt and fp hold. */
        if (__builtin_expect(--rem == 0, 0)) {
            h->instret += rem0 - rem;
            h->pc = far_pc;
            return max;
        }
        const struct tlb_fetch_entry *t = &h->tlb.x[tlb_index(far_pc)];
        if (__builtin_expect(t->tag == (far_pc & ~(uint64_t)0xfff), 1)) {
            const struct insn *n = &t->dp->insn[(far_pc & 0xfff) >> 1];
            if (__builtin_expect(n->op != OP_undecoded, 1)) {
                i = n;
                pcb = (far_pc & ~(uint64_t)0xfff) - ((uint64_t)(uintptr_t)t->dp->insn >> 3);
                goto *xops[i->xop];
            }
        }
        h->instret += rem0 - rem;
        rem0 = rem;
        h->pc = far_pc;
        goto fetch;
    }

careful:
    /* One iteration of the reference loop. It stops the slice only after
     * an executed instruction, as hart_run's loop does. */
    rem--;
    if (hart_step_ref(h) && h->end_slice)
        return max - rem;
    rem0 = rem;
    goto fetch;

resolve: {
        /* First time here: pick the slot's label. */
        struct insn *slot = (struct insn *)i;
        if (slot->op == OP_undecoded)
            goto undecoded;
        unsigned c = slot->len == 2, z = slot->rd == 0;
        uint8_t near = xop_near[slot->op][c][z];
        if (near) {
            uint64_t off = (PC() & 0xfff) + (uint64_t)(int64_t)slot->imm;
            if (off >= 0x1000)
                slot->xop = xop_for[slot->op][c][z];
            else if (slot->imm < 0 && xop_back[slot->op][c])
                slot->xop = xop_back[slot->op][c];
            else
                slot->xop = near;
        } else {
            slot->xop = xop_for[slot->op][c][z];
        }
        goto *xops[slot->xop];
    }

undecoded:
    /* Not decoded yet, invalidated, or the sentinel past the page end. */
    SYNC();
    goto fetch;

out:
    SYNC();
    return max;

generic: {
        /* The handler, as hart.c's execute() calls it. The next slot is
         * found before the call: a store may invalidate this page. */
        const struct insn *next = i + i->len / 2;
        unsigned op = i->op, csr = (unsigned)i->imm;
        nslow++;
        SYNC();
        h->npc = h->pc + i->len;
        enum exc e = exec_table[op](h, i);
        x[0] = 0;
        rem--;
        rem0 = rem;
        if (__builtin_expect(e != EXC_NONE, 0)) {
            trap_take(h, exc_cause(e), h->exc_tval);
            if (h->end_slice)
                return max - rem;
            goto fetch;
        }
        h->pc = h->npc;
        h->instret++;
        if (is_csr[op]) {
            /* A CSR write that may change which interrupt is enabled ends
             * the slice: hart_run returns, and the round calls it again
             * at once (the budget is not used up, and a CSR write can
             * neither park the hart nor stop the machine), which checks
             * for interrupts. That call's prologue is done here instead.
             * Not after satp: there end_slice can only come from a trace
             * or debugger hook, which wants the slice to end. */
            if (h->end_slice) {
                if (rem == 0 || csr == CSR_SATP || h->state != HART_RUNNING)
                    return max - rem;
                h->end_slice = false;
                hart_context_changed(h);
                int irq = hart_pending_interrupt(h);
                if (irq >= 0) {
                    trap_take(h, CAUSE_INTERRUPT | (uint64_t)irq, 0);
                    goto fetch;
                }
            }
            /* The next fetch translates as this one did unless satp (or
             * the PMP, which flushes the TLB) changed. */
            if (csr == CSR_SATP || (csr >= CSR_PMPCFG0 && csr <= CSR_PMPADDR63) || rem == 0)
                goto fetch;
            rt = h->tlb.r;
            wt = h->tlb.w;
            fp = FP_STATE();
            i = next;
            goto *xops[i->xop];
        }
        if (__builtin_expect(h->end_slice, 0))
            return max - rem;
        if (!cont[op] || rem == 0)
            goto fetch;
        rt = h->tlb.r;
        wt = h->tlb.w;
        /* Only FP instructions (and CSRs, above) change FS, frm or
         * fflags; a stale fp only sends FP work out of line. */
        if (is_fp[op])
            fp = FP_STATE();
        i = next;
        goto *xops[i->xop];
    }

op_nop_4: NEXT(4);
op_nop_2: NEXT(2);
ALU(lui, IMM)
ALU(auipc, PC() + IMM)
op_jal_4: {
        uint64_t pc = PC();
        x[i->rd] = pc + 4;
        JUMP(pc + IMM);
    }
op_jal_2: {
        uint64_t pc = PC();
        x[i->rd] = pc + 2;
        JUMP(pc + IMM);
    }
op_j_4:
op_j_2:
    JUMP(PC() + IMM);
op_jalr_4: {
        /* The target first: rd may be rs1. */
        uint64_t pc = PC(), t = (RS1 + IMM) & ~(uint64_t)1;
        x[i->rd] = pc + 4;
        JUMP(t);
    }
op_jalr_2: {
        uint64_t pc = PC(), t = (RS1 + IMM) & ~(uint64_t)1;
        x[i->rd] = pc + 2;
        JUMP(t);
    }
op_jr_4:
op_jr_2:
    JUMP((RS1 + IMM) & ~(uint64_t)1);
BRANCH(beq, RS1 == RS2)
BRANCH(bne, RS1 != RS2)
BRANCH(blt, (int64_t)RS1 < (int64_t)RS2)
BRANCH(bge, (int64_t)RS1 >= (int64_t)RS2)
BRANCH(bltu, RS1 < RS2)
BRANCH(bgeu, RS1 >= RS2)

LOAD(lb, 1, int8_t)
LOAD(lh, 2, int16_t)
LOAD(lw, 4, int32_t)
LOAD(ld, 8, uint64_t)
LOAD(lbu, 1, uint8_t)
LOAD(lhu, 2, uint16_t)
LOAD(lwu, 4, uint32_t)
STORE(sb, 1, uint8_t)
STORE(sh, 2, uint16_t)
STORE(sw, 4, uint32_t)
STORE(sd, 8, uint64_t)

ALU(addi, RS1 + IMM)
ALU(slti, (int64_t)RS1 < (int64_t)IMM)
ALU(sltiu, RS1 < IMM)
ALU(xori, RS1 ^ IMM)
ALU(ori, RS1 | IMM)
ALU(andi, RS1 & IMM)
ALU(slli, RS1 << (i->imm & 63))
ALU(srli, RS1 >> (i->imm & 63))
ALU(srai, (uint64_t)((int64_t)RS1 >> (i->imm & 63)))
ALU(add, RS1 + RS2)
ALU(sub, RS1 - RS2)
ALU(sll, RS1 << (RS2 & 63))
ALU(slt, (int64_t)RS1 < (int64_t)RS2)
ALU(sltu, RS1 < RS2)
ALU(xor, RS1 ^ RS2)
ALU(srl, RS1 >> (RS2 & 63))
ALU(sra, (uint64_t)((int64_t)RS1 >> (RS2 & 63)))
ALU(or, RS1 | RS2)
ALU(and, RS1 & RS2)
ALU(addiw, (uint64_t)sext32(RS1 + IMM))
ALU(slliw, (uint64_t)sext32((uint32_t)RS1 << (i->imm & 31)))
ALU(srliw, (uint64_t)sext32((uint32_t)RS1 >> (i->imm & 31)))
ALU(sraiw, (uint64_t)(int64_t)((int32_t)RS1 >> (i->imm & 31)))
ALU(addw, (uint64_t)sext32(RS1 + RS2))
ALU(subw, (uint64_t)sext32(RS1 - RS2))
ALU(sllw, (uint64_t)sext32((uint32_t)RS1 << (RS2 & 31)))
ALU(srlw, (uint64_t)sext32((uint32_t)RS1 >> (RS2 & 31)))
ALU(sraw, (uint64_t)(int64_t)((int32_t)RS1 >> (RS2 & 31)))
ALU(mul, RS1 * RS2)
ALU(mulw, (uint64_t)sext32((uint32_t)RS1 * (uint32_t)RS2))
ALU(mulh, (uint64_t)(((__int128)(int64_t)RS1 * (__int128)(int64_t)RS2) >> 64))
ALU(mulhsu, (uint64_t)(((__int128)(int64_t)RS1 * (__int128)(unsigned __int128)RS2) >> 64))
ALU(mulhu, (uint64_t)(((unsigned __int128)RS1 * (unsigned __int128)RS2) >> 64))
ALU(div, (uint64_t)sdiv64((int64_t)RS1, (int64_t)RS2))
ALU(divu, udiv64(RS1, RS2))
ALU(rem, (uint64_t)srem64((int64_t)RS1, (int64_t)RS2))
ALU(remu, urem64(RS1, RS2))
ALU(divw, (uint64_t)(int64_t)sdiv32((int32_t)RS1, (int32_t)RS2))
ALU(divuw, (uint64_t)sext32(udiv32((uint32_t)RS1, (uint32_t)RS2)))
ALU(remw, (uint64_t)(int64_t)srem32((int32_t)RS1, (int32_t)RS2))
ALU(remuw, (uint64_t)sext32(urem32((uint32_t)RS1, (uint32_t)RS2)))
/* fence: harts run one at a time, so there is nothing to order. */
op_fence_4: NEXT(4);
op_fence_2: NEXT(2);

    /* Same-page control transfers: the immediate is even, and slots are
     * 16 bytes per 2 bytes of code. */
#define GO_NEAR() do {                                                       \
        i = (const struct insn *)((const char *)i + (ptrdiff_t)i->imm * 8);  \
        if (__builtin_expect(--rem == 0, 0))                                 \
            goto out;                                                        \
        goto *xops[i->xop];                                                  \
    } while (0)
#define BRANCH_NEAR(name, cond) op_##name##_n4: if (cond) GO_NEAR(); NEXT(4); \
                                op_##name##_n2: if (cond) GO_NEAR(); NEXT(2);
BRANCH_NEAR(beq, RS1 == RS2)
BRANCH_NEAR(bne, RS1 != RS2)
BRANCH_NEAR(blt, (int64_t)RS1 < (int64_t)RS2)
BRANCH_NEAR(bge, (int64_t)RS1 >= (int64_t)RS2)
BRANCH_NEAR(bltu, RS1 < RS2)
BRANCH_NEAR(bgeu, RS1 >= RS2)
#define BRANCH_BACK(name, cond)                                              \
    op_##name##_b4: if (cond) { if (--spin_tick == 0) goto spin_check; GO_NEAR(); } NEXT(4); \
    op_##name##_b2: if (cond) { if (--spin_tick == 0) goto spin_check; GO_NEAR(); } NEXT(2);
BRANCH_BACK(beq, RS1 == RS2)
BRANCH_BACK(bne, RS1 != RS2)
BRANCH_BACK(blt, (int64_t)RS1 < (int64_t)RS2)
BRANCH_BACK(bge, (int64_t)RS1 >= (int64_t)RS2)
BRANCH_BACK(bltu, RS1 < RS2)
BRANCH_BACK(bgeu, RS1 >= RS2)

spin_check: {
        /* i is a taken backward branch, not yet retired. */
        const struct insn *head = i + i->imm / 2;
        spin_tick = SPIN_EVERY;
        if (spin_br == i && nslow == spin_nslow && !wrote && memcmp(snap, x, sizeof(snap)) == 0) {
            /* One iteration, of L instructions, came back to the same
             * state: skip whole iterations, leaving 1..L to run. */
            uint64_t l = spin_rem - rem;
            if (l != 0 && rem > l)
                rem -= (rem - 1) / l * l;
            spin_br = NULL;
            GO_NEAR();
        }
        struct insn *slot = (struct insn *)i;
        if (spin_br == i || !spin_pure(head, i)) {
            /* Not a spin loop: this branch stops looking. */
            slot->xop = xop_near[slot->op][slot->len == 2][0];
            spin_br = NULL;
            GO_NEAR();
        }
        memcpy(snap, x, sizeof(snap));
        spin_br = i;
        spin_rem = rem;
        spin_nslow = nslow;
        wrote = false;
        spin_tick = 1;          /* check again at the next backward branch */
        GO_NEAR();
    }

    /* AMOs: misaligned addresses fail the tag compare and go out of line,
     * where they fault. */
#define AMO_(L, size, type, stype, f) {                                      \
        uint64_t va = RS1;                                                   \
        const struct tlb_entry *e = &wt[tlb_index(va)];                      \
        if (__builtin_expect(e->tag != (va & ~(uint64_t)(0xfff & ~((size) - 1))), 0)) \
            goto generic;                                                    \
        void *p_ = (void *)(uintptr_t)(va + e->addend);                      \
        type old_, new_;                                                     \
        memcpy(&old_, p_, size);                                             \
        new_ = (type)(f);                                                    \
        wrote |= new_ != old_;                                               \
        memcpy(p_, &new_, size);                                             \
        x[i->rd] = (uint64_t)(stype)old_;                                    \
        x[0] = 0;                                                            \
        NEXT(L);                                                             \
    }
#define AMO(name, size, type, stype, f) op_##name##_4: AMO_(4, size, type, stype, f) \
                                        op_##name##_2: AMO_(2, size, type, stype, f)
AMO(amoswap_w, 4, uint32_t, int32_t, RS2)
AMO(amoswap_d, 8, uint64_t, uint64_t, RS2)
AMO(amoadd_w, 4, uint32_t, int32_t, old_ + (uint32_t)RS2)
AMO(amoadd_d, 8, uint64_t, uint64_t, old_ + RS2)
AMO(amoor_w, 4, uint32_t, int32_t, old_ | (uint32_t)RS2)
AMO(amoor_d, 8, uint64_t, uint64_t, old_ | RS2)
AMO(amoand_w, 4, uint32_t, int32_t, old_ & (uint32_t)RS2)
AMO(amoand_d, 8, uint64_t, uint64_t, old_ & RS2)

op_jal_n4: x[i->rd] = PC() + 4; GO_NEAR();
op_jal_n2: x[i->rd] = PC() + 2; GO_NEAR();
op_j_n4:
op_j_n2:
    GO_NEAR();

    /* F and D: illegal while mstatus.FS is Off, which the handler reports;
     * a result in an f register makes FS Dirty (exec_rv64d.c's d_write). */
    /* Inline FP code needs mstatus.FS Dirty (fp & FP_DIRTY, see FP_STATE),
     * so that a result has nothing to change there, and for arithmetic a
     * rounding mode that is round-to-nearest-even. Otherwise the handler
     * runs; after any out-of-line step, which may change FS, frm or
     * fflags, fp is recomputed. Once an inexact result sets NX, fp
     * learns it too. */
#define FP_ON() (fp & FP_DIRTY)
#define RNE() (fp & (1u << i->rm))
#define F_RESULT(L, v, fl) do {                                              \
        h->f[i->rd] = (v);                                                   \
        if (fl) {                                                            \
            h->fflags |= (fl);                                               \
            fp |= FP_NX;                                                     \
        }                                                                    \
        NEXT(L);                                                             \
    } while (0)
#define FLOAD_(L, size, type, box) {                                         \
        if (!FP_ON())                                                        \
            goto generic;                                                    \
        uint64_t va = RS1 + IMM;                                             \
        const struct tlb_entry *e = &rt[tlb_index(va)];                      \
        if (__builtin_expect(e->tag != (va & ~(uint64_t)(0xfff & ~((size) - 1))), 0)) \
            goto generic;                                                    \
        type v;                                                              \
        memcpy(&v, (const void *)(uintptr_t)(va + e->addend), size);         \
        F_RESULT(L, (box) | v, 0);                                           \
    }
#define FSTORE_(L, size, type) {                                             \
        if (!FP_ON())                                                        \
            goto generic;                                                    \
        uint64_t va = RS1 + IMM;                                             \
        const struct tlb_entry *e = &wt[tlb_index(va)];                      \
        if (__builtin_expect(e->tag != (va & ~(uint64_t)(0xfff & ~((size) - 1))), 0)) \
            goto generic;                                                    \
        type v = (type)h->f[i->rs2];                                         \
        memcpy((void *)(uintptr_t)(va + e->addend), &v, size);               \
        NEXT(L);                                                             \
    }
op_fld_4: FLOAD_(4, 8, uint64_t, 0)
op_fld_2: FLOAD_(2, 8, uint64_t, 0)
op_flw_4: FLOAD_(4, 4, uint32_t, F32_NANBOX)
op_flw_2: FLOAD_(2, 4, uint32_t, F32_NANBOX)
op_fsd_4: FSTORE_(4, 8, uint64_t)
op_fsd_2: FSTORE_(2, 8, uint64_t)
op_fsw_4: FSTORE_(4, 4, uint32_t)
op_fsw_2: FSTORE_(2, 4, uint32_t)
    /* Two-operand arithmetic through a fast_* helper above. */
    /* (No compressed encoding computes: their _2 labels are never used.) */
#define FARITH(name, call) op_##name##_2: goto generic; op_##name##_4: {      \
        uint64_t r_;                                                         \
        uint32_t fl_;                                                        \
        if (!RNE() || !(call))                                               \
            goto generic;                                                    \
        F_RESULT(4, r_, fl_);                                                \
    }
FARITH(fadd_d, fast_add(h->f[i->rs1], h->f[i->rs2], &r_, &fl_, fp & FP_NX))
FARITH(fsub_d, fast_add(h->f[i->rs1], h->f[i->rs2] ^ F64_SIGN, &r_, &fl_, fp & FP_NX))
FARITH(fmul_d, fast_mul(h->f[i->rs1], h->f[i->rs2], &r_, &fl_, fp & FP_NX))
FARITH(fdiv_d, fast_div(h->f[i->rs1], h->f[i->rs2], &r_, &fl_, fp & FP_NX))
FARITH(fsqrt_d, fast_sqrt(h->f[i->rs1], &r_, &fl_, fp & FP_NX))
    /* Sign injection and moves: bit copies, no flags. */
#define FBITS(name, expr) op_##name##_4: op_##name##_2: {                    \
        if (!FP_ON())                                                        \
            goto generic;                                                    \
        uint64_t a_ = h->f[i->rs1], b_ = h->f[i->rs2];                       \
        (void)b_;                                                            \
        if (i->len == 4)                                                     \
            F_RESULT(4, (expr), 0);                                          \
        F_RESULT(2, (expr), 0);                                              \
    }
FBITS(fsgnj_d, (a_ & ~F64_SIGN) | (b_ & F64_SIGN))
FBITS(fsgnjn_d, (a_ & ~F64_SIGN) | (~b_ & F64_SIGN))
FBITS(fsgnjx_d, a_ ^ (b_ & F64_SIGN))
op_fmv_d_x_4: op_fmv_d_x_2: {
        if (!FP_ON())
            goto generic;
        if (i->len == 4)
            F_RESULT(4, RS1, 0);
        F_RESULT(2, RS1, 0);
    }
    /* Results in x registers (rd != x0 here): no flags without NaNs, and
     * then FS is left alone, as d_write_x does. */
#define FCMP(name, op) op_##name##_4: op_##name##_2: {                       \
        uint64_t a_ = h->f[i->rs1], b_ = h->f[i->rs2];                       \
        if (!FP_ON() || is_nan(a_) || is_nan(b_))                            \
            goto generic;                                                    \
        x[i->rd] = dbl(a_) op dbl(b_);                                       \
        if (i->len == 4)                                                     \
            NEXT(4);                                                         \
        NEXT(2);                                                             \
    }
FCMP(feq_d, ==)
FCMP(flt_d, <)
FCMP(fle_d, <=)
op_fmv_x_d_4: op_fmv_x_d_2: {
        if (!FP_ON())
            goto generic;
        x[i->rd] = h->f[i->rs1];
        if (i->len == 4)
            NEXT(4);
        NEXT(2);
    }
#undef GO_NEAR
#undef BRANCH_NEAR
#undef BRANCH_BACK
#undef AMO_
#undef AMO
#undef FP_ON
#undef RNE
#undef F_RESULT
#undef FP_DIRTY
#undef FP_NX
#undef FP_STATE
#undef FLOAD_
#undef FSTORE_
#undef FARITH
#undef FBITS
#undef FCMP

#undef PC
#undef SYNC
#undef NEXT
#undef JUMP
#undef RS1
#undef RS2
#undef IMM
#undef ALU
#undef BRANCH
#undef LOAD_
#undef LOAD
#undef STORE_
#undef STORE
}
