/*
 * tracedev.h - rvemu's guest trace device ("rvemu,trace"): an MMIO page
 * through which a kernel that knows it reports its own view of memory
 * (pages allocated, references taken and dropped, copy-on-write copies,
 * processes and their page-table roots). docs/trace-device.md is the
 * register protocol; this is the emulator's side of it.
 */
#ifndef RVEMU_TRACEDEV_H
#define RVEMU_TRACEDEV_H

#include <stdint.h>

#include "bus.h"

#define TRACEDEV_SIZE     0x1000
#define TRACEDEV_MAGIC    0x52545652u   /* "RVTR" read as a little-endian word */
#define TRACEDEV_VERSION  1
#define TRACEDEV_NBANKS   8             /* one per hart: no lock in the guest */

/* Register offsets. */
#define TRACEDEV_REG_MAGIC    0x000
#define TRACEDEV_REG_VERSION  0x004
#define TRACEDEV_REG_NBANKS   0x008
#define TRACEDEV_BANK_BASE    0x100
#define TRACEDEV_BANK_SIZE    0x040
#define TRACEDEV_BANK_ARG(n)  (8 * (n))  /* ARG0..ARG3, 64-bit            */
#define TRACEDEV_BANK_EVENT   0x020      /* 32-bit: writing it records one */

/* Event codes the kernel writes to EVENT (docs/trace-device.md). */
enum tracedev_event {
    TEV_PAGE_ALLOC = 1,   /* pa, kind (0 data, 1 page table)          */
    TEV_REF_INC = 2,      /* pa, new count                            */
    TEV_REF_DEC = 3,      /* pa, new count                            */
    TEV_PAGE_FREE = 4,    /* pa                                       */
    TEV_COW_COPY = 5,     /* pid, va, old pa, new pa                  */
    TEV_COW_RECLAIM = 6,  /* pid, va, pa                              */
    TEV_KILL_RO_WRITE = 7,/* pid, va, pa (0 = unmapped)               */
    TEV_PROC_CREATE = 8,  /* pid, root pa, parent pid                 */
    TEV_PROC_EXIT = 9,    /* pid, root pa, exit status                */
    TEV_PROC_EXEC = 10,   /* pid, new root pa, name bytes 0-7, 8-15   */
    TEV_COW_SHARE = 11,   /* parent pid, child pid, va, pa            */
    TEV_MAX
};

/* Called once per EVENT write, in guest order, with the bank's arguments. */
typedef void (*tracedev_sink)(void *ctx, unsigned bank, uint32_t code, const uint64_t args[4]);

struct tracedev;

struct tracedev *tracedev_new(tracedev_sink sink, void *ctx);
void tracedev_free(struct tracedev *t);
void tracedev_reset(struct tracedev *t);
const struct dev_ops *tracedev_ops(void);

/* The event's name ("alloc", "ref+", ...), or NULL for an unknown code. */
const char *tracedev_event_name(uint32_t code);

#endif
