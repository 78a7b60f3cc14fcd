/*
 * fuzz_common.h - what the libFuzzer harnesses share: a bus with RAM and
 * the machine's decoded-code hook, a hart on it, and a way to hand the
 * input to code that reads files.
 */
#define _GNU_SOURCE /* memfd_create */
#ifndef TESTS_FUZZ_COMMON_H
#define TESTS_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "bus.h"
#include "dcache.h"
#include "hart.h"
#include "timebase.h"

/* A broken invariant is a crash for libFuzzer: report and abort. */
#define FUZZ_ASSERT(cond, ...)                                    \
    do {                                                          \
        if (!(cond)) {                                            \
            fprintf(stderr, "invariant broken: " __VA_ARGS__);    \
            fputc('\n', stderr);                                  \
            abort();                                              \
        }                                                         \
    } while (0)

struct fuzz_cpu {
    struct bus *bus;
    struct dcache *dc;
    struct timebase tb;
    struct hart h;
};

static inline void fuzz_ram_written(void *ctx, uint64_t pa, uint64_t len)
{
    struct fuzz_cpu *c = ctx;
    (void)len;
    if (bus_page_flags(c->bus, pa) & PGF_CODE)
        dcache_invalidate(c->dc, pa);
}

static inline void fuzz_flags_changed(void *ctx, uint64_t pa_page)
{
    struct fuzz_cpu *c = ctx;
    for (unsigned e = 0; e < TLB_SIZE; e++)
        if (c->h.tlb.wm[e].pa == pa_page)
            c->h.tlb.w[e].tag = TLB_INVALID_TAG;
}

static inline struct fuzz_cpu *fuzz_cpu_new(uint64_t ram_base, uint64_t ram_size)
{
    struct fuzz_cpu *c = calloc(1, sizeof(*c));
    if (!c || !(c->bus = bus_new(ram_base, ram_size)) || !(c->dc = dcache_new(c->bus)))
        abort();
    c->bus->ram_written = fuzz_ram_written;
    c->bus->ram_written_ctx = c;
    c->bus->flags_changed = fuzz_flags_changed;
    c->bus->flags_changed_ctx = c;
    return c;
}

/* The input as a file (for loaders that take a path): an in-memory file
 * reached through /proc/self/fd. Returns the path, valid until the next
 * call. */
static inline const char *fuzz_as_file(const uint8_t *data, size_t size)
{
    static int fd = -1;
    static char path[64];
    if (fd < 0) {
        fd = memfd_create("fuzz-input", 0);
        if (fd < 0)
            abort();
        snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
    }
    if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
        abort();
    return path;
}

#endif
