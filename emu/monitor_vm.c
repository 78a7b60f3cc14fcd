/*
 * monitor_vm.c - the monitor's view of virtual memory: the walk of one
 * address, a whole page table, and one physical page (the reference
 * count its kernel reported, its mappings in every address space the
 * kernel announced, its last events).
 *
 * Reference counts come from the kernel itself, through the trace
 * device's alloc/ref+/ref-/free events (docs/trace-device.md), counted by
 * a trace sink from the moment the monitor exists, which is before the
 * first instruction. Page tables are read from RAM as they are now.
 *
 *   PTE:  | N 63 | PBMT 62..61 | rsvd 60..54 | PPN 53..10 | RSW 9..8 | D A G U X W R V |
 *
 * The guest kernel marks copy-on-write leaves with RSW bit 0 (bit 8).
 */
#include "monitor_impl.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "csr.h"
#include "machine.h"
#include "mmu.h"
#include "trace_filter.h"
#include "trace_format.h"
#include "trace_sources.h"
#include "tracedev.h"

#define PTE_COW   (1ULL << PTE_RSW_SHIFT)        /* the guest kernel's COW mark */
#define PTE_RSW1  (1ULL << (PTE_RSW_SHIFT + 1))
#define PTE_FLAGS ((1ULL << PTE_PPN_SHIFT) - 1)  /* V..D and RSW               */
#define PT_ENTRIES 512
#define PT_MAX_TABLES 4096   /* bounds pt on a garbage root: 512^2 tables at most otherwise */
#define PT_MAX_LINES 2000
#define PAGE_MAX_MAPPINGS 64
#define PAGE_MAX_EVENTS 10

/* ---- PTEs and satp ---- */

static uint64_t pte_pa(uint64_t pte)
{
    return ((pte & PTE_PPN_MASK) >> PTE_PPN_SHIFT) << PAGE_SHIFT;
}

static bool pte_leaf(uint64_t pte)
{
    return (pte & (PTE_R | PTE_X)) != 0;
}

/* Encodings the hardware walk refuses anywhere in a table. */
static bool pte_reserved(uint64_t pte)
{
    return (!(pte & PTE_R) && (pte & PTE_W)) || (pte & (PTE_RESERVED | PTE_PBMT | PTE_N));
}

/* "VR-XU-AD COW": the eight flags in the spec's order, then RSW. */
static const char *flags_text(uint64_t pte, char *buf, size_t size)
{
    static const char letters[] = "VRWXUGAD";
    char f[9];
    for (unsigned k = 0; k < 8; k++)
        f[k] = (pte >> k) & 1 ? letters[k] : '-';
    f[8] = '\0';
    snprintf(buf, size, "%s%s%s", f, pte & PTE_COW ? " COW" : "", pte & PTE_RSW1 ? " RSW9" : "");
    return buf;
}

static const char *size_name(uint64_t size)
{
    return size == 1ULL << 12 ? "4K" : size == 1ULL << 21 ? "2M" : size == 1ULL << 30 ? "1G"
                                                                                    : "512G";
}

/* Page-table levels satp selects: 3 (Sv39), 4 (Sv48), 0 (Bare or unknown). */
static int satp_levels(uint64_t satp)
{
    unsigned mode = (unsigned)(satp >> SATP_MODE_SHIFT);
    return mode == SATP_MODE_SV39 ? 3 : mode == SATP_MODE_SV48 ? 4 : 0;
}

static uint64_t satp_root(uint64_t satp)
{
    return (satp & SATP_PPN) << PAGE_SHIFT;
}

/* The satp commands use by default: the one the selected hart stopped
 * with while a stop is being served (a page fault is walked in the
 * address space that faulted, even after steps), else its current one. */
static uint64_t default_satp(struct monitor *mon)
{
    uint64_t satp = 0;
    if (mon->serving && mon->stop.hart == mon_hart(mon))
        return mon->stop_satp;
    csr_peek(&mon->m->harts[mon_hart(mon)], CSR_SATP, &satp);
    return satp;
}

