/*
 * zicntr_exact.S - exact instruction counting; rvemu only (QEMU 7.2 counts
 * host ticks in minstret, see CMakeLists.txt: ISA_TESTS_NOT_ON_QEMU).
 *
 * A CSR write to minstret or mcycle replaces that instruction's own
 * increment, so the next instruction reads exactly the value written
 * (privileged spec 3.1.10; COMPAT-NOTES.md).  A read returns the count of
 * instructions retired before it, so back-to-back reads differ by 1 and
 * reads around k instructions differ by k + 1.
 */
#include "common.h"

TEST_START
    .option norvc

    TEST_CASE(1, a0, 1000, li a1, 1000; csrw minstret, a1; csrr a0, minstret)
    TEST_CASE(2, a0, 1002, li a1, 1000; csrw minstret, a1; nop; nop; csrr a0, minstret)
    TEST_CASE(3, a0, 0x123456789a, li a1, 0x123456789a; csrw minstret, a1; rdinstret a0)
    TEST_CASE(4, a0, -1, li a1, -1; csrw minstret, a1; csrr a0, minstret)
    TEST_CASE(5, a0, 0, li a1, -1; csrw minstret, a1; nop; csrr a0, minstret)
    TEST_CASE(6, a0, 5000, li a1, 5000; csrw mcycle, a1; csrr a0, mcycle)
    TEST_CASE(7, a0, 1, rdinstret a1; rdinstret a0; sub a0, a0, a1)
    TEST_CASE(8, a0, 11, rdinstret a1; nop; nop; nop; nop; nop; nop; nop; nop; nop; nop; rdinstret a0; sub a0, a0, a1)
    /* a taken branch and a loop retire like anything else */
    TEST_CASE(9, a0, 21, li t0, 10; rdinstret a1; 1: addi t0, t0, -1; bnez t0, 1b; rdinstret a0; sub a0, a0, a1)
    /* csrrs/csrrc/immediate writes follow the same rule */
    TEST_CASE(10, a0, 0x107, li a1, 0x100; csrw minstret, a1; csrsi minstret, 7; csrr a0, minstret)
    TEST_CASE(11, a0, 0x100, li a1, 0x107; csrw minstret, a1; csrci minstret, 7; csrr a0, minstret)

    j pass
TEST_END
