/* usys.S - system call stubs: the number goes in a7, arguments are
 * already in a0..a5 where the C calling convention put them, and the
 * kernel leaves the result in a0. */
#include "../kernel/syscall.h"

#define SYSCALL(name)      \
    .global name;          \
    .type name, @function; \
name:                      \
    li a7, SYS_ ## name;   \
    ecall;                 \
    ret

.text
SYSCALL(fork)
SYSCALL(exit)
SYSCALL(wait)
SYSCALL(pipe)
SYSCALL(read)
SYSCALL(write)
SYSCALL(close)
SYSCALL(kill)
SYSCALL(exec)
SYSCALL(open)
SYSCALL(mknod)
SYSCALL(unlink)
SYSCALL(fstat)
SYSCALL(link)
SYSCALL(mkdir)
SYSCALL(chdir)
SYSCALL(dup)
SYSCALL(getpid)
SYSCALL(sbrk)
SYSCALL(sleep)
SYSCALL(uptime)
SYSCALL(freemem)
SYSCALL(poweroff)
