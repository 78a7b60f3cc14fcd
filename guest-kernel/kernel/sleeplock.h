/* sleeplock.h - a lock whose waiters sleep (held across disk I/O). */
#ifndef GK_SLEEPLOCK_H
#define GK_SLEEPLOCK_H
#include "spinlock.h"
struct sleeplock {
    uint locked;
    struct spinlock lk;  /* protects this structure */
    const char *name;
    int pid;             /* holder */
};
#endif
