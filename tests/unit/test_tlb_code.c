/*
 * test_tlb_code.c - instruction fetch through the TLB and the decoded-
 * instruction cache (emu/dcache.h): decoded code follows remaps after
 * sfence.vma, stores to code (through mmu_store, bus_write or a second
 * virtual alias) run the new instruction, instructions straddling two
 * pages follow both pages, and fetch faults report the right cause, epc
 * and tval (priv spec 3.1.16: tval is the address of the portion of the
 * instruction that faulted, epc its start).
 *
 * Like test_tlb.c, the fixture is a bare hart on a bus, with the bus
 * hooks of emu/machine.c mirrored: a store to a page with decoded code
 * invalidates it, and a page that gains a flag loses its store entries.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "bus.h"
#include "dcache.h"
#include "hart.h"
#include "mmu.h"
#include "timebase.h"

#define RAM_BASE  0x80000000ull
#define RAM_SIZE  (16ull << 20)
#define TRAP_PA   RAM_BASE                    /* mtvec; never executed here */
#define CODE_A    (RAM_BASE + 0x200000ull)
#define CODE_B    (RAM_BASE + 0x201000ull)
#define CODE_C    (RAM_BASE + 0x202000ull)
#define PT_POOL   (RAM_BASE + (8ull << 20))

/* Sv39 virtual addresses, each in its own TLB slot. */
#define V1        0x40001000ull               /* data alias of code          */
#define VCODE     0x40010000ull               /* slot 0x10                   */
#define VCODE2    0x40011000ull               /* slot 0x11: the page after   */

#define RW        (PTE_R | PTE_W | PTE_A | PTE_D)
#define RX        (PTE_R | PTE_X | PTE_A)

/* Instruction encodings (unprivileged spec ch. 2 and 16, priv 4.2.1). */
#define OPC_OP_IMM        0x13u
#define OPC_SYSTEM        0x73u
#define FUNCT7_SFENCE_VMA 0x09u
#define REG_ZERO          0u
#define REG_A0            10u
#define C_ADDI_A0_1       0x0505u             /* c.addi a0, 1 */

static uint32_t enc_addi(unsigned rd, unsigned rs1, int imm)
{
    return ((uint32_t)imm & 0xfff) << 20 | rs1 << 15 | rd << 7 | OPC_OP_IMM;
}

static uint32_t enc_sfence_vma(unsigned rs1, unsigned rs2)
{
    return FUNCT7_SFENCE_VMA << 25 | rs2 << 20 | rs1 << 15 | OPC_SYSTEM;
}

static struct bus     *bus;
static struct dcache  *dc;
static struct timebase tb;
static struct hart    *h;
static uint64_t        next_page;
static uint64_t        root;

/* Mirrors machine.c: a store to a page with decoded code forgets it. */
static void on_ram_written(void *ctx, uint64_t pa, uint64_t len)
{
    (void)ctx, (void)len;
    if (bus_page_flags(bus, pa) & PGF_CODE)
        dcache_invalidate(dc, pa);
}

/* Mirrors machine.c: a page that gains a flag leaves the store fast path. */
static void on_flags_changed(void *ctx, uint64_t pa_page)
{
    (void)ctx;
    for (unsigned e = 0; e < TLB_SIZE; e++)
        if (h->tlb.wm[e].pa == pa_page)
            h->tlb.w[e].tag = TLB_INVALID_TAG;
}

