/*
 * clint.h - the core-local interruptor (SiFive CLINT, as on QEMU virt):
 * per-hart msip and mtimecmp, and the shared mtime.
 */
#ifndef RVEMU_CLINT_H
#define RVEMU_CLINT_H

#include <stdint.h>

#include "bus.h"
#include "irq.h"

struct timebase;
struct clint;

#define CLINT_SIZE 0x10000

/* msip[h] drives soft[h], (mtime >= mtimecmp[h]) drives timer[h]. */
struct clint *clint_new(unsigned nharts, struct timebase *tb,
                        const struct irq_line *soft, const struct irq_line *timer);
void clint_free(struct clint *c);
const struct dev_ops *clint_ops(void);

/* Machine reset: msip clear, mtimecmp at its maximum, lines low. */
void clint_reset(struct clint *c);

/* Re-evaluate timer lines against the current mtime. */
void clint_update(struct clint *c);

/* The earliest mtimecmp of any hart (possibly already reached), or
 * UINT64_MAX when no hart has armed its timer. */
uint64_t clint_next_deadline(const struct clint *c);

#endif
