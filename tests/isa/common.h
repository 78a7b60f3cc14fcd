/*
 * common.h - shared definitions for the bare-metal ISA tests (tests/isa/*.S).
 *
 * Every test is one .S file that looks like this:
 *
 *     #include "common.h"
 *     TEST_START
 *         TEST_CASE(1, a0, 3, li a1, 1; addi a0, a1, 2)
 *         ...
 *         j pass
 *         TRAP_RECORD_HANDLER mtrap_record, m, mtrap_info   (if needed)
 *     TEST_END
 *
 * Code goes between TEST_START and TEST_END, all in .text (so that the
 * assembler can relax far branches to fail); _start must come first, so
 * handlers and helpers go after the body, never before TEST_START.  fp.h
 * adds FP helpers, mmu.h page-table building.
 *
 * Register conventions inside a test:
 *   gp (x3)        number of the check in progress; a failing run exits
 *                  with it, so keep it unique per check in a file and below
 *                  256 (larger numbers are folded into 1..255).
 *   t5, t6         scratch for the TEST_* / CHECK_* macros; never pass them
 *                  as the register under test.
 *
 * Ending (see COMPAT-NOTES.md, "Bare-metal test programs"): store
 * (code << 1) | 1 to tohost with one 64-bit store (rvemu, Spike), then write
 * the sifive_test device at 0x100000 (QEMU virt: 0x5555 = pass,
 * (code << 16) | 0x3333 = fail), then spin.  Exit statuses are 8 bits wide,
 * so codes are kept in 1..255.
 *
 * The hart starts in M-mode at 0x80000000 with a0 = hartid; only hart 0 runs
 * the test.  TEST_START leaves: mtvec/stvec on handlers that fail the test,
 * no delegation, no interrupts enabled, satp = 0, PMP entry 0 granting all
 * memory to S/U, the FPU on (mstatus.FS != Off) and fcsr = 0.
 */
#ifndef TESTS_ISA_COMMON_H
#define TESTS_ISA_COMMON_H

/* ---- CSR fields (privileged spec ch. 3 and 4) ---- */
#define MSTATUS_SIE        (1 << 1)
#define MSTATUS_MIE        (1 << 3)
#define MSTATUS_SPIE       (1 << 5)
#define MSTATUS_MPIE       (1 << 7)
#define MSTATUS_SPP        (1 << 8)
#define MSTATUS_MPP        (3 << 11)
#define MSTATUS_MPP_U      (0 << 11)
#define MSTATUS_MPP_S      (1 << 11)
#define MSTATUS_MPP_M      (3 << 11)
#define MSTATUS_FS         (3 << 13)
#define MSTATUS_FS_INITIAL (1 << 13)
#define MSTATUS_FS_CLEAN   (2 << 13)
#define MSTATUS_FS_DIRTY   (3 << 13)
#define MSTATUS_MPRV       (1 << 17)
#define MSTATUS_SUM        (1 << 18)
#define MSTATUS_MXR        (1 << 19)
#define MSTATUS_TVM        (1 << 20)
#define MSTATUS_TW         (1 << 21)
#define MSTATUS_TSR        (1 << 22)
#define MSTATUS_UXL        (3 << 32)
#define MSTATUS_SXL        (3 << 34)
#define MSTATUS_SD         (1 << 63)

/* Interrupt numbers: bit n of mip/mie, and mcause = (1 << 63) | n. */
#define IRQ_S_SOFT   1
#define IRQ_M_SOFT   3
#define IRQ_S_TIMER  5
#define IRQ_M_TIMER  7
#define IRQ_S_EXT    9
#define IRQ_M_EXT    11
#define MIP_SSIP     (1 << IRQ_S_SOFT)
#define MIP_MSIP     (1 << IRQ_M_SOFT)
#define MIP_STIP     (1 << IRQ_S_TIMER)
#define MIP_MTIP     (1 << IRQ_M_TIMER)
#define MIP_SEIP     (1 << IRQ_S_EXT)
#define MIP_MEIP     (1 << IRQ_M_EXT)
#define CAUSE_INTR   (1 << 63)

/* Exception codes (mcause/scause with the interrupt bit clear). */
#define CAUSE_MISALIGNED_FETCH    0
#define CAUSE_FETCH_ACCESS        1
#define CAUSE_ILLEGAL_INSTRUCTION 2
#define CAUSE_BREAKPOINT          3
#define CAUSE_MISALIGNED_LOAD     4
#define CAUSE_LOAD_ACCESS         5
#define CAUSE_MISALIGNED_STORE    6
#define CAUSE_STORE_ACCESS        7
#define CAUSE_USER_ECALL          8
#define CAUSE_SUPERVISOR_ECALL    9
#define CAUSE_MACHINE_ECALL       11
#define CAUSE_FETCH_PAGE_FAULT    12
#define CAUSE_LOAD_PAGE_FAULT     13
#define CAUSE_STORE_PAGE_FAULT    15

