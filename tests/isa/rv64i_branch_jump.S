/*
 * rv64i_branch_jump.S - conditional branches, JAL and JALR (unprivileged
 * spec ch. 2.5).
 *
 * Every branch taken and not taken, forward and backward, on operand pairs
 * whose order differs between the signed and unsigned compares; offsets near
 * the +-4 KiB limit; JAL/JALR link values (pc + 4), JALR target =
 * (rs1 + imm) & ~1, rd == rs1, and rd = x0.
 */
#include "common.h"

/* Branch taken forward: it must jump over the fail. */
#define BR_TAKEN(n, insn, v1, v2) \
    li gp, n; li a1, v1; li a2, v2; insn a1, a2, 1f; j fail; 1:
/* Not taken: it must fall through. */
#define BR_NOT_TAKEN(n, insn, v1, v2) \
    li gp, n; li a1, v1; li a2, v2; insn a1, a2, 1f; j 2f; 1: j fail; 2:
/* Taken backward. */
#define BR_TAKEN_BACK(n, insn, v1, v2) \
    li gp, n; li a1, v1; li a2, v2; j 2f; 1: j 3f; 2: insn a1, a2, 1b; j fail; 3:

#define MIN 0x8000000000000000
#define MAX 0x7fffffffffffffff

TEST_START
    .option norvc               /* test the 32-bit encodings */

    BR_TAKEN(1, beq, 5, 5)
    BR_TAKEN(2, beq, -1, 0xffffffffffffffff)
    BR_NOT_TAKEN(3, beq, 5, 6)
    BR_NOT_TAKEN(4, beq, 0, MIN)
    BR_NOT_TAKEN(5, beq, 0x100000005, 5)
    BR_TAKEN_BACK(6, beq, 7, 7)

    BR_TAKEN(10, bne, 5, 6)
    BR_TAKEN(11, bne, 0x100000005, 5)
    BR_NOT_TAKEN(12, bne, 5, 5)
    BR_NOT_TAKEN(13, bne, -1, -1)
    BR_TAKEN_BACK(14, bne, 0, 1)

    BR_TAKEN(20, blt, -1, 1)
    BR_TAKEN(21, blt, MIN, MAX)
    BR_TAKEN(22, blt, -2, -1)
    BR_NOT_TAKEN(23, blt, 1, -1)
    BR_NOT_TAKEN(24, blt, 5, 5)
    BR_NOT_TAKEN(25, blt, MAX, MIN)
    BR_TAKEN_BACK(26, blt, MIN, 0)

    BR_TAKEN(30, bge, 1, -1)
    BR_TAKEN(31, bge, 5, 5)
    BR_TAKEN(32, bge, MAX, MIN)
    BR_TAKEN(33, bge, -1, -2)
    BR_NOT_TAKEN(34, bge, -1, 1)
    BR_NOT_TAKEN(35, bge, MIN, MAX)
    BR_TAKEN_BACK(36, bge, 0, MIN)

    BR_TAKEN(40, bltu, 1, -1)
    BR_TAKEN(41, bltu, 0, 1)
    BR_TAKEN(42, bltu, MAX, MIN)
    BR_NOT_TAKEN(43, bltu, -1, 1)
    BR_NOT_TAKEN(44, bltu, 5, 5)
    BR_NOT_TAKEN(45, bltu, MIN, MAX)
    BR_TAKEN_BACK(46, bltu, 0, -1)

    BR_TAKEN(50, bgeu, -1, 1)
    BR_TAKEN(51, bgeu, 5, 5)
    BR_TAKEN(52, bgeu, MIN, MAX)
    BR_NOT_TAKEN(53, bgeu, 1, -1)
    BR_NOT_TAKEN(54, bgeu, 0, 1)
    BR_TAKEN_BACK(55, bgeu, -1, 0)

    /* the same register on both sides, and x0 */
    li gp, 60
    li a1, 3
    beq a1, a1, 1f
    j fail
1:  bltu a1, x0, 2f           /* nothing is unsigned-below 0 */
    j 3f
2:  j fail
3:  blt x0, a1, 1f
    j fail
1:  bge x0, x0, 1f
    j fail
1:

    /* offsets near the +-4 KiB limit (immediate bits 11 and 12) */
    li gp, 61
    li a1, 1
    bne a1, x0, 1f
    j fail
    .space 4000
1:  li gp, 62
    j 2f
1:  j 3f
    .space 4000
2:  beq x0, x0, 1b
    j fail
3:

    /* jal: link = address of the next instruction */
    li gp, 70
    jal ra, 1f
2:  j fail
1:  la a0, 2b
    bne ra, a0, fail
    li gp, 71
    jal a5, 1f
2:  j fail
1:  la a0, 2b
    bne a5, a0, fail
    li gp, 72                   /* backward */
    j 2f
1:  la a0, 3f
    bne a3, a0, fail
    j 4f
2:  jal a3, 1b
3:  j fail
4:  li gp, 73                   /* far: immediate bits above 11 */
    jal a4, 1f
2:  j fail
    .space 0x10000
1:  la a0, 2b
    bne a4, a0, fail
    li gp, 74                   /* jal x0 writes nothing */
    jal x0, 1f
    j fail
1:  bnez x0, fail

    /* jalr: target = (rs1 + imm) & ~1, link = pc + 4 */
    li gp, 80
    la a1, 1f
    jalr ra, 0(a1)
2:  j fail
1:  la a0, 2b
    bne ra, a0, fail
    li gp, 81                   /* positive offset */
    la a1, 1f
    addi a1, a1, -100
    jalr t0, 100(a1)
    j fail
1:  li gp, 82                   /* negative offset */
    la a1, 1f
    addi a1, a1, 2000
    jalr t0, -2000(a1)
    j fail
1:  li gp, 83                   /* bit 0 of rs1 + imm is cleared */
    la a1, 1f
    addi a1, a1, 1
    jalr t0, 0(a1)
    j fail
    j fail
1:  li gp, 84                   /* odd immediate, same rule */
    la a1, 1f
    jalr t0, 1(a1)
    j fail
    j fail
1:  li gp, 85                   /* rd == rs1: the old rs1 is the target */
    la a1, 1f
    jalr a1, 0(a1)
2:  j fail
1:  la a0, 2b
    bne a1, a0, fail
    li gp, 86                   /* rd = x0 */
    la a1, 1f
    jalr x0, 0(a1)
    j fail
1:  bnez x0, fail
    li gp, 87                   /* call and return through ra */
    li a0, 0
    call add_seven
    call add_seven
    li t0, 14
    bne a0, t0, fail

    j pass

add_seven:
    addi a0, a0, 7
    ret
TEST_END
