/*
 * test_fpu.c - Check suite for the software floating-point core (emu/fpu.h)
 * and, when built inside the CMake tree, the F/D instruction handlers.
 *
 * Three kinds of tests:
 *   - tables of IEEE 754 edge cases with exact expected bit patterns and
 *     flags, worked out by hand (and re-checked with exact rational
 *     arithmetic): ties and near-ties in every rounding mode, overflow,
 *     the tininess-after-rounding boundary, invalid/divide-by-zero, NaNs,
 *     fmin/fmax, comparisons, fclass, every fcvt;
 *   - a differential test against the host's SSE arithmetic (x86-64 only,
 *     where tininess is also detected after rounding) over random operands
 *     in the four rounding modes the host has;
 *   - handler tests (NaN-boxing, rm, fflags, mstatus.FS) that need the
 *     hart; compiled only with rvcore (RVEMU_VERSION is defined there).
 * The pure part needs nothing but emu/fpu*.c, so it can be built alone.
 */
#include <check.h>
#include <fenv.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fpu.h"

#define NX FFLAGS_NX
#define UF FFLAGS_UF
#define OF FFLAGS_OF
#define DZ FFLAGS_DZ
#define NV FFLAGS_NV
#define RNE RM_RNE
#define RTZ RM_RTZ
#define RDN RM_RDN
#define RUP RM_RUP
#define RMM RM_RMM

/* binary32 values */
#define S_ZERO     0x00000000u
#define S_NZERO    0x80000000u
#define S_ONE      0x3f800000u
#define S_NONE     0xbf800000u
#define S_TWO      0x40000000u
#define S_HALF     0x3f000000u
#define S_NHALF    0xbf000000u
#define S_NTWO     0xc0000000u
#define S_INF      0x7f800000u
#define S_NINF     0xff800000u
#define S_QNAN     F32_CANONICAL_NAN
#define S_SNAN     0x7f800001u
#define S_MAX      0x7f7fffffu
#define S_NMAX     0xff7fffffu
#define S_MIN_NORM 0x00800000u
#define S_MIN_SUB  0x00000001u
#define S_ULP_HALF 0x33800000u   /* 2^-24: half an ulp of 1.0 */

/* binary64 values */
#define D_ZERO     0x0000000000000000ull
#define D_NZERO    0x8000000000000000ull
#define D_ONE      0x3ff0000000000000ull
#define D_NONE     0xbff0000000000000ull
#define D_TWO      0x4000000000000000ull
#define D_HALF     0x3fe0000000000000ull
#define D_INF      0x7ff0000000000000ull
#define D_NINF     0xfff0000000000000ull
#define D_QNAN     F64_CANONICAL_NAN
#define D_SNAN     0x7ff0000000000001ull
#define D_MAX      0x7fefffffffffffffull
#define D_NMAX     0xffefffffffffffffull
#define D_MIN_NORM 0x0010000000000000ull
#define D_MIN_SUB  0x0000000000000001ull
#define D_ULP_HALF 0x3ca0000000000000ull   /* 2^-53 */

#define I64(v) ((uint64_t)(int64_t)(v))

enum top {
    ADD_S, SUB_S, MUL_S, DIV_S, SQRT_S, MADD_S, MSUB_S, NMSUB_S, NMADD_S,
    MIN_S, MAX_S, EQ_S, LT_S, LE_S, CLASS_S,
    CVT_W_S, CVT_WU_S, CVT_L_S, CVT_LU_S, CVT_S_W, CVT_S_WU, CVT_S_L, CVT_S_LU,
    ADD_D, SUB_D, MUL_D, DIV_D, SQRT_D, MADD_D, MSUB_D, NMSUB_D, NMADD_D,
    MIN_D, MAX_D, EQ_D, LT_D, LE_D, CLASS_D,
    CVT_W_D, CVT_WU_D, CVT_L_D, CVT_LU_D, CVT_D_W, CVT_D_WU, CVT_D_L, CVT_D_LU,
    CVT_S_D, CVT_D_S,
};

/* One case: op(a, b, c) under rm gives want (as the instruction would
 * leave rd: 32-bit integer results sign-extended, singles unboxed). */
struct row {
    enum top op;
    uint64_t a, b, c;
    unsigned rm;
    uint64_t want;
    uint32_t flags;
    int line;
};

#define R3(op, a, b, c, rm, want, fl) { op, a, b, c, rm, want, fl, __LINE__ }
#define R2(op, a, b, rm, want, fl)    R3(op, a, b, 0, rm, want, fl)
#define R1(op, a, rm, want, fl)       R3(op, a, 0, 0, rm, want, fl)

static uint64_t run_s(const struct row *t, uint32_t *fl)
{
    uint32_t a = (uint32_t)t->a, b = (uint32_t)t->b, c = (uint32_t)t->c;
    unsigned rm = t->rm;

    switch (t->op) {
    case ADD_S:    return f32_add(a, b, rm, fl);
    case SUB_S:    return f32_sub(a, b, rm, fl);
    case MUL_S:    return f32_mul(a, b, rm, fl);
    case DIV_S:    return f32_div(a, b, rm, fl);
    case SQRT_S:   return f32_sqrt(a, rm, fl);
    case MADD_S:   return f32_muladd(a, b, c, 0, rm, fl);
    case MSUB_S:   return f32_muladd(a, b, c, FPU_NEG_ADDEND, rm, fl);
    case NMSUB_S:  return f32_muladd(a, b, c, FPU_NEG_PRODUCT, rm, fl);
    case NMADD_S:  return f32_muladd(a, b, c, FPU_NEG_PRODUCT | FPU_NEG_ADDEND, rm, fl);
    case MIN_S:    return f32_min(a, b, fl);
    case MAX_S:    return f32_max(a, b, fl);
    case EQ_S:     return f32_eq(a, b, fl);
    case LT_S:     return f32_lt(a, b, fl);
    case LE_S:     return f32_le(a, b, fl);
    case CLASS_S:  return f32_class(a);
    case CVT_W_S:  return I64(f32_to_i32(a, rm, fl));
    case CVT_WU_S: return I64((int32_t)f32_to_u32(a, rm, fl));
    case CVT_L_S:  return I64(f32_to_i64(a, rm, fl));
    case CVT_LU_S: return f32_to_u64(a, rm, fl);
    case CVT_S_W:  return i32_to_f32((int32_t)t->a, rm, fl);
    case CVT_S_WU: return u32_to_f32((uint32_t)t->a, rm, fl);
    case CVT_S_L:  return i64_to_f32((int64_t)t->a, rm, fl);
    case CVT_S_LU: return u64_to_f32(t->a, rm, fl);
    case CVT_S_D:  return f64_to_f32(t->a, rm, fl);
    case CVT_D_S:  return f32_to_f64(a, fl);
    default:       return 0;
    }
}

static uint64_t run_d(const struct row *t, uint32_t *fl)
{
    uint64_t a = t->a, b = t->b, c = t->c;
    unsigned rm = t->rm;

    switch (t->op) {
    case ADD_D:    return f64_add(a, b, rm, fl);
    case SUB_D:    return f64_sub(a, b, rm, fl);
    case MUL_D:    return f64_mul(a, b, rm, fl);
    case DIV_D:    return f64_div(a, b, rm, fl);
    case SQRT_D:   return f64_sqrt(a, rm, fl);
    case MADD_D:   return f64_muladd(a, b, c, 0, rm, fl);
    case MSUB_D:   return f64_muladd(a, b, c, FPU_NEG_ADDEND, rm, fl);
    case NMSUB_D:  return f64_muladd(a, b, c, FPU_NEG_PRODUCT, rm, fl);
    case NMADD_D:  return f64_muladd(a, b, c, FPU_NEG_PRODUCT | FPU_NEG_ADDEND, rm, fl);
    case MIN_D:    return f64_min(a, b, fl);
    case MAX_D:    return f64_max(a, b, fl);
    case EQ_D:     return f64_eq(a, b, fl);
    case LT_D:     return f64_lt(a, b, fl);
    case LE_D:     return f64_le(a, b, fl);
    case CLASS_D:  return f64_class(a);
    case CVT_W_D:  return I64(f64_to_i32(a, rm, fl));
    case CVT_WU_D: return I64((int32_t)f64_to_u32(a, rm, fl));
    case CVT_L_D:  return I64(f64_to_i64(a, rm, fl));
    case CVT_LU_D: return f64_to_u64(a, rm, fl);
    case CVT_D_W:  return i32_to_f64((int32_t)a, rm, fl);
    case CVT_D_WU: return u32_to_f64((uint32_t)a, rm, fl);
    case CVT_D_L:  return i64_to_f64((int64_t)a, rm, fl);
    case CVT_D_LU: return u64_to_f64(a, rm, fl);
    default:       return run_s(t, fl);
    }
}

static void check_rows(const struct row *rows, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        const struct row *t = &rows[k];
        uint32_t fl = 0;
        uint64_t got = run_d(t, &fl);

        ck_assert_msg(got == t->want && fl == t->flags,
                      "line %d: a=%#llx b=%#llx c=%#llx rm=%u: got %#llx flags %#x, "
                      "want %#llx flags %#x", t->line, (unsigned long long)t->a,
                      (unsigned long long)t->b, (unsigned long long)t->c, t->rm,
                      (unsigned long long)got, fl, (unsigned long long)t->want, t->flags);
    }
}

#define CHECK_ROWS(rows) check_rows(rows, sizeof(rows) / sizeof(rows[0]))

