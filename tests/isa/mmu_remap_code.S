/*
 * mmu_remap_code.S - code seen through a changing mapping (privileged spec
 * 4.2.1 sfence.vma, unprivileged ch. 3 fence.i).
 *
 * A VA is mapped to code page A and run, then remapped to code page B and,
 * after sfence.vma and fence.i, run again: B's code must execute.  Done 200
 * times back and forth.  Then code is changed through a second, writable VA
 * of the same frame and, after fence.i, the executable VA runs the new code.
 */
#include "common.h"
#include "mmu.h"

#define VA_CODE   0x40000000            /* remapped between code_a and code_b */
#define VA_CODE2  0x40001000            /* code_c, execute-only */
#define VA_DATA   0x40002000            /* code_c again, writable */
#define ADDI_A0(imm) ((((imm) & 0xfff) << 20) | (10 << 7) | 0x13)

TEST_START
    la sp, mmu_stack
    li a5, SV39_TOP
    jal pt_alloc
    mv s0, a0
    jal pt_identity
    mv a0, s0
    li a1, VA_CODE
    la a2, code_a
    li a3, PTE_V | PTE_X | PTE_A
    li a4, LVL_4K
    jal pt_map
    mv s3, a0                   /* PTE of VA_CODE */
    mv a0, s0
    li a1, VA_CODE2
    la a2, code_c
    li a3, PTE_V | PTE_X | PTE_A
    jal pt_map
    mv a0, s0
    li a1, VA_DATA
    la a2, code_c
    li a3, PTE_LEAF_RW
    jal pt_map

    SATP_FOR(s1, s0, SATP_MODE_SV39)
    csrw satp, s1
    sfence.vma
    ENTER_S(s_main)

s_main:
    /* PTE images for code_a and code_b */
    la t0, code_a
    srli t0, t0, PGSHIFT
    slli t0, t0, PTE_PPN_SHIFT
    ori s4, t0, PTE_V | PTE_X | PTE_A
    la t0, code_b
    srli t0, t0, PGSHIFT
    slli t0, t0, PTE_PPN_SHIFT
    ori s5, t0, PTE_V | PTE_X | PTE_A
    li s2, VA_CODE

    TEST_CASE(1, a0, 1, jalr s2)
    sd s5, 0(s3)
    sfence.vma
    fence.i
    TEST_CASE(2, a0, 2, jalr s2)

    /* back and forth */
    li gp, 3
    li s6, 200
1:  sd s4, 0(s3)
    sfence.vma s2, zero
    fence.i
    jalr s2
    li t0, 1
    bne a0, t0, fail
    sd s5, 0(s3)
    sfence.vma s2, zero
    fence.i
    jalr s2
    li t0, 2
    bne a0, t0, fail
    addi s6, s6, -1
    bnez s6, 1b

    /* new code through a writable alias of an executable frame */
    li s2, VA_CODE2
    li s3, VA_DATA
    TEST_CASE(4, a0, 3, jalr s2)
    li t0, ADDI_A0(4)
    sw t0, 0(s3)
    fence.i
    TEST_CASE(5, a0, 4, jalr s2)
    li gp, 6
    li s6, 0
    li s7, 100
1:  li t0, ADDI_A0(0)
    slli t1, s6, 20
    or t0, t0, t1
    sw t0, 0(s3)
    fence.i
    jalr s2
    bne a0, s6, fail
    addi s6, s6, 1
    blt s6, s7, 1b

    j pass

    MMU_HELPERS

    .option push
    .option norvc
    .align 12
code_a:
    li a0, 1
    ret
    .align 12
code_b:
    li a0, 2
    ret
    .align 12
code_c:
    li a0, 3
    ret
    .align 12
    .option pop
TEST_END
