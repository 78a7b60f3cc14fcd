/*
 * test_mmu_access.c - what a walk permits and what it writes: R/W/X with
 * U, SUM and MXR (priv spec 4.3.2 step 5, 4.1.1.2), hardware A/D updates
 * (step 7), and the hart's view through mmu_translate(): MPRV/MPP
 * (3.1.6.3), exact causes and tval (3.1.15, 3.1.16), access faults when a
 * PTE cannot be read or updated.
 *
 * Same fixture as test_mmu.c: page tables bump-allocated in emulated RAM;
 * loop tests run iteration 0 as Sv39 and iteration 1 as Sv48.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "bus.h"
#include "dcache.h"
#include "hart.h"
#include "mmu.h"
#include "timebase.h"

#define RAM_BASE   0x80000000ull
#define RAM_SIZE   (16ull << 20)
#define PT_POOL    (RAM_BASE + (8ull << 20))
#define DATA_PA    (RAM_BASE + 0x100000ull)
#define NO_MEMORY  0x1000ull
#define ROM_BASE   0x20000000ull              /* read-only page-table device */
#define ROM_PAGES  4
#define RWX        (PTE_R | PTE_W | PTE_X)
#define AD         (PTE_A | PTE_D)

struct mode {
    const char *name;
    uint64_t    satp_mode;
    int         levels;
    uint64_t    test_va;
};

static const struct mode modes[] = {
    { "Sv39", SATP_MODE_SV39, 3, 0x0000003a5b3c2000ull },
    { "Sv48", SATP_MODE_SV48, 4, 0x00007a5b3c2d1000ull },
};

static const enum access accs[] = { ACCESS_FETCH, ACCESS_LOAD, ACCESS_STORE };

static const uint64_t pf_cause[] = {
    [ACCESS_FETCH] = CAUSE_FETCH_PAGE_FAULT,
    [ACCESS_LOAD]  = CAUSE_LOAD_PAGE_FAULT,
    [ACCESS_STORE] = CAUSE_STORE_PAGE_FAULT,
};

static const uint64_t af_cause[] = {
    [ACCESS_FETCH] = CAUSE_FETCH_ACCESS,
    [ACCESS_LOAD]  = CAUSE_LOAD_ACCESS,
    [ACCESS_STORE] = CAUSE_STORE_ACCESS,
};

/* A device holding page tables that refuses writes (a ROM). */
struct pt_rom {
    uint64_t word[ROM_PAGES * 512];
};

static bool rom_read(void *dev, uint64_t off, unsigned size, uint64_t *val)
{
    struct pt_rom *r = dev;
    if (size != 8 || off >= sizeof(r->word))
        return false;
    *val = r->word[off / 8];
    return true;
}

static bool rom_write(void *dev, uint64_t off, uint64_t val, unsigned size)
{
    (void)dev, (void)off, (void)val, (void)size;
    return false;
}

static const struct dev_ops rom_ops = { "pt-rom", rom_read, rom_write };

static struct bus         *bus;
static struct dcache      *dc;
static struct timebase     tb;
static struct hart        *h;
static struct pt_rom      *rom;
static const struct mode  *md;
static uint64_t            next_page;
static uint64_t            root;

static void setup(void)
{
    bus = bus_new(RAM_BASE, RAM_SIZE);
    ck_assert_ptr_nonnull(bus);
    dc = dcache_new(bus);
    ck_assert_ptr_nonnull(dc);
    h = calloc(1, sizeof(*h));
    rom = calloc(1, sizeof(*rom));
    ck_assert_ptr_nonnull(h);
    ck_assert_ptr_nonnull(rom);
    ck_assert_int_eq(bus_map(bus, ROM_BASE, sizeof(rom->word), &rom_ops, rom), 0);
    memset(&tb, 0, sizeof(tb));
    hart_init(h, 0, bus, dc, &tb, RAM_BASE);
    next_page = PT_POOL;
}

static void teardown(void)
{
    free(rom);
    free(h);
    dcache_free(dc);
    bus_free(bus);
}

