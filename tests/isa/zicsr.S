/*
 * zicsr.S - the Zicsr instructions (unprivileged spec ch. 9, privileged spec
 * 2.1-2.2).
 *
 * csrrw/csrrs/csrrc and their immediate forms return the old value and write
 * the new one; the 5-bit immediate is zero-extended; rd = x0 still writes;
 * csrrs/csrrc with rs1 = x0 (or uimm = 0) do not write, so they may read a
 * read-only CSR, while csrrw (also with rd = x0) and csrrsi/csrrci with a
 * non-zero uimm do write and so trap on a read-only CSR (mtval = the
 * instruction bits); fflags/frm/fcsr are views of one register.
 *
 * csrrs/csrrc with rs1 != x0 holding 0 also count as writes; QEMU 7.2 does
 * not trap on them, so that check lives in spec_strict.S (rvemu only).
 */
#include "common.h"

/* Expect the instruction at label 1b to have raised an illegal instruction. */
#define CHECK_ILLEGAL_AT_1B(n) \
    CHECK_TRAP(n, mtrap_info, CAUSE_ILLEGAL_INSTRUCTION); \
    la a5, 1b; lwu a5, 0(a5); CHECK_TI(n + 1, mtrap_info, TI_TVAL, a5)

TEST_START
    .option norvc
    SET_MTVEC(mtrap_record)

    /* register forms on mscratch: old value in rd, new value in the CSR */
    li a1, 0x0123456789abcdef
    csrw mscratch, a1
    TEST_CASE(1, a0, 0x0123456789abcdef, li a2, -1; csrrw a0, mscratch, a2)
    TEST_CASE(2, a0, -1, csrr a0, mscratch)
    TEST_CASE(3, a0, -1, li a2, 0xff; csrrc a0, mscratch, a2)
    TEST_CASE(4, a0, 0xffffffffffffff00, csrr a0, mscratch)
    TEST_CASE(5, a0, 0xffffffffffffff00, li a2, 0x0f; csrrs a0, mscratch, a2)
    TEST_CASE(6, a0, 0xffffffffffffff0f, csrr a0, mscratch)
    TEST_CASE(7, a0, 0x8000000000000000, li a2, 0x8000000000000000; csrw mscratch, a2; csrrw a0, mscratch, zero)
    TEST_CASE(8, a0, 0, csrr a0, mscratch)

    /* rd == rs1: the old value is read before rs1 is overwritten */
    TEST_CASE(9, a0, 0x55, li a0, 0x55; csrw mscratch, zero; csrrw a0, mscratch, a0; csrr a0, mscratch)
    TEST_CASE(10, a0, 0, li a0, 0x55; csrw mscratch, zero; csrrs a0, mscratch, a0)
    TEST_CASE(11, a0, 0x55, csrr a0, mscratch)

    /* immediate forms: uimm is 5 bits, zero-extended */
    TEST_CASE(12, a0, 0x55, csrrwi a0, mscratch, 31)
    TEST_CASE(13, a0, 31, csrr a0, mscratch)
    TEST_CASE(14, a0, 31, csrrci a0, mscratch, 0x11)
    TEST_CASE(15, a0, 0x0e, csrr a0, mscratch)
    TEST_CASE(16, a0, 0x0e, csrrsi a0, mscratch, 0x10)
    TEST_CASE(17, a0, 0x1e, csrr a0, mscratch)
    TEST_CASE(18, a0, 0x1e, csrrwi a0, mscratch, 0)
    TEST_CASE(19, a0, 0, csrr a0, mscratch)

    /* rd = x0 still writes; rs1 = x0 / uimm = 0 set and clear nothing */
    TEST_CASE(20, a0, 0x777, li a2, 0x777; csrrw x0, mscratch, a2; csrr a0, mscratch)
    TEST_CASE(21, a0, 0x777, csrrs x0, mscratch, x0; csrrc x0, mscratch, x0; csrr a0, mscratch)
    TEST_CASE(22, a0, 0x777, csrrsi x0, mscratch, 0; csrrci x0, mscratch, 0; csrr a0, mscratch)
    TEST_CASE(23, a0, 0x770, csrrci x0, mscratch, 7; csrr a0, mscratch)
    TEST_CASE(24, a0, 0x777, csrsi mscratch, 7; csrr a0, mscratch)

    /* read-only CSRs (number 0xCxx/0xFxx): reading is legal ... */
    CHECK_NO_TRAP(30, mtrap_info)
    csrr a0, mhartid
    csrrs a0, mvendorid, x0
    csrrc a0, marchid, x0
    csrrsi a0, mimpid, 0
    csrrci a0, mhartid, 0
    CHECK_NO_TRAP(31, mtrap_info)
    TEST_CASE(32, a0, 0, csrr a0, mhartid)

    /* ... any write is illegal, even in M-mode, even with rd = x0 or a zero value */
    li gp, 40
