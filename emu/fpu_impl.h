/*
 * fpu_impl.h - private to fpu*.c: the format-generic pieces of the
 * software floating-point core.
 *
 * Each operation is written once over a struct fp_format and instantiated
 * for binary32 and binary64 by constant arguments; FPU_INLINE forces the
 * inlining so the compiler folds the format away.
 *
 * Encoding of a value of a format with E exponent and F fraction bits
 * (IEEE 754 3.4), held in the low bits of a uint64_t:
 *
 *    sign   exponent field (E bits)   fraction (F bits)
 *   +----+-------------------------+--------------------------+
 *   | s  |          e              |           f              |
 *   +----+-------------------------+--------------------------+
 *   e = 0:         zero (f = 0) or subnormal 0.f * 2^emin
 *   e = all ones:  infinity (f = 0) or NaN; f's top bit set = quiet NaN
 *   otherwise:     normal 1.f * 2^(e - bias), bias = 2^(E-1) - 1
 */
#ifndef RVEMU_FPU_IMPL_H
#define RVEMU_FPU_IMPL_H

#include "fpu.h"

#define FPU_INLINE static inline __attribute__((always_inline))

typedef unsigned __int128 u128;

struct fp_format {
    unsigned frac_bits;   /* F: stored fraction bits */
    unsigned exp_bits;    /* E: exponent field bits  */
};

#define FP32 ((struct fp_format){ .frac_bits = 23, .exp_bits = 8 })
#define FP64 ((struct fp_format){ .frac_bits = 52, .exp_bits = 11 })

/* A finite nonzero value (-1)^sign * sig * 2^exp. Unpacked operands have
 * sig normalised so that bit F is its leading one. */
struct fp_num {
    bool     sign;
    int      exp;         /* exponent of sig's bit 0 */
    uint64_t sig;
};

FPU_INLINE uint64_t fp_sign_bit(struct fp_format f) { return 1ull << (f.frac_bits + f.exp_bits); }
FPU_INLINE uint64_t fp_frac_mask(struct fp_format f) { return (1ull << f.frac_bits) - 1; }
FPU_INLINE uint64_t fp_hidden_bit(struct fp_format f) { return 1ull << f.frac_bits; }
FPU_INLINE uint64_t fp_quiet_bit(struct fp_format f) { return 1ull << (f.frac_bits - 1); }
FPU_INLINE unsigned fp_exp_all_ones(struct fp_format f) { return (1u << f.exp_bits) - 1; }
FPU_INLINE int fp_bias(struct fp_format f) { return (1 << (f.exp_bits - 1)) - 1; }
FPU_INLINE int fp_emin(struct fp_format f) { return 1 - fp_bias(f); }
FPU_INLINE int fp_emax(struct fp_format f) { return fp_bias(f); }

FPU_INLINE bool fp_sign(struct fp_format f, uint64_t a) { return (a & fp_sign_bit(f)) != 0; }
FPU_INLINE unsigned fp_exp_field(struct fp_format f, uint64_t a)
{
    return (unsigned)(a >> f.frac_bits) & fp_exp_all_ones(f);
}
FPU_INLINE uint64_t fp_frac(struct fp_format f, uint64_t a) { return a & fp_frac_mask(f); }

FPU_INLINE bool fp_is_nan(struct fp_format f, uint64_t a)
{
    return fp_exp_field(f, a) == fp_exp_all_ones(f) && fp_frac(f, a) != 0;
}
FPU_INLINE bool fp_is_snan(struct fp_format f, uint64_t a)
{
    return fp_is_nan(f, a) && !(a & fp_quiet_bit(f));
}
FPU_INLINE bool fp_is_inf(struct fp_format f, uint64_t a)
{
    return fp_exp_field(f, a) == fp_exp_all_ones(f) && fp_frac(f, a) == 0;
}
FPU_INLINE bool fp_is_zero(struct fp_format f, uint64_t a) { return (a & ~fp_sign_bit(f)) == 0; }

FPU_INLINE uint64_t fp_zero(struct fp_format f, bool sign) { return sign ? fp_sign_bit(f) : 0; }
FPU_INLINE uint64_t fp_inf(struct fp_format f, bool sign)
{
    return fp_zero(f, sign) | ((uint64_t)fp_exp_all_ones(f) << f.frac_bits);
}
FPU_INLINE uint64_t fp_canonical_nan(struct fp_format f)
{
    return ((uint64_t)fp_exp_all_ones(f) << f.frac_bits) | fp_quiet_bit(f);
}
FPU_INLINE uint64_t fp_max_finite(struct fp_format f, bool sign)
{
    return fp_inf(f, sign) - 1;
}

/* The result of an invalid operation: canonical NaN, NV raised. */
FPU_INLINE uint64_t fp_invalid(struct fp_format f, uint32_t *flags)
{
    *flags |= FFLAGS_NV;
    return fp_canonical_nan(f);
}

/* The result of an operation with a NaN operand a or b: canonical NaN, NV
 * raised if either is signaling. */
FPU_INLINE uint64_t fp_nan2(struct fp_format f, uint64_t a, uint64_t b, uint32_t *flags)
{
    if (fp_is_snan(f, a) || fp_is_snan(f, b))
        *flags |= FFLAGS_NV;
    return fp_canonical_nan(f);
}

/* The sign of an exact zero sum of operands with opposite signs (or of
 * x - x): +0 in every mode but RDN (IEEE 754 6.3). */
FPU_INLINE bool fp_cancel_sign(unsigned rm) { return rm == RM_RDN; }

