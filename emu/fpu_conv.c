/*
 * fpu_conv.c - the non-arithmetic F and D operations: minimum/maximum,
 * comparisons, classification, and conversions between the two formats
 * and to and from 32/64-bit integers (unprivileged spec, F and D chapters).
 */
#include "fpu_impl.h"

/* A key whose unsigned order is the numeric order of non-NaN values, with
 * -0 below +0 (what fmin/fmax need): negative values are flipped. */
FPU_INLINE uint64_t fp_order_key(struct fp_format f, uint64_t a)
{
    uint64_t all = fp_sign_bit(f) | (fp_sign_bit(f) - 1);

    return fp_sign(f, a) ? ~a & all : a | fp_sign_bit(f);
}

/* minimumNumber(a, b), or maximumNumber when want_max (IEEE 754-2019 9.6,
 * as the F chapter's fmin/fmax specify). */
FPU_INLINE uint64_t fp_minmax(struct fp_format f, uint64_t a, uint64_t b, bool want_max,
                              uint32_t *flags)
{
    bool a_nan = fp_is_nan(f, a), b_nan = fp_is_nan(f, b);
    bool a_less;

    if (a_nan || b_nan) {
        if (fp_is_snan(f, a) || fp_is_snan(f, b))
            *flags |= FFLAGS_NV;
        if (a_nan && b_nan)
            return fp_canonical_nan(f);
        return a_nan ? b : a;
    }
    a_less = fp_order_key(f, a) < fp_order_key(f, b);
    return a_less != want_max ? a : b;
}

/* a < b, or a <= b when or_equal, for non-NaN operands; -0 == +0. */
FPU_INLINE bool fp_less(struct fp_format f, uint64_t a, uint64_t b, bool or_equal)
{
    bool sa = fp_sign(f, a), sb = fp_sign(f, b);

    if (fp_is_zero(f, a) && fp_is_zero(f, b))
        return or_equal;
    if (sa != sb)
        return sa;
    if (a == b)
        return or_equal;
    return (a < b) != sa;                          /* negatives order reversed */
}

/* flt/fle: signaling comparisons, NV for any NaN operand. */
FPU_INLINE bool fp_lt_le(struct fp_format f, uint64_t a, uint64_t b, bool or_equal,
                         uint32_t *flags)
{
    if (fp_is_nan(f, a) || fp_is_nan(f, b)) {
        *flags |= FFLAGS_NV;
        return false;
    }
    return fp_less(f, a, b, or_equal);
}

/* feq: quiet comparison, NV only for a signaling NaN. */
FPU_INLINE bool fp_eq(struct fp_format f, uint64_t a, uint64_t b, uint32_t *flags)
{
    if (fp_is_nan(f, a) || fp_is_nan(f, b)) {
        if (fp_is_snan(f, a) || fp_is_snan(f, b))
            *flags |= FFLAGS_NV;
        return false;
    }
    return a == b || (fp_is_zero(f, a) && fp_is_zero(f, b));
}

FPU_INLINE unsigned fp_class(struct fp_format f, uint64_t a)
{
    bool sign = fp_sign(f, a);

    if (fp_is_nan(f, a))
        return fp_is_snan(f, a) ? FCLASS_SNAN : FCLASS_QNAN;
    if (fp_is_inf(f, a))
        return sign ? FCLASS_NEG_INF : FCLASS_POS_INF;
    if (fp_is_zero(f, a))
        return sign ? FCLASS_NEG_ZERO : FCLASS_POS_ZERO;
    if (fp_exp_field(f, a) == 0)
        return sign ? FCLASS_NEG_SUBNORMAL : FCLASS_POS_SUBNORMAL;
    return sign ? FCLASS_NEG_NORMAL : FCLASS_POS_NORMAL;
}

/* |x| rounded to an integer under rm; *inexact tells whether it moved.
 * Requires x.exp < 0 or sig << exp < 2^64. Two extra bits (round, sticky)
 * below the integer point carry everything rounding needs. */
