/*
 * mmu_page_cross.S - accesses and instructions that straddle a page boundary
 * under Sv39 (privileged spec 4.1.9 stval, 3.1.16 mtval).
 *
 * A misaligned load or store whose second part lies in an unmapped page
 * takes a page fault with stval = the address of the part that faulted (the
 * start of the second page); when the first page is the bad one, stval is
 * the access address.  A 32-bit instruction whose upper half lies in the
 * next page runs when that page is mapped, takes a fetch page fault with
 * sepc = the instruction and stval = the second page when it is not, and
 * runs the new upper half after the page is remapped.  A 16-bit instruction
 * at the end of a page does not touch the next one.
 */
#include "common.h"
#include "mmu.h"

#define VA_D      0x40000000            /* data: page 0 mapped, page 1 not */
#define VA_D_BAD0 0x40002000            /* data: page 2 not mapped, page 3 mapped */
#define VA_C      0x40010000            /* code: frame_c1, then frame_c2/c3 */
#define ADDI_A0(imm) ((((imm) & 0xfff) << 20) | (10 << 7) | 0x13)
#define C_LI_A0_9 0x4525                /* c.li a0, 9 */
#define C_JR_RA   0x8082                /* c.jr ra */

#define MAP(va, sym, flags) \
    mv a0, s0; li a1, va; la a2, sym; li a3, flags; li a4, LVL_4K; jal pt_map

TEST_START
    la sp, mmu_stack
    /* frame_c1 ends with the low half of addi a0, zero, 0x55 and holds
     * c.li a0, 9; c.jr ra just before it, at 0xffa; frame_c2 starts with
     * the high half then c.jr ra; frame_c3 the same for 0x66. */
    la t0, frame_c1
    li t1, ADDI_A0(0x55)
    li t2, 0xffe
    add t2, t2, t0
    sh t1, 0(t2)
    li t2, 0xffa
    add t2, t2, t0
    li t1, C_LI_A0_9
    sh t1, 0(t2)
    li t1, C_JR_RA
    sh t1, 2(t2)
    la t0, frame_c2
    li t1, ADDI_A0(0x55) >> 16
    sh t1, 0(t0)
    li t1, C_JR_RA
    sh t1, 2(t0)
    la t0, frame_c3
    li t1, ADDI_A0(0x66) >> 16
    sh t1, 0(t0)
    li t1, C_JR_RA
    sh t1, 2(t0)
    fence.i

    li a5, SV39_TOP
    jal pt_alloc
    mv s0, a0
    jal pt_identity
    MAP(VA_D, dpage0, PTE_LEAF_RW)
    MAP(VA_D_BAD0 + PGSIZE, dpage1, PTE_LEAF_RW)
    MAP(VA_C, frame_c1, PTE_V | PTE_X | PTE_A)
    MAP(VA_C + PGSIZE, frame_c2, PTE_V | PTE_X | PTE_A)
    mv s3, a0                   /* PTE of the second code page */

    li t0, (1 << CAUSE_FETCH_PAGE_FAULT) | (1 << CAUSE_LOAD_PAGE_FAULT) | (1 << CAUSE_STORE_PAGE_FAULT)
    csrw medeleg, t0
    SET_STVEC(strap_record)
    SATP_FOR(s1, s0, SATP_MODE_SV39)
    csrw satp, s1
    sfence.vma
    ENTER_S(s_main)

s_main:
    /* data: the second page of the access is unmapped */
    li s2, VA_D + PGSIZE - 4
    li s4, VA_D + PGSIZE
    li gp, 1
    ld a0, 0(s2)
    CHECK_TRAP(2, strap_info, CAUSE_LOAD_PAGE_FAULT)
    CHECK_TI(3, strap_info, TI_TVAL, s4)
    li gp, 4
    lw a0, 2(s2)
    CHECK_TRAP(5, strap_info, CAUSE_LOAD_PAGE_FAULT)
    CHECK_TI(6, strap_info, TI_TVAL, s4)
    li gp, 7
    sd a0, 0(s2)
    CHECK_TRAP(8, strap_info, CAUSE_STORE_PAGE_FAULT)
    CHECK_TI(9, strap_info, TI_TVAL, s4)
    /* a misaligned access inside the mapped page is fine */
    TEST_CASE(10, a0, 0x1122334455667788, li a1, 0x1122334455667788; sd a1, -5(s2); ld a0, -5(s2))
    CHECK_NO_TRAP(11, strap_info)

    /* data: the first page is the unmapped one: stval = the address */
    li s2, VA_D_BAD0 + PGSIZE - 2
    li gp, 12
    ld a0, 0(s2)
    CHECK_TRAP(13, strap_info, CAUSE_LOAD_PAGE_FAULT)
    CHECK_TI(14, strap_info, TI_TVAL, s2)

    /* code: a 16-bit instruction pair at the end of a page */
    TEST_CASE(20, a0, 9, li t0, VA_C + PGSIZE - 6; jalr t0)
    /* a 32-bit instruction across the boundary, second page mapped */
    TEST_CASE(21, a0, 0x55, li t0, VA_C + PGSIZE - 2; jalr t0)

    /* second page unmapped: fetch page fault */
    li t0, ~PTE_V
    ld t1, 0(s3)
    and t1, t1, t0
    sd t1, 0(s3)
    sfence.vma
    li s2, VA_C + PGSIZE - 2
    li s4, VA_C + PGSIZE
    li gp, 22
    TRAP_RESUME_AT(strap_info, 1f)
    jalr s2
    j fail
1:  CHECK_TRAP(23, strap_info, CAUSE_FETCH_PAGE_FAULT)
    CHECK_TI(24, strap_info, TI_EPC, s2)
    CHECK_TI(25, strap_info, TI_TVAL, s4)
    /* the 16-bit pair before it still runs */
    TEST_CASE(26, a0, 9, li t0, VA_C + PGSIZE - 6; jalr t0)

    /* second page remapped to a frame with another upper half */
    la t0, frame_c3
    srli t0, t0, PGSHIFT
    slli t0, t0, PTE_PPN_SHIFT
    ori t0, t0, PTE_V | PTE_X | PTE_A
    sd t0, 0(s3)
    sfence.vma
    fence.i
    TEST_CASE(27, a0, 0x66, li t0, VA_C + PGSIZE - 2; jalr t0)

    j pass

    TRAP_RECORD_HANDLER strap_record, s, strap_info
    MMU_HELPERS
TEST_END

    .bss
    .align 12
dpage0:   .space PGSIZE
dpage1:   .space PGSIZE
frame_c1: .space PGSIZE
frame_c2: .space PGSIZE
frame_c3: .space PGSIZE
