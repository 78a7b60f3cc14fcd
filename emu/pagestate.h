/*
 * pagestate.h - what the trace knows about every physical page of guest
 * RAM: the guest kernel's own reference count (alloc/ref+/ref-/free
 * events of the trace device), whether it holds a page table, and, from
 * the page tables the kernel announced (proc-create, proc-exec), which
 * user address spaces map it.
 *
 * One model, three readers: the monitor's `page` command, the window's
 * page map (ui/window_sdl.c) and the PNG export (pagemap.c). It is a
 * trace sink registered by the machine whenever one of them may look
 * (the debugger, a window, --pagemap-png), from before the first
 * instruction, so counts are complete. Nothing here knows SDL.
 *
 * Page tables are read from RAM as they are when asked; the counts are
 * the kernel's as of the last event.
 */
#ifndef RVEMU_PAGESTATE_H
#define RVEMU_PAGESTATE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "trace.h"

struct machine;

/* What the kernel's events say about one page. */
enum ps_state {
    PS_UNSEEN = 0,       /* no alloc/ref/free event since the start        */
    PS_LIVE,             /* allocated; count is the kernel's own            */
    PS_FREE,             /* back on the free list                           */
};

/* Flash bits: something happened to the page since the window last looked. */
#define PS_FLASH_FAULT 1u    /* a page fault's walk reached this page        */
#define PS_FLASH_COPY  2u    /* a copy-on-write copy read or wrote it        */

struct ps_page {
    uint32_t count;          /* the count of the last ref+/ref- (alloc: 1)  */
    uint8_t  state;          /* enum ps_state                               */
    uint8_t  page_table;     /* allocated as a page-table page              */
    uint8_t  last_event;     /* TEV_* code that set count                   */
    uint8_t  flash;          /* PS_FLASH_* since the last take              */
};

/* How the page map colours a page: a function of ps_page and of the
 * user mappings, in this order of precedence (pagestate_classify). */
enum ps_class {
    PS_CLASS_UNSEEN = 0,     /* never reported: the kernel image, or free since boot */
    PS_CLASS_FREE,           /* freed by the kernel                          */
    PS_CLASS_KERNEL,         /* allocated, no user mapping (kernel stacks, pipes, trapframes) */
    PS_CLASS_USER,           /* count 1, mapped by a user address space      */
    PS_CLASS_SHARED,         /* count 2 or more: shared copy-on-write        */
    PS_CLASS_PAGETABLE,      /* allocated as a page table                    */
    PS_NCLASSES
};

/* One page as a picture needs it (a snapshot: the caller's copy). */
struct ps_cell {
    uint8_t cls;             /* enum ps_class                                */
    uint8_t count;           /* the kernel's count, 255 for 255 or more      */
    uint8_t flash;           /* PS_FLASH_* taken with this snapshot          */
    uint8_t user_maps;       /* user (U) leaf mappings found, 255 or more    */
};

struct pagestate {
    struct machine *m;
    uint64_t base, npages;   /* RAM: one entry per 4 KiB page               */
    struct ps_page *pages;
    uint64_t events;         /* page events applied so far (changes)         */
    uint8_t *umaps;          /* scratch for the user-mapping census          */
};

/* The model for m's RAM, registered as a sink on m->trace (call while
 * the sinks are set up, before the harts are). NULL when out of memory
 * or out of sink slots. */
struct pagestate *pagestate_new(struct machine *m);
void pagestate_free(struct pagestate *ps);

/* The sink itself (tests feed it records directly). */
void pagestate_event(void *ctx, const struct trace_rec *r);

/* The entry for the page holding pa, or NULL outside RAM. */
const struct ps_page *pagestate_page(const struct pagestate *ps, uint64_t pa);

/* Every page's class into cells[npages]; take_flashes also hands over
 * (and clears) the flash bits. Walks every announced page table once. */
void pagestate_snapshot(struct pagestate *ps, struct ps_cell *cells, bool take_flashes);

/* The class of one page given its user mapping count. */
enum ps_class pagestate_classify(const struct ps_page *p, unsigned user_maps);
const char *pagestate_class_name(enum ps_class c);

/* ---- page tables (shared with the monitor's walk and pt) ---- */

/* Levels satp selects: 3 (Sv39), 4 (Sv48), 0 (Bare or unknown). */
int ps_satp_levels(uint64_t satp);
uint64_t ps_satp_root(uint64_t satp);
uint64_t ps_pte_pa(uint64_t pte);
bool ps_pte_leaf(uint64_t pte);
/* "VR-XU-AD COW": the eight flags in the spec's order, then RSW. */
const char *ps_flags_text(uint64_t pte, char *buf, size_t size);

typedef bool (*ps_leaf_fn)(void *ctx, uint64_t va, uint64_t pa, uint64_t size, uint64_t pte);

struct ps_walk_stats {
    unsigned tables;         /* tables read                                  */
    unsigned skipped;        /* malformed entries, tables outside RAM        */
    bool     truncated;      /* the table bound was reached                  */
};

/* Every valid leaf of the table satp selects, in address order, until fn
 * returns false; malformed entries are skipped and counted. */
void ps_walk_table(struct machine *m, uint64_t satp, ps_leaf_fn fn, void *ctx,
                   struct ps_walk_stats *st);

/* ---- one page, in words (the monitor's `page`, the window's info) ---- */

struct ps_mapping {
    uint64_t pid, va, pte;
};

/* Leaf mappings of pa in every address space the kernel announced,
 * sorted by pid and va; at most max are stored, the total is returned. */
unsigned pagestate_mappings(struct pagestate *ps, uint64_t pa, struct ps_mapping *out,
                            unsigned max);

/* The newest trace records about the page at pa (newest first), at most
 * max; their count. */
unsigned pagestate_events(const struct pagestate *ps, uint64_t pa, const struct trace_rec **out,
                          unsigned max);

/* The monitor's `page PA` text: count, mappings, last events. */
void pagestate_describe(struct pagestate *ps, uint64_t pa, FILE *out);

#endif
