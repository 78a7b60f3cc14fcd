/*
 * exec_rv64f.c - F extension: single-precision handlers (unprivileged
 * spec, "F" chapter). The arithmetic lives in fpu.c; these only move
 * operands and results and keep fflags and mstatus.FS up to date.
 *
 * Every F instruction is illegal while mstatus.FS is Off, and so is one
 * whose rm field (or frm, for rm = DYN) names a reserved rounding mode.
 * Singles are NaN-boxed in the 64-bit f registers: an operand whose upper
 * 32 bits are not all ones reads as the canonical NaN (fpu_unbox32), every
 * single result is written boxed. FS becomes Dirty when an f register or
 * fflags is written.
 */
#include "exec.h"
#include "fpu.h"
#include "mmu.h"

#define FRS1 fpu_unbox32(h->f[i->rs1])
#define FRS2 fpu_unbox32(h->f[i->rs2])
#define FRS3 fpu_unbox32(h->f[i->rs3])

typedef uint32_t (*f32_binop)(uint32_t, uint32_t, unsigned, uint32_t *);
typedef bool (*f32_cmp)(uint32_t, uint32_t, uint32_t *);

/* Is the instruction's rounding mode usable? Sets *rm when it is. */
static inline bool f_rm(const struct hart *h, const struct insn *i, unsigned *rm)
{
    int r = fpu_resolve_rm(i->rm, h->frm);
    *rm = (unsigned)r;
    return r >= 0;
}

/* Write a single result to f[rd] and accrue flags.
 * NOTE: callers compute the result into a local first: it writes flags, and
 * the order in which call arguments are evaluated is unspecified. */
static inline enum exc f_write(struct hart *h, const struct insn *i, uint32_t v,
                               uint32_t flags)
{
    h->f[i->rd] = fpu_box32(v);
    h->fflags |= flags;
    hart_fp_dirty(h);
    return EXC_NONE;
}

/* Write an integer result to x[rd]; flags, if any, dirty the FP state. */
static inline enum exc f_write_x(struct hart *h, const struct insn *i, uint64_t v,
                                 uint32_t flags)
{
    h->x[i->rd] = v;
    if (flags) {
        h->fflags |= flags;
        hart_fp_dirty(h);
    }
    return EXC_NONE;
}

/* The shapes shared by many handlers: a rounded binary op, a fused
 * multiply-add with the given FPU_NEG_* signs, a comparison into x[rd]. */
static inline enum exc f_binop(struct hart *h, const struct insn *i, f32_binop op)
{
    uint32_t flags = 0, r;
    unsigned rm;

    if (!hart_fp_enabled(h) || !f_rm(h, i, &rm))
        return exc_illegal(h, i);
    r = op(FRS1, FRS2, rm, &flags);
    return f_write(h, i, r, flags);
}

static inline enum exc f_muladd(struct hart *h, const struct insn *i, unsigned neg)
{
    uint32_t flags = 0, r;
    unsigned rm;

    if (!hart_fp_enabled(h) || !f_rm(h, i, &rm))
        return exc_illegal(h, i);
    r = f32_muladd(FRS1, FRS2, FRS3, neg, rm, &flags);
    return f_write(h, i, r, flags);
}

static inline enum exc f_cmp(struct hart *h, const struct insn *i, f32_cmp op)
{
    uint32_t flags = 0;
    uint64_t r;

    if (!hart_fp_enabled(h))
        return exc_illegal(h, i);
    r = op(FRS1, FRS2, &flags);
    return f_write_x(h, i, r, flags);
}

/* Sign injection: rs1's magnitude with a sign made from rs1's and rs2's. */
enum sgnj { SGNJ, SGNJN, SGNJX };

static inline enum exc f_sgnj(struct hart *h, const struct insn *i, enum sgnj kind)
{
    uint32_t a = FRS1, b = FRS2, sign;

    if (!hart_fp_enabled(h))
        return exc_illegal(h, i);
    sign = kind == SGNJ ? b : kind == SGNJN ? ~b : a ^ b;
    return f_write(h, i, (a & ~F32_SIGN) | (sign & F32_SIGN), 0);
}

