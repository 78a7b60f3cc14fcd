/*
 * priv_wfi.S - wait for interrupt (privileged spec 3.3.3).
 *
 * wfi resumes when an interrupt is pending and enabled in mie, whatever the
 * global MIE: with one already pending it returns at once and nothing is
 * taken; waiting for the CLINT timer it wakes up when mtime reaches mtimecmp
 * (an emulator must let time pass while the hart sleeps); with MIE = 1 the
 * interrupt is taken and mepc is the instruction after the wfi; in S-mode a
 * pending delegated interrupt wakes wfi even with SIE = 0.
 */
#include "common.h"

#define RUN_S(label) TRAP_RESUME_AT(mtrap_info, 1f); ENTER_S(label); 1:

TEST_START
    SET_MTVEC(mtrap_record)
    li s10, CLINT_MTIMECMP
    li s11, CLINT_MSIP
    li t0, -1
    sd t0, 0(s10)
    sw zero, 0(s11)
    csrw mip, zero

    /* already pending (MSIP), MIE = 0: wfi returns, no trap */
    li t0, 1
    sw t0, 0(s11)
    WAIT_MIP 1, MIP_MSIP, MIP_MSIP
    li t0, MIP_MSIP
    csrw mie, t0
    li gp, 2
    wfi
    CHECK_NO_TRAP(3, mtrap_info)
    sw zero, 0(s11)
    WAIT_MIP 4, MIP_MSIP, 0

    /* waiting for the timer, MIE = 0: wfi (maybe several times) until MTIP */
    li t0, MIP_MTIP
    csrw mie, t0
    li t0, CLINT_MTIME
    ld s0, 0(t0)
    li t1, 20000                /* 2 ms */
    add s0, s0, t1
    sd s0, 0(s10)
    li gp, 10
    li s1, 1000000
1:  wfi
    csrr t0, mip
    andi t0, t0, MIP_MTIP
    bnez t0, 2f
    addi s1, s1, -1
    bnez s1, 1b
    j fail
2:  li gp, 11
    li t0, CLINT_MTIME
    ld a0, 0(t0)
    bltu a0, s0, fail           /* woke because the time has come */
    CHECK_NO_TRAP(12, mtrap_info)

    /* MIE = 1: the timer interrupt is taken right after the wfi. The
     * comparator goes to "never" first, so MTIP surely drops before the
     * timer is armed again, and the deadline is 20 ms away: on QEMU, whose
     * timer follows the host clock, a busy host must not make it fire
     * before the wfi. */
    li t1, -1
    sd t1, 0(s10)
    WAIT_MIP 19, MIP_MTIP, 0
    li t0, CLINT_MTIME
    ld s0, 0(t0)
    li t1, 200000
    add s0, s0, t1
    sd s0, 0(s10)
    li gp, 20
    li s1, 1000000
    csrsi mstatus, MSTATUS_MIE
3:  wfi
4:  la t5, mtrap_info
    ld t6, TI_COUNT(t5)
    bnez t6, 5f
    addi s1, s1, -1
    bnez s1, 3b
    j fail
5:  csrci mstatus, MSTATUS_MIE
    CHECK_TRAP(21, mtrap_info, CAUSE_INTR | IRQ_M_TIMER)
    la a1, 4b
    CHECK_TI(22, mtrap_info, TI_EPC, a1)
    li t0, -1
    sd t0, 0(s10)

    /* S-mode: a pending delegated SSI wakes wfi although SIE = 0 */
    li t0, MIP_SSIP
    csrw mideleg, t0
    csrw mie, t0
    csrs mip, t0
    csrci mstatus, MSTATUS_SIE
    li gp, 30
    RUN_S(s_wfi)
    CHECK_TRAP(31, mtrap_info, CAUSE_SUPERVISOR_ECALL)
    csrw mip, zero
    csrw mie, zero
    csrw mideleg, zero

    j pass

    .align 2
s_wfi:
    wfi
    ecall
    j fail

    TRAP_RECORD_HANDLER mtrap_record, m, mtrap_info
TEST_END
