/*
 * pagestate.c - the page-state model: per-page counts from the kernel's
 * trace events, page-table walks over the address spaces it announced,
 * and one page described in words. See pagestate.h.
 *
 *   PTE:  | N 63 | PBMT 62..61 | rsvd 60..54 | PPN 53..10 | RSW 9..8 | D A G U X W R V |
 *
 * The guest kernel marks copy-on-write leaves with RSW bit 0 (bit 8).
 */
#include "pagestate.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "machine.h"
#include "riscv.h"
#include "trace_filter.h"
#include "trace_format.h"
#include "tracedev.h"

#define PTE_COW   (1ULL << PTE_RSW_SHIFT)        /* the guest kernel's COW mark */
#define PTE_RSW1  (1ULL << (PTE_RSW_SHIFT + 1))
#define PT_ENTRIES 512
#define PT_MAX_TABLES 4096   /* bounds a walk of a garbage root: 512^2 tables otherwise */
#define DESCRIBE_MAX_MAPPINGS 64
#define DESCRIBE_MAX_EVENTS 10

/* ---- the model ---- */

static struct ps_page *page_at(const struct pagestate *ps, uint64_t pa)
{
    if (!ps || pa < ps->base || (pa - ps->base) >> PAGE_SHIFT >= ps->npages)
        return NULL;
    return &ps->pages[(pa - ps->base) >> PAGE_SHIFT];
}

const struct ps_page *pagestate_page(const struct pagestate *ps, uint64_t pa)
{
    return page_at(ps, pa);
}

static void flash(struct pagestate *ps, uint64_t pa, uint8_t what)
{
    struct ps_page *p = page_at(ps, pa);
    if (p)
        p->flash |= what;
}

/* The leaf pa a page fault's walk reached, if it reached a valid leaf
 * (a permission fault: the case copy-on-write makes). */
static bool fault_leaf(const struct trace_rec *r, uint64_t *pa)
{
    if (!r->nwalk)
        return false;
    uint64_t pte = r->walk[r->nwalk - 1].pte;
    if (!(pte & PTE_V) || !ps_pte_leaf(pte))
        return false;
    *pa = ps_pte_pa(pte);
    return true;
}

void pagestate_event(void *ctx, const struct trace_rec *r)
{
    struct pagestate *ps = ctx;
    uint64_t pa;
    if (r->kind == TR_PAGE_FAULT) {
        if (fault_leaf(r, &pa))
            flash(ps, pa, PS_FLASH_FAULT);
        return;
    }
    if (r->kind != TR_KERNEL)
        return;
    if (r->sub == TEV_COW_COPY) {
        flash(ps, r->a[2], PS_FLASH_COPY);
        flash(ps, r->a[3], PS_FLASH_COPY);
        return;
    }
    if (r->sub < TEV_PAGE_ALLOC || r->sub > TEV_PAGE_FREE)
        return;
    struct ps_page *p = page_at(ps, r->a[0]);
    if (!p)
        return;
    uint8_t keep_flash = p->flash;
    switch (r->sub) {
    case TEV_PAGE_ALLOC:
        *p = (struct ps_page){ .count = 1, .state = PS_LIVE, .page_table = r->a[1] == 1 };
        break;
    case TEV_REF_INC: case TEV_REF_DEC:
        p->state = PS_LIVE;
        p->count = r->a[1] > UINT32_MAX ? UINT32_MAX : (uint32_t)r->a[1];
        break;
    default:
        p->state = PS_FREE;
        p->count = 0;
        break;
    }
    p->flash = keep_flash;
    p->last_event = (uint8_t)r->sub;
    ps->events++;
}

struct pagestate *pagestate_new(struct machine *m)
{
    struct pagestate *ps = calloc(1, sizeof(*ps));
    if (!ps)
        return NULL;
    ps->m = m;
    ps->base = m->bus->ram_base;
    ps->npages = m->bus->ram_size >> PAGE_SHIFT;
    /* calloc: the pages the kernel never reports are never touched, so a
     * large idle guest costs no resident memory here either. */
    ps->pages = calloc(ps->npages, sizeof(*ps->pages));
    if (!ps->pages ||
        trace_add_sink(&m->trace, TRACE_MASK(TR_KERNEL) | TRACE_MASK(TR_PAGE_FAULT),
                       (struct trace_sink){ .event = pagestate_event, .ctx = ps }) != 0) {
        free(ps->pages);
        free(ps);
        return NULL;
    }
    return ps;
}

