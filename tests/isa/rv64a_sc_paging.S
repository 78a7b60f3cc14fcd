/*
 * rv64a_sc_paging.S - an SC without a reservation under Sv39 (unprivileged
 * spec 8.2, privileged spec 4.3.1).  Found by tests/diff (seeds priv-12,
 * priv-18 of the first campaign).
 *
 * With no reservation an SC cannot succeed, so it fails (rd = 1) without
 * touching memory: no page fault even where a store would fault (a
 * read-only page, an invalid PTE), and no A or D update on a writable page
 * whose A and D are clear (D updates must be exact, never for a store that
 * does not happen).  QEMU and the Sail model do the same; rvemu used to
 * translate first, so it raised store page faults and set A and D.
 * An LR/SC pair on the same page still works and then sets A and D.
 * (A misaligned SC must still raise an exception, reservation or not:
 * tests/unit/test_alu.c, test_lr_sc_misaligned.)
 */
#include "common.h"
#include "mmu.h"

#define VA_RO   0x40000000      /* read-only page */
#define VA_INV  0x40001000      /* V = 0 */
#define VA_RW   0x40002000      /* R and W, A = D = 0 */

#define MAP_SYM(va, sym, flags) \
    mv a0, s0; li a1, va; la a2, sym; li a3, flags; li a4, LVL_4K; jal pt_map

TEST_START
    la sp, mmu_stack
    li a5, SV39_TOP
    jal pt_alloc
    mv s0, a0
    jal pt_identity
    MAP_SYM(VA_RO, page_ro, PTE_V | PTE_R | PTE_A)
    MAP_SYM(VA_INV, page_inv, PTE_R | PTE_W | PTE_A | PTE_D)
    MAP_SYM(VA_RW, page_rw, PTE_V | PTE_R | PTE_W)
    mv s2, a0                   /* &PTE of VA_RW */
    SATP_FOR(s1, s0, SATP_MODE_SV39)
    csrw satp, s1
    sfence.vma
    la t0, page_ro
    li t1, 0x1111
    sd t1, 0(t0)
    la t0, page_rw
    li t1, 0x2222
    sd t1, 8(t0)
    ENTER_S(s_main)             /* any trap from here on fails the test */

s_main:
    li t0, VA_RO                /* read-only page: no store fault */
    li t1, 0x5555
    li gp, 1
    sc.d a0, t1, (t0)
    CHECK_EQ(2, a0, 1)
    TEST_CASE(3, a0, 0x1111, ld a0, 0(t0))
    li t0, VA_INV               /* invalid PTE: no page fault */
    li gp, 4
    sc.w a0, t1, (t0)
    CHECK_EQ(5, a0, 1)
    li t0, VA_RW + 8            /* writable page: nothing written, A/D kept */
    li gp, 6
    sc.d a0, t1, (t0)
    CHECK_EQ(7, a0, 1)
    ld a0, 0(s2)
    andi a0, a0, PTE_A | PTE_D
    CHECK_EQ(8, a0, 0)
    la t2, page_rw              /* through the identity map: unchanged */
    TEST_CASE(9, a0, 0x2222, ld a0, 8(t2))

    /* LR then SC on that page: success, and now A and D are set */
    lr.d a1, (t0)
    CHECK_EQ(10, a1, 0x2222)
    sc.d a0, t1, (t0)
    CHECK_EQ(11, a0, 0)
    TEST_CASE(12, a0, 0x5555, ld a0, 8(t2))
    ld a0, 0(s2)
    andi a0, a0, PTE_A | PTE_D
    CHECK_EQ(13, a0, PTE_A | PTE_D)
    /* the SC ended the reservation: the next one fails again */
    li t1, 0x6666
    sc.d a0, t1, (t0)
    CHECK_EQ(14, a0, 1)
    TEST_CASE(15, a0, 0x5555, ld a0, 8(t2))
    j pass

    MMU_HELPERS
TEST_END

    .bss
    .align 12
page_ro:  .space PGSIZE
page_inv: .space PGSIZE
page_rw:  .space PGSIZE
