/*
 * tlb.c - flushing the software TLB. Filling happens in walk.c's slow path.
 */
#include "tlb.h"

#include <string.h>

void tlb_flush_all(struct tlb *t)
{
    /* memset to 0xff makes every tag TLB_INVALID_TAG. */
    memset(t->r, 0xff, sizeof(t->r));
    memset(t->w, 0xff, sizeof(t->w));
    tlb_flush_fetch(t);
    t->flushes++;
}

void tlb_flush_fetch(struct tlb *t)
{
    for (unsigned k = 0; k < TLB_SIZE; k++) {
        t->x[k].tag = TLB_INVALID_TAG;
        t->x[k].dp = NULL;
    }
}

static bool meta_matches(const struct tlb_meta *m, bool asid_valid, uint16_t asid)
{
    return !asid_valid || (!m->global && m->asid == asid);
}

static bool covers(uint64_t tag, const struct tlb_meta *m, bool va_valid, uint64_t va)
{
    if (tag == TLB_INVALID_TAG)
        return false;
    if (!va_valid)
        return true;
    uint64_t mask = ~((1ULL << m->leaf_shift) - 1);
    return ((tag ^ va) & mask) == 0;
}

void tlb_flush_sfence(struct tlb *t, bool va_valid, uint64_t va,
                      bool asid_valid, uint16_t asid)
{
    if (!va_valid && !asid_valid) {
        tlb_flush_all(t);
        return;
    }
    /* A superpage is cached as 4 KiB slices in many slots; sfence by
     * address must drop every slice of the leaf that contains va. */
    for (unsigned k = 0; k < TLB_SIZE; k++) {
        if (covers(t->r[k].tag, &t->rm[k], va_valid, va) && meta_matches(&t->rm[k], asid_valid, asid))
            t->r[k].tag = TLB_INVALID_TAG;
        if (covers(t->w[k].tag, &t->wm[k], va_valid, va) && meta_matches(&t->wm[k], asid_valid, asid))
            t->w[k].tag = TLB_INVALID_TAG;
        if (covers(t->x[k].tag, &t->xm[k], va_valid, va) && meta_matches(&t->xm[k], asid_valid, asid)) {
            t->x[k].tag = TLB_INVALID_TAG;
            t->x[k].dp = NULL;
        }
    }
}

void tlb_flush_pa(struct tlb *t, uint64_t pa_page)
{
    for (unsigned k = 0; k < TLB_SIZE; k++) {
        if (t->rm[k].pa == pa_page)
            t->r[k].tag = TLB_INVALID_TAG;
        if (t->wm[k].pa == pa_page)
            t->w[k].tag = TLB_INVALID_TAG;
        if (t->xm[k].pa == pa_page) {
            t->x[k].tag = TLB_INVALID_TAG;
            t->x[k].dp = NULL;
        }
    }
}

void tlb_flush_writes(struct tlb *t)
{
    memset(t->w, 0xff, sizeof(t->w));
}

void tlb_flush_pa_data(struct tlb *t, uint64_t pa_page, bool loads)
{
    for (unsigned k = 0; k < TLB_SIZE; k++) {
        if (t->wm[k].pa == pa_page)
            t->w[k].tag = TLB_INVALID_TAG;
        if (loads && t->rm[k].pa == pa_page)
            t->r[k].tag = TLB_INVALID_TAG;
    }
}