void pagestate_free(struct pagestate *ps)
{
    if (!ps)
        return;
    free(ps->pages);
    free(ps->umaps);
    free(ps);
}

enum ps_class pagestate_classify(const struct ps_page *p, unsigned user_maps)
{
    if (p->state == PS_UNSEEN)
        return PS_CLASS_UNSEEN;
    if (p->state == PS_FREE)
        return PS_CLASS_FREE;
    if (p->page_table)
        return PS_CLASS_PAGETABLE;
    /* In a copy-on-write kernel a second reference comes from fork
     * sharing the page; the count says so before any mapping is read. */
    if (p->count >= 2)
        return PS_CLASS_SHARED;
    return user_maps ? PS_CLASS_USER : PS_CLASS_KERNEL;
}

const char *pagestate_class_name(enum ps_class c)
{
    switch (c) {
    case PS_CLASS_UNSEEN:    return "not reported";
    case PS_CLASS_FREE:      return "free";
    case PS_CLASS_KERNEL:    return "kernel";
    case PS_CLASS_USER:      return "user private";
    case PS_CLASS_SHARED:    return "shared copy-on-write";
    case PS_CLASS_PAGETABLE: return "page table";
    case PS_NCLASSES:        break;
    }
    return "?";
}

/* ---- page tables ---- */

int ps_satp_levels(uint64_t satp)
{
    unsigned mode = (unsigned)(satp >> SATP_MODE_SHIFT);
    return mode == SATP_MODE_SV39 ? 3 : mode == SATP_MODE_SV48 ? 4 : 0;
}

uint64_t ps_satp_root(uint64_t satp)
{
    return (satp & SATP_PPN) << PAGE_SHIFT;
}

uint64_t ps_pte_pa(uint64_t pte)
{
    return ((pte & PTE_PPN_MASK) >> PTE_PPN_SHIFT) << PAGE_SHIFT;
}

bool ps_pte_leaf(uint64_t pte)
{
    return (pte & (PTE_R | PTE_X)) != 0;
}

/* Encodings the hardware walk refuses anywhere in a table. */
static bool pte_reserved(uint64_t pte)
{
    return (!(pte & PTE_R) && (pte & PTE_W)) || (pte & (PTE_RESERVED | PTE_PBMT | PTE_N));
}

const char *ps_flags_text(uint64_t pte, char *buf, size_t size)
{
    static const char letters[] = "VRWXUGAD";
    char f[9];
    for (unsigned k = 0; k < 8; k++)
        f[k] = (pte >> k) & 1 ? letters[k] : '-';
    f[8] = '\0';
    snprintf(buf, size, "%s%s%s", f, pte & PTE_COW ? " COW" : "", pte & PTE_RSW1 ? " RSW9" : "");
    return buf;
}

struct pt_walker {
    struct machine *m;
    int      levels;
    struct ps_walk_stats st;
    ps_leaf_fn leaf;
    void    *ctx;
};

/* The canonical form of an address whose top VPN index is in the upper
 * half of the root table. */
static uint64_t sign_extend(uint64_t va, int levels)
{
    unsigned bits = PAGE_SHIFT + 9 * (unsigned)levels;
    return (uint64_t)((int64_t)(va << (64 - bits)) >> (64 - bits));
}

/* Every leaf under the table at pa, in address order; false when the
 * callback or the table bound ended the walk. */
