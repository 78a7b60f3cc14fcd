/*
 * exec_rv64d.c - D extension: double-precision handlers (unprivileged
 * spec, "D" chapter), including the conversions between single and double.
 * The arithmetic lives in fpu.c; these only move operands and results and
 * keep fflags and mstatus.FS up to date.
 *
 * Every D instruction is illegal while mstatus.FS is Off, and so is one
 * whose rm field (or frm, for rm = DYN) names a reserved rounding mode.
 * Doubles use the whole f register, so no NaN-boxing applies except to the
 * single operand of fcvt.d.s and the single result of fcvt.s.d. FS becomes
 * Dirty when an f register or fflags is written.
 */
#include "exec.h"
#include "fpu.h"
#include "mmu.h"

#define FRS1 (h->f[i->rs1])
#define FRS2 (h->f[i->rs2])
#define FRS3 (h->f[i->rs3])

typedef uint64_t (*f64_binop)(uint64_t, uint64_t, unsigned, uint32_t *);
typedef bool (*f64_cmp)(uint64_t, uint64_t, uint32_t *);

/* Is the instruction's rounding mode usable? Sets *rm when it is. */
static inline bool d_rm(const struct hart *h, const struct insn *i, unsigned *rm)
{
    int r = fpu_resolve_rm(i->rm, h->frm);
    *rm = (unsigned)r;
    return r >= 0;
}

/* Write an f register result (already boxed if single) and accrue flags.
 * NOTE: callers compute the result into a local first: it writes flags, and
 * the order in which call arguments are evaluated is unspecified. */
static inline enum exc d_write(struct hart *h, const struct insn *i, uint64_t v,
                               uint32_t flags)
{
    h->f[i->rd] = v;
    h->fflags |= flags;
    hart_fp_dirty(h);
    return EXC_NONE;
}