/* CSRs that binutils 2.40 may not name. */
#define CSR_MENVCFG       0x30a
#define CSR_STIMECMP      0x14d
#define MENVCFG_STCE      (1 << 63)
#define COUNTEREN_CY      (1 << 0)
#define COUNTEREN_TM      (1 << 1)
#define COUNTEREN_IR      (1 << 2)

/* Page tables (Sv39/Sv48, privileged spec 4.3-4.5). */
#define PTE_V  (1 << 0)
#define PTE_R  (1 << 1)
#define PTE_W  (1 << 2)
#define PTE_X  (1 << 3)
#define PTE_U  (1 << 4)
#define PTE_G  (1 << 5)
#define PTE_A  (1 << 6)
#define PTE_D  (1 << 7)
#define PTE_PPN_SHIFT 10
#define SATP_MODE_SV39 (8 << 60)
#define SATP_MODE_SV48 (9 << 60)
#define PGSHIFT 12
#define PGSIZE  (1 << PGSHIFT)

#define PMP_R      0x01
#define PMP_W      0x02
#define PMP_X      0x04
#define PMP_NAPOT  0x18

/* ---- QEMU virt devices (DESIGN.md memory map) ---- */
#define TEST_DEV_BASE   0x100000
#define TEST_DEV_PASS   0x5555
#define TEST_DEV_FAIL   0x3333
#define CLINT_MSIP      0x2000000
#define CLINT_MTIMECMP  0x2004000
#define CLINT_MTIME     0x200bff8
#define UART0_BASE      0x10000000
#define UART_LSR        5
#define UART_LSR_THRE   0x20

/* ---- trap record (written by the record handlers below) ---- */
#define TI_CAUSE   0    /* xcause of the last trap */
#define TI_EPC     8    /* xepc as it was at the trap */
#define TI_TVAL    16   /* xtval */
#define TI_COUNT   24   /* traps since the last CHECK_TRAP */
#define TI_STATUS  32   /* xstatus as the handler saw it */
#define TI_RESUME  40   /* if non-zero: resume here (one shot) */
#define TI_SAVE1   48
#define TI_SAVE2   56
#define TI_SIZE    64

/* ---- checks: branch to fail with gp = n when reg != expected ---- */
#define TEST_CASE(n, reg, expected, ...) \
    li gp, n; __VA_ARGS__; li t6, expected; bne reg, t6, fail

#define CHECK_EQ(n, reg, expected) \
    li gp, n; li t6, expected; bne reg, t6, fail

/* One register-register or register-immediate instruction: a0 = a1 op a2. */
#define TEST_RR(n, insn, expected, v1, v2) \
    TEST_CASE(n, a0, expected, li a1, v1; li a2, v2; insn a0, a1, a2)
#define TEST_RI(n, insn, expected, v1, imm) \
    TEST_CASE(n, a0, expected, li a1, v1; insn a0, a1, imm)

/* A trap-record field must equal a register: CHECK_TI(n, mtrap_info, TI_EPC, a1). */
#define CHECK_TI(n, info, field, expreg) \
    li gp, n; la t6, info; ld t6, field(t6); bne t6, expreg, fail

/* Make the next trap recorded in info resume at label, in the handler's
 * mode, instead of returning to the trapping code. */
#define TRAP_RESUME_AT(info, label) \
    la t5, label; la t6, info; sd t5, TI_RESUME(t6)

/* mret into mode mpp (MSTATUS_MPP_U/S/M) at label; clobbers t0. */
#define ENTER_MODE(mpp, label) \
    li t0, MSTATUS_MPP; csrc mstatus, t0; li t0, mpp; csrs mstatus, t0; \
    la t0, label; csrw mepc, t0; mret

#define ENTER_S(label) ENTER_MODE(MSTATUS_MPP_S, label)
#define ENTER_U(label) ENTER_MODE(MSTATUS_MPP_U, label)

/* Point mtvec/stvec at a handler; clobbers t0. */
#define SET_MTVEC(label) la t0, label; csrw mtvec, t0
#define SET_STVEC(label) la t0, label; csrw stvec, t0

/* Exactly one trap with this cause was recorded in info since the last
 * check (cause may be CAUSE_INTR | irq); resets the count. */
