# entry.S - every hart starts here in M-mode, with a0 = hartid and
# a1 = the device tree's physical address. Give each hart its own
# stack in stack0 and call start(hartid, dtb) in C.
#include "param.h"

.section .text.entry
.globl _entry
_entry:
        # Harts the kernel has no stack (or struct cpu) for stay parked.
        li      t0, NCPU
        bgeu    a0, t0, park

        # sp = stack0 + (hartid + 1) * 4096: stacks grow down.
        la      sp, stack0
        addi    t1, a0, 1
        slli    t1, t1, 12
        add     sp, sp, t1
        # A zero frame pointer ends panic()'s backtrace.
        li      s0, 0
        call    start
park:
        wfi
        j       park