/* Ties and near-ties in every rounding mode. */
static const struct row rounding_rows[] = {
    /* 1 + 2^-24: exactly half way between 1 and 1 + 2^-23 (even below) */
    R2(ADD_S, S_ONE, S_ULP_HALF, RNE, 0x3f800000, NX),
    R2(ADD_S, S_ONE, S_ULP_HALF, RTZ, 0x3f800000, NX),
    R2(ADD_S, S_ONE, S_ULP_HALF, RDN, 0x3f800000, NX),
    R2(ADD_S, S_ONE, S_ULP_HALF, RUP, 0x3f800001, NX),
    R2(ADD_S, S_ONE, S_ULP_HALF, RMM, 0x3f800001, NX),
    /* (1 + 2^-23) + 2^-24: half way, even above */
    R2(ADD_S, 0x3f800001, S_ULP_HALF, RNE, 0x3f800002, NX),
    R2(ADD_S, 0x3f800001, S_ULP_HALF, RTZ, 0x3f800001, NX),
    R2(ADD_S, 0x3f800001, S_ULP_HALF, RDN, 0x3f800001, NX),
    R2(ADD_S, 0x3f800001, S_ULP_HALF, RUP, 0x3f800002, NX),
    R2(ADD_S, 0x3f800001, S_ULP_HALF, RMM, 0x3f800002, NX),
    /* negative tie */
    R2(ADD_S, S_NONE, 0xb3800000, RNE, 0xbf800000, NX),
    R2(ADD_S, S_NONE, 0xb3800000, RTZ, 0xbf800000, NX),
    R2(ADD_S, S_NONE, 0xb3800000, RDN, 0xbf800001, NX),
    R2(ADD_S, S_NONE, 0xb3800000, RUP, 0xbf800000, NX),
    R2(ADD_S, S_NONE, 0xb3800000, RMM, 0xbf800001, NX),
    /* just above and just below the tie */
    R2(ADD_S, S_ONE, 0x33800001, RNE, 0x3f800001, NX),
    R2(ADD_S, S_ONE, 0x33800001, RTZ, 0x3f800000, NX),
    R2(ADD_S, S_ONE, 0x33800001, RMM, 0x3f800001, NX),
    R2(ADD_S, S_ONE, 0x337fffff, RNE, 0x3f800000, NX),
    R2(ADD_S, S_ONE, 0x337fffff, RMM, 0x3f800000, NX),
    R2(ADD_S, S_ONE, 0x337fffff, RUP, 0x3f800001, NX),
    R2(ADD_S, S_ONE, 0x337fffff, RDN, 0x3f800000, NX),
    /* (1 + 2^-23) * 1.5 = 1.5 + 1.5 * 2^-23: a product tie */
    R2(MUL_S, 0x3f800001, 0x3fc00000, RNE, 0x3fc00002, NX),
    R2(MUL_S, 0x3f800001, 0x3fc00000, RTZ, 0x3fc00001, NX),
    R2(MUL_S, 0x3f800001, 0x3fc00000, RMM, 0x3fc00002, NX),
    R2(MUL_S, 0x3f800001, 0x3fc00000, RDN, 0x3fc00001, NX),
    R2(MUL_S, 0x3f800001, 0x3fc00000, RUP, 0x3fc00002, NX),
    /* 1/3 and -1/3 */
    R2(DIV_S, S_ONE, 0x40400000, RNE, 0x3eaaaaab, NX),
    R2(DIV_S, S_ONE, 0x40400000, RTZ, 0x3eaaaaaa, NX),
    R2(DIV_S, S_ONE, 0x40400000, RDN, 0x3eaaaaaa, NX),
    R2(DIV_S, S_ONE, 0x40400000, RUP, 0x3eaaaaab, NX),
    R2(DIV_S, S_ONE, 0x40400000, RMM, 0x3eaaaaab, NX),
    R2(DIV_S, S_NONE, 0x40400000, RDN, 0xbeaaaaab, NX),
    R2(DIV_S, S_NONE, 0x40400000, RUP, 0xbeaaaaaa, NX),
    R2(DIV_D, D_ONE, 0x4008000000000000, RNE, 0x3fd5555555555555, NX),
    R2(DIV_D, D_ONE, 0x4008000000000000, RUP, 0x3fd5555555555556, NX),
    R2(DIV_D, D_ONE, 0x4008000000000000, RMM, 0x3fd5555555555555, NX),
    /* binary64 ties */
    R2(ADD_D, D_ONE, D_ULP_HALF, RNE, 0x3ff0000000000000, NX),
    R2(ADD_D, D_ONE, D_ULP_HALF, RTZ, 0x3ff0000000000000, NX),
    R2(ADD_D, D_ONE, D_ULP_HALF, RDN, 0x3ff0000000000000, NX),
    R2(ADD_D, D_ONE, D_ULP_HALF, RUP, 0x3ff0000000000001, NX),
    R2(ADD_D, D_ONE, D_ULP_HALF, RMM, 0x3ff0000000000001, NX),
    R2(ADD_D, 0x3ff0000000000001, D_ULP_HALF, RNE, 0x3ff0000000000002, NX),
    R2(ADD_D, 0x3ff0000000000001, D_ULP_HALF, RTZ, 0x3ff0000000000001, NX),
    R2(ADD_D, 0x3ff0000000000001, D_ULP_HALF, RMM, 0x3ff0000000000002, NX),
    R2(ADD_D, D_NONE, 0xbca0000000000000, RDN, 0xbff0000000000001, NX),
    R2(ADD_D, D_NONE, 0xbca0000000000000, RUP, 0xbff0000000000000, NX),
    R2(ADD_D, D_NONE, 0xbca0000000000000, RMM, 0xbff0000000000001, NX),
    R2(ADD_D, D_NONE, 0xbca0000000000000, RNE, 0xbff0000000000000, NX),
    R2(ADD_D, D_ONE, 0x3ca0000000000001, RNE, 0x3ff0000000000001, NX),
    R2(ADD_D, D_ONE, 0x3c9fffffffffffff, RMM, 0x3ff0000000000000, NX),
    /* sqrt(2) lies below 0x3ff6a09e667f3bcd; sqrt(2) as single below 0x3fb504f4 */
    R1(SQRT_D, D_TWO, RNE, 0x3ff6a09e667f3bcd, NX),
    R1(SQRT_D, D_TWO, RTZ, 0x3ff6a09e667f3bcc, NX),
    R1(SQRT_D, D_TWO, RDN, 0x3ff6a09e667f3bcc, NX),
    R1(SQRT_D, D_TWO, RUP, 0x3ff6a09e667f3bcd, NX),
    R1(SQRT_D, D_TWO, RMM, 0x3ff6a09e667f3bcd, NX),
    R1(SQRT_S, S_TWO, RNE, 0x3fb504f3, NX),
    R1(SQRT_S, S_TWO, RTZ, 0x3fb504f3, NX),
    R1(SQRT_S, S_TWO, RUP, 0x3fb504f4, NX),
    /* sqrt(1 + 2^-52) = 1 + 2^-53 - tiny: just below a tie */
    R1(SQRT_D, 0x3ff0000000000001, RNE, D_ONE, NX),
    R1(SQRT_D, 0x3ff0000000000001, RMM, D_ONE, NX),
    R1(SQRT_D, 0x3ff0000000000001, RUP, 0x3ff0000000000001, NX),
    R1(SQRT_S, 0x40800000, RNE, S_TWO, 0),                   /* sqrt(4) */
    R1(SQRT_S, 0x00000002, RNE, 0x1a800000, 0),              /* sqrt(2^-148) */
    R1(SQRT_D, D_MIN_SUB, RNE, 0x1e60000000000000, 0),       /* sqrt(2^-1074) */
    R1(SQRT_D, 0x4022000000000000, RDN, 0x4008000000000000, 0), /* sqrt(9) */
};

/* Overflow: infinity or the largest finite value, depending on rm. */
static const struct row overflow_rows[] = {
    R2(MUL_S, S_MAX, S_TWO, RNE, S_INF, OF | NX),
    R2(MUL_S, S_MAX, S_TWO, RTZ, S_MAX, OF | NX),
    R2(MUL_S, S_MAX, S_TWO, RDN, S_MAX, OF | NX),
    R2(MUL_S, S_MAX, S_TWO, RUP, S_INF, OF | NX),
    R2(MUL_S, S_MAX, S_TWO, RMM, S_INF, OF | NX),
    R2(MUL_S, S_NMAX, S_TWO, RNE, S_NINF, OF | NX),
    R2(MUL_S, S_NMAX, S_TWO, RTZ, S_NMAX, OF | NX),
    R2(MUL_S, S_NMAX, S_TWO, RDN, S_NINF, OF | NX),
    R2(MUL_S, S_NMAX, S_TWO, RUP, S_NMAX, OF | NX),
    R2(MUL_S, S_NMAX, S_TWO, RMM, S_NINF, OF | NX),
    /* max + half an ulp (2^103): a tie between max and 2^128 */
    R2(ADD_S, S_MAX, 0x73000000, RNE, S_INF, OF | NX),
    R2(ADD_S, S_MAX, 0x73000000, RTZ, S_MAX, NX),
    R2(ADD_S, S_MAX, 0x73000000, RDN, S_MAX, NX),
    R2(ADD_S, S_MAX, 0x73000000, RUP, S_INF, OF | NX),
    R2(ADD_S, S_MAX, 0x73000000, RMM, S_INF, OF | NX),
    R2(ADD_S, S_MAX, 0x72800000, RNE, S_MAX, NX),            /* + quarter ulp */
    R2(ADD_S, S_MAX, 0x72800000, RUP, S_INF, OF | NX),
    R2(DIV_S, S_MAX, S_HALF, RNE, S_INF, OF | NX),
    R2(MUL_D, D_MAX, D_TWO, RNE, D_INF, OF | NX),
    R2(MUL_D, D_MAX, D_TWO, RTZ, D_MAX, OF | NX),
    R2(MUL_D, D_NMAX, D_TWO, RDN, D_NINF, OF | NX),
    R2(MUL_D, D_NMAX, D_TWO, RUP, D_NMAX, OF | NX),
    R2(ADD_D, D_MAX, 0x7c90000000000000, RNE, D_INF, OF | NX), /* + half ulp */
    R2(ADD_D, D_MAX, 0x7c90000000000000, RTZ, D_MAX, NX),
    R2(DIV_D, D_MAX, D_HALF, RMM, D_INF, OF | NX),
    R3(MADD_S, S_MAX, S_TWO, S_NMAX, RNE, S_MAX, 0),         /* no intermediate overflow */
    R3(MADD_S, S_MAX, S_TWO, S_ONE, RNE, S_INF, OF | NX),
};

/* Underflow: subnormal results, UF only when tiny AND inexact, tininess
 * after rounding. */
static const struct row underflow_rows[] = {
    /* 2^-149 * 0.5 = 2^-150: a tie between 0 and the smallest subnormal */
    R2(MUL_S, S_MIN_SUB, S_HALF, RNE, S_ZERO, UF | NX),
    R2(MUL_S, S_MIN_SUB, S_HALF, RTZ, S_ZERO, UF | NX),
    R2(MUL_S, S_MIN_SUB, S_HALF, RDN, S_ZERO, UF | NX),
    R2(MUL_S, S_MIN_SUB, S_HALF, RUP, S_MIN_SUB, UF | NX),
    R2(MUL_S, S_MIN_SUB, S_HALF, RMM, S_MIN_SUB, UF | NX),
    R2(MUL_S, 0x80000001, S_HALF, RNE, S_NZERO, UF | NX),
    R2(MUL_S, 0x80000001, S_HALF, RDN, 0x80000001, UF | NX),
    R2(MUL_S, 0x80000001, S_HALF, RUP, S_NZERO, UF | NX),
    R2(MUL_S, 0x80000001, S_HALF, RMM, 0x80000001, UF | NX),
    /* 1.5 * 2^-149: tie between subnormals 1 and 2 */
    R2(MUL_S, 0x00000003, S_HALF, RNE, 0x00000002, UF | NX),
    R2(MUL_S, 0x00000003, S_HALF, RTZ, 0x00000001, UF | NX),
    R2(MUL_S, 0x00000003, S_HALF, RMM, 0x00000002, UF | NX),
    /* exact subnormal results raise nothing */
    R2(MUL_S, S_MIN_NORM, S_HALF, RNE, 0x00400000, 0),
    R2(SUB_S, 0x00800001, S_MIN_NORM, RNE, S_MIN_SUB, 0),
    R2(ADD_S, 0x007fffff, S_MIN_SUB, RNE, S_MIN_NORM, 0),
    R2(DIV_S, S_MIN_NORM, 0x4b000000, RNE, S_MIN_SUB, 0),     /* / 2^23 */
    R2(DIV_S, S_MIN_NORM, 0x4b800000, RNE, S_ZERO, UF | NX),  /* / 2^24 */
    /* (2 - 2^-23) * 2^-127 = 2^-126 - 2^-150: rounding with an unbounded
     * exponent gives 2^-126 - 2^-150 (tiny), the result rounds to 2^-126 */
    R2(MUL_S, 0x3fffffff, 0x00400000, RNE, S_MIN_NORM, UF | NX),
    R2(MUL_S, 0x3fffffff, 0x00400000, RTZ, 0x007fffff, UF | NX),
    R2(MUL_S, 0x3fffffff, 0x00400000, RDN, 0x007fffff, UF | NX),
    R2(MUL_S, 0x3fffffff, 0x00400000, RUP, S_MIN_NORM, UF | NX),
    R2(MUL_S, 0x3fffffff, 0x00400000, RMM, S_MIN_NORM, UF | NX),
    /* 31 * 2^-24 * 1082401 * 2^-127 = 2^-126 - 2^-151: tiny before rounding
     * but not after (unbounded RNE/RUP/RMM reach 2^-126), so no UF */
    R2(MUL_S, 0x35f80000, 0x0a042108, RNE, S_MIN_NORM, NX),
    R2(MUL_S, 0x35f80000, 0x0a042108, RTZ, 0x007fffff, UF | NX),
    R2(MUL_S, 0x35f80000, 0x0a042108, RDN, 0x007fffff, UF | NX),
    R2(MUL_S, 0x35f80000, 0x0a042108, RUP, S_MIN_NORM, NX),
    R2(MUL_S, 0x35f80000, 0x0a042108, RMM, S_MIN_NORM, NX),
    /* the same two boundaries in binary64 */
    R2(MUL_D, 0x3fffffffffffffff, 0x0008000000000000, RNE, D_MIN_NORM, UF | NX),
    R2(MUL_D, 0x3c48000000000000, 0x03b5555555555555, RNE, D_MIN_NORM, NX),
    R2(MUL_D, 0x3c48000000000000, 0x03b5555555555555, RTZ, 0x000fffffffffffff, UF | NX),
    R2(MUL_D, 0x3c48000000000000, 0x03b5555555555555, RUP, D_MIN_NORM, NX),
    R2(MUL_D, D_MIN_SUB, D_HALF, RNE, D_ZERO, UF | NX),
    R2(MUL_D, D_MIN_SUB, D_HALF, RUP, D_MIN_SUB, UF | NX),
    R2(MUL_D, 0x0000000000000003, D_HALF, RNE, 0x0000000000000002, UF | NX),
    R2(SUB_D, 0x0010000000000001, D_MIN_NORM, RNE, D_MIN_SUB, 0),
    /* a fused product below the subnormal range, plus a zero */
    R3(MADD_S, S_MIN_SUB, S_HALF, S_ZERO, RNE, S_ZERO, UF | NX),
    R3(MADD_S, S_MIN_SUB, S_HALF, S_NZERO, RNE, S_ZERO, UF | NX),
    R3(MADD_S, S_MIN_SUB, S_HALF, S_ZERO, RUP, S_MIN_SUB, UF | NX),
};