static bool pt_visit(struct pt_walker *w, uint64_t table, int level, uint64_t va_base)
{
    uint64_t pte[PT_ENTRIES];
    if (++w->st.tables > PT_MAX_TABLES) {
        w->st.truncated = true;
        return false;
    }
    if (debug_read_phys(w->m, table, pte, sizeof(pte)) != sizeof(pte)) {
        w->st.skipped++;
        return true;
    }
    unsigned shift = PAGE_SHIFT + 9 * (unsigned)level;
    for (uint64_t i = 0; i < PT_ENTRIES; i++) {
        if (!(pte[i] & PTE_V))
            continue;
        uint64_t va = sign_extend(va_base | i << shift, w->levels);
        if (pte_reserved(pte[i])) {
            w->st.skipped++;
        } else if (ps_pte_leaf(pte[i])) {
            if (!w->leaf(w->ctx, va, ps_pte_pa(pte[i]), 1ULL << shift, pte[i]))
                return false;
        } else if (level == 0 || (pte[i] & (PTE_A | PTE_D | PTE_U))) {
            w->st.skipped++;
        } else if (!pt_visit(w, ps_pte_pa(pte[i]), level - 1, va)) {
            return false;
        }
    }
    return true;
}

void ps_walk_table(struct machine *m, uint64_t satp, ps_leaf_fn fn, void *ctx,
                   struct ps_walk_stats *st)
{
    struct pt_walker w = { .m = m, .levels = ps_satp_levels(satp), .leaf = fn, .ctx = ctx };
    if (w.levels)
        pt_visit(&w, ps_satp_root(satp), w.levels - 1, 0);
    if (st)
        *st = w.st;
}

static uint64_t sv39_of_root(uint64_t root)
{
    return ((uint64_t)SATP_MODE_SV39 << SATP_MODE_SHIFT) | (root >> PAGE_SHIFT);
}

/* ---- the census of user mappings, for classifying ---- */

static bool count_user_leaf(void *ctx, uint64_t va, uint64_t pa, uint64_t size, uint64_t pte)
{
    struct pagestate *ps = ctx;
    (void)va;
    if (!(pte & PTE_U))
        return true;
    /* A superpage maps many pages; each is counted. */
    for (uint64_t off = 0; off < size; off += PAGE_SIZE) {
        struct ps_page *p = page_at(ps, pa + off);
        if (!p)
            break;
        uint8_t *n = &ps->umaps[p - ps->pages];
        if (*n < UINT8_MAX)
            (*n)++;
    }
    return true;
}

void pagestate_snapshot(struct pagestate *ps, struct ps_cell *cells, bool take_flashes)
{
    struct machine *m = ps->m;
    if (!ps->umaps)
        ps->umaps = calloc(ps->npages, 1);
    if (ps->umaps) {
        memset(ps->umaps, 0, ps->npages);
        for (unsigned k = 0; k < m->trace_nroots; k++)
            ps_walk_table(m, sv39_of_root(m->trace_roots[k].root), count_user_leaf, ps, NULL);
    }
    for (uint64_t i = 0; i < ps->npages; i++) {
        struct ps_page *p = &ps->pages[i];
        unsigned um = ps->umaps ? ps->umaps[i] : 0;
        cells[i] = (struct ps_cell){
            .cls = (uint8_t)pagestate_classify(p, um),
            .count = p->count > UINT8_MAX ? UINT8_MAX : (uint8_t)p->count,
            .flash = p->flash,
            .user_maps = (uint8_t)um,
        };
        if (take_flashes)
            p->flash = 0;
    }
}

/* ---- one page in words ---- */

struct find_page {
    uint64_t pa, pid;
    struct ps_mapping *maps;
    unsigned n, max, total;
};

static bool find_leaf(void *ctx, uint64_t va, uint64_t pa, uint64_t size, uint64_t pte)
{
    struct find_page *f = ctx;
    if (f->pa < pa || f->pa - pa >= size)
        return true;
    if (f->n < f->max)
        f->maps[f->n++] = (struct ps_mapping){ f->pid, va + (f->pa - pa), pte };
    f->total++;
    return true;
}

static int by_pid_va(const void *a, const void *b)
{
    const struct ps_mapping *x = a, *y = b;
    if (x->pid != y->pid)
        return x->pid < y->pid ? -1 : 1;
    return x->va < y->va ? -1 : x->va > y->va;
}