/* Write an integer result to x[rd]; flags, if any, dirty the FP state. */
static inline enum exc d_write_x(struct hart *h, const struct insn *i, uint64_t v,
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
static inline enum exc d_binop(struct hart *h, const struct insn *i, f64_binop op)
{
    uint32_t flags = 0;
    uint64_t r;
    unsigned rm;

    if (!hart_fp_enabled(h) || !d_rm(h, i, &rm))
        return exc_illegal(h, i);
    r = op(FRS1, FRS2, rm, &flags);
    return d_write(h, i, r, flags);
}

static inline enum exc d_muladd(struct hart *h, const struct insn *i, unsigned neg)
{
    uint32_t flags = 0;
    uint64_t r;
    unsigned rm;

    if (!hart_fp_enabled(h) || !d_rm(h, i, &rm))
        return exc_illegal(h, i);
    r = f64_muladd(FRS1, FRS2, FRS3, neg, rm, &flags);
    return d_write(h, i, r, flags);
}

static inline enum exc d_cmp(struct hart *h, const struct insn *i, f64_cmp op)
{
    uint32_t flags = 0;
    uint64_t r;

    if (!hart_fp_enabled(h))
        return exc_illegal(h, i);
    r = op(FRS1, FRS2, &flags);
    return d_write_x(h, i, r, flags);
}

/* Sign injection: rs1's magnitude with a sign made from rs1's and rs2's. */
enum sgnj { SGNJ, SGNJN, SGNJX };

static inline enum exc d_sgnj(struct hart *h, const struct insn *i, enum sgnj kind)
{
    uint64_t a = FRS1, b = FRS2, sign;

    if (!hart_fp_enabled(h))
        return exc_illegal(h, i);
    sign = kind == SGNJ ? b : kind == SGNJN ? ~b : a ^ b;
    return d_write(h, i, (a & ~F64_SIGN) | (sign & F64_SIGN), 0);
}

enum exc exec_fld(struct hart *h, const struct insn *i)
{
    uint64_t v;
    enum exc e;

    if (!hart_fp_enabled(h))
        return exc_illegal(h, i);
    e = mmu_load(h, h->x[i->rs1] + (uint64_t)(int64_t)i->imm, 8, &v);
    if (e)
        return e;
    return d_write(h, i, v, 0);
}

enum exc exec_fsd(struct hart *h, const struct insn *i)
{
    if (!hart_fp_enabled(h))
        return exc_illegal(h, i);
    return mmu_store(h, h->x[i->rs1] + (uint64_t)(int64_t)i->imm, 8, h->f[i->rs2]);
}

enum exc exec_fmadd_d(struct hart *h, const struct insn *i) { return d_muladd(h, i, 0); }
enum exc exec_fmsub_d(struct hart *h, const struct insn *i)
{
    return d_muladd(h, i, FPU_NEG_ADDEND);
}
enum exc exec_fnmsub_d(struct hart *h, const struct insn *i)
{
    return d_muladd(h, i, FPU_NEG_PRODUCT);
}
enum exc exec_fnmadd_d(struct hart *h, const struct insn *i)
{
    return d_muladd(h, i, FPU_NEG_PRODUCT | FPU_NEG_ADDEND);
}

enum exc exec_fadd_d(struct hart *h, const struct insn *i) { return d_binop(h, i, f64_add); }
enum exc exec_fsub_d(struct hart *h, const struct insn *i) { return d_binop(h, i, f64_sub); }
enum exc exec_fmul_d(struct hart *h, const struct insn *i) { return d_binop(h, i, f64_mul); }
enum exc exec_fdiv_d(struct hart *h, const struct insn *i) { return d_binop(h, i, f64_div); }

enum exc exec_fsqrt_d(struct hart *h, const struct insn *i)
{
    uint32_t flags = 0;
    uint64_t r;
    unsigned rm;

    if (!hart_fp_enabled(h) || !d_rm(h, i, &rm))
        return exc_illegal(h, i);
    r = f64_sqrt(FRS1, rm, &flags);
    return d_write(h, i, r, flags);
}

enum exc exec_fsgnj_d(struct hart *h, const struct insn *i) { return d_sgnj(h, i, SGNJ); }
enum exc exec_fsgnjn_d(struct hart *h, const struct insn *i) { return d_sgnj(h, i, SGNJN); }
enum exc exec_fsgnjx_d(struct hart *h, const struct insn *i) { return d_sgnj(h, i, SGNJX); }

enum exc exec_fmin_d(struct hart *h, const struct insn *i)
{
    uint32_t flags = 0;
    uint64_t r;

    if (!hart_fp_enabled(h))
        return exc_illegal(h, i);
    r = f64_min(FRS1, FRS2, &flags);
    return d_write(h, i, r, flags);
}

enum exc exec_fmax_d(struct hart *h, const struct insn *i)
{
    uint32_t flags = 0;
    uint64_t r;

    if (!hart_fp_enabled(h))
        return exc_illegal(h, i);
    r = f64_max(FRS1, FRS2, &flags);
    return d_write(h, i, r, flags);
}

/* fcvt.s.d: the single result is NaN-boxed. */
enum exc exec_fcvt_s_d(struct hart *h, const struct insn *i)
{
    uint32_t flags = 0;
    uint64_t r;
    unsigned rm;

    if (!hart_fp_enabled(h) || !d_rm(h, i, &rm))
        return exc_illegal(h, i);
    r = fpu_box32(f64_to_f32(FRS1, rm, &flags));
    return d_write(h, i, r, flags);
}

/* fcvt.d.s: exact, but its rm field must still be a valid mode. */
enum exc exec_fcvt_d_s(struct hart *h, const struct insn *i)
{
    uint32_t flags = 0;
    uint64_t r;
    unsigned rm;

    if (!hart_fp_enabled(h) || !d_rm(h, i, &rm))
        return exc_illegal(h, i);
    r = f32_to_f64(fpu_unbox32(FRS1), &flags);
    return d_write(h, i, r, flags);
}

enum exc exec_feq_d(struct hart *h, const struct insn *i) { return d_cmp(h, i, f64_eq); }
enum exc exec_flt_d(struct hart *h, const struct insn *i) { return d_cmp(h, i, f64_lt); }
enum exc exec_fle_d(struct hart *h, const struct insn *i) { return d_cmp(h, i, f64_le); }

enum exc exec_fclass_d(struct hart *h, const struct insn *i)
{
    if (!hart_fp_enabled(h))
        return exc_illegal(h, i);
    return d_write_x(h, i, f64_class(FRS1), 0);
}

/* fcvt.{w,wu}.d: 32-bit results are sign-extended, even for wu. */
enum exc exec_fcvt_w_d(struct hart *h, const struct insn *i)
{
    uint32_t flags = 0;
    uint64_t r;
    unsigned rm;

    if (!hart_fp_enabled(h) || !d_rm(h, i, &rm))
        return exc_illegal(h, i);
    r = (uint64_t)sext32((uint32_t)f64_to_i32(FRS1, rm, &flags));
    return d_write_x(h, i, r, flags);
}

enum exc exec_fcvt_wu_d(struct hart *h, const struct insn *i)
{
    uint32_t flags = 0;
    uint64_t r;
    unsigned rm;

    if (!hart_fp_enabled(h) || !d_rm(h, i, &rm))
        return exc_illegal(h, i);
    r = (uint64_t)sext32(f64_to_u32(FRS1, rm, &flags));
    return d_write_x(h, i, r, flags);
}

enum exc exec_fcvt_l_d(struct hart *h, const struct insn *i)
{
    uint32_t flags = 0;
    uint64_t r;
    unsigned rm;

    if (!hart_fp_enabled(h) || !d_rm(h, i, &rm))
        return exc_illegal(h, i);
    r = (uint64_t)f64_to_i64(FRS1, rm, &flags);
    return d_write_x(h, i, r, flags);
}

enum exc exec_fcvt_lu_d(struct hart *h, const struct insn *i)
{
    uint32_t flags = 0;
    uint64_t r;
    unsigned rm;

    if (!hart_fp_enabled(h) || !d_rm(h, i, &rm))
        return exc_illegal(h, i);
    r = f64_to_u64(FRS1, rm, &flags);
    return d_write_x(h, i, r, flags);
}

enum exc exec_fmv_x_d(struct hart *h, const struct insn *i)
{
    if (!hart_fp_enabled(h))
        return exc_illegal(h, i);
    return d_write_x(h, i, FRS1, 0);
}

enum exc exec_fcvt_d_w(struct hart *h, const struct insn *i)
{
    uint32_t flags = 0;
    uint64_t r;
    unsigned rm;

    if (!hart_fp_enabled(h) || !d_rm(h, i, &rm))
        return exc_illegal(h, i);
    r = i32_to_f64((int32_t)h->x[i->rs1], rm, &flags);
    return d_write(h, i, r, flags);
}

enum exc exec_fcvt_d_wu(struct hart *h, const struct insn *i)
{
    uint32_t flags = 0;
    uint64_t r;
    unsigned rm;

    if (!hart_fp_enabled(h) || !d_rm(h, i, &rm))
        return exc_illegal(h, i);
    r = u32_to_f64((uint32_t)h->x[i->rs1], rm, &flags);
    return d_write(h, i, r, flags);
}

enum exc exec_fcvt_d_l(struct hart *h, const struct insn *i)
{
    uint32_t flags = 0;
    uint64_t r;
    unsigned rm;

    if (!hart_fp_enabled(h) || !d_rm(h, i, &rm))
        return exc_illegal(h, i);
    r = i64_to_f64((int64_t)h->x[i->rs1], rm, &flags);
    return d_write(h, i, r, flags);
}

enum exc exec_fcvt_d_lu(struct hart *h, const struct insn *i)
{
    uint32_t flags = 0;
    uint64_t r;
    unsigned rm;

    if (!hart_fp_enabled(h) || !d_rm(h, i, &rm))
        return exc_illegal(h, i);
    r = u64_to_f64(h->x[i->rs1], rm, &flags);
    return d_write(h, i, r, flags);
}

enum exc exec_fmv_d_x(struct hart *h, const struct insn *i)
{
    if (!hart_fp_enabled(h))
        return exc_illegal(h, i);
    return d_write(h, i, h->x[i->rs1], 0);
}
