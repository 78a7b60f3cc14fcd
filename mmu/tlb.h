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
 * NOTE: entries are filled for the current privilege, SUM, MXR and MPRV
 * context, so hits need no permission checks; the hart flushes the whole
 * TLB whenever that context changes (priv change, satp write, mstatus
 * MPRV/SUM/MXR/MPP change). Over-flushing is always allowed by the spec,
 * and Spike issue #1900 shows what goes wrong when hits skip checks
 * without it. Keeping translations across xv6's satp switches is the
 * performance issue's business and stays behind this interface.
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

struct tlb {
    struct tlb_entry       r[TLB_SIZE];
    struct tlb_entry       w[TLB_SIZE];
    struct tlb_fetch_entry x[TLB_SIZE];
    struct tlb_meta        rm[TLB_SIZE];
    struct tlb_meta        wm[TLB_SIZE];
    struct tlb_meta        xm[TLB_SIZE];
    uint64_t flushes;      /* statistics: full flushes             */
};

static inline unsigned tlb_index(uint64_t va)
{
    return (unsigned)(va >> 12) & (TLB_SIZE - 1);
}

void tlb_flush_all(struct tlb *t);

/* sfence.vma semantics: va_valid selects one page (all pages otherwise);
 * asid_valid selects non-global entries of one ASID (all otherwise). */
void tlb_flush_sfence(struct tlb *t, bool va_valid, uint64_t va,
                      bool asid_valid, uint16_t asid);

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
