/* uart_flood.S - reads the 16550's receiver as fast as bytes come and
 * powers off with success after 1,000,000 of them: a flood of console
 * input must reach the guest whole, without stalling or crashing rvemu. */
#define UART 0x10000000
#define TESTDEV 0x100000
    .section .text.init, "ax"
    .globl _start
_start:
    li s0, UART
    li s1, 1000000
1:  lbu t0, 5(s0)               /* LSR: bit 0 = data ready */
    andi t0, t0, 1
    beqz t0, 1b
    lbu t0, 0(s0)               /* RBR */
    addi s1, s1, -1
    bnez s1, 1b
    li t0, TESTDEV
    li t1, 0x5555
    sw t1, 0(t0)
2:  j 2b
