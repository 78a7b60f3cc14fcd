# initcode.S - the first user program. userinit() copies these bytes to
# VA 0 of the first process, so the code must not depend on where the
# kernel linked it: addresses are pc-relative (lla) or offsets from
# initcode_start. It runs exec("/init", {"/init", 0}); if that fails it
# keeps calling exit (init cannot exit, so this is never expected).
#include "syscall.h"

.section .rodata.initcode, "a"
.p2align 3
.globl initcode_start
.globl initcode_end
initcode_start:
        lla     a0, init_path
        lla     a1, init_argv
        li      a7, SYS_exec
        ecall
1:
        li      a0, -1
        li      a7, SYS_exit
        ecall
        j       1b

init_path:
        .string "/init"
.p2align 3
init_argv:
        .dword  init_path - initcode_start   # user VA of the string
        .dword  0
initcode_end:
