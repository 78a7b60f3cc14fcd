/*
 * zifencei_selfmod.S - self-modifying code made visible by fence.i
 * (unprivileged spec ch. 3).
 *
 * Runs a code slot (so an emulator may cache its decoded form), stores a new
 * instruction over it, executes fence.i and runs it again: the new
 * instruction must execute.  Done once for a 32-bit and once for a 16-bit
 * instruction, 1000 times in a loop with a different immediate each time,
 * for the instruction right after the fence.i, and for code written into a
 * data buffer.
 */
#include "common.h"

/* Encodings (unprivileged spec ch. 24 / 16.8): addi a0, zero, imm; c.li a0, imm;
 * jalr zero, 0(ra). */
#define A0 10
#define ADDI_A0(imm)  ((((imm) & 0xfff) << 20) | (A0 << 7) | 0x13)
#define C_LI_A0(imm)  ((2 << 13) | ((((imm) >> 5) & 1) << 12) | (A0 << 7) | (((imm) & 31) << 2) | 1)
#define RET_INSN      0x00008067

TEST_START
    .option norvc

    /* a 32-bit instruction */
    TEST_CASE(1, a0, 1, call slot32)
    li gp, 2
    la s0, slot32
    li t0, ADDI_A0(42)
    sw t0, 0(s0)
    fence.i
    call slot32
    li t6, 42
    bne a0, t6, fail

    /* a 16-bit instruction */
    TEST_CASE(3, a0, 5, call slot16)
    li gp, 4
    la s0, slot16
    li t0, C_LI_A0(-3)
    sh t0, 0(s0)
    fence.i
    call slot16
    li t6, -3
    bne a0, t6, fail

    /* many rewrites of the same slot: each must be seen */
    li gp, 5
    la s0, slot32
    li s1, 0
    li s2, 1000
1:  li t0, ADDI_A0(0)
    slli t1, s1, 20
    or t0, t0, t1
    sw t0, 0(s0)
    fence.i
    call slot32
    bne a0, s1, fail
    addi s1, s1, 1
    blt s1, s2, 1b

    /* the instruction right after fence.i, after it has run once */
    li gp, 6
    li s3, 0
    la s0, 3f
    li t0, ADDI_A0(99)
    sw t0, 0(s0)
    fence.i
3:  addi a0, zero, 7
    bnez s3, 4f
    li t6, 99                   /* first pass: already patched */
    bne a0, t6, fail
    li t0, ADDI_A0(7)           /* restore it, then go round again */
    sw t0, 0(s0)
    fence.i
    li s3, 1
    j 3b
4:  li t6, 7
    bne a0, t6, fail

    /* code built in a data buffer */
    li gp, 7
    la s0, codebuf
    li t0, ADDI_A0(-100)
    sw t0, 0(s0)
    li t0, RET_INSN
    sw t0, 4(s0)
    fence.i
    jalr s0
    li t6, -100
    bne a0, t6, fail
    li gp, 8
    li t0, ADDI_A0(123)
    sw t0, 0(s0)
    fence.i
    jalr s0
    li t6, 123
    bne a0, t6, fail

    j pass

    .align 2
slot32:
    addi a0, zero, 1
    ret
    .option push
    .option rvc
    .align 2
slot16:
    c.li a0, 5
    c.jr ra
    .option pop
TEST_END

    .data
    .align 3
codebuf:
    .space 64