static uint64_t rd64(uint64_t pa)
{
    uint64_t v = 0;
    ck_assert(bus_read(bus, pa, 8, &v));
    return v;
}

static void wr64(uint64_t pa, uint64_t v)
{
    ck_assert(bus_write(bus, pa, v, 8));
}

static uint64_t pt_alloc(void)
{
    uint64_t pa = next_page;
    next_page += PAGE_SIZE;
    uint8_t *p = bus_ram_ptr(bus, pa, PAGE_SIZE);
    ck_assert_ptr_nonnull(p);
    memset(p, 0, PAGE_SIZE);
    return pa;
}

static uint64_t satp(void)
{
    return (md->satp_mode << SATP_MODE_SHIFT) | (root >> PAGE_SHIFT);
}

/* Select mode i with an empty root; the hart runs in S under it. */
static void use_mode(int i)
{
    md = &modes[i];
    root = pt_alloc();
    h->satp = satp();
    h->priv = PRV_S;
}

static unsigned vpn(uint64_t va, int level)
{
    return (unsigned)(va >> (PAGE_SHIFT + 9 * (unsigned)level)) & 0x1ff;
}

static uint64_t pte_of(uint64_t pa, uint64_t flags)
{
    return ((pa >> PAGE_SHIFT) << PTE_PPN_SHIFT) | flags;
}

static uint64_t pte_pa(uint64_t pte)
{
    return ((pte & PTE_PPN_MASK) >> PTE_PPN_SHIFT) << PAGE_SHIFT;
}

static uint64_t pte_slot(uint64_t va, int level)
{
    uint64_t table = root;
    for (int i = md->levels - 1; i > level; i--) {
        uint64_t a = table + vpn(va, i) * 8;
        uint64_t pte = rd64(a);
        if (!(pte & PTE_V)) {
            pte = pte_of(pt_alloc(), PTE_V);
            wr64(a, pte);
        }
        ck_assert_msg(!(pte & (PTE_R | PTE_X)), "pte_slot: a leaf is in the way");
        table = pte_pa(pte);
    }
    return table + vpn(va, level) * 8;
}

static uint64_t map(uint64_t va, uint64_t pa, uint64_t flags, int level)
{
    uint64_t a = pte_slot(va, level);
    wr64(a, pte_of(pa, flags | PTE_V));
    return a;
}

/* One row of the permission table (priv spec 4.3.2 step 5, 4.1.1.2):
 * leaf flags (V, A, D added), who asks, and which accesses succeed. */
struct perm_case {
    uint64_t  flags;
    enum priv priv;
    bool      sum, mxr;
    bool      fetch, load, store;
};

static const struct perm_case perm_cases[] = {
    /* flags                 priv   sum    mxr    fetch  load   store */
    /* S on supervisor pages: fetch needs X, load R, store W. */
    { PTE_R,                 PRV_S, false, false, false, true,  false },
    { PTE_R | PTE_W,         PRV_S, false, false, false, true,  true  },
    { PTE_X,                 PRV_S, false, false, true,  false, false },
    { PTE_R | PTE_X,         PRV_S, false, false, true,  true,  false },
    { RWX,                   PRV_S, false, false, true,  true,  true  },
    /* MXR: loads may read X pages; grants no store or fetch. */
    { PTE_X,                 PRV_S, false, true,  true,  true,  false },
    { PTE_R,                 PRV_S, false, true,  false, true,  false },
    /* SUM on non-U pages changes nothing. */
    { RWX,                   PRV_S, true,  false, true,  true,  true  },
    { PTE_R,                 PRV_S, true,  false, false, true,  false },
    /* U only reaches U pages, SUM or not. */
    { PTE_U | RWX,           PRV_U, false, false, true,  true,  true  },
    { PTE_U | PTE_R,         PRV_U, false, false, false, true,  false },
    { PTE_U | PTE_X,         PRV_U, false, false, true,  false, false },
    { PTE_U | PTE_X,         PRV_U, false, true,  true,  true,  false },
    { RWX,                   PRV_U, false, false, false, false, false },
    { RWX,                   PRV_U, true,  true,  false, false, false },
    /* S on U pages: loads/stores only with SUM, fetch never. */
    { PTE_U | RWX,           PRV_S, false, false, false, false, false },
    { PTE_U | RWX,           PRV_S, true,  false, false, true,  true  },
    { PTE_U | PTE_R,         PRV_S, true,  false, false, true,  false },
    { PTE_U | PTE_X,         PRV_S, true,  false, false, false, false },
    { PTE_U | PTE_X,         PRV_S, true,  true,  false, true,  false },
    { PTE_U | PTE_X,         PRV_S, false, true,  false, false, false },
};