/* Invalid operation, divide by zero, NaN inputs, canonical NaN results. */
static const struct row invalid_rows[] = {
    R2(ADD_S, S_INF, S_NINF, RNE, S_QNAN, NV),
    R2(SUB_S, S_INF, S_INF, RNE, S_QNAN, NV),
    R2(ADD_S, S_INF, S_INF, RNE, S_INF, 0),
    R2(SUB_S, S_INF, S_NINF, RNE, S_INF, 0),
    R2(MUL_S, S_ZERO, S_INF, RNE, S_QNAN, NV),
    R2(MUL_S, S_NINF, S_NZERO, RNE, S_QNAN, NV),
    R2(MUL_S, S_NINF, S_TWO, RNE, S_NINF, 0),
    R2(DIV_S, S_ZERO, S_NZERO, RNE, S_QNAN, NV),
    R2(DIV_S, S_INF, S_NINF, RNE, S_QNAN, NV),
    R2(DIV_S, S_ONE, S_ZERO, RNE, S_INF, DZ),
    R2(DIV_S, S_NONE, S_ZERO, RNE, S_NINF, DZ),
    R2(DIV_S, S_ONE, S_NZERO, RNE, S_NINF, DZ),
    R2(DIV_S, S_INF, S_ZERO, RNE, S_INF, 0),
    R2(DIV_S, S_ZERO, S_INF, RNE, S_ZERO, 0),
    R2(DIV_S, S_NONE, S_INF, RNE, S_NZERO, 0),
    R1(SQRT_S, S_NONE, RNE, S_QNAN, NV),
    R1(SQRT_S, S_NZERO, RNE, S_NZERO, 0),
    R1(SQRT_S, S_NINF, RNE, S_QNAN, NV),
    R1(SQRT_S, S_INF, RNE, S_INF, 0),
    R1(SQRT_S, 0x80000001, RNE, S_QNAN, NV),
    R1(SQRT_S, S_QNAN, RNE, S_QNAN, 0),
    R1(SQRT_S, S_SNAN, RNE, S_QNAN, NV),
    R2(ADD_S, S_SNAN, S_ONE, RNE, S_QNAN, NV),
    R2(ADD_S, 0x7fc12345, S_ONE, RNE, S_QNAN, 0),           /* payload dropped */
    R2(ADD_S, 0xffc00000, S_ONE, RNE, S_QNAN, 0),           /* sign dropped */
    R2(SUB_S, S_QNAN, S_QNAN, RNE, S_QNAN, 0),
    R2(MUL_S, S_ONE, 0xff800001, RNE, S_QNAN, NV),
    R2(MUL_S, S_ZERO, S_QNAN, RNE, S_QNAN, 0),
    R2(MUL_S, S_INF, S_QNAN, RNE, S_QNAN, 0),
    R2(DIV_S, S_QNAN, S_ZERO, RNE, S_QNAN, 0),              /* no DZ */
    R2(DIV_S, S_SNAN, S_ZERO, RNE, S_QNAN, NV),
    R2(ADD_D, D_INF, D_NINF, RNE, D_QNAN, NV),
    R2(MUL_D, D_INF, D_ZERO, RNE, D_QNAN, NV),
    R2(DIV_D, D_ZERO, D_ZERO, RNE, D_QNAN, NV),
    R2(DIV_D, D_INF, D_INF, RNE, D_QNAN, NV),
    R2(DIV_D, D_NONE, D_NZERO, RNE, D_INF, DZ),
    R1(SQRT_D, D_NONE, RNE, D_QNAN, NV),
    R1(SQRT_D, D_NZERO, RNE, D_NZERO, 0),
    R2(ADD_D, D_SNAN, D_ONE, RNE, D_QNAN, NV),
    R2(ADD_D, 0x7ff8000000000123, D_ONE, RNE, D_QNAN, 0),
    R2(MUL_D, 0xfff0000000000001, D_QNAN, RNE, D_QNAN, NV),
};

/* Fused multiply-add: one rounding, sign rules, special cases. */
static const struct row fma_rows[] = {
    /* (1 + 2^-52)(1 - 2^-53) - 1 = 2^-53 - 2^-105 exactly (unfused: 0) */
    R3(MADD_D, 0x3ff0000000000001, 0x3fefffffffffffff, D_NONE, RNE, 0x3c9ffffffffffffe, 0),
    /* (1 + 2^-27)^2 - (1 + 2^-26) = 2^-54 */
    R3(MADD_D, 0x3ff0000002000000, 0x3ff0000002000000, 0xbff0000004000000, RNE,
       0x3c90000000000000, 0),
    /* (1 + 2^-52)^2 - (1 + 2^-51) = 2^-104: massive cancellation */
    R3(MADD_D, 0x3ff0000000000001, 0x3ff0000000000001, 0xbff0000000000002, RNE,
       0x3970000000000000, 0),
    /* (1 + 2^-23)(1 - 2^-24) - 1 = 2^-24 - 2^-47 */
    R3(MADD_S, 0x3f800001, 0x3f7fffff, S_NONE, RNE, 0x337ffffe, 0),
    /* a far smaller addend only moves directed roundings */
    R3(MADD_D, 0x1a70000000000000, 0x1a70000000000000, D_ONE, RNE, D_ONE, NX),
    R3(MADD_D, 0x1a70000000000000, 0x1a70000000000000, D_ONE, RUP, 0x3ff0000000000001, NX),
    R3(MADD_D, D_ONE, D_ONE, D_MIN_SUB, RNE, D_ONE, NX),
    R3(MADD_D, D_ONE, D_ONE, D_MIN_SUB, RUP, 0x3ff0000000000001, NX),
    R3(MADD_D, D_ONE, D_ONE, 0x8000000000000001, RDN, 0x3fefffffffffffff, NX),
    R3(MADD_D, D_ONE, D_ONE, 0x8000000000000001, RTZ, 0x3fefffffffffffff, NX),
    R3(MADD_D, D_ONE, D_ONE, 0x8000000000000001, RNE, D_ONE, NX),
    /* sign rules: fmadd 2*3+1, fmsub 2*3-1, fnmsub -(2*3)+1, fnmadd -(2*3)-1 */
    R3(MADD_S, S_TWO, 0x40400000, S_ONE, RNE, 0x40e00000, 0),
    R3(MSUB_S, S_TWO, 0x40400000, S_ONE, RNE, 0x40a00000, 0),
    R3(NMSUB_S, S_TWO, 0x40400000, S_ONE, RNE, 0xc0a00000, 0),
    R3(NMADD_S, S_TWO, 0x40400000, S_ONE, RNE, 0xc0e00000, 0),
    R3(MSUB_D, D_TWO, 0x4008000000000000, D_ONE, RNE, 0x4014000000000000, 0),
    R3(NMSUB_D, D_TWO, 0x4008000000000000, D_ONE, RNE, 0xc014000000000000, 0),
    R3(NMADD_D, D_TWO, 0x4008000000000000, D_ONE, RNE, 0xc01c000000000000, 0),
    /* zero signs */
    R3(MADD_S, S_ZERO, S_ONE, S_NZERO, RNE, S_ZERO, 0),
    R3(MADD_S, S_ZERO, S_ONE, S_NZERO, RDN, S_NZERO, 0),
    R3(MADD_S, S_NZERO, S_ONE, S_NZERO, RNE, S_NZERO, 0),
    R3(NMSUB_S, S_ZERO, S_ONE, S_ZERO, RNE, S_ZERO, 0),
    R3(NMADD_S, S_ZERO, S_ONE, S_ZERO, RNE, S_NZERO, 0),
    R3(MSUB_S, S_ZERO, S_ONE, S_ZERO, RNE, S_ZERO, 0),
    R3(MSUB_S, S_ZERO, S_ONE, S_ZERO, RDN, S_NZERO, 0),
    R3(MADD_S, S_ONE, S_ONE, S_NONE, RNE, S_ZERO, 0),
    R3(MADD_S, S_ONE, S_ONE, S_NONE, RDN, S_NZERO, 0),
    R3(MADD_S, S_ZERO, S_ONE, 0x80000003, RNE, 0x80000003, 0),
    /* invalid: 0 * inf even with a quiet NaN addend (spec), inf - inf */
    R3(MADD_S, S_INF, S_ZERO, S_QNAN, RNE, S_QNAN, NV),
    R3(MADD_S, S_NZERO, S_NINF, 0x7fc00123, RNE, S_QNAN, NV),
    R3(MADD_S, S_INF, S_ZERO, S_ONE, RNE, S_QNAN, NV),
    R3(MADD_D, D_ZERO, D_INF, D_QNAN, RNE, D_QNAN, NV),
    R3(MADD_S, S_QNAN, S_ZERO, S_ONE, RNE, S_QNAN, 0),
    R3(MADD_S, S_QNAN, S_INF, S_ONE, RNE, S_QNAN, 0),       /* NaN, not 0*inf */
    R3(MADD_S, S_ONE, S_ONE, S_SNAN, RNE, S_QNAN, NV),
    R3(MADD_S, S_ONE, S_ONE, S_QNAN, RNE, S_QNAN, 0),
    R3(MADD_S, S_SNAN, S_ONE, S_QNAN, RNE, S_QNAN, NV),
    R3(MADD_S, S_INF, S_ONE, S_NINF, RNE, S_QNAN, NV),
    R3(MSUB_S, S_INF, S_ONE, S_INF, RNE, S_QNAN, NV),
    R3(NMADD_S, S_INF, S_ONE, S_NINF, RNE, S_QNAN, NV),
    R3(NMSUB_S, S_INF, S_ONE, S_INF, RNE, S_QNAN, NV),
    R3(MADD_S, S_INF, S_ONE, S_INF, RNE, S_INF, 0),
    R3(NMADD_S, S_INF, S_ONE, S_ONE, RNE, S_NINF, 0),
    R3(MADD_S, S_ONE, S_ONE, S_NINF, RNE, S_NINF, 0),
    R3(NMSUB_D, D_ONE, D_ONE, D_INF, RNE, D_INF, 0),
    R3(MADD_D, D_INF, D_NONE, D_INF, RNE, D_QNAN, NV),
};

