/*
 * priv_mret_sret.S - xRET and the mstatus/sstatus fields around privilege
 * changes (privileged spec 3.1.6, 3.3.2, 4.1.1).
 *
 * mret to S and U through MPP (checked by the ecall cause they then raise);
 * mret sets MIE = MPIE, MPIE = 1, MPP = U;
 * sret from S and from M goes to the mode in SPP with SIE = SPIE, SPIE = 1,
 * SPP = U; sstatus is a restricted view of mstatus; TSR makes sret illegal
 * in S, TW makes wfi illegal in S and U, TVM makes satp and sfence.vma
 * illegal in S; sret in U and mret in S/U are illegal.
 * (xRET clearing MPRV when it leaves M is checked in spec_strict.S: QEMU 7.2
 * does not do it.)
 */
#include "common.h"

#define MPP_OF(reg) li t0, MSTATUS_MPP; and reg, reg, t0

/* mstatus as the M handler saw it at the last trap, into reg */
#define TRAP_MSTATUS(reg) la t5, mtrap_info; ld reg, TI_STATUS(t5)

TEST_START
    SET_MTVEC(mtrap_record)

    /* mret to S: S may read sstatus; its ecall is cause 9 */
    li gp, 1
    TRAP_RESUME_AT(mtrap_info, 1f)
    ENTER_S(s_sstatus_ecall)
1:  CHECK_TRAP(2, mtrap_info, CAUSE_SUPERVISOR_ECALL)
    TRAP_MSTATUS(s0)
    MPP_OF(s0)
    CHECK_EQ(3, s0, MSTATUS_MPP_S)

    /* mret to U: its ecall is cause 8 */
    li gp, 4
    TRAP_RESUME_AT(mtrap_info, 1f)
    ENTER_U(u_ecall)
1:  CHECK_TRAP(5, mtrap_info, CAUSE_USER_ECALL)
    TRAP_MSTATUS(s0)
    MPP_OF(s0)
    CHECK_EQ(6, s0, MSTATUS_MPP_U)

    /* mret: MIE = MPIE, MPIE = 1, MPP = U (here returning to M) */
    li t0, MSTATUS_MPP | MSTATUS_MPIE
    csrs mstatus, t0
    csrci mstatus, MSTATUS_MIE
    la t0, 1f
    csrw mepc, t0
    mret
1:  csrr s0, mstatus
    li t0, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP
    and s0, s0, t0
    CHECK_EQ(10, s0, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP_U)
    csrci mstatus, MSTATUS_MIE

    /* sret from S to U: SIE = SPIE, SPIE = 1, SPP = U */
    li gp, 20
    TRAP_RESUME_AT(mtrap_info, 1f)
    ENTER_S(s_sret_to_u)
1:  CHECK_TRAP(21, mtrap_info, CAUSE_USER_ECALL)
    TRAP_MSTATUS(s0)
    andi s0, s0, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP
    CHECK_EQ(22, s0, MSTATUS_SIE | MSTATUS_SPIE)
    csrci mstatus, MSTATUS_SIE

    /* sret from S to S with SPIE = 0: SIE = 0 */
    li gp, 23
    TRAP_RESUME_AT(mtrap_info, 1f)
    ENTER_S(s_sret_to_s)
1:  CHECK_TRAP(24, mtrap_info, CAUSE_SUPERVISOR_ECALL)
    TRAP_MSTATUS(s0)
    andi s0, s0, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP
    CHECK_EQ(25, s0, MSTATUS_SPIE)

    /* sret executed in M goes to the mode in SPP */
    li gp, 26
    li t0, MSTATUS_SPP
    csrs mstatus, t0
    la t0, s_ecall
    csrw sepc, t0
    TRAP_RESUME_AT(mtrap_info, 1f)
    sret
1:  CHECK_TRAP(27, mtrap_info, CAUSE_SUPERVISOR_ECALL)

    /* sstatus is a view of mstatus */
    csrw sstatus, zero
    TEST_CASE(30, a0, MSTATUS_SIE, csrsi sstatus, MSTATUS_SIE; csrr a0, mstatus; andi a0, a0, MSTATUS_SIE)
    TEST_CASE(31, a0, MSTATUS_SPP, li t0, MSTATUS_SPP; csrs mstatus, t0; csrr a0, sstatus; andi a0, a0, MSTATUS_SPP)
    csrw sstatus, zero
    li t0, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP_S
    csrs mstatus, t0
    TEST_CASE(32, a0, 0, csrr a0, sstatus; li t0, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP; and a0, a0, t0)
    li t0, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_TSR | MSTATUS_TW | MSTATUS_TVM | MSTATUS_MPRV
    csrc sstatus, t0            /* M-only fields cannot be touched through sstatus */
    TEST_CASE(33, a0, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP_S, csrr a0, mstatus; li t0, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP; and a0, a0, t0)
    li t0, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP
    csrc mstatus, t0
    li t0, MSTATUS_SUM | MSTATUS_MXR
    csrs sstatus, t0
    TEST_CASE(34, a0, MSTATUS_SUM | MSTATUS_MXR, csrr a0, mstatus; li t0, MSTATUS_SUM | MSTATUS_MXR; and a0, a0, t0)
    li t0, MSTATUS_SUM | MSTATUS_MXR
    csrc mstatus, t0

    /* TSR: sret in S is illegal; in M it still works */
    li t0, MSTATUS_TSR
    csrs mstatus, t0
    li gp, 40
    TRAP_RESUME_AT(mtrap_info, 1f)
    ENTER_S(s_sret_to_u)
