/*
 * timebase.h - the machine's mtime, shared by the CLINT, the harts' time
 * CSR and Sstc's stimecmp.
 *
 * Deterministic by default: time advances with retired instructions, so the
 * same image and input give the same run. The machine runs harts in slices;
 * `clock` counts instruction units at the start of the current slice and the
 * running hart's progress within its slice is added on read. --realtime
 * follows the host's monotonic clock instead.
 */
#ifndef RVEMU_TIMEBASE_H
#define RVEMU_TIMEBASE_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#define TIMEBASE_HZ 10000000ULL      /* QEMU virt: 10 MHz */
#define TIMEBASE_INSNS_PER_TICK 10   /* deterministic mode: 100 MIPS guest */

struct timebase {
    uint64_t clock;               /* instruction units at slice start      */
    const uint64_t *cur_instret;  /* running hart's instret, or NULL       */
    uint64_t cur_slice_start;     /* its instret when its slice began      */
    uint64_t offset;              /* added to mtime (guest writes to mtime) */
    bool     realtime;
    uint64_t realtime_origin_ns;
};

static inline uint64_t timebase_host_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/* Raw time before the guest's offset. */
static inline uint64_t timebase_raw(const struct timebase *tb)
{
    if (tb->realtime)
        return (timebase_host_ns() - tb->realtime_origin_ns) / (1000000000ULL / TIMEBASE_HZ);
    uint64_t units = tb->clock;
    if (tb->cur_instret)
        units += *tb->cur_instret - tb->cur_slice_start;
    return units / TIMEBASE_INSNS_PER_TICK;
}

static inline uint64_t timebase_mtime(const struct timebase *tb)
{
    return timebase_raw(tb) + tb->offset;
}

static inline void timebase_set_mtime(struct timebase *tb, uint64_t v)
{
    tb->offset = v - timebase_raw(tb);
}

/* Deterministic mode: jump forward so that mtime reaches target (all harts
 * idle in wfi). */
static inline void timebase_advance_to(struct timebase *tb, uint64_t target)
{
    uint64_t now = timebase_mtime(tb);
    if (!tb->realtime && target > now)
        tb->clock += (target - now) * TIMEBASE_INSNS_PER_TICK;
}

#endif