/* fmin/fmax (minimumNumber/maximumNumber), feq/flt/fle, fclass. */
static const struct row compare_rows[] = {
    R2(MIN_S, S_NZERO, S_ZERO, RNE, S_NZERO, 0),
    R2(MIN_S, S_ZERO, S_NZERO, RNE, S_NZERO, 0),
    R2(MAX_S, S_NZERO, S_ZERO, RNE, S_ZERO, 0),
    R2(MAX_S, S_ZERO, S_NZERO, RNE, S_ZERO, 0),
    R2(MIN_S, S_QNAN, S_ONE, RNE, S_ONE, 0),
    R2(MIN_S, S_ONE, S_QNAN, RNE, S_ONE, 0),
    R2(MAX_S, 0xffc00000, S_NONE, RNE, S_NONE, 0),
    R2(MIN_S, S_SNAN, S_ONE, RNE, S_ONE, NV),
    R2(MAX_S, S_ONE, S_SNAN, RNE, S_ONE, NV),
    R2(MIN_S, S_QNAN, S_QNAN, RNE, S_QNAN, 0),
    R2(MIN_S, 0x7fc12345, 0xffc00001, RNE, S_QNAN, 0),
    R2(MAX_S, S_SNAN, S_QNAN, RNE, S_QNAN, NV),
    R2(MIN_S, S_NINF, S_ONE, RNE, S_NINF, 0),
    R2(MAX_S, S_NONE, 0xc0000000, RNE, S_NONE, 0),
    R2(MIN_S, S_NONE, 0xc0000000, RNE, 0xc0000000, 0),
    R2(MIN_S, S_ONE, S_TWO, RNE, S_ONE, 0),
    R2(MAX_S, S_MIN_SUB, S_ZERO, RNE, S_MIN_SUB, 0),
    R2(MIN_D, D_NZERO, D_ZERO, RNE, D_NZERO, 0),
    R2(MAX_D, D_NZERO, D_ZERO, RNE, D_ZERO, 0),
    R2(MIN_D, D_QNAN, D_NONE, RNE, D_NONE, 0),
    R2(MAX_D, D_SNAN, D_ONE, RNE, D_ONE, NV),
    R2(MAX_D, D_QNAN, 0x7ff8000000000001, RNE, D_QNAN, 0),
    R2(MAX_D, D_INF, D_MAX, RNE, D_INF, 0),
    R2(EQ_S, S_QNAN, S_QNAN, RNE, 0, 0),
    R2(EQ_S, S_SNAN, S_ONE, RNE, 0, NV),
    R2(EQ_S, S_ONE, S_SNAN, RNE, 0, NV),
    R2(EQ_S, S_ZERO, S_NZERO, RNE, 1, 0),
    R2(EQ_S, S_ONE, S_ONE, RNE, 1, 0),
    R2(EQ_S, S_ONE, S_TWO, RNE, 0, 0),
    R2(LT_S, S_QNAN, S_ONE, RNE, 0, NV),
    R2(LE_S, S_ONE, S_QNAN, RNE, 0, NV),
    R2(LT_S, S_NZERO, S_ZERO, RNE, 0, 0),
    R2(LE_S, S_NZERO, S_ZERO, RNE, 1, 0),
    R2(LE_S, S_ZERO, S_NZERO, RNE, 1, 0),
    R2(LT_S, S_NONE, S_NHALF, RNE, 1, 0),
    R2(LT_S, S_NHALF, S_NONE, RNE, 0, 0),
    R2(LT_S, S_NONE, S_ONE, RNE, 1, 0),
    R2(LT_S, S_NINF, S_NZERO, RNE, 1, 0),
    R2(LT_S, S_MAX, S_INF, RNE, 1, 0),
    R2(LT_S, S_INF, S_INF, RNE, 0, 0),
    R2(LE_S, S_INF, S_INF, RNE, 1, 0),
    R2(LE_S, S_TWO, S_ONE, RNE, 0, 0),
    R2(EQ_D, D_QNAN, D_ONE, RNE, 0, 0),
    R2(EQ_D, D_SNAN, D_SNAN, RNE, 0, NV),
    R2(EQ_D, D_NZERO, D_ZERO, RNE, 1, 0),
    R2(LT_D, D_ONE, D_QNAN, RNE, 0, NV),
    R2(LE_D, D_QNAN, D_QNAN, RNE, 0, NV),
    R2(LT_D, D_NONE, D_NZERO, RNE, 1, 0),
    R2(LE_D, D_ZERO, D_NZERO, RNE, 1, 0),
    R2(LT_D, D_MIN_SUB, D_MIN_NORM, RNE, 1, 0),
    R2(LT_D, D_NMAX, D_NINF, RNE, 0, 0),
    R1(CLASS_S, S_NINF, RNE, FCLASS_NEG_INF, 0),
    R1(CLASS_S, S_NONE, RNE, FCLASS_NEG_NORMAL, 0),
    R1(CLASS_S, 0x807fffff, RNE, FCLASS_NEG_SUBNORMAL, 0),
    R1(CLASS_S, S_NZERO, RNE, FCLASS_NEG_ZERO, 0),
    R1(CLASS_S, S_ZERO, RNE, FCLASS_POS_ZERO, 0),
    R1(CLASS_S, S_MIN_SUB, RNE, FCLASS_POS_SUBNORMAL, 0),
    R1(CLASS_S, S_MIN_NORM, RNE, FCLASS_POS_NORMAL, 0),
    R1(CLASS_S, S_INF, RNE, FCLASS_POS_INF, 0),
    R1(CLASS_S, S_SNAN, RNE, FCLASS_SNAN, 0),
    R1(CLASS_S, 0xffbfffff, RNE, FCLASS_SNAN, 0),
    R1(CLASS_S, S_QNAN, RNE, FCLASS_QNAN, 0),
    R1(CLASS_S, 0xffffffff, RNE, FCLASS_QNAN, 0),
    R1(CLASS_D, D_NINF, RNE, FCLASS_NEG_INF, 0),
    R1(CLASS_D, D_NMAX, RNE, FCLASS_NEG_NORMAL, 0),
    R1(CLASS_D, 0x8000000000000001, RNE, FCLASS_NEG_SUBNORMAL, 0),
    R1(CLASS_D, D_NZERO, RNE, FCLASS_NEG_ZERO, 0),
    R1(CLASS_D, D_ZERO, RNE, FCLASS_POS_ZERO, 0),
    R1(CLASS_D, 0x000fffffffffffff, RNE, FCLASS_POS_SUBNORMAL, 0),
    R1(CLASS_D, D_ONE, RNE, FCLASS_POS_NORMAL, 0),
    R1(CLASS_D, D_INF, RNE, FCLASS_POS_INF, 0),
    R1(CLASS_D, 0x7ff7ffffffffffff, RNE, FCLASS_SNAN, 0),
    R1(CLASS_D, D_QNAN, RNE, FCLASS_QNAN, 0),
};

/* Signed zeros from exact results. */
static const struct row zero_rows[] = {
    R2(ADD_S, S_ZERO, S_NZERO, RNE, S_ZERO, 0),
    R2(ADD_S, S_ZERO, S_NZERO, RDN, S_NZERO, 0),
    R2(ADD_S, S_NZERO, S_NZERO, RNE, S_NZERO, 0),
    R2(SUB_S, S_ZERO, S_ZERO, RNE, S_ZERO, 0),
    R2(SUB_S, S_ZERO, S_ZERO, RDN, S_NZERO, 0),
    R2(SUB_S, S_NZERO, S_ZERO, RUP, S_NZERO, 0),
    R2(ADD_S, S_ONE, S_NONE, RNE, S_ZERO, 0),
    R2(ADD_S, S_ONE, S_NONE, RUP, S_ZERO, 0),
    R2(ADD_S, S_ONE, S_NONE, RDN, S_NZERO, 0),
    R2(MUL_S, S_NZERO, S_ONE, RNE, S_NZERO, 0),
    R2(MUL_S, S_NZERO, S_NZERO, RNE, S_ZERO, 0),
    R2(DIV_S, S_NZERO, S_ONE, RNE, S_NZERO, 0),
    R2(ADD_S, S_NZERO, S_MIN_SUB, RNE, S_MIN_SUB, 0),
    R2(ADD_D, D_ONE, D_NONE, RDN, D_NZERO, 0),
    R2(SUB_D, D_NZERO, D_NZERO, RNE, D_ZERO, 0),
    R2(SUB_D, 0x8000000000000001, 0x8000000000000001, RMM, D_ZERO, 0),
};

/* Float to integer: rounding, saturation, NaN, NV without NX. */
static const struct row to_int_rows[] = {
    R1(CVT_W_S, 0x3fc00000, RNE, 2, NX),                     /* 1.5 */
    R1(CVT_W_S, 0x3fc00000, RTZ, 1, NX),
    R1(CVT_W_S, 0x3fc00000, RDN, 1, NX),
    R1(CVT_W_S, 0x3fc00000, RUP, 2, NX),
    R1(CVT_W_S, 0x3fc00000, RMM, 2, NX),
    R1(CVT_W_S, 0x40200000, RNE, 2, NX),                     /* 2.5 */
    R1(CVT_W_S, 0x40200000, RTZ, 2, NX),
    R1(CVT_W_S, 0x40200000, RDN, 2, NX),
    R1(CVT_W_S, 0x40200000, RUP, 3, NX),
    R1(CVT_W_S, 0x40200000, RMM, 3, NX),
    R1(CVT_W_S, 0xc0200000, RNE, I64(-2), NX),               /* -2.5 */
    R1(CVT_W_S, 0xc0200000, RTZ, I64(-2), NX),
    R1(CVT_W_S, 0xc0200000, RDN, I64(-3), NX),
    R1(CVT_W_S, 0xc0200000, RUP, I64(-2), NX),
    R1(CVT_W_S, 0xc0200000, RMM, I64(-3), NX),
    R1(CVT_W_S, S_NHALF, RNE, 0, NX),
    R1(CVT_W_S, S_NHALF, RDN, I64(-1), NX),
    R1(CVT_W_S, 0x4f000000, RNE, 0x7fffffff, NV),            /* 2^31 */
    R1(CVT_W_S, 0xcf000000, RNE, I64(INT32_MIN), 0),         /* -2^31 */
    R1(CVT_W_S, 0xcf000001, RNE, I64(INT32_MIN), NV),
    R1(CVT_W_S, S_QNAN, RNE, 0x7fffffff, NV),
    R1(CVT_W_S, 0xffc00000, RNE, 0x7fffffff, NV),            /* -NaN: still max */
    R1(CVT_W_S, S_SNAN, RNE, 0x7fffffff, NV),
    R1(CVT_W_S, S_INF, RNE, 0x7fffffff, NV),
    R1(CVT_W_S, S_NINF, RNE, I64(INT32_MIN), NV),
    R1(CVT_W_S, S_MIN_SUB, RUP, 1, NX),
    R1(CVT_W_S, S_MIN_SUB, RNE, 0, NX),
    R1(CVT_W_S, 0x80000001, RDN, I64(-1), NX),
    R1(CVT_W_S, S_NZERO, RNE, 0, 0),
    R1(CVT_WU_S, S_NONE, RNE, 0, NV),
    R1(CVT_WU_S, S_NHALF, RTZ, 0, NX),
    R1(CVT_WU_S, S_NHALF, RNE, 0, NX),
    R1(CVT_WU_S, S_NHALF, RDN, 0, NV),
    R1(CVT_WU_S, 0x4f800000, RNE, I64(-1), NV),              /* 2^32: max, sign-extended */
    R1(CVT_WU_S, 0x4f7fffff, RNE, 0xffffffffffffff00, 0),
    R1(CVT_WU_S, 0x4f32d05e, RNE, 0xffffffffb2d05e00, 0),    /* 3e9 */
    R1(CVT_WU_S, S_QNAN, RNE, I64(-1), NV),
    R1(CVT_WU_S, S_NINF, RNE, 0, NV),
    R1(CVT_WU_S, S_INF, RNE, I64(-1), NV),
    R1(CVT_L_S, 0x5f000000, RNE, INT64_MAX, NV),             /* 2^63 */
    R1(CVT_L_S, 0xdf000000, RNE, I64(INT64_MIN), 0),
    R1(CVT_L_S, 0xdf000001, RNE, I64(INT64_MIN), NV),
    R1(CVT_L_S, S_QNAN, RNE, INT64_MAX, NV),
    R1(CVT_L_S, S_NINF, RNE, I64(INT64_MIN), NV),
    R1(CVT_L_S, 0xc0200000, RMM, I64(-3), NX),
    R1(CVT_L_S, 0x501502f9, RNE, 10000000000, 0),            /* 1e10 */
    R1(CVT_LU_S, 0x5f800000, RNE, UINT64_MAX, NV),           /* 2^64 */
    R1(CVT_LU_S, 0x5f7fffff, RNE, 0xffffff0000000000, 0),
    R1(CVT_LU_S, S_NONE, RNE, 0, NV),
    R1(CVT_LU_S, S_QNAN, RNE, UINT64_MAX, NV),
    R1(CVT_LU_S, S_NZERO, RNE, 0, 0),
    R1(CVT_LU_S, 0xbe800000, RNE, 0, NX),                    /* -0.25 */
    R1(CVT_LU_S, 0xbe800000, RDN, 0, NV),
    R1(CVT_LU_S, 0x7f7fffff, RNE, UINT64_MAX, NV),
    R1(CVT_W_D, 0x41dfffffffe00000, RNE, 0x7fffffff, NV),    /* 2^31 - 0.5 */
    R1(CVT_W_D, 0x41dfffffffe00000, RTZ, 0x7fffffff, NX),
    R1(CVT_W_D, 0x41dfffffffe00000, RDN, 0x7fffffff, NX),
    R1(CVT_W_D, 0x41dfffffffe00000, RUP, 0x7fffffff, NV),
    R1(CVT_W_D, 0x41dfffffffe00000, RMM, 0x7fffffff, NV),
    R1(CVT_W_D, 0xc1e0000000100000, RNE, I64(INT32_MIN), NX), /* -2^31 - 0.5 */
    R1(CVT_W_D, 0xc1e0000000100000, RTZ, I64(INT32_MIN), NX),
    R1(CVT_W_D, 0xc1e0000000100000, RDN, I64(INT32_MIN), NV),
    R1(CVT_W_D, 0xc1e0000000100000, RUP, I64(INT32_MIN), NX),
    R1(CVT_W_D, 0xc1e0000000100000, RMM, I64(INT32_MIN), NV),
    R1(CVT_W_D, 0x41dfffffffc00000, RNE, 0x7fffffff, 0),
    R1(CVT_W_D, D_QNAN, RNE, 0x7fffffff, NV),
    R1(CVT_W_D, D_NINF, RNE, I64(INT32_MIN), NV),
    R1(CVT_W_D, D_MIN_SUB, RUP, 1, NX),
    R1(CVT_WU_D, 0x41effffffff00000, RNE, I64(-1), NV),      /* 2^32 - 0.5 */
    R1(CVT_WU_D, 0x41effffffff00000, RTZ, I64(-1), NX),
    R1(CVT_WU_D, D_NZERO, RNE, 0, 0),
    R1(CVT_WU_D, 0x8000000000000001, RTZ, 0, NX),
    R1(CVT_WU_D, 0x8000000000000001, RDN, 0, NV),
    R1(CVT_WU_D, 0x41e0000000000000, RNE, 0xffffffff80000000, 0), /* 2^31 */
    R1(CVT_WU_D, D_SNAN, RNE, I64(-1), NV),
    R1(CVT_L_D, 0x43e0000000000000, RNE, INT64_MAX, NV),     /* 2^63 */
    R1(CVT_L_D, 0xc3e0000000000000, RNE, I64(INT64_MIN), 0),
    R1(CVT_L_D, 0xc3e0000000000001, RNE, I64(INT64_MIN), NV),
    R1(CVT_L_D, 0x43dfffffffffffff, RNE, 0x7ffffffffffffc00, 0),
    R1(CVT_L_D, D_NINF, RNE, I64(INT64_MIN), NV),
    R1(CVT_L_D, D_SNAN, RNE, INT64_MAX, NV),
    R1(CVT_L_D, D_MAX, RNE, INT64_MAX, NV),
    R1(CVT_L_D, 0xc004000000000000, RNE, I64(-2), NX),       /* -2.5 */
    R1(CVT_L_D, 0xc004000000000000, RMM, I64(-3), NX),
    R1(CVT_LU_D, 0x43f0000000000000, RNE, UINT64_MAX, NV),   /* 2^64 */
    R1(CVT_LU_D, 0x43efffffffffffff, RNE, 0xfffffffffffff800, 0),
    R1(CVT_LU_D, D_NONE, RNE, 0, NV),
    R1(CVT_LU_D, D_HALF, RNE, 0, NX),
    R1(CVT_LU_D, D_HALF, RMM, 1, NX),
    R1(CVT_LU_D, D_HALF, RUP, 1, NX),
    R1(CVT_LU_D, 0x3ff8000000000000, RNE, 2, NX),
    R1(CVT_LU_D, D_NMAX, RNE, 0, NV),
};

