/* loop.S - spins forever: for --max-insns and --timeout, and the base of
 * the broken-file fixtures. */
    .section .text.init, "ax"
    .globl _start
_start:
    j _start
