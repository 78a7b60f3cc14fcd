/*
 * proc.c - processes: creation (userinit, fork), the end of a process
 * (exit, wait, kill), the per-hart scheduler and sleep/wakeup.
 *
 * Locking: p->lock protects p->state, chan, killed, xstate and pid, and
 * is held across swtch() in both directions. wait_lock protects every
 * p->parent and makes a parent's wait() and a child's exit() agree; when
 * both are needed, take wait_lock first.
 */
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "proc.h"
#include "tracedev.h"
#include "defs.h"

struct cpu cpus[NCPU];
struct proc proc[NPROC];

static struct proc *initproc;

static int nextpid = 1;
static struct spinlock pid_lock;
static struct spinlock wait_lock;

extern char trampoline[];   /* trampoline.S */
extern uchar initcode_start[], initcode_end[];   /* initcode.S */

static void forkret(void);
static void freeproc(struct proc *p);

/* Give every process slot its kernel stack, each page below an unmapped
 * guard page so an overflow faults instead of corrupting a neighbour. */
void procinit(void)
{
    initlock(&pid_lock, "nextpid");
    initlock(&wait_lock, "wait_lock");
    for (struct proc *p = proc; p < &proc[NPROC]; p++) {
        initlock(&p->lock, "proc");
        p->state = UNUSED;
        char *stack = kalloc();
        if (stack == 0)
            panic("procinit: out of memory");
        p->kstack = KSTACK(p - proc);
        kvmmap(kernel_pagetable, p->kstack, (uint64)stack, PGSIZE, PTE_R | PTE_W);
    }
    /* This hart already runs on kernel_pagetable. */
    sfence_vma();
}

/* tp holds the hart id (start.c, then the trampoline). Only meaningful
 * with interrupts off: the thread could move to another hart. */
int cpuid(void)
{
    return r_tp();
}

struct cpu *mycpu(void)
{
    return &cpus[cpuid()];
}

struct proc *myproc(void)
{
    push_off();
    struct proc *p = mycpu()->proc;
    pop_off();
    return p;
}

static int allocpid(void)
{
    acquire(&pid_lock);
    int pid = nextpid++;
    release(&pid_lock);
    return pid;
}

/* A fresh process in state USED, with a trap frame, a page table and a
 * context that starts in forkret. Returned with p->lock held; 0 if no
 * slot or memory. */
static struct proc *allocproc(void)
{
    struct proc *p;
    for (p = proc; p < &proc[NPROC]; p++) {
        acquire(&p->lock);
        if (p->state == UNUSED)
            break;
        release(&p->lock);
    }
    if (p == &proc[NPROC])
        return 0;

    p->pid = allocpid();
    p->state = USED;

    if ((p->trapframe = kalloc()) == 0 || (p->pagetable = proc_pagetable(p)) == 0) {
        freeproc(p);
        release(&p->lock);
        return 0;
    }
    memset(p->trapframe, 0, PGSIZE);

    memset(&p->context, 0, sizeof(p->context));
    p->context.ra = (uint64)forkret;
    p->context.sp = p->kstack + PGSIZE;
    return p;
}

/* Release everything a process owns except its kernel stack (reused by
 * the slot). Caller holds p->lock. */
static void freeproc(struct proc *p)
{
    if (p->trapframe)
        kfree(p->trapframe);
    p->trapframe = 0;
    if (p->pagetable) {
        trace_event(TEV_PROC_EXIT, p->pid, (uint64)p->pagetable, (uint64)p->xstate, 0);
        proc_freepagetable(p->pagetable, p->sz);
    }
    p->pagetable = 0;
    p->sz = 0;
    p->pid = 0;
    p->parent = 0;
    p->name[0] = 0;
    p->chan = 0;
    p->killed = 0;
    p->xstate = 0;
    p->state = UNUSED;
}

/* A user page table holding only the trampoline and p's trap frame
 * (both without PTE_U: only the kernel, via the trampoline, uses them). */
pagetable_t proc_pagetable(struct proc *p)
{
    pagetable_t pt = uvmcreate();
    if (pt == 0)
        return 0;
    if (mappages(pt, TRAMPOLINE, PGSIZE, (uint64)trampoline, PTE_R | PTE_X) != 0) {
        uvmfree(pt, 0);
        return 0;
    }
    if (mappages(pt, TRAPFRAME, PGSIZE, (uint64)p->trapframe, PTE_R | PTE_W) != 0) {
        uvmunmap(pt, TRAMPOLINE, 1, 0);
        uvmfree(pt, 0);
        return 0;
    }
    return pt;
}

void proc_freepagetable(pagetable_t pt, uint64 sz)
{
    uvmunmap(pt, TRAMPOLINE, 1, 0);
    uvmunmap(pt, TRAPFRAME, 1, 0);
    uvmfree(pt, sz);
}