/* Integer to float and between the two formats. */
static const struct row from_int_rows[] = {
    R1(CVT_S_W, 16777217, RNE, 0x4b800000, NX),              /* 2^24 + 1 */
    R1(CVT_S_W, 16777217, RTZ, 0x4b800000, NX),
    R1(CVT_S_W, 16777217, RDN, 0x4b800000, NX),
    R1(CVT_S_W, 16777217, RUP, 0x4b800001, NX),
    R1(CVT_S_W, 16777217, RMM, 0x4b800001, NX),
    R1(CVT_S_W, I64(-16777217), RNE, 0xcb800000, NX),
    R1(CVT_S_W, I64(-16777217), RDN, 0xcb800001, NX),
    R1(CVT_S_W, I64(-16777217), RMM, 0xcb800001, NX),
    R1(CVT_S_W, 16777219, RNE, 0x4b800002, NX),              /* tie, even above */
    R1(CVT_S_W, I64(INT32_MIN), RNE, 0xcf000000, 0),
    R1(CVT_S_W, 0xffffffff00000005, RNE, 0x40a00000, 0),     /* only the low 32 bits */
    R1(CVT_S_W, 0, RNE, S_ZERO, 0),
    R1(CVT_S_W, I64(-1), RNE, S_NONE, 0),
    R1(CVT_S_WU, 0xffffffff, RNE, 0x4f800000, NX),
    R1(CVT_S_WU, 0xffffffff, RTZ, 0x4f7fffff, NX),
    R1(CVT_S_WU, 0xffffffff, RUP, 0x4f800000, NX),
    R1(CVT_S_WU, 0x12345678ffffffff, RDN, 0x4f7fffff, NX),
    R1(CVT_S_L, I64(INT64_MIN), RNE, 0xdf000000, 0),
    R1(CVT_S_L, INT64_MAX, RNE, 0x5f000000, NX),
    R1(CVT_S_L, INT64_MAX, RTZ, 0x5effffff, NX),
    R1(CVT_S_LU, UINT64_MAX, RNE, 0x5f800000, NX),
    R1(CVT_S_LU, UINT64_MAX, RTZ, 0x5f7fffff, NX),
    R1(CVT_S_LU, 0x8000008000000000, RNE, 0x5f000000, NX),   /* tie, even below */
    R1(CVT_S_LU, 0x8000008000000001, RNE, 0x5f000001, NX),
    R1(CVT_D_L, 0x20000000000001, RNE, 0x4340000000000000, NX), /* 2^53 + 1 */
    R1(CVT_D_L, 0x20000000000001, RTZ, 0x4340000000000000, NX),
    R1(CVT_D_L, 0x20000000000001, RUP, 0x4340000000000001, NX),
    R1(CVT_D_L, 0x20000000000001, RMM, 0x4340000000000001, NX),
    R1(CVT_D_L, 0x20000000000003, RNE, 0x4340000000000002, NX),
    R1(CVT_D_L, I64(-0x20000000000001), RDN, 0xc340000000000001, NX),
    R1(CVT_D_L, I64(INT64_MIN), RNE, 0xc3e0000000000000, 0),
    R1(CVT_D_LU, UINT64_MAX, RNE, 0x43f0000000000000, NX),
    R1(CVT_D_LU, UINT64_MAX, RTZ, 0x43efffffffffffff, NX),
    R1(CVT_D_W, I64(INT32_MIN), RNE, 0xc1e0000000000000, 0),
    R1(CVT_D_W, 0x00000001ffffffff, RNE, D_NONE, 0),        /* only the low 32 bits */
    R1(CVT_D_WU, 0xffffffff, RNE, 0x41efffffffe00000, 0),
    R1(CVT_D_W, 0, RNE, D_ZERO, 0),
    /* binary64 to binary32 */
    R1(CVT_S_D, 0x3ff0000010000000, RNE, S_ONE, NX),         /* 1 + 2^-24 */
    R1(CVT_S_D, 0x3ff0000010000000, RTZ, S_ONE, NX),
    R1(CVT_S_D, 0x3ff0000010000000, RDN, S_ONE, NX),
    R1(CVT_S_D, 0x3ff0000010000000, RUP, 0x3f800001, NX),
    R1(CVT_S_D, 0x3ff0000010000000, RMM, 0x3f800001, NX),
    R1(CVT_S_D, 0x3ff0000030000000, RNE, 0x3f800002, NX),    /* 1 + 3 * 2^-24 */
    R1(CVT_S_D, 0x3ff0000030000000, RTZ, 0x3f800001, NX),
    R1(CVT_S_D, 0x3ff0000010000001, RNE, 0x3f800001, NX),
    R1(CVT_S_D, 0xbff0000010000000, RDN, 0xbf800001, NX),
    R1(CVT_S_D, 0x7e37e43c8800759c, RNE, S_INF, OF | NX),    /* 1e300 */
    R1(CVT_S_D, 0x7e37e43c8800759c, RTZ, S_MAX, OF | NX),
    R1(CVT_S_D, 0xfe37e43c8800759c, RUP, S_NMAX, OF | NX),
    R1(CVT_S_D, 0x47effffff0000000, RNE, S_INF, OF | NX),    /* max + half ulp */
    R1(CVT_S_D, 0x47effffff0000000, RTZ, S_MAX, NX),
    R1(CVT_S_D, 0x47efffffe0000000, RNE, S_MAX, 0),
    R1(CVT_S_D, 0x3690000000000000, RNE, S_ZERO, UF | NX),   /* 2^-150 */
    R1(CVT_S_D, 0x3690000000000000, RUP, S_MIN_SUB, UF | NX),
    R1(CVT_S_D, 0x36a0000000000000, RNE, S_MIN_SUB, 0),
    R1(CVT_S_D, 0x380fffffe0000000, RNE, S_MIN_NORM, UF | NX), /* 2^-126 - 2^-150 */
    R1(CVT_S_D, 0x380ffffff0000000, RNE, S_MIN_NORM, NX),    /* 2^-126 - 2^-151 */
    R1(CVT_S_D, 0x380ffffff0000000, RTZ, 0x007fffff, UF | NX),
    R1(CVT_S_D, D_MIN_SUB, RNE, S_ZERO, UF | NX),
    R1(CVT_S_D, D_SNAN, RNE, S_QNAN, NV),
    R1(CVT_S_D, 0x7ff8000000000123, RNE, S_QNAN, 0),
    R1(CVT_S_D, 0xfff8000000000000, RNE, S_QNAN, 0),
    R1(CVT_S_D, D_NINF, RNE, S_NINF, 0),
    R1(CVT_S_D, D_NZERO, RNE, S_NZERO, 0),
    /* binary32 to binary64: exact */
    R1(CVT_D_S, S_MIN_SUB, RNE, 0x36a0000000000000, 0),
    R1(CVT_D_S, 0x807fffff, RNE, 0xb80fffffc0000000, 0),
    R1(CVT_D_S, S_SNAN, RNE, D_QNAN, NV),
    R1(CVT_D_S, 0xffc00001, RNE, D_QNAN, 0),
    R1(CVT_D_S, S_NINF, RNE, D_NINF, 0),
    R1(CVT_D_S, S_NZERO, RNE, D_NZERO, 0),
    R1(CVT_D_S, S_MAX, RNE, 0x47efffffe0000000, 0),
    R1(CVT_D_S, S_ONE, RNE, D_ONE, 0),
};

START_TEST(test_rounding) { CHECK_ROWS(rounding_rows); }
END_TEST
START_TEST(test_overflow) { CHECK_ROWS(overflow_rows); }
END_TEST
START_TEST(test_underflow) { CHECK_ROWS(underflow_rows); }
END_TEST
START_TEST(test_invalid) { CHECK_ROWS(invalid_rows); }
END_TEST
START_TEST(test_fma) { CHECK_ROWS(fma_rows); }
END_TEST
START_TEST(test_compare) { CHECK_ROWS(compare_rows); }
END_TEST
START_TEST(test_zero) { CHECK_ROWS(zero_rows); }
END_TEST
START_TEST(test_to_int) { CHECK_ROWS(to_int_rows); }
END_TEST
START_TEST(test_from_int) { CHECK_ROWS(from_int_rows); }
END_TEST

START_TEST(test_nanbox)
{
    ck_assert_uint_eq(fpu_box32(S_ONE), 0xffffffff3f800000ull);
    ck_assert_uint_eq(fpu_unbox32(0xffffffff3f800000ull), S_ONE);
    ck_assert_uint_eq(fpu_unbox32(0xffffffff7f800001ull), S_SNAN);  /* bits kept */
    ck_assert_uint_eq(fpu_unbox32(0x000000003f800000ull), S_QNAN);
    ck_assert_uint_eq(fpu_unbox32(0xfffffffe3f800000ull), S_QNAN);
    ck_assert_uint_eq(fpu_unbox32(0x7fffffff3f800000ull), S_QNAN);
    ck_assert_uint_eq(fpu_unbox32(D_ONE), S_QNAN);
}
END_TEST

