/*
 * cow_check.h - the copy-on-write checker (--check-cow): a trace sink that
 * keeps a shadow of the guest kernel's memory bookkeeping (per-page
 * reference counts from the trace device, the user mappings found in its
 * page tables) and reports the moment the two disagree.
 *
 * Each violation is one line on stderr, followed by the recent history of
 * the page, and one TR_CHECK record in the trace (sub = enum
 * check_violation; a: pa, pid, va, pc) so the other sinks show it too.
 * docs/cow-check.md describes the checks.
 */
#ifndef RVEMU_COW_CHECK_H
#define RVEMU_COW_CHECK_H

#include <stddef.h>
#include <stdint.h>

enum check_violation {
    CHECK_COUNT_BELOW_MAPPINGS = 1, /* (a) fewer references than user mappings    */
    CHECK_LEAK = 2,                 /* (b) allocated, referenced, mapped nowhere  */
    CHECK_FREED_MAPPED = 3,         /* (c) freed while a user mapping remains     */
    CHECK_MAPPED_FREED = 4,         /* (c) a user mapping made to a free page      */
    CHECK_SHARED_STORE = 5,         /* (d) a store into a copy-on-write page       */
    CHECK_RO_WRITABLE = 6,          /* (e) W or COW given to a never-writable page */
    CHECK_COUNT_NEGATIVE = 7,       /* (f) ref- of a page with no reference        */
    CHECK_COUNT_MISMATCH = 8,       /* the kernel's count is not the one counted   */
    CHECK_NKINDS
};

enum cow_check_mode {
    COW_CHECK_OFF = 0,
    COW_CHECK_REPORT,   /* --check-cow: report every violation, keep running   */
    COW_CHECK_FATAL,    /* --check-cow=fatal: stop at the first one (status 5) */
};

#define COW_CHECK_EXIT_STATUS 5

struct machine;
struct cow_check;

/* "count-below-mappings", ... for the trace's TR_CHECK records. */
const char *cow_check_violation_name(unsigned kind);

/* Register the checker on m->trace (before trace_sources_attach). -1 with
 * err on failure. */
int cow_check_attach(struct machine *m, char *err, size_t errlen);

/* A store landed in a page the checker flagged PGF_CHECK (machine.c's
 * ram_written hook). */
void cow_check_store(struct cow_check *c, uint64_t pa, uint64_t len);

/* Violations reported so far. */
uint64_t cow_check_violations(const struct cow_check *c);

#endif
