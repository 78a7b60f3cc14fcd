/*
 * trace_filter.c - selecting records by kind, process and address.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace_filter.h"
#include "tracedev.h"

#define EV(n) (1u << (n))
#define REF_EVENTS (EV(TEV_PAGE_ALLOC) | EV(TEV_REF_INC) | EV(TEV_REF_DEC) | EV(TEV_PAGE_FREE))
#define COW_EVENTS (EV(TEV_COW_COPY) | EV(TEV_COW_RECLAIM) | EV(TEV_KILL_RO_WRITE) | \
                    EV(TEV_COW_SHARE))
#define PROC_EVENTS (EV(TEV_PROC_CREATE) | EV(TEV_PROC_EXIT) | EV(TEV_PROC_EXEC))

static const struct {
    const char *name;
    uint32_t kinds, kernel_events;
} names[] = {
    { "pf", TRACE_MASK(TR_PAGE_FAULT), 0 },
    { "trap", TRACE_MASK(TR_TRAP), 0 },
    { "mmu", TRACE_MASK(TR_SATP) | TRACE_MASK(TR_SFENCE) | TRACE_MASK(TR_PAGE_FAULT), 0 },
    { "ref", TRACE_MASK(TR_KERNEL), REF_EVENTS },
    { "cow", TRACE_MASK(TR_KERNEL) | TRACE_MASK(TR_COW_INFER), COW_EVENTS },
    { "proc", TRACE_MASK(TR_KERNEL), PROC_EVENTS },
    { "kernel", TRACE_MASK(TR_KERNEL), ~0u },
    { "check", TRACE_MASK(TR_CHECK), 0 },
    { "all", ~0u & ((1u << TR_NKINDS) - 1), ~0u },
};

int trace_filter_parse_kinds(struct trace_filter *f, const char *kinds, char *bad, size_t badlen)
{
    char buf[256];
    snprintf(buf, sizeof(buf), "%s", kinds);
    for (char *save = NULL, *k = strtok_r(buf, ",", &save); k; k = strtok_r(NULL, ",", &save)) {
        bool known = false;
        if (!strcmp(k, "insn")) {
            f->insn = known = true;
        }
        for (size_t n = 0; n < sizeof(names) / sizeof(names[0]); n++) {
            if (!strcmp(k, names[n].name)) {
                f->kinds |= names[n].kinds;
                f->kernel_events |= names[n].kernel_events;
                known = true;
            }
        }
        if (!known) {
            snprintf(bad, badlen, "%s", k);
            return -1;
        }
    }
    return 0;
}

int trace_filter_parse_range(const char *s, uint64_t *lo, uint64_t *hi)
{
    char *end;
    errno = 0;
    unsigned long long a = strtoull(s, &end, 0);
    if (errno || end == s || *end != '-' || *s == '-')
        return -1;
    const char *t = end + 1;
    unsigned long long b = strtoull(t, &end, 0);
    if (errno || end == t || *end || *t == '-' || b < a)
        return -1;
    *lo = a;
    *hi = b;
    return 0;
}

bool trace_rec_pid(const struct trace_rec *r, uint64_t *pid)
{
    switch (r->kind) {
    case TR_KERNEL:
        switch (r->sub) {
        case TEV_COW_COPY: case TEV_COW_RECLAIM: case TEV_KILL_RO_WRITE:
        case TEV_PROC_CREATE: case TEV_PROC_EXIT: case TEV_PROC_EXEC:
            *pid = r->a[0];
            return true;
        default:
            return false;
        }
    case TR_PAGE_FAULT:
    case TR_COW_INFER:
    case TR_CHECK:
        /* the sources fill in the pid of the faulting address space
         * when the kernel announced it; ~0 = unknown */
        *pid = r->kind == TR_CHECK ? r->a[1] : r->a[5];
        return *pid != ~(uint64_t)0;
    default:
        return false;
    }
}

bool trace_rec_va(const struct trace_rec *r, uint64_t *va)
{
    switch (r->kind) {
    case TR_PAGE_FAULT: *va = r->a[1]; return true;
    case TR_COW_INFER:  *va = r->a[0]; return true;
    case TR_CHECK:      *va = r->a[2]; return true;
    case TR_KERNEL:
        switch (r->sub) {
        case TEV_COW_COPY: case TEV_COW_RECLAIM: case TEV_KILL_RO_WRITE:
            *va = r->a[1];
            return true;
        case TEV_COW_SHARE:
            *va = r->a[2];
            return true;
        default:
            return false;
        }
    default:
        return false;
    }
}

bool trace_rec_pa(const struct trace_rec *r, uint64_t *pa)
{
    switch (r->kind) {
    case TR_CHECK:     *pa = r->a[0]; return true;
    case TR_COW_INFER: *pa = r->a[1]; return true;
    case TR_KERNEL:
        switch (r->sub) {
        case TEV_PAGE_ALLOC: case TEV_REF_INC: case TEV_REF_DEC: case TEV_PAGE_FREE:
            *pa = r->a[0];
            return true;
        case TEV_COW_COPY: case TEV_COW_RECLAIM: case TEV_KILL_RO_WRITE:
            *pa = r->a[2];
            return true;
        case TEV_COW_SHARE:
            *pa = r->a[3];
            return true;
        default:
            return false;
        }
    default:
        return false;
    }
}

/* A COW copy concerns both its pages. */
static bool pa_in(const struct trace_filter *f, const struct trace_rec *r)
{
    uint64_t pa;
    if (r->kind == TR_KERNEL && r->sub == TEV_COW_COPY &&
        r->a[3] >= f->pa_lo && r->a[3] <= f->pa_hi)
        return true;
    if (r->kind == TR_COW_INFER && r->a[2] >= f->pa_lo && r->a[2] <= f->pa_hi)
        return true;
    return trace_rec_pa(r, &pa) && pa >= f->pa_lo && pa <= f->pa_hi;
}

bool trace_filter_match(const struct trace_filter *f, const struct trace_rec *r)
{
    if (!((f->kinds >> r->kind) & 1))
        return false;
    if (r->kind == TR_KERNEL && !(r->sub < 32 && ((f->kernel_events >> r->sub) & 1)) &&
        !(r->sub >= 32 && f->kernel_events == ~0u))
        return false;
    uint64_t v;
    if (f->has_pid && (!trace_rec_pid(r, &v) || v != f->pid) &&
        !(r->kind == TR_KERNEL && r->sub == TEV_COW_SHARE && (r->a[0] == f->pid || r->a[1] == f->pid)))
        return false;
    if (f->has_va && (!trace_rec_va(r, &v) || v < f->va_lo || v > f->va_hi))
        return false;
    if (f->has_pa && !pa_in(f, r))
        return false;
    return true;
}