START_TEST(test_resolve_rm)
{
    ck_assert_int_eq(fpu_resolve_rm(RM_RNE, RM_RUP), RM_RNE);
    ck_assert_int_eq(fpu_resolve_rm(RM_RMM, 7), RM_RMM);           /* frm unused */
    ck_assert_int_eq(fpu_resolve_rm(RM_DYN, RM_RTZ), RM_RTZ);
    ck_assert_int_eq(fpu_resolve_rm(RM_DYN, RM_RMM), RM_RMM);
    ck_assert_int_eq(fpu_resolve_rm(5, RM_RNE), -1);
    ck_assert_int_eq(fpu_resolve_rm(6, RM_RNE), -1);
    ck_assert_int_eq(fpu_resolve_rm(RM_DYN, 5), -1);
    ck_assert_int_eq(fpu_resolve_rm(RM_DYN, 7), -1);
}
END_TEST

/* Flags accumulate: the functions OR into *flags and never clear. */
START_TEST(test_flags_accumulate)
{
    uint32_t fl = DZ;

    ck_assert_uint_eq(f32_add(S_ONE, S_ULP_HALF, RNE, &fl), S_ONE);
    ck_assert_uint_eq(fl, DZ | NX);
    ck_assert_uint_eq(f64_add(D_ONE, D_ONE, RNE, &fl), D_TWO);
    ck_assert_uint_eq(fl, DZ | NX);
}
END_TEST


/*
 * Differential test against the host FPU. x86-64 SSE is IEEE 754 with
 * tininess detected after rounding, like RISC-V, so results and all five
 * flags must agree in RNE/RTZ/RDN/RUP (the host has no RMM); a host NaN
 * must be our canonical NaN. Operands are random with a bias towards the
 * interesting places: specials, subnormals, the extremes of the exponent
 * range, and pairs with nearby exponents (cancellation, ties).
 */
#if defined(__x86_64__)

#ifndef HOST_ITERS
#define HOST_ITERS 20000   /* per op and mode; -DHOST_ITERS=... for a soak run */
#endif

struct rng {
    uint64_t s;
};

static uint64_t rng_next(struct rng *r)
{
    r->s ^= r->s >> 12;
    r->s ^= r->s << 25;
    r->s ^= r->s >> 27;
    return r->s * 0x2545f4914f6cdd1dull;
}

/* A random operand with frac_bits/exp_bits fields; near (if nonzero) is
 * an operand whose exponent the result should be close to. */
static uint64_t rand_fp(struct rng *r, unsigned frac_bits, unsigned exp_bits, uint64_t near)
{
    const uint64_t exp_max = (1ull << exp_bits) - 1, bias = exp_max >> 1;
    uint64_t pick = rng_next(r), frac = rng_next(r), sign = rng_next(r) & 1;
    uint64_t e;

    switch (pick % 8) {
    case 0:  frac &= rng_next(r) & rng_next(r); break;          /* few ones */
    case 1:  frac |= rng_next(r) | rng_next(r); break;          /* many ones */
    case 2:  frac >>= rng_next(r) % 64; break;
    default: break;
    }
    frac &= (1ull << frac_bits) - 1;
    pick >>= 8;
    switch (pick % 10) {
    case 0:  e = 0; break;                                       /* subnormal/zero */
    case 1:  e = exp_max - 1 - pick / 16 % 4; break;             /* huge */
    case 2:  e = 1 + pick / 16 % 4; break;                       /* tiny */
    case 3:  e = pick / 16 % 50 == 0 ? exp_max : bias; break;    /* inf/NaN or ~1 */
    case 4:  e = pick / 16 % exp_max; break;
    default: {
        uint64_t ne = (near >> frac_bits) & exp_max;
        int64_t d = (int64_t)(pick / 16 % (2 * frac_bits + 8)) - (int64_t)frac_bits - 4;
        e = near ? (uint64_t)((int64_t)ne + d) : bias + (uint64_t)d;
        if (e >= exp_max)
            e = bias;
        break;
    }
    }
    return (sign << (frac_bits + exp_bits)) | (e << frac_bits) | frac;
}

static const int host_modes[] = { FE_TONEAREST, FE_TOWARDZERO, FE_DOWNWARD, FE_UPWARD };
static const unsigned host_rms[] = { RM_RNE, RM_RTZ, RM_RDN, RM_RUP };

static uint32_t host_flags(void)
{
    int ex = fetestexcept(FE_ALL_EXCEPT);
    return (ex & FE_INEXACT ? NX : 0) | (ex & FE_UNDERFLOW ? UF : 0) |
           (ex & FE_OVERFLOW ? OF : 0) | (ex & FE_DIVBYZERO ? DZ : 0) |
           (ex & FE_INVALID ? NV : 0);
}

enum hop { H_ADD, H_SUB, H_MUL, H_DIV, H_SQRT, H_FMA, H_CVT_S_D, H_CVT_S_L, H_CVT_D_L,
           H_CVT_S_LU, H_CVT_D_LU, H_COUNT };

/* The host's result for op on binary64 operands, in the current mode;
 * volatile keeps the operation between the flag clear and the test. */
static __attribute__((noinline)) uint64_t host_d(enum hop op, uint64_t a, uint64_t b,
                                                 uint64_t c, uint32_t *fl)
{
    volatile double x, y, z, r;
    volatile float rs;
    uint64_t out;

    memcpy((void *)&x, &a, 8);
    memcpy((void *)&y, &b, 8);
    memcpy((void *)&z, &c, 8);
    feclearexcept(FE_ALL_EXCEPT);
    switch (op) {
    case H_ADD:      r = x + y; break;
    case H_SUB:      r = x - y; break;
    case H_MUL:      r = x * y; break;
    case H_DIV:      r = x / y; break;
    case H_SQRT:     r = sqrt(x); break;
    case H_FMA:      r = fma(x, y, z); break;
    case H_CVT_S_D:  rs = (float)x; break;
    case H_CVT_S_L:  rs = (float)(int64_t)a; break;
    case H_CVT_D_L:  r = (double)(int64_t)a; break;
    case H_CVT_S_LU: rs = (float)a; break;
    default:         r = (double)a; break;
    }
    *fl = host_flags();
    if (op == H_CVT_S_D || op == H_CVT_S_L || op == H_CVT_S_LU) {
        float v = rs;
        uint32_t bits;
        memcpy(&bits, &v, 4);
        return bits;
    }
    {
        double v = r;
        memcpy(&out, &v, 8);
    }
    return out;
}

static __attribute__((noinline)) uint32_t host_s(enum hop op, uint32_t a, uint32_t b,
                                                 uint32_t c, uint32_t *fl)
{
    volatile float x, y, z, r;
    float v;
    uint32_t out;

    memcpy((void *)&x, &a, 4);
    memcpy((void *)&y, &b, 4);
    memcpy((void *)&z, &c, 4);
    feclearexcept(FE_ALL_EXCEPT);
    switch (op) {
    case H_ADD:  r = x + y; break;
    case H_SUB:  r = x - y; break;
    case H_MUL:  r = x * y; break;
    case H_DIV:  r = x / y; break;
    case H_SQRT: r = sqrtf(x); break;
    default:     r = fmaf(x, y, z); break;
    }
    *fl = host_flags();
    v = r;
    memcpy(&out, &v, 4);
    return out;
}

static uint64_t ours_d(enum hop op, uint64_t a, uint64_t b, uint64_t c, unsigned rm,
                       uint32_t *fl)
{
    switch (op) {
    case H_ADD:      return f64_add(a, b, rm, fl);
    case H_SUB:      return f64_sub(a, b, rm, fl);
    case H_MUL:      return f64_mul(a, b, rm, fl);
    case H_DIV:      return f64_div(a, b, rm, fl);
    case H_SQRT:     return f64_sqrt(a, rm, fl);
    case H_FMA:      return f64_muladd(a, b, c, 0, rm, fl);
    case H_CVT_S_D:  return f64_to_f32(a, rm, fl);
    case H_CVT_S_L:  return i64_to_f32((int64_t)a, rm, fl);
    case H_CVT_D_L:  return i64_to_f64((int64_t)a, rm, fl);
    case H_CVT_S_LU: return u64_to_f32(a, rm, fl);
    default:         return u64_to_f64(a, rm, fl);
    }
}

static uint32_t ours_s(enum hop op, uint32_t a, uint32_t b, uint32_t c, unsigned rm,
                       uint32_t *fl)
{
    switch (op) {
    case H_ADD:  return f32_add(a, b, rm, fl);
    case H_SUB:  return f32_sub(a, b, rm, fl);
    case H_MUL:  return f32_mul(a, b, rm, fl);
    case H_DIV:  return f32_div(a, b, rm, fl);
    case H_SQRT: return f32_sqrt(a, rm, fl);
    default:     return f32_muladd(a, b, c, 0, rm, fl);
    }
}

static bool is_nan64(uint64_t v) { return (v & ~F64_SIGN) > 0x7ff0000000000000ull; }
static bool is_nan32(uint64_t v) { return (v & ~(uint64_t)F32_SIGN) > 0x7f800000u; }

/* The host leaves x86's choice of NV for 0 * inf + qNaN open; we follow
 * the RISC-V rule (tested above), so flags are not compared there. */
static bool fma_nan_addend(enum hop op, bool nan_c) { return op == H_FMA && nan_c; }

static void host_compare(enum hop op, bool single, unsigned mode, uint64_t a, uint64_t b,
                         uint64_t c)
{
    const unsigned rm = host_rms[mode];
    bool narrow = single || op == H_CVT_S_D || op == H_CVT_S_L || op == H_CVT_S_LU;
    uint32_t hfl = 0, ofl = 0;
    uint64_t hr, or;

    fesetround(host_modes[mode]);
    if (single)
        hr = host_s(op, (uint32_t)a, (uint32_t)b, (uint32_t)c, &hfl);
    else
        hr = host_d(op, a, b, c, &hfl);
    fesetround(FE_TONEAREST);
    or = single ? ours_s(op, (uint32_t)a, (uint32_t)b, (uint32_t)c, rm, &ofl)
                : ours_d(op, a, b, c, rm, &ofl);
    if (narrow ? is_nan32(hr) : is_nan64(hr))
        hr = narrow ? F32_CANONICAL_NAN : F64_CANONICAL_NAN;
    if (fma_nan_addend(op, single ? is_nan32(c) : is_nan64(c)))
        hfl = ofl;
    ck_assert_msg(hr == or && hfl == ofl,
                  "op %d %s rm %u: a=%#llx b=%#llx c=%#llx: host %#llx flags %#x, "
                  "ours %#llx flags %#x", op, single ? "s" : "d", rm,
                  (unsigned long long)a, (unsigned long long)b, (unsigned long long)c,
                  (unsigned long long)hr, hfl, (unsigned long long)or, ofl);
}

/* Operands for op: floats for arithmetic, integers for int conversions. */
static void host_operands(struct rng *r, enum hop op, bool single, uint64_t v[3])
{
    const unsigned fb = single ? 23 : 52, eb = single ? 8 : 11;

    if (op >= H_CVT_S_L) {
        v[0] = rng_next(r) >> (rng_next(r) % 64);
        if (rng_next(r) & 1)
            v[0] = -v[0];
        return;
    }
    v[0] = rand_fp(r, fb, eb, 0);
    v[1] = rand_fp(r, fb, eb, v[0]);
    v[2] = rand_fp(r, fb, eb, rng_next(r) & 1 ? v[0] : v[1]);
    if (op == H_FMA && (rng_next(r) & 1)) {
        /* Aim the addend at the product's magnitude for cancellation. */
        int64_t pe = (int64_t)((v[0] >> fb) & ((1u << eb) - 1)) +
                     (int64_t)((v[1] >> fb) & ((1u << eb) - 1)) - (int64_t)((1u << (eb - 1)) - 1);
        if (pe > 0 && pe < (1 << eb) - 1)
            v[2] = (v[2] & ~((((uint64_t)1 << eb) - 1) << fb)) | ((uint64_t)pe << fb);
    }
    if (op == H_CVT_S_D)
        v[0] = rand_fp(r, 52, 11, (uint64_t)(1023 - 100 + rng_next(r) % 230) << 52);
}