FPU_INLINE uint64_t fp_round_to_integer(struct fp_num x, unsigned rm, bool *inexact)
{
    const uint64_t half = 2, rem_mask = 3;
    uint64_t v;

    if (x.exp >= 0) {
        *inexact = false;
        return x.sig << x.exp;
    }
    if (x.exp <= -2)
        v = shift_right_jam64(x.sig, (unsigned)(-x.exp - 2));
    else
        v = x.sig << 1;                            /* x.exp == -1: exact */
    *inexact = (v & rem_mask) != 0;
    return (v >> 2) + fp_round_up(rm, x.sign, (v >> 2) & 1, v & rem_mask, half);
}

/*
 * a converted to a width-bit integer (signed or unsigned), as its two's
 * complement bits in a uint64_t. NaN and out-of-range values (after
 * rounding) saturate and raise NV only (spec table "FCVT invalid
 * operation"): NaN and +large give the maximum, -large the minimum (0 when
 * unsigned). An in-range inexact result raises NX.
 */
FPU_INLINE uint64_t fp_to_int(struct fp_format f, uint64_t a, unsigned rm, bool is_signed,
                              unsigned width, uint32_t *flags)
{
    const uint64_t max = is_signed ? (1ull << (width - 1)) - 1 : ~0ull >> (64 - width);
    const uint64_t min = is_signed ? -(1ull << (width - 1)) : 0;
    const uint64_t neg_limit = is_signed ? 1ull << (width - 1) : 0;  /* largest |negative| */
    bool sign = fp_sign(f, a), inexact;
    struct fp_num x;
    uint64_t mag;

    if (fp_is_nan(f, a))
        goto invalid_max;
    if (fp_is_inf(f, a))
        goto invalid;
    if (fp_is_zero(f, a))
        return 0;
    x = fp_unpack(f, a);
    if (x.exp + (int)f.frac_bits >= 64)            /* |a| >= 2^64 */
        goto invalid;
    mag = fp_round_to_integer(x, rm, &inexact);
    if (sign ? mag > neg_limit : mag > max)
        goto invalid;
    if (inexact)
        *flags |= FFLAGS_NX;
    return sign ? -mag : mag;

invalid:
    if (sign) {
        *flags |= FFLAGS_NV;
        return min;
    }
invalid_max:
    *flags |= FFLAGS_NV;
    return max;
}

/* (-1)^sign * mag rounded to format f; zero is +0. */
FPU_INLINE uint64_t fp_from_int(struct fp_format f, bool sign, uint64_t mag, unsigned rm,
                                uint32_t *flags)
{
    if (mag == 0)
        return 0;
    return fp_round_pack(f, sign, 0, mag, rm, flags);
}

/* a (format from) converted to format to, rounded by rm. */
FPU_INLINE uint64_t fp_convert(struct fp_format from, struct fp_format to, uint64_t a,
                               unsigned rm, uint32_t *flags)
{
    bool sign = fp_sign(from, a);
    struct fp_num x;

    if (fp_is_nan(from, a))
        return fp_is_snan(from, a) ? fp_invalid(to, flags) : fp_canonical_nan(to);
    if (fp_is_inf(from, a))
        return fp_inf(to, sign);
    if (fp_is_zero(from, a))
        return fp_zero(to, sign);
    x = fp_unpack(from, a);
    return fp_round_pack(to, sign, x.exp, x.sig, rm, flags);
}

/* |v| of a signed integer without overflow at the minimum. */
static inline uint64_t magnitude(int64_t v) { return v < 0 ? -(uint64_t)v : (uint64_t)v; }

uint32_t f32_min(uint32_t a, uint32_t b, uint32_t *flags)
{
    return (uint32_t)fp_minmax(FP32, a, b, false, flags);
}
uint32_t f32_max(uint32_t a, uint32_t b, uint32_t *flags)
{
    return (uint32_t)fp_minmax(FP32, a, b, true, flags);
}
uint64_t f64_min(uint64_t a, uint64_t b, uint32_t *flags)
{
    return fp_minmax(FP64, a, b, false, flags);
}
uint64_t f64_max(uint64_t a, uint64_t b, uint32_t *flags)
{
    return fp_minmax(FP64, a, b, true, flags);
}

