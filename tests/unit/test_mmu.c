/*
 * test_mmu.c - Sv39 and Sv48 page walks, rule by rule, after the
 * privileged spec section 4.3.2 ("Virtual Address Translation Process",
 * and 4.4/4.5 for Sv39/Sv48): Bare and M-mode, canonical addresses, V,
 * reserved encodings and bits, non-leaf A/D/U, level-0 pointers,
 * superpages and their alignment, and the page-walk record.
 *
 * Permissions, A/D updates and the hart's view (MPRV, causes, tval,
 * access faults) are in test_mmu_access.c; the TLB is in test_tlb.c.
 *
 * Page tables are built in emulated RAM by a bump allocator and walked
 * with mmu_walk() directly. Most tests are loop tests run once per mode:
 * iteration 0 is Sv39, iteration 1 is Sv48 (Check prints the iteration
 * after the test name on failure).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bus.h"
#include "mmu.h"

#define RAM_BASE   0x80000000ull
#define RAM_SIZE   (16ull << 20)
#define PT_POOL    (RAM_BASE + (8ull << 20))  /* page-table pages: bump allocated */
#define DATA_PA    (RAM_BASE + 0x100000ull)   /* target of 4 KiB test leaves      */
#define NO_MEMORY  0x1000ull                  /* neither RAM nor a device         */
#define RWX        (PTE_R | PTE_W | PTE_X)
#define AD         (PTE_A | PTE_D)

struct mode {
    const char *name;
    uint64_t    satp_mode;
    int         levels;
    unsigned    va_bits;
    uint64_t    test_va;    /* canonical, different VPN at every level */
};

static const struct mode modes[] = {
    { "Sv39", SATP_MODE_SV39, 3, 39, 0x0000003a5b3c2000ull },
    { "Sv48", SATP_MODE_SV48, 4, 48, 0x00007a5b3c2d1000ull },
};

static const enum access accs[] = { ACCESS_FETCH, ACCESS_LOAD, ACCESS_STORE };

static const uint64_t pf_cause[] = {
    [ACCESS_FETCH] = CAUSE_FETCH_PAGE_FAULT,
    [ACCESS_LOAD]  = CAUSE_LOAD_PAGE_FAULT,
    [ACCESS_STORE] = CAUSE_STORE_PAGE_FAULT,
};

static struct bus         *bus;
static const struct mode  *md;         /* mode of this loop iteration */
static uint64_t            next_page;  /* bump allocator in RAM       */
static uint64_t            root;       /* root page table             */

static void setup(void)
{
    bus = bus_new(RAM_BASE, RAM_SIZE);
    ck_assert_ptr_nonnull(bus);
    next_page = PT_POOL;
}

