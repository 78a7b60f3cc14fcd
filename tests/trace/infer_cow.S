/*
 * infer_cow.S - a bare-metal copy-on-write scenario that announces nothing
 * (no trace device), for rvemu's COW inference (--trace=cow, cow_infer.c).
 *
 * M-mode builds an Sv39 table: the identity map (S only), user code at
 * VA_CODE, and two user data pages mapped read-only: VA_COPY -> old_page
 * and VA_RECLAIM -> own_page. It delegates store page faults to S and
 * drops to U, which stores to both pages. The S handler resolves the
 * first fault as a COW copy (copies old_page to new_page, rewrites the
 * PTE with the new PPN and W, sfence.vma, sret) and the second as a
 * reclaim (adds W to the same PPN). U then ecalls to M, which checks the
 * copy and the stores and passes. tests/trace/infer-cow checks the
 * records: cow-resolved VA_COPY old_page -> new_page, and made-writable
 * VA_RECLAIM own_page.
 */
#include "common.h"
#include "mmu.h"

#define VA_CODE    0x40000000
#define VA_COPY    0x40001000
#define VA_RECLAIM 0x40002000
#define OLD_MAGIC  0xc0de0001
#define U_FLAGS_RO (PTE_V | PTE_R | PTE_U | PTE_A | PTE_D)

TEST_START
    la sp, mmu_stack
    li t1, OLD_MAGIC            /* old_page starts with OLD_MAGIC */
    la t0, old_page
    sd t1, 0(t0)

    li a5, SV39_TOP
    jal pt_alloc
    mv s0, a0
    jal pt_identity
    mv a0, s0
    li a1, VA_CODE
    la a2, u_code
    li a3, PTE_V | PTE_R | PTE_X | PTE_U | PTE_A
    li a4, LVL_4K
    jal pt_map
    mv a0, s0
    li a1, VA_COPY
    la a2, old_page
    li a3, U_FLAGS_RO
    li a4, LVL_4K
    jal pt_map
    la t0, pte_copy
    sd a0, 0(t0)
    mv a0, s0
    li a1, VA_RECLAIM
    la a2, own_page
    li a3, U_FLAGS_RO
    li a4, LVL_4K
    jal pt_map
    la t0, pte_reclaim
    sd a0, 0(t0)

    li t0, 1 << CAUSE_STORE_PAGE_FAULT
    csrw medeleg, t0
    SET_STVEC(s_cow)
    SET_MTVEC(m_done)
    SATP_FOR(s1, s0, SATP_MODE_SV39)
    csrw satp, s1
    sfence.vma
    li gp, 1
    li t0, MSTATUS_MPP          /* mret to U at VA_CODE */
    csrc mstatus, t0
    li t0, VA_CODE
    csrw mepc, t0
    mret

/* M: U's ecall ends the scenario; check what U stored where. */
    .align 2
m_done:
    li gp, 2
    csrr t0, mcause
    li t1, CAUSE_USER_ECALL
    bne t0, t1, fail
    la t0, new_page
    li gp, 3
    ld t1, 0(t0)                /* the copy carried the old contents */
    li t2, OLD_MAGIC
    bne t1, t2, fail
    li gp, 4
    ld t1, 8(t0)                /* the store landed in the copy */
    li t2, 0x1111
    bne t1, t2, fail
    la t0, old_page
    li gp, 5
    ld t1, 8(t0)                /* and not in the shared original */
    bnez t1, fail
    la t0, own_page
    li gp, 6
    ld t1, 16(t0)
    li t2, 0x2222
    bne t1, t2, fail
    j pass

/* S: a store fault on a read-only user page. VA_COPY: copy; else: add W.
 * U uses t0/t1 only, so the handler stays off them. */
    .align 2
s_cow:
    csrr t2, stval
    srli t2, t2, PGSHIFT
    slli t2, t2, PGSHIFT
    li t3, VA_COPY
    bne t2, t3, 2f
    la t3, old_page             /* identity map: S sees physical pages */
    la t4, new_page
    li t5, PGSIZE
    add t5, t5, t3
1:  ld t6, 0(t3)
    sd t6, 0(t4)
    addi t3, t3, 8
    addi t4, t4, 8
    bltu t3, t5, 1b
    la t4, new_page
    srli t4, t4, PGSHIFT
    slli t4, t4, PTE_PPN_SHIFT
    ori t4, t4, U_FLAGS_RO | PTE_W
    la t3, pte_copy
    ld t3, 0(t3)
    sd t4, 0(t3)                /* one store: new PPN and W */
    j 3f
2:  la t3, pte_reclaim
    ld t3, 0(t3)
    ld t4, 0(t3)
    ori t4, t4, PTE_W           /* same PPN, now writable */
    sd t4, 0(t3)
3:  sfence.vma
    sret

    MMU_HELPERS

    .align 12
u_code:                         /* at VA_CODE, in U */
    li t0, VA_COPY
    li t1, 0x1111
    sd t1, 8(t0)
    li t0, VA_RECLAIM
    li t1, 0x2222
    sd t1, 16(t0)
    ecall
1:  j 1b
    .align 12
TEST_END

    .data
    .align 3
pte_copy:    .dword 0
pte_reclaim: .dword 0
    .bss
    .align 12
    .globl old_page, new_page, own_page
old_page:    .space PGSIZE
new_page:    .space PGSIZE
own_page:    .space PGSIZE
