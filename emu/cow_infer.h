/*
 * cow_infer.h - copy-on-write seen from the page tables alone, for kernels
 * that announce nothing on the trace device (an unmodified xv6 lab kernel).
 *
 * After a store page fault on a present, user, read-only leaf, the leaf
 * PTE's physical address is watched (PGF_PTE_WATCH: stores to that page
 * take the bus's slow path). When the kernel rewrites the PTE into a
 * writable user leaf, a TR_COW_INFER record says how the fault was
 * resolved: COW_INFER_RESOLVED when the page changed (a copy), or
 * COW_INFER_WRITABLE when only W was added (the last sharer reclaimed it).
 *
 * It also counts the user mappings of a physical page over the page-table
 * roots the harts have loaded into satp, for the checker and the monitor.
 */
#ifndef RVEMU_COW_INFER_H
#define RVEMU_COW_INFER_H

#include <stdint.h>

struct machine;
struct cow_infer;

enum cow_infer_kind {
    COW_INFER_RESOLVED = 0,   /* "cow-resolved": new PPN, writable         */
    COW_INFER_WRITABLE = 1,   /* "made-writable": same PPN, W added        */
};

/* Register the inference on m->trace and set m->cow_infer. It consumes
 * page faults, traps and satp writes, and stays silent once the kernel
 * has written the trace device (the kernel's own account is better).
 * 0, or -1 when out of memory or sinks. Freed at trace_finish. */
int cow_infer_attach(struct machine *m);

/* The machine's ram_written hook for pages flagged PGF_PTE_WATCH. */
void cow_infer_written(struct cow_infer *ci, uint64_t pa, uint64_t len);

/* How many user leaf PTEs map the 4 KiB page at pa, over every page-table
 * root loaded into satp so far (minus the roots of exited processes the
 * kernel announced). A root freed without announcement may be counted
 * with whatever its page now holds: the count is a hint, not proof. */
unsigned cow_infer_mappings(const struct cow_infer *ci, uint64_t pa);

#endif
