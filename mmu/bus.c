/*
 * bus.c - physical address space: RAM and device ranges.
 */
#include "bus.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

struct bus *bus_new(uint64_t ram_base, uint64_t ram_size)
{
    struct bus *b = calloc(1, sizeof(*b));
    if (!b)
        return NULL;
    /* mmap so that host memory is committed only as the guest touches it. */
    void *ram = mmap(NULL, ram_size, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (ram == MAP_FAILED) {
        free(b);
        return NULL;
    }
    b->page_flags = calloc(ram_size >> 12, 1);
    if (!b->page_flags) {
        munmap(ram, ram_size);
        free(b);
        return NULL;
    }
    b->ram = ram;
    b->ram_base = ram_base;
    b->ram_size = ram_size;
    return b;
}

void bus_free(struct bus *b)
{
    if (!b)
        return;
    munmap(b->ram, b->ram_size);
    free(b->page_flags);
    free(b);
}

static bool ranges_overlap(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
    return a < b + blen && b < a + alen;
}

int bus_map(struct bus *b, uint64_t base, uint64_t len,
            const struct dev_ops *ops, void *dev)
{
    if (b->nregions == BUS_MAX_REGIONS || len == 0)
        return -1;
    if (ranges_overlap(base, len, b->ram_base, b->ram_size))
        return -1;
    unsigned at = 0;
    for (unsigned k = 0; k < b->nregions; k++) {
        const struct bus_region *r = &b->regions[k];
        if (ranges_overlap(base, len, r->base, r->len))
            return -1;
        if (r->base < base)
            at = k + 1;
    }
    memmove(&b->regions[at + 1], &b->regions[at],
            (b->nregions - at) * sizeof(b->regions[0]));
    b->regions[at] = (struct bus_region){ base, len, ops, dev };
    b->nregions++;
    b->last_hit = 0;
    return 0;
}

const struct bus_region *bus_find(struct bus *b, uint64_t pa)
{
    if (b->nregions == 0)
        return NULL;
    const struct bus_region *r = &b->regions[b->last_hit];
    if (pa - r->base < r->len)
        return r;
    unsigned lo = 0, hi = b->nregions;
    while (lo < hi) {
        unsigned mid = (lo + hi) / 2;
        r = &b->regions[mid];
        if (pa < r->base)
            hi = mid;
        else if (pa - r->base >= r->len)
            lo = mid + 1;
        else {
            b->last_hit = mid;
            return r;
        }
    }
    return NULL;
}

static uint64_t ram_load(const uint8_t *p, unsigned size)
{
    switch (size) {
    case 1: return *p;
    case 2: { uint16_t v; memcpy(&v, p, 2); return v; }
    case 4: { uint32_t v; memcpy(&v, p, 4); return v; }
    default: { uint64_t v; memcpy(&v, p, 8); return v; }
    }
}

static void ram_store(uint8_t *p, uint64_t val, unsigned size)
{
    switch (size) {
    case 1: *p = (uint8_t)val; break;
    case 2: { uint16_t v = (uint16_t)val; memcpy(p, &v, 2); break; }
    case 4: { uint32_t v = (uint32_t)val; memcpy(p, &v, 4); break; }
    default: memcpy(p, &val, 8); break;
    }
}

bool bus_read(struct bus *b, uint64_t pa, unsigned size, uint64_t *val)
{
    uint8_t *p = bus_ram_ptr(b, pa, size);
    if (p) {
        *val = ram_load(p, size);
        return true;
    }
    const struct bus_region *r = bus_find(b, pa);
    if (!r || pa - r->base > r->len - size || (pa & (size - 1)) || !r->ops->read)
        return false;
    return r->ops->read(r->dev, pa - r->base, size, val);
}

/* Tell the watchers of the pages in [pa, pa+len) about a store to them;
 * pt says whether a PGF_PT page counts as a page-table store. */
static void ram_written(struct bus *b, uint64_t pa, uint64_t len, bool pt)
{
    if (len == 0 || !bus_in_ram(b, pa, len))
        return;
    uint64_t first = (pa - b->ram_base) >> 12;
    uint64_t last = (pa + len - 1 - b->ram_base) >> 12;
    for (uint64_t pg = first; pg <= last; pg++) {
        uint8_t f = b->page_flags[pg];
        if (!f)
            continue;
        if ((f & PGF_PT) && pt) {
            b->pt_gen++;
            b->page_flags[pg] = (uint8_t)(f & ~PGF_PT);
        }
        if (b->ram_written && (f & ~(PGF_READ_WATCH | PGF_PT))) {
            uint64_t lo = pg == first ? pa : b->ram_base + (pg << 12);
            uint64_t end = b->ram_base + ((pg + 1) << 12);
            if (end > pa + len)
                end = pa + len;
            b->ram_written(b->ram_written_ctx, lo, end - lo);
        }
    }
}

static bool ram_or_device_write(struct bus *b, uint64_t pa, uint64_t val, unsigned size, bool pt)
{
    uint8_t *p = bus_ram_ptr(b, pa, size);
    if (p) {
        ram_store(p, val, size);
        ram_written(b, pa, size, pt);
        return true;
    }
    const struct bus_region *r = bus_find(b, pa);
    if (!r || pa - r->base > r->len - size || (pa & (size - 1)) || !r->ops->write)
        return false;
    return r->ops->write(r->dev, pa - r->base, val, size);
}

bool bus_write(struct bus *b, uint64_t pa, uint64_t val, unsigned size)
{
    return ram_or_device_write(b, pa, val, size, true);
}

bool bus_write_pte_ad(struct bus *b, uint64_t pa, uint64_t val)
{
    return ram_or_device_write(b, pa, val, 8, false);
}

void bus_ram_written(struct bus *b, uint64_t pa, uint64_t len)
{
    ram_written(b, pa, len, true);
}

void bus_set_page_flag(struct bus *b, uint64_t pa, uint8_t flag)
{
    if (!bus_in_ram(b, pa, 1))
        return;
    uint8_t *f = &b->page_flags[(pa - b->ram_base) >> 12];
    if ((*f & flag) == flag)
        return;
    *f |= flag;
    if (b->flags_changed)
        b->flags_changed(b->flags_changed_ctx, pa & ~(uint64_t)0xfff);
}

void bus_clear_page_flag(struct bus *b, uint64_t pa, uint8_t flag)
{
    if (!bus_in_ram(b, pa, 1))
        return;
    b->page_flags[(pa - b->ram_base) >> 12] &= (uint8_t)~flag;
}
