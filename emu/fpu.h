/*
 * fpu.h - IEEE 754 binary32/binary64 arithmetic as RISC-V F and D define it
 * (unprivileged spec chapters "F" and "D"; IEEE 754-2008/2019).
 *
 * A software floating-point core: every operation works on the integer
 * significands and rounds exactly once, in one place, so results and flags
 * are exact by construction and independent of the host FPU.
 *
 * Conventions for every function below:
 *   - values are raw bit patterns (uint32_t binary32, uint64_t binary64);
 *   - rm is an effective rounding mode RM_RNE..RM_RMM (never RM_DYN: resolve
 *     it first with fpu_resolve_rm());
 *   - exception flags (FFLAGS_NV/DZ/OF/UF/NX) are ORed into *flags, never
 *     cleared, so a caller can accumulate straight into fflags;
 *   - a NaN result is always the canonical NaN (RISC-V does not propagate
 *     payloads); a signaling NaN operand raises NV;
 *   - underflow uses tininess detected after rounding (the RISC-V rule), and
 *     UF is raised only when the tiny result is also inexact.
 * Nothing here knows about the hart; exec_rv64f.c / exec_rv64d.c adapt it.
 */
#ifndef RVEMU_FPU_H
#define RVEMU_FPU_H

#include <stdbool.h>
#include <stdint.h>

#include "riscv.h"

/* Encodings (IEEE 754 3.4). */
#define F32_SIGN          0x80000000u
#define F32_CANONICAL_NAN 0x7fc00000u
#define F64_SIGN          0x8000000000000000ull
#define F64_CANONICAL_NAN 0x7ff8000000000000ull

/* A binary32 in a 64-bit f register is NaN-boxed: upper 32 bits all ones
 * (unprivileged spec, "NaN Boxing of Narrower Values"). */
#define F32_NANBOX 0xffffffff00000000ull

/* fclass.s / fclass.d result bits (unprivileged spec, "Classify"). */
#define FCLASS_NEG_INF       (1u << 0)
#define FCLASS_NEG_NORMAL    (1u << 1)
#define FCLASS_NEG_SUBNORMAL (1u << 2)
#define FCLASS_NEG_ZERO      (1u << 3)
#define FCLASS_POS_ZERO      (1u << 4)
#define FCLASS_POS_SUBNORMAL (1u << 5)
#define FCLASS_POS_NORMAL    (1u << 6)
#define FCLASS_POS_INF       (1u << 7)
#define FCLASS_SNAN          (1u << 8)
#define FCLASS_QNAN          (1u << 9)

/* Which signs a fused multiply-add flips (fmsub, fnmsub, fnmadd). */
#define FPU_NEG_PRODUCT (1u << 0)   /* -(a * b) */
#define FPU_NEG_ADDEND  (1u << 1)   /* ... - c  */

/* Box a binary32 into an f register value. */
static inline uint64_t fpu_box32(uint32_t v) { return F32_NANBOX | v; }

/* Read a binary32 operand from an f register value: anything not properly
 * NaN-boxed reads as the canonical NaN. */
static inline uint32_t fpu_unbox32(uint64_t v)
{
    return (v & F32_NANBOX) == F32_NANBOX ? (uint32_t)v : F32_CANONICAL_NAN;
}

/* The effective rounding mode for an instruction's rm field (RM_DYN selects
 * frm), or -1 when it is reserved (rm 5/6, or frm >= 5 under RM_DYN): the
 * instruction is then illegal. */
static inline int fpu_resolve_rm(unsigned rm_field, unsigned frm)
{
    unsigned rm = rm_field == RM_DYN ? frm : rm_field;
    return rm <= RM_RMM ? (int)rm : -1;
}

/* Arithmetic: correctly rounded a op b. */
uint32_t f32_add(uint32_t a, uint32_t b, unsigned rm, uint32_t *flags);
uint32_t f32_sub(uint32_t a, uint32_t b, unsigned rm, uint32_t *flags);
uint32_t f32_mul(uint32_t a, uint32_t b, unsigned rm, uint32_t *flags);
uint32_t f32_div(uint32_t a, uint32_t b, unsigned rm, uint32_t *flags);
uint32_t f32_sqrt(uint32_t a, unsigned rm, uint32_t *flags);
uint64_t f64_add(uint64_t a, uint64_t b, unsigned rm, uint32_t *flags);
uint64_t f64_sub(uint64_t a, uint64_t b, unsigned rm, uint32_t *flags);
uint64_t f64_mul(uint64_t a, uint64_t b, unsigned rm, uint32_t *flags);
uint64_t f64_div(uint64_t a, uint64_t b, unsigned rm, uint32_t *flags);
uint64_t f64_sqrt(uint64_t a, unsigned rm, uint32_t *flags);

