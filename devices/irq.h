/*
 * irq.h - an interrupt line between a device and whatever it signals
 * (a PLIC source, a hart's mip bit). Devices raise and lower lines; they
 * never reach into the hart or the PLIC directly.
 */
#ifndef RVEMU_IRQ_H
#define RVEMU_IRQ_H

#include <stdbool.h>

struct irq_line {
    void   (*set)(void *ctx, unsigned n, bool level);
    void    *ctx;
    unsigned n;       /* which input of ctx this line drives */
};

static inline void irq_set(const struct irq_line *l, bool level)
{
    if (l && l->set)
        l->set(l->ctx, l->n, level);
}

#endif