/* Every row at a 4 KiB leaf and at a 2 MiB leaf. */
START_TEST(permissions_table)
{
    use_mode(_i);
    uint64_t va = md->test_va;
    for (int level = 0; level < 2; level++) {
        root = pt_alloc();
        uint64_t a = pte_slot(va, level);
        uint64_t base = level ? 0x40000000ull : DATA_PA;
        uint64_t want_pa = base + ((va + 0x18) & (level ? 0x1fffffull : 0xfffull));
        for (unsigned r = 0; r < sizeof(perm_cases) / sizeof(perm_cases[0]); r++) {
            const struct perm_case *c = &perm_cases[r];
            wr64(a, pte_of(base, c->flags | PTE_V | AD));
            const bool want[] = { [ACCESS_FETCH] = c->fetch, [ACCESS_LOAD] = c->load,
                                  [ACCESS_STORE] = c->store };
            for (unsigned k = 0; k < 3; k++) {
                struct walk_record rec;
                uint64_t pa = 0;
                enum exc e = mmu_walk(bus, satp(), va + 0x18, accs[k], c->priv, c->sum, c->mxr,
                                      true, &pa, &rec);
                if (want[accs[k]]) {
                    ck_assert_msg(e == EXC_NONE, "%s level %d row %u acc %d: exc %d (%s)",
                                  md->name, level, r, accs[k], e, walk_stop_name(rec.stop));
                    ck_assert_uint_eq(pa, want_pa);
                } else {
                    ck_assert_msg(e == exc_from_cause(pf_cause[accs[k]]),
                                  "%s level %d row %u acc %d: exc %d, want page fault",
                                  md->name, level, r, accs[k], e);
                    ck_assert_int_eq(rec.stop, WALK_PERM);
                }
            }
        }
    }
}
END_TEST

/* Step 7 with hardware A/D: a load or fetch sets A, a store sets A and D,
 * in the leaf PTE in memory; rec.pte_written shows the new value and
 * rec.level[] the value read. Pointers are never touched. */
START_TEST(ad_set_by_access)
{
    use_mode(_i);
    static const uint64_t want[] = { [ACCESS_FETCH] = PTE_A, [ACCESS_LOAD] = PTE_A,
                                     [ACCESS_STORE] = AD };
    for (unsigned k = 0; k < 3; k++) {
        for (int level = 0; level < 2; level++) {
            root = pt_alloc();
            uint64_t va = md->test_va;
            uint64_t leaf = pte_of(level ? 0x40000000ull : DATA_PA, PTE_V | RWX);
            uint64_t a = pte_slot(va, level);
            wr64(a, leaf);
            uint64_t root_pte = rd64(root + vpn(va, md->levels - 1) * 8);
            struct walk_record rec;
            uint64_t pa;
            ck_assert_int_eq(mmu_walk(bus, satp(), va, accs[k], PRV_S, false, false, true,
                                      &pa, &rec), EXC_NONE);
            ck_assert_uint_eq(rd64(a), leaf | want[accs[k]]);
            ck_assert_uint_eq(rec.pte_written, leaf | want[accs[k]]);
            ck_assert_uint_eq(rec.level[rec.levels - 1].pte, leaf);
            ck_assert_uint_eq(rd64(root + vpn(va, md->levels - 1) * 8), root_pte);
        }
    }
}
END_TEST

