/*
 * priv_csr_access.S - who may touch which CSR, and the WARL rules of the
 * privileged CSRs (privileged spec 2.1, 3.1, 4.1).
 *
 * U-mode access to S or M CSRs and S-mode access to M CSRs are illegal;
 * cycle/time/instret in S and U are gated by mcounteren and (for U)
 * scounteren; misa says RV64 with I, M, A, F, D, C, S, U; mstatus UXL/SXL
 * read 64-bit; SD mirrors FS = Dirty; an FP instruction makes FS Dirty;
 * FS = Off makes FP instructions and FP CSRs illegal; satp ignores writes
 * with an unsupported mode; mtvec/stvec keep vectored mode and refuse mode
 * 2; sie shows only delegated interrupts; mhpmcounter3 exists.
 */
#include "common.h"

/* Run label in S or U; come back to M at the first trap into M. */
#define RUN_S(label) TRAP_RESUME_AT(mtrap_info, 1f); ENTER_S(label); 1:
#define RUN_U(label) TRAP_RESUME_AT(mtrap_info, 1f); ENTER_U(label); 1:
/* The code run by RUN_x trapped with cause c (2 = illegal, 8/9 = got to its ecall). */
#define RAN_TO(n, c) CHECK_TRAP(n, mtrap_info, c)

#define MISA_MXL_64  (2 << 62)
#define MISA_EXT(c)  (1 << ((c) - 'A'))
#define MISA_IMAFDCSU (MISA_EXT('I') | MISA_EXT('M') | MISA_EXT('A') | MISA_EXT('F') | \
                       MISA_EXT('D') | MISA_EXT('C') | MISA_EXT('S') | MISA_EXT('U'))