1:  csrw mvendorid, zero
    CHECK_ILLEGAL_AT_1B(41)
    li gp, 46
1:  csrrwi x0, marchid, 0
    CHECK_ILLEGAL_AT_1B(47)
    li gp, 49
1:  csrrsi a0, mimpid, 1
    CHECK_ILLEGAL_AT_1B(50)
    li gp, 52
1:  csrrw a0, cycle, zero       /* user counters are read-only too */
    CHECK_ILLEGAL_AT_1B(53)

    /* a CSR number that does not exist is illegal */
    li gp, 60
1:  csrr a0, 0x0ff
    CHECK_ILLEGAL_AT_1B(61)

    /* a trapping CSR instruction writes neither the CSR nor rd */
    TEST_CASE(63, a0, 0x1234, li a0, 0x1234; csrrw a0, mvendorid, a0)
    CHECK_TRAP(64, mtrap_info, CAUSE_ILLEGAL_INSTRUCTION)

    /* fcsr = frm (bits 7:5) | fflags (bits 4:0); upper bits read as 0 */
    TEST_CASE(70, a0, 0xff, li a1, 0xff; csrw fcsr, a1; csrr a0, fcsr)
    TEST_CASE(71, a0, 7, csrr a0, frm)
    TEST_CASE(72, a0, 0x1f, csrr a0, fflags)
    TEST_CASE(73, a0, 0x5f, csrwi frm, 2; csrr a0, fcsr)
    TEST_CASE(74, a0, 0x43, csrwi fflags, 3; csrr a0, fcsr)
    TEST_CASE(75, a0, 0xe0, li a1, 0xfff; csrw fcsr, a1; csrrci a0, fflags, 0x1f; csrr a0, fcsr)
    TEST_CASE(76, a0, 0x07, li a1, -1; csrw frm, a1; csrr a0, frm)
    TEST_CASE(77, a0, 0x1f, li a1, -1; csrw fflags, a1; csrr a0, fflags)
    TEST_CASE(78, a0, 0xff, csrr a0, fcsr)
    TEST_CASE(79, a0, 0xff, csrrw a0, fcsr, zero)
    TEST_CASE(80, a0, 0, csrr a0, fcsr)
    /* an FP instruction accrues flags into fcsr */
    TEST_CASE(81, a0, 0x01, li a1, 1; fcvt.s.w fa0, a1; li a1, 3; fcvt.s.w fa1, a1; fdiv.s fa2, fa0, fa1; csrr a0, fcsr)
    TEST_CASE(82, a0, 0x61, csrsi frm, 3; csrr a0, fcsr)
    /* the assembler's frrm/fsrm/fsflags aliases */
    TEST_CASE(83, a0, 0x61, li a1, 0; fsrm a0, a1; slli a0, a0, 5; ori a0, a0, 1)
    TEST_CASE(84, a0, 0x01, fsflags a0, zero)
    TEST_CASE(85, a0, 0x00, frcsr a0)

    CHECK_NO_TRAP(90, mtrap_info)
    j pass

    TRAP_RECORD_HANDLER mtrap_record, m, mtrap_info
TEST_END
