/*
 * priv_delegation.S - exception delegation through medeleg (privileged spec
 * 3.1.8, 4.1).
 *
 * ecall from U with medeleg[8] set lands in stvec with scause 8, sepc at the
 * ecall, SPP = U; without delegation it goes to M with mcause 8; ecall from S
 * is cause 9 (to M, or to S when medeleg[9] is set, with SPP = S); a trap
 * taken in M never goes to S even when its cause is delegated; a delegated illegal instruction from U gives
 * stval = the bits; the bits OS kernels use (2, 3, 8, 12, 13, 15) are
 * writable; sret returns to the mode in SPP.
 * (medeleg[11] being read-only 0 is checked in spec_strict.S: QEMU 7.2 lets
 * it be set.)
 */
#include "common.h"

TEST_START
    SET_MTVEC(mtrap_record)
    SET_STVEC(strap_record)

    /* medeleg WARL: the common bits are writable */
    li t0, -1
    csrw medeleg, t0
    csrr s0, medeleg
    li gp, 2
    li t0, (1 << CAUSE_ILLEGAL_INSTRUCTION) | (1 << CAUSE_BREAKPOINT) | (1 << CAUSE_USER_ECALL) | (1 << CAUSE_FETCH_PAGE_FAULT) | (1 << CAUSE_LOAD_PAGE_FAULT) | (1 << CAUSE_STORE_PAGE_FAULT)
    and t1, s0, t0
    bne t1, t0, fail

    /* M-mode traps stay in M even when their cause is delegated */
    li gp, 3
1:  ecall
    CHECK_TRAP(4, mtrap_info, CAUSE_MACHINE_ECALL)
    li gp, 5
    .word 0xffffffff
    CHECK_TRAP(6, mtrap_info, CAUSE_ILLEGAL_INSTRUCTION)
    CHECK_NO_TRAP(7, strap_info)

    /* U ecall delegated: to S with scause 8; then U ebreak (not delegated) to M */
    li t0, 1 << CAUSE_USER_ECALL
    csrw medeleg, t0
    li gp, 10
    TRAP_RESUME_AT(mtrap_info, 1f)
    ENTER_U(u_ecall_ebreak)
1:  CHECK_TRAP(11, strap_info, CAUSE_USER_ECALL)
    la a1, u_ecall
    CHECK_TI(12, strap_info, TI_EPC, a1)
    CHECK_TI(13, strap_info, TI_TVAL, zero)
    la t5, strap_info
    ld a0, TI_STATUS(t5)
    andi a0, a0, MSTATUS_SPP
    CHECK_EQ(14, a0, 0)         /* came from U */
    CHECK_TRAP(15, mtrap_info, CAUSE_BREAKPOINT)
    la a1, u_ebreak
    CHECK_TI(16, mtrap_info, TI_EPC, a1)
    la t5, mtrap_info
    ld a0, TI_STATUS(t5)
    li t0, MSTATUS_MPP
    and a0, a0, t0
    CHECK_EQ(17, a0, MSTATUS_MPP_U)

    /* not delegated: U ecall goes to M with mcause 8 */
    csrw medeleg, zero
    li gp, 20
    TRAP_RESUME_AT(mtrap_info, 1f)
    ENTER_U(u_ecall_ebreak)
1:  CHECK_TRAP(21, mtrap_info, CAUSE_USER_ECALL)
    la a1, u_ecall
    CHECK_TI(22, mtrap_info, TI_EPC, a1)
    CHECK_NO_TRAP(23, strap_info)

    /* S ecall, not delegated: to M with mcause 9, MPP = S */
    li t0, 1 << CAUSE_USER_ECALL
    csrw medeleg, t0            /* delegating 8 must not catch cause 9 */
    li gp, 30
    TRAP_RESUME_AT(mtrap_info, 1f)
    ENTER_S(s_ecall_ebreak)
1:  CHECK_TRAP(31, mtrap_info, CAUSE_SUPERVISOR_ECALL)
    la a1, s_ecall
    CHECK_TI(32, mtrap_info, TI_EPC, a1)
    la t5, mtrap_info
    ld a0, TI_STATUS(t5)
    li t0, MSTATUS_MPP
    and a0, a0, t0
    CHECK_EQ(33, a0, MSTATUS_MPP_S)
    CHECK_NO_TRAP(34, strap_info)

    /* S ecall delegated: to S with scause 9, SPP = S; sret back to S */
    li t0, 1 << CAUSE_SUPERVISOR_ECALL
    csrw medeleg, t0
    li gp, 40
    TRAP_RESUME_AT(mtrap_info, 1f)
    ENTER_S(s_ecall_ebreak)
1:  CHECK_TRAP(41, strap_info, CAUSE_SUPERVISOR_ECALL)
    la a1, s_ecall
    CHECK_TI(42, strap_info, TI_EPC, a1)
    la t5, strap_info
    ld a0, TI_STATUS(t5)
    andi a0, a0, MSTATUS_SPP
    CHECK_EQ(43, a0, MSTATUS_SPP)
    CHECK_TRAP(44, mtrap_info, CAUSE_BREAKPOINT)   /* the ebreak ran in S */
    la t5, mtrap_info
    ld a0, TI_STATUS(t5)
    li t0, MSTATUS_MPP
    and a0, a0, t0
    CHECK_EQ(45, a0, MSTATUS_MPP_S)

    /* a delegated illegal instruction from U: stval = the instruction */
    li t0, 1 << CAUSE_ILLEGAL_INSTRUCTION
    csrw medeleg, t0
    li gp, 50
    TRAP_RESUME_AT(mtrap_info, 1f)
    ENTER_U(u_illegal)
1:  CHECK_TRAP(51, strap_info, CAUSE_ILLEGAL_INSTRUCTION)
    la a1, u_illegal
    CHECK_TI(52, strap_info, TI_EPC, a1)
    li a1, 0x00007003
    CHECK_TI(53, strap_info, TI_TVAL, a1)
    CHECK_TRAP(54, mtrap_info, CAUSE_USER_ECALL)

    /* S touches an M CSR: illegal, delegated, so S handles its own fault */
    li gp, 60
    TRAP_RESUME_AT(mtrap_info, 1f)
    ENTER_S(s_read_mstatus)
1:  CHECK_TRAP(61, strap_info, CAUSE_ILLEGAL_INSTRUCTION)
    la a1, s_read_mstatus
    CHECK_TI(62, strap_info, TI_EPC, a1)
    CHECK_TRAP(63, mtrap_info, CAUSE_SUPERVISOR_ECALL)

    j pass

    .align 2
u_ecall_ebreak:
u_ecall:
    ecall
u_ebreak:
    ebreak
    j fail

s_ecall_ebreak:
s_ecall:
    ecall
    ebreak
    j fail

u_illegal:
    .word 0x00007003            /* LOAD, funct3 = 7: reserved */
    ecall                       /* back to M (8 is not delegated here) */
    j fail

s_read_mstatus:
    csrr a0, mstatus
    ecall
    j fail

    TRAP_RECORD_HANDLER mtrap_record, m, mtrap_info
    TRAP_RECORD_HANDLER strap_record, s, strap_info
TEST_END
