/*
 * cow_check.c - the copy-on-write checker: the guest kernel's reference
 * counts (trace device events) against the user mappings really present
 * in its page tables.
 *
 * The shadow has, per physical page: the kernel's count as its events
 * told it, whether the page is allocated or free, how many user leaves
 * (PTE_U) of any page table map it and how many of those are COW, and
 * whether its first user mapping was writable (text that never was must
 * never gain W or COW).
 *
 * Mappings are kept exact rather than found by walking every table on
 * every event: each page the kernel allocates as a page table (alloc
 * kind 1) is flagged PGF_CHECK, so every store into it - the kernel's
 * mappages, uvmunmap, share_user_page, and the walker's A/D updates -
 * comes here, and the changed PTE is compared with a copy of the table.
 * The announced roots are still walked, but only when a process goes
 * away (to learn which pages to check for leaks) and to name a process
 * and address in a report.
 *
 * The kernel's own code is not atomic: uvmunmap drops the reference
 * before it clears the PTE, uvmcopy maps the page before it takes the
 * reference. So a check that needs the kernel to have finished its step
 * is kept pending for the hart that reported the event and is decided at
 * that hart's next event (a kernel event, satp write, sfence.vma, page
 * fault, or a store that changed a user mapping) - by then the step is
 * complete. The same holds for stores into shared pages: kfree's junk
 * fill of a page it frees is followed at once by the free itself, which
 * takes over.
 */
#include "cow_check.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "machine.h"
#include "trace_filter.h"
#include "trace_format.h"
#include "trace_sources.h"
#include "tracedev.h"

#define PGSIZE 4096ULL
#define PTE_V (1ULL << 0)
#define PTE_R (1ULL << 1)
#define PTE_W (1ULL << 2)
#define PTE_X (1ULL << 3)
#define PTE_U (1ULL << 4)
#define PTE_COW (1ULL << 8)        /* RSW bit 0: the guest kernel's COW mark */
#define PTE_PA(pte) ((((pte) >> 10) & ((1ULL << 44) - 1)) << 12)

#define PENDING_MAX 16             /* per hart; decided at its next event     */
#define HISTORY_MAX 8              /* events shown after a violation          */
#define REPORT_MAX 50              /* lines in report mode before going quiet */
#define FRAMES 3                   /* callers shown after the pc              */
#define NO_PID (~(uint64_t)0)
#define NO_VA (~(uint64_t)0)

enum page_state { PS_UNKNOWN, PS_ALLOC, PS_FREE };
enum page_class { CLS_UNKNOWN, CLS_WRITABLE, CLS_READONLY };

struct page {
    int64_t  count;      /* the kernel's reference count, as reported      */
    uint32_t map;        /* user leaves mapping the page                   */
    uint32_t cowmap;     /* of which marked COW                            */
    uint32_t gen;        /* allocations so far: tells a reused page apart   */
    uint8_t  state;      /* enum page_state                                */
    uint8_t  cls;        /* enum page_class: its first user mapping        */
};

/* Where the guest was: the pc and a few callers from its frame chain. */
struct where {
    uint64_t pc, from[FRAMES];
    uint64_t satp;
};

enum pending_kind { PEND_REFS, PEND_DROPPED, PEND_FREED, PEND_STORE };  /* DROPPED: after ref- */

struct pending {
    uint8_t  kind;
    uint64_t pa;
    int64_t  count;      /* PEND_FREED, PEND_STORE: the count back then     */
    uint32_t gen;        /* the page's allocation it is about               */
    struct where at;
};

struct collected { uint64_t pa, va; uint32_t gen; };

/* An address space going away (proc-exit, or the one exec replaced):
 * its user pages, checked for leaks once its root page is freed. */
struct retiring {
    uint64_t root, pid;
    struct where at;
    struct collected *pages;
    size_t n;
};

struct suspect {
    struct collected page;
    uint64_t pid;
    struct where at;
};

struct cow_check {
    struct machine *m;
    enum cow_check_mode mode;
    struct page *pages;
    uint64_t npages;
    uint64_t **table;    /* per page: copy of a page table, or NULL         */
    struct { uint64_t root, pid; } roots[MACHINE_TRACE_ROOTS];
    unsigned nroots;
    struct pending pending[MACHINE_MAX_HARTS + 1][PENDING_MAX];
    unsigned npending[MACHINE_MAX_HARTS + 1];
    /* Per hart: the page it just mapped into another address space and
     * has not taken the reference for yet (uvmcopy maps, then kref_get),
     * so one mapping more than the count is expected for it. */
    uint64_t inflight[MACHINE_MAX_HARTS + 1];
    struct retiring *retiring;
    size_t nretiring, capretiring;
    struct suspect *suspects;
    size_t nsuspects, capsuspects;
    uint64_t violations;
    bool stopped;
};

