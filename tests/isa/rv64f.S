/*
 * rv64f.S - single-precision arithmetic of the F extension (unprivileged
 * spec ch. 11): fadd/fsub/fmul/fdiv/fsqrt, fmin/fmax, sign injection, the
 * four fused multiply-adds, flw/fsw and the fmv moves.
 *
 * Checks each result bit for bit (including its NaN-boxing) and the fflags it
 * raises: all five rounding modes, static and through frm; NX, OF, UF, DZ,
 * NV; the canonical NaN for every NaN result; fmin/fmax on +-0 and NaNs;
 * fused multiply-add rounding once; NaN-boxing (a single operand whose upper
 * 32 bits are not all ones reads as the canonical NaN, except in the transfer
 * instructions fmv.x.w and fsw); reserved rounding modes (rm = 5, 6, and
 * frm = 5..7 with a dynamic rm) are illegal instructions.
 *
 * Conversions, compares and fclass are in rv64f_cvt.S.
 */
#include "common.h"
#include "fp.h"

TEST_START

    /* arithmetic, round to nearest even */
    FP_IN 0xffffffff3f800000, 0xffffffff40000000
    fadd.s fa3, fa0, fa1, rne
    FP_CHECK 1, fa3, 0xffffffff40400000, 0
    FP_IN 0xffffffff3f400000, 0xffffffffbe800000
    fadd.s fa3, fa0, fa1, rne
    FP_CHECK 2, fa3, 0xffffffff3f000000, 0
    FP_IN 0xffffffff49800000, 0xffffffff3f800000
    fadd.s fa3, fa0, fa1, rne
    FP_CHECK 3, fa3, 0xffffffff49800008, 0
    FP_IN 0xffffffff3f800000, 0xffffffffbf800000
    fadd.s fa3, fa0, fa1, rne
    FP_CHECK 4, fa3, 0xffffffff00000000, 0
    FP_IN 0xffffffff40400000, 0xffffffff40000000
    fsub.s fa3, fa0, fa1, rne
    FP_CHECK 5, fa3, 0xffffffff3f800000, 0
    FP_IN 0xffffffff3f800000, 0xffffffff3f800000
    fsub.s fa3, fa0, fa1, rne
    FP_CHECK 6, fa3, 0xffffffff00000000, 0
    FP_IN 0xffffffff3e800000, 0xffffffff3f400000
    fsub.s fa3, fa0, fa1, rne
    FP_CHECK 7, fa3, 0xffffffffbf000000, 0
    FP_IN 0xffffffff40400000, 0xffffffffc0200000
    fmul.s fa3, fa0, fa1, rne
    FP_CHECK 8, fa3, 0xffffffffc0f00000, 0
    FP_IN 0xffffffff3fc00000, 0xffffffff3fc00000
    fmul.s fa3, fa0, fa1, rne
    FP_CHECK 9, fa3, 0xffffffff40100000, 0
    FP_IN 0xffffffff80000000, 0xffffffff40400000
    fmul.s fa3, fa0, fa1, rne
    FP_CHECK 10, fa3, 0xffffffff80000000, 0
    FP_IN 0xffffffff40400000, 0xffffffff40000000
    fdiv.s fa3, fa0, fa1, rne
    FP_CHECK 11, fa3, 0xffffffff3fc00000, 0
    FP_IN 0xffffffff3f800000, 0xffffffff40400000
    fdiv.s fa3, fa0, fa1, rne
    FP_CHECK 12, fa3, 0xffffffff3eaaaaab, NX
    FP_IN 0xffffffffc0e00000, 0xffffffff3e800000
    fdiv.s fa3, fa0, fa1, rne
    FP_CHECK 13, fa3, 0xffffffffc1e00000, 0
    FP_IN 0xffffffff40800000
    fsqrt.s fa3, fa0, rne
    FP_CHECK 14, fa3, 0xffffffff40000000, 0
    FP_IN 0xffffffff40000000
    fsqrt.s fa3, fa0, rne
    FP_CHECK 15, fa3, 0xffffffff3fb504f3, NX
    FP_IN 0xffffffff3f100000
    fsqrt.s fa3, fa0, rne
    FP_CHECK 16, fa3, 0xffffffff3f400000, 0
    FP_IN 0xffffffff80000000
    fsqrt.s fa3, fa0, rne
    FP_CHECK 17, fa3, 0xffffffff80000000, 0

    /* all five rounding modes, static rm */
    FP_IN 0xffffffff3f800000, 0xffffffff33800000
    fadd.s fa3, fa0, fa1, rne
    FP_CHECK 18, fa3, 0xffffffff3f800000, NX
    FP_IN 0xffffffffbf800000, 0xffffffff33800000
    fsub.s fa3, fa0, fa1, rne
    FP_CHECK 19, fa3, 0xffffffffbf800000, NX
    FP_IN 0xffffffff3f800000, 0xffffffff40400000
    fdiv.s fa3, fa0, fa1, rne
    FP_CHECK 20, fa3, 0xffffffff3eaaaaab, NX
    FP_IN 0xffffffffbf800000, 0xffffffff40400000
    fdiv.s fa3, fa0, fa1, rne
    FP_CHECK 21, fa3, 0xffffffffbeaaaaab, NX
    FP_IN 0xffffffff40000000
    fsqrt.s fa3, fa0, rne
    FP_CHECK 22, fa3, 0xffffffff3fb504f3, NX
    FP_IN 0xffffffff3f800000, 0xffffffff33800000
    fadd.s fa3, fa0, fa1, rtz
    FP_CHECK 23, fa3, 0xffffffff3f800000, NX
    FP_IN 0xffffffffbf800000, 0xffffffff33800000
    fsub.s fa3, fa0, fa1, rtz
    FP_CHECK 24, fa3, 0xffffffffbf800000, NX
    FP_IN 0xffffffff3f800000, 0xffffffff40400000
    fdiv.s fa3, fa0, fa1, rtz
    FP_CHECK 25, fa3, 0xffffffff3eaaaaaa, NX
    FP_IN 0xffffffffbf800000, 0xffffffff40400000
    fdiv.s fa3, fa0, fa1, rtz
    FP_CHECK 26, fa3, 0xffffffffbeaaaaaa, NX
    FP_IN 0xffffffff40000000
    fsqrt.s fa3, fa0, rtz
    FP_CHECK 27, fa3, 0xffffffff3fb504f3, NX
    FP_IN 0xffffffff3f800000, 0xffffffff33800000
    fadd.s fa3, fa0, fa1, rdn
    FP_CHECK 28, fa3, 0xffffffff3f800000, NX
    FP_IN 0xffffffffbf800000, 0xffffffff33800000
    fsub.s fa3, fa0, fa1, rdn
    FP_CHECK 29, fa3, 0xffffffffbf800001, NX
    FP_IN 0xffffffff3f800000, 0xffffffff40400000
    fdiv.s fa3, fa0, fa1, rdn
    FP_CHECK 30, fa3, 0xffffffff3eaaaaaa, NX
    FP_IN 0xffffffffbf800000, 0xffffffff40400000
    fdiv.s fa3, fa0, fa1, rdn
    FP_CHECK 31, fa3, 0xffffffffbeaaaaab, NX
    FP_IN 0xffffffff40000000
    fsqrt.s fa3, fa0, rdn
    FP_CHECK 32, fa3, 0xffffffff3fb504f3, NX
    FP_IN 0xffffffff3f800000, 0xffffffff33800000
    fadd.s fa3, fa0, fa1, rup
    FP_CHECK 33, fa3, 0xffffffff3f800001, NX
    FP_IN 0xffffffffbf800000, 0xffffffff33800000
    fsub.s fa3, fa0, fa1, rup
    FP_CHECK 34, fa3, 0xffffffffbf800000, NX
    FP_IN 0xffffffff3f800000, 0xffffffff40400000
    fdiv.s fa3, fa0, fa1, rup
    FP_CHECK 35, fa3, 0xffffffff3eaaaaab, NX
    FP_IN 0xffffffffbf800000, 0xffffffff40400000
    fdiv.s fa3, fa0, fa1, rup
    FP_CHECK 36, fa3, 0xffffffffbeaaaaaa, NX
    FP_IN 0xffffffff40000000
    fsqrt.s fa3, fa0, rup
    FP_CHECK 37, fa3, 0xffffffff3fb504f4, NX
    FP_IN 0xffffffff3f800000, 0xffffffff33800000
    fadd.s fa3, fa0, fa1, rmm
    FP_CHECK 38, fa3, 0xffffffff3f800001, NX
    FP_IN 0xffffffffbf800000, 0xffffffff33800000
    fsub.s fa3, fa0, fa1, rmm
    FP_CHECK 39, fa3, 0xffffffffbf800001, NX
    FP_IN 0xffffffff3f800000, 0xffffffff40400000
    fdiv.s fa3, fa0, fa1, rmm
    FP_CHECK 40, fa3, 0xffffffff3eaaaaab, NX
    FP_IN 0xffffffffbf800000, 0xffffffff40400000
    fdiv.s fa3, fa0, fa1, rmm
    FP_CHECK 41, fa3, 0xffffffffbeaaaaab, NX
    FP_IN 0xffffffff40000000
    fsqrt.s fa3, fa0, rmm
    FP_CHECK 42, fa3, 0xffffffff3fb504f3, NX

    /* the same through frm (dynamic rm) */
    csrwi frm, RM_RNE
    FP_IN 0xffffffff3f800000, 0xffffffff33800000
    fadd.s fa3, fa0, fa1
    FP_CHECK 43, fa3, 0xffffffff3f800000, NX
    FP_IN 0xffffffffbf800000, 0xffffffff33800000
    fsub.s fa3, fa0, fa1
    FP_CHECK 44, fa3, 0xffffffffbf800000, NX
    FP_IN 0xffffffff3f800000, 0xffffffff40400000
    fdiv.s fa3, fa0, fa1
    FP_CHECK 45, fa3, 0xffffffff3eaaaaab, NX
    csrwi frm, RM_RTZ
    FP_IN 0xffffffff3f800000, 0xffffffff33800000
    fadd.s fa3, fa0, fa1
    FP_CHECK 46, fa3, 0xffffffff3f800000, NX
    FP_IN 0xffffffffbf800000, 0xffffffff33800000
    fsub.s fa3, fa0, fa1
    FP_CHECK 47, fa3, 0xffffffffbf800000, NX
    FP_IN 0xffffffff3f800000, 0xffffffff40400000
    fdiv.s fa3, fa0, fa1
    FP_CHECK 48, fa3, 0xffffffff3eaaaaaa, NX
    csrwi frm, RM_RDN
    FP_IN 0xffffffff3f800000, 0xffffffff33800000
    fadd.s fa3, fa0, fa1
    FP_CHECK 49, fa3, 0xffffffff3f800000, NX
    FP_IN 0xffffffffbf800000, 0xffffffff33800000
    fsub.s fa3, fa0, fa1
    FP_CHECK 50, fa3, 0xffffffffbf800001, NX
    FP_IN 0xffffffff3f800000, 0xffffffff40400000
    fdiv.s fa3, fa0, fa1
    FP_CHECK 51, fa3, 0xffffffff3eaaaaaa, NX
    csrwi frm, RM_RUP
    FP_IN 0xffffffff3f800000, 0xffffffff33800000
    fadd.s fa3, fa0, fa1
    FP_CHECK 52, fa3, 0xffffffff3f800001, NX
    FP_IN 0xffffffffbf800000, 0xffffffff33800000
    fsub.s fa3, fa0, fa1
    FP_CHECK 53, fa3, 0xffffffffbf800000, NX
    FP_IN 0xffffffff3f800000, 0xffffffff40400000
    fdiv.s fa3, fa0, fa1
    FP_CHECK 54, fa3, 0xffffffff3eaaaaab, NX
    csrwi frm, RM_RMM
    FP_IN 0xffffffff3f800000, 0xffffffff33800000
    fadd.s fa3, fa0, fa1
    FP_CHECK 55, fa3, 0xffffffff3f800001, NX
    FP_IN 0xffffffffbf800000, 0xffffffff33800000
    fsub.s fa3, fa0, fa1
    FP_CHECK 56, fa3, 0xffffffffbf800001, NX
    FP_IN 0xffffffff3f800000, 0xffffffff40400000
    fdiv.s fa3, fa0, fa1
    FP_CHECK 57, fa3, 0xffffffff3eaaaaab, NX
    csrwi frm, RM_RNE

    /* exception flags: NX, OF, UF, NV, DZ, and results at the limits */
    FP_IN 0xffffffff7f7fffff, 0xffffffff40000000
    fmul.s fa3, fa0, fa1, rne
    FP_CHECK 58, fa3, 0xffffffff7f800000, OF|NX
    FP_IN 0xffffffff7f7fffff, 0xffffffff40000000
    fmul.s fa3, fa0, fa1, rtz
    FP_CHECK 59, fa3, 0xffffffff7f7fffff, OF|NX
    FP_IN 0xffffffffff7fffff, 0xffffffff40000000
    fmul.s fa3, fa0, fa1, rup
    FP_CHECK 60, fa3, 0xffffffffff7fffff, OF|NX
    FP_IN 0xffffffffff7fffff, 0xffffffff40000000
    fmul.s fa3, fa0, fa1, rdn
    FP_CHECK 61, fa3, 0xffffffffff800000, OF|NX
    FP_IN 0xffffffff00000001, 0xffffffff3f000000
    fmul.s fa3, fa0, fa1, rne
    FP_CHECK 62, fa3, 0xffffffff00000000, UF|NX
    FP_IN 0xffffffff00000001, 0xffffffff3f000000
    fmul.s fa3, fa0, fa1, rup
    FP_CHECK 63, fa3, 0xffffffff00000001, UF|NX
    FP_IN 0xffffffff00800000, 0xffffffff3f000000
    fmul.s fa3, fa0, fa1, rne
    FP_CHECK 64, fa3, 0xffffffff00400000, 0
    FP_IN 0xffffffff00800000, 0xffffffff3f400000
    fmul.s fa3, fa0, fa1, rne
    FP_CHECK 65, fa3, 0xffffffff00600000, 0
    FP_IN 0xffffffff00800000, 0xffffffff40400000
    fdiv.s fa3, fa0, fa1, rne
    FP_CHECK 66, fa3, 0xffffffff002aaaab, UF|NX
    FP_IN 0xffffffff00000001, 0xffffffff00000001
    fadd.s fa3, fa0, fa1, rne
    FP_CHECK 67, fa3, 0xffffffff00000002, 0
    FP_IN 0xffffffff3f800000, 0xffffffff00000000
    fdiv.s fa3, fa0, fa1, rne
    FP_CHECK 68, fa3, 0xffffffff7f800000, DZ
    FP_IN 0xffffffffbf800000, 0xffffffff00000000
    fdiv.s fa3, fa0, fa1, rne
    FP_CHECK 69, fa3, 0xffffffffff800000, DZ
    FP_IN 0xffffffff00000000, 0xffffffff00000000
    fdiv.s fa3, fa0, fa1, rne
    FP_CHECK 70, fa3, 0xffffffff7fc00000, NV
    FP_IN 0xffffffff7f800000, 0xffffffff7f800000
    fsub.s fa3, fa0, fa1, rne
    FP_CHECK 71, fa3, 0xffffffff7fc00000, NV
    FP_IN 0xffffffff00000000, 0xffffffff7f800000
    fmul.s fa3, fa0, fa1, rne
    FP_CHECK 72, fa3, 0xffffffff7fc00000, NV
    FP_IN 0xffffffff7f800000, 0xffffffff7f800000
    fdiv.s fa3, fa0, fa1, rne
    FP_CHECK 73, fa3, 0xffffffff7fc00000, NV
    FP_IN 0xffffffffbf800000
    fsqrt.s fa3, fa0, rne
    FP_CHECK 74, fa3, 0xffffffff7fc00000, NV
    FP_IN 0xffffffffff800000
    fsqrt.s fa3, fa0, rne
    FP_CHECK 75, fa3, 0xffffffff7fc00000, NV
    FP_IN 0xffffffff3f800000, 0xffffffff7f800000
    fdiv.s fa3, fa0, fa1, rne
    FP_CHECK 76, fa3, 0xffffffff00000000, 0
    FP_IN 0xffffffff3f800000, 0xffffffffbf800000
    fadd.s fa3, fa0, fa1, rne
    FP_CHECK 77, fa3, 0xffffffff00000000, 0
    FP_IN 0xffffffff3f800000, 0xffffffffbf800000
    fadd.s fa3, fa0, fa1, rdn
    FP_CHECK 78, fa3, 0xffffffff80000000, 0
    FP_IN 0xffffffff80000000, 0xffffffff80000000
    fadd.s fa3, fa0, fa1, rne
    FP_CHECK 79, fa3, 0xffffffff80000000, 0
    FP_IN 0xffffffff80000000, 0xffffffff00000000
    fadd.s fa3, fa0, fa1, rne
    FP_CHECK 80, fa3, 0xffffffff00000000, 0

    /* NaN inputs give the canonical NaN; a signaling NaN raises NV */
    FP_IN 0xffffffff7fc01234, 0xffffffff3f800000
    fadd.s fa3, fa0, fa1, rne
    FP_CHECK 81, fa3, 0xffffffff7fc00000, 0
    FP_IN 0xffffffff3f800000, 0xffffffffffc01234
    fmul.s fa3, fa0, fa1, rne
    FP_CHECK 82, fa3, 0xffffffff7fc00000, 0
    FP_IN 0xffffffff7f800001, 0xffffffff3f800000
    fadd.s fa3, fa0, fa1, rne
    FP_CHECK 83, fa3, 0xffffffff7fc00000, NV
    FP_IN 0xffffffffff800005, 0xffffffff7fc00000
    fdiv.s fa3, fa0, fa1, rne
    FP_CHECK 84, fa3, 0xffffffff7fc00000, NV
    FP_IN 0xffffffff7fc01234
    fsqrt.s fa3, fa0, rne
    FP_CHECK 85, fa3, 0xffffffff7fc00000, 0
    FP_IN 0xffffffff7f800001
    fsqrt.s fa3, fa0, rne
    FP_CHECK 86, fa3, 0xffffffff7fc00000, NV

    /* fmin/fmax: -0 < +0, a single NaN is ignored, two NaNs give the canonical NaN */
    FP_IN 0xffffffff3f800000, 0xffffffff40000000
    fmin.s fa3, fa0, fa1
    FP_CHECK 87, fa3, 0xffffffff3f800000, 0
    FP_IN 0xffffffffbf800000, 0xffffffff3f800000
    fmin.s fa3, fa0, fa1
    FP_CHECK 88, fa3, 0xffffffffbf800000, 0
    FP_IN 0xffffffff00000000, 0xffffffff80000000
    fmin.s fa3, fa0, fa1
    FP_CHECK 89, fa3, 0xffffffff80000000, 0
    FP_IN 0xffffffff80000000, 0xffffffff00000000
    fmin.s fa3, fa0, fa1
    FP_CHECK 90, fa3, 0xffffffff80000000, 0
    FP_IN 0xffffffff7fc01234, 0xffffffff3f800000
    fmin.s fa3, fa0, fa1
    FP_CHECK 91, fa3, 0xffffffff3f800000, 0
    FP_IN 0xffffffff3f800000, 0xffffffff7fc01234
    fmin.s fa3, fa0, fa1
    FP_CHECK 92, fa3, 0xffffffff3f800000, 0
    FP_IN 0xffffffff7fc01234, 0xffffffffffc00000
    fmin.s fa3, fa0, fa1
    FP_CHECK 93, fa3, 0xffffffff7fc00000, 0
    FP_IN 0xffffffff7f800001, 0xffffffff3f800000
    fmin.s fa3, fa0, fa1
    FP_CHECK 94, fa3, 0xffffffff3f800000, NV
    FP_IN 0xffffffff3f800000, 0xffffffffff800005
    fmin.s fa3, fa0, fa1
    FP_CHECK 95, fa3, 0xffffffff3f800000, NV
    FP_IN 0xffffffff7f800001, 0xffffffff7f800001
    fmin.s fa3, fa0, fa1
    FP_CHECK 96, fa3, 0xffffffff7fc00000, NV
    FP_IN 0xffffffffff800000, 0xffffffff7f7fffff
    fmin.s fa3, fa0, fa1
    FP_CHECK 97, fa3, 0xffffffffff800000, 0
    FP_IN 0xffffffff7f800000, 0xffffffff7f7fffff
    fmin.s fa3, fa0, fa1
    FP_CHECK 98, fa3, 0xffffffff7f7fffff, 0
    FP_IN 0xffffffff3f800000, 0xffffffff40000000
    fmax.s fa3, fa0, fa1
    FP_CHECK 99, fa3, 0xffffffff40000000, 0
    FP_IN 0xffffffffbf800000, 0xffffffff3f800000
    fmax.s fa3, fa0, fa1
    FP_CHECK 100, fa3, 0xffffffff3f800000, 0
    FP_IN 0xffffffff00000000, 0xffffffff80000000
    fmax.s fa3, fa0, fa1
    FP_CHECK 101, fa3, 0xffffffff00000000, 0
    FP_IN 0xffffffff80000000, 0xffffffff00000000
    fmax.s fa3, fa0, fa1
    FP_CHECK 102, fa3, 0xffffffff00000000, 0
    FP_IN 0xffffffff7fc01234, 0xffffffff3f800000
    fmax.s fa3, fa0, fa1
    FP_CHECK 103, fa3, 0xffffffff3f800000, 0
    FP_IN 0xffffffff3f800000, 0xffffffff7fc01234
    fmax.s fa3, fa0, fa1
    FP_CHECK 104, fa3, 0xffffffff3f800000, 0
    FP_IN 0xffffffff7fc01234, 0xffffffffffc00000
    fmax.s fa3, fa0, fa1
    FP_CHECK 105, fa3, 0xffffffff7fc00000, 0
    FP_IN 0xffffffff7f800001, 0xffffffff3f800000
    fmax.s fa3, fa0, fa1
    FP_CHECK 106, fa3, 0xffffffff3f800000, NV
    FP_IN 0xffffffff3f800000, 0xffffffffff800005
    fmax.s fa3, fa0, fa1
    FP_CHECK 107, fa3, 0xffffffff3f800000, NV
    FP_IN 0xffffffff7f800001, 0xffffffff7f800001
    fmax.s fa3, fa0, fa1
    FP_CHECK 108, fa3, 0xffffffff7fc00000, NV
    FP_IN 0xffffffffff800000, 0xffffffff7f7fffff
    fmax.s fa3, fa0, fa1
    FP_CHECK 109, fa3, 0xffffffff7f7fffff, 0
    FP_IN 0xffffffff7f800000, 0xffffffff7f7fffff
    fmax.s fa3, fa0, fa1
    FP_CHECK 110, fa3, 0xffffffff7f800000, 0

    /* sign injection works on the raw bits, NaNs included */
    FP_IN 0xffffffff3f800000, 0xffffffffbf800000
    fsgnj.s fa3, fa0, fa1
    FP_CHECK 111, fa3, 0xffffffffbf800000, 0
    FP_IN 0xffffffffbf800000, 0xffffffff3f800000
    fsgnj.s fa3, fa0, fa1
    FP_CHECK 112, fa3, 0xffffffff3f800000, 0
    FP_IN 0xffffffffbf800000, 0xffffffffbf800000
    fsgnj.s fa3, fa0, fa1
    FP_CHECK 113, fa3, 0xffffffffbf800000, 0
    FP_IN 0xffffffff7fc01234, 0xffffffff80000000
    fsgnj.s fa3, fa0, fa1
    FP_CHECK 114, fa3, 0xffffffffffc01234, 0
    FP_IN 0xffffffff7f800001, 0xffffffff3f800000
    fsgnj.s fa3, fa0, fa1
    FP_CHECK 115, fa3, 0xffffffff7f800001, 0
    FP_IN 0xffffffff3f800000, 0xffffffffbf800000
    fsgnjn.s fa3, fa0, fa1
    FP_CHECK 116, fa3, 0xffffffff3f800000, 0
    FP_IN 0xffffffffbf800000, 0xffffffff3f800000
    fsgnjn.s fa3, fa0, fa1
    FP_CHECK 117, fa3, 0xffffffffbf800000, 0
    FP_IN 0xffffffffbf800000, 0xffffffffbf800000
    fsgnjn.s fa3, fa0, fa1
    FP_CHECK 118, fa3, 0xffffffff3f800000, 0
    FP_IN 0xffffffff7fc01234, 0xffffffff80000000
    fsgnjn.s fa3, fa0, fa1
    FP_CHECK 119, fa3, 0xffffffff7fc01234, 0
    FP_IN 0xffffffff7f800001, 0xffffffff3f800000
    fsgnjn.s fa3, fa0, fa1
    FP_CHECK 120, fa3, 0xffffffffff800001, 0
    FP_IN 0xffffffff3f800000, 0xffffffffbf800000
    fsgnjx.s fa3, fa0, fa1
    FP_CHECK 121, fa3, 0xffffffffbf800000, 0
    FP_IN 0xffffffffbf800000, 0xffffffff3f800000
    fsgnjx.s fa3, fa0, fa1
    FP_CHECK 122, fa3, 0xffffffffbf800000, 0
    FP_IN 0xffffffffbf800000, 0xffffffffbf800000
    fsgnjx.s fa3, fa0, fa1
    FP_CHECK 123, fa3, 0xffffffff3f800000, 0
    FP_IN 0xffffffff7fc01234, 0xffffffff80000000
    fsgnjx.s fa3, fa0, fa1
    FP_CHECK 124, fa3, 0xffffffffffc01234, 0
    FP_IN 0xffffffff7f800001, 0xffffffff3f800000
    fsgnjx.s fa3, fa0, fa1
    FP_CHECK 125, fa3, 0xffffffff7f800001, 0

    /* fused multiply-add: one rounding, all four sign variants */
    FP_IN 0xffffffff40000000, 0xffffffff40400000, 0xffffffff3f800000
    fmadd.s fa3, fa0, fa1, fa2, rne
    FP_CHECK 126, fa3, 0xffffffff40e00000, 0
    FP_IN 0xffffffff3fc00000, 0xffffffffbf800000, 0xffffffff3e800000
    fmadd.s fa3, fa0, fa1, fa2, rne
    FP_CHECK 127, fa3, 0xffffffffbfa00000, 0
    FP_IN 0xffffffff40000000, 0xffffffff40400000, 0xffffffff3f800000
    fmsub.s fa3, fa0, fa1, fa2, rne
    FP_CHECK 128, fa3, 0xffffffff40a00000, 0
    FP_IN 0xffffffff3fc00000, 0xffffffffbf800000, 0xffffffff3e800000
    fmsub.s fa3, fa0, fa1, fa2, rne
    FP_CHECK 129, fa3, 0xffffffffbfe00000, 0
    FP_IN 0xffffffff40000000, 0xffffffff40400000, 0xffffffff3f800000
    fnmsub.s fa3, fa0, fa1, fa2, rne
    FP_CHECK 130, fa3, 0xffffffffc0a00000, 0
    FP_IN 0xffffffff3fc00000, 0xffffffffbf800000, 0xffffffff3e800000
    fnmsub.s fa3, fa0, fa1, fa2, rne
    FP_CHECK 131, fa3, 0xffffffff3fe00000, 0
    FP_IN 0xffffffff40000000, 0xffffffff40400000, 0xffffffff3f800000
    fnmadd.s fa3, fa0, fa1, fa2, rne
    FP_CHECK 132, fa3, 0xffffffffc0e00000, 0
    FP_IN 0xffffffff3fc00000, 0xffffffffbf800000, 0xffffffff3e800000
    fnmadd.s fa3, fa0, fa1, fa2, rne
    FP_CHECK 133, fa3, 0xffffffff3fa00000, 0
    FP_IN 0xffffffff3f801000, 0xffffffff3f801000, 0xffffffffbf802000
    fmadd.s fa3, fa0, fa1, fa2, rne
    FP_CHECK 134, fa3, 0xffffffff34800000, 0
    FP_IN 0xffffffff3f801000, 0xffffffff3f801000, 0xffffffff3f802000
    fmsub.s fa3, fa0, fa1, fa2, rne
    FP_CHECK 135, fa3, 0xffffffff34800000, 0
    FP_IN 0xffffffff7f800000, 0xffffffff00000000, 0xffffffff7fc00000
    fmadd.s fa3, fa0, fa1, fa2, rne
    FP_CHECK 136, fa3, 0xffffffff7fc00000, NV
    FP_IN 0xffffffff7f800000, 0xffffffff3f800000, 0xffffffffff800000
    fmadd.s fa3, fa0, fa1, fa2, rne
    FP_CHECK 137, fa3, 0xffffffff7fc00000, NV
    FP_IN 0xffffffff3f800000, 0xffffffff3f800000, 0xffffffff7f800001
    fmadd.s fa3, fa0, fa1, fa2, rne
    FP_CHECK 138, fa3, 0xffffffff7fc00000, NV
    FP_IN 0xffffffff7fc00000, 0xffffffff3f800000, 0xffffffff3f800000
    fmadd.s fa3, fa0, fa1, fa2, rne
    FP_CHECK 139, fa3, 0xffffffff7fc00000, 0
    FP_IN 0xffffffff3f800000, 0xffffffffbf800000, 0xffffffff3f800000
    fmadd.s fa3, fa0, fa1, fa2, rne
    FP_CHECK 140, fa3, 0xffffffff00000000, 0
    FP_IN 0xffffffff3f800000, 0xffffffffbf800000, 0xffffffff3f800000
    fmadd.s fa3, fa0, fa1, fa2, rdn
    FP_CHECK 141, fa3, 0xffffffff80000000, 0
    FP_IN 0xffffffff3f800000, 0xffffffff00000000, 0xffffffff00000000
    fnmadd.s fa3, fa0, fa1, fa2, rne
    FP_CHECK 142, fa3, 0xffffffff80000000, 0
    FP_IN 0xffffffff3f800000, 0xffffffff3f800000, 0xffffffff33800000
    fmadd.s fa3, fa0, fa1, fa2, rne
    FP_CHECK 143, fa3, 0xffffffff3f800000, NX
    FP_IN 0xffffffff3f800000, 0xffffffff3f800000, 0xffffffff33800000
    fnmsub.s fa3, fa0, fa1, fa2, rne
    FP_CHECK 144, fa3, 0xffffffffbf7fffff, 0
    FP_IN 0xffffffff3f800000, 0xffffffff3f800000, 0xffffffff33800000
    fmadd.s fa3, fa0, fa1, fa2, rtz
    FP_CHECK 145, fa3, 0xffffffff3f800000, NX
    FP_IN 0xffffffff3f800000, 0xffffffff3f800000, 0xffffffff33800000
    fnmsub.s fa3, fa0, fa1, fa2, rtz
    FP_CHECK 146, fa3, 0xffffffffbf7fffff, 0
    FP_IN 0xffffffff3f800000, 0xffffffff3f800000, 0xffffffff33800000
    fmadd.s fa3, fa0, fa1, fa2, rdn
    FP_CHECK 147, fa3, 0xffffffff3f800000, NX
    FP_IN 0xffffffff3f800000, 0xffffffff3f800000, 0xffffffff33800000
    fnmsub.s fa3, fa0, fa1, fa2, rdn
    FP_CHECK 148, fa3, 0xffffffffbf7fffff, 0
    FP_IN 0xffffffff3f800000, 0xffffffff3f800000, 0xffffffff33800000
    fmadd.s fa3, fa0, fa1, fa2, rup
    FP_CHECK 149, fa3, 0xffffffff3f800001, NX
    FP_IN 0xffffffff3f800000, 0xffffffff3f800000, 0xffffffff33800000
    fnmsub.s fa3, fa0, fa1, fa2, rup
    FP_CHECK 150, fa3, 0xffffffffbf7fffff, 0
    FP_IN 0xffffffff3f800000, 0xffffffff3f800000, 0xffffffff33800000
    fmadd.s fa3, fa0, fa1, fa2, rmm
    FP_CHECK 151, fa3, 0xffffffff3f800001, NX
    FP_IN 0xffffffff3f800000, 0xffffffff3f800000, 0xffffffff33800000
    fnmsub.s fa3, fa0, fa1, fa2, rmm
    FP_CHECK 152, fa3, 0xffffffffbf7fffff, 0

    /* fmv.w.x NaN-boxes; fmv.x.w sign-extends bit 31 */
    li gp, 200
    li a0, 0x123456783f800000
    fmv.w.x fa3, a0
    fmv.x.d a1, fa3
    li t6, 0xffffffff3f800000
    bne a1, t6, fail
    li gp, 201
    li a0, 0xffffffffbf800000
    fmv.d.x fa3, a0
    fmv.x.w a1, fa3
    li t6, 0xffffffffbf800000
    bne a1, t6, fail
    li gp, 202
    li a0, 0xffffffff3f800000
    fmv.d.x fa3, a0
    fmv.x.w a1, fa3
    li t6, 0x3f800000
    bne a1, t6, fail

    /* flw NaN-boxes (also a signaling NaN, untouched), fsw stores 32 bits */
    la s0, fdata
    addi s1, s0, 16
    li gp, 203
    flw fa3, 0(s0)
    fmv.x.d a1, fa3
    li t6, 0xffffffff7f800001
    bne a1, t6, fail
    li gp, 204
    li a0, 0xffffffffc0490fdb
    fmv.d.x fa3, a0
    li a0, -1
    sd a0, 8(s0)
    fsw fa3, 8(s0)
    ld a1, 8(s0)
    li t6, 0xffffffffc0490fdb
    bne a1, t6, fail
    li gp, 205
    flw fa4, -8(s1)             /* negative offset: s1 = fdata + 16 */
    fmv.x.d a1, fa4
    li t6, 0xffffffffc0490fdb
    bne a1, t6, fail

    /* NaN-boxing: an improperly boxed single reads as the canonical NaN */
    FP_IN 0x000000003f800000, 0xffffffff3f800000
    fadd.s fa3, fa0, fa1
    FP_CHECK 210, fa3, 0xffffffff7fc00000, 0
    FP_IN 0xfffffffe3f800000, 0xffffffff3f800000
    fmul.s fa3, fa1, fa0
    FP_CHECK 211, fa3, 0xffffffff7fc00000, 0
    FP_IN 0x3ff0000000000000
    fsgnj.s fa3, fa0, fa0
    FP_CHECK 212, fa3, 0xffffffff7fc00000, 0
    FP_IN 0xffffffff3f800000, 0x00000000bf800000
    fsgnjn.s fa3, fa0, fa1      /* sign source is +canonical NaN: result -1.0 */
    FP_CHECK 213, fa3, 0xffffffffbf800000, 0
    FP_IN 0xffffffff3f800000, 0x000000003f000000
    fmin.s fa3, fa0, fa1        /* the quiet canonical NaN is ignored */
    FP_CHECK 214, fa3, 0xffffffff3f800000, 0
    FP_IN 0x000000003f800000, 0x000000003f800000
    feq.s a0, fa0, fa1
    INT_CHECK 215, a0, 0, 0
    FP_IN 0x000000003f800000
    fclass.s a0, fa0
    INT_CHECK 216, a0, 0x200, 0
    FP_IN 0x000000007f800001    /* unboxed sNaN bits: still the quiet NaN */
    fcvt.d.s fa3, fa0
    FP_CHECK 217, fa3, 0x7ff8000000000000, 0
    FP_IN 0x000000003f800000
    fcvt.w.s a0, fa0, rtz
    INT_CHECK 218, a0, 0x7fffffff, NV
    FP_IN 0x3ff0000000000000, 0xffffffff3f800000, 0xffffffff3f800000
    fmadd.s fa3, fa1, fa2, fa0
    FP_CHECK 219, fa3, 0xffffffff7fc00000, 0
    /* ...but the transfer instructions move the raw low 32 bits */
    FP_IN 0x123456789abcdef0
    fmv.x.w a0, fa0
    INT_CHECK 220, a0, 0xffffffff9abcdef0, 0
    li gp, 221
    fsw fa0, 0(s0)
    lwu a1, 0(s0)
    li t6, 0x9abcdef0
    bne a1, t6, fail

    /* reserved rounding modes are illegal instructions, mtval = the bits */
    SET_MTVEC(mtrap_record)
    li gp, 230