static void teardown(void)
{
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

/* A zeroed page of RAM for a page table. */
static uint64_t pt_alloc(void)
{
    uint64_t pa = next_page;
    next_page += PAGE_SIZE;
    uint8_t *p = bus_ram_ptr(bus, pa, PAGE_SIZE);
    ck_assert_ptr_nonnull(p);
    memset(p, 0, PAGE_SIZE);
    return pa;
}

static void use_mode(int i)
{
    md = &modes[i];
    root = pt_alloc();
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

static uint64_t satp_asid(uint16_t asid)
{
    return (md->satp_mode << SATP_MODE_SHIFT) | ((uint64_t)asid << SATP_ASID_SHIFT) |
           (root >> PAGE_SHIFT);
}

static uint64_t satp(void)
{
    return satp_asid(0);
}

/* Address of va's PTE at level, creating pointer PTEs (V only) above. */
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

/* Map va to pa with a V leaf at level (0: 4 KiB, 1: 2 MiB, 2: 1 GiB,
 * 3: 512 GiB). Returns the leaf PTE's address. */
static uint64_t map(uint64_t va, uint64_t pa, uint64_t flags, int level)
{
    uint64_t a = pte_slot(va, level);
    wr64(a, pte_of(pa, flags | PTE_V));
    return a;
}

static enum exc walk(uint64_t va, enum access acc, uint64_t *pa, struct walk_record *rec)
{
    return mmu_walk(bus, satp(), va, acc, PRV_S, false, false, false, pa, rec);
}

/* Every access kind at va faults with its page-fault cause, stopping for
 * why after reading nlevels PTEs. */
static void expect_fault(uint64_t va, enum walk_stop why, unsigned nlevels)
{
    for (unsigned k = 0; k < 3; k++) {
        struct walk_record rec;
        uint64_t pa;
        enum exc e = walk(va, accs[k], &pa, &rec);
        ck_assert_msg(e == exc_from_cause(pf_cause[accs[k]]),
                      "%s va=%#llx acc=%d: exc %d, want cause %llu", md->name,
                      (unsigned long long)va, accs[k], e,
                      (unsigned long long)pf_cause[accs[k]]);
        ck_assert_msg(rec.stop == why, "%s va=%#llx acc=%d: stop '%s', want '%s'", md->name,
                      (unsigned long long)va, accs[k], walk_stop_name(rec.stop),
                      walk_stop_name(why));
        ck_assert_uint_eq(rec.levels, nlevels);
    }
}

/* Every access kind at va succeeds with pa and a leaf of leaf_shift. */
static void expect_ok(uint64_t va, uint64_t want_pa, unsigned leaf_shift)
{
    for (unsigned k = 0; k < 3; k++) {
        struct walk_record rec;
        uint64_t pa = 0;
        enum exc e = walk(va, accs[k], &pa, &rec);
        ck_assert_msg(e == EXC_NONE, "%s va=%#llx acc=%d: exc %d, stop '%s'", md->name,
                      (unsigned long long)va, accs[k], e, walk_stop_name(rec.stop));
        ck_assert_int_eq(rec.stop, WALK_OK);
        ck_assert_uint_eq(pa, want_pa);
        ck_assert_uint_eq(rec.pa, want_pa);
        ck_assert_uint_eq(rec.leaf_shift, leaf_shift);
    }
}

/* The causes the spec assigns (priv spec 3.1.15, table 3.6). */
START_TEST(cause_numbers)
{
    ck_assert_uint_eq(CAUSE_FETCH_ACCESS, 1);
    ck_assert_uint_eq(CAUSE_LOAD_ACCESS, 5);
    ck_assert_uint_eq(CAUSE_STORE_ACCESS, 7);
    ck_assert_uint_eq(CAUSE_FETCH_PAGE_FAULT, 12);
    ck_assert_uint_eq(CAUSE_LOAD_PAGE_FAULT, 13);
    ck_assert_uint_eq(CAUSE_STORE_PAGE_FAULT, 15);
    ck_assert_uint_eq(exc_cause(EXC_STORE_PAGE_FAULT), 15);
}
END_TEST

/* satp.MODE = Bare: no translation or protection for any privilege, and
 * no canonical check (priv spec 4.1.11). */
START_TEST(bare_is_identity)
{
    static const uint64_t vas[] = { 0, 0x80001234, 0xdeadbeefcafef00dull, ~0ull };
    static const enum priv privs[] = { PRV_U, PRV_S, PRV_M };
    for (unsigned v = 0; v < 4; v++)
        for (unsigned p = 0; p < 3; p++)
            for (unsigned k = 0; k < 3; k++) {
                struct walk_record rec;
                uint64_t pa = 0;
                ck_assert_int_eq(mmu_walk(bus, 0, vas[v], accs[k], privs[p], false, false,
                                          true, &pa, &rec), EXC_NONE);
                ck_assert_uint_eq(pa, vas[v]);
                ck_assert_int_eq(rec.stop, WALK_BARE);
                ck_assert_uint_eq(rec.levels, 0);
            }
}
END_TEST

/* M-mode is never translated, whatever satp says (priv spec 3.1.6.3). */
START_TEST(m_mode_is_identity)
{
    use_mode(_i);
    uint64_t va = md->test_va + 0x10;
    map(va, DATA_PA, RWX, 0);
    uint64_t probes[] = { va, 0x1234, 0xdeadbeefcafef00dull };
    for (unsigned v = 0; v < 3; v++)
        for (unsigned k = 0; k < 3; k++) {
            struct walk_record rec;
            uint64_t pa = 0;
            ck_assert_int_eq(mmu_walk(bus, satp(), probes[v], accs[k], PRV_M, false, false,
                                      true, &pa, &rec), EXC_NONE);
            ck_assert_uint_eq(pa, probes[v]);
            ck_assert_int_eq(rec.stop, WALK_BARE);
        }
}
END_TEST

/* Bits 63..va_bits-1 must all equal bit va_bits-1 (priv spec 4.4.1 for
 * Sv39: 63..39 equal 38; 4.5.1 for Sv48: 63..48 equal 47), else a page
 * fault of the access type, before any PTE is read. The low bits of
 * each bad address are mapped, so ignoring the high bits would succeed. */
START_TEST(noncanonical_faults)
{
    use_mode(_i);
    unsigned vb = md->va_bits;
    uint64_t top = ~0ull << (vb - 1);             /* lowest upper-half address */
    uint64_t hi = top + 0x5000;                    /* canonical, upper half     */
    uint64_t low_mask = (1ull << vb) - 1;
    map(hi, DATA_PA, RWX, 0);
    expect_ok(hi + 8, DATA_PA + 8, PAGE_SHIFT);

    const uint64_t bad[] = {
        (1ull << vb) | 0x5000,           /* low half, bit va_bits set          */
        (1ull << 63) | 0x5000,           /* low half, bit 63 set               */
        (1ull << (vb - 1)) | 0x5000,     /* bit va_bits-1 set, nothing above   */
        hi & ~(1ull << vb),              /* high half, bit va_bits clear       */
        hi & ~(1ull << 63),              /* high half, bit 63 clear            */
        hi ^ (1ull << (vb - 1)),         /* high half, bit va_bits-1 clear     */
    };
    for (unsigned k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
        map(bad[k] & low_mask, DATA_PA + PAGE_SIZE, RWX, 0);
        expect_fault(bad[k], WALK_NONCANONICAL, 0);
    }
}
END_TEST

/* The same address is canonical in Sv48 and not in Sv39. */
START_TEST(canonical_width_per_mode)
{
    use_mode(_i);
    const uint64_t vas[] = { (1ull << 40) | 0x3000, 0xffff800000001000ull };
    for (unsigned k = 0; k < 2; k++) {
        map(vas[k], DATA_PA, RWX, 0);
        if (md->levels == 4)
            expect_ok(vas[k] + 4, DATA_PA + 4, PAGE_SHIFT);
        else
            expect_fault(vas[k], WALK_NONCANONICAL, 0);
    }
}
END_TEST

/* Step 3: pte.v = 0 at any level faults, even with every other bit of a
 * good PTE present. The walk stops at that level. */
START_TEST(invalid_at_each_level)
{
    use_mode(_i);
    for (int level = md->levels - 1; level >= 0; level--) {
        root = pt_alloc();
        uint64_t va = md->test_va + 0x234;
        map(va, DATA_PA, RWX | AD, 0);
        expect_ok(va, DATA_PA + 0x234, PAGE_SHIFT);
        uint64_t a = pte_slot(va, level);
        wr64(a, rd64(a) & ~PTE_V);
        expect_fault(va, WALK_INVALID, (unsigned)(md->levels - level));

        struct walk_record rec;
        uint64_t pa;
        walk(va, ACCESS_LOAD, &pa, &rec);
        ck_assert_int_eq(rec.level[rec.levels - 1].level, level);
        ck_assert_uint_eq(rec.level[rec.levels - 1].pte_addr, a);
    }
}
END_TEST

/* Step 3: R=0 with W=1 is reserved, both as R=0 W=1 X=0 and R=0 W=1 X=1,
 * at the leaf level and at every superpage/pointer level. */
START_TEST(write_without_read_faults)
{
    use_mode(_i);
    static const uint64_t encodings[] = { PTE_W, PTE_W | PTE_X, PTE_W | PTE_X | PTE_U };
    for (int level = md->levels - 1; level >= 0; level--)
        for (unsigned k = 0; k < 3; k++) {
            root = pt_alloc();
            uint64_t va = md->test_va;
            map(va, 0, encodings[k] | AD, level);
            expect_fault(va, WALK_RESERVED, (unsigned)(md->levels - level));
        }
}
END_TEST

/* Step 3: reserved bits 60:54, and, without Svnapot and Svpbmt, N (63)
 * and PBMT (62:61), fault in leaves and in pointers (priv spec 4.4.1:
 * "reserved for future standard use ... must be zeroed"). */
START_TEST(reserved_bits_fault)
{
    use_mode(_i);
    static const unsigned bits[] = { 54, 55, 56, 57, 58, 59, 60, 61, 62, 63 };
    uint64_t va = md->test_va + 0x40;
    map(va, DATA_PA, RWX | AD, 0);
    for (int level = md->levels - 1; level >= 0; level--) {
        uint64_t a = pte_slot(va, level);
        uint64_t good = rd64(a);
        for (unsigned k = 0; k < sizeof(bits) / sizeof(bits[0]); k++) {
            wr64(a, good | (1ull << bits[k]));
            expect_fault(va, WALK_RESERVED, (unsigned)(md->levels - level));
        }
        wr64(a, good);
        expect_ok(va, DATA_PA + 0x40, PAGE_SHIFT);
    }

    /* A 2 MiB leaf with a reserved bit. */
    uint64_t sva = md->test_va + (64ull << 21);
    uint64_t a = map(sva, DATA_PA & ~0x1fffffull, RWX | AD, 1);
    wr64(a, rd64(a) | (1ull << 58));
    expect_fault(sva, WALK_RESERVED, (unsigned)(md->levels - 1));
    ck_assert_uint_eq(PTE_RESERVED | PTE_PBMT | PTE_N, 0xffc0000000000000ull);
}
END_TEST

/* RSW (9:8) is for software and ignored; G in a pointer is allowed. */
START_TEST(rsw_and_pointer_g_ignored)
{
    use_mode(_i);
    uint64_t va = md->test_va + 0x80;
    uint64_t leaf = map(va, DATA_PA, RWX | AD, 0);
    wr64(leaf, rd64(leaf) | (3ull << PTE_RSW_SHIFT));
    for (int level = md->levels - 1; level > 0; level--) {
        uint64_t a = pte_slot(va, level);
        wr64(a, rd64(a) | (3ull << PTE_RSW_SHIFT) | PTE_G);
    }
    expect_ok(va, DATA_PA + 0x80, PAGE_SHIFT);
}
END_TEST

/* Step 3/4: in a non-leaf PTE, D, A and U are reserved (priv spec 4.4.1)
 * and must fault. */
START_TEST(nonleaf_adu_faults)
{
    use_mode(_i);
    static const uint64_t bits[] = { PTE_A, PTE_D, PTE_U };
    uint64_t va = md->test_va;
    map(va, DATA_PA, RWX | AD, 0);
    for (int level = md->levels - 1; level > 0; level--) {
        uint64_t a = pte_slot(va, level);
        uint64_t good = rd64(a);
        for (unsigned k = 0; k < 3; k++) {
            wr64(a, good | bits[k]);
            expect_fault(va, WALK_NONLEAF_BITS, (unsigned)(md->levels - level));
        }
        wr64(a, good);
    }
    expect_ok(va, DATA_PA, PAGE_SHIFT);
}
END_TEST

/* Step 4: a pointer at level 0 (i would go below 0) faults. */
START_TEST(pointer_at_level0_faults)
{
    use_mode(_i);
    uint64_t va = md->test_va;
    uint64_t a = pte_slot(va, 0);
    wr64(a, pte_of(root, PTE_V));        /* points back at the root */
    expect_fault(va, WALK_TOO_DEEP, (unsigned)md->levels);
    wr64(a, pte_of(root, PTE_V | PTE_G));
    expect_fault(va, WALK_TOO_DEEP, (unsigned)md->levels);
}
END_TEST

/* Step 8: a leaf at level i > 0 is a superpage; pa takes PPN above the
 * superpage and va's low 12+9i bits. Sv39: 2 MiB, 1 GiB; Sv48 also
 * 512 GiB. */
START_TEST(superpage_pa_composition)
{
    use_mode(_i);
    for (int level = 1; level < md->levels; level++) {
        root = pt_alloc();
        unsigned shift = PAGE_SHIFT + 9 * (unsigned)level;
        uint64_t mask = (1ull << shift) - 1;
        uint64_t base = 0x2aull << shift;          /* aligned, high PPN bits set */
        uint64_t va = (3ull << shift) | (0x5a5a5a5a5a5aull & mask);
        map(va, base, RWX | AD, level);
        expect_ok(va, base | (va & mask), shift);
        expect_ok(va & ~mask, base, shift);
        expect_ok(va | mask, base | mask, shift);

        struct walk_record rec;
        uint64_t pa;
        walk(va, ACCESS_LOAD, &pa, &rec);
        ck_assert_uint_eq(rec.levels, (unsigned)(md->levels - level));
        ck_assert_int_eq(rec.level[rec.levels - 1].level, level);
    }
}
END_TEST

/* A canonical upper-half va through a 1 GiB page. */
START_TEST(superpage_upper_half)
{
    use_mode(_i);
    uint64_t va = (~0ull << (md->va_bits - 1)) + (5ull << 30) + 0x1234567;
    map(va, 0x40000000ull, RWX | AD, 2);
    expect_ok(va, 0x40000000ull + 0x1234567, 30);
}
END_TEST

/* Step 6: a superpage whose PPN has any of its low 9i bits set is
 * misaligned and faults; each bit is tried on its own. */
START_TEST(superpage_misaligned_faults)
{
    use_mode(_i);
    for (int level = 1; level < md->levels; level++) {
        root = pt_alloc();
        unsigned shift = PAGE_SHIFT + 9 * (unsigned)level;
        uint64_t va = 7ull << shift;
        uint64_t a = map(va, 0x2aull << shift, RWX | AD, level);
        uint64_t good = rd64(a);
        for (unsigned bit = 0; bit < 9 * (unsigned)level; bit++) {
            wr64(a, good | (1ull << (PTE_PPN_SHIFT + bit)));
            expect_fault(va, WALK_MISALIGNED, (unsigned)(md->levels - level));
        }
        wr64(a, good);
        expect_ok(va, 0x2aull << shift, shift);
    }
    /* A 4 KiB leaf has no alignment rule. */
    root = pt_alloc();
    map(md->test_va, DATA_PA + 0x1000, RWX | AD, 0);
    expect_ok(md->test_va, DATA_PA + 0x1000, PAGE_SHIFT);
}
END_TEST

/* The record of a complete 4 KiB walk: one entry per level from the root
 * down, each with the PTE's address (table + vpn[i] * 8) and the value
 * read before the A/D update, then pa, leaf_shift and pte_written. The
 * satp ASID does not change the walk. */
START_TEST(record_full_walk)
{
    use_mode(_i);
    uint64_t va = md->test_va + 0x678;
    uint64_t leaf = pte_of(DATA_PA, PTE_V | RWX);
    uint64_t leaf_addr = map(va, DATA_PA, RWX, 0);
    uint64_t sp = satp_asid(0x1234);
    struct walk_record rec;
    uint64_t pa = 0;
    ck_assert_int_eq(mmu_walk(bus, sp, va, ACCESS_STORE, PRV_S, false, false, true, &pa, &rec),
                     EXC_NONE);
    ck_assert_uint_eq(rec.va, va);
    ck_assert_uint_eq(rec.satp, sp);
    ck_assert_uint_eq(rec.levels, (unsigned)md->levels);
    uint64_t table = root;
    for (unsigned k = 0; k < rec.levels; k++) {
        int level = md->levels - 1 - (int)k;
        uint64_t addr = table + vpn(va, level) * 8;
        ck_assert_int_eq(rec.level[k].level, level);
        ck_assert_uint_eq(rec.level[k].pte_addr, addr);
        if (level > 0)
            ck_assert_uint_eq(rec.level[k].pte, rd64(addr));
        table = pte_pa(rec.level[k].pte);
    }
    ck_assert_uint_eq(rec.level[rec.levels - 1].pte_addr, leaf_addr);
    ck_assert_uint_eq(rec.level[rec.levels - 1].pte, leaf);
    ck_assert_uint_eq(rec.pte_written, leaf | AD);
    ck_assert_uint_eq(rd64(leaf_addr), leaf | AD);
    ck_assert_int_eq(rec.stop, WALK_OK);
    ck_assert_uint_eq(rec.pa, DATA_PA + 0x678);
    ck_assert_uint_eq(pa, DATA_PA + 0x678);
    ck_assert_uint_eq(rec.leaf_shift, PAGE_SHIFT);

    /* The record is optional. */
    pa = 0;
    ck_assert_int_eq(mmu_walk(bus, sp, va, ACCESS_LOAD, PRV_S, false, false, true, &pa, NULL),
                     EXC_NONE);
    ck_assert_uint_eq(pa, DATA_PA + 0x678);
}
END_TEST

/* Each stop reason has its own name, and the printed walk shows one line
 * per level plus header and verdict. */
START_TEST(record_names_and_print)
{
    use_mode(_i);
    for (int s = WALK_OK; s <= WALK_PTE_ACCESS; s++) {
        ck_assert_str_ne(walk_stop_name((enum walk_stop)s), "?");
        for (int t = WALK_OK; t < s; t++)
            ck_assert_str_ne(walk_stop_name((enum walk_stop)s), walk_stop_name((enum walk_stop)t));
    }

    uint64_t va = md->test_va + 0x10;
    map(va, DATA_PA, RWX | AD, 0);
    struct walk_record rec;
    uint64_t pa;
    char *text = NULL;
    size_t len = 0;
    ck_assert_int_eq(walk(va, ACCESS_LOAD, &pa, &rec), EXC_NONE);
    FILE *f = open_memstream(&text, &len);
    ck_assert_ptr_nonnull(f);
    walk_record_print(&rec, f);
    fclose(f);
    unsigned lines = 0;
    for (size_t k = 0; k < len; k++)
        lines += text[k] == '\n';
    ck_assert_uint_eq(lines, (unsigned)md->levels + 2);
    ck_assert_ptr_nonnull(strstr(text, md->name));
    char want[64];
    snprintf(want, sizeof(want), "pa=0x%llx", (unsigned long long)(DATA_PA + 0x10));
    ck_assert_ptr_nonnull(strstr(text, want));
    free(text);

    wr64(pte_slot(va, 0), 0);
    ck_assert_int_ne(walk(va, ACCESS_LOAD, &pa, &rec), EXC_NONE);
    f = open_memstream(&text, &len);
    ck_assert_ptr_nonnull(f);
    walk_record_print(&rec, f);
    fclose(f);
    ck_assert_ptr_nonnull(strstr(text, walk_stop_name(WALK_INVALID)));
    free(text);
}
END_TEST

/* A PTE address that hits no RAM and no device is an access fault of the
 * access type (step 2, PMA check), at the root or below it. */
START_TEST(pte_outside_memory_access_fault)
{
    use_mode(_i);
    static const uint64_t af_cause[] = {
        [ACCESS_FETCH] = CAUSE_FETCH_ACCESS,
        [ACCESS_LOAD]  = CAUSE_LOAD_ACCESS,
        [ACCESS_STORE] = CAUSE_STORE_ACCESS,
    };
    uint64_t va = md->test_va;
    uint64_t bad_root = (md->satp_mode << SATP_MODE_SHIFT) | (NO_MEMORY >> PAGE_SHIFT);
    wr64(root + vpn(va, md->levels - 1) * 8, pte_of(NO_MEMORY, PTE_V));
    for (unsigned k = 0; k < 3; k++) {
        struct walk_record rec;
        uint64_t pa;
        enum exc e = mmu_walk(bus, bad_root, va, accs[k], PRV_S, false, false, true, &pa, &rec);
        ck_assert_uint_eq(exc_cause(e), af_cause[accs[k]]);
        ck_assert_int_eq(rec.stop, WALK_PTE_ACCESS);
        /* The failed read is recorded with its address and pte = 0. */
        ck_assert_uint_eq(rec.levels, 1);
        ck_assert_uint_eq(rec.level[0].pte_addr, NO_MEMORY + vpn(va, md->levels - 1) * 8);
        ck_assert_uint_eq(rec.level[0].pte, 0);

        e = walk(va, accs[k], &pa, &rec);
        ck_assert_uint_eq(exc_cause(e), af_cause[accs[k]]);
        ck_assert_int_eq(rec.stop, WALK_PTE_ACCESS);
        ck_assert_uint_eq(rec.levels, 2);
        ck_assert_uint_eq(rec.level[1].pte_addr, NO_MEMORY + vpn(va, md->levels - 2) * 8);
    }
}
END_TEST

static Suite *mmu_suite(void)
{
    Suite *s = suite_create("mmu");
    TCase *tc = tcase_create("walk");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, cause_numbers);
    tcase_add_test(tc, bare_is_identity);
    tcase_add_loop_test(tc, m_mode_is_identity, 0, 2);
    tcase_add_loop_test(tc, noncanonical_faults, 0, 2);
    tcase_add_loop_test(tc, canonical_width_per_mode, 0, 2);
    tcase_add_loop_test(tc, invalid_at_each_level, 0, 2);
    tcase_add_loop_test(tc, write_without_read_faults, 0, 2);
    tcase_add_loop_test(tc, reserved_bits_fault, 0, 2);
    tcase_add_loop_test(tc, rsw_and_pointer_g_ignored, 0, 2);
    tcase_add_loop_test(tc, nonleaf_adu_faults, 0, 2);
    tcase_add_loop_test(tc, pointer_at_level0_faults, 0, 2);
    tcase_add_loop_test(tc, superpage_pa_composition, 0, 2);
    tcase_add_loop_test(tc, superpage_upper_half, 0, 2);
    tcase_add_loop_test(tc, superpage_misaligned_faults, 0, 2);
    tcase_add_loop_test(tc, record_full_walk, 0, 2);
    tcase_add_loop_test(tc, record_names_and_print, 0, 2);
    tcase_add_loop_test(tc, pte_outside_memory_access_fault, 0, 2);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(mmu_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
