/*
 * dcache.c - decoded-instruction cache; see dcache.h for the invariants.
 */
#include "dcache.h"

#include <stdlib.h>
#include <string.h>

struct dcache *dcache_new(struct bus *b)
{
    struct dcache *dc = calloc(1, sizeof(*dc));
    if (!dc)
        return NULL;
    dc->bus = b;
    dc->by_page = calloc(b->ram_size >> 12, sizeof(dc->by_page[0]));
    if (!dc->by_page) {
        free(dc);
        return NULL;
    }
    return dc;
}

void dcache_free(struct dcache *dc)
{
    if (!dc)
        return;
    for (unsigned k = 0; k < DCACHE_MAX_PAGES; k++)
        free(dc->pool[k]);
    free(dc->by_page);
    free(dc);
}

static void clear_page(struct dcache *dc, struct dpage *p)
{
    memset(p->insn, 0, sizeof(p->insn));
    bus_clear_page_flag(dc->bus, p->pa, PGF_CODE);
}

void dcache_flush_all(struct dcache *dc)
{
    for (unsigned k = 0; k < dc->used; k++) {
        struct dpage *p = dc->pool[k];
        clear_page(dc, p);
        dc->by_page[(p->pa - dc->bus->ram_base) >> 12] = NULL;
    }
    dc->used = 0;
    dc->flushes++;
    if (dc->dropped_all)
        dc->dropped_all(dc->dropped_all_ctx);
}

struct dpage *dcache_page(struct dcache *dc, uint64_t pa)
{
    uint64_t pg = (pa - dc->bus->ram_base) >> 12;
    struct dpage *p = dc->by_page[pg];
    if (!p) {
        if (dc->used == DCACHE_MAX_PAGES)
            dcache_flush_all(dc);
        p = dc->pool[dc->used];
        if (!p) {
            p = calloc(1, sizeof(*p));
            if (!p)
                return NULL;
            dc->pool[dc->used] = p;
        }
        dc->used++;
        p->pa = pa & ~(uint64_t)0xfff;
        dc->by_page[pg] = p;
    }
    bus_set_page_flag(dc->bus, pa, PGF_CODE);
    return p;
}

void dcache_invalidate(struct dcache *dc, uint64_t pa)
{
    if (!bus_in_ram(dc->bus, pa, 1))
        return;
    struct dpage *p = dc->by_page[(pa - dc->bus->ram_base) >> 12];
    if (p)
        clear_page(dc, p);
    else
        bus_clear_page_flag(dc->bus, pa, PGF_CODE);
}