/* update_ad = false (inspection walks) writes nothing. */
START_TEST(ad_untouched_without_update)
{
    use_mode(_i);
    uint64_t va = md->test_va;
    uint64_t a = map(va, DATA_PA, RWX, 0);
    uint64_t leaf = rd64(a);
    for (unsigned k = 0; k < 3; k++) {
        struct walk_record rec;
        uint64_t pa;
        ck_assert_int_eq(mmu_walk(bus, satp(), va, accs[k], PRV_S, false, false, false,
                                  &pa, &rec), EXC_NONE);
        ck_assert_uint_eq(rec.pte_written, 0);
        ck_assert_uint_eq(rd64(a), leaf);
    }
}
END_TEST

/* A PTE that already has the bits an access needs is not rewritten; a
 * store to an A-only PTE still adds D. */
START_TEST(ad_already_set_not_rewritten)
{
    use_mode(_i);
    uint64_t va = md->test_va;
    uint64_t a = map(va, DATA_PA, RWX | PTE_A, 0);
    struct walk_record rec;
    uint64_t pa;
    ck_assert_int_eq(mmu_walk(bus, satp(), va, ACCESS_LOAD, PRV_S, false, false, true, &pa, &rec),
                     EXC_NONE);
    ck_assert_uint_eq(rec.pte_written, 0);
    ck_assert_int_eq(mmu_walk(bus, satp(), va, ACCESS_FETCH, PRV_S, false, false, true, &pa,
                              &rec), EXC_NONE);
    ck_assert_uint_eq(rec.pte_written, 0);
    ck_assert_int_eq(mmu_walk(bus, satp(), va, ACCESS_STORE, PRV_S, false, false, true, &pa,
                              &rec), EXC_NONE);
    ck_assert_uint_eq(rec.pte_written, pte_of(DATA_PA, PTE_V | RWX | AD));
    ck_assert_uint_eq(rd64(a), pte_of(DATA_PA, PTE_V | RWX | AD));
    for (unsigned k = 0; k < 3; k++) {
        ck_assert_int_eq(mmu_walk(bus, satp(), va, accs[k], PRV_S, false, false, true, &pa,
                                  &rec), EXC_NONE);
        ck_assert_uint_eq(rec.pte_written, 0);
    }
}
END_TEST

/* A walk that faults (permission, misaligned superpage) sets no A/D:
 * the spec updates A/D only for an access that is allowed. */
START_TEST(ad_untouched_on_fault)
{
    use_mode(_i);
    uint64_t va = md->test_va;
    uint64_t a = map(va, DATA_PA, PTE_R, 0);
    struct walk_record rec;
    uint64_t pa;
    ck_assert_int_eq(mmu_walk(bus, satp(), va, ACCESS_STORE, PRV_S, false, false, true, &pa,
                              &rec), EXC_STORE_PAGE_FAULT);
    ck_assert_int_eq(mmu_walk(bus, satp(), va, ACCESS_FETCH, PRV_S, false, false, true, &pa,
                              &rec), EXC_FETCH_PAGE_FAULT);
    ck_assert_int_eq(mmu_walk(bus, satp(), va, ACCESS_LOAD, PRV_U, false, false, true, &pa,
                              &rec), EXC_LOAD_PAGE_FAULT);
    ck_assert_uint_eq(rd64(a), pte_of(DATA_PA, PTE_V | PTE_R));
    ck_assert_uint_eq(rec.pte_written, 0);

    uint64_t sva = md->test_va + (32ull << 21);
    uint64_t sa = map(sva, 0x40000000ull + PAGE_SIZE, RWX, 1);
    ck_assert_int_eq(mmu_walk(bus, satp(), sva, ACCESS_STORE, PRV_S, false, false, true, &pa,
                              &rec), EXC_STORE_PAGE_FAULT);
    ck_assert_int_eq(rec.stop, WALK_MISALIGNED);
    ck_assert_uint_eq(rd64(sa), pte_of(0x40000000ull + PAGE_SIZE, PTE_V | RWX));
}
END_TEST