TEST_START
    SET_MTVEC(mtrap_record)

    /* privilege levels of CSR numbers */
    li gp, 1
    RUN_U(u_sstatus)
    RAN_TO(2, CAUSE_ILLEGAL_INSTRUCTION)
    li gp, 3
    RUN_U(u_mstatus)
    RAN_TO(4, CAUSE_ILLEGAL_INSTRUCTION)
    li gp, 5
    RUN_S(u_mstatus)
    RAN_TO(6, CAUSE_ILLEGAL_INSTRUCTION)
    li gp, 7
    RUN_S(u_sstatus)
    RAN_TO(8, CAUSE_SUPERVISOR_ECALL)
    li gp, 9
    RUN_S(s_mscratch_write)
    RAN_TO(10, CAUSE_ILLEGAL_INSTRUCTION)
    li gp, 11                   /* U may use the FP CSRs */
    RUN_U(u_fcsr)
    RAN_TO(12, CAUSE_USER_ECALL)

    /* counters: mcounteren gates S and U, scounteren gates U */
    csrw mcounteren, zero
    csrw scounteren, zero
    li gp, 20
    RUN_S(x_cycle)
    RAN_TO(21, CAUSE_ILLEGAL_INSTRUCTION)
    li gp, 22
    RUN_U(x_cycle)
    RAN_TO(23, CAUSE_ILLEGAL_INSTRUCTION)
    li t0, COUNTEREN_CY | COUNTEREN_TM | COUNTEREN_IR
    csrw mcounteren, t0
    li gp, 24
    RUN_S(x_cycle)
    RAN_TO(25, CAUSE_SUPERVISOR_ECALL)
    li gp, 26
    RUN_S(x_time)
    RAN_TO(27, CAUSE_SUPERVISOR_ECALL)
    li gp, 28
    RUN_S(x_instret)
    RAN_TO(29, CAUSE_SUPERVISOR_ECALL)
    li gp, 30                   /* U still needs scounteren */
    RUN_U(x_cycle)
    RAN_TO(31, CAUSE_ILLEGAL_INSTRUCTION)
    li t0, COUNTEREN_TM
    csrw scounteren, t0
    li gp, 32
    RUN_U(x_time)
    RAN_TO(33, CAUSE_USER_ECALL)
    li gp, 34
    RUN_U(x_instret)
    RAN_TO(35, CAUSE_ILLEGAL_INSTRUCTION)
    li t0, COUNTEREN_CY | COUNTEREN_IR
    csrw scounteren, t0
    li gp, 36
    RUN_U(x_instret)
    RAN_TO(37, CAUSE_USER_ECALL)
    li gp, 38
    RUN_U(x_cycle)
    RAN_TO(39, CAUSE_USER_ECALL)
    li t0, COUNTEREN_TM         /* scounteren set but mcounteren clear: still illegal */
    csrw mcounteren, t0
    li gp, 40
    RUN_U(x_instret)
    RAN_TO(41, CAUSE_ILLEGAL_INSTRUCTION)
    li gp, 42
    RUN_S(x_instret)
    RAN_TO(43, CAUSE_ILLEGAL_INSTRUCTION)
    csrw mcounteren, zero
    csrw scounteren, zero

    /* read-only CSRs cannot be written, even in M */
    li gp, 50
    csrw mhartid, zero
    RAN_TO(51, CAUSE_ILLEGAL_INSTRUCTION)
    li gp, 52
    csrw time, zero
    RAN_TO(53, CAUSE_ILLEGAL_INSTRUCTION)

    /* misa: RV64, IMAFDCSU (other extensions may be present) */
    csrr s0, misa
    srli a0, s0, 62
    CHECK_EQ(60, a0, 2)
    li t0, MISA_IMAFDCSU
    and a0, s0, t0
    CHECK_EQ(61, a0, MISA_IMAFDCSU)
    andi a0, s0, MISA_EXT('E')
    CHECK_EQ(62, a0, 0)

    /* mstatus: UXL = SXL = 64-bit */
    csrr s0, mstatus
    li t0, MSTATUS_UXL | MSTATUS_SXL
    and a0, s0, t0
    CHECK_EQ(70, a0, (2 << 32) | (2 << 34))
    csrr s0, sstatus            /* sstatus shows UXL */
    li t0, MSTATUS_UXL
    and a0, s0, t0
    CHECK_EQ(71, a0, 2 << 32)

    /* FS and SD */
    li t0, MSTATUS_FS
    csrc mstatus, t0
    li t0, MSTATUS_FS_DIRTY
    csrs mstatus, t0
    TEST_CASE(72, a0, 1, csrr a0, mstatus; srli a0, a0, 63)
    TEST_CASE(73, a0, 1, csrr a0, sstatus; srli a0, a0, 63)
    li t0, MSTATUS_FS
    csrc mstatus, t0
    li t0, MSTATUS_FS_CLEAN
    csrs mstatus, t0
    TEST_CASE(74, a0, 0, csrr a0, mstatus; srli a0, a0, 63)
    li gp, 75                   /* writing an FP register makes FS Dirty */
    fmv.d.x fa0, zero
    csrr s0, mstatus
    li t0, MSTATUS_FS
    and a0, s0, t0
    CHECK_EQ(76, a0, MSTATUS_FS_DIRTY)
    srli a0, s0, 63
    CHECK_EQ(77, a0, 1)
    li t0, MSTATUS_FS
    csrc mstatus, t0
    li t0, MSTATUS_FS_INITIAL
    csrs mstatus, t0
    li gp, 78                   /* so does changing fflags */
    csrwi fflags, 1
    csrr s0, mstatus
    li t0, MSTATUS_FS
    and a0, s0, t0
    CHECK_EQ(79, a0, MSTATUS_FS_DIRTY)

    /* FS = Off: FP instructions and FP CSRs are illegal */
    li t0, MSTATUS_FS
    csrc mstatus, t0
    li gp, 80
    fadd.d fa0, fa1, fa2
    RAN_TO(81, CAUSE_ILLEGAL_INSTRUCTION)
    li gp, 82
    fld fa0, 0(sp)
    RAN_TO(83, CAUSE_ILLEGAL_INSTRUCTION)
    li gp, 84
    fmv.x.d a0, fa0
    RAN_TO(85, CAUSE_ILLEGAL_INSTRUCTION)
    li gp, 86
    csrr a0, fcsr
    RAN_TO(87, CAUSE_ILLEGAL_INSTRUCTION)
    li gp, 88
    csrwi frm, 0
    RAN_TO(89, CAUSE_ILLEGAL_INSTRUCTION)
    li gp, 90
    RUN_U(u_fcsr)
    RAN_TO(91, CAUSE_ILLEGAL_INSTRUCTION)
    li t0, MSTATUS_FS_INITIAL
    csrs mstatus, t0
    li gp, 92
    fmv.x.d a0, fa0
    CHECK_NO_TRAP(93, mtrap_info)

    /* satp is WARL: a write naming an unsupported mode is ignored */
    csrw satp, zero
    TEST_CASE(100, a0, 0, li t0, (1 << 60) | 0x1234; csrw satp, t0; csrr a0, satp)
    TEST_CASE(101, a0, 0, li t0, (15 << 60) | 0x1234; csrw satp, t0; csrr a0, satp)
    TEST_CASE(102, a0, SATP_MODE_SV39 | 0x1234, li t0, SATP_MODE_SV39 | 0x1234; csrw satp, t0; csrr a0, satp)
    TEST_CASE(103, a0, SATP_MODE_SV39 | 0x1234, li t0, (7 << 60) | 0x5678; csrw satp, t0; csrr a0, satp)
    TEST_CASE(104, a0, SATP_MODE_SV48 | 0x1234, li t0, SATP_MODE_SV48 | 0x1234; csrw satp, t0; csrr a0, satp)
    csrw satp, zero

    /* mtvec/stvec: vectored mode sticks, the reserved mode 2 is refused */
    la s0, mtrap_record
    TEST_CASE(110, a0, 1, ori t0, s0, 1; csrw mtvec, t0; csrr a0, mtvec; sub a0, a0, s0)
    TEST_CASE(111, a0, 1, ori t0, s0, 2; csrw mtvec, t0; csrr a0, mtvec; andi a0, a0, 3; sltiu a0, a0, 2)
    csrw mtvec, s0
    TEST_CASE(112, a0, 1, ori t0, s0, 1; csrw stvec, t0; csrr a0, stvec; sub a0, a0, s0)
    TEST_CASE(113, a0, 1, ori t0, s0, 2; csrw stvec, t0; csrr a0, stvec; andi a0, a0, 3; sltiu a0, a0, 2)

    /* sie shows only the interrupts delegated in mideleg */
    csrw mideleg, zero
    li t0, MIP_SSIP | MIP_STIP | MIP_SEIP
    csrw mie, t0
    TEST_CASE(120, a0, 0, csrr a0, sie)
    li t0, MIP_SSIP
    csrw mideleg, t0
    TEST_CASE(121, a0, MIP_SSIP, csrr a0, sie)
    TEST_CASE(122, a0, MIP_SSIP | MIP_STIP | MIP_SEIP, csrci sie, MIP_SSIP; csrsi sie, MIP_SSIP; csrr a0, mie)
    csrw mie, zero
    csrw mideleg, zero

    /* scratch registers hold 64 bits; the hpm counters exist */
    TEST_CASE(130, a0, 0x8000000000000001, li t0, 0x8000000000000001; csrw sscratch, t0; csrr a0, sscratch)
    li gp, 131
    csrr a0, mhpmcounter3
    csrr a0, mhpmevent3
    CHECK_NO_TRAP(132, mtrap_info)

    j pass

/* ---- code run in S or U; each ends with a trap back to M ---- */
    .align 2
u_sstatus:
    csrr a0, sstatus
    ecall
u_mstatus:
    csrr a0, mstatus
    ecall
s_mscratch_write:
    csrw mscratch, zero
    ecall
u_fcsr:
    csrr a0, fcsr
    ecall
x_cycle:
    rdcycle a0
    ecall
x_time:
    rdtime a0
    ecall
x_instret:
    rdinstret a0
    ecall

    TRAP_RECORD_HANDLER mtrap_record, m, mtrap_info
TEST_END
