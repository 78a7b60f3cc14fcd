/*
 * priv_sstc.S - the Sstc supervisor timer as xv6 (2022+) uses it: menvcfg.STCE
 * (bit 63), mcounteren.TM and stimecmp (CSR 0x14d), compared against time
 * (Sstc spec; privileged spec 1.12 3.1.18).
 *
 * With STCE = 1, mip.STIP is (time >= stimecmp) and M cannot write it; S-mode
 * writes stimecmp and takes supervisor timer interrupts (five in a row, each
 * handler rearming stimecmp as xv6's does); S access to stimecmp is illegal
 * when mcounteren.TM = 0 or when STCE = 0.
 */
#include "common.h"

#define RUN_S(label) TRAP_RESUME_AT(mtrap_info, 1f); ENTER_S(label); 1:
#define TICK 1000               /* 100 us at 10 MHz */
#define NTICKS 5

TEST_START
    SET_MTVEC(mtrap_record)
    SET_STVEC(s_timer_handler)

    /* menvcfg.STCE sticks */
    li t0, MENVCFG_STCE
    csrs CSR_MENVCFG, t0
    TEST_CASE(1, a0, 1, csrr a0, CSR_MENVCFG; srli a0, a0, 63)
    li t0, COUNTEREN_TM
    csrw mcounteren, t0

    /* STIP follows time >= stimecmp; csrs mip cannot set it */
    li t0, -1
    csrw CSR_STIMECMP, t0
    TEST_CASE(2, a0, 0, csrr a0, mip; andi a0, a0, MIP_STIP)
    TEST_CASE(3, a0, 0, li t0, MIP_STIP; csrs mip, t0; csrr a0, mip; andi a0, a0, MIP_STIP)
    csrw CSR_STIMECMP, zero
    WAIT_MIP 4, MIP_STIP, MIP_STIP
    TEST_CASE(5, a0, 0, csrr a0, CSR_STIMECMP)
    li t0, -1
    csrw CSR_STIMECMP, t0
    WAIT_MIP 6, MIP_STIP, 0

    /* S-mode ticks: NTICKS supervisor timer interrupts */
    li t0, MIP_STIP
    csrw mideleg, t0
    csrw mie, t0
    li gp, 10
    RUN_S(s_ticks)
    CHECK_TRAP(11, mtrap_info, CAUSE_SUPERVISOR_ECALL)
    CHECK_EQ(12, a0, NTICKS)    /* ticks counted by the handler */
    CHECK_EQ(13, a1, 0)         /* STIP after the last rearm to "never" */
    csrw mie, zero
    csrw mideleg, zero

    /* mcounteren.TM = 0: stimecmp is illegal in S */
    csrw mcounteren, zero
    li gp, 20
    RUN_S(s_read_stimecmp)
    CHECK_TRAP(21, mtrap_info, CAUSE_ILLEGAL_INSTRUCTION)
    li t0, COUNTEREN_TM
    csrw mcounteren, t0
    li gp, 22
    RUN_S(s_read_stimecmp)
    CHECK_TRAP(23, mtrap_info, CAUSE_SUPERVISOR_ECALL)

    /* STCE = 0: stimecmp is illegal in S */
    li t0, MENVCFG_STCE
    csrc CSR_MENVCFG, t0
    li gp, 24
    RUN_S(s_read_stimecmp)
    CHECK_TRAP(25, mtrap_info, CAUSE_ILLEGAL_INSTRUCTION)

    j pass

/* ---- S-mode code ---- */
    .align 2
s_ticks:                        /* a0 = ticks taken, a1 = STIP at the end */
    li a0, 0
    rdtime t0
    addi t0, t0, TICK
    csrw CSR_STIMECMP, t0
    li t0, MIP_STIP
    csrs sie, t0
    csrsi sstatus, MSTATUS_SIE
    li t1, 50000000             /* polls before giving up */
1:  li t0, NTICKS
    beq a0, t0, 2f
    addi t1, t1, -1
    bnez t1, 1b
    ecall                       /* a0 != NTICKS: the check fails */
2:  csrci sstatus, MSTATUS_SIE
    li t0, -1
    csrw CSR_STIMECMP, t0
    csrr a1, sip
    andi a1, a1, MIP_STIP
    ecall
    j fail

s_read_stimecmp:
    csrr a2, CSR_STIMECMP
    ecall
    j fail

/* S timer handler: count the tick in a0, rearm (the last one: never). */
    .align 2
s_timer_handler:
    csrr t2, scause
    li t3, CAUSE_INTR | IRQ_S_TIMER
    bne t2, t3, unexpected_strap
    addi a0, a0, 1
    li t3, NTICKS
    beq a0, t3, 1f
    rdtime t2
    addi t2, t2, TICK
    csrw CSR_STIMECMP, t2
    sret
1:  li t2, -1
    csrw CSR_STIMECMP, t2
    sret

    TRAP_RECORD_HANDLER mtrap_record, m, mtrap_info
TEST_END
