/*
 * priv_mtrap.S - synchronous traps taken in M-mode (privileged spec 3.1.14-
 * 3.1.17, 3.3).
 *
 * ecall (mcause 11), ebreak and c.ebreak (3), illegal instructions (2, with
 * mtval = the instruction bits): mepc = the trapping instruction, mret
 * returns to mepc (also to one the handler changed); on a trap MPIE = MIE,
 * MIE = 0, MPP = M; mret restores MIE from MPIE, sets MPIE and leaves MPP = U;
 * a vectored mtvec still sends exceptions to BASE;
 * jalr to an odd address clears bit 0 and a 32-bit instruction at a 2 mod 4
 * address runs (no misaligned fetch with C).
 * (mepc[0] always reading 0 is checked in spec_strict.S: QEMU 7.2 keeps it.)
 */
#include "common.h"

TEST_START
    SET_MTVEC(mtrap_record)

    /* ecall from M */
    li gp, 1
    li a0, 0x1111
    li a7, 0x7777
1:  ecall
    CHECK_TRAP(2, mtrap_info, CAUSE_MACHINE_ECALL)
    la a1, 1b
    CHECK_TI(3, mtrap_info, TI_EPC, a1)
    CHECK_TI(4, mtrap_info, TI_TVAL, zero)
    CHECK_EQ(5, a0, 0x1111)     /* registers survive the trap */
    CHECK_EQ(6, a7, 0x7777)

    /* ebreak and c.ebreak */
    li gp, 10
1:  ebreak
    CHECK_TRAP(11, mtrap_info, CAUSE_BREAKPOINT)
    la a1, 1b
    CHECK_TI(12, mtrap_info, TI_EPC, a1)
    li gp, 13
1:  c.ebreak
    CHECK_TRAP(14, mtrap_info, CAUSE_BREAKPOINT)
    la a1, 1b
    CHECK_TI(15, mtrap_info, TI_EPC, a1)

    /* illegal instructions: mtval = the instruction */
    li gp, 20
1:  .word 0xffffffff
    CHECK_TRAP(21, mtrap_info, CAUSE_ILLEGAL_INSTRUCTION)
    la a1, 1b
    CHECK_TI(22, mtrap_info, TI_EPC, a1)
    li a1, 0xffffffff
    CHECK_TI(23, mtrap_info, TI_TVAL, a1)
    li gp, 24
1:  .word 0x00007003            /* LOAD with funct3 = 7: no such load in RV64 */
    CHECK_TRAP(25, mtrap_info, CAUSE_ILLEGAL_INSTRUCTION)
    li a1, 0x00007003
    CHECK_TI(26, mtrap_info, TI_TVAL, a1)
    li gp, 27
1:  .half 0                     /* the defined-illegal 16-bit instruction */
    CHECK_TRAP(28, mtrap_info, CAUSE_ILLEGAL_INSTRUCTION)
    la a1, 1b
    CHECK_TI(29, mtrap_info, TI_EPC, a1)
    CHECK_TI(30, mtrap_info, TI_TVAL, zero)
    .half 0x0001                /* c.nop: back to 4-byte alignment */

    /* mstatus on trap entry and after mret */
    li t0, MSTATUS_MPIE | MSTATUS_MPP
    csrc mstatus, t0
    csrsi mstatus, MSTATUS_MIE  /* no interrupt is enabled in mie */
    li gp, 40
    ecall
    CHECK_TRAP(41, mtrap_info, CAUSE_MACHINE_ECALL)
    la t5, mtrap_info
    ld s0, TI_STATUS(t5)        /* mstatus as the handler saw it */
    li t0, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP
    and s0, s0, t0
    CHECK_EQ(42, s0, MSTATUS_MPIE | MSTATUS_MPP_M)
    csrr s0, mstatus            /* after mret */
    and s0, s0, t0
    CHECK_EQ(43, s0, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP_U)
    csrci mstatus, MSTATUS_MIE
    li gp, 44                   /* MIE = 0 at the trap: MPIE = 0, and stays 0 */
    li t0, MSTATUS_MPIE
    csrs mstatus, t0
    ecall
    CHECK_TRAP(45, mtrap_info, CAUSE_MACHINE_ECALL)
    la t5, mtrap_info
    ld s0, TI_STATUS(t5)
    li t0, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP
    and s0, s0, t0
    CHECK_EQ(46, s0, MSTATUS_MPP_M)
    csrr s0, mstatus
    and s0, s0, t0
    CHECK_EQ(47, s0, MSTATUS_MPIE | MSTATUS_MPP_U)

    /* the handler may send mret elsewhere */
    TRAP_RESUME_AT(mtrap_info, 1f)
    li gp, 50
    ecall
    j fail
1:  CHECK_TRAP(51, mtrap_info, CAUSE_MACHINE_ECALL)

    /* mret jumps to mepc, also without a trap */
    li gp, 52
    li t0, MSTATUS_MPP
    csrs mstatus, t0            /* stay in M */
    la t0, 1f
    csrw mepc, t0
    mret
    j fail
1:

    /* a vectored mtvec sends exceptions to BASE */
    la t0, mtrap_record
    ori t0, t0, 1
    csrw mtvec, t0
    li gp, 60
    ecall
    CHECK_TRAP(61, mtrap_info, CAUSE_MACHINE_ECALL)
    TEST_CASE(62, a0, 1, csrr a0, mtvec; andi a0, a0, 3)
    SET_MTVEC(mtrap_record)

    /* no misaligned fetch with C: bit 0 cleared, 2-aligned targets run */
    li gp, 70
    la a1, 1f
    addi a1, a1, 1
    jalr ra, 0(a1)
    j fail
    .align 2
1:  li gp, 71
    la a1, 2f
    jr a1
    j fail
    .align 2
    .half 0x0001                /* c.nop */
2:  addi a0, zero, 71           /* 32-bit instruction at 2 mod 4 */
    CHECK_EQ(72, a0, 71)
    .half 0x0001
    CHECK_NO_TRAP(73, mtrap_info)

    j pass

    TRAP_RECORD_HANDLER mtrap_record, m, mtrap_info
TEST_END
