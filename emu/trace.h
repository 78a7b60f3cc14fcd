/*
 * trace.h - the trace core: one ordered stream of fixed-size records,
 * each stamped with the machine's retired-instruction count and the hart.
 *
 * Producers (the hart's trap and fault hooks, satp writes and sfence.vma,
 * the guest trace device, the copy-on-write inference) fill a record and
 * call trace_emit; the core keeps the last TRACE_RING records (the
 * monitor's and the checker's history) and hands every record to the
 * sinks registered on it (text, JSON Lines, Perfetto, summary, checker).
 * The core knows none of them: information flows one way.
 *
 * With tracing off a site costs one predictable branch: trace_wants().
 */
#ifndef RVEMU_TRACE_H
#define RVEMU_TRACE_H

#include <stdbool.h>
#include <stdint.h>

enum trace_kind {
    TR_TRAP = 0,        /* a: cause, tval, epc, priv from, priv to, satp        */
    TR_PAGE_FAULT = 1,  /* a: cause, va, epc, priv, satp; walk[] filled         */
    TR_SATP = 2,        /* a: new satp, old satp, pc                            */
    TR_SFENCE = 3,      /* a: vaddr, asid, which (bit0: rs1!=x0, bit1: rs2!=x0), pc */
    TR_KERNEL = 4,      /* sub: the trace device's event code; a[0..3] its args */
    TR_COW_INFER = 5,   /* sub: enum cow_infer_kind; a: va, old pa, new pa, satp */
    TR_CHECK = 6,       /* sub: enum check_violation; a: pa, pid, va, pc        */
    TR_NKINDS
};

/* --trace=KINDS names: each selects a set of record kinds. */
#define TRACE_MASK(k) (1u << (k))

#define TRACE_WALK_MAX 5

struct trace_rec {
    uint64_t insn;          /* machine-wide retired instructions: the order */
    uint64_t hart_insn;     /* the hart's own instret                       */
    uint16_t kind;          /* enum trace_kind                              */
    uint16_t sub;
    uint8_t  hart;
    uint8_t  nwalk;         /* valid entries of walk[] (page faults)        */
    uint8_t  walk_stop;     /* enum walk_stop of the walk                   */
    uint8_t  pad;
    uint64_t a[6];
    struct { uint64_t addr, pte; } walk[TRACE_WALK_MAX];
};

struct trace_sink {
    void (*event)(void *ctx, const struct trace_rec *r);
    void (*finish)(void *ctx);      /* at exit: flush, summaries; may be NULL */
    void *ctx;
};

#define TRACE_MAX_SINKS 8
#define TRACE_RING 4096             /* records kept for history queries */

struct trace {
    uint32_t mask;                  /* kinds some sink wants; 0 = off        */
    struct trace_sink sinks[TRACE_MAX_SINKS];
    uint32_t sink_mask[TRACE_MAX_SINKS];
    unsigned nsinks;
    struct trace_rec ring[TRACE_RING];
    uint64_t count;                 /* records emitted so far               */
};

static inline bool trace_wants(const struct trace *t, unsigned kind)
{
    return __builtin_expect((t->mask >> kind) & 1, 0);
}

void trace_init(struct trace *t);
/* Register a sink for the kinds in mask. -1 when full. */
int trace_add_sink(struct trace *t, uint32_t mask, struct trace_sink s);
/* Record r (already stamped) and pass it to the sinks that want it. */
void trace_emit(struct trace *t, const struct trace_rec *r);
/* Call every sink's finish, once. */
void trace_finish(struct trace *t);
/* The n-th most recent record (0 = newest), or NULL past the history. */
const struct trace_rec *trace_recent(const struct trace *t, uint64_t n);

/* Names for text and JSON. */
const char *trace_kind_name(unsigned kind);
const char *trace_priv_name(unsigned priv);

#endif
