/*
 * start.S - reset entry and M-mode trap vector of the bench programs.
 *
 * Entered at 0x80000000 in M-mode with the MMU off, as QEMU's virt board and
 * rvemu's boot ROM both do (a0 = hartid, a1 = DTB: both ignored). Hart 0 runs
 * the program; any other hart parks in wfi.
 *
 * The image is linked without __global_pointer$, so no code needs gp and
 * the trap vector need not restore it.
 */
#include "bench.h"

        .section .text.init, "ax", @progbits
        .globl _start
_start:
        csrr    t0, mhartid
        bnez    t0, park
        la      sp, __stack_top
        la      t0, m_trap_vector
        csrw    mtvec, t0
        csrw    mie, zero
        /* FPU on (mstatus.FS = Initial) before any C code: gcc may use FP
         * registers for moves, and the workloads compute in double. */
        li      t0, FS_INITIAL << MSTATUS_FS_SHIFT
        csrs    mstatus, t0
        csrwi   fcsr, 0
        /* Zero .bss (8-byte aligned by the linker script). */
        la      t0, __bss_start
        la      t1, __bss_end
1:      bgeu    t0, t1, 2f
        sd      zero, 0(t0)
        addi    t0, t0, 8
        j       1b
2:      call    bench_start
park:   wfi
        j       park

/*
 * M-mode trap vector. No trap here ever returns: the only expected one is
 * the exit ecall, everything else is a failure. So it needs no context
 * save; it takes its own stack and hands cause, epc, tval, a0 and a7 to
 * m_trap() in runtime.c.
 */
        .text
        .balign 4
        .globl m_trap_vector
m_trap_vector:
        mv      a3, a0
        mv      a4, a7
        la      sp, __mstack_top
        csrr    a0, mcause
        csrr    a1, mepc
        csrr    a2, mtval
        call    m_trap
        j       park