const char *cow_check_violation_name(unsigned kind)
{
    static const char *const names[CHECK_NKINDS] = {
        [CHECK_COUNT_BELOW_MAPPINGS] = "count-below-mappings",
        [CHECK_LEAK] = "leak",
        [CHECK_FREED_MAPPED] = "freed-while-mapped",
        [CHECK_MAPPED_FREED] = "mapped-after-free",
        [CHECK_SHARED_STORE] = "store-into-shared-page",
        [CHECK_RO_WRITABLE] = "read-only-made-writable",
        [CHECK_COUNT_NEGATIVE] = "count-below-zero",
        [CHECK_COUNT_MISMATCH] = "count-mismatch",
    };
    return kind < CHECK_NKINDS && names[kind] ? names[kind] : "violation";
}

uint64_t cow_check_violations(const struct cow_check *c)
{
    return c->violations;
}

/* ---- guest memory ---- */

static struct page *page_of(struct cow_check *c, uint64_t pa)
{
    uint64_t base = c->m->bus->ram_base;
    if (pa < base || (pa - base) / PGSIZE >= c->npages)
        return NULL;
    return &c->pages[(pa - base) / PGSIZE];
}

static uint64_t page_index(const struct cow_check *c, uint64_t pa)
{
    return (pa - c->m->bus->ram_base) / PGSIZE;
}

static bool read64(struct cow_check *c, uint64_t pa, uint64_t *v)
{
    const uint8_t *p = bus_ram_ptr(c->m->bus, pa, 8);
    if (!p || (pa & 7))
        return false;
    memcpy(v, p, 8);
    return true;
}

/* va through an Sv39 satp (or bare); false when not mapped. Superpages
 * are followed; permissions are not checked (this is for reading the
 * guest's stack in reports). */
static bool translate(struct cow_check *c, uint64_t satp, uint64_t va, uint64_t *pa)
{
    if (satp >> 60 == 0) {
        *pa = va;
        return true;
    }
    if (satp >> 60 != 8)
        return false;
    uint64_t table = (satp & ((1ULL << 44) - 1)) << 12;
    for (int level = 2; level >= 0; level--) {
        uint64_t pte;
        if (!read64(c, table + ((va >> (12 + 9 * level)) & 511) * 8, &pte) || !(pte & PTE_V))
            return false;
        if (pte & (PTE_R | PTE_W | PTE_X)) {
            uint64_t span = 1ULL << (12 + 9 * level);
            *pa = PTE_PA(pte) + (va & (span - 1));
            return true;
        }
        table = PTE_PA(pte);
    }
    return false;
}

/* The hart that is running now (stores), or the one an event names. */
static struct hart *hart_at(struct cow_check *c, unsigned k)
{
    return k < c->m->nharts ? &c->m->harts[k] : NULL;
}

/* The running hart's number, or MACHINE_MAX_HARTS outside any hart's
 * slice (device DMA). */
static unsigned current_hart(struct cow_check *c)
{
    const struct hart *h = machine_current_hart(c->m);
    return h ? (unsigned)(h - c->m->harts) : MACHINE_MAX_HARTS;
}

/* The pc and, through the frame pointers (the guest kernel keeps them),
 * the callers: the event itself is written by trace_event, and the
 * interesting place is whoever called it. */
static void capture(struct cow_check *c, unsigned k, struct where *w)
{
    memset(w, 0, sizeof(*w));
    struct hart *h = hart_at(c, k);
    if (!h)
        return;
    w->pc = h->pc;
    w->satp = h->satp;
    uint64_t fp = h->x[8];
    for (unsigned n = 0; n < FRAMES; n++) {
        uint64_t pa, ra, prev;
        if (fp < 16 || (fp & 7) || !translate(c, h->satp, fp - 16, &pa) ||
            !read64(c, pa + 8, &ra) || !read64(c, pa, &prev) || ra == 0)
            break;
        /* A leaf function (memmove) saves only the caller's fp, at fp-8:
         * its return address is still in ra. */
        uint64_t off;
        if (n == 0 && ra > fp && ra - fp < 0x10000 && !symtab_find(&c->m->syms, ra, &off)) {
            prev = ra;
            ra = h->x[1];
        }
        w->from[n] = ra;
        if (prev <= fp)      /* frames grow upwards as we unwind */
            break;
        fp = prev;
    }
}

/* The most telling code address: the first caller outside trace_event. */
static uint64_t where_pc(const struct cow_check *c, const struct where *w)
{
    uint64_t off;
    const struct symbol *s = symtab_find(&c->m->syms, w->pc, &off);
    if (s && !strcmp(s->name, "trace_event") && w->from[0])
        return w->from[0];
    return w->pc;
}

/* ---- walking the announced tables ---- */

typedef bool (*leaf_fn)(void *ctx, uint64_t va, uint64_t pte);

/* Every user leaf of the Sv39 table at root; stops when fn says so. */
static bool walk_user(struct cow_check *c, uint64_t table, int level, uint64_t va_base,
                      leaf_fn fn, void *ctx)
{
    for (uint64_t i = 0; i < 512; i++) {
        uint64_t pte;
        if (!read64(c, table + i * 8, &pte) || !(pte & PTE_V))
            continue;
        uint64_t va = va_base | (i << (12 + 9 * level));
        if (pte & (PTE_R | PTE_W | PTE_X)) {
            if ((pte & PTE_U) && !fn(ctx, va, pte))
                return false;
        } else if (level > 0 && !walk_user(c, PTE_PA(pte), level - 1, va, fn, ctx)) {
            return false;
        }
    }
    return true;
}

struct find_ctx { uint64_t pa, va; bool found; };

static bool find_leaf(void *ctx, uint64_t va, uint64_t pte)
{
    struct find_ctx *f = ctx;
    if (PTE_PA(pte) != f->pa)
        return true;
    f->va = va;
    f->found = true;
    return false;
}

struct cow_ctx { uint64_t pa; bool found; };

static bool find_cow_leaf(void *ctx, uint64_t va, uint64_t pte)
{
    struct cow_ctx *f = ctx;
    (void)va;
    f->found |= PTE_PA(pte) == f->pa && (pte & PTE_COW);
    return !f->found;
}

/* Does a live address space map pa copy-on-write? (cowmap also counts
 * the leaves of tables being torn down on other harts.) */
static bool live_cow_mapping(struct cow_check *c, uint64_t pa)
{
    for (unsigned k = 0; k < c->nroots; k++) {
        struct cow_ctx f = { pa, false };
        walk_user(c, c->roots[k].root, 2, 0, find_cow_leaf, &f);
        if (f.found)
            return true;
    }
    return false;
}

/* Some announced process mapping pa, for a report. */
static bool find_mapper(struct cow_check *c, uint64_t pa, uint64_t *pid, uint64_t *va)
{
    for (unsigned k = 0; k < c->nroots; k++) {
        struct find_ctx f = { pa & ~(PGSIZE - 1), 0, false };
        walk_user(c, c->roots[k].root, 2, 0, find_leaf, &f);
        if (f.found) {
            *pid = c->roots[k].pid;
            *va = f.va;
            return true;
        }
    }
    return false;
}

/* ---- reporting ---- */

static void stop_machine(struct cow_check *c)
{
    struct machine *m = c->m;
    c->stopped = true;
    if (m->exit_reason == EXIT_NONE)
        m->exit_reason = EXIT_CHECK;
    for (unsigned k = 0; k < m->nharts; k++)
        m->harts[k].end_slice = true;
}

static bool about_page(const struct trace_rec *r, uint64_t pa)
{
    uint64_t p;
    if (trace_rec_pa(r, &p) && (p & ~(PGSIZE - 1)) == pa)
        return true;
    if (r->kind == TR_KERNEL && r->sub == TEV_COW_COPY && r->a[3] == pa)
        return true;
    /* a page fault whose walk ended at a leaf for this page */
    return r->kind == TR_PAGE_FAULT && r->nwalk &&
           PTE_PA(r->walk[r->nwalk - 1].pte) == pa && (r->walk[r->nwalk - 1].pte & PTE_V);
}

static void print_history(struct cow_check *c, uint64_t pa)
{
    const struct trace_rec *found[HISTORY_MAX];
    unsigned n = 0;
    for (uint64_t k = 0; n < HISTORY_MAX; k++) {
        const struct trace_rec *r = trace_recent(&c->m->trace, k);
        if (!r)
            break;
        if (r->kind != TR_CHECK && about_page(r, pa))
            found[n++] = r;
    }
    if (!n) {
        fprintf(stderr, "    (no earlier event about this page in the last %u records)\n",
                TRACE_RING);
        return;
    }
    fprintf(stderr, "    last events on pa=0x%" PRIx64 ":\n", pa);
    char line[1024];
    while (n--)
        fprintf(stderr, "    %s\n", trace_format_text(found[n], &c->m->syms, line, sizeof(line)));
}

/* One violation: the line, the page's history, a TR_CHECK record, and in
 * fatal mode the end of the run. pid/va NO_PID/NO_VA: look for a mapper. */
static void violation(struct cow_check *c, enum check_violation kind, uint64_t pa, uint64_t pid,
                      uint64_t va, const struct where *at, unsigned hart, const char *fmt, ...)
    __attribute__((format(printf, 8, 9)));