/* Page tables in a device that can be read but not written: walks work,
 * but an A/D update that the device refuses is an access fault of the
 * original access type (priv spec 4.3.2 step 7: "If a store to pte would
 * violate a PMA or PMP check, raise an access-fault exception"). */
START_TEST(ad_update_refused_is_access_fault)
{
    use_mode(_i);
    uint64_t va = md->test_va;
    uint64_t rom_satp = (md->satp_mode << SATP_MODE_SHIFT) | (ROM_BASE >> PAGE_SHIFT);
    for (int i = md->levels - 1, page = 0; i >= 0; i--, page++) {
        uint64_t *slot = &rom->word[page * 512 + vpn(va, i)];
        uint64_t next = ROM_BASE + (uint64_t)(page + 1) * PAGE_SIZE;
        *slot = i ? pte_of(next, PTE_V) : pte_of(DATA_PA, PTE_V | RWX | PTE_A);
    }
    uint64_t *leaf = &rom->word[(md->levels - 1) * 512 + vpn(va, 0)];
    for (unsigned k = 0; k < 3; k++) {
        struct walk_record rec;
        uint64_t pa = 0;
        enum exc e = mmu_walk(bus, rom_satp, va + 4, accs[k], PRV_S, false, false, true, &pa,
                              &rec);
        if (accs[k] == ACCESS_STORE) {
            ck_assert_uint_eq(exc_cause(e), CAUSE_STORE_ACCESS);
            ck_assert_int_eq(rec.stop, WALK_PTE_ACCESS);
            ck_assert_uint_eq(rec.levels, (unsigned)md->levels);
        } else {
            ck_assert_int_eq(e, EXC_NONE);
            ck_assert_uint_eq(pa, DATA_PA + 4);
        }
    }
    *leaf &= ~PTE_A;
    for (unsigned k = 0; k < 3; k++) {
        struct walk_record rec;
        uint64_t pa;
        enum exc e = mmu_walk(bus, rom_satp, va, accs[k], PRV_S, false, false, true, &pa, &rec);
        ck_assert_uint_eq(exc_cause(e), af_cause[accs[k]]);
        ck_assert_int_eq(rec.stop, WALK_PTE_ACCESS);
        e = mmu_walk(bus, rom_satp, va, accs[k], PRV_S, false, false, false, &pa, &rec);
        ck_assert_int_eq(e, EXC_NONE);
    }
}
END_TEST

/* mmu_translate: the exact cause for each access kind, and exc_tval is
 * the faulting virtual address itself (priv spec 3.1.16), for an
 * unmapped page, a permission failure and a non-canonical address. */
START_TEST(hart_page_fault_cause_and_tval)
{
    use_mode(_i);
    uint64_t mapped = md->test_va;
    map(mapped, DATA_PA, PTE_R | AD, 0);
    const uint64_t unmapped = md->test_va + 0x200000 + 0x123;
    const uint64_t noncanon = (1ull << 62) + 0x456;
    for (unsigned k = 0; k < 3; k++) {
        uint64_t pa;
        h->exc_tval = 0;
        enum exc e = mmu_translate(h, unmapped, accs[k], &pa);
        ck_assert_uint_eq(exc_cause(e), pf_cause[accs[k]]);
        ck_assert_uint_eq(h->exc_tval, unmapped);
        h->exc_tval = 0;
        e = mmu_translate(h, noncanon, accs[k], &pa);
        ck_assert_uint_eq(exc_cause(e), pf_cause[accs[k]]);
        ck_assert_uint_eq(h->exc_tval, noncanon);
    }
    uint64_t pa;
    ck_assert_uint_eq(exc_cause(mmu_translate(h, mapped + 0xabc, ACCESS_FETCH, &pa)), 12);
    ck_assert_uint_eq(h->exc_tval, mapped + 0xabc);
    ck_assert_uint_eq(exc_cause(mmu_translate(h, mapped + 0xab8, ACCESS_STORE, &pa)), 15);
    ck_assert_uint_eq(h->exc_tval, mapped + 0xab8);
    ck_assert_int_eq(mmu_translate(h, mapped + 0xab0, ACCESS_LOAD, &pa), EXC_NONE);
    ck_assert_uint_eq(pa, DATA_PA + 0xab0);
    ck_assert_uint_eq(exc_cause(mmu_translate(h, unmapped, ACCESS_LOAD, &pa)), 13);
}
END_TEST

