/*
 * mmu_sv39_basic.S - Sv39 translation with 4 KiB pages, 2 MiB and 1 GiB
 * superpages (privileged spec 4.3-4.4).
 *
 * M-mode builds the tables (identity map of devices and RAM, see mmu.h, plus
 * the test mappings below), enables Sv39 and drops to S, where loads, stores
 * and instruction fetches go through each page size; two VAs aliasing one
 * page see each other's stores; a VA in the upper (sign-extended) half
 * works; M-mode code is not translated.
 */
#include "common.h"
#include "mmu.h"

#define VA_4K     0x40000000            /* 4 KiB pages, see below */
#define VA_2M     0x40200000            /* one 2 MiB page -> PA_2M */
#define PA_2M     0x80400000
#define VA_1G     0xc0000000            /* one 1 GiB page -> RAM base */
#define VA_HIGH   0xffffffc000000000    /* root index 256 -> RAM base */
#define RAM_BASE  0x80000000
#define ADDI_A0(imm) ((((imm) & 0xfff) << 20) | (10 << 7) | 0x13)
#define RET_INSN  0x00008067

/* map(va, pa, flags, level) into the root in s0 */
#define MAP(va, pa, flags, level) \
    mv a0, s0; li a1, va; li a2, pa; li a3, flags; li a4, level; jal pt_map
#define MAP_SYM(va, sym, flags, level) \
    mv a0, s0; li a1, va; la a2, sym; li a3, flags; li a4, level; jal pt_map

TEST_START
    la sp, mmu_stack
    li a5, SV39_TOP
    jal pt_alloc
    mv s0, a0
    jal pt_identity
    MAP_SYM(VA_4K + 0x0000, page_a, PTE_LEAF_RW, LVL_4K)
    MAP_SYM(VA_4K + 0x1000, page_b, PTE_LEAF_RW, LVL_4K)
    MAP_SYM(VA_4K + 0x2000, page_a, PTE_V | PTE_R | PTE_A, LVL_4K)
    MAP_SYM(VA_4K + 0x3000, code_page, PTE_V | PTE_X | PTE_A, LVL_4K)
    MAP(VA_2M, PA_2M, PTE_LEAF_RWX, LVL_2M)
    MAP(VA_1G, RAM_BASE, PTE_LEAF_RW, LVL_1G)
    MAP(VA_HIGH, RAM_BASE, PTE_LEAF_RW, LVL_1G)

    SATP_FOR(s1, s0, SATP_MODE_SV39)
    csrw satp, s1
    sfence.vma
    /* M-mode ignores satp: this runs at its physical address */
    TEST_CASE(1, a0, 0x5a5a, la a1, m_data; ld a0, 0(a1))
    ENTER_S(s_main)

s_main:
    /* satp reads back as written */
    TEST_CASE(2, a0, 0, csrr a0, satp; sub a0, a0, s1)

    /* 4 KiB pages: a store through the VA lands in the right frame */
    li s2, VA_4K
    la s3, page_a
    la s4, page_b
    TEST_CASE(3, a0, 0x1111, li a1, 0x1111; sd a1, 8(s2); ld a0, 8(s3))
    TEST_CASE(4, a0, 0x2222, li a1, 0x2222; li t0, 0x1000; add t0, t0, s2; sd a1, 16(t0); ld a0, 16(s4))
    TEST_CASE(5, a0, 0x1111, ld a0, 8(s4); li t6, 0x1111; beq a0, t6, fail; ld a0, 8(s3))
    /* the alias at VA_4K + 0x2000 sees page_a */
    TEST_CASE(6, a0, 0x3333, li a1, 0x3333; sd a1, 0x100(s3); li t0, 0x2000; add t0, t0, s2; ld a0, 0x100(t0))
    /* last byte of a page, and a doubleword crossing into the next one */
    TEST_CASE(7, a0, 0x77, li a1, 0x77; li t0, 0xfff; add t0, t0, s2; sb a1, 0(t0); li t0, 0xfff; add t0, t0, s3; lbu a0, 0(t0))
    TEST_CASE(8, a0, 0x0000000000000077, li t0, 0xfff; add t0, t0, s3; sd zero, 1(t0); li t0, 0xfff; add t0, t0, s2; ld a0, 0(t0))
    /* fetch from an execute-only 4 KiB page */
    TEST_CASE(9, a0, 0x4321, li t0, VA_4K + 0x3000; jalr t0)

    /* 2 MiB page: data at both ends, then code written through it */
    li s2, VA_2M
    li s3, PA_2M                /* also reachable through the identity map */
    TEST_CASE(10, a0, 0xabcd, li a1, 0xabcd; li t0, 0x12345 & ~7; add t0, t0, s2; sd a1, 0(t0); li t0, 0x12345 & ~7; add t0, t0, s3; ld a0, 0(t0))
    TEST_CASE(11, a0, 0xbeef, li a1, 0xbeef; li t0, 0x1ffff8; add t0, t0, s3; sd a1, 0(t0); li t0, 0x1ffff8; add t0, t0, s2; ld a0, 0(t0))
    li gp, 12
    li t1, VA_2M + 0x1000
    li t0, ADDI_A0(77)
    sw t0, 0(t1)
    li t0, RET_INSN
    sw t0, 4(t1)
    fence.i
    li t0, VA_2M + 0x1000
    jalr t0
    CHECK_EQ(13, a0, 77)

    /* 1 GiB page, and the same frame through the upper half of the VA space */
    la t1, m_data
    li t0, RAM_BASE
    sub s5, t1, t0              /* offset of m_data in RAM */
    TEST_CASE(14, a0, 0x5a5a, li t0, VA_1G; add t0, t0, s5; ld a0, 0(t0))
    TEST_CASE(15, a0, 0x5a5a, li t0, VA_HIGH; add t0, t0, s5; ld a0, 0(t0))
    TEST_CASE(16, a0, 0x6b6b, li a1, 0x6b6b; li t0, VA_HIGH; add t0, t0, s5; sd a1, 8(t0); la t0, m_data; ld a0, 8(t0))

    j pass

    MMU_HELPERS

    .align 12
code_page:                      /* runs at VA_4K + 0x3000 */
    li a0, 0x4321
    ret
    .align 12

TEST_END

    .data
    .align 3
m_data:
    .dword 0x5a5a, 0
    .bss
    .align 12
page_a: .space PGSIZE
page_b: .space PGSIZE