#define CHECK_TRAP(n, info, cause) \
    li gp, n; la t5, info; ld t6, TI_COUNT(t5); addi t6, t6, -1; \
    bnez t6, fail; sd zero, TI_COUNT(t5); \
    ld t5, TI_CAUSE(t5); li t6, cause; bne t5, t6, fail

/* No trap was recorded in info since the last check. */
#define CHECK_NO_TRAP(n, info) \
    li gp, n; la t6, info; ld t6, TI_COUNT(t6); bnez t6, fail

/*
 * A trap handler for mode x (m or s) that records cause, epc, tval and status
 * in info, counts the trap, and returns:
 *  - if info.resume is set: there, in the handler's own mode (xPP = M or S)
 *    with xIE = 0; this is how a test comes back from code it ran in a
 *    lower mode;
 *  - else for an exception: past the trapping instruction (2 or 4 bytes,
 *    read at xepc, so xepc must be readable by the handler);
 *  - else for an interrupt: to xepc, with that interrupt's bit cleared in
 *    xie so that it cannot fire again.
 * Keeps all registers.
 */
.set mSTATUS_RESUME_MODE, MSTATUS_MPP_M
.set sSTATUS_RESUME_MODE, MSTATUS_SPP
.set mSTATUS_RESUME_PIE, MSTATUS_MPIE
.set sSTATUS_RESUME_PIE, MSTATUS_SPIE
.macro TRAP_RECORD_HANDLER name, x, info
    .option push
    .option rvc                 /* so .align may pad with a 2-byte nop */
    .align 2
    .option pop
\name:
    csrw \x\()scratch, t0
    la t0, \info
    sd t1, TI_SAVE1(t0)
    sd t2, TI_SAVE2(t0)
    csrr t1, \x\()cause
    sd t1, TI_CAUSE(t0)
    csrr t1, \x\()epc
    sd t1, TI_EPC(t0)
    csrr t1, \x\()tval
    sd t1, TI_TVAL(t0)
    csrr t1, \x\()status
    sd t1, TI_STATUS(t0)
    ld t1, TI_COUNT(t0)
    addi t1, t1, 1
    sd t1, TI_COUNT(t0)
    ld t1, TI_RESUME(t0)
    sd zero, TI_RESUME(t0)
    beqz t1, 4f
    li t2, \x\()STATUS_RESUME_MODE /* resume in the handler's own mode */
    csrs \x\()status, t2
    li t2, \x\()STATUS_RESUME_PIE  /* with its interrupts disabled */
    csrc \x\()status, t2
    j 3f
4:
    csrr t1, \x\()cause
    bgez t1, 1f
    li t2, 1                    /* interrupt: mask it, return to xepc */
    sll t2, t2, t1
    csrc \x\()ie, t2
    csrr t1, \x\()epc
    j 3f
1:  csrr t1, \x\()epc           /* exception: step over the instruction */
    lhu t2, 0(t1)
    andi t2, t2, 3
    addi t1, t1, 2
    xori t2, t2, 3
    bnez t2, 3f
    addi t1, t1, 2
3:  csrw \x\()epc, t1
    ld t1, TI_SAVE1(t0)
    ld t2, TI_SAVE2(t0)
    csrr t0, \x\()scratch
    \x\()ret
.endm

/* ---- interrupt log: irq_log = {count, save1, save2, entries[16]} ---- */
#define IRQ_LOG_S   0x100       /* entry flag: taken in S */
#define IL_COUNT    0
#define IL_SAVE1    8
#define IL_SAVE2    16
#define IL_ENTRIES  24

/* irq_log entry i (from 0) must be e; irq_log must hold c entries */
#define CHECK_LOG(n, i, e) \
    li gp, n; la t5, irq_log; ld t5, IL_ENTRIES + 8 * (i)(t5); li t6, e; bne t5, t6, fail
#define CHECK_LOG_COUNT(n, c) \
    li gp, n; la t5, irq_log; ld t5, IL_COUNT(t5); li t6, c; bne t5, t6, fail
#define CLEAR_LOG la t5, irq_log; sd zero, IL_COUNT(t5)

/*
 * Trap handler for mode x (m or s): an interrupt is appended to irq_log
 * (xcause | flag) and masked in xie so that it cannot fire again, then xret;
 * an exception goes on to the handler fallback.  Keeps all registers.
 */
.macro IRQ_LOG_HANDLER name, x, flag, fallback
    .option push
    .option rvc
    .align 2
    .option pop
