/*
 * trace.c - the trace core: a history ring and a list of sinks.
 */
#include "trace.h"

#include <string.h>

void trace_init(struct trace *t)
{
    memset(t, 0, sizeof(*t));
}

int trace_add_sink(struct trace *t, uint32_t mask, struct trace_sink s)
{
    if (t->nsinks == TRACE_MAX_SINKS)
        return -1;
    t->sinks[t->nsinks] = s;
    t->sink_mask[t->nsinks] = mask;
    t->nsinks++;
    t->mask |= mask;
    return 0;
}

void trace_emit(struct trace *t, const struct trace_rec *r)
{
    t->ring[t->count % TRACE_RING] = *r;
    t->count++;
    for (unsigned k = 0; k < t->nsinks; k++)
        if ((t->sink_mask[k] >> r->kind) & 1)
            t->sinks[k].event(t->sinks[k].ctx, r);
}

void trace_finish(struct trace *t)
{
    for (unsigned k = 0; k < t->nsinks; k++) {
        if (t->sinks[k].finish)
            t->sinks[k].finish(t->sinks[k].ctx);
        t->sinks[k].finish = NULL;
    }
}

const struct trace_rec *trace_recent(const struct trace *t, uint64_t n)
{
    if (n >= t->count || n >= TRACE_RING)
        return NULL;
    return &t->ring[(t->count - 1 - n) % TRACE_RING];
}

const char *trace_kind_name(unsigned kind)
{
    static const char *const names[TR_NKINDS] = {
        [TR_TRAP] = "trap", [TR_PAGE_FAULT] = "page-fault", [TR_SATP] = "satp",
        [TR_SFENCE] = "sfence.vma", [TR_KERNEL] = "kernel", [TR_COW_INFER] = "cow-inferred",
        [TR_CHECK] = "check",
    };
    return kind < TR_NKINDS ? names[kind] : "unknown";
}

const char *trace_priv_name(unsigned priv)
{
    switch (priv) {
    case 0: return "U";
    case 1: return "S";
    case 3: return "M";
    default: return "?";
    }
}