static void violation(struct cow_check *c, enum check_violation kind, uint64_t pa, uint64_t pid,
                      uint64_t va, const struct where *at, unsigned hart, const char *fmt, ...)
{
    if (c->stopped)
        return;
    pa &= ~(PGSIZE - 1);
    c->violations++;
    if (pid == NO_PID && !find_mapper(c, pa, &pid, &va)) {
        pid = trace_pid_of_satp(c->m, at->satp);
    }
    uint64_t pc = where_pc(c, at);
    if (c->violations <= REPORT_MAX || c->mode == COW_CHECK_FATAL) {
        char what[256], sym[160];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(what, sizeof(what), fmt, ap);
        va_end(ap);
        fprintf(stderr, "rvemu: cow-check: %s: pa=0x%" PRIx64, what, pa);
        if (pid != NO_PID)
            fprintf(stderr, " pid=%" PRIu64, pid);
        else
            fprintf(stderr, " pid=?");
        if (va != NO_VA)
            fprintf(stderr, " va=0x%" PRIx64, va);
        else
            fprintf(stderr, " va=?");
        fprintf(stderr, " pc=0x%" PRIx64 " %s", pc,
                symtab_format(&c->m->syms, pc, sym, sizeof(sym)));
        const char *sep = " (from ";
        for (unsigned k = 0; k < FRAMES && at->from[k]; k++) {
            if (at->from[k] == pc || !symtab_find(&c->m->syms, at->from[k], &(uint64_t){ 0 }))
                continue;
            fprintf(stderr, "%s%s", sep, symtab_format(&c->m->syms, at->from[k], sym, sizeof(sym)));
            sep = ", ";
        }
        fprintf(stderr, "%s [%s]\n", sep[0] == ',' ? ")" : "", cow_check_violation_name(kind));
        print_history(c, pa);
    } else if (c->violations == REPORT_MAX + 1) {
        fprintf(stderr, "rvemu: cow-check: more violations; only counting them from here\n");
    }
    struct trace_rec r;
    trace_stamp(c->m, hart_at(c, hart), &r, TR_CHECK);
    r.sub = (uint16_t)kind;
    r.a[0] = pa;
    r.a[1] = pid;
    r.a[2] = va;
    r.a[3] = pc;
    trace_emit(&c->m->trace, &r);
    if (c->mode == COW_CHECK_FATAL)
        stop_machine(c);
}

/* ---- the shadow ---- */

/* Stores into a page matter while it is a page table, or shared. */
static void rewatch(struct cow_check *c, uint64_t pa)
{
    struct page *p = page_of(c, pa);
    if (!p)
        return;
    bool want = c->table[page_index(c, pa)] || p->count > 1 || p->cowmap > 0;
    if (want)
        bus_set_page_flag(c->m->bus, pa, PGF_CHECK);
    else
        bus_clear_page_flag(c->m->bus, pa, PGF_CHECK);
}

static bool user_leaf(uint64_t pte)
{
    return (pte & PTE_V) && (pte & (PTE_R | PTE_W | PTE_X)) && (pte & PTE_U);
}

/* A user leaf appeared (at is where the store was) or went away. */
static void leaf_added(struct cow_check *c, uint64_t pte, const struct where *at, unsigned hart)
{
    uint64_t pa = PTE_PA(pte);
    struct page *p = page_of(c, pa);
    if (!p)
        return;
    p->map++;
    if (pte & PTE_COW)
        p->cowmap++;
    if (p->state == PS_ALLOC && p->map > 1 && hart <= MACHINE_MAX_HARTS)
        c->inflight[hart] = pa;
    bool writable = (pte & (PTE_W | PTE_COW)) != 0;
    if (p->state == PS_FREE)
        violation(c, CHECK_MAPPED_FREED, pa, NO_PID, NO_VA, at, hart,
                  "page mapped after it was freed");
    if (p->cls == CLS_UNKNOWN)
        p->cls = writable ? CLS_WRITABLE : CLS_READONLY;
    else if (p->cls == CLS_READONLY && writable)
        violation(c, CHECK_RO_WRITABLE, pa, NO_PID, NO_VA, at, hart,
                  "%s given to a page that was never writable", pte & PTE_W ? "write permission"
                                                                           : "copy-on-write");
    rewatch(c, pa);
}

static void leaf_removed(struct cow_check *c, uint64_t pte)
{
    struct page *p = page_of(c, PTE_PA(pte));
    if (!p)
        return;
    if (p->map)
        p->map--;
    if ((pte & PTE_COW) && p->cowmap)
        p->cowmap--;
    rewatch(c, PTE_PA(pte));
}

