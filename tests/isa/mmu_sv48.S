/*
 * mmu_sv48.S - Sv48 translation (privileged spec 4.5): a 4-level table with
 * 4 KiB, 2 MiB, 1 GiB and 512 GiB pages.
 *
 * Loads, stores and fetches through each page size; VAs that only Sv48 can
 * express (bit 38 set in the lower half) work; the upper half starts at
 * 0xffff800000000000; a VA whose bits 63:48 do not copy bit 47 faults; a
 * 512 GiB leaf with a misaligned PPN faults.
 */
#include "common.h"
#include "mmu.h"

#define VA_4K     0x40000000
#define VA_2M     0x40200000
#define PA_2M     0x80400000
#define VA_1G     0xc0000000
#define VA_BIG    0x0000004000000000    /* bit 38 set: non-canonical in Sv39 */
#define VA_512G   0x0000008000000000    /* root index 1 -> PA 0 */
#define VA_BAD512 0x0000010000000000    /* root index 2 -> misaligned PPN */
#define VA_HIGH   0xffff800000000000    /* root index 256 -> RAM base */
#define NONCANON  0x0000800000000000    /* bit 47 set, 63:48 clear */
#define RAM_BASE  0x80000000
#define ADDI_A0(imm) ((((imm) & 0xfff) << 20) | (10 << 7) | 0x13)
#define RET_INSN  0x00008067

#define MAP(va, pa, flags, level) \
    mv a0, s0; li a1, va; li a2, pa; li a3, flags; li a4, level; jal pt_map
#define MAP_SYM(va, sym, flags, level) \
    mv a0, s0; li a1, va; la a2, sym; li a3, flags; li a4, level; jal pt_map

TEST_START
    la sp, mmu_stack
    li a5, SV48_TOP
    jal pt_alloc
    mv s0, a0
    jal pt_identity
    MAP_SYM(VA_4K, page_a, PTE_LEAF_RW, LVL_4K)
    MAP_SYM(VA_4K + 0x1000, code_page, PTE_V | PTE_X | PTE_A, LVL_4K)
    MAP(VA_2M, PA_2M, PTE_LEAF_RWX, LVL_2M)
    MAP(VA_1G, RAM_BASE, PTE_LEAF_RW, LVL_1G)
    MAP_SYM(VA_BIG, page_b, PTE_LEAF_RW, LVL_4K)
    MAP(VA_512G, 0, PTE_LEAF_RWX, LVL_512G)
    MAP(VA_BAD512, 0x40000000, PTE_LEAF_RW, LVL_512G)
    MAP(VA_HIGH, RAM_BASE, PTE_LEAF_RW, LVL_1G)

    li t0, 1 << CAUSE_LOAD_PAGE_FAULT
    csrw medeleg, t0
    SET_STVEC(strap_record)
    SATP_FOR(s1, s0, SATP_MODE_SV48)
    csrw satp, s1
    sfence.vma
    TEST_CASE(1, a0, 0, csrr a0, satp; sub a0, a0, s1)
    ENTER_S(s_main)

s_main:
    la t1, m_data
    li t0, RAM_BASE
    sub s5, t1, t0              /* offset of m_data in RAM */

    /* 4 KiB: data and an execute-only code page */
    li s2, VA_4K
    TEST_CASE(2, a0, 0x1111, li a1, 0x1111; sd a1, 8(s2); la t0, page_a; ld a0, 8(t0))
    TEST_CASE(3, a0, 0x4321, li t0, VA_4K + 0x1000; jalr t0)

    /* 2 MiB: data, then code written through it */
    li s2, VA_2M
    li s3, PA_2M
    TEST_CASE(4, a0, 0xabcd, li a1, 0xabcd; li t0, 0x1ffff0; add t0, t0, s2; sd a1, 0(t0); li t0, 0x1ffff0; add t0, t0, s3; ld a0, 0(t0))
    li gp, 5
    li t1, VA_2M + 0x3000
    li t0, ADDI_A0(55)
    sw t0, 0(t1)
    li t0, RET_INSN
    sw t0, 4(t1)
    fence.i
    jalr t1
    CHECK_EQ(6, a0, 55)

    /* 1 GiB */
    TEST_CASE(7, a0, 0x5a5a, li t0, VA_1G; add t0, t0, s5; ld a0, 0(t0))

    /* a VA only Sv48 can express */
    TEST_CASE(8, a0, 0x2222, li a1, 0x2222; li t0, VA_BIG; sd a1, 16(t0); la t0, page_b; ld a0, 16(t0))

    /* 512 GiB: RAM at VA_512G + RAM_BASE */
    TEST_CASE(9, a0, 0x5a5a, li t0, VA_512G + RAM_BASE; add t0, t0, s5; ld a0, 0(t0))
    TEST_CASE(10, a0, 0x6b6b, li a1, 0x6b6b; li t0, VA_512G + RAM_BASE; add t0, t0, s5; sd a1, 8(t0); la t0, m_data; ld a0, 8(t0))
    li gp, 11                   /* fetch through it too */
    la t0, add_one
    li t1, VA_512G
    add t0, t0, t1
    li a0, 41
    jalr t0
    CHECK_EQ(12, a0, 42)

    /* upper half */
    TEST_CASE(13, a0, 0x5a5a, li t0, VA_HIGH; add t0, t0, s5; ld a0, 0(t0))

    /* faults: non-canonical, misaligned 512 GiB leaf */
    li s2, NONCANON
    li gp, 20
    ld a0, 0(s2)
    CHECK_TRAP(21, strap_info, CAUSE_LOAD_PAGE_FAULT)
    CHECK_TI(22, strap_info, TI_TVAL, s2)
    li s2, VA_BAD512 + RAM_BASE
    li gp, 23
    ld a0, 0(s2)
    CHECK_TRAP(24, strap_info, CAUSE_LOAD_PAGE_FAULT)
    CHECK_TI(25, strap_info, TI_TVAL, s2)

    j pass

add_one:
    addi a0, a0, 1
    ret

    TRAP_RECORD_HANDLER strap_record, s, strap_info
    MMU_HELPERS

    .align 12
code_page:
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
