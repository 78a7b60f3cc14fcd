/*
 * testdev.c - SiFive test finisher: poweroff, fail-with-code and reset.
 */
#include "testdev.h"

#include <stdlib.h>

#define FINISHER_FAIL  0x3333
#define FINISHER_PASS  0x5555
#define FINISHER_RESET 0x7777

struct testdev {
    void (*on_event)(void *ctx, enum testdev_event ev, unsigned code);
    void *ctx;
};

struct testdev *testdev_new(void (*on_event)(void *ctx, enum testdev_event ev, unsigned code),
                            void *ctx)
{
    struct testdev *t = calloc(1, sizeof(*t));
    if (t) {
        t->on_event = on_event;
        t->ctx = ctx;
    }
    return t;
}

void testdev_free(struct testdev *t)
{
    free(t);
}

static bool testdev_read(void *dev, uint64_t off, unsigned size, uint64_t *val)
{
    (void)dev;
    (void)off;
    *val = 0;
    return size == 4;
}

static bool testdev_write(void *dev, uint64_t off, uint64_t val, unsigned size)
{
    struct testdev *t = dev;
    if (size != 4)
        return false;
    if (off != 0)
        return true;
    switch (val & 0xffff) {
    case FINISHER_PASS:  t->on_event(t->ctx, TESTDEV_PASS, 0); break;
    case FINISHER_FAIL:  t->on_event(t->ctx, TESTDEV_FAIL, (unsigned)(val >> 16) & 0xffff); break;
    case FINISHER_RESET: t->on_event(t->ctx, TESTDEV_RESET, 0); break;
    default: break;          /* other values are ignored, as on QEMU */
    }
    return true;
}

static const struct dev_ops testdev_dev_ops = {
    .name = "sifive_test", .read = testdev_read, .write = testdev_write,
};

const struct dev_ops *testdev_ops(void)
{
    return &testdev_dev_ops;
}
