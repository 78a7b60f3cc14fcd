/*
 * priv_interrupts.S - interrupt enabling, delegation, priority and vectoring
 * (privileged spec 3.1.9, 3.1.7, 3.2.1, 4.1.3) with the CLINT of QEMU virt.
 *
 * Every interrupt taken is appended to irq_log (common.h), so the checks see
 * the order.  Covered: MSI before MTI,
 * SSI before STI; an interrupt for M beats one for S even when the S one
 * ranks higher; a delegated interrupt is
 * never taken in M, taken in S only with SIE, always taken in U; mideleg = 0
 * sends SSI to M even from S; vectored mtvec/stvec go to base + 4 * cause;
 * the CLINT timer (mtimecmp vs mtime) and msip drive mip.MTIP/MSIP (after
 * some delay, as on hardware: the test polls mip), which csrs cannot set; S may set sip.SSIP but not sip.STIP.
 *
 * NOTE: QEMU 7.2 (without AIA) takes the lowest-numbered pending interrupt
 * of a privilege level first, so the full order MEI > MSI > MTI > SEI > SSI
 * > STI is checked in spec_strict.S; the pairs here agree with both.
 */
#include "common.h"

#define CAUSE_MSI   (CAUSE_INTR | IRQ_M_SOFT)
#define CAUSE_MTI   (CAUSE_INTR | IRQ_M_TIMER)
#define CAUSE_SEI   (CAUSE_INTR | IRQ_S_EXT)
#define CAUSE_SSI   (CAUSE_INTR | IRQ_S_SOFT)
#define CAUSE_STI   (CAUSE_INTR | IRQ_S_TIMER)

#define RUN_S(label) TRAP_RESUME_AT(mtrap_info, 1f); ENTER_S(label); 1:
#define RUN_U(label) TRAP_RESUME_AT(mtrap_info, 1f); ENTER_U(label); 1:

/* Spin until irq_log has c entries; fail with n after too many polls. */
.macro WAIT_LOG n, c
    li gp, \n
    li t1, 20000000
    la t5, irq_log
1:  ld t6, IL_COUNT(t5)
    li t0, \c
    beq t6, t0, 2f
    addi t1, t1, -1
    bnez t1, 1b
    j fail
2:
.endm

