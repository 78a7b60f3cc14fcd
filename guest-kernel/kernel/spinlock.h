/* spinlock.h - mutual exclusion between harts; interrupts stay off while held. */
#ifndef GK_SPINLOCK_H
#define GK_SPINLOCK_H
#include "types.h"
struct spinlock {
    uint locked;
    const char *name;
    struct cpu *cpu;   /* holder, for holding() and panics */
};
#endif