/* mmu_translate: a PTE address outside RAM with no device is an access
 * fault, causes 1/5/7, tval = va. */
START_TEST(hart_access_fault_cause_and_tval)
{
    use_mode(_i);
    uint64_t va = md->test_va + 0x321;
    h->satp = (md->satp_mode << SATP_MODE_SHIFT) | (NO_MEMORY >> PAGE_SHIFT);
    static const uint64_t want[] = { [ACCESS_FETCH] = 1, [ACCESS_LOAD] = 5, [ACCESS_STORE] = 7 };
    for (unsigned k = 0; k < 3; k++) {
        uint64_t pa;
        h->exc_tval = 0;
        ck_assert_uint_eq(exc_cause(mmu_translate(h, va, accs[k], &pa)), want[accs[k]]);
        ck_assert_uint_eq(exc_cause(mmu_translate(h, va, accs[k], &pa)), af_cause[accs[k]]);
        ck_assert_uint_eq(h->exc_tval, va);
    }
}
END_TEST

/* The hart's SUM and MXR come from mstatus. */
START_TEST(hart_sum_mxr_from_mstatus)
{
    use_mode(_i);
    uint64_t va = md->test_va;
    uint64_t a = map(va, DATA_PA, PTE_U | PTE_R | PTE_W | AD, 0);
    uint64_t pa;
    ck_assert_int_eq(mmu_translate(h, va, ACCESS_LOAD, &pa), EXC_LOAD_PAGE_FAULT);
    h->mstatus |= MSTATUS_SUM;
    ck_assert_int_eq(mmu_translate(h, va, ACCESS_LOAD, &pa), EXC_NONE);
    ck_assert_int_eq(mmu_translate(h, va, ACCESS_STORE, &pa), EXC_NONE);
    wr64(a, pte_of(DATA_PA, PTE_V | PTE_X | AD));
    ck_assert_int_eq(mmu_translate(h, va, ACCESS_LOAD, &pa), EXC_LOAD_PAGE_FAULT);
    h->mstatus |= MSTATUS_MXR;
    ck_assert_int_eq(mmu_translate(h, va, ACCESS_LOAD, &pa), EXC_NONE);
    ck_assert_uint_eq(pa, DATA_PA);
}
END_TEST

/* M-mode with MPRV = 1 translates loads and stores with the privilege in
 * MPP; fetches stay untranslated (priv spec 3.1.6.3). */
