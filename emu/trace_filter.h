/*
 * trace_filter.h - which records a sink shows: --trace=KINDS names and
 * the --trace-pid/--trace-va/--trace-pa filters, and the fields of a
 * record those filters look at.
 */
#ifndef RVEMU_TRACE_FILTER_H
#define RVEMU_TRACE_FILTER_H

#include <stdbool.h>
#include <stdint.h>

#include "trace.h"

struct trace_filter {
    uint32_t kinds;          /* TRACE_MASK(TR_*)                        */
    uint32_t kernel_events;  /* bit n: trace-device event code n        */
    bool     insn;           /* --trace=insn (not a record kind)        */
    bool     has_pid, has_va, has_pa;
    uint64_t pid;
    uint64_t va_lo, va_hi, pa_lo, pa_hi;  /* inclusive */
};

/* Add the comma-separated names of KINDS to f. -1 with the bad name
 * copied into bad (size badlen) when a name is unknown. */
int trace_filter_parse_kinds(struct trace_filter *f, const char *kinds, char *bad, size_t badlen);
/* "LO-HI" (hex or decimal) into lo/hi. -1 if malformed. */
int trace_filter_parse_range(const char *s, uint64_t *lo, uint64_t *hi);
/* Does record r pass f? */
bool trace_filter_match(const struct trace_filter *f, const struct trace_rec *r);

/* The process, virtual and physical address a record is about, if any. */
bool trace_rec_pid(const struct trace_rec *r, uint64_t *pid);
bool trace_rec_va(const struct trace_rec *r, uint64_t *va);
bool trace_rec_pa(const struct trace_rec *r, uint64_t *pa);

/* Help text for the names. */
#define TRACE_KINDS_HELP "pf,trap,mmu,ref,cow,proc,kernel,check,insn,all"

#endif
