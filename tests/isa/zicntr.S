/*
 * zicntr.S - the base counters (unprivileged spec ch. 10, privileged 3.1.10).
 *
 * cycle, time and instret are readable in M-mode and move forward; time is
 * the CLINT's mtime (as on QEMU virt); a write to minstret/mcycle takes
 * effect (the value read back is the written one plus at most a small
 * amount).  The exact read-after-write rule (the next instruction sees
 * exactly the written value) is in zicntr_exact.S, because QEMU 7.2 counts
 * host ticks, not instructions, so it cannot pass it.
 */
#include "common.h"

#define SLACK (1 << 24)         /* generous: QEMU counts host clock ticks */

TEST_START
    .option norvc

    /* instret and cycle increase over a short loop */
    li gp, 1
    rdinstret s0
    li t0, 100
1:  addi t0, t0, -1
    bnez t0, 1b
    rdinstret s1
    bleu s1, s0, fail
    li gp, 2
    rdcycle s0
    li t0, 100
1:  addi t0, t0, -1
    bnez t0, 1b
    rdcycle s1
    bleu s1, s0, fail

    /* the M-mode names read the same counters */
    li gp, 3
    rdinstret s0
    csrr s1, minstret
    rdinstret s2
    bltu s1, s0, fail
    bltu s2, s1, fail
    li gp, 4
    rdcycle s0
    csrr s1, mcycle
    rdcycle s2
    bltu s1, s0, fail
    bltu s2, s1, fail

    /* time is mtime, and it advances */
    li gp, 5
    li s3, CLINT_MTIME
    ld s0, 0(s3)
    rdtime s1
    ld s2, 0(s3)
    bltu s1, s0, fail
    bltu s2, s1, fail
    li gp, 6
    rdtime s0
    li t0, 10000000             /* give up after this many polls */
1:  rdtime s1
    bne s1, s0, 2f
    addi t0, t0, -1
    bnez t0, 1b
    j fail
2:  bltu s1, s0, fail

    /* writes to minstret and mcycle take effect */
    li gp, 7
    li s0, 0x1000000000
    csrw minstret, s0
    csrr s1, minstret
    bltu s1, s0, fail
    li t0, SLACK
    add t0, t0, s0
    bgeu s1, t0, fail
    li gp, 8
    li s0, 0x2000000000
    csrw mcycle, s0
    csrr s1, mcycle
    bltu s1, s0, fail
    li t0, SLACK
    add t0, t0, s0
    bgeu s1, t0, fail
    li gp, 9                    /* and the counter keeps counting from there */
    rdinstret s1
    li s0, 0x1000000000
    bltu s1, s0, fail

    j pass
TEST_END
