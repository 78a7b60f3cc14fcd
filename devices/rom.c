/*
 * rom.c - byte-addressable read-only memory, any size and alignment.
 */
#include "rom.h"

#include <stdlib.h>
#include <string.h>

struct rom {
    size_t   size;
    uint8_t *bytes;
};

struct rom *rom_new(const void *data, size_t len, size_t size)
{
    struct rom *r = calloc(1, sizeof(*r));
    if (!r || len > size)
        goto fail;
    r->bytes = calloc(1, size);
    if (!r->bytes)
        goto fail;
    memcpy(r->bytes, data, len);
    r->size = size;
    return r;
fail:
    free(r);
    return NULL;
}

void rom_free(struct rom *r)
{
    if (r) {
        free(r->bytes);
        free(r);
    }
}

static bool rom_read(void *dev, uint64_t off, unsigned size, uint64_t *val)
{
    struct rom *r = dev;
    if (off > r->size || size > r->size - off)
        return false;
    uint64_t v = 0;
    memcpy(&v, r->bytes + off, size);
    *val = v;
    return true;
}

static bool rom_write(void *dev, uint64_t off, uint64_t val, unsigned size)
{
    (void)dev;
    (void)off;
    (void)val;
    (void)size;
    return true;
}

static const struct dev_ops rom_dev_ops = { .name = "rom", .read = rom_read, .write = rom_write };

const struct dev_ops *rom_ops(void)
{
    return &rom_dev_ops;
}
