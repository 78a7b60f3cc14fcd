/*
 * user.S - the user program of the trap round-trip benchmark, mapped at
 * USER_TEXT. Position-independent: only pc-relative branches.
 *
 * Entered with a0 = number of round trips (>= 1), sp = top of its stack
 * page. Each iteration makes one SYS_INC ecall, checks the returned count
 * and touches its stack page (so a flushed TLB has to refill it, as a real
 * process's would). Exit status: 0 ok, 1 wrong count, 2 a lost register.
 */
#include "traploop.h"

        .section .utext, "ax", @progbits
        .globl user_main
user_main:
        mv      s0, a0                  /* round trips to make */
        li      s1, 0                   /* made so far */
        li      s2, USER_CANARY_S2
        li      s3, USER_CANARY_S3
        li      s4, USER_CANARY_S4
        li      s5, USER_CANARY_S5
1:      li      a7, SYS_INC
        ecall
        addi    s1, s1, 1
        sd      s1, -8(sp)
        ld      t0, -8(sp)
        bne     a0, t0, bad_count
        bltu    s1, s0, 1b

        li      a0, 2
        li      t0, USER_CANARY_S2
        bne     s2, t0, exit
        li      t0, USER_CANARY_S3
        bne     s3, t0, exit
        li      t0, USER_CANARY_S4
        bne     s4, t0, exit
        li      t0, USER_CANARY_S5
        bne     s5, t0, exit
        li      a0, 0
        j       exit
bad_count:
        li      a0, 1
exit:   li      a7, SYS_EXIT
        ecall
2:      j       2b                      /* SYS_EXIT does not return */