1:  .insn r 0x53, 5, 0, fa3, fa0, fa1       /* fadd.s fa3, fa0, fa1 with rm = 5 */
    CHECK_TRAP(231, mtrap_info, CAUSE_ILLEGAL_INSTRUCTION)
    la a1, 1b
    lwu a1, 0(a1)
    CHECK_TI(232, mtrap_info, TI_TVAL, a1)
    li gp, 233
    .insn r 0x53, 6, 0x08, fa3, fa0, fa1    /* fmul.s with rm = 6 */
    CHECK_TRAP(234, mtrap_info, CAUSE_ILLEGAL_INSTRUCTION)
    FP_IN 0xffffffff3f800000, 0xffffffff40000000
    csrwi frm, 5
    li gp, 235
    fadd.s fa3, fa0, fa1        /* dynamic rm with frm = 5 */
    CHECK_TRAP(236, mtrap_info, CAUSE_ILLEGAL_INSTRUCTION)
    fadd.s fa3, fa0, fa1, rne   /* a static rm does not look at frm */
    FP_CHECK 237, fa3, 0xffffffff40400000, 0
    CHECK_NO_TRAP(238, mtrap_info)
    csrwi frm, 7
    li gp, 239
    fmadd.s fa3, fa0, fa1, fa1  /* frm = 7 is reserved too */
    CHECK_TRAP(240, mtrap_info, CAUSE_ILLEGAL_INSTRUCTION)
    csrwi frm, RM_RNE
    fadd.s fa3, fa0, fa1
    FP_CHECK 241, fa3, 0xffffffff40400000, 0

    j pass

    TRAP_RECORD_HANDLER mtrap_record, m, mtrap_info
TEST_END

    .data
    .align 4
fdata:
    .word 0x7f800001, 0
    .dword 0
    .word 0, 0