static void table_start(struct cow_check *c, uint64_t pa)
{
    uint64_t k = page_index(c, pa);
    if (c->table[k])
        return;
    uint64_t *t = malloc(PGSIZE);
    const uint8_t *ram = bus_ram_ptr(c->m->bus, pa, PGSIZE);
    if (!t || !ram) {
        free(t);
        return;
    }
    memcpy(t, ram, PGSIZE);
    c->table[k] = t;
    struct where none = { 0 };
    for (unsigned i = 0; i < 512; i++)
        if (user_leaf(t[i]))
            leaf_added(c, t[i], &none, MACHINE_MAX_HARTS);
    rewatch(c, pa);
}

static void table_end(struct cow_check *c, uint64_t pa)
{
    uint64_t k = page_index(c, pa);
    uint64_t *t = c->table[k];
    if (!t)
        return;
    for (unsigned i = 0; i < 512; i++)
        if (user_leaf(t[i]))
            leaf_removed(c, t[i]);
    free(t);
    c->table[k] = NULL;
    rewatch(c, pa);
}

/* ---- pending checks ---- */

/* Mappings of pa that harts made and have not counted yet, and that
 * harts uncounted (ref-) and have not cleared yet: on several harts the
 * count and the mappings legitimately differ by these. */
static unsigned inflight(const struct cow_check *c, uint64_t pa, unsigned self)
{
    unsigned n = 0;
    for (unsigned k = 0; k <= MACHINE_MAX_HARTS; k++) {
        n += c->inflight[k] == pa;
        for (unsigned i = 0; k != self && i < c->npending[k]; i++)
            n += c->pending[k][i].pa == pa && (c->pending[k][i].kind == PEND_DROPPED ||
                                               c->pending[k][i].kind == PEND_FREED);
    }
    return n;
}

static void decide(struct cow_check *c, unsigned hart, const struct pending *q)
{
    struct page *p = page_of(c, q->pa);
    if (!p)
        return;
    if (p->gen != q->gen)
        return;     /* freed and allocated again since: another story */
    switch (q->kind) {
    case PEND_REFS: case PEND_DROPPED:
        if (p->state == PS_ALLOC && p->map > p->count + inflight(c, q->pa, hart))
            violation(c, CHECK_COUNT_BELOW_MAPPINGS, q->pa, NO_PID, NO_VA, &q->at, hart,
                      "reference count %" PRId64 " below its %u user mappings (a free is coming "
                      "too early)", p->count, p->map);
        break;
    case PEND_FREED:
        if (p->map)
            violation(c, CHECK_FREED_MAPPED, q->pa, NO_PID, NO_VA, &q->at, hart,
                      "page freed while still mapped (%u user mappings)", p->map);
        else if (q->count)
            violation(c, CHECK_COUNT_MISMATCH, q->pa, NO_PID, NO_VA, &q->at, hart,
                      "page freed with %" PRId64 " references counted", q->count);
        break;
    case PEND_STORE:
        if (q->count < 2 && !live_cow_mapping(c, q->pa))
            break;  /* only a dying table's stale PTE made it look shared */
        violation(c, CHECK_SHARED_STORE, q->pa, NO_PID, NO_VA, &q->at, hart,
                  "store into a copy-on-write shared page (count %" PRId64 ", %u user mappings, "
                  "%u of them COW)", p->count, p->map, p->cowmap);
        break;
    }
}

/* The hart's earlier steps are complete: decide its pending checks. A
 * ref- or free of the same page supersedes them (kfree's junk fill, or a
 * count dropped twice in a row): that event brings its own check. */
static void settle(struct cow_check *c, unsigned hart, const struct trace_rec *r)
{
    if (hart > MACHINE_MAX_HARTS)
        hart = MACHINE_MAX_HARTS;
    unsigned n = c->npending[hart];
    c->npending[hart] = 0;
    bool drops = r && r->kind == TR_KERNEL && (r->sub == TEV_REF_DEC || r->sub == TEV_PAGE_FREE);
    for (unsigned k = 0; k < n; k++) {
        const struct pending *q = &c->pending[hart][k];
        if (drops && (r->a[0] & ~(PGSIZE - 1)) == q->pa)
            continue;
        decide(c, hart, q);
    }
}

static void defer(struct cow_check *c, unsigned hart, enum pending_kind kind, uint64_t pa,
                  int64_t count, const struct where *at)
{
    if (hart > MACHINE_MAX_HARTS)
        hart = MACHINE_MAX_HARTS;
    pa &= ~(PGSIZE - 1);
    for (unsigned k = 0; k < c->npending[hart]; k++)
        if (c->pending[hart][k].kind == kind && c->pending[hart][k].pa == pa)
            return;
    if (c->npending[hart] == PENDING_MAX) {
        /* Full: decide the oldest now rather than drop it. */
        struct pending oldest = c->pending[hart][0];
        memmove(&c->pending[hart][0], &c->pending[hart][1],
                (PENDING_MAX - 1) * sizeof(struct pending));
        c->npending[hart]--;
        decide(c, hart, &oldest);
    }
    struct page *p = page_of(c, pa);
    c->pending[hart][c->npending[hart]++] =
        (struct pending){ (uint8_t)kind, pa, count, p ? p->gen : 0, *at };
}

