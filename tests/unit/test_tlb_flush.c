/*
 * test_tlb_flush.c - tlb_flush_sfence() on a hand-filled struct tlb: the
 * four sfence.vma cases of priv spec 4.2.1 (all; by ASID; by address; by
 * address and ASID), global entries, superpage slices found through
 * leaf_shift, and all three arrays (load, store, fetch).
 *
 * Entries under several ASIDs cannot be made through a hart, which
 * flushes its whole TLB on every satp write (mmu/tlb.h), so the entries
 * and their meta are written by hand here.
 */
#include <check.h>
#include <stdlib.h>

#include "dcache.h"
#include "riscv.h"
#include "tlb.h"

#define V0           0x40000000ull     /* slot 0x00 */
#define V1           0x40001000ull     /* slot 0x01 */
#define V2           0x40002000ull     /* slot 0x02 */
#define V3           0xc0003000ull     /* slot 0x03 */
#define SOME_PA      0x80100000ull

/* Any non-NULL dpage for fetch entries; never dereferenced. */
static struct dpage dummy_dpage;

/* Fill the kind ('r', 'w' or 'x') entry for va with the given meta. */
static void put(struct tlb *t, char kind, uint64_t va, uint16_t asid, bool global,
                unsigned shift)
{
    unsigned k = tlb_index(va);
    uint64_t tag = va & ~(PAGE_SIZE - 1);
    struct tlb_meta m = { SOME_PA, asid, global, (uint8_t)shift };
    switch (kind) {
    case 'r': t->r[k] = (struct tlb_entry){ tag, 0 }; t->rm[k] = m; break;
    case 'w': t->w[k] = (struct tlb_entry){ tag, 0 }; t->wm[k] = m; break;
    default:  t->x[k] = (struct tlb_fetch_entry){ tag, 0, &dummy_dpage }; t->xm[k] = m; break;
    }
}

/* Is the kind entry for va still there? A dropped fetch entry must also
 * have lost its dpage. */
static bool has(const struct tlb *t, char kind, uint64_t va)
{
    unsigned k = tlb_index(va);
    uint64_t tag = va & ~(PAGE_SIZE - 1);
    switch (kind) {
    case 'r': return t->r[k].tag == tag;
    case 'w': return t->w[k].tag == tag;
    default:
        if (t->x[k].tag != tag)
            ck_assert_ptr_null(t->x[k].dp);
        return t->x[k].tag == tag;
    }
}

static struct tlb *new_tlb(void)
{
    struct tlb *t = calloc(1, sizeof(*t));
    ck_assert_ptr_nonnull(t);
    tlb_flush_all(t);
    for (unsigned k = 0; k < TLB_SIZE; k++) {
        ck_assert_uint_eq(t->r[k].tag, TLB_INVALID_TAG);
        ck_assert_uint_eq(t->w[k].tag, TLB_INVALID_TAG);
        ck_assert_uint_eq(t->x[k].tag, TLB_INVALID_TAG);
    }
    return t;
}
/* rs1 = x0, rs2 = ASID: every non-global entry of that ASID, in all three
 * arrays; global entries and other ASIDs stay. */
START_TEST(flush_by_asid)
{
    struct tlb *t = new_tlb();
    put(t, 'r', V1, 1, false, 12);
    put(t, 'w', V1, 2, false, 12);
    put(t, 'x', V1, 1, true, 12);
    put(t, 'r', V2, 1, false, 21);
    put(t, 'w', V2, 1, false, 12);
    put(t, 'x', V2, 1, false, 12);
    put(t, 'r', V3, 1, true, 12);
    tlb_flush_sfence(t, false, 0, true, 1);
    ck_assert(!has(t, 'r', V1));
    ck_assert(has(t, 'w', V1));
    ck_assert(has(t, 'x', V1));
    ck_assert(!has(t, 'r', V2));
    ck_assert(!has(t, 'w', V2));
    ck_assert(!has(t, 'x', V2));
    ck_assert_ptr_null(t->x[tlb_index(V2)].dp);
    ck_assert(has(t, 'r', V3));
    free(t);
}
END_TEST

