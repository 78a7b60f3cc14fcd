/*
 * clint.c - CLINT registers (SiFive layout, QEMU virt):
 *   0x0000 + 4*h   msip[h]      bit 0 drives the hart's MSIP
 *   0x4000 + 8*h   mtimecmp[h]  MTIP = (mtime >= mtimecmp)
 *   0xbff8         mtime        shared, 10 MHz
 */
#include "clint.h"

#include <stdlib.h>

#include "timebase.h"

#define CLINT_MSIP     0x0000
#define CLINT_MTIMECMP 0x4000
#define CLINT_MTIME    0xbff8
#define CLINT_MAX_HARTS 4095

struct clint {
    unsigned nharts;
    struct timebase *tb;
    uint32_t *msip;
    uint64_t *mtimecmp;
    struct irq_line *soft;
    struct irq_line *timer;
};

struct clint *clint_new(unsigned nharts, struct timebase *tb,
                        const struct irq_line *soft, const struct irq_line *timer)
{
    struct clint *c = calloc(1, sizeof(*c));
    if (!c)
        return NULL;
    c->nharts = nharts;
    c->tb = tb;
    c->msip = calloc(nharts, sizeof(*c->msip));
    c->mtimecmp = calloc(nharts, sizeof(*c->mtimecmp));
    c->soft = calloc(nharts, sizeof(*c->soft));
    c->timer = calloc(nharts, sizeof(*c->timer));
    if (!c->msip || !c->mtimecmp || !c->soft || !c->timer) {
        clint_free(c);
        return NULL;
    }
    for (unsigned h = 0; h < nharts; h++) {
        c->mtimecmp[h] = UINT64_MAX;
        c->soft[h] = soft[h];
        c->timer[h] = timer[h];
    }
    return c;
}

void clint_free(struct clint *c)
{
    if (!c)
        return;
    free(c->msip);
    free(c->mtimecmp);
    free(c->soft);
    free(c->timer);
    free(c);
}

void clint_reset(struct clint *c)
{
    for (unsigned h = 0; h < c->nharts; h++) {
        c->msip[h] = 0;
        c->mtimecmp[h] = UINT64_MAX;
        irq_set(&c->soft[h], false);
        irq_set(&c->timer[h], false);
    }
}

void clint_update(struct clint *c)
{
    uint64_t now = timebase_mtime(c->tb);
    for (unsigned h = 0; h < c->nharts; h++)
        irq_set(&c->timer[h], now >= c->mtimecmp[h]);
}

uint64_t clint_next_deadline(const struct clint *c)
{
    uint64_t best = UINT64_MAX;
    for (unsigned h = 0; h < c->nharts; h++)
        if (c->mtimecmp[h] < best)
            best = c->mtimecmp[h];
    return best;
}

/* 64-bit registers may be accessed as two 32-bit halves. */
static bool reg64_read(uint64_t reg, uint64_t off, unsigned size, uint64_t *val)
{
    if (size == 8 && !(off & 7)) {
        *val = reg;
        return true;
    }
    if (size == 4) {
        *val = (off & 4) ? reg >> 32 : (uint32_t)reg;
        return true;
    }
    return false;
}

static bool reg64_write(uint64_t *reg, uint64_t off, uint64_t val, unsigned size)
{
    if (size == 8 && !(off & 7)) {
        *reg = val;
        return true;
    }
    if (size == 4) {
        if (off & 4)
            *reg = (*reg & 0xffffffffULL) | (val << 32);
        else
            *reg = (*reg & ~0xffffffffULL) | (uint32_t)val;
        return true;
    }
    return false;
}

static bool clint_read(void *dev, uint64_t off, unsigned size, uint64_t *val)
{
    struct clint *c = dev;
    if (off < CLINT_MSIP + 4ULL * c->nharts) {
        if (size != 4)
            return false;
        *val = c->msip[off / 4];
        return true;
    }
    if (off >= CLINT_MTIMECMP && off < CLINT_MTIMECMP + 8ULL * c->nharts)
        return reg64_read(c->mtimecmp[(off - CLINT_MTIMECMP) / 8], off, size, val);
    if (off >= CLINT_MTIME && off < CLINT_MTIME + 8)
        return reg64_read(timebase_mtime(c->tb), off, size, val);
    *val = 0;               /* unimplemented space reads as zero, as on QEMU */
    return size == 4 || size == 8;
}

static bool clint_write(void *dev, uint64_t off, uint64_t val, unsigned size)
{
    struct clint *c = dev;
    if (off < CLINT_MSIP + 4ULL * c->nharts) {
        if (size != 4)
            return false;
        unsigned h = (unsigned)(off / 4);
        c->msip[h] = val & 1;
        irq_set(&c->soft[h], val & 1);
        return true;
    }
    if (off >= CLINT_MTIMECMP && off < CLINT_MTIMECMP + 8ULL * c->nharts) {
        unsigned h = (unsigned)((off - CLINT_MTIMECMP) / 8);
        bool ok = reg64_write(&c->mtimecmp[h], off, val, size);
        clint_update(c);
        return ok;
    }
    if (off >= CLINT_MTIME && off < CLINT_MTIME + 8) {
        uint64_t t = timebase_mtime(c->tb);
        bool ok = reg64_write(&t, off, val, size);
        timebase_set_mtime(c->tb, t);
        clint_update(c);
        return ok;
    }
    return size == 4 || size == 8;
}

static const struct dev_ops clint_dev_ops = {
    .name = "clint", .read = clint_read, .write = clint_write,
};

const struct dev_ops *clint_ops(void)
{
    return &clint_dev_ops;
}