/* ---- leaks: address spaces going away ---- */

struct collect_ctx { struct cow_check *c; struct retiring *r; size_t cap; };

static bool collect_leaf(void *ctx, uint64_t va, uint64_t pte)
{
    struct collect_ctx *x = ctx;
    struct page *p = page_of(x->c, PTE_PA(pte));
    if (!p)
        return true;
    if (x->r->n == x->cap) {
        size_t cap = x->cap ? 2 * x->cap : 64;
        struct collected *n = realloc(x->r->pages, cap * sizeof(*n));
        if (!n)
            return false;
        x->r->pages = n;
        x->cap = cap;
    }
    x->r->pages[x->r->n++] = (struct collected){ PTE_PA(pte), va, p->gen };
    return true;
}

/* The root stops being one of the process's tables; remember its pages. */
static void retire_root(struct cow_check *c, uint64_t root, uint64_t pid, const struct where *at)
{
    for (unsigned k = 0; k < c->nroots; k++) {
        if (c->roots[k].root == root) {
            c->roots[k] = c->roots[--c->nroots];
            break;
        }
    }
    if (c->nretiring == c->capretiring) {
        size_t cap = c->capretiring ? 2 * c->capretiring : 16;
        struct retiring *n = realloc(c->retiring, cap * sizeof(*n));
        if (!n)
            return;
        c->retiring = n;
        c->capretiring = cap;
    }
    struct retiring *r = &c->retiring[c->nretiring++];
    *r = (struct retiring){ root, pid, *at, NULL, 0 };
    struct collect_ctx x = { c, r, 0 };
    walk_user(c, root, 2, 0, collect_leaf, &x);
}

static bool still_leaked(struct cow_check *c, const struct collected *k)
{
    const struct page *p = page_of(c, k->pa);
    return p && p->state == PS_ALLOC && p->gen == k->gen && p->count > 0 && p->map == 0;
}

/* Suspects from an earlier teardown that are still allocated, counted and
 * unmapped are leaks (a later teardown gives other harts' operations in
 * flight time to finish). */
static void confirm_suspects(struct cow_check *c)
{
    for (size_t k = 0; k < c->nsuspects; k++) {
        const struct suspect *s = &c->suspects[k];
        if (still_leaked(c, &s->page))
            violation(c, CHECK_LEAK, s->page.pa, s->pid, s->page.va, &s->at, MACHINE_MAX_HARTS,
                      "page leaked: count %" PRId64 " but no user mapping after pid %" PRIu64
                      " exited", page_of(c, s->page.pa)->count, s->pid);
    }
    c->nsuspects = 0;
}

static void add_suspect(struct cow_check *c, const struct collected *k, uint64_t pid,
                        const struct where *at)
{
    if (c->nsuspects == c->capsuspects) {
        size_t cap = c->capsuspects ? 2 * c->capsuspects : 64;
        struct suspect *n = realloc(c->suspects, cap * sizeof(*n));
        if (!n)
            return;
        c->suspects = n;
        c->capsuspects = cap;
    }
    c->suspects[c->nsuspects++] = (struct suspect){ *k, pid, *at };
}

/* The root page of a retiring address space was freed: its teardown is
 * over; every page it mapped is now either gone or mapped elsewhere. */
static void teardown_done(struct cow_check *c, size_t idx)
{
    struct retiring r = c->retiring[idx];
    c->retiring[idx] = c->retiring[--c->nretiring];
    confirm_suspects(c);
    for (size_t k = 0; k < r.n; k++)
        if (still_leaked(c, &r.pages[k]))
            add_suspect(c, &r.pages[k], r.pid, &r.at);
    free(r.pages);
}

/* ---- events ---- */

static void add_root(struct cow_check *c, uint64_t root, uint64_t pid, const struct where *at)
{
    for (unsigned k = 0; k < c->nroots; k++) {
        if (c->roots[k].pid == pid && c->roots[k].root != root) {
            retire_root(c, c->roots[k].root, pid, at);   /* exec replaced it */
            break;
        }
    }
    for (unsigned k = 0; k < c->nroots; k++)
        if (c->roots[k].root == root) {
            c->roots[k].pid = pid;
            return;
        }
    if (c->nroots < MACHINE_TRACE_ROOTS)
        c->roots[c->nroots++] = (typeof(c->roots[0])){ root, pid };
}

