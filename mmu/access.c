/*
 * access.c - the MMU slow paths: translate for the hart's current context,
 * reach the bus, split page-crossing accesses, and refill the TLB.
 */
#include "mmu.h"

#include "../emu/dcache.h"

/* Privilege that loads/stores use: M with MPRV borrows MPP (priv spec
 * 3.1.6.3); fetches always use the current privilege. */
static enum priv effective_priv(const struct hart *h, enum access acc)
{
    if (acc != ACCESS_FETCH && h->priv == PRV_M && (h->mstatus & MSTATUS_MPRV))
        return (enum priv)((h->mstatus & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT);
    return h->priv;
}

static enum exc translate_rec(struct hart *h, uint64_t va, enum access acc, uint64_t *pa,
                              struct walk_record *rec)
{
    enum exc e = mmu_walk(h->bus, h->satp, va, acc, effective_priv(h, acc),
                          (h->mstatus & MSTATUS_SUM) != 0, (h->mstatus & MSTATUS_MXR) != 0,
                          true, pa, rec);
    if (e) {
        h->exc_tval = va;
        if (h->fault_hook)
            h->fault_hook(h, va, acc, e, rec);
    }
    return e;
}

enum exc mmu_translate(struct hart *h, uint64_t va, enum access acc, uint64_t *pa)
{
    struct walk_record rec;
    return translate_rec(h, va, acc, pa, &rec);
}

static bool leaf_global(const struct walk_record *rec)
{
    for (unsigned k = 0; k < rec->levels; k++)
        if (rec->level[k].pte & PTE_G)
            return true;
    return rec->stop == WALK_BARE;
}

static void fill_meta(struct hart *h, struct tlb_meta *m, uint64_t pa,
                      const struct walk_record *rec)
{
    m->pa = pa & ~(uint64_t)0xfff;
    m->asid = (uint16_t)((h->satp & SATP_ASID) >> SATP_ASID_SHIFT);
    m->global = leaf_global(rec);
    m->leaf_shift = (uint8_t)rec->leaf_shift;
}

/* About to cache the translation rec describes in the current set: make
 * sure the set is the current context's (a debugger or a test may have
 * written priv or mstatus directly), mark the set filled, and flag the
 * page-table pages the walk read so that stores to them are noticed
 * (tlb.h). Flagging first matters when the entry maps a page-table page
 * itself: tlb_fill then sees the flag and makes no store entry. */
static void prepare_fill(struct hart *h, const struct walk_record *rec)
{
    hart_context_changed(h);
    h->tlb.cur->filled = true;
    for (unsigned k = 0; k < rec->levels; k++)
        if (!(bus_page_flags_or0(h->bus, rec->level[k].pte_addr) & PGF_PT))
            bus_set_page_flag(h->bus, rec->level[k].pte_addr, PGF_PT);
}

/* TLB addend for va -> pa: host address = va + addend. pa is in RAM. */
static uintptr_t host_addend(const struct bus *b, uint64_t va, uint64_t pa)
{
    uint64_t page = ~(uint64_t)0xfff;
    return (uintptr_t)(b->ram + ((pa & page) - b->ram_base)) - (uintptr_t)(va & page);
}

/* Install a load or store entry for va -> pa when pa is plain RAM whose
 * page the emulator does not watch. */
static void tlb_fill(struct hart *h, uint64_t va, uint64_t pa, enum access acc,
                     const struct walk_record *rec)
{
    struct bus *b = h->bus;
    if (!bus_in_ram(b, pa & ~(uint64_t)0xfff, PAGE_SIZE))
        return;
    prepare_fill(h, rec);
    uint8_t flags = bus_page_flags(b, pa);
    unsigned k = tlb_index(va);
    uint64_t va_page = va & ~(uint64_t)0xfff;
    uintptr_t addend = host_addend(b, va, pa);
    if (acc == ACCESS_LOAD) {
        if (flags & PGF_READ_WATCH)
            return;
        h->tlb.r[k] = (struct tlb_entry){ va_page, addend };
        fill_meta(h, &h->tlb.rm[k], pa, rec);
    } else {
        if (flags)
            return;
        tlb_note_store_entry(&h->tlb, pa, k);
        h->tlb.w[k] = (struct tlb_entry){ va_page, addend };
        fill_meta(h, &h->tlb.wm[k], pa, rec);
    }
}

static enum exc bus_fault(struct hart *h, uint64_t va, enum access acc)
{
    h->exc_tval = va;
    return acc == ACCESS_LOAD ? EXC_LOAD_ACCESS : EXC_STORE_ACCESS;
}

/* A misaligned access that spans two pages: translate both parts first so
 * that a fault in the second page leaves memory untouched, then move the
 * bytes one at a time. tval is the address of the part that faulted. */
static enum exc access_split(struct hart *h, uint64_t va, unsigned size, enum access acc,
                             uint64_t *val)
{
    uint64_t second = (va & ~(uint64_t)0xfff) + PAGE_SIZE;
    uint64_t pa1, pa2;
    enum exc e = mmu_translate(h, va, acc, &pa1);
    if (e)
        return e;
    e = mmu_translate(h, second, acc, &pa2);
    if (e)
        return e;
    if (h->watch_hook)
        h->watch_hook(h, va, size, acc);
    uint64_t v = acc == ACCESS_STORE ? *val : 0;
    for (unsigned k = 0; k < size; k++) {
        uint64_t cur = va + k;
        uint64_t pa = cur < second ? pa1 + k : pa2 + (cur - second);
        uint64_t byte = (v >> (8 * k)) & 0xff;
        bool ok = acc == ACCESS_STORE ? bus_write(h->bus, pa, byte, 1)
                                      : bus_read(h->bus, pa, 1, &byte);
        if (!ok)
            return bus_fault(h, cur, acc);
        if (acc == ACCESS_LOAD)
            v |= byte << (8 * k);
    }
    if (acc == ACCESS_LOAD)
        *val = v;
    return EXC_NONE;
}

enum exc mmu_access_slow(struct hart *h, uint64_t va, unsigned size, enum access acc,
                         uint64_t *val)
{
    if ((va & 0xfff) + size > PAGE_SIZE)
        return access_split(h, va, size, acc, val);
    struct walk_record rec;
    uint64_t pa;
    enum exc e = translate_rec(h, va, acc, &pa, &rec);
    if (e)
        return e;
    if (__builtin_expect(h->watch_hook == NULL, 1) || !h->watch_hook(h, va, size, acc))
        tlb_fill(h, va, pa, acc, &rec);
    bool ok = acc == ACCESS_STORE ? bus_write(h->bus, pa, *val, size)
                                  : bus_read(h->bus, pa, size, val);
    return ok ? EXC_NONE : bus_fault(h, va, acc);
}

/* Read one 16-bit parcel of an instruction at va. */
static enum exc fetch_parcel(struct hart *h, uint64_t va, uint16_t *parcel, bool fill)
{
    struct walk_record rec;
    uint64_t pa, v;
    enum exc e = translate_rec(h, va, ACCESS_FETCH, &pa, &rec);
    if (e)
        return e;
    if (!bus_read(h->bus, pa, 2, &v)) {
        h->exc_tval = va;
        return EXC_FETCH_ACCESS;
    }
    *parcel = (uint16_t)v;
    if (fill && bus_in_ram(h->bus, pa & ~(uint64_t)0xfff, PAGE_SIZE)) {
        struct dpage *dp = dcache_page(h->dcache, pa);
        if (dp) {
            prepare_fill(h, &rec);
            unsigned k = tlb_index(va);
            h->tlb.x[k] = (struct tlb_fetch_entry){ va & ~(uint64_t)0xfff,
                                                    host_addend(h->bus, va, pa), dp };
            fill_meta(h, &h->tlb.xm[k], pa, &rec);
        }
    }
    return EXC_NONE;
}

enum exc mmu_fetch_slow(struct hart *h, uint64_t pc, uint32_t *word)
{
    uint16_t lo, hi;
    enum exc e = fetch_parcel(h, pc, &lo, true);
    if (e)
        return e;
    if ((lo & 3) != 3) {
        *word = lo;
        return EXC_NONE;
    }
    /* A 32-bit instruction: its second half may lie in the next page, and
     * a fault there reports that page's address (priv spec 3.1.16). */
    e = fetch_parcel(h, pc + 2, &hi, false);
    if (e)
        return e;
    *word = (uint32_t)lo | ((uint32_t)hi << 16);
    return EXC_NONE;
}
