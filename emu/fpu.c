/*
 * fpu.c - IEEE 754 arithmetic for RISC-V F and D: add, subtract, multiply,
 * divide, square root and fused multiply-add, binary32 and binary64.
 *
 * Each operation settles the special operands (NaN, infinity, zero) first,
 * then computes the exact result, or a jammed approximation of it that
 * rounds the same way, on integer significands (64- or 128-bit), and hands
 * it to fp_round_pack() (fpu_impl.h) for the single rounding.
 */
#include <math.h>

#include "fpu_impl.h"

/*
 * a + b for finite nonzero operands. Both significands are moved up to bit
 * 62, which leaves at least 9 bits below the rounding point: when the
 * exponents differ by 2 or more, jamming the smaller operand cannot change
 * the rounding (at most one bit cancels); when they differ by 0 or 1 the
 * alignment shift is exact.
 */
FPU_INLINE uint64_t fp_add_finite(struct fp_format f, struct fp_num x, struct fp_num y,
                                  unsigned rm, uint32_t *flags)
{
    const unsigned up = 62 - f.frac_bits;
    uint64_t sum;
    bool sign;

    if (y.exp > x.exp || (y.exp == x.exp && y.sig > x.sig)) {
        struct fp_num t = x;
        x = y;
        y = t;
    }
    x.sig <<= up;
    y.sig = shift_right_jam64(y.sig << up, (unsigned)(x.exp - y.exp));
    sign = x.sign;
    if (x.sign == y.sign)
        sum = x.sig + y.sig;
    else
        sum = x.sig - y.sig;
    if (sum == 0)
        return fp_zero(f, fp_cancel_sign(rm));
    return fp_round_pack(f, sign, x.exp - (int)up, sum, rm, flags);
}

/* a + b, or a - b when negate_b (IEEE 754 5.4.1 addition/subtraction). */
FPU_INLINE uint64_t fp_add(struct fp_format f, uint64_t a, uint64_t b, bool negate_b,
                           unsigned rm, uint32_t *flags)
{
    if (fp_is_nan(f, a) || fp_is_nan(f, b))
        return fp_nan2(f, a, b, flags);
    if (negate_b)
        b ^= fp_sign_bit(f);
    if (fp_is_inf(f, a)) {
        if (fp_is_inf(f, b) && fp_sign(f, a) != fp_sign(f, b))
            return fp_invalid(f, flags);           /* inf - inf */
        return a;
    }
    if (fp_is_inf(f, b))
        return b;
    if (fp_is_zero(f, a)) {
        if (fp_is_zero(f, b) && fp_sign(f, a) != fp_sign(f, b))
            return fp_zero(f, fp_cancel_sign(rm));
        return b;                                   /* exact, even if subnormal */
    }
    if (fp_is_zero(f, b))
        return a;
    return fp_add_finite(f, fp_unpack(f, a), fp_unpack(f, b), rm, flags);
}

/* a * b (IEEE 754 5.4.1). The product of two F+1-bit significands is
 * exact in 128 bits and is narrowed with jamming. */
FPU_INLINE uint64_t fp_mul(struct fp_format f, uint64_t a, uint64_t b, unsigned rm,
                           uint32_t *flags)
{
    bool sign = fp_sign(f, a) != fp_sign(f, b);
    struct fp_num x, y;
    int exp;
    uint64_t sig;

    if (fp_is_nan(f, a) || fp_is_nan(f, b))
        return fp_nan2(f, a, b, flags);
    if (fp_is_inf(f, a) || fp_is_inf(f, b)) {
        if (fp_is_zero(f, a) || fp_is_zero(f, b))
            return fp_invalid(f, flags);           /* 0 * inf */
        return fp_inf(f, sign);
    }
    if (fp_is_zero(f, a) || fp_is_zero(f, b))
        return fp_zero(f, sign);
    x = fp_unpack(f, a);
    y = fp_unpack(f, b);
    exp = x.exp + y.exp;
    sig = jam128_to_64((u128)x.sig * y.sig, &exp);
    return fp_round_pack(f, sign, exp, sig, rm, flags);
}

/*
 * a / b (IEEE 754 5.4.1). The dividend is shifted up so that the integer
 * quotient has at least F+3 bits; a nonzero remainder is jammed into it.
 * binary32 fits a 64-bit division, binary64 needs 128 bits.
 */
