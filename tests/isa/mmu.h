/*
 * mmu.h - page-table building for the MMU tests (privileged spec 4.3-4.5).
 *
 * Tables come from a pool in .bss, zeroed on allocation.  pt_map installs one
 * leaf, allocating the tables on the way; it runs in M-mode (physical
 * addresses) or in S-mode under the identity map that pt_identity builds:
 *
 *     VA 0x0000_0000 - 0x3fff_ffff  -> same PA, RW    (devices: test device,
 *                                                      CLINT, UART)
 *     VA 0x8000_0000 - 0xbfff_ffff  -> same PA, RWX   (RAM: code, data, tables)
 *
 * both global, not U, with A and D preset.  Emit MMU_HELPERS once, after the
 * test body.
 */
#ifndef TESTS_ISA_MMU_H
#define TESTS_ISA_MMU_H

#define SV39_TOP  2             /* levels: Sv39 walks 2, 1, 0; Sv48 3..0 */
#define SV48_TOP  3
#define LVL_4K    0
#define LVL_2M    1
#define LVL_1G    2
#define LVL_512G  3
#define PTE_LEAF_RWX (PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D)
#define PTE_LEAF_RW  (PTE_V | PTE_R | PTE_W | PTE_A | PTE_D)
#define PT_POOL_PAGES 32

/* satp value for the root table in reg root, mode SATP_MODE_SV39/SV48, into
 * rd (not t6, which it clobbers) */
#define SATP_FOR(rd, root, mode) srli rd, root, PGSHIFT; li t6, mode; or rd, rd, t6

.macro MMU_HELPERS
/*
 * pt_alloc() -> a0 = physical address of a zeroed page from the pool.
 * Clobbers t0, t1.
 */
pt_alloc:
    la t0, pt_next
    ld a0, 0(t0)
    bnez a0, 1f
    la a0, pt_pool              /* first call */
1:  li t1, PGSIZE
    add t1, a0, t1
    la t0, pt_end
    bgtu t1, t0, fail           /* pool exhausted: a bug in the test */
    la t0, pt_next
    sd t1, 0(t0)
    mv t0, a0
2:  sd zero, 0(t0)
    addi t0, t0, 8
    bltu t0, t1, 2b
    ret

/*
 * pt_map(a0 = root, a1 = va, a2 = pa, a3 = PTE flags, a4 = leaf level,
 *        a5 = top level) -> a0 = address of the leaf PTE.
 * Walks from the root to level a4, allocating missing tables, and writes
 * the leaf PTE (pa >> 12) << 10 | flags there.  Clobbers a0, t0-t5.
 */
pt_map:
    mv t5, ra
    mv t3, a5                   /* level */
1:  li t0, 9                    /* index = va >> (12 + 9 * level) & 511 */
    mul t0, t0, t3
    addi t0, t0, PGSHIFT
    srl t1, a1, t0
    andi t1, t1, 511
    slli t1, t1, 3
    add t2, a0, t1              /* t2 = &pte at this level */
    beq t3, a4, 3f
    ld t4, 0(t2)
    andi t0, t4, PTE_V
    beqz t0, 2f
    srli t4, t4, PTE_PPN_SHIFT  /* existing next-level table */
    slli a0, t4, PGSHIFT
    addi t3, t3, -1
    j 1b
2:  mv t4, t2                   /* allocate the next-level table */
    jal pt_alloc
    srli t0, a0, PGSHIFT
    slli t0, t0, PTE_PPN_SHIFT
    ori t0, t0, PTE_V
    sd t0, 0(t4)
    addi t3, t3, -1
    j 1b
3:  srli t0, a2, PGSHIFT
    slli t0, t0, PTE_PPN_SHIFT
    or t0, t0, a3
    sd t0, 0(t2)
    mv a0, t2
    mv ra, t5
    ret

/*
 * pt_identity(a0 = root, a5 = top level): the identity map described at the
 * top of mmu.h, with 1 GiB leaves.  Keeps a0 and a5.  Clobbers a1-a4, t0-t6.
 */
pt_identity:
    mv t6, ra
    addi sp, sp, -8
    sd a0, 0(sp)
    li a1, 0
    li a2, 0
    li a3, PTE_LEAF_RW | PTE_G
    li a4, LVL_1G
    jal pt_map
    ld a0, 0(sp)
    li a1, 0x80000000
    li a2, 0x80000000
    li a3, PTE_LEAF_RWX | PTE_G
    li a4, LVL_1G
    jal pt_map
    ld a0, 0(sp)
    addi sp, sp, 8
    mv ra, t6
    ret

    .bss
    .align 12
pt_pool:
    .space PGSIZE * PT_POOL_PAGES
pt_end:
    .data
    .align 3
pt_next:                        /* next free pool page, 0 = none used yet */
    .dword 0
    .bss
    .align 4
    .space 1024
mmu_stack:
    .text
.endm

#endif