TEST_START
    SET_MTVEC(mirq)
    SET_STVEC(sirq)
    li s10, CLINT_MTIMECMP
    li s11, CLINT_MSIP
    li t0, -1                   /* no timer interrupt until asked */
    sd t0, 0(s10)
    sw zero, 0(s11)
    csrw mip, zero

    /* CLINT lines show in mip; csrs cannot set MSIP or MTIP */
    TEST_CASE(1, a0, 0, csrr a0, mip; andi a0, a0, MIP_MSIP | MIP_MTIP)
    TEST_CASE(2, a0, 0, csrsi mip, MIP_MSIP; li t0, MIP_MTIP; csrs mip, t0; csrr a0, mip; andi a0, a0, MIP_MSIP | MIP_MTIP)
    li t0, 1
    sw t0, 0(s11)
    WAIT_MIP 3, MIP_MSIP, MIP_MSIP
    sw zero, 0(s11)
    WAIT_MIP 4, MIP_MSIP, 0
    sd zero, 0(s10)
    WAIT_MIP 5, MIP_MTIP, MIP_MTIP
    li t0, -1
    sd t0, 0(s10)
    WAIT_MIP 6, MIP_MTIP, 0

    /* MSI before MTI when both are pending in M */
    li t0, MIP_MSIP | MIP_MTIP
    csrw mie, t0
    li t0, 1
    sw t0, 0(s11)
    sd zero, 0(s10)
    WAIT_MIP 9, MIP_MSIP | MIP_MTIP, MIP_MSIP | MIP_MTIP
    CHECK_LOG_COUNT(10, 0)      /* nothing is taken while MIE = 0 */
    csrsi mstatus, MSTATUS_MIE
    nop
    csrci mstatus, MSTATUS_MIE
    CHECK_LOG_COUNT(11, 2)
    CHECK_LOG(12, 0, CAUSE_MSI)
    CHECK_LOG(13, 1, CAUSE_MTI)
    sw zero, 0(s11)
    li t0, -1
    sd t0, 0(s10)
    CLEAR_LOG

    /* SSI before STI when both are pending for S (taken in U) */
    li t0, MIP_SSIP | MIP_STIP
    csrw mideleg, t0
    csrw mie, t0
    csrs mip, t0
    li gp, 14
    RUN_U(u_spin)
    CHECK_TRAP(15, mtrap_info, CAUSE_USER_ECALL)
    CHECK_LOG_COUNT(16, 2)
    CHECK_LOG(17, 0, CAUSE_SSI | IRQ_LOG_S)
    CHECK_LOG(18, 1, CAUSE_STI | IRQ_LOG_S)
    csrw mip, zero
    csrw mideleg, zero
    CLEAR_LOG

    /* in S: SSI for M (not delegated) beats SEI for S (delegated) */
    li t0, MIP_SEIP
    csrw mideleg, t0
    li t0, MIP_SSIP | MIP_SEIP
    csrw mie, t0
    csrs mip, t0
    csrsi mstatus, MSTATUS_SIE
    li gp, 20
    RUN_S(s_spin)
    CHECK_TRAP(21, mtrap_info, CAUSE_SUPERVISOR_ECALL)
    CHECK_LOG_COUNT(22, 2)
    CHECK_LOG(23, 0, CAUSE_SSI)
    CHECK_LOG(24, 1, CAUSE_SEI | IRQ_LOG_S)
    csrw mip, zero
    csrci mstatus, MSTATUS_SIE
    CLEAR_LOG

    /* a delegated interrupt: never in M, in S only with SIE, always in U */
    li t0, MIP_SSIP
    csrw mideleg, t0
    csrw mie, t0
    csrs mip, t0
    csrsi mstatus, MSTATUS_MIE
    nop
    nop
    csrci mstatus, MSTATUS_MIE
    CHECK_LOG_COUNT(30, 0)
    li gp, 31                   /* SIE = 0 in S: not taken */
    RUN_S(s_spin)
    CHECK_TRAP(32, mtrap_info, CAUSE_SUPERVISOR_ECALL)
    CHECK_LOG_COUNT(33, 0)
    csrsi mstatus, MSTATUS_SIE  /* SIE = 1 in S: taken, sepc in s_spin */
    li gp, 38
    RUN_S(s_spin)
    CHECK_TRAP(39, mtrap_info, CAUSE_SUPERVISOR_ECALL)
    CHECK_LOG_COUNT(28, 1)
    CHECK_LOG(29, 0, CAUSE_SSI | IRQ_LOG_S)
    CLEAR_LOG
    li t0, MIP_SSIP
    csrw mie, t0
    csrs mip, t0
    csrci mstatus, MSTATUS_SIE
    li gp, 34                   /* SIE = 0 in U: taken, in S */
    RUN_U(u_spin)
    CHECK_TRAP(35, mtrap_info, CAUSE_USER_ECALL)
    CHECK_LOG_COUNT(36, 1)
    CHECK_LOG(37, 0, CAUSE_SSI | IRQ_LOG_S)
    csrw mip, zero
    CLEAR_LOG

    /* not delegated: SSI from S goes to M even with SIE = 0 */
    csrw mideleg, zero
    li t0, MIP_SSIP
    csrw mie, t0
    csrs mip, t0
    li gp, 40
    RUN_S(s_spin)
    CHECK_TRAP(43, mtrap_info, CAUSE_SUPERVISOR_ECALL)
    CHECK_LOG_COUNT(41, 1)
    CHECK_LOG(42, 0, CAUSE_SSI)
    csrw mip, zero
    CLEAR_LOG

    /* S may set and clear sip.SSIP (delegated), not sip.STIP */
    li t0, MIP_SSIP | MIP_STIP
    csrw mideleg, t0
    csrw mie, zero
    li gp, 45
    RUN_S(s_sip)
    CHECK_TRAP(46, mtrap_info, CAUSE_SUPERVISOR_ECALL)
    CHECK_EQ(47, a0, MIP_SSIP)
    CHECK_EQ(48, a1, 0)
    csrw mip, zero
    csrw mideleg, zero

    /* vectored mtvec: MSI to base + 4 * 3, MTI to base + 4 * 7 */
    la t0, mvec
    ori t0, t0, 1
    csrw mtvec, t0
    li t0, MIP_MSIP | MIP_MTIP
    csrw mie, t0
    li t0, 1
    sw t0, 0(s11)
    WAIT_MIP 49, MIP_MSIP, MIP_MSIP
    csrsi mstatus, MSTATUS_MIE
    nop
    csrci mstatus, MSTATUS_MIE
    sw zero, 0(s11)
    CHECK_LOG_COUNT(50, 1)
    CHECK_LOG(51, 0, 3)         /* vector slot number */
    sd zero, 0(s10)
    WAIT_MIP 54, MIP_MTIP, MIP_MTIP
    csrsi mstatus, MSTATUS_MIE
    nop
    csrci mstatus, MSTATUS_MIE
    li t0, -1
    sd t0, 0(s10)
    CHECK_LOG_COUNT(52, 2)
    CHECK_LOG(53, 1, 7)
    SET_MTVEC(mirq)
    CLEAR_LOG

    /* vectored stvec: delegated SSI to base + 4 * 1 */
    la t0, svec
    ori t0, t0, 1
    csrw stvec, t0
    li t0, MIP_SSIP
    csrw mideleg, t0
    csrw mie, t0
    csrs mip, t0
    li gp, 55
    RUN_U(u_spin)
    CHECK_TRAP(56, mtrap_info, CAUSE_USER_ECALL)
    CHECK_LOG_COUNT(57, 1)
    CHECK_LOG(58, 0, 1 | IRQ_LOG_S)
    SET_STVEC(sirq)
    csrw mip, zero
    csrw mideleg, zero
    CLEAR_LOG

    /* machine timer: fires once mtime reaches mtimecmp */
    li t0, MIP_MTIP
    csrw mie, t0
    li t0, CLINT_MTIME
    ld s0, 0(t0)
    addi s0, s0, 1000           /* 100 us at 10 MHz */
    sd s0, 0(s10)
    csrsi mstatus, MSTATUS_MIE
    WAIT_LOG 60, 1
    csrci mstatus, MSTATUS_MIE
    CHECK_LOG(61, 0, CAUSE_MTI)
    li gp, 62
    li t0, CLINT_MTIME
    ld a0, 0(t0)
    bltu a0, s0, fail
    TEST_CASE(63, a0, MIP_MTIP, csrr a0, mip; andi a0, a0, MIP_MTIP)
    li t0, -1
    sd t0, 0(s10)
    WAIT_MIP 64, MIP_MTIP, 0
    csrw mie, zero

    j pass