/* Mirrors machine.c: the dcache recycled every page. */
static void on_dropped_all(void *ctx)
{
    (void)ctx;
    for (unsigned e = 0; e < TLB_SIZE; e++) {
        h->tlb.x[e].tag = TLB_INVALID_TAG;
        h->tlb.x[e].dp = NULL;
    }
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

static void wr32(uint64_t pa, uint32_t v)
{
    ck_assert(bus_write(bus, pa, v, 4));
}

static void wr16(uint64_t pa, uint16_t v)
{
    ck_assert(bus_write(bus, pa, v, 2));
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

static unsigned vpn(uint64_t va, int level)
{
    return (unsigned)(va >> (PAGE_SHIFT + 9 * (unsigned)level)) & 0x1ff;
}

static uint64_t pte_of(uint64_t pa, uint64_t flags)
{
    return ((pa >> PAGE_SHIFT) << PTE_PPN_SHIFT) | flags;
}

/* Map (or remap, without any fence) va to pa with a 4 KiB Sv39 leaf. */
static void map(uint64_t va, uint64_t pa, uint64_t flags)
{
    uint64_t table = root;
    for (int i = 2; i > 0; i--) {
        uint64_t a = table + vpn(va, i) * 8;
        uint64_t pte = rd64(a);
        if (!(pte & PTE_V)) {
            pte = pte_of(pt_alloc(), PTE_V);
            wr64(a, pte);
        }
        table = ((pte & PTE_PPN_MASK) >> PTE_PPN_SHIFT) << PAGE_SHIFT;
    }
    wr64(table + vpn(va, 0) * 8, pte_of(pa, flags | PTE_V));
}

static void setup(void)
{
    bus = bus_new(RAM_BASE, RAM_SIZE);
    ck_assert_ptr_nonnull(bus);
    dc = dcache_new(bus);
    ck_assert_ptr_nonnull(dc);
    h = calloc(1, sizeof(*h));
    ck_assert_ptr_nonnull(h);
    bus->ram_written = on_ram_written;
    bus->flags_changed = on_flags_changed;
    dc->dropped_all = on_dropped_all;
    memset(&tb, 0, sizeof(tb));
    hart_init(h, 0, bus, dc, &tb, CODE_A);
    h->mtvec = TRAP_PA;

    next_page = PT_POOL;
    root = pt_alloc();
    h->satp = ((uint64_t)SATP_MODE_SV39 << SATP_MODE_SHIFT) | (root >> PAGE_SHIFT);
    h->priv = PRV_S;
    tlb_flush_all(&h->tlb);
}

static void teardown(void)
{
    free(h);
    dcache_free(dc);
    bus_free(bus);
}

static void st(uint64_t va, unsigned size, uint64_t v)
{
    enum exc e = mmu_store(h, va, size, v);
    ck_assert_msg(e == EXC_NONE, "store %#llx: exc %d", (unsigned long long)va, e);
}

static bool w_cached(uint64_t va)
{
    return h->tlb.w[tlb_index(va)].tag == (va & ~(PAGE_SIZE - 1));
}

/* Execute the instruction at pc; it must retire without a trap and be
 * len bytes long. */
static void step_len(uint64_t pc, unsigned len)
{
    enum priv priv = h->priv;
    h->pc = pc;
    hart_step(h);
    ck_assert_msg(h->pc == pc + len, "insn at %#llx trapped: mcause %llu",
                  (unsigned long long)pc, (unsigned long long)h->mcause);
    ck_assert_int_eq(h->priv, priv);
}

static void step_ok(uint64_t pc)
{
    step_len(pc, 4);
}

/* Execute at pc expecting a trap to M with this cause, epc and tval. */
static void step_trap(uint64_t pc, uint64_t cause, uint64_t epc, uint64_t tval)
{
    h->pc = pc;
    hart_step(h);
    ck_assert_int_eq(h->priv, PRV_M);
    ck_assert_uint_eq(h->mcause, cause);
    ck_assert_uint_eq(h->mepc, epc);
    ck_assert_uint_eq(h->mtval, tval);
    ck_assert_uint_eq(h->pc, TRAP_PA);
}
/* Decoded code is keyed by physical page: remapping a virtual page to
 * other code and fencing runs the new code. */
START_TEST(dcache_follows_remap)
{
    wr32(CODE_A, enc_addi(REG_A0, REG_A0, 1));
    wr32(CODE_A + 4, enc_sfence_vma(REG_ZERO, REG_ZERO));
    wr32(CODE_B, enc_addi(REG_A0, REG_A0, 2));
    wr32(CODE_B + 4, enc_sfence_vma(REG_ZERO, REG_ZERO));
    map(VCODE, CODE_A, RX);
    h->x[REG_A0] = 0;
    step_ok(VCODE);
    ck_assert_uint_eq(h->x[REG_A0], 1);
    const struct tlb_fetch_entry *x = &h->tlb.x[tlb_index(VCODE)];
    ck_assert_uint_eq(x->tag, VCODE);
    ck_assert_ptr_nonnull(x->dp);
    ck_assert_uint_eq(x->dp->pa, CODE_A);

    map(VCODE, CODE_B, RX);
    step_ok(VCODE + 4);                 /* sfence.vma zero, zero */
    step_ok(VCODE);
    ck_assert_uint_eq(h->x[REG_A0], 3);
    ck_assert_uint_eq(x->tag, VCODE);
    ck_assert_uint_eq(x->dp->pa, CODE_B);
}
END_TEST

/* A store to an instruction already executed (and decoded) makes the
 * next execution run the new instruction: through mmu_store, through
 * bus_write, when a store TLB entry for the page existed before the code
 * was decoded, and through a second virtual alias. */
START_TEST(store_to_code_invalidates)
{
    h->priv = PRV_M;
    h->x[REG_A0] = 0;
    wr32(CODE_A, enc_addi(REG_A0, REG_A0, 1));
    step_ok(CODE_A);
    ck_assert_uint_eq(h->x[REG_A0], 1);
    ck_assert_uint_eq(mmu_store(h, CODE_A, 4, enc_addi(REG_A0, REG_A0, 2)), EXC_NONE);
    step_ok(CODE_A);
    ck_assert_uint_eq(h->x[REG_A0], 3);

    wr32(CODE_A, enc_addi(REG_A0, REG_A0, 4));
    step_ok(CODE_A);
    ck_assert_uint_eq(h->x[REG_A0], 7);

    /* A store entry made before the page held decoded code. */
    st(CODE_B + 0x800, 4, 0);
    ck_assert(w_cached(CODE_B));
    wr32(CODE_B, enc_addi(REG_A0, REG_A0, 8));
    h->x[REG_A0] = 0;
    step_ok(CODE_B);
    ck_assert_uint_eq(h->x[REG_A0], 8);
    st(CODE_B, 4, enc_addi(REG_A0, REG_A0, 16));
    step_ok(CODE_B);
    ck_assert_uint_eq(h->x[REG_A0], 24);
}
END_TEST

START_TEST(store_to_code_through_alias)
{
    wr32(CODE_A, enc_addi(REG_A0, REG_A0, 1));
    map(VCODE, CODE_A, RX);
    map(V1, CODE_A, RW);
    h->x[REG_A0] = 0;
    step_ok(VCODE);
    ck_assert_uint_eq(h->x[REG_A0], 1);
    st(V1, 4, enc_addi(REG_A0, REG_A0, 2));
    step_ok(VCODE);
    ck_assert_uint_eq(h->x[REG_A0], 3);
    st(V1, 4, enc_addi(REG_A0, REG_A0, 4));
    step_ok(VCODE);
    ck_assert_uint_eq(h->x[REG_A0], 7);
}
END_TEST
/* A 32-bit instruction straddling two pages follows both mappings: the
 * second half is re-read after its page is remapped, and after a store
 * to it. */
START_TEST(straddling_insn_follows_both_pages)
{
    uint32_t add1 = enc_addi(REG_A0, REG_A0, 1);
    uint32_t add2 = enc_addi(REG_A0, REG_A0, 2);
    uint32_t add3 = enc_addi(REG_A0, REG_A0, 3);
    wr32(CODE_A, enc_sfence_vma(REG_ZERO, REG_ZERO));
    wr16(CODE_A + 0xffe, (uint16_t)add1);
    wr16(CODE_B, (uint16_t)(add1 >> 16));
    wr16(CODE_C, (uint16_t)(add2 >> 16));
    map(VCODE, CODE_A, RX);
    map(VCODE2, CODE_B, RX);
    h->x[REG_A0] = 0;
    step_ok(VCODE + 0xffe);
    ck_assert_uint_eq(h->x[REG_A0], 1);

    map(VCODE2, CODE_C, RX);
    step_ok(VCODE);
    step_ok(VCODE + 0xffe);
    ck_assert_uint_eq(h->x[REG_A0], 3);

    wr16(CODE_C, (uint16_t)(add3 >> 16));
    step_ok(VCODE + 0xffe);
    ck_assert_uint_eq(h->x[REG_A0], 6);
}
END_TEST

/* A 32-bit instruction whose second half lies in an unmapped page: fetch
 * page fault, epc = start of the instruction, tval = start of the second
 * page. A 16-bit instruction in the same place runs. */
START_TEST(fetch_fault_in_second_half)
{
    wr16(CODE_A + 0xffe, (uint16_t)enc_addi(REG_A0, REG_A0, 1));
    map(VCODE, CODE_A, RX);
    step_trap(VCODE + 0xffe, CAUSE_FETCH_PAGE_FAULT, VCODE + 0xffe, VCODE2);

    h->priv = PRV_S;
    wr16(CODE_A + 0xffe, C_ADDI_A0_1);
    h->x[REG_A0] = 0;
    step_len(VCODE + 0xffe, 2);
    ck_assert_uint_eq(h->x[REG_A0], 1);
    step_trap(VCODE2, CAUSE_FETCH_PAGE_FAULT, VCODE2, VCODE2);
}
END_TEST

/* Fetch needs X and, in S, a non-U page; the fault reports pc as tval. A
 * successful fetch sets A in the leaf PTE. */
START_TEST(fetch_permissions)
{
    wr32(CODE_A + 0x10, enc_addi(REG_A0, REG_A0, 1));
    map(VCODE, CODE_A, RW);
    step_trap(VCODE + 0x10, CAUSE_FETCH_PAGE_FAULT, VCODE + 0x10, VCODE + 0x10);

    h->priv = PRV_S;
    h->mstatus |= MSTATUS_SUM;
    map(VCODE, CODE_A, RX | PTE_U);
    step_trap(VCODE + 0x10, CAUSE_FETCH_PAGE_FAULT, VCODE + 0x10, VCODE + 0x10);

    h->priv = PRV_S;
    map(VCODE, CODE_A, PTE_X);
    step_ok(VCODE + 0x10);
    uint64_t table = root;
    for (int i = 2; i > 0; i--)
        table = ((rd64(table + vpn(VCODE, i) * 8) & PTE_PPN_MASK) >> PTE_PPN_SHIFT) << PAGE_SHIFT;
    ck_assert_uint_eq(rd64(table + vpn(VCODE, 0) * 8), pte_of(CODE_A, PTE_V | PTE_X | PTE_A));
}
END_TEST

static Suite *tlb_code_suite(void)
{
    Suite *s = suite_create("tlb_code");
    TCase *tc = tcase_create("code");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, dcache_follows_remap);
    tcase_add_test(tc, store_to_code_invalidates);
    tcase_add_test(tc, store_to_code_through_alias);
    tcase_add_test(tc, straddling_insn_follows_both_pages);
    tcase_add_test(tc, fetch_fault_in_second_half);
    tcase_add_test(tc, fetch_permissions);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(tlb_code_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
