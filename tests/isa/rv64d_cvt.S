/*
 * rv64d_cvt.S - double-precision compares, fclass and conversions of the D
 * extension (unprivileged spec 12.5-12.7), the same checks as rv64f_cvt.S,
 * plus fcvt.s.d (rounding, overflow, underflow, NaNs, NaN-boxed result) and
 * fcvt.d.s (exact; NaNs become the canonical double NaN).
 */
#include "common.h"
#include "fp.h"

TEST_START

    /* compares: NaN is unordered; feq raises NV only for sNaN, flt/fle for any NaN */
    FP_IN 0x3ff0000000000000, 0x3ff0000000000000
    feq.d a0, fa0, fa1
    INT_CHECK 1, a0, 0x1, 0
    FP_IN 0x3ff0000000000000, 0x4000000000000000
    feq.d a0, fa0, fa1
    INT_CHECK 2, a0, 0x0, 0
    FP_IN 0x4000000000000000, 0x3ff0000000000000
    feq.d a0, fa0, fa1
    INT_CHECK 3, a0, 0x0, 0
    FP_IN 0x0, 0x8000000000000000
    feq.d a0, fa0, fa1
    INT_CHECK 4, a0, 0x1, 0
    FP_IN 0xfff0000000000000, 0x7ff0000000000000
    feq.d a0, fa0, fa1
    INT_CHECK 5, a0, 0x0, 0
    FP_IN 0x7ff8000000000000, 0x3ff0000000000000
    feq.d a0, fa0, fa1
    INT_CHECK 6, a0, 0x0, 0
    FP_IN 0x3ff0000000000000, 0x7ff0000000000001
    feq.d a0, fa0, fa1
    INT_CHECK 7, a0, 0x0, NV
    FP_IN 0x7ff8000000000000, 0x7ff8000000000000
    feq.d a0, fa0, fa1
    INT_CHECK 8, a0, 0x0, 0
    FP_IN 0x3ff0000000000000, 0x3ff0000000000000
    flt.d a0, fa0, fa1
    INT_CHECK 9, a0, 0x0, 0
    FP_IN 0x3ff0000000000000, 0x4000000000000000
    flt.d a0, fa0, fa1
    INT_CHECK 10, a0, 0x1, 0
    FP_IN 0x4000000000000000, 0x3ff0000000000000
    flt.d a0, fa0, fa1
    INT_CHECK 11, a0, 0x0, 0
    FP_IN 0x0, 0x8000000000000000
    flt.d a0, fa0, fa1
    INT_CHECK 12, a0, 0x0, 0
    FP_IN 0xfff0000000000000, 0x7ff0000000000000
    flt.d a0, fa0, fa1
    INT_CHECK 13, a0, 0x1, 0
    FP_IN 0x7ff8000000000000, 0x3ff0000000000000
    flt.d a0, fa0, fa1
    INT_CHECK 14, a0, 0x0, NV
    FP_IN 0x3ff0000000000000, 0x7ff0000000000001
    flt.d a0, fa0, fa1
    INT_CHECK 15, a0, 0x0, NV
    FP_IN 0x7ff8000000000000, 0x7ff8000000000000
    flt.d a0, fa0, fa1
    INT_CHECK 16, a0, 0x0, NV
    FP_IN 0x3ff0000000000000, 0x3ff0000000000000
    fle.d a0, fa0, fa1
    INT_CHECK 17, a0, 0x1, 0
    FP_IN 0x3ff0000000000000, 0x4000000000000000
    fle.d a0, fa0, fa1
    INT_CHECK 18, a0, 0x1, 0
    FP_IN 0x4000000000000000, 0x3ff0000000000000
    fle.d a0, fa0, fa1
    INT_CHECK 19, a0, 0x0, 0
    FP_IN 0x0, 0x8000000000000000
    fle.d a0, fa0, fa1
    INT_CHECK 20, a0, 0x1, 0
    FP_IN 0xfff0000000000000, 0x7ff0000000000000
    fle.d a0, fa0, fa1
    INT_CHECK 21, a0, 0x1, 0
    FP_IN 0x7ff8000000000000, 0x3ff0000000000000
    fle.d a0, fa0, fa1
    INT_CHECK 22, a0, 0x0, NV
    FP_IN 0x3ff0000000000000, 0x7ff0000000000001
    fle.d a0, fa0, fa1
    INT_CHECK 23, a0, 0x0, NV
    FP_IN 0x7ff8000000000000, 0x7ff8000000000000
    fle.d a0, fa0, fa1
    INT_CHECK 24, a0, 0x0, NV

    /* fclass: one bit per class */
    FP_IN 0xfff0000000000000
    fclass.d a0, fa0
    INT_CHECK 25, a0, 0x1, 0
    FP_IN 0xbff0000000000000
    fclass.d a0, fa0
    INT_CHECK 26, a0, 0x2, 0
    FP_IN 0x8000000000000001
    fclass.d a0, fa0
    INT_CHECK 27, a0, 0x4, 0
    FP_IN 0x8000000000000000
    fclass.d a0, fa0
    INT_CHECK 28, a0, 0x8, 0
    FP_IN 0x0
    fclass.d a0, fa0
    INT_CHECK 29, a0, 0x10, 0
    FP_IN 0x1
    fclass.d a0, fa0
    INT_CHECK 30, a0, 0x20, 0
    FP_IN 0x3ff0000000000000
    fclass.d a0, fa0
    INT_CHECK 31, a0, 0x40, 0
    FP_IN 0x7ff0000000000000
    fclass.d a0, fa0
    INT_CHECK 32, a0, 0x80, 0
    FP_IN 0x7ff0000000000001
    fclass.d a0, fa0
    INT_CHECK 33, a0, 0x100, 0
    FP_IN 0x7ff8000000000000
    fclass.d a0, fa0
    INT_CHECK 34, a0, 0x200, 0
    FP_IN 0x7ff8000000001234
    fclass.d a0, fa0
    INT_CHECK 35, a0, 0x200, 0
    FP_IN 0x10000000000000
    fclass.d a0, fa0
    INT_CHECK 36, a0, 0x40, 0
    FP_IN 0xffefffffffffffff
    fclass.d a0, fa0
    INT_CHECK 37, a0, 0x2, 0

    /* conversion to integer: rounding modes, saturation, NV/NX */
    FP_IN 0x4004000000000000
    fcvt.w.d a0, fa0, rne
    INT_CHECK 38, a0, 0x2, NX
    FP_IN 0xc004000000000000
    fcvt.w.d a0, fa0, rne
    INT_CHECK 39, a0, 0xfffffffffffffffe, NX
    FP_IN 0x4004000000000000
    fcvt.w.d a0, fa0, rtz
    INT_CHECK 40, a0, 0x2, NX
    FP_IN 0xc004000000000000
    fcvt.w.d a0, fa0, rtz
    INT_CHECK 41, a0, 0xfffffffffffffffe, NX
    FP_IN 0x4004000000000000
    fcvt.w.d a0, fa0, rdn
    INT_CHECK 42, a0, 0x2, NX
    FP_IN 0xc004000000000000
    fcvt.w.d a0, fa0, rdn
    INT_CHECK 43, a0, 0xfffffffffffffffd, NX
    FP_IN 0x4004000000000000
    fcvt.w.d a0, fa0, rup
    INT_CHECK 44, a0, 0x3, NX
    FP_IN 0xc004000000000000
    fcvt.w.d a0, fa0, rup
    INT_CHECK 45, a0, 0xfffffffffffffffe, NX
    FP_IN 0x4004000000000000
    fcvt.w.d a0, fa0, rmm
    INT_CHECK 46, a0, 0x3, NX
    FP_IN 0xc004000000000000
    fcvt.w.d a0, fa0, rmm
    INT_CHECK 47, a0, 0xfffffffffffffffd, NX
    FP_IN 0xc00c000000000000
    fcvt.l.d a0, fa0, rne
    INT_CHECK 48, a0, 0xfffffffffffffffc, NX
    FP_IN 0x7ff8000000000000
    fcvt.w.d a0, fa0, rtz
    INT_CHECK 49, a0, 0x7fffffff, NV
    FP_IN 0x7ff0000000000000
    fcvt.w.d a0, fa0, rtz
    INT_CHECK 50, a0, 0x7fffffff, NV
    FP_IN 0xfff0000000000000
    fcvt.w.d a0, fa0, rtz
    INT_CHECK 51, a0, 0xffffffff80000000, NV
    FP_IN 0x4200000000000000
    fcvt.w.d a0, fa0, rtz
    INT_CHECK 52, a0, 0x7fffffff, NV
    FP_IN 0xc200000000000000
    fcvt.w.d a0, fa0, rtz
    INT_CHECK 53, a0, 0xffffffff80000000, NV
    FP_IN 0x4400000000000000
    fcvt.w.d a0, fa0, rtz
    INT_CHECK 54, a0, 0x7fffffff, NV
    FP_IN 0xbff0000000000000
    fcvt.w.d a0, fa0, rtz
    INT_CHECK 55, a0, 0xffffffffffffffff, 0
    FP_IN 0xbfe0000000000000
    fcvt.w.d a0, fa0, rtz
    INT_CHECK 56, a0, 0x0, NX
    FP_IN 0x3ff8000000000000
    fcvt.w.d a0, fa0, rtz
    INT_CHECK 57, a0, 0x1, NX
    FP_IN 0x7ff8000000000000
    fcvt.wu.d a0, fa0, rtz
    INT_CHECK 58, a0, 0xffffffffffffffff, NV
    FP_IN 0x7ff0000000000000
    fcvt.wu.d a0, fa0, rtz
    INT_CHECK 59, a0, 0xffffffffffffffff, NV
    FP_IN 0xfff0000000000000
    fcvt.wu.d a0, fa0, rtz
    INT_CHECK 60, a0, 0x0, NV
    FP_IN 0x4200000000000000
    fcvt.wu.d a0, fa0, rtz
    INT_CHECK 61, a0, 0xffffffffffffffff, NV
    FP_IN 0xc200000000000000
    fcvt.wu.d a0, fa0, rtz
    INT_CHECK 62, a0, 0x0, NV
    FP_IN 0x4400000000000000
    fcvt.wu.d a0, fa0, rtz
    INT_CHECK 63, a0, 0xffffffffffffffff, NV
    FP_IN 0xbff0000000000000
    fcvt.wu.d a0, fa0, rtz
    INT_CHECK 64, a0, 0x0, NV
    FP_IN 0xbfe0000000000000
    fcvt.wu.d a0, fa0, rtz
    INT_CHECK 65, a0, 0x0, NX
    FP_IN 0x3ff8000000000000
    fcvt.wu.d a0, fa0, rtz
    INT_CHECK 66, a0, 0x1, NX
    FP_IN 0x7ff8000000000000
    fcvt.l.d a0, fa0, rtz
    INT_CHECK 67, a0, 0x7fffffffffffffff, NV
    FP_IN 0x7ff0000000000000
    fcvt.l.d a0, fa0, rtz
    INT_CHECK 68, a0, 0x7fffffffffffffff, NV
    FP_IN 0xfff0000000000000
    fcvt.l.d a0, fa0, rtz
    INT_CHECK 69, a0, 0x8000000000000000, NV
    FP_IN 0x4200000000000000
    fcvt.l.d a0, fa0, rtz
    INT_CHECK 70, a0, 0x200000000, 0
    FP_IN 0xc200000000000000
    fcvt.l.d a0, fa0, rtz
    INT_CHECK 71, a0, 0xfffffffe00000000, 0
    FP_IN 0x4400000000000000
    fcvt.l.d a0, fa0, rtz
    INT_CHECK 72, a0, 0x7fffffffffffffff, NV
    FP_IN 0xbff0000000000000
    fcvt.l.d a0, fa0, rtz
    INT_CHECK 73, a0, 0xffffffffffffffff, 0
    FP_IN 0xbfe0000000000000
    fcvt.l.d a0, fa0, rtz
    INT_CHECK 74, a0, 0x0, NX
    FP_IN 0x3ff8000000000000
    fcvt.l.d a0, fa0, rtz
    INT_CHECK 75, a0, 0x1, NX
    FP_IN 0x7ff8000000000000
    fcvt.lu.d a0, fa0, rtz
    INT_CHECK 76, a0, 0xffffffffffffffff, NV
    FP_IN 0x7ff0000000000000
    fcvt.lu.d a0, fa0, rtz
    INT_CHECK 77, a0, 0xffffffffffffffff, NV
    FP_IN 0xfff0000000000000
    fcvt.lu.d a0, fa0, rtz
    INT_CHECK 78, a0, 0x0, NV
    FP_IN 0x4200000000000000
    fcvt.lu.d a0, fa0, rtz
    INT_CHECK 79, a0, 0x200000000, 0
    FP_IN 0xc200000000000000
    fcvt.lu.d a0, fa0, rtz
    INT_CHECK 80, a0, 0x0, NV
    FP_IN 0x4400000000000000
    fcvt.lu.d a0, fa0, rtz
    INT_CHECK 81, a0, 0xffffffffffffffff, NV
    FP_IN 0xbff0000000000000
    fcvt.lu.d a0, fa0, rtz
    INT_CHECK 82, a0, 0x0, NV
    FP_IN 0xbfe0000000000000
    fcvt.lu.d a0, fa0, rtz
    INT_CHECK 83, a0, 0x0, NX
    FP_IN 0x3ff8000000000000
    fcvt.lu.d a0, fa0, rtz
    INT_CHECK 84, a0, 0x1, NX
    FP_IN 0xc1e0000000000000
    fcvt.w.d a0, fa0, rtz
    INT_CHECK 85, a0, 0xffffffff80000000, 0
    FP_IN 0x41e0000000000000
    fcvt.wu.d a0, fa0, rtz
    INT_CHECK 86, a0, 0xffffffff80000000, 0
    FP_IN 0xc3e0000000000000
    fcvt.l.d a0, fa0, rtz
    INT_CHECK 87, a0, 0x8000000000000000, 0
    FP_IN 0x43e0000000000000
    fcvt.lu.d a0, fa0, rtz
    INT_CHECK 88, a0, 0x8000000000000000, 0
    FP_IN 0x41e0000000000000
    fcvt.w.d a0, fa0, rtz
    INT_CHECK 89, a0, 0x7fffffff, NV
    FP_IN 0x41f0000000000000
    fcvt.wu.d a0, fa0, rtz
    INT_CHECK 90, a0, 0xffffffffffffffff, NV
    FP_IN 0x41efffffffe00000
    fcvt.wu.d a0, fa0, rtz
    INT_CHECK 91, a0, 0xffffffffffffffff, 0
    csrwi frm, RM_RUP
    FP_IN 0x3ff8000000000000
    fcvt.w.d a0, fa0
    INT_CHECK 92, a0, 0x2, NX
    csrwi frm, RM_RNE

    /* conversion from integer: *W sources use the low 32 bits; inexact rounding */
    li a0, 0x1
    csrwi fflags, 0
    fcvt.d.w fa3, a0
    FP_CHECK 93, fa3, 0x3ff0000000000000, 0
    li a0, 0xfffffffffffffff9
    csrwi fflags, 0
    fcvt.d.w fa3, a0
    FP_CHECK 94, fa3, 0xc01c000000000000, 0
    li a0, 0x100000003
    csrwi fflags, 0
    fcvt.d.w fa3, a0
    FP_CHECK 95, fa3, 0x4008000000000000, 0
    li a0, 0x7fffffff
    csrwi fflags, 0
    fcvt.d.w fa3, a0
    FP_CHECK 96, fa3, 0x41dfffffffc00000, 0
    li a0, 0x7fffffff
    csrwi fflags, 0
    fcvt.d.w fa3, a0
    FP_CHECK 97, fa3, 0x41dfffffffc00000, 0
    li a0, 0xffffffff
    csrwi fflags, 0
    fcvt.d.wu fa3, a0
    FP_CHECK 98, fa3, 0x41efffffffe00000, 0
    li a0, 0xffffffff
    csrwi fflags, 0
    fcvt.d.wu fa3, a0
    FP_CHECK 99, fa3, 0x41efffffffe00000, 0
    li a0, 0xffffffff00000002
    csrwi fflags, 0
    fcvt.d.wu fa3, a0
    FP_CHECK 100, fa3, 0x4000000000000000, 0
    li a0, 0xffffffffffffffff
    csrwi fflags, 0
    fcvt.d.l fa3, a0, rne
    FP_CHECK 101, fa3, 0xbff0000000000000, 0
    li a0, 0x7fffffffffffffff
    csrwi fflags, 0
    fcvt.d.l fa3, a0, rne
    FP_CHECK 102, fa3, 0x43e0000000000000, NX
    li a0, 0x7fffffffffffffff
    csrwi fflags, 0
    fcvt.d.l fa3, a0, rtz
    FP_CHECK 103, fa3, 0x43dfffffffffffff, NX
    li a0, 0x8000000000000000
    csrwi fflags, 0
    fcvt.d.l fa3, a0, rne
    FP_CHECK 104, fa3, 0xc3e0000000000000, 0
    li a0, 0x123456789abcdef
    csrwi fflags, 0
    fcvt.d.l fa3, a0, rdn
    FP_CHECK 105, fa3, 0x43723456789abcde, NX
    li a0, 0x123456789abcdef
    csrwi fflags, 0
    fcvt.d.l fa3, a0, rup
    FP_CHECK 106, fa3, 0x43723456789abcdf, NX
    li a0, 0xffffffffffffffff
    csrwi fflags, 0
    fcvt.d.lu fa3, a0, rne
    FP_CHECK 107, fa3, 0x43f0000000000000, NX
    li a0, 0xffffffffffffffff
    csrwi fflags, 0
    fcvt.d.lu fa3, a0, rtz
    FP_CHECK 108, fa3, 0x43efffffffffffff, NX
    li a0, 0x0
    csrwi fflags, 0
    fcvt.d.lu fa3, a0, rne
    FP_CHECK 109, fa3, 0x0, 0
    li a0, 0x20000000000001
    csrwi fflags, 0
    fcvt.d.lu fa3, a0, rne
    FP_CHECK 110, fa3, 0x4340000000000000, NX
    li a0, 0x20000000000001
    csrwi fflags, 0
    fcvt.d.lu fa3, a0, rup
    FP_CHECK 111, fa3, 0x4340000000000001, NX
    csrwi frm, RM_RTZ
    li a0, 0xffffffff
    csrwi fflags, 0
    fcvt.d.wu fa3, a0
    FP_CHECK 112, fa3, 0x41efffffffe00000, 0
    csrwi frm, RM_RNE

    /* fcvt.s.d: rounding, overflow, underflow, NaNs; results NaN-boxed */
    FP_IN 0x3ff0000010000000
    fcvt.s.d fa3, fa0, rne
    FP_CHECK 201, fa3, 0xffffffff3f800000, NX
    FP_IN 0x3ff0000010000000
    fcvt.s.d fa3, fa0, rtz
    FP_CHECK 202, fa3, 0xffffffff3f800000, NX
    FP_IN 0x3ff0000010000000
    fcvt.s.d fa3, fa0, rdn
    FP_CHECK 203, fa3, 0xffffffff3f800000, NX
    FP_IN 0x3ff0000010000000
    fcvt.s.d fa3, fa0, rup
    FP_CHECK 204, fa3, 0xffffffff3f800001, NX
    FP_IN 0x3ff0000010000000
    fcvt.s.d fa3, fa0, rmm
    FP_CHECK 205, fa3, 0xffffffff3f800001, NX
    FP_IN 0xbff0000010000000
    fcvt.s.d fa3, fa0, rdn
    FP_CHECK 206, fa3, 0xffffffffbf800001, NX
    FP_IN 0x3ff0000010000001
    fcvt.s.d fa3, fa0, rne
    FP_CHECK 207, fa3, 0xffffffff3f800001, NX
    FP_IN 0x7fe0000000000000
    fcvt.s.d fa3, fa0, rne
    FP_CHECK 208, fa3, 0xffffffff7f800000, OF|NX
    FP_IN 0x7fe0000000000000
    fcvt.s.d fa3, fa0, rtz
    FP_CHECK 209, fa3, 0xffffffff7f7fffff, OF|NX
    FP_IN 0x10000000000000
    fcvt.s.d fa3, fa0, rne
    FP_CHECK 210, fa3, 0xffffffff00000000, UF|NX
    FP_IN 0x3810000000000000
    fcvt.s.d fa3, fa0, rne
    FP_CHECK 211, fa3, 0xffffffff00800000, 0
    FP_IN 0x36a0000000000000
    fcvt.s.d fa3, fa0, rne
    FP_CHECK 212, fa3, 0xffffffff00000001, 0
    FP_IN 0x7ff8000000000123
    fcvt.s.d fa3, fa0, rne
    FP_CHECK 213, fa3, 0xffffffff7fc00000, 0
    FP_IN 0x7ff0000000000001
    fcvt.s.d fa3, fa0, rne
    FP_CHECK 214, fa3, 0xffffffff7fc00000, NV
    FP_IN 0xfff0000000000000
    fcvt.s.d fa3, fa0, rne
    FP_CHECK 215, fa3, 0xffffffffff800000, 0
    FP_IN 0x8000000000000000
    fcvt.s.d fa3, fa0, rne
    FP_CHECK 216, fa3, 0xffffffff80000000, 0

    /* fcvt.d.s: always exact; NaNs become the canonical double NaN */
    FP_IN 0xffffffff3f800000
    fcvt.d.s fa3, fa0
    FP_CHECK 217, fa3, 0x3ff0000000000000, 0
    FP_IN 0xffffffffc0200000
    fcvt.d.s fa3, fa0
    FP_CHECK 218, fa3, 0xc004000000000000, 0
    FP_IN 0xffffffff00000001
    fcvt.d.s fa3, fa0
    FP_CHECK 219, fa3, 0x36a0000000000000, 0
    FP_IN 0xffffffff7f7fffff
    fcvt.d.s fa3, fa0
    FP_CHECK 220, fa3, 0x47efffffe0000000, 0
    FP_IN 0xffffffff7fc12345
    fcvt.d.s fa3, fa0
    FP_CHECK 221, fa3, 0x7ff8000000000000, 0
    FP_IN 0xffffffff7f800001
    fcvt.d.s fa3, fa0
    FP_CHECK 222, fa3, 0x7ff8000000000000, NV
    FP_IN 0xffffffffff800000
    fcvt.d.s fa3, fa0
    FP_CHECK 223, fa3, 0xfff0000000000000, 0
    FP_IN 0xffffffff80000000
    fcvt.d.s fa3, fa0
    FP_CHECK 224, fa3, 0x8000000000000000, 0

    j pass
TEST_END
