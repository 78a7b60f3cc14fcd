/*
 * trace_sources.c - turning what the harts and the guest trace device do
 * into trace records.
 *
 * A page fault arrives in two steps: the MMU's fault hook hands over the
 * walk record of the failed translation, then the trap hook says the trap
 * was taken. The walk is kept per hart in between and joined to the trap
 * into one TR_PAGE_FAULT record (followed by the TR_TRAP record itself).
 */
#include "trace_sources.h"

#include <string.h>

#include "machine.h"
#include "tracedev.h"

uint64_t machine_now(const struct machine *m)
{
    uint64_t n = m->total_insns;
    if (m->tb.cur_instret)
        n += *m->tb.cur_instret - m->tb.cur_slice_start;
    return n;
}

const struct hart *machine_current_hart(const struct machine *m)
{
    for (unsigned k = 0; m->tb.cur_instret && k < m->nharts; k++)
        if (&m->harts[k].instret == m->tb.cur_instret)
            return &m->harts[k];
    return NULL;
}

void trace_stamp(const struct machine *m, const struct hart *h, struct trace_rec *r,
                 unsigned kind)
{
    memset(r, 0, sizeof(*r));
    r->insn = machine_now(m);
    r->hart_insn = h ? h->instret : 0;
    r->hart = h ? (uint8_t)h->mhartid : 0;
    r->kind = (uint16_t)kind;
}

/* ---- which address space belongs to which process ---- */

static uint64_t root_of(uint64_t satp)
{
    return (satp & ((1ULL << 44) - 1)) << 12;
}

uint64_t trace_pid_of_satp(const struct machine *m, uint64_t satp)
{
    uint64_t root = root_of(satp);
    for (unsigned k = 0; k < m->trace_nroots; k++)
        if (m->trace_roots[k].root == root)
            return m->trace_roots[k].pid;
    return ~(uint64_t)0;
}

static void set_root(struct machine *m, uint64_t root, uint64_t pid)
{
    for (unsigned k = 0; k < m->trace_nroots; k++) {
        if (m->trace_roots[k].root == root) {
            m->trace_roots[k].pid = pid;
            return;
        }
    }
    if (m->trace_nroots < MACHINE_TRACE_ROOTS)
        m->trace_roots[m->trace_nroots++] = (struct trace_root){ root, pid };
}

static void drop_root(struct machine *m, uint64_t root)
{
    for (unsigned k = 0; k < m->trace_nroots; k++) {
        if (m->trace_roots[k].root == root) {
            m->trace_roots[k] = m->trace_roots[--m->trace_nroots];
            return;
        }
    }
}

/* ---- hooks ---- */

static void on_fault(struct hart *h, uint64_t va, int access, enum exc e,
                     const struct walk_record *rec)
{
    struct machine *m = h->fault_hook_ctx;
    (void)va;
    (void)access;
    (void)e;
    unsigned k = (unsigned)h->mhartid;
    if (k < MACHINE_MAX_HARTS && rec) {
        m->trace_walk[k] = *rec;
        m->trace_walk_valid[k] = true;
    }
}

static bool is_page_fault(uint64_t cause)
{
    return cause == 12 || cause == 13 || cause == 15;
}

static void on_trap(struct hart *h, uint64_t cause, uint64_t tval, uint64_t epc,
                    enum priv from, enum priv to)
{
    struct machine *m = h->trap_hook_ctx;
    struct trace *t = &m->trace;
    unsigned k = (unsigned)h->mhartid;
    bool have_walk = k < MACHINE_MAX_HARTS && m->trace_walk_valid[k] &&
                     m->trace_walk[k].va == tval;
    if (k < MACHINE_MAX_HARTS)
        m->trace_walk_valid[k] = false;
    struct trace_rec r;
    if (is_page_fault(cause) && trace_wants(t, TR_PAGE_FAULT)) {
        trace_stamp(m, h, &r, TR_PAGE_FAULT);
        r.a[0] = cause;
        r.a[1] = tval;
        r.a[2] = epc;
        r.a[3] = from;
        r.a[4] = h->satp;
        r.a[5] = trace_pid_of_satp(m, h->satp);
        if (have_walk) {
            const struct walk_record *w = &m->trace_walk[k];
            r.nwalk = (uint8_t)(w->levels < TRACE_WALK_MAX ? w->levels : TRACE_WALK_MAX);
            for (unsigned l = 0; l < r.nwalk; l++) {
                r.walk[l].addr = w->level[l].pte_addr;
                r.walk[l].pte = w->level[l].pte;
            }
            r.walk_stop = (uint8_t)w->stop;
        }
        trace_emit(t, &r);
    }
    if (trace_wants(t, TR_TRAP)) {
        trace_stamp(m, h, &r, TR_TRAP);
        r.a[0] = cause;
        r.a[1] = tval;
        r.a[2] = epc;
        r.a[3] = from;
        r.a[4] = to;
        r.a[5] = h->satp;
        trace_emit(t, &r);
    }
}

static void on_mmu(struct hart *h, int what, uint64_t a, uint64_t b)
{
    struct machine *m = h->mmu_hook_ctx;
    unsigned kind = what == HART_MMU_SATP ? TR_SATP : TR_SFENCE;
    if (!trace_wants(&m->trace, kind))
        return;
    struct trace_rec r;
    trace_stamp(m, h, &r, kind);
    r.a[0] = a;
    r.a[1] = b;
    r.a[2] = h->pc;
    r.a[5] = trace_pid_of_satp(m, kind == TR_SATP ? a : h->satp);
    trace_emit(&m->trace, &r);
}

void trace_kernel_event(void *machine, unsigned bank, uint32_t code, const uint64_t args[4])
{
    struct machine *m = machine;
    /* The announcements of page-table roots are needed by every consumer
     * (filters by pid, the checker), so they are tracked even when no
     * sink shows kernel events. */
    if (code == TEV_PROC_CREATE || code == TEV_PROC_EXEC)
        set_root(m, args[1], args[0]);
    if (!trace_wants(&m->trace, TR_KERNEL)) {
        if (code == TEV_PROC_EXIT)
            drop_root(m, args[1]);
        return;
    }
    const struct hart *h = machine_current_hart(m);
    if (!h && bank < m->nharts)
        h = &m->harts[bank];
    struct trace_rec r;
    trace_stamp(m, h, &r, TR_KERNEL);
    r.sub = (uint16_t)code;
    memcpy(r.a, args, 4 * sizeof(uint64_t));
    r.a[5] = bank;
    trace_emit(&m->trace, &r);
    if (code == TEV_PROC_EXIT)
        drop_root(m, args[1]);
}

void trace_sources_attach(struct machine *m)
{
    struct trace *t = &m->trace;
    for (unsigned k = 0; k < m->nharts; k++) {
        struct hart *h = &m->harts[k];
        if (t->mask & (TRACE_MASK(TR_TRAP) | TRACE_MASK(TR_PAGE_FAULT))) {
            h->trap_hook = on_trap;
            h->trap_hook_ctx = m;
        }
        if (t->mask & TRACE_MASK(TR_PAGE_FAULT)) {
            h->fault_hook = on_fault;
            h->fault_hook_ctx = m;
        }
        if (t->mask & (TRACE_MASK(TR_SATP) | TRACE_MASK(TR_SFENCE))) {
            h->mmu_hook = on_mmu;
            h->mmu_hook_ctx = m;
        }
    }
}
