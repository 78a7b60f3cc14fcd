/*
 * cow_infer.c - inferring copy-on-write resolutions from PTE rewrites.
 *
 * Why a watch on the PTE rather than a look at the PTE on sret: the bus
 * already sends stores to flagged pages through ram_written, so the cost
 * is paid only by stores to the one page-table page holding a faulting
 * PTE, and only until the kernel rewrites it; nothing runs per sret or
 * per instruction. One watch per hart suffices: a hart handles one store
 * fault at a time.
 *
 * A watch ends when the kernel makes the PTE a writable user leaf (the
 * record), or when the hart traps from U again (the fault was resolved
 * some other way, e.g. the process was killed), or when the hart faults
 * again. A PTE that goes invalid stays watched: xv6 lab solutions often
 * unmap and then map the copy.
 */
#include "cow_infer.h"

#include <stdlib.h>
#include <string.h>

#include "machine.h"
#include "riscv.h"
#include "trace_sources.h"
#include "tracedev.h"

struct watch {
    bool active;
    bool own_trap_pending;     /* the fault's own TR_TRAP is still to come */
    uint64_t pte_pa, old_pte;  /* the leaf and its value at the fault      */
    uint64_t va, satp;
    unsigned leaf_shift;       /* 12, 21, 30, 39                           */
};

struct cow_infer {
    struct machine *m;
    struct watch w[MACHINE_MAX_HARTS];
    uint64_t *roots;           /* satp values (mode | PPN) seen, no ASID   */
    size_t nroots, cap;
    bool kernel_seen;          /* the kernel writes the trace device      */
};

#define SATP_PPN ((1ULL << 44) - 1)

static bool user_leaf(uint64_t pte)
{
    return (pte & PTE_V) && (pte & (PTE_R | PTE_X)) && (pte & PTE_U);
}

static uint64_t pte_page(uint64_t pte, uint64_t va, unsigned shift)
{
    uint64_t base = ((pte & PTE_PPN_MASK) >> PTE_PPN_SHIFT) << 12;
    uint64_t mask = (1ULL << shift) - 1;
    return ((base & ~mask) | (va & mask)) & ~0xfffULL;
}

static bool read_pte(struct machine *m, uint64_t pa, uint64_t *pte)
{
    const uint8_t *p = bus_ram_ptr(m->bus, pa, 8);
    if (!p)
        return false;
    memcpy(pte, p, 8);
    return true;
}

static void unwatch(struct cow_infer *ci, struct watch *w)
{
    if (!w->active)
        return;
    w->active = false;
    for (unsigned k = 0; k < MACHINE_MAX_HARTS; k++)
        if (ci->w[k].active && (ci->w[k].pte_pa ^ w->pte_pa) < 4096)
            return;   /* another hart's PTE lives in the same page */
    bus_clear_page_flag(ci->m->bus, w->pte_pa, PGF_PTE_WATCH);
}

static void add_root(struct cow_infer *ci, uint64_t satp)
{
    unsigned mode = (unsigned)(satp >> SATP_MODE_SHIFT);
    if (mode != SATP_MODE_SV39 && mode != SATP_MODE_SV48)
        return;
    uint64_t key = satp & (SATP_MODE | SATP_PPN);
    for (size_t k = 0; k < ci->nroots; k++)
        if (ci->roots[k] == key)
            return;
    if (ci->nroots == ci->cap) {
        size_t cap = ci->cap ? 2 * ci->cap : 64;
        uint64_t *r = realloc(ci->roots, cap * sizeof(*r));
        if (!r)
            return;
        ci->roots = r;
        ci->cap = cap;
    }
    ci->roots[ci->nroots++] = key;
}

static void drop_root(struct cow_infer *ci, uint64_t root_pa)
{
    for (size_t k = 0; k < ci->nroots; k++) {
        if (((ci->roots[k] & SATP_PPN) << 12) == root_pa) {
            ci->roots[k] = ci->roots[--ci->nroots];
            return;
        }
    }
}

/* A store page fault on a present, user, read-only leaf: watch the leaf. */
static void store_fault(struct cow_infer *ci, const struct trace_rec *r)
{
    if (r->a[0] != 15 || (r->a[3] != PRV_U && r->a[3] != PRV_S) || !r->nwalk ||
        r->walk_stop != WALK_PERM || r->hart >= MACHINE_MAX_HARTS)
        return;
    uint64_t pte = r->walk[r->nwalk - 1].pte;
    if (!user_leaf(pte) || (pte & PTE_W))
        return;
    unsigned top = (r->a[4] >> SATP_MODE_SHIFT) == SATP_MODE_SV48 ? 3 : 2;
    if (r->nwalk - 1u > top)
        return;
    unsigned level = top - (r->nwalk - 1u);
    struct watch *w = &ci->w[r->hart];
    unwatch(ci, w);
    *w = (struct watch){
        .active = true, .own_trap_pending = true, .pte_pa = r->walk[r->nwalk - 1].addr,
        .old_pte = pte, .va = r->a[1] & ~0xfffULL, .satp = r->a[4], .leaf_shift = 12 + 9 * level,
    };
    bus_set_page_flag(ci->m->bus, w->pte_pa, PGF_PTE_WATCH);
}