FPU_INLINE uint64_t fp_div(struct fp_format f, uint64_t a, uint64_t b, unsigned rm,
                           uint32_t *flags)
{
    bool sign = fp_sign(f, a) != fp_sign(f, b);
    struct fp_num x, y;
    uint64_t q;
    unsigned up;

    if (fp_is_nan(f, a) || fp_is_nan(f, b))
        return fp_nan2(f, a, b, flags);
    if (fp_is_inf(f, a)) {
        if (fp_is_inf(f, b))
            return fp_invalid(f, flags);           /* inf / inf */
        return fp_inf(f, sign);
    }
    if (fp_is_inf(f, b))
        return fp_zero(f, sign);
    if (fp_is_zero(f, b)) {
        if (fp_is_zero(f, a))
            return fp_invalid(f, flags);           /* 0 / 0 */
        *flags |= FFLAGS_DZ;
        return fp_inf(f, sign);
    }
    if (fp_is_zero(f, a))
        return fp_zero(f, sign);
    x = fp_unpack(f, a);
    y = fp_unpack(f, b);
    if (f.frac_bits < 32) {
        up = 62 - f.frac_bits;                     /* dividend < 2^63 */
        q = (x.sig << up) / y.sig;
        q |= (x.sig << up) % y.sig != 0;
    } else {
        u128 n = (u128)x.sig << 62;                /* quotient in (2^61, 2^63) */
        up = 62;
        q = (uint64_t)(n / y.sig);
        q |= n % y.sig != 0;
    }
    return fp_round_pack(f, sign, x.exp - y.exp - (int)up, q, rm, flags);
}

/* floor(sqrt(n)) for n < 2^120. The host's sqrt() only gives a first
 * guess; one integer Newton step and the exact checks make it exact. */
static uint64_t isqrt128(u128 n)
{
    uint64_t r = (uint64_t)sqrt((double)n);

    if (r != 0)
        r = (uint64_t)((r + n / r) / 2);
    while ((u128)r * r > n)
        r--;
    while ((u128)(r + 1) * (r + 1) <= n)
        r++;
    return r;
}

/* floor(sqrt(n)) for n < 2^63 (the guess is within one of the root). */
static uint64_t isqrt64(uint64_t n)
{
    uint64_t r = (uint64_t)sqrt((double)n);

    while (r * r > n)
        r--;
    while ((r + 1) * (r + 1) <= n)
        r++;
    return r;
}

/*
 * sqrt(a) (IEEE 754 5.4.1): sqrt(-0) = -0, any other negative is invalid.
 * With the exponent made even, sqrt(sig * 2^exp) = sqrt(sig << k) *
 * 2^((exp - k) / 2); k is chosen so the integer root has at least F+3 bits,
 * and an inexact root is jammed.
 */
FPU_INLINE uint64_t fp_sqrt(struct fp_format f, uint64_t a, unsigned rm, uint32_t *flags)
{
    struct fp_num x;
    uint64_t r;
    unsigned k;

    if (fp_is_nan(f, a))
        return fp_nan2(f, a, a, flags);
    if (fp_is_zero(f, a))
        return a;
    if (fp_sign(f, a))
        return fp_invalid(f, flags);
    if (fp_is_inf(f, a))
        return a;
    x = fp_unpack(f, a);
    if (x.exp & 1) {
        x.sig <<= 1;                               /* sig < 2^(F+2) */
        x.exp--;
    }
    if (f.frac_bits < 32) {
        k = (62 - f.frac_bits) & ~1u;              /* sig << k < 2^64 */
        r = isqrt64(x.sig << k);
        r |= r * r != x.sig << k;
    } else {
        u128 n;
        k = (116 - f.frac_bits) & ~1u;             /* n < 2^120 */
        n = (u128)x.sig << k;
        r = isqrt128(n);
        r |= (u128)r * r != n;
    }
    return fp_round_pack(f, false, (x.exp - (int)k) / 2, r, rm, flags);
}

/*
 * The finite, nonzero part of a fused multiply-add: (-1)^psign * x.sig *
 * y.sig * 2^(x.exp + y.exp) + z, rounded once. The product and z are both
 * placed with their leading one at bit 125 of a 128-bit frame and the one
 * with the smaller exponent is shifted right with jamming. A shift of 0 or 1
 * loses nothing (the product has at most 106 bits); a larger one means at
 * most one bit can cancel, so the jammed bit stays far below the rounding
 * point.
 */
FPU_INLINE uint64_t fp_muladd_finite(struct fp_format f, bool psign, struct fp_num x,
                                     struct fp_num y, struct fp_num z, unsigned rm,
                                     uint32_t *flags)
{
    const unsigned top = 125;
    u128 p = (u128)x.sig * y.sig, c = z.sig;
    unsigned pshift = clz128(p) - (127 - top);
    int pexp = x.exp + y.exp - (int)pshift;
    int cexp = z.exp - (int)(top - f.frac_bits);
    int exp;
    bool sign = psign;
    uint64_t sig;

    p <<= pshift;
    c <<= top - f.frac_bits;
    if (pexp >= cexp)
        c = shift_right_jam128(c, (unsigned)(pexp - cexp));
    else
        p = shift_right_jam128(p, (unsigned)(cexp - pexp));
    exp = pexp > cexp ? pexp : cexp;
    if (psign == z.sign) {
        p += c;
    } else if (p >= c) {
        p -= c;
    } else {
        p = c - p;
        sign = z.sign;
    }
    if (p == 0)
        return fp_zero(f, fp_cancel_sign(rm));
    sig = jam128_to_64(p, &exp);
    return fp_round_pack(f, sign, exp, sig, rm, flags);
}