/* ---- code run in S or U ---- */
    .align 2
s_spin:
u_spin:
    nop
    nop
    nop
    nop
    ecall
    j fail

s_sip:                          /* a0 = sip.SSIP after setting, a1 = sip.STIP after trying */
    csrsi sip, MIP_SSIP
    csrr a0, sip
    andi a0, a0, MIP_SSIP
    csrci sip, MIP_SSIP
    li t0, MIP_STIP
    csrs sip, t0
    csrr a1, sip
    andi a1, a1, MIP_STIP
    ecall
    j fail

/* ---- handlers ---- */
    IRQ_LOG_HANDLER mirq, m, 0, mtrap_record
    IRQ_LOG_HANDLER sirq, s, IRQ_LOG_S, unexpected_strap
    TRAP_RECORD_HANDLER mtrap_record, m, mtrap_info

/* Vector tables: slot i jumps to code that logs i (plus IRQ_LOG_S in S)
 * and masks irq i.  Slots are 4-byte jumps, so no compressed encodings. */
    .align 8
mvec:
    .option push
    .option norvc
    j fail                      /* 0: exceptions */
    j fail
    j fail
    j mvec_3
    j fail
    j fail
    j fail
    j mvec_7
    .option pop
mvec_3:
    csrw mscratch, t0
    la t0, irq_log
    sd t1, IL_SAVE1(t0)
    li t1, 3
    j mvec_log
mvec_7:
    csrw mscratch, t0
    la t0, irq_log
    sd t1, IL_SAVE1(t0)
    li t1, 7
mvec_log:                       /* t0 = irq_log: log t1, mask irq t1, mret */
    sd t2, IL_SAVE2(t0)
    ld t2, IL_COUNT(t0)
    addi t2, t2, 1
    sd t2, IL_COUNT(t0)
    slli t2, t2, 3
    add t2, t2, t0
    sd t1, IL_ENTRIES - 8(t2)
    li t2, 1
    sll t2, t2, t1
    csrc mie, t2
    ld t1, IL_SAVE1(t0)
    ld t2, IL_SAVE2(t0)
    csrr t0, mscratch
    mret

    .align 8
svec:
    .option push
    .option norvc
    j fail
    j svec_1
    j fail
    j fail
    j fail
    j fail
    .option pop
svec_1:
    csrw sscratch, t0
    la t0, irq_log
    sd t1, IL_SAVE1(t0)
    sd t2, IL_SAVE2(t0)
    ld t2, IL_COUNT(t0)
    addi t2, t2, 1
    sd t2, IL_COUNT(t0)
    slli t2, t2, 3
    add t2, t2, t0
    li t1, 1 | IRQ_LOG_S
    sd t1, IL_ENTRIES - 8(t2)
    csrci sie, MIP_SSIP
    ld t1, IL_SAVE1(t0)
    ld t2, IL_SAVE2(t0)
    csrr t0, sscratch
    sret
TEST_END
