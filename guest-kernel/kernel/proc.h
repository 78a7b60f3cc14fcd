/* proc.h - harts, processes and the saved state that moves between them. */
#ifndef GK_PROC_H
#define GK_PROC_H
#include "param.h"
#include "spinlock.h"
#include "types.h"

/* Callee-saved registers, switched by swtch(). */
struct context {
    uint64 ra, sp;
    uint64 s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11;
};

/* One per hart. */
struct cpu {
    struct proc *proc;       /* running process, or 0           */
    struct context context;  /* swtch() here to enter scheduler */
    int noff;                /* depth of push_off() nesting     */
    int intena;              /* interrupts on before push_off()? */
};
extern struct cpu cpus[NCPU];

/*
 * The page at TRAPFRAME in every user address space: the trampoline saves
 * user registers here and finds the kernel's stack, page table, hart and
 * usertrap() address. The offsets are fixed: trampoline.S uses them.
 */
struct trapframe {
    /*   0 */ uint64 kernel_satp;
    /*   8 */ uint64 kernel_sp;
    /*  16 */ uint64 kernel_trap;   /* usertrap()     */
    /*  24 */ uint64 epc;           /* user pc        */
    /*  32 */ uint64 kernel_hartid;
    /*  40 */ uint64 ra;
    /*  48 */ uint64 sp;
    /*  56 */ uint64 gp;
    /*  64 */ uint64 tp;
    /*  72 */ uint64 t0;
    /*  80 */ uint64 t1;
    /*  88 */ uint64 t2;
    /*  96 */ uint64 s0;
    /* 104 */ uint64 s1;
    /* 112 */ uint64 a0;
    /* 120 */ uint64 a1;
    /* 128 */ uint64 a2;
    /* 136 */ uint64 a3;
    /* 144 */ uint64 a4;
    /* 152 */ uint64 a5;
    /* 160 */ uint64 a6;
    /* 168 */ uint64 a7;
    /* 176 */ uint64 s2;
    /* 184 */ uint64 s3;
    /* 192 */ uint64 s4;
    /* 200 */ uint64 s5;
    /* 208 */ uint64 s6;
    /* 216 */ uint64 s7;
    /* 224 */ uint64 s8;
    /* 232 */ uint64 s9;
    /* 240 */ uint64 s10;
    /* 248 */ uint64 s11;
    /* 256 */ uint64 t3;
    /* 264 */ uint64 t4;
    /* 272 */ uint64 t5;
    /* 280 */ uint64 t6;
};

enum procstate { UNUSED, USED, SLEEPING, RUNNABLE, RUNNING, ZOMBIE };

struct proc {
    struct spinlock lock;
    /* under p->lock: */
    enum procstate state;
    void *chan;              /* sleeping on chan, if non-zero  */
    int killed;
    int xstate;              /* exit status for the parent     */
    int pid;

    struct proc *parent;     /* under wait_lock                */

    /* private to the process: */
    uint64 kstack;           /* kernel stack virtual address   */
    uint64 sz;               /* bytes of user memory           */
    pagetable_t pagetable;   /* user page table                */
    struct trapframe *trapframe;
    struct context context;  /* swtch() here to run it        */
    struct file *ofile[NOFILE];
    struct inode *cwd;
    char name[16];
};
#endif