static void on_alloc(struct cow_check *c, const struct trace_rec *r, const struct where *at)
{
    uint64_t pa = r->a[0];
    struct page *p = page_of(c, pa);
    if (!p)
        return;
    if (p->state == PS_ALLOC && p->count > 0)
        violation(c, CHECK_COUNT_MISMATCH, pa, NO_PID, NO_VA, at, r->hart,
                  "page allocated while %" PRId64 " references are counted", p->count);
    else if (p->map && find_mapper(c, pa, &(uint64_t){ 0 }, &(uint64_t){ 0 }))
        /* Only a live address space counts: on several harts a page can
         * be freed and taken again before uvmunmap on the freeing hart
         * clears its PTE in a table that is being torn down. */
        violation(c, CHECK_FREED_MAPPED, pa, NO_PID, NO_VA, at, r->hart,
                  "page allocated while still mapped (%u user mappings)", p->map);
    p->state = PS_ALLOC;
    p->count = 1;
    p->gen++;
    p->cls = CLS_UNKNOWN;
    if (r->a[1] == 1)
        table_start(c, pa);
    rewatch(c, pa);
}

static void on_ref(struct cow_check *c, const struct trace_rec *r, const struct where *at)
{
    uint64_t pa = r->a[0];
    struct page *p = page_of(c, pa);
    if (!p)
        return;
    int64_t now = (int64_t)r->a[1];
    bool inc = r->sub == TEV_REF_INC;
    if (p->state == PS_UNKNOWN) {
        /* allocated before the checker could see it: learn its count */
        p->state = PS_ALLOC;
        p->count = now;
    } else if (!inc && (p->state == PS_FREE || p->count <= 0)) {
        violation(c, CHECK_COUNT_NEGATIVE, pa, NO_PID, NO_VA, at, r->hart,
                  "reference dropped from a page with none (count would be %" PRId64 ")",
                  p->count - 1);
    } else if (inc && (p->state == PS_FREE || p->count <= 0)) {
        violation(c, CHECK_COUNT_MISMATCH, pa, NO_PID, NO_VA, at, r->hart,
                  "reference taken on a free page");
    } else if (now != p->count + (inc ? 1 : -1)) {
        violation(c, CHECK_COUNT_MISMATCH, pa, NO_PID, NO_VA, at, r->hart,
                  "kernel says count %" PRId64 " after %s, checker counted %" PRId64, now,
                  inc ? "ref+" : "ref-", p->count + (inc ? 1 : -1));
    }
    p->count = now;   /* follow the kernel from here: one report per fault */
    if (p->state == PS_FREE)
        p->state = PS_ALLOC;
    /* uvmunmap drops the reference before it clears the PTE: one mapping
     * more than the count is normal until the hart's next step. */
    if (!inc && p->map > (uint64_t)(now < 0 ? 0 : now) + 1 + inflight(c, pa, r->hart))
        violation(c, CHECK_COUNT_BELOW_MAPPINGS, pa, NO_PID, NO_VA, at, r->hart,
                  "reference count %" PRId64 " below its %u user mappings (a free is coming too "
                  "early)", now, p->map);
    else
        defer(c, r->hart, inc ? PEND_REFS : PEND_DROPPED, pa, 0, at);
    rewatch(c, pa);
}

static void on_free(struct cow_check *c, const struct trace_rec *r, const struct where *at)
{
    uint64_t pa = r->a[0];
    struct page *p = page_of(c, pa);
    if (!p)
        return;
    if (p->state == PS_FREE) {
        violation(c, CHECK_COUNT_NEGATIVE, pa, NO_PID, NO_VA, at, r->hart, "page freed twice");
    } else if (p->map > 1) {
        /* The one mapping uvmunmap is about to clear is fine; more are not. */
        violation(c, CHECK_FREED_MAPPED, pa, NO_PID, NO_VA, at, r->hart,
                  "page freed while still mapped (%u user mappings)", p->map);
    } else {
        defer(c, r->hart, PEND_FREED, pa, p->state == PS_ALLOC ? p->count : 0, at);
    }
    p->state = PS_FREE;
    p->count = 0;
    table_end(c, pa);
    rewatch(c, pa);
    for (size_t k = 0; k < c->nretiring; k++) {
        if (c->retiring[k].root == pa) {
            teardown_done(c, k);
            break;
        }
    }
}

