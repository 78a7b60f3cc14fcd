/* tohost_exit5.S - exits with status 5 through HTIF: tohost = (5 << 1) | 1
 * as one 64-bit store (COMPAT-NOTES "Bare-metal test programs"). */
#define EXIT_CODE 5
    .section .text.init, "ax"
    .globl _start
_start:
    la t0, tohost
    li t1, (EXIT_CODE << 1) | 1
    sd t1, 0(t0)
1:  j 1b

    .section .tohost, "aw", @progbits
    .balign 64
    .globl tohost
tohost:   .dword 0
    .globl fromhost
fromhost: .dword 0