/* ROOT as the user wrote it: a satp value (mode bits set) or the
 * physical address of a root table (taken as Sv39). */
static bool parse_root(struct monitor *mon, const char *cmd, const char *s, uint64_t *satp,
                       FILE *out)
{
    uint64_t v;
    if (!mon_value(mon, cmd, "root", s, &v, out))
        return false;
    if (v >> SATP_MODE_SHIFT) {
        if (!satp_levels(v)) {
            fprintf(out, "%s: satp 0x%" PRIx64 " is neither Sv39 nor Sv48\n", cmd, v);
            return false;
        }
        *satp = v;
        return true;
    }
    if (v & (PAGE_SIZE - 1) || !bus_in_ram(mon->m->bus, v, PAGE_SIZE)) {
        fprintf(out, "%s: root 0x%" PRIx64 " is not a page of RAM (give a satp value or the "
                "root table's physical address)\n", cmd, v);
        return false;
    }
    *satp = ((uint64_t)SATP_MODE_SV39 << SATP_MODE_SHIFT) | (v >> PAGE_SHIFT);
    return true;
}

/* "Sv39, root 0x87f5d000, pid 3" */
static void describe_satp(struct monitor *mon, uint64_t satp, FILE *out)
{
    uint64_t pid = trace_pid_of_satp(mon->m, satp);
    fprintf(out, "%s, root 0x%" PRIx64, satp_levels(satp) == 4 ? "Sv48" : "Sv39",
            satp_root(satp));
    if (pid != ~(uint64_t)0)
        fprintf(out, ", pid %" PRIu64, pid);
}

/* ---- walk ---- */

static void print_level(const struct walk_record *rec, unsigned k, FILE *out)
{
    uint64_t pte = rec->level[k].pte;
    int level = rec->level[k].level;
    char flags[32];
    fprintf(out, "  L%d pte@0x%" PRIx64 " = 0x%016" PRIx64 "  %-12s ", level,
            rec->level[k].pte_addr, pte, flags_text(pte, flags, sizeof(flags)));
    if (!(pte & PTE_V))
        fputs("invalid\n", out);
    else if (pte_leaf(pte))
        fprintf(out, "leaf: %s page at 0x%" PRIx64 "\n",
                size_name(1ULL << (PAGE_SHIFT + 9 * (unsigned)level)), pte_pa(pte));
    else
        fprintf(out, "next table at 0x%" PRIx64 "\n", pte_pa(pte));
}

void mon_print_walk(struct monitor *mon, uint64_t satp, uint64_t va, FILE *out)
{
    if (!satp_levels(satp)) {
        fprintf(out, "walk va 0x%" PRIx64 ": no translation (satp 0x%" PRIx64 " is Bare): "
                "pa = va\n", va, satp);
        return;
    }
    struct walk_record rec;
    debug_walk(mon->m, mon_hart(mon), satp, va, &rec);
    fprintf(out, "walk va 0x%" PRIx64 " satp 0x%" PRIx64 " (", va, satp);
    describe_satp(mon, satp, out);
    fputs(")\n", out);
    for (unsigned k = 0; k < rec.levels; k++)
        print_level(&rec, k, out);
    if (rec.stop == WALK_OK)
        fprintf(out, "  -> pa 0x%" PRIx64 "\n", rec.pa);
    else if (rec.levels)
        fprintf(out, "  -> stopped at L%d: %s\n", rec.level[rec.levels - 1].level,
                walk_stop_name(rec.stop));
    else
        fprintf(out, "  -> stopped: %s\n", walk_stop_name(rec.stop));
}

bool mon_cmd_walk(struct monitor *mon, int argc, char **argv, FILE *out, struct dbg_resume *r)
{
    (void)r;
    uint64_t va, satp = default_satp(mon);
    const struct dbg_stop *s = mon_stop(mon);
    if (argc > 1) {
        if (!mon_value(mon, "walk", "address", argv[1], &va, out))
            return false;
    } else if (s && s->reason == DBG_PAGE_FAULT) {
        va = s->addr;
    } else {
        fputs("walk: no page fault to default to: give VA\n", out);
        return false;
    }
    if (argc > 2 && !parse_root(mon, "walk", argv[2], &satp, out))
        return false;
    mon_print_walk(mon, satp, va, out);
    return false;
}

