/*
 * fp.h - helpers shared by rv64f.S and rv64d.S.
 *
 * Operands are given as raw 64-bit register images, so single-precision
 * values carry their NaN-boxing (0xffffffff in the upper half) explicitly
 * and results are checked with fmv.x.d: a single result that is not
 * NaN-boxed fails just like a wrong value.
 */
#ifndef TESTS_ISA_FP_H
#define TESTS_ISA_FP_H

/* fflags bits (unprivileged spec 11.2) */
#define NX 0x01
#define UF 0x02
#define OF 0x04
#define DZ 0x08
#define NV 0x10

/* frm / rm values */
#define RM_RNE 0
#define RM_RTZ 1
#define RM_RDN 2
#define RM_RUP 3
#define RM_RMM 4

/* fa0, fa1, fa2 = raw images a, b, c; fflags cleared.  Clobbers t0. */
.macro FP_IN a, b=0, c=0
    li t0, \a
    fmv.d.x fa0, t0
    li t0, \b
    fmv.d.x fa1, t0
    li t0, \c
    fmv.d.x fa2, t0
    csrwi fflags, 0
.endm

/* Check check n: the raw image of fd is res and fflags is flags. */
.macro FP_CHECK n, fd, res, flags
    li gp, \n
    fmv.x.d t5, \fd
    li t6, \res
    bne t5, t6, fail
    csrr t5, fflags
    li t6, \flags
    bne t5, t6, fail
.endm

/* Same for an integer result in rd. */
.macro INT_CHECK n, rd, res, flags
    li gp, \n
    li t6, \res
    bne \rd, t6, fail
    csrr t5, fflags
    li t6, \flags
    bne t5, t6, fail
.endm

#endif
