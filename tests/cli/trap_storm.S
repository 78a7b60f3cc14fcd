/* trap_storm.S - a trap handler that itself traps forever: mtvec points
 * at address 0, where nothing is mapped, so every trap's first fetch
 * raises an access fault whose handler is the same address. rvemu must
 * keep running, stay bounded by --max-insns and --timeout, and answer
 * Ctrl-A X. */
    .section .text.init, "ax"
    .globl _start
_start:
    csrw mtvec, zero
    ecall
1:  j 1b