bool f32_eq(uint32_t a, uint32_t b, uint32_t *flags) { return fp_eq(FP32, a, b, flags); }
bool f32_lt(uint32_t a, uint32_t b, uint32_t *flags) { return fp_lt_le(FP32, a, b, false, flags); }
bool f32_le(uint32_t a, uint32_t b, uint32_t *flags) { return fp_lt_le(FP32, a, b, true, flags); }
bool f64_eq(uint64_t a, uint64_t b, uint32_t *flags) { return fp_eq(FP64, a, b, flags); }
bool f64_lt(uint64_t a, uint64_t b, uint32_t *flags) { return fp_lt_le(FP64, a, b, false, flags); }
bool f64_le(uint64_t a, uint64_t b, uint32_t *flags) { return fp_lt_le(FP64, a, b, true, flags); }

unsigned f32_class(uint32_t a) { return fp_class(FP32, a); }
unsigned f64_class(uint64_t a) { return fp_class(FP64, a); }

int32_t f32_to_i32(uint32_t a, unsigned rm, uint32_t *flags)
{
    return (int32_t)fp_to_int(FP32, a, rm, true, 32, flags);
}
uint32_t f32_to_u32(uint32_t a, unsigned rm, uint32_t *flags)
{
    return (uint32_t)fp_to_int(FP32, a, rm, false, 32, flags);
}
int64_t f32_to_i64(uint32_t a, unsigned rm, uint32_t *flags)
{
    return (int64_t)fp_to_int(FP32, a, rm, true, 64, flags);
}
uint64_t f32_to_u64(uint32_t a, unsigned rm, uint32_t *flags)
{
    return fp_to_int(FP32, a, rm, false, 64, flags);
}
int32_t f64_to_i32(uint64_t a, unsigned rm, uint32_t *flags)
{
    return (int32_t)fp_to_int(FP64, a, rm, true, 32, flags);
}
uint32_t f64_to_u32(uint64_t a, unsigned rm, uint32_t *flags)
{
    return (uint32_t)fp_to_int(FP64, a, rm, false, 32, flags);
}
int64_t f64_to_i64(uint64_t a, unsigned rm, uint32_t *flags)
{
    return (int64_t)fp_to_int(FP64, a, rm, true, 64, flags);
}
uint64_t f64_to_u64(uint64_t a, unsigned rm, uint32_t *flags)
{
    return fp_to_int(FP64, a, rm, false, 64, flags);
}

uint32_t i32_to_f32(int32_t v, unsigned rm, uint32_t *flags)
{
    return (uint32_t)fp_from_int(FP32, v < 0, magnitude(v), rm, flags);
}
uint32_t u32_to_f32(uint32_t v, unsigned rm, uint32_t *flags)
{
    return (uint32_t)fp_from_int(FP32, false, v, rm, flags);
}
uint32_t i64_to_f32(int64_t v, unsigned rm, uint32_t *flags)
{
    return (uint32_t)fp_from_int(FP32, v < 0, magnitude(v), rm, flags);
}
uint32_t u64_to_f32(uint64_t v, unsigned rm, uint32_t *flags)
{
    return (uint32_t)fp_from_int(FP32, false, v, rm, flags);
}
uint64_t i32_to_f64(int32_t v, unsigned rm, uint32_t *flags)
{
    return fp_from_int(FP64, v < 0, magnitude(v), rm, flags);
}
uint64_t u32_to_f64(uint32_t v, unsigned rm, uint32_t *flags)
{
    return fp_from_int(FP64, false, v, rm, flags);
}
uint64_t i64_to_f64(int64_t v, unsigned rm, uint32_t *flags)
{
    return fp_from_int(FP64, v < 0, magnitude(v), rm, flags);
}
uint64_t u64_to_f64(uint64_t v, unsigned rm, uint32_t *flags)
{
    return fp_from_int(FP64, false, v, rm, flags);
}

uint64_t f32_to_f64(uint32_t a, uint32_t *flags)
{
    return fp_convert(FP32, FP64, a, RM_RNE, flags);   /* exact: rm unused */
}
uint32_t f64_to_f32(uint64_t a, unsigned rm, uint32_t *flags)
{
    return (uint32_t)fp_convert(FP64, FP32, a, rm, flags);
}
