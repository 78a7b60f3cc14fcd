/*
 * dcache.h - the decoded-instruction cache, keyed by physical page.
 *
 * Each RAM page that has been executed gets a struct dpage holding one
 * decoded slot per 2-byte offset, filled lazily (op == OP_undecoded until
 * first executed). Fetch TLB entries point straight at the dpage, so a hit
 * costs one TLB compare and one index.
 *
 * Correctness: a page with decoded code carries PGF_CODE on the bus, which
 * keeps stores to it off the TLB fast path; the first store (from any hart
 * or DMA) clears the page's decoded slots and the flag. Pages are
 * physical, so remapping a virtual page to other code can never run stale
 * code. The pool is bounded; when it runs out every page is dropped.
 */
#ifndef RVEMU_DCACHE_H
#define RVEMU_DCACHE_H

#include <stdint.h>

#include "insn.h"
#include "../mmu/bus.h"

#define DPAGE_SLOTS 2048         /* 4096 bytes / 2-byte granule */
#define DCACHE_MAX_PAGES 512     /* 16 MiB of decoded slots at most */

/*
 * insn[DPAGE_SLOTS] is a sentinel that is never filled (op stays
 * OP_undecoded): the step loop walks from one slot to the next without
 * looking at the address, and falling off the end of the page lands on
 * it, which sends the loop back through the fetch TLB for the next page.
 */
struct dpage {
    struct insn insn[DPAGE_SLOTS + 1];
    uint64_t    pa;              /* physical page address, or ~0 if free */
};

struct dcache {
    struct bus    *bus;
    struct dpage **by_page;      /* indexed by RAM page number           */
    struct dpage  *pool[DCACHE_MAX_PAGES];
    unsigned       used;
    uint64_t       flushes;      /* statistics                           */
    /* Called when every dpage is recycled, so harts drop fetch entries. */
    void (*dropped_all)(void *ctx);
    void  *dropped_all_ctx;
};

struct dcache *dcache_new(struct bus *b);
void dcache_free(struct dcache *dc);

/* The dpage for the RAM page containing pa, allocating it (and marking
 * the page PGF_CODE) if needed. pa must be in RAM. */
struct dpage *dcache_page(struct dcache *dc, uint64_t pa);

/* A store touched [pa, pa+len): forget decoded code there. */
void dcache_invalidate(struct dcache *dc, uint64_t pa);

/* Forget every decoded instruction (fence.i). */
void dcache_flush_all(struct dcache *dc);

#endif
