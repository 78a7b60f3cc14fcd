/*
 * spec_strict.S - spec rules that QEMU 7.2 does not follow, so this test runs
 * on rvemu only (CMakeLists.txt: ISA_TESTS_NOT_ON_QEMU).  Each check says
 * what QEMU 7.2 does instead.
 */
#include "common.h"

TEST_START
    .option norvc
    SET_MTVEC(mtrap_record)

    /*
     * csrrs/csrrc with rs1 != x0 attempt a write even when rs1 holds 0
     * (unprivileged spec 9.1, "will still attempt to write the unmodified
     * value back"), so on a read-only CSR they are illegal, even in M-mode.
     * QEMU 7.2: decides by the mask value and lets them through.
     */
    li a1, 0
    li gp, 1
1:  csrrs a0, mhartid, a1
    CHECK_TRAP(2, mtrap_info, CAUSE_ILLEGAL_INSTRUCTION)
    la a5, 1b
    lwu a5, 0(a5)
    CHECK_TI(3, mtrap_info, TI_TVAL, a5)
    li gp, 4
    csrrc a0, mvendorid, a1
    CHECK_TRAP(5, mtrap_info, CAUSE_ILLEGAL_INSTRUCTION)
    li gp, 6
    csrrs x0, instret, a1
    CHECK_TRAP(7, mtrap_info, CAUSE_ILLEGAL_INSTRUCTION)
    csrrs a0, mhartid, x0       /* rs1 = x0: a plain read */
    csrrc a0, mvendorid, x0
    CHECK_NO_TRAP(8, mtrap_info)

    /*
     * mepc[0] and sepc[0] are always zero (privileged spec 3.1.14, 4.1.7).
     * QEMU 7.2: stores and returns all 64 bits.
     */
    TEST_CASE(10, a0, 0x80001002, li a1, 0x80001003; csrw mepc, a1; csrr a0, mepc)
    TEST_CASE(11, a0, 0x80001006, li a1, 0x80001007; csrw sepc, a1; csrr a0, sepc)

    /*
     * A misaligned AMO raises store/AMO address misaligned (6) or a
     * store/AMO access fault (7), never a load exception (privileged spec
     * 3.7, table of exception codes).  QEMU 7.2: cause 4.
     */
    la s0, amo_data
    addi s4, s0, 2
    li gp, 20
    amoadd.w a0, a0, (s4)
    CHECK_TI(21, mtrap_info, TI_TVAL, s4)
    la t5, mtrap_info
    ld t6, TI_CAUSE(t5)
    li t0, CAUSE_MISALIGNED_STORE
    beq t6, t0, 1f
    CHECK_TRAP(22, mtrap_info, CAUSE_STORE_ACCESS)
    j 2f
1:  CHECK_TRAP(23, mtrap_info, CAUSE_MISALIGNED_STORE)
2:

    /*
     * medeleg[11] (ecall from M) is read-only zero (privileged spec 3.1.8).
     * QEMU 7.2: writable.
     */
    li t0, -1
    csrw medeleg, t0
    csrr a0, medeleg
    csrw medeleg, zero
    li t0, 1 << CAUSE_MACHINE_ECALL
    and a0, a0, t0
    CHECK_EQ(30, a0, 0)

    /*
     * An mret or sret that leaves M also clears MPRV (privileged spec 1.12,
     * 3.1.6.3).  QEMU 7.2: MPRV stays set.
     */
    li t0, MSTATUS_MPRV
    csrs mstatus, t0
    li gp, 40
    TRAP_RESUME_AT(mtrap_info, 1f)
    ENTER_S(s_ecall)
1:  CHECK_TRAP(41, mtrap_info, CAUSE_SUPERVISOR_ECALL)
    csrr a0, mstatus
    li t0, MSTATUS_MPRV
    and a0, a0, t0
    CHECK_EQ(42, a0, 0)
    li t0, MSTATUS_MPRV         /* the same through sret from M */
    csrs mstatus, t0
    li t0, MSTATUS_SPP
    csrc mstatus, t0
    la t0, u_ecall
    csrw sepc, t0
    li gp, 43
    TRAP_RESUME_AT(mtrap_info, 1f)
    sret
1:  CHECK_TRAP(44, mtrap_info, CAUSE_USER_ECALL)
    csrr a0, mstatus
    li t0, MSTATUS_MPRV
    and a0, a0, t0
    CHECK_EQ(45, a0, 0)

    /*
     * mstatus.MPP is WARL: the reserved value 2 is never held (privileged
     * spec 3.1.6.1).  QEMU 7.2: stores 2.
     */
    li t0, MSTATUS_MPP
    csrc mstatus, t0
    li t0, 2 << 11
    csrs mstatus, t0
    csrr a0, mstatus
    li t0, MSTATUS_MPP
    and a0, a0, t0
    li gp, 50
    li t0, 2 << 11
    beq a0, t0, fail

    /*
     * Interrupt priority for one privilege level: MEI > MSI > MTI > SEI >
     * SSI > STI (privileged spec 3.1.9).  QEMU 7.2 without AIA takes the
     * lowest-numbered one first (SSI, MSI, STI, MTI, SEI).
     */
    SET_MTVEC(mirq)
    csrci mstatus, MSTATUS_MIE
    li s10, CLINT_MTIMECMP
    li s11, CLINT_MSIP
    csrw mideleg, zero
    li t0, MIP_MSIP | MIP_MTIP | MIP_SEIP | MIP_SSIP | MIP_STIP
    csrw mie, t0
    li t0, MIP_SEIP | MIP_SSIP | MIP_STIP
    csrs mip, t0
    li t0, 1
    sw t0, 0(s11)
    sd zero, 0(s10)
    WAIT_MIP 59, MIP_MSIP | MIP_MTIP, MIP_MSIP | MIP_MTIP
    csrsi mstatus, MSTATUS_MIE
    nop
    csrci mstatus, MSTATUS_MIE
    sw zero, 0(s11)
    li t0, -1
    sd t0, 0(s10)
    csrw mip, zero
    CHECK_LOG_COUNT(60, 5)
    CHECK_LOG(61, 0, CAUSE_INTR | IRQ_M_SOFT)
    CHECK_LOG(62, 1, CAUSE_INTR | IRQ_M_TIMER)
    CHECK_LOG(63, 2, CAUSE_INTR | IRQ_S_EXT)
    CHECK_LOG(64, 3, CAUSE_INTR | IRQ_S_SOFT)
    CHECK_LOG(65, 4, CAUSE_INTR | IRQ_S_TIMER)
    SET_MTVEC(mtrap_record)

    j pass

s_ecall:
u_ecall:
    ecall
    j fail

    TRAP_RECORD_HANDLER mtrap_record, m, mtrap_info
    IRQ_LOG_HANDLER mirq, m, 0, mtrap_record
TEST_END

    .data
    .align 3
amo_data: .dword 0
