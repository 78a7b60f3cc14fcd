/*
 * tracedev.c - the guest trace device. Each hart has its own bank of four
 * argument registers and an EVENT register, so harts never race on
 * arguments and the guest needs no lock; an EVENT write is one atomic
 * step of the machine, which gives the stream its order.
 */
#include "tracedev.h"

#include <stdlib.h>
#include <string.h>

struct tracedev {
    tracedev_sink sink;
    void *ctx;
    uint64_t args[TRACEDEV_NBANKS][4];
};

struct tracedev *tracedev_new(tracedev_sink sink, void *ctx)
{
    struct tracedev *t = calloc(1, sizeof(*t));
    if (t) {
        t->sink = sink;
        t->ctx = ctx;
    }
    return t;
}

void tracedev_free(struct tracedev *t)
{
    free(t);
}

void tracedev_reset(struct tracedev *t)
{
    memset(t->args, 0, sizeof(t->args));
}

const char *tracedev_event_name(uint32_t code)
{
    static const char *const names[TEV_MAX] = {
        [TEV_PAGE_ALLOC] = "alloc",      [TEV_REF_INC] = "ref+",
        [TEV_REF_DEC] = "ref-",          [TEV_PAGE_FREE] = "free",
        [TEV_COW_COPY] = "cow-copy",     [TEV_COW_RECLAIM] = "cow-reclaim",
        [TEV_KILL_RO_WRITE] = "kill-ro-write", [TEV_PROC_CREATE] = "proc-create",
        [TEV_PROC_EXIT] = "proc-exit",   [TEV_PROC_EXEC] = "proc-exec",
        [TEV_COW_SHARE] = "cow-share",
    };
    return code < TEV_MAX ? names[code] : NULL;
}

/* Which bank and register an offset names; -1 outside the banks. */
static int bank_of(uint64_t off, uint64_t *reg)
{
    if (off < TRACEDEV_BANK_BASE)
        return -1;
    uint64_t b = (off - TRACEDEV_BANK_BASE) / TRACEDEV_BANK_SIZE;
    if (b >= TRACEDEV_NBANKS)
        return -1;
    *reg = (off - TRACEDEV_BANK_BASE) % TRACEDEV_BANK_SIZE;
    return (int)b;
}

static bool tracedev_read(void *dev, uint64_t off, unsigned size, uint64_t *val)
{
    struct tracedev *t = dev;
    uint64_t reg;
    int b = bank_of(off, &reg);
    *val = 0;
    if (b >= 0 && reg < TRACEDEV_BANK_EVENT && reg % 8 == 0 && size == 8) {
        *val = t->args[b][reg / 8];
        return true;
    }
    if (size != 4)
        return true;                    /* reads of nothing give 0 */
    switch (off) {
    case TRACEDEV_REG_MAGIC:   *val = TRACEDEV_MAGIC; break;
    case TRACEDEV_REG_VERSION: *val = TRACEDEV_VERSION; break;
    case TRACEDEV_REG_NBANKS:  *val = TRACEDEV_NBANKS; break;
    default: break;
    }
    return true;
}

static bool tracedev_write(void *dev, uint64_t off, uint64_t val, unsigned size)
{
    struct tracedev *t = dev;
    uint64_t reg;
    int b = bank_of(off, &reg);
    if (b < 0)
        return true;                    /* identification registers are read-only */
    if (reg < TRACEDEV_BANK_EVENT && reg % 8 == 0 && size == 8) {
        t->args[b][reg / 8] = val;
        return true;
    }
    if (reg == TRACEDEV_BANK_EVENT && size == 4) {
        if (t->sink)
            t->sink(t->ctx, (unsigned)b, (uint32_t)val, t->args[b]);
        return true;
    }
    return true;                        /* other widths and holes are ignored */
}

static const struct dev_ops tracedev_dev_ops = {
    .name = "rvemu,trace", .read = tracedev_read, .write = tracedev_write,
};

const struct dev_ops *tracedev_ops(void)
{
    return &tracedev_dev_ops;
}
