/* wfi_forever.S - waits for an interrupt that nothing can raise (mie = 0,
 * no timer armed): the run must end as a deadlock, exit status 4. */
    .section .text.init, "ax"
    .globl _start
_start:
    csrw mie, zero
1:  wfi
    j 1b
