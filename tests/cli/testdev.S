/* testdev.S - writes TESTDEV_VALUE to the SiFive test device at 0x100000
 * (0x5555 = pass, (code << 16) | 0x3333 = fail with code), then spins. */
#define TESTDEV_BASE 0x100000
    .section .text.init, "ax"
    .globl _start
_start:
    li t0, TESTDEV_BASE
    li t1, TESTDEV_VALUE
    sw t1, 0(t0)
1:  j 1b