/* The first process runs initcode.S, which execs /init. */
void userinit(void)
{
    struct proc *p = allocproc();
    if (p == 0)
        panic("userinit: no process");
    initproc = p;
    trace_event(TEV_PROC_CREATE, p->pid, (uint64)p->pagetable, 0, 0);

    uvmfirst(p->pagetable, initcode_start, initcode_end - initcode_start);
    p->sz = PGSIZE;

    p->trapframe->epc = 0;
    p->trapframe->sp = PGSIZE;

    safestrcpy(p->name, "initcode", sizeof(p->name));
    p->cwd = namei("/");

    p->state = RUNNABLE;
    release(&p->lock);
}

/* Grow (n > 0) or shrink (n < 0) the calling process's memory by n
 * bytes. 0 on success, -1 if out of memory or out of range. */
int growproc(int n)
{
    struct proc *p = myproc();
    uint64 sz = p->sz;

    if (n > 0) {
        if ((sz = uvmalloc(p->pagetable, sz, sz + n, PTE_W)) == 0)
            return -1;
    } else if (n < 0) {
        if ((uint64)-(int64)n > sz)
            return -1;
        sz = uvmdealloc(p->pagetable, sz, sz + n);
    }
    p->sz = sz;
    return 0;
}

/* A copy of the calling process whose fork() returns 0. Returns the
 * child's pid, or -1. */
int fork(void)
{
    struct proc *p = myproc();
    struct proc *np = allocproc();
    if (np == 0)
        return -1;

    trace_event(TEV_PROC_CREATE, np->pid, (uint64)np->pagetable, p->pid, 0);
    if (uvmcopy(p->pagetable, np->pagetable, p->sz, np->pid) < 0) {
        freeproc(np);
        release(&np->lock);
        return -1;
    }
    np->sz = p->sz;
    *np->trapframe = *p->trapframe;
    np->trapframe->a0 = 0;

    for (int fd = 0; fd < NOFILE; fd++)
        if (p->ofile[fd])
            np->ofile[fd] = filedup(p->ofile[fd]);
    np->cwd = idup(p->cwd);
    safestrcpy(np->name, p->name, sizeof(np->name));
    int pid = np->pid;
    release(&np->lock);

    acquire(&wait_lock);
    np->parent = p;
    release(&wait_lock);

    acquire(&np->lock);
    np->state = RUNNABLE;
    release(&np->lock);
    return pid;
}

/* Hand p's children to init. Caller holds wait_lock. */
static void reparent(struct proc *p)
{
    for (struct proc *pp = proc; pp < &proc[NPROC]; pp++) {
        if (pp->parent == p) {
            pp->parent = initproc;
            wakeup(initproc);
        }
    }
}

/* End the calling process. It stays a ZOMBIE until its parent's wait()
 * collects the status. */
void exit(int status)
{
    struct proc *p = myproc();
    if (p == initproc)
        panic("init exiting");

    for (int fd = 0; fd < NOFILE; fd++) {
        if (p->ofile[fd]) {
            fileclose(p->ofile[fd]);
            p->ofile[fd] = 0;
        }
    }
    begin_op();
    iput(p->cwd);
    end_op();
    p->cwd = 0;

    acquire(&wait_lock);
    reparent(p);
    wakeup(p->parent);

    acquire(&p->lock);
    p->xstate = status;
    p->state = ZOMBIE;
    release(&wait_lock);

    /* The parent frees us only after it can take p->lock, i.e. once
     * sched() has switched away from this stack. */
    sched();
    panic("zombie exit");
}

/* Wait for a child to exit; store its status at user address addr
 * (unless 0) and return its pid. -1 if there are no children, the copy
 * fails, or the caller is killed. */
int wait(uint64 addr)
{
    struct proc *p = myproc();

    acquire(&wait_lock);
    for (;;) {
        int havekids = 0;
        for (struct proc *pp = proc; pp < &proc[NPROC]; pp++) {
            if (pp->parent != p)
                continue;
            acquire(&pp->lock);
            havekids = 1;
            if (pp->state == ZOMBIE) {
                int pid = pp->pid;
                if (addr != 0 &&
                    copyout(p->pagetable, addr, (char *)&pp->xstate, sizeof(pp->xstate)) < 0) {
                    release(&pp->lock);
                    release(&wait_lock);
                    return -1;
                }
                freeproc(pp);
                release(&pp->lock);
                release(&wait_lock);
                return pid;
            }
            release(&pp->lock);
        }
        if (!havekids || killed(p)) {
            release(&wait_lock);
            return -1;
        }
        sleep(p, &wait_lock);
    }
}

/*
 * Each hart runs this loop forever: pick a RUNNABLE process, switch to
 * it, and get control back when it calls sched(). A hart with nothing
 * to run waits for an interrupt.
 */
