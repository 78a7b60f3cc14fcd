/* rom_write.S - stores into the boot ROM are ignored, as on QEMU's virt
 * board (its mask ROM discards writes): the word reads back unchanged and
 * no trap is taken. A store where nothing is mapped must raise a store
 * access fault (mcause 7) with the address in mtval. Pass = 0x5555 to
 * the test device, failure code 2/3/4 says which check failed. */
#define TESTDEV 0x100000
    .section .text.init, "ax"
    .globl _start
_start:
    la t0, trap
    csrw mtvec, t0
    li s0, 0x1000               /* boot ROM */
    lw s1, 0(s0)
    not t1, s1
    sw t1, 0(s0)
    lw t2, 0(s0)
    li a0, 2
    bne t2, s1, fail            /* the ROM changed */
    li s2, 0x2c000000           /* a hole in virt's map (between flash and PCIe ECAM) */
    li s3, 0                    /* set by the handler */
    sw t1, 0(s2)
    li a0, 3
    li t0, 7
    bne s3, t0, fail            /* no store access fault */
    csrr t0, mtval
    li a0, 4
    bne t0, s2, fail
    li t0, TESTDEV
    li t1, 0x5555
    sw t1, 0(t0)
1:  j 1b
fail:
    slli a0, a0, 16
    li t1, 0x3333
    or a0, a0, t1
    li t0, TESTDEV
    sw a0, 0(t0)
2:  j 2b

    .align 2
trap:
    csrr s3, mcause
    csrr t0, mepc
    addi t0, t0, 4
    csrw mepc, t0
    mret
