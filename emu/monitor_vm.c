/*
 * monitor_vm.c - the monitor's view of virtual memory: the walk of one
 * address, a whole page table, and one physical page (the reference
 * count its kernel reported, its mappings in every address space the
 * kernel announced, its last events).
 *
 * Reference counts come from the kernel itself, through the trace
 * device's alloc/ref+/ref-/free events (docs/trace-device.md), kept by
 * the page-state model (pagestate.c, shared with the window's page map)
 * from before the first instruction. Page tables are read from RAM as
 * they are now.
 */
#include "monitor_impl.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "csr.h"
#include "machine.h"
#include "mmu.h"
#include "pagemap.h"
#include "pagestate.h"
#include "trace_sources.h"

#define PTE_FLAGS ((1ULL << PTE_PPN_SHIFT) - 1)  /* V..D and RSW               */
#define PT_MAX_LINES 2000

static const char *size_name(uint64_t size)
{
    return size == 1ULL << 12 ? "4K" : size == 1ULL << 21 ? "2M" : size == 1ULL << 30 ? "1G"
                                                                                    : "512G";
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
        if (!ps_satp_levels(v)) {
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
    fprintf(out, "%s, root 0x%" PRIx64, ps_satp_levels(satp) == 4 ? "Sv48" : "Sv39",
            ps_satp_root(satp));
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
            rec->level[k].pte_addr, pte, ps_flags_text(pte, flags, sizeof(flags)));
    if (!(pte & PTE_V))
        fputs("invalid\n", out);
    else if (ps_pte_leaf(pte))
        fprintf(out, "leaf: %s page at 0x%" PRIx64 "\n",
                size_name(1ULL << (PAGE_SHIFT + 9 * (unsigned)level)), ps_pte_pa(pte));
    else
        fprintf(out, "next table at 0x%" PRIx64 "\n", ps_pte_pa(pte));
}

void mon_print_walk(struct monitor *mon, uint64_t satp, uint64_t va, FILE *out)
{
    if (!ps_satp_levels(satp)) {
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
                p->pa + p->len - 1, ps_flags_text(p->flags, flags, sizeof(flags)),
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
    if (!ps_satp_levels(satp)) {
        fprintf(out, "pt: hart %u has no page table (satp 0x%" PRIx64 " is Bare): give ROOT\n",
                mon_hart(mon), satp);
        return false;
    }
    struct pt_print p = { .out = out };
    struct ps_walk_stats w;
    fprintf(out, "page table satp 0x%" PRIx64 " (", satp);
    describe_satp(mon, satp, out);
    fputs("):\n", out);
    ps_walk_table(mon->m, satp, pt_leaf, &p, &w);
    run_flush(&p);
    if (p.lines > PT_MAX_LINES)
        fprintf(out, "  ... %u more lines not shown\n", p.lines - PT_MAX_LINES);
    fprintf(out, "%u leaves in %u lines, %u tables", p.leaves, p.lines, w.tables);
    if (w.skipped)
        fprintf(out, ", %u malformed entries skipped", w.skipped);
    fputs(w.truncated ? ", stopped at the table limit\n" : "\n", out);
    return false;
}

/* ---- page, pagemap ---- */

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
    if (!mon->m->pages) {
        fputs("page: no page states are kept in this run\n", out);
        return false;
    }
    pagestate_describe(mon->m->pages, pa, out);
    return false;
}

bool mon_cmd_pagemap(struct monitor *mon, int argc, char **argv, FILE *out,
                     struct dbg_resume *r)
{
    (void)argc, (void)r;
    char err[512];
    if (!mon->m->pages) {
        fputs("pagemap: no page states are kept in this run\n", out);
        return false;
    }
    if (pagemap_write_png(mon->m->pages, argv[1], err, sizeof(err)) != 0) {
        fprintf(out, "pagemap: %s\n", err);
        return false;
    }
    fprintf(out, "pagemap: wrote %s (%" PRIu64 " pages)\n", argv[1], mon->m->pages->npages);
    return false;
}