/* ---- visiting every leaf of a table ---- */

typedef bool (*leaf_fn)(void *ctx, uint64_t va, uint64_t pa, uint64_t size, uint64_t pte);

struct pt_walker {
    struct machine *m;
    int      levels;
    unsigned tables;         /* tables read so far                        */
    unsigned skipped;        /* malformed entries, tables outside RAM     */
    bool     truncated;      /* PT_MAX_TABLES reached                     */
    leaf_fn  leaf;
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
    if (++w->tables > PT_MAX_TABLES) {
        w->truncated = true;
        return false;
    }
    if (debug_read_phys(w->m, table, pte, sizeof(pte)) != sizeof(pte)) {
        w->skipped++;
        return true;
    }
    unsigned shift = PAGE_SHIFT + 9 * (unsigned)level;
    for (uint64_t i = 0; i < PT_ENTRIES; i++) {
        if (!(pte[i] & PTE_V))
            continue;
        uint64_t va = sign_extend(va_base | i << shift, w->levels);
        if (pte_reserved(pte[i])) {
            w->skipped++;
        } else if (pte_leaf(pte[i])) {
            if (!w->leaf(w->ctx, va, pte_pa(pte[i]), 1ULL << shift, pte[i]))
                return false;
        } else if (level == 0 || (pte[i] & (PTE_A | PTE_D | PTE_U))) {
            w->skipped++;
        } else if (!pt_visit(w, pte_pa(pte[i]), level - 1, va)) {
            return false;
        }
    }
    return true;
}

static void pt_walk(struct pt_walker *w, uint64_t satp)
{
    w->levels = satp_levels(satp);
    pt_visit(w, satp_root(satp), w->levels - 1, 0);
}

/* ---- pt ---- */

/* Consecutive leaves that continue each other in va and pa with the same
 * flags, printed as one line. */
struct pt_print {
    FILE    *out;
    uint64_t va, pa, len, size, flags;   /* the run being built (len 0: none) */
    unsigned lines, leaves;
};

static void run_flush(struct pt_print *p)
{
    char flags[32];
    if (!p->len)
        return;
    if (p->lines++ < PT_MAX_LINES)
        fprintf(p->out, "  0x%016" PRIx64 "-0x%016" PRIx64 " -> 0x%08" PRIx64 "-0x%08" PRIx64
                "  %-12s %" PRIu64 " x %s\n", p->va, p->va + p->len - 1, p->pa,
                p->pa + p->len - 1, flags_text(p->flags, flags, sizeof(flags)),
                p->len / p->size, size_name(p->size));
    p->len = 0;
}

static bool pt_leaf(void *ctx, uint64_t va, uint64_t pa, uint64_t size, uint64_t pte)
{
    struct pt_print *p = ctx;
    p->leaves++;
    if (p->len && size == p->size && (pte & PTE_FLAGS) == p->flags && va == p->va + p->len &&
        pa == p->pa + p->len) {
        p->len += size;
        return true;
    }
    run_flush(p);
    *p = (struct pt_print){ p->out, va, pa, size, size, pte & PTE_FLAGS, p->lines, p->leaves };
    return true;
}