/* rs1 = address, rs2 = ASID: that page in that ASID only; global
 * mappings are not affected (priv spec 4.2.1). */
START_TEST(flush_by_address_and_asid)
{
    struct tlb *t = new_tlb();
    put(t, 'r', V1, 1, false, 12);
    put(t, 'w', V1, 2, false, 12);
    put(t, 'x', V1, 1, true, 12);
    put(t, 'r', V2, 1, false, 12);
    tlb_flush_sfence(t, true, V1 + 0x10, true, 1);
    ck_assert(!has(t, 'r', V1));
    ck_assert(has(t, 'w', V1));
    ck_assert(has(t, 'x', V1));
    ck_assert(has(t, 'r', V2));
    free(t);
}
END_TEST

/* rs1 = address, rs2 = x0: that page in every ASID, global included. */
START_TEST(flush_by_address_any_asid)
{
    struct tlb *t = new_tlb();
    put(t, 'r', V1, 1, false, 12);
    put(t, 'w', V1, 2, false, 12);
    put(t, 'x', V1, 3, true, 12);
    put(t, 'r', V2, 1, true, 12);
    put(t, 'w', V0, 1, false, 12);
    tlb_flush_sfence(t, true, V1, false, 0);
    ck_assert(!has(t, 'r', V1));
    ck_assert(!has(t, 'w', V1));
    ck_assert(!has(t, 'x', V1));
    ck_assert(has(t, 'r', V2));
    ck_assert(has(t, 'w', V0));
    free(t);
}
END_TEST

/* By address, superpage slices of every size are found through their
 * leaf_shift: 2 MiB, 1 GiB, 512 GiB. */
START_TEST(flush_by_address_superpage_sizes)
{
    static const unsigned shifts[] = { 21, 30, 39 };
    for (unsigned s = 0; s < 3; s++) {
        struct tlb *t = new_tlb();
        uint64_t size = 1ull << shifts[s];
        uint64_t base = 3 * size;
        uint64_t in[] = { base, base + 0x5000, base + size - PAGE_SIZE };
        uint64_t out[] = { base - PAGE_SIZE, base + size + 0x7000 };
        for (unsigned k = 0; k < 3; k++)
            put(t, "rwx"[k], in[k], 1, false, shifts[s]);
        put(t, 'r', out[0], 1, false, 12);
        put(t, 'w', out[1], 1, false, shifts[s]);
        tlb_flush_sfence(t, true, base + size / 2 + 0x123, false, 0);
        for (unsigned k = 0; k < 3; k++)
            ck_assert_msg(!has(t, "rwx"[k], in[k]), "shift %u slice %u kept", shifts[s], k);
        ck_assert(has(t, 'r', out[0]));
        ck_assert(has(t, 'w', out[1]));
        free(t);
    }
}
END_TEST

/* rs1 = rs2 = x0: everything, global included. */
START_TEST(flush_everything)
{
    struct tlb *t = new_tlb();
    uint64_t before = t->flushes;
    put(t, 'r', V1, 1, true, 12);
    put(t, 'w', V2, 2, false, 21);
    put(t, 'x', V3, 3, true, 30);
    tlb_flush_sfence(t, false, 0, false, 0);
    ck_assert(!has(t, 'r', V1));
    ck_assert(!has(t, 'w', V2));
    ck_assert(!has(t, 'x', V3));
    ck_assert_uint_eq(t->flushes, before + 1);
    put(t, 'r', V1, 1, true, 12);
    tlb_flush_all(t);
    ck_assert(!has(t, 'r', V1));
    free(t);
}
END_TEST
static Suite *tlb_flush_suite(void)
{
    Suite *s = suite_create("tlb_flush");
    TCase *tc = tcase_create("flush");
    tcase_add_test(tc, flush_by_asid);
    tcase_add_test(tc, flush_by_address_and_asid);
    tcase_add_test(tc, flush_by_address_any_asid);
    tcase_add_test(tc, flush_by_address_superpage_sizes);
    tcase_add_test(tc, flush_everything);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(tlb_flush_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
