/*
 * bus.h - the physical address space: RAM plus device ranges.
 *
 * Everything below the hart and the MMU: the page walk reads PTEs through
 * here, devices plug in with bus_map(), DMA goes through bus_ram_ptr().
 * RAM accesses normally bypass the bus entirely through the TLB's host
 * pointer; a per-page flag byte lets the emulator force the slow path for
 * pages it must watch (decoded code, LR reservations, HTIF's tohost).
 */
#ifndef RVEMU_BUS_H
#define RVEMU_BUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A device's view of the bus. Offsets are relative to the mapped base.
 * read/write return false for an access the device does not support
 * (bad size or offset); the bus turns that into an access fault. */
struct dev_ops {
    const char *name;
    bool (*read)(void *dev, uint64_t off, unsigned size, uint64_t *val);
    bool (*write)(void *dev, uint64_t off, uint64_t val, unsigned size);
};

struct bus_region {
    uint64_t base;
    uint64_t len;
    const struct dev_ops *ops;
    void *dev;
};

/* Per-RAM-page flags. Any flag set keeps stores to the page off the TLB
 * fast path so that bus_ram_written() sees them. */
enum page_flag {
    PGF_CODE  = 1 << 0,  /* decoded instructions cached for this page   */
    PGF_RESV  = 1 << 1,  /* some hart holds an LR reservation here       */
    PGF_WATCH = 1 << 2,  /* emulator watches stores (tohost, debugger)   */
    PGF_READ_WATCH = 1 << 3, /* loads take the slow path too             */
    PGF_PTE_WATCH = 1 << 4,  /* a faulting PTE is watched (cow_infer.c)  */
    PGF_CHECK = 1 << 5,  /* the COW checker watches stores (cow_check.c) */
    PGF_PT    = 1 << 6,  /* a cached translation was walked through this
                          * page: a store to it advances pt_gen (tlb.h) */
};

#define BUS_MAX_REGIONS 32

struct bus {
    uint8_t  *ram;           /* host memory backing guest RAM          */
    uint64_t  ram_base;      /* guest physical address of ram[0]       */
    uint64_t  ram_size;
    uint8_t  *page_flags;    /* one byte per RAM page: enum page_flag  */

    struct bus_region regions[BUS_MAX_REGIONS]; /* sorted by base      */
    unsigned  nregions;
    unsigned  last_hit;      /* index of the last region found         */

    /* Stores to PGF_PT pages so far: TLB sets remember the value they
     * were emptied at, and sfence.vma keeps sets it has not moved past
     * (tlb.h). bus_ram_written advances it and clears the page's flag. */
    uint64_t  pt_gen;

    /* Called after a store lands in a RAM page whose flags are set (other
     * than PGF_READ_WATCH and PGF_PT). Set by the machine; may be NULL. */
    void (*ram_written)(void *ctx, uint64_t pa, uint64_t len);
    void  *ram_written_ctx;

    /* Called when page flags change so that TLBs drop fast-path entries
     * for the page (all harts). Set by the machine; may be NULL. */
    void (*flags_changed)(void *ctx, uint64_t pa);
    void  *flags_changed_ctx;
};

/* Create a bus with ram_size bytes of zeroed RAM at ram_base. The RAM is
 * mapped lazily by the host (untouched pages cost nothing). NULL on OOM. */
struct bus *bus_new(uint64_t ram_base, uint64_t ram_size);
void bus_free(struct bus *b);

/* Map a device at [base, base+len). Returns 0, or -1 if it overlaps RAM or
 * another device or the table is full (a configuration bug). */
int bus_map(struct bus *b, uint64_t base, uint64_t len,
            const struct dev_ops *ops, void *dev);

/* Physical reads and writes of 1, 2, 4 or 8 bytes, any alignment within
 * RAM; devices get naturally aligned accesses only. Return false when the
 * address hits nothing or the device refuses (an access fault). */
bool bus_read(struct bus *b, uint64_t pa, unsigned size, uint64_t *val);
bool bus_write(struct bus *b, uint64_t pa, uint64_t val, unsigned size);

static inline bool bus_in_ram(const struct bus *b, uint64_t pa, uint64_t len)
{
    return pa >= b->ram_base && len <= b->ram_size &&
           pa - b->ram_base <= b->ram_size - len;
}

/* Host pointer to [pa, pa+len) if it lies wholly in RAM, else NULL.
 * Used for DMA and loading; a writer must call bus_ram_written() after. */
static inline uint8_t *bus_ram_ptr(struct bus *b, uint64_t pa, uint64_t len)
{
    return bus_in_ram(b, pa, len) ? b->ram + (pa - b->ram_base) : NULL;
}

static inline uint8_t bus_page_flags(const struct bus *b, uint64_t pa)
{
    return b->page_flags[(pa - b->ram_base) >> 12];
}

/* The flags of pa's page, or 0 when pa is not in RAM. */
static inline uint8_t bus_page_flags_or0(const struct bus *b, uint64_t pa)
{
    return bus_in_ram(b, pa, 1) ? bus_page_flags(b, pa) : 0;
}

/* Report that [pa, pa+len) of RAM was written behind the TLB's back (DMA,
 * loader, debugger) so that watchers of flagged pages see it. */
void bus_ram_written(struct bus *b, uint64_t pa, uint64_t len);

/* The page walk's own A/D update of the PTE at pa: bus_write, except that
 * it does not count as a page-table store for pt_gen. Setting A or D
 * leaves every cached translation what a new walk would give (entries
 * are made only once A, and for stores D, is set). */
bool bus_write_pte_ad(struct bus *b, uint64_t pa, uint64_t val);

void bus_set_page_flag(struct bus *b, uint64_t pa, uint8_t flag);
void bus_clear_page_flag(struct bus *b, uint64_t pa, uint8_t flag);

/* The device region containing pa, or NULL. */
const struct bus_region *bus_find(struct bus *b, uint64_t pa);

#endif