static void on_kernel(struct cow_check *c, const struct trace_rec *r)
{
    struct where at;
    capture(c, r->hart, &at);
    const uint64_t *a = r->a;
    switch (r->sub) {
    case TEV_PAGE_ALLOC:
        on_alloc(c, r, &at);
        break;
    case TEV_REF_INC: case TEV_REF_DEC:
        on_ref(c, r, &at);
        break;
    case TEV_PAGE_FREE:
        on_free(c, r, &at);
        break;
    case TEV_COW_COPY:
        defer(c, r->hart, PEND_REFS, a[3], 0, &at);
        break;
    case TEV_COW_RECLAIM: {
        /* Made writable in place: nobody else may still map it. */
        struct page *p = page_of(c, a[2]);
        if (p && p->map > 1)
            violation(c, CHECK_COUNT_BELOW_MAPPINGS, a[2], a[0], a[1], &at, r->hart,
                      "page reclaimed in place (count %" PRId64 ") while %u user mappings remain",
                      p->count, p->map);
        break;
    }
    case TEV_PROC_CREATE: case TEV_PROC_EXEC:
        add_root(c, a[1], a[0], &at);
        break;
    case TEV_PROC_EXIT:
        retire_root(c, a[1], a[0], &at);
        break;
    default:
        break;
    }
}

static void check_event(void *ctx, const struct trace_rec *r)
{
    struct cow_check *c = ctx;
    if (c->stopped)
        return;
    settle(c, r->hart, r);
    if (r->kind == TR_KERNEL) {
        c->inflight[r->hart <= MACHINE_MAX_HARTS ? r->hart : MACHINE_MAX_HARTS] = 0;
        on_kernel(c, r);
    }
}

void cow_check_store(struct cow_check *c, uint64_t pa, uint64_t len)
{
    if (!c || c->stopped)
        return;
    struct page *p = page_of(c, pa);
    if (!p)
        return;
    unsigned hart = current_hart(c);
    uint64_t *t = c->table[page_index(c, pa)];
    if (t) {
        /* A page table: compare every PTE the store touched. */
        uint64_t base = pa & ~(PGSIZE - 1);
        uint64_t first = (pa - base) / 8, last = (pa + len - 1 - base) / 8;
        bool changed = false;
        struct where at;
        bool have_at = false;
        for (uint64_t i = first; i <= last && i < 512; i++) {
            uint64_t now;
            if (!read64(c, base + i * 8, &now) || now == t[i])
                continue;
            uint64_t was = t[i];
            t[i] = now;
            bool wl = user_leaf(was), nl = user_leaf(now);
            if (wl && nl && PTE_PA(was) == PTE_PA(now) &&
                (was & (PTE_W | PTE_COW | PTE_U)) == (now & (PTE_W | PTE_COW | PTE_U)))
                continue;   /* A/D bits, nothing the checker counts */
            if (!wl && !nl)
                continue;
            if (!have_at) {
                capture(c, hart, &at);
                have_at = true;
            }
            if (wl)
                leaf_removed(c, was);
            if (nl)
                leaf_added(c, now, &at, hart);
            changed = true;
        }
        if (changed)
            settle(c, hart, NULL);
        return;
    }
    /* kfree's junk fill happens at count 0: that page is being freed, and
     * the free checks it. */
    if (p->state != PS_ALLOC || p->count == 0 || !(p->count > 1 || p->cowmap > 0))
        return;
    struct where at;
    capture(c, hart, &at);
    defer(c, hart, PEND_STORE, pa, p->count, &at);
}

static void check_finish(void *ctx)
{
    struct cow_check *c = ctx;
    if (!c->stopped) {
        for (unsigned k = 0; k <= MACHINE_MAX_HARTS; k++)
            settle(c, k, NULL);
        /* Address spaces whose teardown never finished, then every suspect. */
        while (c->nretiring)
            teardown_done(c, 0);
        confirm_suspects(c);
    }
    fprintf(stderr, "rvemu: cow-check: %" PRIu64 " violation%s\n", c->violations,
            c->violations == 1 ? "" : "s");
    fflush(stderr);
    c->m->cow_check = NULL;
    for (uint64_t k = 0; k < c->npages; k++)
        free(c->table[k]);
    for (size_t k = 0; k < c->nretiring; k++)
        free(c->retiring[k].pages);
    free(c->retiring);
    free(c->suspects);
    free(c->table);
    free(c->pages);
    free(c);
}

int cow_check_attach(struct machine *m, char *err, size_t errlen)
{
    struct cow_check *c = calloc(1, sizeof(*c));
    if (!c) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    c->m = m;
    c->mode = m->cfg.check_cow;
    c->npages = m->bus->ram_size / PGSIZE;
    c->pages = calloc(c->npages, sizeof(*c->pages));
    c->table = calloc(c->npages, sizeof(*c->table));
    uint32_t mask = TRACE_MASK(TR_KERNEL) | TRACE_MASK(TR_PAGE_FAULT) | TRACE_MASK(TR_SATP) |
                    TRACE_MASK(TR_SFENCE);
    if (!c->pages || !c->table ||
        trace_add_sink(&m->trace, mask, (struct trace_sink){ check_event, check_finish, c })) {
        free(c->pages);
        free(c->table);
        free(c);
        snprintf(err, errlen, "cannot set up --check-cow");
        return -1;
    }
    m->cow_check = c;
    return 0;
}
