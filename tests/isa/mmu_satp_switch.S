/*
 * mmu_satp_switch.S - switching address spaces on every trap, as xv6 does
 * (privileged spec 4.1.11 satp, 4.2.1 sfence.vma).
 *
 * A "kernel" and a "user" page table both hold the identity map and map VA_X,
 * to different frames.  U-mode code runs an ecall loop; the S handler
 * switches satp to the kernel table, checks that VA_X now shows the kernel
 * frame, switches back and returns, and U checks that VA_X shows the user
 * frame again: 5000 round trips with sfence.vma zero, zero after each satp
 * write, then (if satp holds ASIDs) 2000 with distinct ASIDs and no
 * sfence.vma, which the spec allows because neither table changes.
 */
#include "common.h"
#include "mmu.h"

#define VA_X      0x40000000            /* kernel: data_k, user: data_u */
#define VA_UCODE  0x40001000            /* user table only: u_code, U|X */
#define K_VALUE   0x4b4b
#define U_VALUE   0x5555
#define N_FENCED  5000
#define N_ASID    2000
#define ASID_SHIFT 44

/* vars: the two satp values, whether to fence, calls counted, DONE target */
#define V_SATP_K 0
#define V_SATP_U 8
#define V_FENCE  16
#define V_COUNT  24
#define V_DONE   32

/* handler requests, in a7 */
#define REQ_TICK  0
#define REQ_BAD   1
#define REQ_DONE  2

TEST_START
    la sp, mmu_stack
    li a5, SV39_TOP
    jal pt_alloc                /* kernel table */
    mv s0, a0
    jal pt_identity
    mv a0, s0
    li a1, VA_X
    la a2, data_k
    li a3, PTE_LEAF_RW
    li a4, LVL_4K
    jal pt_map
    jal pt_alloc                /* user table */
    mv s1, a0
    jal pt_identity
    mv a0, s1
    li a1, VA_X
    la a2, data_u
    li a3, PTE_LEAF_RW | PTE_U
    li a4, LVL_4K
    jal pt_map
    mv a0, s1
    li a1, VA_UCODE
    la a2, u_code
    li a3, PTE_V | PTE_X | PTE_U | PTE_A
    jal pt_map

    la t1, vars
    SATP_FOR(t0, s0, SATP_MODE_SV39)
    sd t0, V_SATP_K(t1)
    SATP_FOR(t0, s1, SATP_MODE_SV39)
    sd t0, V_SATP_U(t1)
    li t0, 1
    sd t0, V_FENCE(t1)
    li t0, 1 << CAUSE_USER_ECALL
    csrw medeleg, t0
    SET_STVEC(s_trap)
    ld t0, V_SATP_K(t1)
    csrw satp, t0
    sfence.vma
    ENTER_S(s_main)

s_main:
    /* phase 1: sfence.vma after every switch */
    li gp, 10
    li a0, N_FENCED
    la t0, s_phase1_done
    jal run_user
s_phase1_done:
    la t1, vars
    ld a0, V_COUNT(t1)
    CHECK_EQ(11, a0, N_FENCED + 1)

    /* phase 2: distinct ASIDs, no sfence.vma (only if satp keeps ASIDs) */
    la t1, vars
    li t2, 1 << ASID_SHIFT
    ld t0, V_SATP_K(t1)
    or t0, t0, t2
    sd t0, V_SATP_K(t1)
    csrw satp, t0
    csrr t3, satp
    bne t3, t0, s_no_asid
    sfence.vma
    li t2, 2 << ASID_SHIFT
    ld t0, V_SATP_U(t1)
    or t0, t0, t2
    sd t0, V_SATP_U(t1)
    sd zero, V_FENCE(t1)
    sd zero, V_COUNT(t1)
    li gp, 20
    li a0, N_ASID
    la t0, s_phase2_done
    jal run_user
s_phase2_done:
    la t1, vars
    ld a0, V_COUNT(t1)
    CHECK_EQ(21, a0, N_ASID + 1)
s_no_asid:
    j pass

/* run_user(a0 = round trips, t0 = where REQ_DONE continues), in S */
run_user:
    la t1, vars
    sd t0, V_DONE(t1)
    ld t0, V_SATP_U(t1)
    csrw satp, t0
    sfence.vma
    li t0, MSTATUS_SPP
    csrc sstatus, t0
    li t0, VA_UCODE
    csrw sepc, t0
    sret

/*
 * S trap handler: ecall from U only.  Switches to the kernel table, checks
 * VA_X, counts the call, then serves a7: TICK returns to U in the user
 * table, BAD fails, DONE continues in S at vars.done.  Uses t2-t6 (U-mode
 * code does not).
 */
    .align 2
s_trap:
    csrr t2, scause
    li t3, CAUSE_USER_ECALL
    bne t2, t3, unexpected_strap
    la t2, vars
    ld t3, V_SATP_K(t2)
    csrw satp, t3
    ld t4, V_FENCE(t2)
    beqz t4, 1f
    sfence.vma zero, zero
1:  li t5, VA_X
    ld t5, 0(t5)
    li t6, K_VALUE
    bne t5, t6, fail
    ld t6, V_COUNT(t2)
    addi t6, t6, 1
    sd t6, V_COUNT(t2)
    li t3, REQ_BAD
    beq a7, t3, fail
    li t3, REQ_DONE
    bne a7, t3, 2f
    ld t3, V_DONE(t2)
    jr t3
2:  ld t3, V_SATP_U(t2)
    csrw satp, t3
    beqz t4, 3f
    sfence.vma zero, zero
3:  csrr t3, sepc
    addi t3, t3, 4
    csrw sepc, t3
    sret

    MMU_HELPERS

    .align 12
u_code:                         /* at VA_UCODE in U: a0 round trips */
    mv s0, a0
1:  li a7, REQ_TICK
    ecall
    li t0, VA_X
    ld t1, 0(t0)
    li t0, U_VALUE
    bne t1, t0, 2f
    addi s0, s0, -1
    bnez s0, 1b
    li a7, REQ_DONE
    ecall
2:  li a7, REQ_BAD
    ecall
    .align 12
TEST_END

    .data
    .align 3
vars: .space 40
    .align 12
data_k:
    .dword K_VALUE
    .align 12
data_u:
    .dword U_VALUE
    .align 12