static void infer_event(void *ctx, const struct trace_rec *r)
{
    struct cow_infer *ci = ctx;
    switch (r->kind) {
    case TR_KERNEL:
        if (!ci->kernel_seen) {
            ci->kernel_seen = true;
            for (unsigned k = 0; k < MACHINE_MAX_HARTS; k++)
                unwatch(ci, &ci->w[k]);
        }
        if (r->sub == TEV_PROC_EXIT)
            drop_root(ci, r->a[1]);
        break;
    case TR_SATP:
        add_root(ci, r->a[0]);
        break;
    case TR_PAGE_FAULT:
        if (!ci->kernel_seen)
            store_fault(ci, r);
        break;
    case TR_TRAP:
        if (r->hart < MACHINE_MAX_HARTS && ci->w[r->hart].active) {
            struct watch *w = &ci->w[r->hart];
            if (w->own_trap_pending)
                w->own_trap_pending = false;
            else if (r->a[3] == PRV_U)
                unwatch(ci, w);   /* back in U and trapped again: not a COW resolution */
        }
        break;
    default:
        break;
    }
}

void cow_infer_written(struct cow_infer *ci, uint64_t pa, uint64_t len)
{
    for (unsigned k = 0; k < MACHINE_MAX_HARTS; k++) {
        struct watch *w = &ci->w[k];
        uint64_t now;
        if (!w->active || w->pte_pa + 8 <= pa || pa + len <= w->pte_pa ||
            !read_pte(ci->m, w->pte_pa, &now))
            continue;
        /* Invalid (unmapped on the way to a remap), A/D updates, or still
         * read-only: keep watching. */
        if (!user_leaf(now) || !(now & PTE_W))
            continue;
        struct machine *m = ci->m;
        const struct hart *h = machine_current_hart(m);
        uint64_t old_pa = pte_page(w->old_pte, w->va, w->leaf_shift);
        uint64_t new_pa = pte_page(now, w->va, w->leaf_shift);
        struct trace_rec r;
        trace_stamp(m, h ? h : (m->nharts ? &m->harts[0] : NULL), &r, TR_COW_INFER);
        r.sub = old_pa != new_pa ? COW_INFER_RESOLVED : COW_INFER_WRITABLE;
        r.a[0] = w->va;
        r.a[1] = old_pa;
        r.a[2] = new_pa;
        r.a[3] = w->satp;
        r.a[5] = trace_pid_of_satp(m, w->satp);
        unwatch(ci, w);
        trace_emit(&m->trace, &r);
    }
}

/* User leaves mapping pa under the table at table_pa, level level. */
static unsigned count_in(const struct machine *m, uint64_t table_pa, int level, uint64_t pa)
{
    const uint8_t *t = bus_ram_ptr(m->bus, table_pa, 4096);
    if (!t)
        return 0;
    unsigned n = 0;
    for (unsigned k = 0; k < 512; k++) {
        uint64_t pte;
        memcpy(&pte, t + 8 * k, 8);
        if (!(pte & PTE_V))
            continue;
        uint64_t next = ((pte & PTE_PPN_MASK) >> PTE_PPN_SHIFT) << 12;
        if (pte & (PTE_R | PTE_X)) {
            uint64_t size = 1ULL << (12 + 9 * level);
            if ((pte & PTE_U) && pa >= (next & ~(size - 1)) && pa - (next & ~(size - 1)) < size)
                n++;
        } else if (level > 0) {
            n += count_in(m, next, level - 1, pa);
        }
    }
    return n;
}

unsigned cow_infer_mappings(const struct cow_infer *ci, uint64_t pa)
{
    unsigned n = 0;
    pa &= ~0xfffULL;
    for (size_t k = 0; k < ci->nroots; k++) {
        uint64_t satp = ci->roots[k];
        int top = (satp >> SATP_MODE_SHIFT) == SATP_MODE_SV48 ? 3 : 2;
        n += count_in(ci->m, (satp & SATP_PPN) << 12, top, pa);
    }
    return n;
}

static void infer_finish(void *ctx)
{
    struct cow_infer *ci = ctx;
    for (unsigned k = 0; k < MACHINE_MAX_HARTS; k++)
        unwatch(ci, &ci->w[k]);
    ci->m->cow_infer = NULL;
    free(ci->roots);
    free(ci);
}

int cow_infer_attach(struct machine *m)
{
    struct cow_infer *ci = calloc(1, sizeof(*ci));
    if (!ci)
        return -1;
    ci->m = m;
    uint32_t mask = TRACE_MASK(TR_PAGE_FAULT) | TRACE_MASK(TR_TRAP) | TRACE_MASK(TR_SATP) |
                    TRACE_MASK(TR_KERNEL);
    if (trace_add_sink(&m->trace, mask, (struct trace_sink){ infer_event, infer_finish, ci })) {
        free(ci);
        return -1;
    }
    m->cow_infer = ci;
    return 0;
}