/* (+/-)(a * b) (+/-) c with one rounding (IEEE 754 5.4.1 fusedMultiplyAdd);
 * neg holds FPU_NEG_PRODUCT / FPU_NEG_ADDEND. */
FPU_INLINE uint64_t fp_muladd(struct fp_format f, uint64_t a, uint64_t b, uint64_t c,
                              unsigned neg, unsigned rm, uint32_t *flags)
{
    bool inf_times_zero = (fp_is_inf(f, a) && fp_is_zero(f, b)) ||
                          (fp_is_zero(f, a) && fp_is_inf(f, b));
    bool psign = fp_sign(f, a) ^ fp_sign(f, b) ^ ((neg & FPU_NEG_PRODUCT) != 0);
    struct fp_num x, y;
    int exp;

    if (fp_is_nan(f, a) || fp_is_nan(f, b) || fp_is_nan(f, c)) {
        /* The spec requires NV for 0 * inf even when c is a quiet NaN. */
        if (inf_times_zero || fp_is_snan(f, c))
            *flags |= FFLAGS_NV;
        return fp_nan2(f, a, b, flags);
    }
    if (inf_times_zero)
        return fp_invalid(f, flags);
    if (neg & FPU_NEG_ADDEND)
        c ^= fp_sign_bit(f);
    if (fp_is_inf(f, a) || fp_is_inf(f, b)) {
        if (fp_is_inf(f, c) && fp_sign(f, c) != psign)
            return fp_invalid(f, flags);           /* inf - inf */
        return fp_inf(f, psign);
    }
    if (fp_is_inf(f, c))
        return c;
    if (fp_is_zero(f, a) || fp_is_zero(f, b)) {
        if (fp_is_zero(f, c) && fp_sign(f, c) != psign)
            return fp_zero(f, fp_cancel_sign(rm));
        return fp_is_zero(f, c) ? fp_zero(f, psign) : c;
    }
    x = fp_unpack(f, a);
    y = fp_unpack(f, b);
    if (fp_is_zero(f, c)) {                        /* the product, rounded */
        uint64_t sig;
        exp = x.exp + y.exp;
        sig = jam128_to_64((u128)x.sig * y.sig, &exp);
        return fp_round_pack(f, psign, exp, sig, rm, flags);
    }
    return fp_muladd_finite(f, psign, x, y, fp_unpack(f, c), rm, flags);
}

uint32_t f32_add(uint32_t a, uint32_t b, unsigned rm, uint32_t *flags)
{
    return (uint32_t)fp_add(FP32, a, b, false, rm, flags);
}

uint32_t f32_sub(uint32_t a, uint32_t b, unsigned rm, uint32_t *flags)
{
    return (uint32_t)fp_add(FP32, a, b, true, rm, flags);
}

uint32_t f32_mul(uint32_t a, uint32_t b, unsigned rm, uint32_t *flags)
{
    return (uint32_t)fp_mul(FP32, a, b, rm, flags);
}

uint32_t f32_div(uint32_t a, uint32_t b, unsigned rm, uint32_t *flags)
{
    return (uint32_t)fp_div(FP32, a, b, rm, flags);
}

uint32_t f32_sqrt(uint32_t a, unsigned rm, uint32_t *flags)
{
    return (uint32_t)fp_sqrt(FP32, a, rm, flags);
}

uint32_t f32_muladd(uint32_t a, uint32_t b, uint32_t c, unsigned neg, unsigned rm,
                    uint32_t *flags)
{
    return (uint32_t)fp_muladd(FP32, a, b, c, neg, rm, flags);
}

uint64_t f64_add(uint64_t a, uint64_t b, unsigned rm, uint32_t *flags)
{
    return fp_add(FP64, a, b, false, rm, flags);
}

uint64_t f64_sub(uint64_t a, uint64_t b, unsigned rm, uint32_t *flags)
{
    return fp_add(FP64, a, b, true, rm, flags);
}

uint64_t f64_mul(uint64_t a, uint64_t b, unsigned rm, uint32_t *flags)
{
    return fp_mul(FP64, a, b, rm, flags);
}

uint64_t f64_div(uint64_t a, uint64_t b, unsigned rm, uint32_t *flags)
{
    return fp_div(FP64, a, b, rm, flags);
}

uint64_t f64_sqrt(uint64_t a, unsigned rm, uint32_t *flags)
{
    return fp_sqrt(FP64, a, rm, flags);
}

uint64_t f64_muladd(uint64_t a, uint64_t b, uint64_t c, unsigned neg, unsigned rm,
                    uint32_t *flags)
{
    return fp_muladd(FP64, a, b, c, neg, rm, flags);
}