\name:
    csrw \x\()scratch, t0
    csrr t0, \x\()cause
    bgez t0, 2f
    la t0, irq_log
    sd t1, IL_SAVE1(t0)
    sd t2, IL_SAVE2(t0)
    ld t1, IL_COUNT(t0)
    addi t2, t1, 1
    sd t2, IL_COUNT(t0)
    slli t1, t1, 3
    add t1, t1, t0
    csrr t2, \x\()cause
    ori t2, t2, \flag
    sd t2, IL_ENTRIES(t1)
    li t1, 1
    sll t1, t1, t2              /* the shift uses the low 6 bits: the irq */
    csrc \x\()ie, t1
    ld t1, IL_SAVE1(t0)
    ld t2, IL_SAVE2(t0)
    csrr t0, \x\()scratch
    \x\()ret
2:  csrr t0, \x\()scratch
    j \fallback
.endm

/*
 * Wait until (mip & mask) == want: a CLINT write reaches mip after some
 * delay, as on hardware.  Fails with n after many polls.  Clobbers t0, t1.
 */
.macro WAIT_MIP n, mask, want
    li gp, \n
    li t1, 1000000
1:  csrr t0, mip
    andi t0, t0, \mask
    addi t0, t0, -(\want)
    beqz t0, 2f
    addi t1, t1, -1
    bnez t1, 1b
    j fail
2:
.endm

/* ---- start and end of every test ---- */
.macro TEST_START
    .text
    .globl _start
_start:
    csrr t0, mhartid
    bnez t0, park
    la t0, unexpected_mtrap
    csrw mtvec, t0
    la t0, unexpected_strap
    csrw stvec, t0
    csrw mie, zero
    csrw mip, zero
    csrw mideleg, zero
    csrw medeleg, zero
    csrw satp, zero
    li t0, -1                   /* PMP entry 0: all memory, RWX, for S/U */
    csrw pmpaddr0, t0
    li t0, PMP_NAPOT | PMP_R | PMP_W | PMP_X
    csrw pmpcfg0, t0
    li t0, MSTATUS_FS_INITIAL
    csrw mstatus, t0
    csrwi fcsr, 0
    li gp, 0
    j test_body
park:
    wfi
    j park
    .align 2
test_body:
.endm

.macro TEST_END
pass:
    li gp, 0
    j test_exit
fail:                           /* fold gp into 1..255: never a pass */
    li t0, 255
1:  bleu gp, t0, 2f
    sub gp, gp, t0
    j 1b
2:  bnez gp, test_exit
    li gp, 255
test_exit:
    slli t0, gp, 1
    ori t0, t0, 1
    la t1, tohost
    sd t0, 0(t1)
    li t0, TEST_DEV_PASS
    beqz gp, 1f
    slli t0, gp, 16
    li t1, TEST_DEV_FAIL
    or t0, t0, t1
1:  li t1, TEST_DEV_BASE
    sw t0, 0(t1)
2:  j 2b

/* A trap nobody expected: print mcause/mepc/mtval on the UART, then fail
 * with the number of the check in progress. */
    .align 2
unexpected_mtrap:
    la a0, msg_trap
    jal print_str
    csrr a0, mcause
    jal print_hex
    csrr a0, mepc
    jal print_hex
    csrr a0, mtval
    jal print_hex
    li a0, '\n'
    jal print_char
    j fail

/* A trap delegated to S that nobody expected: S-mode may not be able to
 * reach the UART (translation), so just fail. */
    .align 2
unexpected_strap:
    j fail

/* print_char(a0), print_str(a0), print_hex(a0): M-mode only; clobber a0-a3, t0. */
print_char:
    li t0, UART0_BASE
1:  lbu a3, UART_LSR(t0)
    andi a3, a3, UART_LSR_THRE
    beqz a3, 1b
    sb a0, 0(t0)
    ret
print_str:
    mv a1, a0
    mv a2, ra
1:  lbu a0, 0(a1)
    beqz a0, 2f
    jal print_char
    addi a1, a1, 1
    j 1b
2:  mv ra, a2
    ret
print_hex:
    mv a1, a0
    mv a2, ra
    li a0, ' '
    jal print_char
    li t1, 60
1:  srl a0, a1, t1
    andi a0, a0, 15
    addi a0, a0, '0'
    li t0, '9'
    ble a0, t0, 2f
    addi a0, a0, 'a' - '0' - 10
2:  jal print_char
    addi t1, t1, -4
    bgez t1, 1b
    mv ra, a2
    ret

    .section .rodata
msg_trap:
    .string "unexpected trap: mcause mepc mtval ="

    .data
    .align 3
    .globl mtrap_info, strap_info, irq_log
mtrap_info: .space TI_SIZE
strap_info: .space TI_SIZE
irq_log:    .space IL_ENTRIES + 8 * 16

    .section .tohost, "aw", @progbits
    .align 3
    .globl tohost, fromhost
tohost:   .dword 0
fromhost: .dword 0
.endm

#endif