START_TEST(hart_mprv)
{
    use_mode(_i);
    uint64_t va = md->test_va + 0x88;
    map(va, DATA_PA, RWX | AD, 0);
    uint64_t user_va = md->test_va + 0x200000 + 0x88;
    map(user_va, DATA_PA + PAGE_SIZE, PTE_U | RWX | AD, 0);
    h->priv = PRV_M;
    uint64_t pa;

    /* MPRV clear: identity for everything. */
    for (unsigned k = 0; k < 3; k++) {
        ck_assert_int_eq(mmu_translate(h, va, accs[k], &pa), EXC_NONE);
        ck_assert_uint_eq(pa, va);
    }

    /* MPRV with MPP = S. */
    h->mstatus |= MSTATUS_MPRV | ((uint64_t)PRV_S << MSTATUS_MPP_SHIFT);
    ck_assert_int_eq(mmu_translate(h, va, ACCESS_LOAD, &pa), EXC_NONE);
    ck_assert_uint_eq(pa, DATA_PA + 0x88);
    ck_assert_int_eq(mmu_translate(h, va, ACCESS_STORE, &pa), EXC_NONE);
    ck_assert_uint_eq(pa, DATA_PA + 0x88);
    ck_assert_int_eq(mmu_translate(h, va, ACCESS_FETCH, &pa), EXC_NONE);
    ck_assert_uint_eq(pa, va);
    /* ... with S's rules: a U page needs SUM. */
    ck_assert_int_eq(mmu_translate(h, user_va, ACCESS_LOAD, &pa), EXC_LOAD_PAGE_FAULT);
    ck_assert_uint_eq(h->exc_tval, user_va);
    h->mstatus |= MSTATUS_SUM;
    ck_assert_int_eq(mmu_translate(h, user_va, ACCESS_LOAD, &pa), EXC_NONE);
    ck_assert_uint_eq(pa, DATA_PA + PAGE_SIZE + 0x88);

    /* MPP = U: only U pages. */
    h->mstatus &= ~MSTATUS_MPP;
    ck_assert_int_eq(mmu_translate(h, va, ACCESS_STORE, &pa), EXC_STORE_PAGE_FAULT);
    ck_assert_int_eq(mmu_translate(h, user_va, ACCESS_STORE, &pa), EXC_NONE);
    ck_assert_uint_eq(pa, DATA_PA + PAGE_SIZE + 0x88);
    ck_assert_int_eq(mmu_translate(h, user_va, ACCESS_FETCH, &pa), EXC_NONE);
    ck_assert_uint_eq(pa, user_va);

    /* MPP = M: identity again. */
    h->mstatus |= (uint64_t)PRV_M << MSTATUS_MPP_SHIFT;
    ck_assert_int_eq(mmu_translate(h, va, ACCESS_LOAD, &pa), EXC_NONE);
    ck_assert_uint_eq(pa, va);

    /* MPRV has no effect outside M. */
    h->mstatus = (h->mstatus & ~MSTATUS_MPP) | ((uint64_t)PRV_U << MSTATUS_MPP_SHIFT);
    h->priv = PRV_S;
    ck_assert_int_eq(mmu_translate(h, va, ACCESS_LOAD, &pa), EXC_NONE);
    ck_assert_uint_eq(pa, DATA_PA + 0x88);
}
END_TEST

/* Bare satp on a hart: identity in S and U. */
START_TEST(hart_bare)
{
    use_mode(_i);
    h->satp = 0;
    static const enum priv privs[] = { PRV_U, PRV_S };
    for (unsigned p = 0; p < 2; p++) {
        h->priv = privs[p];
        for (unsigned k = 0; k < 3; k++) {
            uint64_t pa = 0;
            ck_assert_int_eq(mmu_translate(h, md->test_va + 3, accs[k], &pa), EXC_NONE);
            ck_assert_uint_eq(pa, md->test_va + 3);
        }
    }
}
END_TEST

static Suite *mmu_access_suite(void)
{
    Suite *s = suite_create("mmu_access");
    TCase *tc = tcase_create("access");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, permissions_table, 0, 2);
    tcase_add_loop_test(tc, ad_set_by_access, 0, 2);
    tcase_add_loop_test(tc, ad_untouched_without_update, 0, 2);
    tcase_add_loop_test(tc, ad_already_set_not_rewritten, 0, 2);
    tcase_add_loop_test(tc, ad_untouched_on_fault, 0, 2);
    tcase_add_loop_test(tc, ad_update_refused_is_access_fault, 0, 2);
    tcase_add_loop_test(tc, hart_page_fault_cause_and_tval, 0, 2);
    tcase_add_loop_test(tc, hart_access_fault_cause_and_tval, 0, 2);
    tcase_add_loop_test(tc, hart_sum_mxr_from_mstatus, 0, 2);
    tcase_add_loop_test(tc, hart_mprv, 0, 2);
    tcase_add_loop_test(tc, hart_bare, 0, 2);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(mmu_access_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
