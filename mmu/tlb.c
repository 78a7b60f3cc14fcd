/*
 * tlb.c - choosing, emptying and flushing the software TLB's sets.
 * Filling happens in access.c's slow paths.
 */
#include "tlb.h"

#include <string.h>

static void point_at(struct tlb *t, struct tlb_set *s)
{
    t->cur = s;
    t->r = s->r;
    t->w = s->w;
    t->x = s->x;
    t->rm = s->rm;
    t->wm = s->wm;
    t->xm = s->xm;
}

static void set_flush_fetch(struct tlb_set *s)
{
    for (unsigned k = 0; k < TLB_SIZE; k++) {
        s->x[k].tag = TLB_INVALID_TAG;
        s->x[k].dp = NULL;
    }
}

/* Empty one set (its context stays). Sets the hart has not filled since
 * they were last emptied are skipped unless force is given (entries made
 * by hand, as unit tests do, do not mark the set). */
static void set_empty(struct tlb_set *s, uint64_t pt_gen, bool force)
{
    if (s->filled || force) {
        /* memset to 0xff makes every tag TLB_INVALID_TAG. */
        memset(s->r, 0xff, sizeof(s->r));
        memset(s->w, 0xff, sizeof(s->w));
        set_flush_fetch(s);
        memset(s->wbloom, 0, sizeof(s->wbloom));
        memset(s->wmulti, 0, sizeof(s->wmulti));
        s->filled = false;
    }
    s->clean_gen = pt_gen;
}

void tlb_flush_all(struct tlb *t)
{
    if (!t->cur)
        point_at(t, &t->set[0]);
    t->flushes++;
    t->clean_upto = ~(uint64_t)0;
    for (unsigned k = 0; k < TLB_SETS; k++) {
        struct tlb_set *s = &t->set[k];
        set_empty(s, s->clean_gen, true);
        s->key_mode = TLB_KEY_NONE;
    }
}