void scheduler(void)
{
    struct cpu *c = mycpu();
    c->proc = 0;

    for (;;) {
        /* Let pending interrupts in (a process may be waiting for the
         * disk), then scan with them off so the wfi below cannot miss a
         * wakeup made by this hart's own interrupt handler. */
        intr_on();
        intr_off();

        int found = 0;
        for (struct proc *p = proc; p < &proc[NPROC]; p++) {
            acquire(&p->lock);
            if (p->state == RUNNABLE) {
                p->state = RUNNING;
                c->proc = p;
                swtch(&c->context, &p->context);
                /* The process has stopped running for now. */
                c->proc = 0;
                found = 1;
            }
            release(&p->lock);
        }
        if (!found) {
            /* wfi wakes on a pending interrupt even with SIE off; the
             * handler then runs at intr_on() above. */
            asm volatile("wfi");
        }
    }
}

/* Switch to this hart's scheduler. The caller holds p->lock (only) and
 * has already changed p->state. intena belongs to this kernel thread,
 * not the hart, so it is saved across the switch. */
void sched(void)
{
    struct proc *p = myproc();

    if (!holding(&p->lock))
        panic("sched: p->lock not held");
    if (mycpu()->noff != 1)
        panic("sched: other locks held");
    if (p->state == RUNNING)
        panic("sched: process still RUNNING");
    if (intr_get())
        panic("sched: interrupts on");

    int intena = mycpu()->intena;
    swtch(&p->context, &mycpu()->context);
    mycpu()->intena = intena;
}

/* Give up the hart for one scheduling round. */
void yield(void)
{
    struct proc *p = myproc();
    acquire(&p->lock);
    p->state = RUNNABLE;
    sched();
    release(&p->lock);
}

/* A new process's first scheduling lands here, still holding the
 * p->lock the scheduler took. */
static void forkret(void)
{
    static int first = 1;

    release(&myproc()->lock);

    if (first) {
        /* The file system is set up by the first process rather than
         * main(): reading the superblock sleeps, which needs a process. */
        first = 0;
        fsinit(ROOTDEV);
        __sync_synchronize();
    }
    usertrapret();
}

/* Release lk and sleep on chan; reacquire lk when woken. Holding p->lock
 * from before lk is released until after the state change means no
 * wakeup(chan) can slip in between. */
void sleep(void *chan, struct spinlock *lk)
{
    struct proc *p = myproc();

    acquire(&p->lock);
    release(lk);

    p->chan = chan;
    p->state = SLEEPING;
    sched();
    p->chan = 0;

    release(&p->lock);
    acquire(lk);
}

/* Wake every process sleeping on chan. Caller must not hold any p->lock. */
void wakeup(void *chan)
{
    struct proc *me = myproc();
    for (struct proc *p = proc; p < &proc[NPROC]; p++) {
        if (p == me)
            continue;
        acquire(&p->lock);
        if (p->state == SLEEPING && p->chan == chan)
            p->state = RUNNABLE;
        release(&p->lock);
    }
}

/* Mark process pid killed; it exits the next time it crosses into or
 * out of the kernel. A sleeper is woken so it can notice. */
int kill(int pid)
{
    for (struct proc *p = proc; p < &proc[NPROC]; p++) {
        acquire(&p->lock);
        if (p->pid == pid && p->state != UNUSED) {
            p->killed = 1;
            if (p->state == SLEEPING)
                p->state = RUNNABLE;
            release(&p->lock);
            return 0;
        }
        release(&p->lock);
    }
    return -1;
}

void setkilled(struct proc *p)
{
    acquire(&p->lock);
    p->killed = 1;
    release(&p->lock);
}

int killed(struct proc *p)
{
    acquire(&p->lock);
    int k = p->killed;
    release(&p->lock);
    return k;
}

/* Copy to a user address (user_dst) or a kernel address. 0 or -1. */
int either_copyout(int user_dst, uint64 dst, void *src, uint64 len)
{
    if (user_dst)
        return copyout(myproc()->pagetable, dst, src, len);
    memmove((void *)dst, src, len);
    return 0;
}

/* Copy from a user address (user_src) or a kernel address. 0 or -1. */
int either_copyin(void *dst, int user_src, uint64 src, uint64 len)
{
    if (user_src)
        return copyin(myproc()->pagetable, dst, src, len);
    memmove(dst, (void *)src, len);
    return 0;
}

/* ^P on the console: list the processes. Takes no locks, so it works
 * even when the machine is wedged. */
void procdump(void)
{
    static const char *const states[] = {
        [UNUSED] = "unused", [USED] = "used",       [SLEEPING] = "sleep",
        [RUNNABLE] = "runble", [RUNNING] = "run",   [ZOMBIE] = "zombie",
    };
    printf("\n");
    for (struct proc *p = proc; p < &proc[NPROC]; p++) {
        if (p->state == UNUSED)
            continue;
        const char *state = "???";
        if (p->state >= 0 && p->state < NELEM(states) && states[p->state])
            state = states[p->state];
        printf("%d %s %s\n", p->pid, state, p->name);
    }
}
