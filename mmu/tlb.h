/*
 * tlb.h - the per-hart software TLB.
 *
 * Three direct-mapped arrays (fetch, load, store) of TLB_SIZE entries. An
 * entry caches one 4 KiB page of a translation whose target is RAM: a hit
 * turns a virtual address into a host pointer with one add (TinyEMU's
 * trick). Device pages are never cached, so MMIO always takes the slow path.
 *
 * The tag is the page-aligned virtual address. A lookup compares it with
 * the address masked so that the low bits that would make the access
 * misaligned survive: a misaligned access misses and takes the slow path.
 *
 * Each entry also records its ASID and global bit (struct tlb_meta) so that
 * sfence.vma by ASID or by address drops exactly what the spec requires.
 *
 * Entries are filled for one translation context: satp and the privilege,
 * SUM, MXR and MPRV/MPP that decide what a hit may allow (hits make no
 * permission checks; Spike issue #1900 shows what goes wrong when they do
 * without a flush). Instead of one set flushed at every context change, a
 * hart has TLB_SETS sets, each tagged with the context it was filled in;
 * a trap, sret or satp write switches to the set of the new context
 * (tlb_select), which keeps xv6's kernel and user translations across its
 * satp switches. The arrays of the current set are reached through the
 * pointers at the top of struct tlb, so the fast paths stay one load and
 * one compare.
 *
 * Keeping entries across sfence.vma: software changes a PTE and then
 * fences. Every page-table page a cached entry was walked through carries
 * PGF_PT on the bus (mmu/bus.h), so a store to it reaches bus.c, which
 * clears the flag and advances bus->pt_gen. A set records pt_gen when it
 * was last emptied; while no page-table page has been written since, its
 * entries are exactly what a new walk would give, and sfence.vma without
 * an address leaves it alone (tlb_sfence_vma). Otherwise it is emptied.
 * sfence.vma with an address always drops that address, in every set.
 * Clearing the flag on the first store is safe: that store made every set
 * stale, and any walk through the page after it flags the page again.
 */
#ifndef RVEMU_TLB_H
#define RVEMU_TLB_H

#include <stdbool.h>
#include <stdint.h>

#define TLB_SIZE 256
#define TLB_INVALID_TAG (~(uint64_t)0)

struct dpage;

struct tlb_entry {
    uint64_t  tag;     /* page-aligned va, or TLB_INVALID_TAG    */
    uintptr_t addend;  /* host address = va + addend             */
};

struct tlb_fetch_entry {
    uint64_t      tag;
    uintptr_t     addend;
    struct dpage *dp;  /* decoded instructions of the physical page */
};

struct tlb_meta {
    uint64_t pa;       /* physical page address                  */
    uint16_t asid;
    bool     global;
    uint8_t  leaf_shift; /* 12, 21, 30 or 39: size of the leaf mapping */
};

#define TLB_SETS 8
#define TLB_WBLOOM_BITS 1024
_Static_assert(TLB_SIZE <= 256, "wlast holds a slot in a byte");
#define TLB_KEY_NONE (~(uint32_t)0)   /* a set that serves no context */

/* One context's translations. */
struct tlb_set {
    struct tlb_entry       r[TLB_SIZE];
    struct tlb_entry       w[TLB_SIZE];
    struct tlb_fetch_entry x[TLB_SIZE];
    struct tlb_meta        rm[TLB_SIZE];
    struct tlb_meta        wm[TLB_SIZE];
    struct tlb_meta        xm[TLB_SIZE];
    uint64_t key_satp;     /* the context: satp ...                      */
    uint32_t key_mode;     /* ... and the hart's mode bits, or KEY_NONE  */
    bool     filled;       /* some entry was made since it was emptied   */
    /* Where store entries for a physical page may be, so that a page
     * gaining a watch flag (tlb_flush_pa_data) need not scan the set:
     * bucket n = page number mod TLB_WBLOOM_BITS has had no store entry
     * made (wbloom bit clear), exactly one (wmulti bit clear: it went to
     * slot wlast[n]), or several (scan). */
    uint64_t wbloom[TLB_WBLOOM_BITS / 64];
    uint64_t wmulti[TLB_WBLOOM_BITS / 64];
    uint8_t  wlast[TLB_WBLOOM_BITS];
    uint64_t clean_gen;    /* bus pt_gen when it was last emptied        */
    uint64_t last_used;    /* for choosing a set to reuse                */
};

struct tlb {
    /* The current set's arrays (set up by tlb_flush_all). */
    struct tlb_entry       *r, *w;
    struct tlb_fetch_entry *x;
    struct tlb_meta        *rm, *wm, *xm;
    struct tlb_set         *cur;
    uint64_t flushes;      /* statistics: full flushes and sets emptied  */
    uint64_t use_clock;
    uint64_t clean_upto;   /* every set was clean at this pt_gen (~0: unknown) */
    struct tlb_set set[TLB_SETS];
};

static inline unsigned tlb_index(uint64_t va)
{
    return (unsigned)(va >> 12) & (TLB_SIZE - 1);
}

/* Empty every set and forget their contexts; also sets up a zeroed (for
 * instance calloc'd) struct tlb for use. */
void tlb_flush_all(struct tlb *t);

/* Make the set for context (satp, mode) current: the one that has it, or
 * the least recently used one, emptied. pt_gen is the bus's. */
void tlb_select(struct tlb *t, uint64_t satp, uint32_t mode, uint64_t pt_gen);

/* sfence.vma semantics on every set, exactly: va_valid selects one page
 * (all pages otherwise); asid_valid selects non-global entries of one
 * ASID (all otherwise). */
void tlb_flush_sfence(struct tlb *t, bool va_valid, uint64_t va,
                      bool asid_valid, uint16_t asid);

/* The sfence.vma instruction: as tlb_flush_sfence, except that without
 * an address only sets made stale by a page-table store since they were
 * emptied (pt_gen moved on) are touched (see the comment at the top). */
void tlb_sfence_vma(struct tlb *t, bool va_valid, uint64_t va,
                    bool asid_valid, uint16_t asid, uint64_t pt_gen);

/* Record that the current set got a store entry for physical page pa in
 * slot k. */
static inline void tlb_note_store_entry(struct tlb *t, uint64_t pa, unsigned k)
{
    struct tlb_set *s = t->cur;
    uint64_t n = (pa >> 12) % TLB_WBLOOM_BITS, bit = 1ull << (n % 64);
    if (s->wbloom[n / 64] & bit)
        s->wmulti[n / 64] |= bit;
    s->wbloom[n / 64] |= bit;
    s->wlast[n] = (uint8_t)k;
}

/* Drop every entry whose physical page is pa_page (page-aligned). */
void tlb_flush_pa(struct tlb *t, uint64_t pa_page);

/* Drop only the store entries (a page became watched). */
void tlb_flush_writes(struct tlb *t);

/* A page's watch flags changed: drop its store entries, and its load
 * entries too when loads must now take the slow path. */
void tlb_flush_pa_data(struct tlb *t, uint64_t pa_page, bool loads);

/* Drop every fetch entry (the decoded pages they point to were recycled). */
void tlb_flush_fetch(struct tlb *t);

#endif