enum exc exec_flw(struct hart *h, const struct insn *i)
{
    uint64_t v;
    enum exc e;

    if (!hart_fp_enabled(h))
        return exc_illegal(h, i);
    e = mmu_load(h, h->x[i->rs1] + (uint64_t)(int64_t)i->imm, 4, &v);
    if (e)
        return e;
    return f_write(h, i, (uint32_t)v, 0);
}

enum exc exec_fsw(struct hart *h, const struct insn *i)
{
    if (!hart_fp_enabled(h))
        return exc_illegal(h, i);
    return mmu_store(h, h->x[i->rs1] + (uint64_t)(int64_t)i->imm, 4, (uint32_t)h->f[i->rs2]);
}

enum exc exec_fmadd_s(struct hart *h, const struct insn *i) { return f_muladd(h, i, 0); }
enum exc exec_fmsub_s(struct hart *h, const struct insn *i)
{
    return f_muladd(h, i, FPU_NEG_ADDEND);
}
enum exc exec_fnmsub_s(struct hart *h, const struct insn *i)
{
    return f_muladd(h, i, FPU_NEG_PRODUCT);
}
enum exc exec_fnmadd_s(struct hart *h, const struct insn *i)
{
    return f_muladd(h, i, FPU_NEG_PRODUCT | FPU_NEG_ADDEND);
}

enum exc exec_fadd_s(struct hart *h, const struct insn *i) { return f_binop(h, i, f32_add); }
enum exc exec_fsub_s(struct hart *h, const struct insn *i) { return f_binop(h, i, f32_sub); }
enum exc exec_fmul_s(struct hart *h, const struct insn *i) { return f_binop(h, i, f32_mul); }
enum exc exec_fdiv_s(struct hart *h, const struct insn *i) { return f_binop(h, i, f32_div); }

enum exc exec_fsqrt_s(struct hart *h, const struct insn *i)
{
    uint32_t flags = 0, r;
    unsigned rm;

    if (!hart_fp_enabled(h) || !f_rm(h, i, &rm))
        return exc_illegal(h, i);
    r = f32_sqrt(FRS1, rm, &flags);
    return f_write(h, i, r, flags);
}

enum exc exec_fsgnj_s(struct hart *h, const struct insn *i) { return f_sgnj(h, i, SGNJ); }
enum exc exec_fsgnjn_s(struct hart *h, const struct insn *i) { return f_sgnj(h, i, SGNJN); }
enum exc exec_fsgnjx_s(struct hart *h, const struct insn *i) { return f_sgnj(h, i, SGNJX); }

enum exc exec_fmin_s(struct hart *h, const struct insn *i)
{
    uint32_t flags = 0, r;

    if (!hart_fp_enabled(h))
        return exc_illegal(h, i);
    r = f32_min(FRS1, FRS2, &flags);
    return f_write(h, i, r, flags);
}

enum exc exec_fmax_s(struct hart *h, const struct insn *i)
{
    uint32_t flags = 0, r;

    if (!hart_fp_enabled(h))
        return exc_illegal(h, i);
    r = f32_max(FRS1, FRS2, &flags);
    return f_write(h, i, r, flags);
}

/* fcvt.{w,wu,l,lu}.s: 32-bit results are sign-extended, even for wu. */
enum exc exec_fcvt_w_s(struct hart *h, const struct insn *i)
{
    uint32_t flags = 0;
    uint64_t r;
    unsigned rm;

    if (!hart_fp_enabled(h) || !f_rm(h, i, &rm))
        return exc_illegal(h, i);
    r = (uint64_t)sext32((uint32_t)f32_to_i32(FRS1, rm, &flags));
    return f_write_x(h, i, r, flags);
}

enum exc exec_fcvt_wu_s(struct hart *h, const struct insn *i)
{
    uint32_t flags = 0;
    uint64_t r;
    unsigned rm;

