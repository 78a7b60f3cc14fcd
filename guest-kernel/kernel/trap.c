/*
 * trap.c - what happens on a trap: system calls, device and timer
 * interrupts, and exceptions, from user mode (usertrap, entered through
 * the trampoline) or from the kernel (kerneltrap, through kernelvec).
 */
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "proc.h"
#include "tracedev.h"
#include "defs.h"

struct spinlock tickslock;
uint ticks;

extern char trampoline[], uservec[], userret[];   /* trampoline.S */
void kernelvec(void);                             /* kernelvec.S  */

#define TICK_INTERVAL (10000000UL / TICK_HZ)      /* timebase is 10 MHz */

static int devintr(uint64 scause);

void trapinit(void)
{
    initlock(&tickslock, "time");
}

/* While in the kernel, traps go to kernelvec. */
void trapinithart(void)
{
    csr_write(stvec, (uint64)kernelvec);
}

/*
 * A page fault by the user. A store to a copy-on-write page is resolved
 * (copied, or reclaimed when this process holds the last reference) and
 * the instruction runs again: returns 0. Anything else is the process's
 * fault: -1, and it is killed. Running out of memory for the copy kills
 * only this process, never the kernel.
 */
static int handle_user_fault(struct proc *p, uint64 scause, uint64 stval)
{
    if (scause != SCAUSE_STORE_PF || stval >= MAXVA)
        return -1;
    pte_t *pte = walk(p->pagetable, PGROUNDDOWN(stval), 0);
    if (pte == 0 || (*pte & (PTE_V | PTE_U)) != (PTE_V | PTE_U))
        return -1;
    if ((*pte & PTE_COW) == 0) {
        /* Never writable (text, read-only data): the write is a bug. */
        trace_event(TEV_KILL_RO_WRITE, p->pid, stval, PTE2PA(*pte), 0);
        return -1;
    }
    if (cow_resolve(pte, stval) != 0) {
        printf("pid %d %s: out of memory for a copy-on-write page, killed\n", p->pid, p->name);
        return -1;
    }
    return 0;
}

static int is_page_fault(uint64 scause)
{
    return scause == SCAUSE_FETCH_PF || scause == SCAUSE_LOAD_PF || scause == SCAUSE_STORE_PF;
}

/* Called from uservec (trampoline.S) on the process's kernel stack. */
void usertrap(void)
{
    if (csr_read(sstatus) & SSTATUS_SPP)
        panic("usertrap: not from user mode");

    /* From now on traps are the kernel's own. */
    csr_write(stvec, (uint64)kernelvec);

    struct proc *p = myproc();
    p->trapframe->epc = csr_read(sepc);
    uint64 scause = csr_read(scause);
    uint64 stval = csr_read(stval);
    int which = 0;

    if (scause == SCAUSE_ECALL_U) {
        if (killed(p))
            exit(-1);
        /* Return past the ecall. */
        p->trapframe->epc += 4;
        /* sepc, scause and sstatus are safely saved: interrupts may
         * come in during a long system call. */
        intr_on();
        syscall();
    } else if ((which = devintr(scause)) != 0) {
        /* handled */
    } else if (is_page_fault(scause) && handle_user_fault(p, scause, stval) == 0) {
        /* resolved: retry the instruction */
    } else {
        printf("usertrap(): pid %d %s: scause %p sepc %p stval %p\n", p->pid, p->name,
               (void *)scause, (void *)p->trapframe->epc, (void *)stval);
        setkilled(p);
    }

    if (killed(p))
        exit(-1);

    /* A timer tick: let another process run. */
    if (which == 2)
        yield();

    usertrapret();
}

/* Return to user mode through the trampoline. */
void usertrapret(void)
{
    struct proc *p = myproc();

    /* stvec is about to point at user-mode handling; a trap in the
     * kernel before sret would go to the wrong place. */
    intr_off();
    csr_write(stvec, TRAMPOLINE + (uservec - trampoline));

    /* What uservec needs to get back into the kernel. */
    p->trapframe->kernel_satp = csr_read(satp);
    p->trapframe->kernel_sp = p->kstack + PGSIZE;
    p->trapframe->kernel_trap = (uint64)usertrap;
    p->trapframe->kernel_hartid = r_tp();

    /* sret goes to user mode with interrupts on, at the user's pc. */
    uint64 x = csr_read(sstatus);
    x &= ~SSTATUS_SPP;
    x |= SSTATUS_SPIE;
    csr_write(sstatus, x);
    csr_write(sepc, p->trapframe->epc);

    uint64 satp = MAKE_SATP(p->pagetable);
    void (*ret)(uint64) = (void (*)(uint64))(TRAMPOLINE + (userret - trampoline));
    ret(satp);
}

/* Traps taken in S-mode come here via kernelvec, on whatever kernel
 * stack was in use. */
void kerneltrap(void)
{
    uint64 sepc = csr_read(sepc);
    uint64 sstatus = csr_read(sstatus);
    uint64 scause = csr_read(scause);

    if ((sstatus & SSTATUS_SPP) == 0)
        panic("kerneltrap: not from supervisor mode");
    if (intr_get())
        panic("kerneltrap: interrupts enabled");

    int which = devintr(scause);
    if (which == 0) {
        printf("kerneltrap: scause %p sepc %p stval %p\n", (void *)scause, (void *)sepc,
               (void *)csr_read(stval));
        panic("kerneltrap: unexpected trap");
    }

    if (which == 2 && myproc() != 0)
        yield();

    /* yield() may have let other traps overwrite these. */
    csr_write(sepc, sepc);
    csr_write(sstatus, sstatus);
}

/* One timer tick on this hart. Hart 0 keeps the time. */
static void clockintr(void)
{
    if (cpuid() == 0) {
        acquire(&tickslock);
        ticks++;
        wakeup(&ticks);
        release(&tickslock);
    }
}

/* Handle an interrupt. Returns 2 for a timer tick, 1 for another
 * device, 0 if scause is not an interrupt we know. */
static int devintr(uint64 scause)
{
    if (scause == SCAUSE_SEI) {
        int irq = plic_claim();
        if (irq == UART0_IRQ)
            uartintr();
        else if (irq == VIRTIO0_IRQ)
            virtio_disk_intr();
        else if (irq)
            printf("unexpected interrupt irq=%d\n", irq);
        /* The PLIC sends no more of irq until told it was handled. */
        if (irq)
            plic_complete(irq);
        return 1;
    }
    if (scause == SCAUSE_STI) {
        /* Sstc: moving stimecmp ahead also clears STIP. */
        asm volatile("csrw 0x14d, %0" : : "r"(r_time() + TICK_INTERVAL));
        clockintr();
        return 2;
    }
    if (scause == SCAUSE_SSI) {
        /* CLINT path: timervec raised SSIP for us. */
        csr_clear(sip, IE_SSIE);
        if (timer_uses_sstc)
            return 1;
        clockintr();
        return 2;
    }
    return 0;
}
