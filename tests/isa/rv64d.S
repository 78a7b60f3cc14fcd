/*
 * rv64d.S - double-precision arithmetic of the D extension (unprivileged
 * spec ch. 12): fadd/fsub/fmul/fdiv/fsqrt, fmin/fmax, sign injection, the
 * four fused multiply-adds, fld/fsd and fmv.x.d/fmv.d.x.
 *
 * The same checks as rv64f.S at double precision: every rounding mode
 * (static and through frm), all five flags, canonical NaN results, fmin/fmax
 * on +-0 and NaNs, single rounding in the fused ops, reserved rounding modes
 * being illegal.  Conversions, compares and fclass are in rv64d_cvt.S.
 */
#include "common.h"
#include "fp.h"

TEST_START

    /* arithmetic, round to nearest even */
    FP_IN 0x3ff0000000000000, 0x4000000000000000
    fadd.d fa3, fa0, fa1, rne
    FP_CHECK 1, fa3, 0x4008000000000000, 0
    FP_IN 0x3fe8000000000000, 0xbfd0000000000000
    fadd.d fa3, fa0, fa1, rne
    FP_CHECK 2, fa3, 0x3fe0000000000000, 0
    FP_IN 0x4202a05f20000000, 0x3ff0000000000000
    fadd.d fa3, fa0, fa1, rne
    FP_CHECK 3, fa3, 0x4202a05f20080000, 0
    FP_IN 0x3ff0000000000000, 0xbff0000000000000
    fadd.d fa3, fa0, fa1, rne
    FP_CHECK 4, fa3, 0x0, 0
    FP_IN 0x4008000000000000, 0x4000000000000000
    fsub.d fa3, fa0, fa1, rne
    FP_CHECK 5, fa3, 0x3ff0000000000000, 0
    FP_IN 0x3ff0000000000000, 0x3ff0000000000000
    fsub.d fa3, fa0, fa1, rne
    FP_CHECK 6, fa3, 0x0, 0
    FP_IN 0x3fd0000000000000, 0x3fe8000000000000
    fsub.d fa3, fa0, fa1, rne
    FP_CHECK 7, fa3, 0xbfe0000000000000, 0
    FP_IN 0x4008000000000000, 0xc004000000000000
    fmul.d fa3, fa0, fa1, rne
    FP_CHECK 8, fa3, 0xc01e000000000000, 0
    FP_IN 0x3ff8000000000000, 0x3ff8000000000000
    fmul.d fa3, fa0, fa1, rne
    FP_CHECK 9, fa3, 0x4002000000000000, 0
    FP_IN 0x8000000000000000, 0x4008000000000000
    fmul.d fa3, fa0, fa1, rne
    FP_CHECK 10, fa3, 0x8000000000000000, 0
    FP_IN 0x4008000000000000, 0x4000000000000000
    fdiv.d fa3, fa0, fa1, rne
    FP_CHECK 11, fa3, 0x3ff8000000000000, 0
    FP_IN 0x3ff0000000000000, 0x4008000000000000
    fdiv.d fa3, fa0, fa1, rne
    FP_CHECK 12, fa3, 0x3fd5555555555555, NX
    FP_IN 0xc01c000000000000, 0x3fd0000000000000
    fdiv.d fa3, fa0, fa1, rne
    FP_CHECK 13, fa3, 0xc03c000000000000, 0
    FP_IN 0x4010000000000000
    fsqrt.d fa3, fa0, rne
    FP_CHECK 14, fa3, 0x4000000000000000, 0
    FP_IN 0x4000000000000000
    fsqrt.d fa3, fa0, rne
    FP_CHECK 15, fa3, 0x3ff6a09e667f3bcd, NX
    FP_IN 0x3fe2000000000000
    fsqrt.d fa3, fa0, rne
    FP_CHECK 16, fa3, 0x3fe8000000000000, 0
    FP_IN 0x8000000000000000
    fsqrt.d fa3, fa0, rne
    FP_CHECK 17, fa3, 0x8000000000000000, 0

    /* all five rounding modes, static rm */
    FP_IN 0x3ff0000000000000, 0x3ca0000000000000
    fadd.d fa3, fa0, fa1, rne
    FP_CHECK 18, fa3, 0x3ff0000000000000, NX
    FP_IN 0xbff0000000000000, 0x3ca0000000000000
    fsub.d fa3, fa0, fa1, rne
    FP_CHECK 19, fa3, 0xbff0000000000000, NX
    FP_IN 0x3ff0000000000000, 0x4008000000000000
    fdiv.d fa3, fa0, fa1, rne
    FP_CHECK 20, fa3, 0x3fd5555555555555, NX
    FP_IN 0xbff0000000000000, 0x4008000000000000
    fdiv.d fa3, fa0, fa1, rne
    FP_CHECK 21, fa3, 0xbfd5555555555555, NX
    FP_IN 0x4000000000000000
    fsqrt.d fa3, fa0, rne
    FP_CHECK 22, fa3, 0x3ff6a09e667f3bcd, NX
    FP_IN 0x3ff0000000000000, 0x3ca0000000000000
    fadd.d fa3, fa0, fa1, rtz
    FP_CHECK 23, fa3, 0x3ff0000000000000, NX
    FP_IN 0xbff0000000000000, 0x3ca0000000000000
    fsub.d fa3, fa0, fa1, rtz
    FP_CHECK 24, fa3, 0xbff0000000000000, NX
    FP_IN 0x3ff0000000000000, 0x4008000000000000
    fdiv.d fa3, fa0, fa1, rtz
    FP_CHECK 25, fa3, 0x3fd5555555555555, NX
    FP_IN 0xbff0000000000000, 0x4008000000000000
    fdiv.d fa3, fa0, fa1, rtz
    FP_CHECK 26, fa3, 0xbfd5555555555555, NX
    FP_IN 0x4000000000000000
    fsqrt.d fa3, fa0, rtz
    FP_CHECK 27, fa3, 0x3ff6a09e667f3bcc, NX
    FP_IN 0x3ff0000000000000, 0x3ca0000000000000
    fadd.d fa3, fa0, fa1, rdn
    FP_CHECK 28, fa3, 0x3ff0000000000000, NX
    FP_IN 0xbff0000000000000, 0x3ca0000000000000
    fsub.d fa3, fa0, fa1, rdn
    FP_CHECK 29, fa3, 0xbff0000000000001, NX
    FP_IN 0x3ff0000000000000, 0x4008000000000000
    fdiv.d fa3, fa0, fa1, rdn
    FP_CHECK 30, fa3, 0x3fd5555555555555, NX
    FP_IN 0xbff0000000000000, 0x4008000000000000
    fdiv.d fa3, fa0, fa1, rdn
    FP_CHECK 31, fa3, 0xbfd5555555555556, NX
    FP_IN 0x4000000000000000
    fsqrt.d fa3, fa0, rdn
    FP_CHECK 32, fa3, 0x3ff6a09e667f3bcc, NX
    FP_IN 0x3ff0000000000000, 0x3ca0000000000000
    fadd.d fa3, fa0, fa1, rup
    FP_CHECK 33, fa3, 0x3ff0000000000001, NX
    FP_IN 0xbff0000000000000, 0x3ca0000000000000
    fsub.d fa3, fa0, fa1, rup
    FP_CHECK 34, fa3, 0xbff0000000000000, NX
    FP_IN 0x3ff0000000000000, 0x4008000000000000
    fdiv.d fa3, fa0, fa1, rup
    FP_CHECK 35, fa3, 0x3fd5555555555556, NX
    FP_IN 0xbff0000000000000, 0x4008000000000000
    fdiv.d fa3, fa0, fa1, rup
    FP_CHECK 36, fa3, 0xbfd5555555555555, NX
    FP_IN 0x4000000000000000
    fsqrt.d fa3, fa0, rup
    FP_CHECK 37, fa3, 0x3ff6a09e667f3bcd, NX
    FP_IN 0x3ff0000000000000, 0x3ca0000000000000
    fadd.d fa3, fa0, fa1, rmm
    FP_CHECK 38, fa3, 0x3ff0000000000001, NX
    FP_IN 0xbff0000000000000, 0x3ca0000000000000
    fsub.d fa3, fa0, fa1, rmm
    FP_CHECK 39, fa3, 0xbff0000000000001, NX
    FP_IN 0x3ff0000000000000, 0x4008000000000000
    fdiv.d fa3, fa0, fa1, rmm
    FP_CHECK 40, fa3, 0x3fd5555555555555, NX
    FP_IN 0xbff0000000000000, 0x4008000000000000
    fdiv.d fa3, fa0, fa1, rmm
    FP_CHECK 41, fa3, 0xbfd5555555555555, NX
    FP_IN 0x4000000000000000
    fsqrt.d fa3, fa0, rmm
    FP_CHECK 42, fa3, 0x3ff6a09e667f3bcd, NX

    /* the same through frm (dynamic rm) */
    csrwi frm, RM_RNE
    FP_IN 0x3ff0000000000000, 0x3ca0000000000000
    fadd.d fa3, fa0, fa1
    FP_CHECK 43, fa3, 0x3ff0000000000000, NX
    FP_IN 0xbff0000000000000, 0x3ca0000000000000
    fsub.d fa3, fa0, fa1
    FP_CHECK 44, fa3, 0xbff0000000000000, NX
    FP_IN 0x3ff0000000000000, 0x4008000000000000
    fdiv.d fa3, fa0, fa1
    FP_CHECK 45, fa3, 0x3fd5555555555555, NX
    csrwi frm, RM_RTZ
    FP_IN 0x3ff0000000000000, 0x3ca0000000000000
    fadd.d fa3, fa0, fa1
    FP_CHECK 46, fa3, 0x3ff0000000000000, NX
    FP_IN 0xbff0000000000000, 0x3ca0000000000000
    fsub.d fa3, fa0, fa1
    FP_CHECK 47, fa3, 0xbff0000000000000, NX
    FP_IN 0x3ff0000000000000, 0x4008000000000000
    fdiv.d fa3, fa0, fa1
    FP_CHECK 48, fa3, 0x3fd5555555555555, NX
    csrwi frm, RM_RDN
    FP_IN 0x3ff0000000000000, 0x3ca0000000000000
    fadd.d fa3, fa0, fa1
    FP_CHECK 49, fa3, 0x3ff0000000000000, NX
    FP_IN 0xbff0000000000000, 0x3ca0000000000000
    fsub.d fa3, fa0, fa1
    FP_CHECK 50, fa3, 0xbff0000000000001, NX
    FP_IN 0x3ff0000000000000, 0x4008000000000000
    fdiv.d fa3, fa0, fa1
    FP_CHECK 51, fa3, 0x3fd5555555555555, NX
    csrwi frm, RM_RUP
    FP_IN 0x3ff0000000000000, 0x3ca0000000000000
    fadd.d fa3, fa0, fa1
    FP_CHECK 52, fa3, 0x3ff0000000000001, NX
    FP_IN 0xbff0000000000000, 0x3ca0000000000000
    fsub.d fa3, fa0, fa1
    FP_CHECK 53, fa3, 0xbff0000000000000, NX
    FP_IN 0x3ff0000000000000, 0x4008000000000000
    fdiv.d fa3, fa0, fa1
    FP_CHECK 54, fa3, 0x3fd5555555555556, NX
    csrwi frm, RM_RMM
    FP_IN 0x3ff0000000000000, 0x3ca0000000000000
    fadd.d fa3, fa0, fa1
    FP_CHECK 55, fa3, 0x3ff0000000000001, NX
    FP_IN 0xbff0000000000000, 0x3ca0000000000000
    fsub.d fa3, fa0, fa1
    FP_CHECK 56, fa3, 0xbff0000000000001, NX
    FP_IN 0x3ff0000000000000, 0x4008000000000000
    fdiv.d fa3, fa0, fa1
    FP_CHECK 57, fa3, 0x3fd5555555555555, NX
    csrwi frm, RM_RNE

    /* exception flags: NX, OF, UF, NV, DZ, and results at the limits */
    FP_IN 0x7fefffffffffffff, 0x4000000000000000
    fmul.d fa3, fa0, fa1, rne
    FP_CHECK 58, fa3, 0x7ff0000000000000, OF|NX
    FP_IN 0x7fefffffffffffff, 0x4000000000000000
    fmul.d fa3, fa0, fa1, rtz
    FP_CHECK 59, fa3, 0x7fefffffffffffff, OF|NX
    FP_IN 0xffefffffffffffff, 0x4000000000000000
    fmul.d fa3, fa0, fa1, rup
    FP_CHECK 60, fa3, 0xffefffffffffffff, OF|NX
    FP_IN 0xffefffffffffffff, 0x4000000000000000
    fmul.d fa3, fa0, fa1, rdn
    FP_CHECK 61, fa3, 0xfff0000000000000, OF|NX
    FP_IN 0x1, 0x3fe0000000000000
    fmul.d fa3, fa0, fa1, rne
    FP_CHECK 62, fa3, 0x0, UF|NX
    FP_IN 0x1, 0x3fe0000000000000
    fmul.d fa3, fa0, fa1, rup
    FP_CHECK 63, fa3, 0x1, UF|NX
    FP_IN 0x10000000000000, 0x3fe0000000000000
    fmul.d fa3, fa0, fa1, rne
    FP_CHECK 64, fa3, 0x8000000000000, 0
    FP_IN 0x10000000000000, 0x3fe8000000000000
    fmul.d fa3, fa0, fa1, rne
    FP_CHECK 65, fa3, 0xc000000000000, 0
    FP_IN 0x10000000000000, 0x4008000000000000
    fdiv.d fa3, fa0, fa1, rne
    FP_CHECK 66, fa3, 0x5555555555555, UF|NX
    FP_IN 0x1, 0x1
    fadd.d fa3, fa0, fa1, rne
    FP_CHECK 67, fa3, 0x2, 0
    FP_IN 0x3ff0000000000000, 0x0
    fdiv.d fa3, fa0, fa1, rne
    FP_CHECK 68, fa3, 0x7ff0000000000000, DZ
    FP_IN 0xbff0000000000000, 0x0
    fdiv.d fa3, fa0, fa1, rne
    FP_CHECK 69, fa3, 0xfff0000000000000, DZ
    FP_IN 0x0, 0x0
    fdiv.d fa3, fa0, fa1, rne
    FP_CHECK 70, fa3, 0x7ff8000000000000, NV
    FP_IN 0x7ff0000000000000, 0x7ff0000000000000
    fsub.d fa3, fa0, fa1, rne
    FP_CHECK 71, fa3, 0x7ff8000000000000, NV
    FP_IN 0x0, 0x7ff0000000000000
    fmul.d fa3, fa0, fa1, rne
    FP_CHECK 72, fa3, 0x7ff8000000000000, NV
    FP_IN 0x7ff0000000000000, 0x7ff0000000000000
    fdiv.d fa3, fa0, fa1, rne
    FP_CHECK 73, fa3, 0x7ff8000000000000, NV
    FP_IN 0xbff0000000000000
    fsqrt.d fa3, fa0, rne
    FP_CHECK 74, fa3, 0x7ff8000000000000, NV
    FP_IN 0xfff0000000000000
    fsqrt.d fa3, fa0, rne
    FP_CHECK 75, fa3, 0x7ff8000000000000, NV
    FP_IN 0x3ff0000000000000, 0x7ff0000000000000
    fdiv.d fa3, fa0, fa1, rne
    FP_CHECK 76, fa3, 0x0, 0
    FP_IN 0x3ff0000000000000, 0xbff0000000000000
    fadd.d fa3, fa0, fa1, rne
    FP_CHECK 77, fa3, 0x0, 0
    FP_IN 0x3ff0000000000000, 0xbff0000000000000
    fadd.d fa3, fa0, fa1, rdn
    FP_CHECK 78, fa3, 0x8000000000000000, 0
    FP_IN 0x8000000000000000, 0x8000000000000000
    fadd.d fa3, fa0, fa1, rne
    FP_CHECK 79, fa3, 0x8000000000000000, 0
    FP_IN 0x8000000000000000, 0x0
    fadd.d fa3, fa0, fa1, rne
    FP_CHECK 80, fa3, 0x0, 0

    /* NaN inputs give the canonical NaN; a signaling NaN raises NV */
    FP_IN 0x7ff8000000001234, 0x3ff0000000000000
    fadd.d fa3, fa0, fa1, rne
    FP_CHECK 81, fa3, 0x7ff8000000000000, 0
    FP_IN 0x3ff0000000000000, 0xfff8000000001234
    fmul.d fa3, fa0, fa1, rne
    FP_CHECK 82, fa3, 0x7ff8000000000000, 0
    FP_IN 0x7ff0000000000001, 0x3ff0000000000000
    fadd.d fa3, fa0, fa1, rne
    FP_CHECK 83, fa3, 0x7ff8000000000000, NV
    FP_IN 0xfff0000000000005, 0x7ff8000000000000
    fdiv.d fa3, fa0, fa1, rne
    FP_CHECK 84, fa3, 0x7ff8000000000000, NV
    FP_IN 0x7ff8000000001234
    fsqrt.d fa3, fa0, rne
    FP_CHECK 85, fa3, 0x7ff8000000000000, 0
    FP_IN 0x7ff0000000000001
    fsqrt.d fa3, fa0, rne
    FP_CHECK 86, fa3, 0x7ff8000000000000, NV

    /* fmin/fmax: -0 < +0, a single NaN is ignored, two NaNs give the canonical NaN */
    FP_IN 0x3ff0000000000000, 0x4000000000000000
    fmin.d fa3, fa0, fa1
    FP_CHECK 87, fa3, 0x3ff0000000000000, 0
    FP_IN 0xbff0000000000000, 0x3ff0000000000000
    fmin.d fa3, fa0, fa1
    FP_CHECK 88, fa3, 0xbff0000000000000, 0
    FP_IN 0x0, 0x8000000000000000
    fmin.d fa3, fa0, fa1
    FP_CHECK 89, fa3, 0x8000000000000000, 0
    FP_IN 0x8000000000000000, 0x0
    fmin.d fa3, fa0, fa1
    FP_CHECK 90, fa3, 0x8000000000000000, 0
    FP_IN 0x7ff8000000001234, 0x3ff0000000000000
    fmin.d fa3, fa0, fa1
    FP_CHECK 91, fa3, 0x3ff0000000000000, 0
    FP_IN 0x3ff0000000000000, 0x7ff8000000001234
    fmin.d fa3, fa0, fa1
    FP_CHECK 92, fa3, 0x3ff0000000000000, 0
    FP_IN 0x7ff8000000001234, 0xfff8000000000000
    fmin.d fa3, fa0, fa1
    FP_CHECK 93, fa3, 0x7ff8000000000000, 0
    FP_IN 0x7ff0000000000001, 0x3ff0000000000000
    fmin.d fa3, fa0, fa1
    FP_CHECK 94, fa3, 0x3ff0000000000000, NV
    FP_IN 0x3ff0000000000000, 0xfff0000000000005
    fmin.d fa3, fa0, fa1
    FP_CHECK 95, fa3, 0x3ff0000000000000, NV
    FP_IN 0x7ff0000000000001, 0x7ff0000000000001
    fmin.d fa3, fa0, fa1
    FP_CHECK 96, fa3, 0x7ff8000000000000, NV
    FP_IN 0xfff0000000000000, 0x7fefffffffffffff
    fmin.d fa3, fa0, fa1
    FP_CHECK 97, fa3, 0xfff0000000000000, 0
    FP_IN 0x7ff0000000000000, 0x7fefffffffffffff
    fmin.d fa3, fa0, fa1
    FP_CHECK 98, fa3, 0x7fefffffffffffff, 0
    FP_IN 0x3ff0000000000000, 0x4000000000000000
    fmax.d fa3, fa0, fa1
    FP_CHECK 99, fa3, 0x4000000000000000, 0
    FP_IN 0xbff0000000000000, 0x3ff0000000000000
    fmax.d fa3, fa0, fa1
    FP_CHECK 100, fa3, 0x3ff0000000000000, 0
    FP_IN 0x0, 0x8000000000000000
    fmax.d fa3, fa0, fa1
    FP_CHECK 101, fa3, 0x0, 0
    FP_IN 0x8000000000000000, 0x0
    fmax.d fa3, fa0, fa1
    FP_CHECK 102, fa3, 0x0, 0
    FP_IN 0x7ff8000000001234, 0x3ff0000000000000
    fmax.d fa3, fa0, fa1
    FP_CHECK 103, fa3, 0x3ff0000000000000, 0
    FP_IN 0x3ff0000000000000, 0x7ff8000000001234
    fmax.d fa3, fa0, fa1
    FP_CHECK 104, fa3, 0x3ff0000000000000, 0
    FP_IN 0x7ff8000000001234, 0xfff8000000000000
    fmax.d fa3, fa0, fa1
    FP_CHECK 105, fa3, 0x7ff8000000000000, 0
    FP_IN 0x7ff0000000000001, 0x3ff0000000000000
    fmax.d fa3, fa0, fa1
    FP_CHECK 106, fa3, 0x3ff0000000000000, NV
    FP_IN 0x3ff0000000000000, 0xfff0000000000005
    fmax.d fa3, fa0, fa1
    FP_CHECK 107, fa3, 0x3ff0000000000000, NV
    FP_IN 0x7ff0000000000001, 0x7ff0000000000001
    fmax.d fa3, fa0, fa1
    FP_CHECK 108, fa3, 0x7ff8000000000000, NV
    FP_IN 0xfff0000000000000, 0x7fefffffffffffff
    fmax.d fa3, fa0, fa1
    FP_CHECK 109, fa3, 0x7fefffffffffffff, 0
    FP_IN 0x7ff0000000000000, 0x7fefffffffffffff
    fmax.d fa3, fa0, fa1
    FP_CHECK 110, fa3, 0x7ff0000000000000, 0

    /* sign injection works on the raw bits, NaNs included */
    FP_IN 0x3ff0000000000000, 0xbff0000000000000
    fsgnj.d fa3, fa0, fa1
    FP_CHECK 111, fa3, 0xbff0000000000000, 0
    FP_IN 0xbff0000000000000, 0x3ff0000000000000
    fsgnj.d fa3, fa0, fa1
    FP_CHECK 112, fa3, 0x3ff0000000000000, 0
    FP_IN 0xbff0000000000000, 0xbff0000000000000
    fsgnj.d fa3, fa0, fa1
    FP_CHECK 113, fa3, 0xbff0000000000000, 0
    FP_IN 0x7ff8000000001234, 0x8000000000000000
    fsgnj.d fa3, fa0, fa1
    FP_CHECK 114, fa3, 0xfff8000000001234, 0
    FP_IN 0x7ff0000000000001, 0x3ff0000000000000
    fsgnj.d fa3, fa0, fa1
    FP_CHECK 115, fa3, 0x7ff0000000000001, 0
    FP_IN 0x3ff0000000000000, 0xbff0000000000000
    fsgnjn.d fa3, fa0, fa1
    FP_CHECK 116, fa3, 0x3ff0000000000000, 0
    FP_IN 0xbff0000000000000, 0x3ff0000000000000
    fsgnjn.d fa3, fa0, fa1
    FP_CHECK 117, fa3, 0xbff0000000000000, 0
    FP_IN 0xbff0000000000000, 0xbff0000000000000
    fsgnjn.d fa3, fa0, fa1
    FP_CHECK 118, fa3, 0x3ff0000000000000, 0
    FP_IN 0x7ff8000000001234, 0x8000000000000000
    fsgnjn.d fa3, fa0, fa1
    FP_CHECK 119, fa3, 0x7ff8000000001234, 0
    FP_IN 0x7ff0000000000001, 0x3ff0000000000000
    fsgnjn.d fa3, fa0, fa1
    FP_CHECK 120, fa3, 0xfff0000000000001, 0
    FP_IN 0x3ff0000000000000, 0xbff0000000000000
    fsgnjx.d fa3, fa0, fa1
    FP_CHECK 121, fa3, 0xbff0000000000000, 0
    FP_IN 0xbff0000000000000, 0x3ff0000000000000
    fsgnjx.d fa3, fa0, fa1
    FP_CHECK 122, fa3, 0xbff0000000000000, 0
    FP_IN 0xbff0000000000000, 0xbff0000000000000
    fsgnjx.d fa3, fa0, fa1
    FP_CHECK 123, fa3, 0x3ff0000000000000, 0
    FP_IN 0x7ff8000000001234, 0x8000000000000000
    fsgnjx.d fa3, fa0, fa1
    FP_CHECK 124, fa3, 0xfff8000000001234, 0
    FP_IN 0x7ff0000000000001, 0x3ff0000000000000
    fsgnjx.d fa3, fa0, fa1
    FP_CHECK 125, fa3, 0x7ff0000000000001, 0

    /* fused multiply-add: one rounding, all four sign variants */
    FP_IN 0x4000000000000000, 0x4008000000000000, 0x3ff0000000000000
    fmadd.d fa3, fa0, fa1, fa2, rne
    FP_CHECK 126, fa3, 0x401c000000000000, 0
    FP_IN 0x3ff8000000000000, 0xbff0000000000000, 0x3fd0000000000000
    fmadd.d fa3, fa0, fa1, fa2, rne
    FP_CHECK 127, fa3, 0xbff4000000000000, 0
    FP_IN 0x4000000000000000, 0x4008000000000000, 0x3ff0000000000000
    fmsub.d fa3, fa0, fa1, fa2, rne
    FP_CHECK 128, fa3, 0x4014000000000000, 0
    FP_IN 0x3ff8000000000000, 0xbff0000000000000, 0x3fd0000000000000
    fmsub.d fa3, fa0, fa1, fa2, rne
    FP_CHECK 129, fa3, 0xbffc000000000000, 0
    FP_IN 0x4000000000000000, 0x4008000000000000, 0x3ff0000000000000
    fnmsub.d fa3, fa0, fa1, fa2, rne
    FP_CHECK 130, fa3, 0xc014000000000000, 0
    FP_IN 0x3ff8000000000000, 0xbff0000000000000, 0x3fd0000000000000
    fnmsub.d fa3, fa0, fa1, fa2, rne
    FP_CHECK 131, fa3, 0x3ffc000000000000, 0
    FP_IN 0x4000000000000000, 0x4008000000000000, 0x3ff0000000000000
    fnmadd.d fa3, fa0, fa1, fa2, rne
    FP_CHECK 132, fa3, 0xc01c000000000000, 0
    FP_IN 0x3ff8000000000000, 0xbff0000000000000, 0x3fd0000000000000
    fnmadd.d fa3, fa0, fa1, fa2, rne
    FP_CHECK 133, fa3, 0x3ff4000000000000, 0
    FP_IN 0x3ff0000004000000, 0x3ff0000004000000, 0xbff0000008000000
    fmadd.d fa3, fa0, fa1, fa2, rne
    FP_CHECK 134, fa3, 0x3cb0000000000000, 0
    FP_IN 0x3ff0000004000000, 0x3ff0000004000000, 0x3ff0000008000000
    fmsub.d fa3, fa0, fa1, fa2, rne
    FP_CHECK 135, fa3, 0x3cb0000000000000, 0
    FP_IN 0x7ff0000000000000, 0x0, 0x7ff8000000000000
    fmadd.d fa3, fa0, fa1, fa2, rne
    FP_CHECK 136, fa3, 0x7ff8000000000000, NV
    FP_IN 0x7ff0000000000000, 0x3ff0000000000000, 0xfff0000000000000
    fmadd.d fa3, fa0, fa1, fa2, rne
    FP_CHECK 137, fa3, 0x7ff8000000000000, NV
    FP_IN 0x3ff0000000000000, 0x3ff0000000000000, 0x7ff0000000000001
    fmadd.d fa3, fa0, fa1, fa2, rne
    FP_CHECK 138, fa3, 0x7ff8000000000000, NV
    FP_IN 0x7ff8000000000000, 0x3ff0000000000000, 0x3ff0000000000000
    fmadd.d fa3, fa0, fa1, fa2, rne
    FP_CHECK 139, fa3, 0x7ff8000000000000, 0
    FP_IN 0x3ff0000000000000, 0xbff0000000000000, 0x3ff0000000000000
    fmadd.d fa3, fa0, fa1, fa2, rne
    FP_CHECK 140, fa3, 0x0, 0
    FP_IN 0x3ff0000000000000, 0xbff0000000000000, 0x3ff0000000000000
    fmadd.d fa3, fa0, fa1, fa2, rdn
    FP_CHECK 141, fa3, 0x8000000000000000, 0
    FP_IN 0x3ff0000000000000, 0x0, 0x0
    fnmadd.d fa3, fa0, fa1, fa2, rne
    FP_CHECK 142, fa3, 0x8000000000000000, 0
    FP_IN 0x3ff0000000000000, 0x3ff0000000000000, 0x3ca0000000000000
    fmadd.d fa3, fa0, fa1, fa2, rne
    FP_CHECK 143, fa3, 0x3ff0000000000000, NX
    FP_IN 0x3ff0000000000000, 0x3ff0000000000000, 0x3ca0000000000000
    fnmsub.d fa3, fa0, fa1, fa2, rne
    FP_CHECK 144, fa3, 0xbfefffffffffffff, 0
    FP_IN 0x3ff0000000000000, 0x3ff0000000000000, 0x3ca0000000000000
    fmadd.d fa3, fa0, fa1, fa2, rtz
    FP_CHECK 145, fa3, 0x3ff0000000000000, NX
    FP_IN 0x3ff0000000000000, 0x3ff0000000000000, 0x3ca0000000000000
    fnmsub.d fa3, fa0, fa1, fa2, rtz
    FP_CHECK 146, fa3, 0xbfefffffffffffff, 0
    FP_IN 0x3ff0000000000000, 0x3ff0000000000000, 0x3ca0000000000000
    fmadd.d fa3, fa0, fa1, fa2, rdn
    FP_CHECK 147, fa3, 0x3ff0000000000000, NX
    FP_IN 0x3ff0000000000000, 0x3ff0000000000000, 0x3ca0000000000000
    fnmsub.d fa3, fa0, fa1, fa2, rdn
    FP_CHECK 148, fa3, 0xbfefffffffffffff, 0
    FP_IN 0x3ff0000000000000, 0x3ff0000000000000, 0x3ca0000000000000
    fmadd.d fa3, fa0, fa1, fa2, rup
    FP_CHECK 149, fa3, 0x3ff0000000000001, NX
    FP_IN 0x3ff0000000000000, 0x3ff0000000000000, 0x3ca0000000000000
    fnmsub.d fa3, fa0, fa1, fa2, rup
    FP_CHECK 150, fa3, 0xbfefffffffffffff, 0
    FP_IN 0x3ff0000000000000, 0x3ff0000000000000, 0x3ca0000000000000
    fmadd.d fa3, fa0, fa1, fa2, rmm
    FP_CHECK 151, fa3, 0x3ff0000000000001, NX
    FP_IN 0x3ff0000000000000, 0x3ff0000000000000, 0x3ca0000000000000
    fnmsub.d fa3, fa0, fa1, fa2, rmm
    FP_CHECK 152, fa3, 0xbfefffffffffffff, 0

    /* fmv.d.x / fmv.x.d move all 64 bits, signaling NaNs included */
    li gp, 200
    li a0, 0x7ff0000000000001
    fmv.d.x fa3, a0
    fmv.x.d a1, fa3
    bne a1, a0, fail

    /* fld/fsd, positive and negative offsets */
    la s0, ddata
    addi s1, s0, 16
    li gp, 201
    fld fa3, 0(s0)
    fmv.x.d a1, fa3
    li t6, 0x400921fb54442d18
    bne a1, t6, fail
    li gp, 202
    fsd fa3, -8(s1)
    ld a1, 8(s0)
    li t6, 0x400921fb54442d18
    bne a1, t6, fail
    li gp, 203
    li a0, 0xfff0000000000001
    fmv.d.x fa4, a0
    fsd fa4, 8(s1)
    fld fa5, 8(s1)
    fmv.x.d a1, fa5
    bne a1, a0, fail

    /* reserved rounding modes are illegal instructions */
    SET_MTVEC(mtrap_record)
    li gp, 210
1:  .insn r 0x53, 5, 0x01, fa3, fa0, fa1    /* fadd.d fa3, fa0, fa1 with rm = 5 */
    CHECK_TRAP(211, mtrap_info, CAUSE_ILLEGAL_INSTRUCTION)
    la a1, 1b
    lwu a1, 0(a1)
    CHECK_TI(212, mtrap_info, TI_TVAL, a1)
    csrwi frm, 6
    li gp, 213
    fsqrt.d fa3, fa0
    CHECK_TRAP(214, mtrap_info, CAUSE_ILLEGAL_INSTRUCTION)
    csrwi frm, RM_RNE

    j pass

    TRAP_RECORD_HANDLER mtrap_record, m, mtrap_info
TEST_END

    .data
    .align 4
ddata:
    .dword 0x400921fb54442d18, 0, 0, 0