void tlb_select(struct tlb *t, uint64_t satp, uint32_t mode, uint64_t pt_gen)
{
    struct tlb_set *s = t->cur;
    t->use_clock++;
    if (s->key_mode != mode || s->key_satp != satp) {
        s = NULL;
        for (unsigned k = 0; k < TLB_SETS; k++) {
            if (t->set[k].key_mode == mode && t->set[k].key_satp == satp) {
                s = &t->set[k];
                break;
            }
        }
        if (!s) {
            /* Reuse a set that serves nothing, else the oldest. */
            s = &t->set[0];
            for (unsigned k = 1; k < TLB_SETS && s->key_mode != TLB_KEY_NONE; k++) {
                struct tlb_set *c = &t->set[k];
                if (c->key_mode == TLB_KEY_NONE || c->last_used < s->last_used)
                    s = c;
            }
            set_empty(s, pt_gen, false);
            s->key_satp = satp;
            s->key_mode = mode;
        }
        point_at(t, s);
    }
    s->last_used = t->use_clock;
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

/* sfence.vma on one set, entry by entry. A superpage is cached as 4 KiB
 * slices in many slots; sfence by address must drop every slice of the
 * leaf that contains va. */
static void set_sfence(struct tlb_set *s, bool va_valid, uint64_t va, bool asid_valid,
                       uint16_t asid)
{
    for (unsigned k = 0; k < TLB_SIZE; k++) {
        if (covers(s->r[k].tag, &s->rm[k], va_valid, va) && meta_matches(&s->rm[k], asid_valid, asid))
            s->r[k].tag = TLB_INVALID_TAG;
        if (covers(s->w[k].tag, &s->wm[k], va_valid, va) && meta_matches(&s->wm[k], asid_valid, asid))
            s->w[k].tag = TLB_INVALID_TAG;
        if (covers(s->x[k].tag, &s->xm[k], va_valid, va) && meta_matches(&s->xm[k], asid_valid, asid)) {
            s->x[k].tag = TLB_INVALID_TAG;
            s->x[k].dp = NULL;
        }
    }
}

void tlb_flush_sfence(struct tlb *t, bool va_valid, uint64_t va,
                      bool asid_valid, uint16_t asid)
{
    if (!va_valid && !asid_valid)
        t->flushes++;
    for (unsigned k = 0; k < TLB_SETS; k++) {
        struct tlb_set *s = &t->set[k];
        if (!va_valid && !asid_valid)
            set_empty(s, s->clean_gen, true);
        else
            set_sfence(s, va_valid, va, asid_valid, asid);
    }
}

void tlb_sfence_vma(struct tlb *t, bool va_valid, uint64_t va,
                    bool asid_valid, uint16_t asid, uint64_t pt_gen)
{
    /* Nothing is stale when no page table was written since the last
     * fence that left every set clean (clean_gen never goes back). */
    if (!va_valid && t->clean_upto == pt_gen)
        return;
    for (unsigned k = 0; k < TLB_SETS; k++) {
        struct tlb_set *s = &t->set[k];
        if (!s->filled)
            s->clean_gen = pt_gen;   /* nothing in it can be stale */
        else if (va_valid)
            set_sfence(s, true, va, asid_valid, asid);
        else if (s->clean_gen == pt_gen)
            continue;      /* no page table written since it was emptied */
        else if (!asid_valid) {
            set_empty(s, pt_gen, false);
            t->flushes++;
        }
        else
            set_sfence(s, false, 0, true, asid);
    }
    if (!va_valid && !asid_valid)
        t->clean_upto = pt_gen;
}

void tlb_flush_pa(struct tlb *t, uint64_t pa_page)
{
    for (unsigned n = 0; n < TLB_SETS; n++) {
        struct tlb_set *s = &t->set[n];
        if (!s->filled)
            continue;
        for (unsigned k = 0; k < TLB_SIZE; k++) {
            if (s->rm[k].pa == pa_page)
                s->r[k].tag = TLB_INVALID_TAG;
            if (s->wm[k].pa == pa_page)
                s->w[k].tag = TLB_INVALID_TAG;
            if (s->xm[k].pa == pa_page) {
                s->x[k].tag = TLB_INVALID_TAG;
                s->x[k].dp = NULL;
            }
        }
    }
}

void tlb_flush_writes(struct tlb *t)
{
    for (unsigned n = 0; n < TLB_SETS; n++)
        if (t->set[n].filled) {
            memset(t->set[n].w, 0xff, sizeof(t->set[n].w));
            memset(t->set[n].wbloom, 0, sizeof(t->set[n].wbloom));
            memset(t->set[n].wmulti, 0, sizeof(t->set[n].wmulti));
        }
}

void tlb_flush_pa_data(struct tlb *t, uint64_t pa_page, bool loads)
{
    uint64_t b = (pa_page >> 12) % TLB_WBLOOM_BITS, bit = 1ull << (b % 64);
    for (unsigned n = 0; n < TLB_SETS; n++) {
        struct tlb_set *s = &t->set[n];
        if (!s->filled)
            continue;
        if (!loads) {
            if (!(s->wbloom[b / 64] & bit))
                continue;           /* no store entry for the page */
            if (!(s->wmulti[b / 64] & bit)) {
                unsigned k = s->wlast[b];   /* the only one there was */
                if (s->wm[k].pa == pa_page)
                    s->w[k].tag = TLB_INVALID_TAG;
                continue;
            }
        }
        for (unsigned k = 0; k < TLB_SIZE; k++) {
            if (s->wm[k].pa == pa_page)
                s->w[k].tag = TLB_INVALID_TAG;
            if (loads && s->rm[k].pa == pa_page)
                s->r[k].tag = TLB_INVALID_TAG;
        }
    }
}

void tlb_flush_fetch(struct tlb *t)
{
    for (unsigned n = 0; n < TLB_SETS; n++)
        if (t->set[n].filled)
            set_flush_fetch(&t->set[n]);
}