unsigned pagestate_mappings(struct pagestate *ps, uint64_t pa, struct ps_mapping *out,
                            unsigned max)
{
    struct machine *m = ps->m;
    struct find_page f = { .pa = pa & ~(PAGE_SIZE - 1), .maps = out, .max = max };
    for (unsigned k = 0; k < m->trace_nroots; k++) {
        f.pid = m->trace_roots[k].pid;
        ps_walk_table(m, sv39_of_root(m->trace_roots[k].root), find_leaf, &f, NULL);
    }
    qsort(out, f.n, sizeof(out[0]), by_pid_va);
    return f.total;
}

/* Does trace record r concern the page at pa? */
static bool about_page(const struct trace_rec *r, uint64_t pa)
{
    uint64_t p;
    if (trace_rec_pa(r, &p) && (p & ~(PAGE_SIZE - 1)) == pa)
        return true;
    if (r->kind == TR_KERNEL && r->sub == TEV_COW_COPY && (r->a[3] & ~(PAGE_SIZE - 1)) == pa)
        return true;
    /* a page fault whose walk reached a leaf for this page */
    return r->kind == TR_PAGE_FAULT && fault_leaf(r, &p) && p == pa;
}

unsigned pagestate_events(const struct pagestate *ps, uint64_t pa, const struct trace_rec **out,
                          unsigned max)
{
    unsigned n = 0;
    pa &= ~(PAGE_SIZE - 1);
    for (uint64_t k = 0; n < max; k++) {
        const struct trace_rec *r = trace_recent(&ps->m->trace, k);
        if (!r)
            break;
        if (about_page(r, pa))
            out[n++] = r;
    }
    return n;
}

static void describe_count(struct pagestate *ps, uint64_t pa, FILE *out)
{
    const struct ps_page *p = page_at(ps, pa);
    if (!p || p->state == PS_UNSEEN) {
        fputs("  count: unknown (the kernel has reported nothing about this page)\n", out);
    } else if (p->state == PS_FREE) {
        fputs("  count 0: free (the kernel's last event: free)\n", out);
    } else {
        const char *ev = tracedev_event_name(p->last_event);
        fprintf(out, "  count %" PRIu32 " (the kernel's last event: %s)%s\n", p->count,
                ev ? ev : "?", p->page_table ? ", a page-table page" : "");
    }
}

static void describe_mappings(struct pagestate *ps, uint64_t pa, FILE *out)
{
    struct ps_mapping maps[DESCRIBE_MAX_MAPPINGS];
    unsigned total = pagestate_mappings(ps, pa, maps, DESCRIBE_MAX_MAPPINGS);
    unsigned n = total < DESCRIBE_MAX_MAPPINGS ? total : DESCRIBE_MAX_MAPPINGS;
    fprintf(out, "  mappings: %u in the %u address spaces the kernel announced\n", total,
            ps->m->trace_nroots);
    for (unsigned k = 0; k < n; k++) {
        char flags[32];
        fprintf(out, "    pid %-4" PRIu64 " va 0x%016" PRIx64 "  %s\n", maps[k].pid, maps[k].va,
                ps_flags_text(maps[k].pte, flags, sizeof(flags)));
    }
    if (total > n)
        fprintf(out, "    ... %u more\n", total - n);
}

static void describe_events(struct pagestate *ps, uint64_t pa, FILE *out)
{
    const struct trace_rec *found[DESCRIBE_MAX_EVENTS];
    unsigned n = pagestate_events(ps, pa, found, DESCRIBE_MAX_EVENTS);
    if (!n) {
        fprintf(out, "  last events: none in the last %u trace records\n", TRACE_RING);
        return;
    }
    fprintf(out, "  last events (%u):\n", n);
    char line[1024];
    while (n--) {
        /* a page fault's walk is a second line: keep it under its record */
        trace_format_text(found[n], &ps->m->syms, line, sizeof(line));
        fputs("    ", out);
        for (const char *c = line; *c; c++) {
            if (*c == '\n')
                fputs("\n    ", out);
            else
                fputc(*c, out);
        }
        fputc('\n', out);
    }
}

void pagestate_describe(struct pagestate *ps, uint64_t pa, FILE *out)
{
    pa &= ~(PAGE_SIZE - 1);
    fprintf(out, "page 0x%" PRIx64 ":\n", pa);
    describe_count(ps, pa, out);
    describe_mappings(ps, pa, out);
    describe_events(ps, pa, out);
}