/* Unpack a finite nonzero a; subnormals are normalised. */
FPU_INLINE struct fp_num fp_unpack(struct fp_format f, uint64_t a)
{
    struct fp_num n = { .sign = fp_sign(f, a) };
    unsigned e = fp_exp_field(f, a);
    uint64_t frac = fp_frac(f, a);

    if (e == 0) {
        unsigned shift = (unsigned)__builtin_clzll(frac) - (63 - f.frac_bits);
        n.sig = frac << shift;
        n.exp = fp_emin(f) - (int)f.frac_bits - (int)shift;
    } else {
        n.sig = frac | fp_hidden_bit(f);
        n.exp = (int)e - fp_bias(f) - (int)f.frac_bits;
    }
    return n;
}

/* v >> n, with every bit shifted out ORed into bit 0 ("sticky"/"jamming"),
 * so that the result is inexact exactly when the true quotient is. */
FPU_INLINE uint64_t shift_right_jam64(uint64_t v, unsigned n)
{
    if (n == 0)
        return v;
    if (n >= 64)
        return v != 0;
    return (v >> n) | ((v << (64 - n)) != 0);
}

FPU_INLINE u128 shift_right_jam128(u128 v, unsigned n)
{
    if (n == 0)
        return v;
    if (n >= 128)
        return v != 0;
    return (v >> n) | ((v << (128 - n)) != 0);
}

FPU_INLINE unsigned clz128(u128 v)
{
    uint64_t hi = (uint64_t)(v >> 64);
    return hi ? (unsigned)__builtin_clzll(hi) : 64 + (unsigned)__builtin_clzll((uint64_t)v);
}

/* Narrow v (value v * 2^*exp) to 64 bits with jamming, adjusting *exp. */
FPU_INLINE uint64_t jam128_to_64(u128 v, int *exp)
{
    uint64_t hi = (uint64_t)(v >> 64);
    unsigned shift;

    if (hi == 0)
        return (uint64_t)v;
    shift = 64 - (unsigned)__builtin_clzll(hi);
    *exp += (int)shift;
    return (uint64_t)shift_right_jam128(v, shift);
}

/* Does rounding a magnitude whose dropped part is rem (half = the weight of
 * the first dropped bit) away from zero by one unit happen under rm? odd is
 * the kept part's lowest bit. */
FPU_INLINE bool fp_round_up(unsigned rm, bool sign, bool odd, uint64_t rem, uint64_t half)
{
    switch (rm) {
    case RM_RNE: return rem > half || (rem == half && odd);
    case RM_RTZ: return false;
    case RM_RDN: return sign && rem != 0;
    case RM_RUP: return !sign && rem != 0;
    default:     return rem >= half;   /* RM_RMM */
    }
}

/* The result of a rounded value too large for the format: infinity or the
 * largest finite number, whichever rm rounds to (IEEE 754 7.4). */
FPU_INLINE uint64_t fp_overflow(struct fp_format f, bool sign, unsigned rm, uint32_t *flags)
{
    bool to_inf = rm == RM_RNE || rm == RM_RMM || (rm == RM_RUP && !sign) ||
                  (rm == RM_RDN && sign);

    *flags |= FFLAGS_OF | FFLAGS_NX;
    return to_inf ? fp_inf(f, sign) : fp_max_finite(f, sign);
}

/*
 * Round (-1)^sign * sig * 2^exp to format f under rm and encode it; OR the
 * flags raised into *flags. This is the only place results are rounded.
 *
 * sig must be nonzero. If the true value had nonzero bits below sig's bit 0,
 * the caller must have jammed them into bit 0 and sig must have at least
 * F + 3 significant bits, so that the jammed bit lies strictly below the
 * rounding bit and stands for "something between".
 *
 * Tininess is detected after rounding (unprivileged spec, F chapter): the
 * result is tiny if rounding to F+1 bits with an unbounded exponent gives a
 * magnitude below 2^emin. UF is raised for a tiny inexact result.
 */
FPU_INLINE uint64_t fp_round_pack(struct fp_format f, bool sign, int exp, uint64_t sig,
                                  unsigned rm, uint32_t *flags)
{
    const unsigned drop = 63 - f.frac_bits;          /* bits below the kept F+1 */
    const uint64_t drop_mask = (1ull << drop) - 1;
    const uint64_t half = 1ull << (drop - 1);
    const unsigned lz = (unsigned)__builtin_clzll(sig);
    int e = exp + 63 - (int)lz;                      /* exponent of the leading one */
    bool tiny = false;
    uint64_t kept, rem;

    sig <<= lz;
    if (e < fp_emin(f)) {
        /* Only a value just below 2^emin can round up to it unbounded. */
        kept = sig >> drop;
        rem = sig & drop_mask;
        tiny = !(e == fp_emin(f) - 1 && kept == (fp_hidden_bit(f) << 1) - 1 &&
                 fp_round_up(rm, sign, true, rem, half));
        sig = shift_right_jam64(sig, (unsigned)(fp_emin(f) - e));
        e = fp_emin(f);
    }
    kept = sig >> drop;
    rem = sig & drop_mask;
    if (rem != 0)
        *flags |= tiny ? FFLAGS_NX | FFLAGS_UF : FFLAGS_NX;
    kept += fp_round_up(rm, sign, kept & 1, rem, half);
    if (kept >> (f.frac_bits + 1)) {                 /* carried to 2^(F+1) */
        kept >>= 1;
        e++;
    }
    if (e > fp_emax(f))
        return fp_overflow(f, sign, rm, flags);
    /* A subnormal has e == emin and no hidden bit, so its exponent field
     * comes out 0; one that rounded up to 2^emin carries into field 1. */
    return fp_zero(f, sign) + ((uint64_t)(e + fp_bias(f) - 1) << f.frac_bits) + kept;
}

#endif
