/*
 * spinlock.c - mutual exclusion between harts.
 *
 * Interrupts stay off on a hart while it holds any spinlock: an
 * interrupt handler that wanted the same lock would spin forever.
 * push_off/pop_off count the nesting so the outermost release restores
 * the interrupt state found at the first acquire.
 */
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "spinlock.h"
#include "riscv.h"
#include "proc.h"
#include "defs.h"

void initlock(struct spinlock *lk, const char *name)
{
    lk->name = name;
    lk->locked = 0;
    lk->cpu = 0;
}

void acquire(struct spinlock *lk)
{
    push_off();
    if (holding(lk))
        panic("acquire: this hart already holds the lock");

    /* amoswap.w.aq: atomically take the lock. */
    while (__sync_lock_test_and_set(&lk->locked, 1) != 0)
        ;
    /* Keep the critical section's loads and stores after the swap. */
    __sync_synchronize();
    lk->cpu = mycpu();
}

void release(struct spinlock *lk)
{
    if (!holding(lk))
        panic("release: lock not held");

    lk->cpu = 0;
    /* Publish the critical section's stores before the lock is free. */
    __sync_synchronize();
    __sync_lock_release(&lk->locked);
    pop_off();
}

/* Does this hart hold lk? Interrupts must be off. */
int holding(struct spinlock *lk)
{
    return lk->locked && lk->cpu == mycpu();
}

void push_off(void)
{
    int old = intr_get();
    intr_off();
    struct cpu *c = mycpu();
    if (c->noff == 0)
        c->intena = old;
    c->noff++;
}

void pop_off(void)
{
    struct cpu *c = mycpu();
    if (intr_get())
        panic("pop_off: interrupts on");
    if (c->noff < 1)
        panic("pop_off: unbalanced");
    c->noff--;
    if (c->noff == 0 && c->intena)
        intr_on();
}