bool mon_cmd_pt(struct monitor *mon, int argc, char **argv, FILE *out, struct dbg_resume *r)
{
    (void)r;
    uint64_t satp = default_satp(mon);
    if (argc > 1 && !parse_root(mon, "pt", argv[1], &satp, out))
        return false;
    if (!satp_levels(satp)) {
        fprintf(out, "pt: hart %u has no page table (satp 0x%" PRIx64 " is Bare): give ROOT\n",
                mon_hart(mon), satp);
        return false;
    }
    struct pt_print p = { .out = out };
    struct pt_walker w = { .m = mon->m, .leaf = pt_leaf, .ctx = &p };
    fprintf(out, "page table satp 0x%" PRIx64 " (", satp);
    describe_satp(mon, satp, out);
    fputs("):\n", out);
    pt_walk(&w, satp);
    run_flush(&p);
    if (p.lines > PT_MAX_LINES)
        fprintf(out, "  ... %u more lines not shown\n", p.lines - PT_MAX_LINES);
    fprintf(out, "%u leaves in %u lines, %u tables", p.leaves, p.lines, w.tables);
    if (w.skipped)
        fprintf(out, ", %u malformed entries skipped", w.skipped);
    fputs(w.truncated ? ", stopped at the table limit\n" : "\n", out);
    return false;
}

/* ---- page ---- */

static struct mon_page *page_of(struct monitor *mon, uint64_t pa)
{
    uint64_t base = mon->m->bus->ram_base;
    if (!mon->pages || pa < base || (pa - base) >> PAGE_SHIFT >= mon->npages)
        return NULL;
    return &mon->pages[(pa - base) >> PAGE_SHIFT];
}

/* The trace sink: the kernel's own count for every page it reports. */
static void page_event(void *ctx, const struct trace_rec *r)
{
    struct monitor *mon = ctx;
    if (r->kind != TR_KERNEL || r->sub < TEV_PAGE_ALLOC || r->sub > TEV_PAGE_FREE)
        return;
    struct mon_page *p = page_of(mon, r->a[0]);
    if (!p)
        return;
    switch (r->sub) {
    case TEV_PAGE_ALLOC:
        *p = (struct mon_page){ .count = 1, .state = MON_PAGE_LIVE,
                                .page_table = r->a[1] == 1 };
        break;
    case TEV_REF_INC: case TEV_REF_DEC:
        p->state = MON_PAGE_LIVE;
        p->count = r->a[1] > UINT32_MAX ? UINT32_MAX : (uint32_t)r->a[1];
        break;
    default:
        p->state = MON_PAGE_FREE;
        p->count = 0;
        break;
    }
    p->last_event = (uint8_t)r->sub;
}

/* What a sink slot becomes when the monitor goes before the trace. */
static void no_event(void *ctx, const struct trace_rec *r)
{
    (void)ctx, (void)r;
}

int mon_pages_attach(struct monitor *mon)
{
    struct trace *t = &mon->m->trace;
    mon->npages = mon->m->bus->ram_size >> PAGE_SHIFT;
    /* calloc: the pages the kernel never reports are never touched. */
    mon->pages = calloc(mon->npages, sizeof(*mon->pages));
    if (!mon->pages)
        return -1;
    int slot = (int)t->nsinks;
    if (trace_add_sink(t, TRACE_MASK(TR_KERNEL),
                       (struct trace_sink){ .event = page_event, .ctx = mon }) != 0) {
        free(mon->pages);
        mon->pages = NULL;
        return -1;
    }
    mon->sink = slot;
    return 0;
}

void mon_pages_detach(struct monitor *mon)
{
    if (mon->sink >= 0)
        mon->m->trace.sinks[mon->sink] = (struct trace_sink){ .event = no_event };
    mon->sink = -1;
    free(mon->pages);
    mon->pages = NULL;
}

struct mapping {
    uint64_t pid, va, pte;
};

struct find_page {
    uint64_t pa, pid;
    struct mapping *maps;
    unsigned n, total;
};

static bool find_leaf(void *ctx, uint64_t va, uint64_t pa, uint64_t size, uint64_t pte)
{
    struct find_page *f = ctx;
    if (f->pa < pa || f->pa - pa >= size)
        return true;
    if (f->n < PAGE_MAX_MAPPINGS)
        f->maps[f->n++] = (struct mapping){ f->pid, va + (f->pa - pa), pte };
    f->total++;
    return true;
}