START_TEST(test_host_differential)
{
    struct rng r = { .s = 0x9e3779b97f4a7c15ull + (uint64_t)_i };
    enum hop op = (enum hop)(_i / 2);
    bool single = _i % 2;
    uint64_t v[3] = { 0, 0, 0 };

    if (single && op > H_FMA)
        return;                                 /* conversions: binary64 pass only */
    for (unsigned mode = 0; mode < 4; mode++)
        for (unsigned k = 0; k < HOST_ITERS; k++) {
            host_operands(&r, op, single, v);
            host_compare(op, single, mode, v[0], v[1], v[2]);
        }
}
END_TEST

#endif /* __x86_64__ */


/*
 * Handler tests: whole instructions decoded and executed by a hart
 * (tests/unit/hart_fixture.h). Only in the CMake build, where rvcore
 * provides the hart; the pure tests above need none of it.
 */
#ifdef RVEMU_VERSION
#include "hart_fixture.h"

enum { OPC_MADD = 0x43, OPC_MSUB = 0x47, OPC_NMSUB = 0x4b, OPC_NMADD = 0x4f };

/* OP-FP: funct7 = funct5 << 2 | fmt, funct3 = rm or a sub-op (unprivileged
 * spec, "RV32/64G Instruction Set Listings"); R4: rs3 in 31:27, fmt in 26:25. */
#define FP_OP(f5, fmt, f3, rd, rs1, rs2)                                          \
    ((uint32_t)OPC_OP_FP | (uint32_t)(rd) << 7 | (uint32_t)(f3) << 12 |           \
     (uint32_t)(rs1) << 15 | (uint32_t)(rs2) << 20 | ((uint32_t)(f5) << 2 | (fmt)) << 25)
#define FP_R4(opc, fmt, rm, rd, rs1, rs2, rs3)                                    \
    ((uint32_t)(opc) | (uint32_t)(rd) << 7 | (uint32_t)(rm) << 12 |               \
     (uint32_t)(rs1) << 15 | (uint32_t)(rs2) << 20 | (uint32_t)(fmt) << 25 |      \
     (uint32_t)(rs3) << 27)

static void fs_set(struct fx *f, uint64_t fs)
{
    f->h.mstatus = (f->h.mstatus & ~MSTATUS_FS) | fs << MSTATUS_FS_SHIFT;
}

static uint64_t fs_get(struct fx *f) { return (f->h.mstatus & MSTATUS_FS) >> MSTATUS_FS_SHIFT; }

#define F_RD 4    /* f4 <- op(f1, f2, f3) or op(x5) */
#define F_RS1 1
#define F_RS2 2
#define F_RS3 3
#define X_RD 7
#define X_RS1 5

/* One instruction per F/D handler: which register it writes and what. */
struct hcase {
    const char *name;
    uint32_t insn;
    uint64_t f1, f2, f3, x5;
    bool to_x;
    uint64_t want;
    uint32_t flags;
};

#define BOX(v) (F32_NANBOX | (v))
#define S_THREE 0x40400000u
#define D_THREE 0x4008000000000000ull
#define DYN RM_DYN

static const struct hcase handler_cases[] = {
    { "fadd.s", FP_OP(0x00, 0, DYN, F_RD, F_RS1, F_RS2), BOX(S_ONE), BOX(S_TWO), 0, 0, false, BOX(S_THREE), 0 },
    { "fsub.s", FP_OP(0x01, 0, DYN, F_RD, F_RS1, F_RS2), BOX(S_ONE), BOX(S_TWO), 0, 0, false, BOX(S_NONE), 0 },
    { "fmul.s", FP_OP(0x02, 0, DYN, F_RD, F_RS1, F_RS2), BOX(S_THREE), BOX(S_TWO), 0, 0, false, BOX(0x40c00000), 0 },
    { "fdiv.s", FP_OP(0x03, 0, DYN, F_RD, F_RS1, F_RS2), BOX(S_ONE), BOX(S_THREE), 0, 0, false, BOX(0x3eaaaaab), NX },
    { "fsqrt.s", FP_OP(0x0b, 0, DYN, F_RD, F_RS1, 0), BOX(0x40800000), 0, 0, 0, false, BOX(S_TWO), 0 },
    { "fsgnj.s", FP_OP(0x04, 0, 0, F_RD, F_RS1, F_RS2), BOX(S_ONE), BOX(S_NTWO), 0, 0, false, BOX(S_NONE), 0 },
    { "fsgnjn.s", FP_OP(0x04, 0, 1, F_RD, F_RS1, F_RS2), BOX(S_ONE), BOX(S_NTWO), 0, 0, false, BOX(S_ONE), 0 },
    { "fsgnjx.s", FP_OP(0x04, 0, 2, F_RD, F_RS1, F_RS2), BOX(S_NONE), BOX(S_NTWO), 0, 0, false, BOX(S_ONE), 0 },
    { "fmin.s", FP_OP(0x05, 0, 0, F_RD, F_RS1, F_RS2), BOX(S_ONE), BOX(S_NTWO), 0, 0, false, BOX(S_NTWO), 0 },
    { "fmax.s", FP_OP(0x05, 0, 1, F_RD, F_RS1, F_RS2), BOX(S_ONE), BOX(S_NTWO), 0, 0, false, BOX(S_ONE), 0 },
    { "fcvt.w.s", FP_OP(0x18, 0, DYN, X_RD, F_RS1, 0), BOX(S_NTWO), 0, 0, 0, true, I64(-2), 0 },
    { "fcvt.wu.s", FP_OP(0x18, 0, DYN, X_RD, F_RS1, 1), BOX(0x4f32d05e), 0, 0, 0, true, 0xffffffffb2d05e00, 0 },
    { "fcvt.l.s", FP_OP(0x18, 0, DYN, X_RD, F_RS1, 2), BOX(0xdf000000), 0, 0, 0, true, I64(INT64_MIN), 0 },
    { "fcvt.lu.s", FP_OP(0x18, 0, DYN, X_RD, F_RS1, 3), BOX(S_NONE), 0, 0, 0, true, 0, NV },
    { "fmv.x.w", FP_OP(0x1c, 0, 0, X_RD, F_RS1, 0), 0x1234567887654321, 0, 0, 0, true, 0xffffffff87654321, 0 },
    { "feq.s", FP_OP(0x14, 0, 2, X_RD, F_RS1, F_RS2), BOX(S_ZERO), BOX(S_NZERO), 0, 0, true, 1, 0 },
    { "flt.s", FP_OP(0x14, 0, 1, X_RD, F_RS1, F_RS2), BOX(S_QNAN), BOX(S_ONE), 0, 0, true, 0, NV },
    { "fle.s", FP_OP(0x14, 0, 0, X_RD, F_RS1, F_RS2), BOX(S_NTWO), BOX(S_ONE), 0, 0, true, 1, 0 },
    { "fclass.s", FP_OP(0x1c, 0, 1, X_RD, F_RS1, 0), BOX(S_NZERO), 0, 0, 0, true, FCLASS_NEG_ZERO, 0 },
    { "fcvt.s.w", FP_OP(0x1a, 0, DYN, F_RD, X_RS1, 0), 0, 0, 0, I64(-3), false, BOX(0xc0400000), 0 },
    { "fcvt.s.wu", FP_OP(0x1a, 0, DYN, F_RD, X_RS1, 1), 0, 0, 0, 0xffffffff, false, BOX(0x4f800000), NX },
    { "fcvt.s.l", FP_OP(0x1a, 0, DYN, F_RD, X_RS1, 2), 0, 0, 0, I64(-2), false, BOX(S_NTWO), 0 },
    { "fcvt.s.lu", FP_OP(0x1a, 0, DYN, F_RD, X_RS1, 3), 0, 0, 0, 3, false, BOX(S_THREE), 0 },
    { "fmv.w.x", FP_OP(0x1e, 0, 0, F_RD, X_RS1, 0), 0, 0, 0, 0x123456787f800001, false, BOX(S_SNAN), 0 },
    { "fmadd.s", FP_R4(OPC_MADD, 0, DYN, F_RD, F_RS1, F_RS2, F_RS3), BOX(S_TWO), BOX(S_THREE), BOX(S_ONE), 0, false, BOX(0x40e00000), 0 },
    { "fmsub.s", FP_R4(OPC_MSUB, 0, DYN, F_RD, F_RS1, F_RS2, F_RS3), BOX(S_TWO), BOX(S_THREE), BOX(S_ONE), 0, false, BOX(0x40a00000), 0 },
    { "fnmsub.s", FP_R4(OPC_NMSUB, 0, DYN, F_RD, F_RS1, F_RS2, F_RS3), BOX(S_TWO), BOX(S_THREE), BOX(S_ONE), 0, false, BOX(0xc0a00000), 0 },
    { "fnmadd.s", FP_R4(OPC_NMADD, 0, DYN, F_RD, F_RS1, F_RS2, F_RS3), BOX(S_TWO), BOX(S_THREE), BOX(S_ONE), 0, false, BOX(0xc0e00000), 0 },
    { "fadd.d", FP_OP(0x00, 1, DYN, F_RD, F_RS1, F_RS2), D_ONE, D_TWO, 0, 0, false, D_THREE, 0 },
    { "fsub.d", FP_OP(0x01, 1, DYN, F_RD, F_RS1, F_RS2), D_ONE, D_TWO, 0, 0, false, D_NONE, 0 },
    { "fmul.d", FP_OP(0x02, 1, DYN, F_RD, F_RS1, F_RS2), D_THREE, D_TWO, 0, 0, false, 0x4018000000000000, 0 },
    { "fdiv.d", FP_OP(0x03, 1, DYN, F_RD, F_RS1, F_RS2), D_ONE, D_ZERO, 0, 0, false, D_INF, DZ },
    { "fsqrt.d", FP_OP(0x0b, 1, DYN, F_RD, F_RS1, 0), D_NONE, 0, 0, 0, false, D_QNAN, NV },
    { "fsgnj.d", FP_OP(0x04, 1, 0, F_RD, F_RS1, F_RS2), D_ONE, D_NONE, 0, 0, false, D_NONE, 0 },
    { "fsgnjn.d", FP_OP(0x04, 1, 1, F_RD, F_RS1, F_RS2), D_ONE, D_NONE, 0, 0, false, D_ONE, 0 },
    { "fsgnjx.d", FP_OP(0x04, 1, 2, F_RD, F_RS1, F_RS2), D_NONE, D_NONE, 0, 0, false, D_ONE, 0 },
    { "fmin.d", FP_OP(0x05, 1, 0, F_RD, F_RS1, F_RS2), D_SNAN, D_TWO, 0, 0, false, D_TWO, NV },
    { "fmax.d", FP_OP(0x05, 1, 1, F_RD, F_RS1, F_RS2), D_NZERO, D_ZERO, 0, 0, false, D_ZERO, 0 },
    { "fcvt.s.d", FP_OP(0x08, 0, DYN, F_RD, F_RS1, 1), 0x3ff0000010000000, 0, 0, 0, false, BOX(S_ONE), NX },
    { "fcvt.d.s", FP_OP(0x08, 1, DYN, F_RD, F_RS1, 0), BOX(S_MIN_SUB), 0, 0, 0, false, 0x36a0000000000000, 0 },
    { "feq.d", FP_OP(0x14, 1, 2, X_RD, F_RS1, F_RS2), D_SNAN, D_ONE, 0, 0, true, 0, NV },
    { "flt.d", FP_OP(0x14, 1, 1, X_RD, F_RS1, F_RS2), D_ONE, D_TWO, 0, 0, true, 1, 0 },
    { "fle.d", FP_OP(0x14, 1, 0, X_RD, F_RS1, F_RS2), D_TWO, D_ONE, 0, 0, true, 0, 0 },
    { "fclass.d", FP_OP(0x1c, 1, 1, X_RD, F_RS1, 0), D_SNAN, 0, 0, 0, true, FCLASS_SNAN, 0 },
    { "fcvt.w.d", FP_OP(0x18, 1, DYN, X_RD, F_RS1, 0), D_QNAN, 0, 0, 0, true, 0x7fffffff, NV },
    { "fcvt.wu.d", FP_OP(0x18, 1, DYN, X_RD, F_RS1, 1), 0x41e0000000000000, 0, 0, 0, true, 0xffffffff80000000, 0 },
    { "fcvt.l.d", FP_OP(0x18, 1, DYN, X_RD, F_RS1, 2), 0xc004000000000000, 0, 0, 0, true, I64(-2), NX },
    { "fcvt.lu.d", FP_OP(0x18, 1, DYN, X_RD, F_RS1, 3), D_INF, 0, 0, 0, true, UINT64_MAX, NV },
    { "fmv.x.d", FP_OP(0x1c, 1, 0, X_RD, F_RS1, 0), D_SNAN, 0, 0, 0, true, D_SNAN, 0 },
    { "fcvt.d.w", FP_OP(0x1a, 1, DYN, F_RD, X_RS1, 0), 0, 0, 0, 0x00000000ffffffff, false, D_NONE, 0 },
    { "fcvt.d.wu", FP_OP(0x1a, 1, DYN, F_RD, X_RS1, 1), 0, 0, 0, 0xffffffff, false, 0x41efffffffe00000, 0 },
    { "fcvt.d.l", FP_OP(0x1a, 1, DYN, F_RD, X_RS1, 2), 0, 0, 0, 0x20000000000001, false, 0x4340000000000000, NX },
    { "fcvt.d.lu", FP_OP(0x1a, 1, DYN, F_RD, X_RS1, 3), 0, 0, 0, UINT64_MAX, false, 0x43f0000000000000, NX },
    { "fmv.d.x", FP_OP(0x1e, 1, 0, F_RD, X_RS1, 0), 0, 0, 0, D_SNAN, false, D_SNAN, 0 },
    { "fmadd.d", FP_R4(OPC_MADD, 1, DYN, F_RD, F_RS1, F_RS2, F_RS3), 0x3ff0000000000001, 0x3fefffffffffffff, D_NONE, 0, false, 0x3c9ffffffffffffe, 0 },
    { "fmsub.d", FP_R4(OPC_MSUB, 1, DYN, F_RD, F_RS1, F_RS2, F_RS3), D_TWO, D_THREE, D_ONE, 0, false, 0x4014000000000000, 0 },
    { "fnmsub.d", FP_R4(OPC_NMSUB, 1, DYN, F_RD, F_RS1, F_RS2, F_RS3), D_TWO, D_THREE, D_ONE, 0, false, 0xc014000000000000, 0 },
    { "fnmadd.d", FP_R4(OPC_NMADD, 1, DYN, F_RD, F_RS1, F_RS2, F_RS3), D_TWO, D_THREE, D_ONE, 0, false, 0xc01c000000000000, 0 },
};