1:  CHECK_TRAP(41, mtrap_info, CAUSE_ILLEGAL_INSTRUCTION)
    la a1, s_sret_insn
    CHECK_TI(42, mtrap_info, TI_EPC, a1)
    li gp, 43
    li t0, MSTATUS_SPP
    csrs mstatus, t0
    la t0, s_ecall
    csrw sepc, t0
    TRAP_RESUME_AT(mtrap_info, 1f)
    sret
1:  CHECK_TRAP(44, mtrap_info, CAUSE_SUPERVISOR_ECALL)
    li t0, MSTATUS_TSR
    csrc mstatus, t0

    /* TW: wfi in S and in U is illegal */
    li t0, MSTATUS_TW
    csrs mstatus, t0
    li gp, 50
    TRAP_RESUME_AT(mtrap_info, 1f)
    ENTER_S(s_wfi)
1:  CHECK_TRAP(51, mtrap_info, CAUSE_ILLEGAL_INSTRUCTION)
    la a1, s_wfi
    CHECK_TI(52, mtrap_info, TI_EPC, a1)
    li gp, 53
    TRAP_RESUME_AT(mtrap_info, 1f)
    ENTER_U(s_wfi)
1:  CHECK_TRAP(54, mtrap_info, CAUSE_ILLEGAL_INSTRUCTION)
    li t0, MSTATUS_TW
    csrc mstatus, t0

    /* TVM: satp and sfence.vma in S are illegal */
    li t0, MSTATUS_TVM
    csrs mstatus, t0
    li gp, 60
    TRAP_RESUME_AT(mtrap_info, 1f)
    ENTER_S(s_satp)
1:  CHECK_TRAP(61, mtrap_info, CAUSE_ILLEGAL_INSTRUCTION)
    li gp, 62
    TRAP_RESUME_AT(mtrap_info, 1f)
    ENTER_S(s_sfence)
1:  CHECK_TRAP(63, mtrap_info, CAUSE_ILLEGAL_INSTRUCTION)
    li t0, MSTATUS_TVM
    csrc mstatus, t0
    li gp, 64                   /* without TVM both are fine */
    TRAP_RESUME_AT(mtrap_info, 1f)
    ENTER_S(s_satp)
1:  CHECK_TRAP(65, mtrap_info, CAUSE_SUPERVISOR_ECALL)

    /* xRET from a mode below x is illegal */
    li gp, 70
    TRAP_RESUME_AT(mtrap_info, 1f)
    ENTER_U(u_sret)
1:  CHECK_TRAP(71, mtrap_info, CAUSE_ILLEGAL_INSTRUCTION)
    li gp, 72
    TRAP_RESUME_AT(mtrap_info, 1f)
    ENTER_S(s_mret)
1:  CHECK_TRAP(73, mtrap_info, CAUSE_ILLEGAL_INSTRUCTION)
    li gp, 74
    TRAP_RESUME_AT(mtrap_info, 1f)
    ENTER_U(s_mret)
1:  CHECK_TRAP(75, mtrap_info, CAUSE_ILLEGAL_INSTRUCTION)

    j pass

/* ---- code run in S or U; each ends with a trap back to M ---- */
    .align 2
s_sstatus_ecall:
    csrr a0, sstatus
s_ecall:
    ecall
    j fail

u_ecall:
    ecall
    j fail

s_sret_to_u:                    /* SPP = U, SPIE = 1, SIE = 0, then sret */
    li t0, MSTATUS_SPP
    csrc sstatus, t0
    csrci sstatus, MSTATUS_SIE
    li t0, MSTATUS_SPIE
    csrs sstatus, t0
    la t0, u_ecall
    csrw sepc, t0
s_sret_insn:
    sret
    j fail

s_sret_to_s:                    /* SPP = S, SPIE = 0, SIE = 1, then sret */
    li t0, MSTATUS_SPP
    csrs sstatus, t0
    csrsi sstatus, MSTATUS_SIE
    li t0, MSTATUS_SPIE
    csrc sstatus, t0
    la t0, s_ecall
    csrw sepc, t0
    sret
    j fail

s_wfi:
    wfi
    ecall
    j fail

s_satp:
    csrr a0, satp
    ecall
    j fail

s_sfence:
    sfence.vma
    ecall
    j fail

u_sret:
    sret
    j fail

s_mret:
    mret
    j fail

    TRAP_RECORD_HANDLER mtrap_record, m, mtrap_info
TEST_END
