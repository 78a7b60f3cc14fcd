/*
 * mmu.h - virtual memory: loads, stores and fetches as the hart sees them.
 *
 * mmu_load()/mmu_store() are the only way instruction handlers touch
 * memory. The inline fast path is a TLB hit on RAM: one compare and one
 * host access. Everything else (TLB miss, MMIO, misaligned, page-crossing,
 * watched pages) goes to mmu_access_slow() in access.c, which walks the
 * page table (walk.c), checks permissions, reaches the bus, and refills.
 */
#ifndef RVEMU_MMU_H
#define RVEMU_MMU_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../emu/hart.h"

enum access { ACCESS_FETCH = 0, ACCESS_LOAD = 1, ACCESS_STORE = 2 };

/* Why a walk stopped (the page-walk record's verdict). */
enum walk_stop {
    WALK_OK,            /* leaf found and permitted; pa is valid          */
    WALK_BARE,          /* no translation (satp Bare or M-mode)           */
    WALK_NONCANONICAL,  /* va's upper bits are not a sign extension       */
    WALK_INVALID,       /* V = 0                                          */
    WALK_RESERVED,      /* W without R, or reserved bits set              */
    WALK_NONLEAF_BITS,  /* non-leaf PTE with A, D or U set                */
    WALK_TOO_DEEP,      /* level 0 PTE is not a leaf                      */
    WALK_MISALIGNED,    /* superpage with low PPN bits set                */
    WALK_PERM,          /* R/W/X/U/SUM/MXR forbid this access             */
    WALK_PTE_ACCESS,    /* PTE address hits no RAM/device: access fault  */
};

#define WALK_MAX_LEVELS 4

/* Every level a walk visited: what the trace, checker and debugger show. */
struct walk_record {
    uint64_t va;
    uint64_t satp;
    unsigned levels;                   /* entries filled in level[]        */
    struct {
        int      level;                /* 3..0 (Sv48) or 2..0 (Sv39)       */
        uint64_t pte_addr;
        uint64_t pte;                  /* value read (before A/D update)   */
    } level[WALK_MAX_LEVELS];
    enum walk_stop stop;
    uint64_t pa;                       /* translated address if WALK_OK    */
    unsigned leaf_shift;               /* 12, 21, 30, 39 for the leaf      */
    uint64_t pte_written;              /* leaf PTE after A/D, if updated   */
};

/* Translate va for an access of kind acc by privilege priv with the given
 * SUM/MXR bits, walking the page table under satp. update_ad sets A/D in
 * the leaf (hardware A/D management) and is false for inspection-only
 * walks. Fills *rec when rec is non-NULL. Returns EXC_NONE and *pa, or the
 * page fault / access fault for acc. */
enum exc mmu_walk(struct bus *b, uint64_t satp, uint64_t va, enum access acc,
                  enum priv priv, bool sum, bool mxr, bool update_ad,
                  uint64_t *pa, struct walk_record *rec);

/* Translate for hart h as the spec says (effective privilege from MPRV,
 * satp mode, SUM/MXR from mstatus). Sets h->exc_tval on failure. */
enum exc mmu_translate(struct hart *h, uint64_t va, enum access acc, uint64_t *pa);

/* A readable name for a walk_stop. */
const char *walk_stop_name(enum walk_stop s);

/* Print rec as a multi-line walk, one level per line, to f. */
void walk_record_print(const struct walk_record *rec, FILE *f);

/* Slow paths: anything the TLB fast path cannot serve. */
enum exc mmu_access_slow(struct hart *h, uint64_t va, unsigned size,
                         enum access acc, uint64_t *val);

/* Fill a fetch TLB entry for pc, or return the fetch exception. Used by
 * the step loop's slow fetch path. */
enum exc mmu_fetch_slow(struct hart *h, uint64_t pc, uint32_t *word);

static inline uint64_t host_load(const void *p, unsigned size)
{
    switch (size) {
    case 1: return *(const uint8_t *)p;
    case 2: { uint16_t v; memcpy(&v, p, 2); return v; }
    case 4: { uint32_t v; memcpy(&v, p, 4); return v; }
    default: { uint64_t v; memcpy(&v, p, 8); return v; }
    }
}

static inline void host_store(void *p, uint64_t val, unsigned size)
{
    switch (size) {
    case 1: *(uint8_t *)p = (uint8_t)val; break;
    case 2: { uint16_t v = (uint16_t)val; memcpy(p, &v, 2); break; }
    case 4: { uint32_t v = (uint32_t)val; memcpy(p, &v, 4); break; }
    default: memcpy(p, &val, 8); break;
    }
}

/* The host address of [va, va+size) when the TLB has a load (or store)
 * entry for it, else NULL. A hit means exactly what a successful
 * translation for that access would (permission in the current context,
 * A (and D) already set, plain RAM no watcher wants to see), so callers
 * that would translate and then touch RAM through the bus (atomics) may
 * use the pointer instead. */
static inline void *mmu_load_ptr(struct hart *h, uint64_t va, unsigned size)
{
    const struct tlb_entry *e = &h->tlb.r[tlb_index(va)];
    if (e->tag == (va & ~(uint64_t)(0xfff & ~(size - 1))))
        return (void *)(uintptr_t)(va + e->addend);
    return NULL;
}

static inline void *mmu_store_ptr(struct hart *h, uint64_t va, unsigned size)
{
    const struct tlb_entry *e = &h->tlb.w[tlb_index(va)];
    if (e->tag == (va & ~(uint64_t)(0xfff & ~(size - 1))))
        return (void *)(uintptr_t)(va + e->addend);
    return NULL;
}

/* Load size (1, 2, 4, 8) bytes at va, zero-extended into *val. */
static inline enum exc mmu_load(struct hart *h, uint64_t va, unsigned size, uint64_t *val)
{
    const struct tlb_entry *e = &h->tlb.r[tlb_index(va)];
    if (__builtin_expect(e->tag == (va & ~(uint64_t)(0xfff & ~(size - 1))), 1)) {
        *val = host_load((const void *)(uintptr_t)(va + e->addend), size);
        return EXC_NONE;
    }
    return mmu_access_slow(h, va, size, ACCESS_LOAD, val);
}

/* Store the low size bytes of val at va. */
static inline enum exc mmu_store(struct hart *h, uint64_t va, unsigned size, uint64_t val)
{
    const struct tlb_entry *e = &h->tlb.w[tlb_index(va)];
    if (__builtin_expect(e->tag == (va & ~(uint64_t)(0xfff & ~(size - 1))), 1)) {
        host_store((void *)(uintptr_t)(va + e->addend), val, size);
        return EXC_NONE;
    }
    return mmu_access_slow(h, va, size, ACCESS_STORE, &val);
}

#endif