/* Fused multiply-add, one rounding: (+/-)(a * b) (+/-) c, signs chosen by
 * neg (FPU_NEG_*). 0 * inf raises NV even when c is a quiet NaN (spec). */
uint32_t f32_muladd(uint32_t a, uint32_t b, uint32_t c, unsigned neg,
                    unsigned rm, uint32_t *flags);
uint64_t f64_muladd(uint64_t a, uint64_t b, uint64_t c, unsigned neg,
                    unsigned rm, uint32_t *flags);

/* minimumNumber / maximumNumber (IEEE 754-2019 9.6): one NaN operand gives
 * the other operand, two give the canonical NaN; -0 < +0; sNaN raises NV. */
uint32_t f32_min(uint32_t a, uint32_t b, uint32_t *flags);
uint32_t f32_max(uint32_t a, uint32_t b, uint32_t *flags);
uint64_t f64_min(uint64_t a, uint64_t b, uint32_t *flags);
uint64_t f64_max(uint64_t a, uint64_t b, uint32_t *flags);

/* Comparisons: eq is quiet (NV only for sNaN), lt/le are signaling (NV for
 * any NaN). A NaN operand makes the result false. */
bool f32_eq(uint32_t a, uint32_t b, uint32_t *flags);
bool f32_lt(uint32_t a, uint32_t b, uint32_t *flags);
bool f32_le(uint32_t a, uint32_t b, uint32_t *flags);
bool f64_eq(uint64_t a, uint64_t b, uint32_t *flags);
bool f64_lt(uint64_t a, uint64_t b, uint32_t *flags);
bool f64_le(uint64_t a, uint64_t b, uint32_t *flags);

/* The FCLASS_* bit for a (exactly one bit set). */
unsigned f32_class(uint32_t a);
unsigned f64_class(uint64_t a);

/* Float to integer, rounded by rm. Out of range or NaN saturates (NaN to
 * the largest value) and raises NV alone; otherwise inexact raises NX. */
int32_t  f32_to_i32(uint32_t a, unsigned rm, uint32_t *flags);
uint32_t f32_to_u32(uint32_t a, unsigned rm, uint32_t *flags);
int64_t  f32_to_i64(uint32_t a, unsigned rm, uint32_t *flags);
uint64_t f32_to_u64(uint32_t a, unsigned rm, uint32_t *flags);
int32_t  f64_to_i32(uint64_t a, unsigned rm, uint32_t *flags);
uint32_t f64_to_u32(uint64_t a, unsigned rm, uint32_t *flags);
int64_t  f64_to_i64(uint64_t a, unsigned rm, uint32_t *flags);
uint64_t f64_to_u64(uint64_t a, unsigned rm, uint32_t *flags);

/* Integer to float, rounded by rm (only NX can arise). */
uint32_t i32_to_f32(int32_t v, unsigned rm, uint32_t *flags);
uint32_t u32_to_f32(uint32_t v, unsigned rm, uint32_t *flags);
uint32_t i64_to_f32(int64_t v, unsigned rm, uint32_t *flags);
uint32_t u64_to_f32(uint64_t v, unsigned rm, uint32_t *flags);
uint64_t i32_to_f64(int32_t v, unsigned rm, uint32_t *flags);
uint64_t u32_to_f64(uint32_t v, unsigned rm, uint32_t *flags);
uint64_t i64_to_f64(int64_t v, unsigned rm, uint32_t *flags);
uint64_t u64_to_f64(uint64_t v, unsigned rm, uint32_t *flags);

/* Between formats: widening is exact; narrowing rounds by rm. NaNs become
 * the canonical NaN (NV if signaling). */
uint64_t f32_to_f64(uint32_t a, uint32_t *flags);
uint32_t f64_to_f32(uint64_t a, unsigned rm, uint32_t *flags);

#endif