static int by_pid_va(const void *a, const void *b)
{
    const struct mapping *x = a, *y = b;
    if (x->pid != y->pid)
        return x->pid < y->pid ? -1 : 1;
    return x->va < y->va ? -1 : x->va > y->va;
}

static void print_count(struct monitor *mon, uint64_t pa, FILE *out)
{
    const struct mon_page *p = page_of(mon, pa);
    if (!p || p->state == MON_PAGE_UNSEEN) {
        fputs("  count: unknown (the kernel has reported nothing about this page)\n", out);
    } else if (p->state == MON_PAGE_FREE) {
        fputs("  count 0: free (the kernel's last event: free)\n", out);
    } else {
        const char *ev = tracedev_event_name(p->last_event);
        fprintf(out, "  count %" PRIu32 " (the kernel's last event: %s)%s\n", p->count,
                ev ? ev : "?", p->page_table ? ", a page-table page" : "");
    }
}

/* Every leaf mapping pa in the address spaces the kernel announced. */
static void print_mappings(struct monitor *mon, uint64_t pa, FILE *out)
{
    struct machine *m = mon->m;
    struct mapping maps[PAGE_MAX_MAPPINGS];
    struct find_page f = { .pa = pa, .maps = maps };
    for (unsigned k = 0; k < m->trace_nroots; k++) {
        struct pt_walker w = { .m = m, .leaf = find_leaf, .ctx = &f };
        f.pid = m->trace_roots[k].pid;
        pt_walk(&w, ((uint64_t)SATP_MODE_SV39 << SATP_MODE_SHIFT) |
                        (m->trace_roots[k].root >> PAGE_SHIFT));
    }
    qsort(maps, f.n, sizeof(maps[0]), by_pid_va);
    fprintf(out, "  mappings: %u in the %u address spaces the kernel announced\n", f.total,
            m->trace_nroots);
    for (unsigned k = 0; k < f.n; k++) {
        char flags[32];
        fprintf(out, "    pid %-4" PRIu64 " va 0x%016" PRIx64 "  %s\n", maps[k].pid, maps[k].va,
                flags_text(maps[k].pte, flags, sizeof(flags)));
    }
    if (f.total > f.n)
        fprintf(out, "    ... %u more\n", f.total - f.n);
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
    return r->kind == TR_PAGE_FAULT && r->nwalk && (r->walk[r->nwalk - 1].pte & PTE_V) &&
           pte_leaf(r->walk[r->nwalk - 1].pte) && pte_pa(r->walk[r->nwalk - 1].pte) == pa;
}

static void print_events(struct monitor *mon, uint64_t pa, FILE *out)
{
    const struct trace_rec *found[PAGE_MAX_EVENTS];
    unsigned n = 0;
    for (uint64_t k = 0; n < PAGE_MAX_EVENTS; k++) {
        const struct trace_rec *r = trace_recent(&mon->m->trace, k);
        if (!r)
            break;
        if (about_page(r, pa))
            found[n++] = r;
    }
    if (!n) {
        fprintf(out, "  last events: none in the last %u trace records\n", TRACE_RING);
        return;
    }
    fprintf(out, "  last events (%u):\n", n);
    char line[1024];
    while (n--) {
        /* a page fault's walk is a second line: keep it under its record */
        trace_format_text(found[n], &mon->m->syms, line, sizeof(line));
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

bool mon_cmd_page(struct monitor *mon, int argc, char **argv, FILE *out, struct dbg_resume *r)
{
    (void)argc, (void)r;
    uint64_t pa;
    if (!mon_value(mon, "page", "physical address", argv[1], &pa, out))
        return false;
    pa &= ~(PAGE_SIZE - 1);
    if (!bus_in_ram(mon->m->bus, pa, PAGE_SIZE)) {
        fprintf(out, "page: 0x%" PRIx64 " is not in RAM\n", pa);
        return false;
    }
    fprintf(out, "page 0x%" PRIx64 ":\n", pa);
    print_count(mon, pa, out);
    print_mappings(mon, pa, out);
    print_events(mon, pa, out);
    return false;
}
