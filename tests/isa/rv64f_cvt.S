/*
 * rv64f_cvt.S - single-precision compares, fclass and conversions of the F
 * extension (unprivileged spec 11.7-11.9).
 *
 * feq/flt/fle on ordered and unordered operands (feq raises NV only for a
 * signaling NaN, flt/fle for any NaN), fclass on all ten classes, fcvt to
 * and from 32/64-bit signed/unsigned integers in every rounding mode, with
 * saturation and NV on NaN/infinite/out-of-range inputs, NX on inexact
 * results, *W sources taken from the low 32 bits and *W results
 * sign-extended (also for fcvt.wu.s).
 */
#include "common.h"
#include "fp.h"

TEST_START

    /* compares: NaN is unordered; feq raises NV only for sNaN, flt/fle for any NaN */
    FP_IN 0xffffffff3f800000, 0xffffffff3f800000
    feq.s a0, fa0, fa1
    INT_CHECK 1, a0, 0x1, 0
    FP_IN 0xffffffff3f800000, 0xffffffff40000000
    feq.s a0, fa0, fa1
    INT_CHECK 2, a0, 0x0, 0
    FP_IN 0xffffffff40000000, 0xffffffff3f800000
    feq.s a0, fa0, fa1
    INT_CHECK 3, a0, 0x0, 0
    FP_IN 0xffffffff00000000, 0xffffffff80000000
    feq.s a0, fa0, fa1
    INT_CHECK 4, a0, 0x1, 0
    FP_IN 0xffffffffff800000, 0xffffffff7f800000
    feq.s a0, fa0, fa1
    INT_CHECK 5, a0, 0x0, 0
    FP_IN 0xffffffff7fc00000, 0xffffffff3f800000
    feq.s a0, fa0, fa1
    INT_CHECK 6, a0, 0x0, 0
    FP_IN 0xffffffff3f800000, 0xffffffff7f800001
    feq.s a0, fa0, fa1
    INT_CHECK 7, a0, 0x0, NV
    FP_IN 0xffffffff7fc00000, 0xffffffff7fc00000
    feq.s a0, fa0, fa1
    INT_CHECK 8, a0, 0x0, 0
    FP_IN 0xffffffff3f800000, 0xffffffff3f800000
    flt.s a0, fa0, fa1
    INT_CHECK 9, a0, 0x0, 0
    FP_IN 0xffffffff3f800000, 0xffffffff40000000
    flt.s a0, fa0, fa1
    INT_CHECK 10, a0, 0x1, 0
    FP_IN 0xffffffff40000000, 0xffffffff3f800000
    flt.s a0, fa0, fa1
    INT_CHECK 11, a0, 0x0, 0
    FP_IN 0xffffffff00000000, 0xffffffff80000000
    flt.s a0, fa0, fa1
    INT_CHECK 12, a0, 0x0, 0
    FP_IN 0xffffffffff800000, 0xffffffff7f800000
    flt.s a0, fa0, fa1
    INT_CHECK 13, a0, 0x1, 0
    FP_IN 0xffffffff7fc00000, 0xffffffff3f800000
    flt.s a0, fa0, fa1
    INT_CHECK 14, a0, 0x0, NV
    FP_IN 0xffffffff3f800000, 0xffffffff7f800001
    flt.s a0, fa0, fa1
    INT_CHECK 15, a0, 0x0, NV
    FP_IN 0xffffffff7fc00000, 0xffffffff7fc00000
    flt.s a0, fa0, fa1
    INT_CHECK 16, a0, 0x0, NV
    FP_IN 0xffffffff3f800000, 0xffffffff3f800000
    fle.s a0, fa0, fa1
    INT_CHECK 17, a0, 0x1, 0
    FP_IN 0xffffffff3f800000, 0xffffffff40000000
    fle.s a0, fa0, fa1
    INT_CHECK 18, a0, 0x1, 0
    FP_IN 0xffffffff40000000, 0xffffffff3f800000
    fle.s a0, fa0, fa1
    INT_CHECK 19, a0, 0x0, 0
    FP_IN 0xffffffff00000000, 0xffffffff80000000
    fle.s a0, fa0, fa1
    INT_CHECK 20, a0, 0x1, 0
    FP_IN 0xffffffffff800000, 0xffffffff7f800000
    fle.s a0, fa0, fa1
    INT_CHECK 21, a0, 0x1, 0
    FP_IN 0xffffffff7fc00000, 0xffffffff3f800000
    fle.s a0, fa0, fa1
    INT_CHECK 22, a0, 0x0, NV
    FP_IN 0xffffffff3f800000, 0xffffffff7f800001
    fle.s a0, fa0, fa1
    INT_CHECK 23, a0, 0x0, NV
    FP_IN 0xffffffff7fc00000, 0xffffffff7fc00000
    fle.s a0, fa0, fa1
    INT_CHECK 24, a0, 0x0, NV

    /* fclass: one bit per class */
    FP_IN 0xffffffffff800000
    fclass.s a0, fa0
    INT_CHECK 25, a0, 0x1, 0
    FP_IN 0xffffffffbf800000
    fclass.s a0, fa0
    INT_CHECK 26, a0, 0x2, 0
    FP_IN 0xffffffff80000001
    fclass.s a0, fa0
    INT_CHECK 27, a0, 0x4, 0
    FP_IN 0xffffffff80000000
    fclass.s a0, fa0
    INT_CHECK 28, a0, 0x8, 0
    FP_IN 0xffffffff00000000
    fclass.s a0, fa0
    INT_CHECK 29, a0, 0x10, 0
    FP_IN 0xffffffff00000001
    fclass.s a0, fa0
    INT_CHECK 30, a0, 0x20, 0
    FP_IN 0xffffffff3f800000
    fclass.s a0, fa0
    INT_CHECK 31, a0, 0x40, 0
    FP_IN 0xffffffff7f800000
    fclass.s a0, fa0
    INT_CHECK 32, a0, 0x80, 0
    FP_IN 0xffffffff7f800001
    fclass.s a0, fa0
    INT_CHECK 33, a0, 0x100, 0
    FP_IN 0xffffffff7fc00000
    fclass.s a0, fa0
    INT_CHECK 34, a0, 0x200, 0
    FP_IN 0xffffffff7fc01234
    fclass.s a0, fa0
    INT_CHECK 35, a0, 0x200, 0
    FP_IN 0xffffffff00800000
    fclass.s a0, fa0
    INT_CHECK 36, a0, 0x40, 0
    FP_IN 0xffffffffff7fffff
    fclass.s a0, fa0
    INT_CHECK 37, a0, 0x2, 0

    /* conversion to integer: rounding modes, saturation, NV/NX */
    FP_IN 0xffffffff40200000
    fcvt.w.s a0, fa0, rne
    INT_CHECK 38, a0, 0x2, NX
    FP_IN 0xffffffffc0200000
    fcvt.w.s a0, fa0, rne
    INT_CHECK 39, a0, 0xfffffffffffffffe, NX
    FP_IN 0xffffffff40200000
    fcvt.w.s a0, fa0, rtz
    INT_CHECK 40, a0, 0x2, NX
    FP_IN 0xffffffffc0200000
    fcvt.w.s a0, fa0, rtz
    INT_CHECK 41, a0, 0xfffffffffffffffe, NX
    FP_IN 0xffffffff40200000
    fcvt.w.s a0, fa0, rdn
    INT_CHECK 42, a0, 0x2, NX
    FP_IN 0xffffffffc0200000
    fcvt.w.s a0, fa0, rdn
    INT_CHECK 43, a0, 0xfffffffffffffffd, NX
    FP_IN 0xffffffff40200000
    fcvt.w.s a0, fa0, rup
    INT_CHECK 44, a0, 0x3, NX
    FP_IN 0xffffffffc0200000
    fcvt.w.s a0, fa0, rup
    INT_CHECK 45, a0, 0xfffffffffffffffe, NX
    FP_IN 0xffffffff40200000
    fcvt.w.s a0, fa0, rmm
    INT_CHECK 46, a0, 0x3, NX
    FP_IN 0xffffffffc0200000
    fcvt.w.s a0, fa0, rmm
    INT_CHECK 47, a0, 0xfffffffffffffffd, NX
    FP_IN 0xffffffffc0600000
    fcvt.l.s a0, fa0, rne
    INT_CHECK 48, a0, 0xfffffffffffffffc, NX
    FP_IN 0xffffffff7fc00000
    fcvt.w.s a0, fa0, rtz
    INT_CHECK 49, a0, 0x7fffffff, NV
    FP_IN 0xffffffff7f800000
    fcvt.w.s a0, fa0, rtz
    INT_CHECK 50, a0, 0x7fffffff, NV
    FP_IN 0xffffffffff800000
    fcvt.w.s a0, fa0, rtz
    INT_CHECK 51, a0, 0xffffffff80000000, NV
    FP_IN 0xffffffff50000000
    fcvt.w.s a0, fa0, rtz
    INT_CHECK 52, a0, 0x7fffffff, NV
    FP_IN 0xffffffffd0000000
    fcvt.w.s a0, fa0, rtz
    INT_CHECK 53, a0, 0xffffffff80000000, NV
    FP_IN 0xffffffff60000000
    fcvt.w.s a0, fa0, rtz
    INT_CHECK 54, a0, 0x7fffffff, NV
    FP_IN 0xffffffffbf800000
    fcvt.w.s a0, fa0, rtz
    INT_CHECK 55, a0, 0xffffffffffffffff, 0
    FP_IN 0xffffffffbf000000
    fcvt.w.s a0, fa0, rtz
    INT_CHECK 56, a0, 0x0, NX
    FP_IN 0xffffffff3fc00000
    fcvt.w.s a0, fa0, rtz
    INT_CHECK 57, a0, 0x1, NX
    FP_IN 0xffffffff7fc00000
    fcvt.wu.s a0, fa0, rtz
    INT_CHECK 58, a0, 0xffffffffffffffff, NV
    FP_IN 0xffffffff7f800000
    fcvt.wu.s a0, fa0, rtz
    INT_CHECK 59, a0, 0xffffffffffffffff, NV
    FP_IN 0xffffffffff800000
    fcvt.wu.s a0, fa0, rtz
    INT_CHECK 60, a0, 0x0, NV
    FP_IN 0xffffffff50000000
    fcvt.wu.s a0, fa0, rtz
    INT_CHECK 61, a0, 0xffffffffffffffff, NV
    FP_IN 0xffffffffd0000000
    fcvt.wu.s a0, fa0, rtz
    INT_CHECK 62, a0, 0x0, NV
    FP_IN 0xffffffff60000000
    fcvt.wu.s a0, fa0, rtz
    INT_CHECK 63, a0, 0xffffffffffffffff, NV
    FP_IN 0xffffffffbf800000
    fcvt.wu.s a0, fa0, rtz
    INT_CHECK 64, a0, 0x0, NV
    FP_IN 0xffffffffbf000000
    fcvt.wu.s a0, fa0, rtz
    INT_CHECK 65, a0, 0x0, NX
    FP_IN 0xffffffff3fc00000
    fcvt.wu.s a0, fa0, rtz
    INT_CHECK 66, a0, 0x1, NX
    FP_IN 0xffffffff7fc00000
    fcvt.l.s a0, fa0, rtz
    INT_CHECK 67, a0, 0x7fffffffffffffff, NV
    FP_IN 0xffffffff7f800000
    fcvt.l.s a0, fa0, rtz
    INT_CHECK 68, a0, 0x7fffffffffffffff, NV
    FP_IN 0xffffffffff800000
    fcvt.l.s a0, fa0, rtz
    INT_CHECK 69, a0, 0x8000000000000000, NV
    FP_IN 0xffffffff50000000
    fcvt.l.s a0, fa0, rtz
    INT_CHECK 70, a0, 0x200000000, 0
    FP_IN 0xffffffffd0000000
    fcvt.l.s a0, fa0, rtz
    INT_CHECK 71, a0, 0xfffffffe00000000, 0
    FP_IN 0xffffffff60000000
    fcvt.l.s a0, fa0, rtz
    INT_CHECK 72, a0, 0x7fffffffffffffff, NV
    FP_IN 0xffffffffbf800000
    fcvt.l.s a0, fa0, rtz
    INT_CHECK 73, a0, 0xffffffffffffffff, 0
    FP_IN 0xffffffffbf000000
    fcvt.l.s a0, fa0, rtz
    INT_CHECK 74, a0, 0x0, NX
    FP_IN 0xffffffff3fc00000
    fcvt.l.s a0, fa0, rtz
    INT_CHECK 75, a0, 0x1, NX
    FP_IN 0xffffffff7fc00000
    fcvt.lu.s a0, fa0, rtz
    INT_CHECK 76, a0, 0xffffffffffffffff, NV
    FP_IN 0xffffffff7f800000
    fcvt.lu.s a0, fa0, rtz
    INT_CHECK 77, a0, 0xffffffffffffffff, NV
    FP_IN 0xffffffffff800000
    fcvt.lu.s a0, fa0, rtz
    INT_CHECK 78, a0, 0x0, NV
    FP_IN 0xffffffff50000000
    fcvt.lu.s a0, fa0, rtz
    INT_CHECK 79, a0, 0x200000000, 0
    FP_IN 0xffffffffd0000000
    fcvt.lu.s a0, fa0, rtz
    INT_CHECK 80, a0, 0x0, NV
    FP_IN 0xffffffff60000000
    fcvt.lu.s a0, fa0, rtz
    INT_CHECK 81, a0, 0xffffffffffffffff, NV
    FP_IN 0xffffffffbf800000
    fcvt.lu.s a0, fa0, rtz
    INT_CHECK 82, a0, 0x0, NV
    FP_IN 0xffffffffbf000000
    fcvt.lu.s a0, fa0, rtz
    INT_CHECK 83, a0, 0x0, NX
    FP_IN 0xffffffff3fc00000
    fcvt.lu.s a0, fa0, rtz
    INT_CHECK 84, a0, 0x1, NX
    FP_IN 0xffffffffcf000000
    fcvt.w.s a0, fa0, rtz
    INT_CHECK 85, a0, 0xffffffff80000000, 0
    FP_IN 0xffffffff4f000000
    fcvt.wu.s a0, fa0, rtz
    INT_CHECK 86, a0, 0xffffffff80000000, 0
    FP_IN 0xffffffffdf000000
    fcvt.l.s a0, fa0, rtz
    INT_CHECK 87, a0, 0x8000000000000000, 0
    FP_IN 0xffffffff5f000000
    fcvt.lu.s a0, fa0, rtz
    INT_CHECK 88, a0, 0x8000000000000000, 0
    FP_IN 0xffffffff4f000000
    fcvt.w.s a0, fa0, rtz
    INT_CHECK 89, a0, 0x7fffffff, NV
    FP_IN 0xffffffff4f800000
    fcvt.wu.s a0, fa0, rtz
    INT_CHECK 90, a0, 0xffffffffffffffff, NV
    FP_IN 0xffffffff4f400000
    fcvt.wu.s a0, fa0, rtz
    INT_CHECK 91, a0, 0xffffffffc0000000, 0
    csrwi frm, RM_RUP
    FP_IN 0xffffffff3fc00000
    fcvt.w.s a0, fa0
    INT_CHECK 92, a0, 0x2, NX
    csrwi frm, RM_RNE

    /* conversion from integer: *W sources use the low 32 bits; inexact rounding */
    li a0, 0x1
    csrwi fflags, 0
    fcvt.s.w fa3, a0, rne
    FP_CHECK 93, fa3, 0xffffffff3f800000, 0
    li a0, 0xfffffffffffffff9
    csrwi fflags, 0
    fcvt.s.w fa3, a0, rne
    FP_CHECK 94, fa3, 0xffffffffc0e00000, 0
    li a0, 0x100000003
    csrwi fflags, 0
    fcvt.s.w fa3, a0, rne
    FP_CHECK 95, fa3, 0xffffffff40400000, 0
    li a0, 0x7fffffff
    csrwi fflags, 0
    fcvt.s.w fa3, a0, rne
    FP_CHECK 96, fa3, 0xffffffff4f000000, NX
    li a0, 0x7fffffff
    csrwi fflags, 0
    fcvt.s.w fa3, a0, rtz
    FP_CHECK 97, fa3, 0xffffffff4effffff, NX
    li a0, 0xffffffff
    csrwi fflags, 0
    fcvt.s.wu fa3, a0, rne
    FP_CHECK 98, fa3, 0xffffffff4f800000, NX
    li a0, 0xffffffff
    csrwi fflags, 0
    fcvt.s.wu fa3, a0, rtz
    FP_CHECK 99, fa3, 0xffffffff4f7fffff, NX
    li a0, 0xffffffff00000002
    csrwi fflags, 0
    fcvt.s.wu fa3, a0, rne
    FP_CHECK 100, fa3, 0xffffffff40000000, 0
    li a0, 0xffffffffffffffff
    csrwi fflags, 0
    fcvt.s.l fa3, a0, rne
    FP_CHECK 101, fa3, 0xffffffffbf800000, 0
    li a0, 0x7fffffffffffffff
    csrwi fflags, 0
    fcvt.s.l fa3, a0, rne
    FP_CHECK 102, fa3, 0xffffffff5f000000, NX
    li a0, 0x7fffffffffffffff
    csrwi fflags, 0
    fcvt.s.l fa3, a0, rtz
    FP_CHECK 103, fa3, 0xffffffff5effffff, NX
    li a0, 0x8000000000000000
    csrwi fflags, 0
    fcvt.s.l fa3, a0, rne
    FP_CHECK 104, fa3, 0xffffffffdf000000, 0
    li a0, 0x123456789abcdef
    csrwi fflags, 0
    fcvt.s.l fa3, a0, rdn
    FP_CHECK 105, fa3, 0xffffffff5b91a2b3, NX
    li a0, 0x123456789abcdef
    csrwi fflags, 0
    fcvt.s.l fa3, a0, rup
    FP_CHECK 106, fa3, 0xffffffff5b91a2b4, NX
    li a0, 0xffffffffffffffff
    csrwi fflags, 0
    fcvt.s.lu fa3, a0, rne
    FP_CHECK 107, fa3, 0xffffffff5f800000, NX
    li a0, 0xffffffffffffffff
    csrwi fflags, 0
    fcvt.s.lu fa3, a0, rtz
    FP_CHECK 108, fa3, 0xffffffff5f7fffff, NX
    li a0, 0x0
    csrwi fflags, 0
    fcvt.s.lu fa3, a0, rne
    FP_CHECK 109, fa3, 0xffffffff00000000, 0
    li a0, 0x20000000000001
    csrwi fflags, 0
    fcvt.s.lu fa3, a0, rne
    FP_CHECK 110, fa3, 0xffffffff5a000000, NX
    li a0, 0x20000000000001
    csrwi fflags, 0
    fcvt.s.lu fa3, a0, rup
    FP_CHECK 111, fa3, 0xffffffff5a000001, NX
    csrwi frm, RM_RTZ
    li a0, 0xffffffff
    csrwi fflags, 0
    fcvt.s.wu fa3, a0
    FP_CHECK 112, fa3, 0xffffffff4f7fffff, NX
    csrwi frm, RM_RNE

    j pass
TEST_END