    if (!hart_fp_enabled(h) || !f_rm(h, i, &rm))
        return exc_illegal(h, i);
    r = (uint64_t)sext32(f32_to_u32(FRS1, rm, &flags));
    return f_write_x(h, i, r, flags);
}

enum exc exec_fcvt_l_s(struct hart *h, const struct insn *i)
{
    uint32_t flags = 0;
    uint64_t r;
    unsigned rm;

    if (!hart_fp_enabled(h) || !f_rm(h, i, &rm))
        return exc_illegal(h, i);
    r = (uint64_t)f32_to_i64(FRS1, rm, &flags);
    return f_write_x(h, i, r, flags);
}

enum exc exec_fcvt_lu_s(struct hart *h, const struct insn *i)
{
    uint32_t flags = 0;
    uint64_t r;
    unsigned rm;

    if (!hart_fp_enabled(h) || !f_rm(h, i, &rm))
        return exc_illegal(h, i);
    r = f32_to_u64(FRS1, rm, &flags);
    return f_write_x(h, i, r, flags);
}

/* fmv.x.w moves the low 32 bits as they are (no unboxing), sign-extended. */
enum exc exec_fmv_x_w(struct hart *h, const struct insn *i)
{
    if (!hart_fp_enabled(h))
        return exc_illegal(h, i);
    return f_write_x(h, i, (uint64_t)sext32((uint32_t)h->f[i->rs1]), 0);
}

enum exc exec_feq_s(struct hart *h, const struct insn *i) { return f_cmp(h, i, f32_eq); }
enum exc exec_flt_s(struct hart *h, const struct insn *i) { return f_cmp(h, i, f32_lt); }
enum exc exec_fle_s(struct hart *h, const struct insn *i) { return f_cmp(h, i, f32_le); }

enum exc exec_fclass_s(struct hart *h, const struct insn *i)
{
    if (!hart_fp_enabled(h))
        return exc_illegal(h, i);
    return f_write_x(h, i, f32_class(FRS1), 0);
}

enum exc exec_fcvt_s_w(struct hart *h, const struct insn *i)
{
    uint32_t flags = 0, r;
    unsigned rm;

    if (!hart_fp_enabled(h) || !f_rm(h, i, &rm))
        return exc_illegal(h, i);
    r = i32_to_f32((int32_t)h->x[i->rs1], rm, &flags);
    return f_write(h, i, r, flags);
}

enum exc exec_fcvt_s_wu(struct hart *h, const struct insn *i)
{
    uint32_t flags = 0, r;
    unsigned rm;

    if (!hart_fp_enabled(h) || !f_rm(h, i, &rm))
        return exc_illegal(h, i);
    r = u32_to_f32((uint32_t)h->x[i->rs1], rm, &flags);
    return f_write(h, i, r, flags);
}

enum exc exec_fcvt_s_l(struct hart *h, const struct insn *i)
{
    uint32_t flags = 0, r;
    unsigned rm;

    if (!hart_fp_enabled(h) || !f_rm(h, i, &rm))
        return exc_illegal(h, i);
    r = i64_to_f32((int64_t)h->x[i->rs1], rm, &flags);
    return f_write(h, i, r, flags);
}

enum exc exec_fcvt_s_lu(struct hart *h, const struct insn *i)
{
    uint32_t flags = 0, r;
    unsigned rm;

    if (!hart_fp_enabled(h) || !f_rm(h, i, &rm))
        return exc_illegal(h, i);
    r = u64_to_f32(h->x[i->rs1], rm, &flags);
    return f_write(h, i, r, flags);
}

/* fmv.w.x boxes the low 32 bits of x[rs1] unchanged. */
enum exc exec_fmv_w_x(struct hart *h, const struct insn *i)
{
    if (!hart_fp_enabled(h))
        return exc_illegal(h, i);
    return f_write(h, i, (uint32_t)h->x[i->rs1], 0);
}
