/* sysproc.c - system calls about processes, memory, time and the
 * machine. (File system calls are in sysfile.c.) */
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "proc.h"
#include "defs.h"

uint64 sys_fork(void)
{
    return fork();
}

uint64 sys_exit(void)
{
    int status;
    argint(0, &status);
    exit(status);
}

uint64 sys_wait(void)
{
    uint64 addr;
    argaddr(0, &addr);
    return wait(addr);
}

uint64 sys_kill(void)
{
    int pid;
    argint(0, &pid);
    return kill(pid);
}

uint64 sys_getpid(void)
{
    return myproc()->pid;
}

/* Grow or shrink memory by n bytes; returns the old end of memory. */
uint64 sys_sbrk(void)
{
    int n;
    argint(0, &n);
    uint64 old = myproc()->sz;
    if (growproc(n) < 0)
        return -1;
    return old;
}

/* Sleep n ticks. -1 if killed meanwhile. */
uint64 sys_sleep(void)
{
    int n;
    argint(0, &n);
    acquire(&tickslock);
    uint start = ticks;
    while (n > 0 && ticks - start < (uint)n) {
        if (killed(myproc())) {
            release(&tickslock);
            return -1;
        }
        sleep(&ticks, &tickslock);
    }
    release(&tickslock);
    return 0;
}

/* Ticks since boot. */
uint64 sys_uptime(void)
{
    acquire(&tickslock);
    uint t = ticks;
    release(&tickslock);
    return t;
}

/* Free physical pages. */
uint64 sys_freemem(void)
{
    return kfreepages();
}

/* Stop the machine through the sifive test device: 0x5555 is a clean
 * power-off, (code << 16) | 0x3333 a failure with exit code `code`. */
uint64 sys_poweroff(void)
{
    int code;
    argint(0, &code);
    uint32 v = code == 0 ? 0x5555 : ((uint32)code << 16) | 0x3333;
    *(volatile uint32 *)TESTDEV = v;
    /* The device does not return; if it did, there is nothing to go
     * back to. */
    for (;;)
        ;
}