/* Run one instruction with FS = Initial and fflags clear; check the
 * destination, the flags, and that FS became Dirty exactly when state
 * changed. */
START_TEST(test_handlers)
{
    const struct hcase *c = &handler_cases[_i];
    struct fx *f = fx_new();
    uint64_t pc = f->h.pc, got;
    bool dirty_expected = !c->to_x || c->flags != 0;

    fs_set(f, FS_INITIAL);
    f->h.frm = RM_RNE;
    f->h.f[F_RS1] = c->f1;
    f->h.f[F_RS2] = c->f2;
    f->h.f[F_RS3] = c->f3;
    f->h.x[X_RS1] = c->x5;
    fx_exec(f, c->insn);
    ck_assert_msg(f->h.pc == pc + 4, "%s trapped: mcause %llu", c->name,
                  (unsigned long long)f->h.mcause);
    got = c->to_x ? f->h.x[X_RD] : f->h.f[F_RD];
    ck_assert_msg(got == c->want && f->h.fflags == c->flags,
                  "%s: got %#llx flags %#x, want %#llx flags %#x", c->name,
                  (unsigned long long)got, f->h.fflags, (unsigned long long)c->want, c->flags);
    ck_assert_msg(fs_get(f) == (dirty_expected ? FS_DIRTY : FS_INITIAL), "%s: FS %llu",
                  c->name, (unsigned long long)fs_get(f));
    fx_free(f);
}
END_TEST

/* mstatus.FS = Off makes every F/D instruction illegal, loads included. */
START_TEST(test_fs_off)
{
    uint32_t list[] = {
        FP_OP(0x00, 0, DYN, F_RD, F_RS1, F_RS2),                /* fadd.s */
        FP_OP(0x1c, 1, 0, X_RD, F_RS1, 0),                      /* fmv.x.d */
        enc_i(OPC_LOAD_FP, 2, F_RD, X_RS1, 0),                  /* flw */
        enc_s(OPC_STORE_FP, 3, X_RS1, F_RS1, 0),                /* fsd */
    };
    for (unsigned k = 0; k < sizeof(list) / sizeof(list[0]); k++) {
        struct fx *f = fx_new();
        fs_set(f, FS_OFF);
        f->h.x[X_RS1] = FX_DATA;
        fx_exec(f, list[k]);
        fx_assert_mtrap(f, CAUSE_ILLEGAL_INSTRUCTION, list[k]);
        fx_free(f);
    }
}
END_TEST

/* rm 5 and 6 are reserved; DYN takes frm, which must itself be valid. */
START_TEST(test_rm_field)
{
    struct fx *f = fx_new();
    uint32_t dyn_add = FP_OP(0x00, 0, DYN, F_RD, F_RS1, F_RS2);

    fs_set(f, FS_DIRTY);
    f->h.f[F_RS1] = BOX(S_ONE);
    f->h.f[F_RS2] = BOX(S_ULP_HALF);
    f->h.frm = RM_RUP;
    fx_exec(f, dyn_add);
    ck_assert_uint_eq(f->h.f[F_RD], BOX(0x3f800001));
    fx_exec(f, FP_OP(0x00, 0, RM_RTZ, F_RD, F_RS1, F_RS2));  /* static rm wins */
    ck_assert_uint_eq(f->h.f[F_RD], BOX(S_ONE));
    fx_free(f);

    for (unsigned rm = 5; rm <= 6; rm++) {
        uint32_t w = FP_OP(0x00, 1, rm, F_RD, F_RS1, F_RS2);
        f = fx_new();
        fs_set(f, FS_DIRTY);
        fx_exec(f, w);
        fx_assert_mtrap(f, CAUSE_ILLEGAL_INSTRUCTION, w);
        fx_free(f);
    }
    f = fx_new();
    fs_set(f, FS_DIRTY);
    f->h.frm = 5;
    fx_exec(f, FP_OP(0x08, 1, DYN, F_RD, F_RS1, 0));          /* fcvt.d.s, exact */
    fx_assert_mtrap(f, CAUSE_ILLEGAL_INSTRUCTION, FP_OP(0x08, 1, DYN, F_RD, F_RS1, 0));
    fx_free(f);
}
END_TEST

/* Singles not NaN-boxed read as the canonical NaN; moves keep bits. */
START_TEST(test_nanbox_handlers)
{
    struct fx *f = fx_new();
    const uint64_t unboxed_one = S_ONE;

    fs_set(f, FS_DIRTY);
    f->h.f[F_RS1] = unboxed_one;
    f->h.f[F_RS2] = BOX(S_NTWO);
    fx_exec(f, FP_OP(0x00, 0, RM_RNE, F_RD, F_RS1, F_RS2));  /* fadd.s */
    ck_assert_uint_eq(f->h.f[F_RD], BOX(S_QNAN));
    ck_assert_uint_eq(f->h.fflags, 0);
    fx_exec(f, FP_OP(0x04, 0, 0, F_RD, F_RS1, F_RS2));       /* fsgnj.s */
    ck_assert_uint_eq(f->h.f[F_RD], BOX(S_QNAN | F32_SIGN));
    fx_exec(f, FP_OP(0x1c, 0, 1, X_RD, F_RS1, 0));           /* fclass.s */
    ck_assert_uint_eq(f->h.x[X_RD], FCLASS_QNAN);
    fx_exec(f, FP_OP(0x08, 1, RM_RNE, F_RD, F_RS1, 0));      /* fcvt.d.s */
    ck_assert_uint_eq(f->h.f[F_RD], D_QNAN);
    fx_exec(f, FP_OP(0x1c, 0, 0, X_RD, F_RS1, 0));           /* fmv.x.w: raw */
    ck_assert_uint_eq(f->h.x[X_RD], S_ONE);
    fx_free(f);
}
END_TEST

/* flw boxes, fsw stores the low 32 bits as they are, fld/fsd move 64. */
START_TEST(test_load_store)
{
    struct fx *f = fx_new();

    fs_set(f, FS_CLEAN);
    fx_write(f, FX_DATA + 8, 0x1122334455667788ull, 8);
    f->h.x[X_RS1] = FX_DATA;
    fx_exec(f, enc_i(OPC_LOAD_FP, 2, F_RD, X_RS1, 8));       /* flw f4, 8(x5) */
    ck_assert_uint_eq(f->h.f[F_RD], BOX(0x55667788));
    ck_assert_uint_eq(fs_get(f), FS_DIRTY);
    fx_exec(f, enc_i(OPC_LOAD_FP, 3, F_RD, X_RS1, 8));       /* fld */
    ck_assert_uint_eq(f->h.f[F_RD], 0x1122334455667788ull);
    fs_set(f, FS_CLEAN);
    f->h.f[F_RS1] = 0x00000000cafef00dull;                    /* not boxed */
    fx_exec(f, enc_s(OPC_STORE_FP, 2, X_RS1, F_RS1, 16));    /* fsw f1, 16(x5) */
    ck_assert_uint_eq(fx_read(f, FX_DATA + 16, 8), 0xcafef00dull);
    fx_exec(f, enc_s(OPC_STORE_FP, 3, X_RS1, F_RS1, -8 + 32)); /* fsd */
    ck_assert_uint_eq(fx_read(f, FX_DATA + 24, 8), 0x00000000cafef00dull);
    ck_assert_uint_eq(fs_get(f), FS_CLEAN);                  /* stores do not dirty */
    fx_free(f);
}
END_TEST

/* fflags accrue across instructions; integer results without flags leave
 * FS alone. */
START_TEST(test_fflags_accrue)
{
    struct fx *f = fx_new();

    fs_set(f, FS_CLEAN);
    f->h.fflags = DZ;
    f->h.f[F_RS1] = BOX(S_ONE);
    f->h.f[F_RS2] = BOX(S_ULP_HALF);
    fx_exec(f, FP_OP(0x14, 0, 2, X_RD, F_RS1, F_RS2));       /* feq.s: no flags */
    ck_assert_uint_eq(fs_get(f), FS_CLEAN);
    fx_exec(f, FP_OP(0x00, 0, RM_RNE, F_RD, F_RS1, F_RS2));  /* fadd.s: NX */
    ck_assert_uint_eq(f->h.fflags, DZ | NX);
    ck_assert_uint_eq(fs_get(f), FS_DIRTY);
    fx_free(f);
}
END_TEST

#endif /* RVEMU_VERSION */

static Suite *fpu_suite(void)
{
    Suite *s = suite_create("fpu");
    TCase *tc = tcase_create("edge cases");

    tcase_add_test(tc, test_rounding);
    tcase_add_test(tc, test_overflow);
    tcase_add_test(tc, test_underflow);
    tcase_add_test(tc, test_invalid);
    tcase_add_test(tc, test_fma);
    tcase_add_test(tc, test_compare);
    tcase_add_test(tc, test_zero);
    tcase_add_test(tc, test_to_int);
    tcase_add_test(tc, test_from_int);
    tcase_add_test(tc, test_nanbox);
    tcase_add_test(tc, test_resolve_rm);
    tcase_add_test(tc, test_flags_accumulate);
    suite_add_tcase(s, tc);
#if defined(__x86_64__)
    tc = tcase_create("host differential");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_host_differential, 0, 2 * H_COUNT);
    suite_add_tcase(s, tc);
#endif
#ifdef RVEMU_VERSION
    tc = tcase_create("handlers");
    tcase_add_loop_test(tc, test_handlers, 0,
                        (int)(sizeof(handler_cases) / sizeof(handler_cases[0])));
    tcase_add_test(tc, test_fs_off);
    tcase_add_test(tc, test_rm_field);
    tcase_add_test(tc, test_nanbox_handlers);
    tcase_add_test(tc, test_load_store);
    tcase_add_test(tc, test_fflags_accrue);
    suite_add_tcase(s, tc);
#endif
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(fpu_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
