/*
 * test_tlb.c - the software TLB as a hart sees it: fills and hits,
 * sfence.vma (priv spec 4.2.1) by address, by ASID, for superpages and
 * for global mappings, executed and called directly; satp writes and
 * other context changes; misaligned and page-crossing accesses; MMIO and
 * watched pages (never cached).
 *
 * tlb_flush_sfence() on hand-filled entries is in test_tlb_flush.c, the
 * decoded-instruction cache across remaps and stores in test_tlb_code.c.
 *
 * A hit is detected by changing a PTE in RAM without sfence.vma: the TLB
 * may keep the old translation, and this one does until it is fenced.
 *
 * The fixture is a bare hart on a bus with RAM and no machine, so the two
 * bus hooks struct machine installs (emu/machine.c) are mirrored here:
 * stores to flagged pages invalidate decoded code, and a page that gains
 * a flag loses its store TLB entries.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "bus.h"
#include "csr.h"
#include "dcache.h"
#include "hart.h"
#include "mmu.h"
#include "timebase.h"

#define RAM_BASE  0x80000000ull
#define RAM_SIZE  (16ull << 20)
#define TRAP_PA   RAM_BASE                    /* mtvec; never executed here  */
#define PAGE_A    (RAM_BASE + 0x100000ull)
#define PAGE_B    (RAM_BASE + 0x101000ull)
#define PAGE_C    (RAM_BASE + 0x102000ull)
#define CODE_A    (RAM_BASE + 0x200000ull)
#define CODE_B    (RAM_BASE + 0x201000ull)
#define SUPER_A   (RAM_BASE + 0x400000ull)    /* 2 MiB aligned               */
#define SUPER_B   (RAM_BASE + 0x600000ull)
#define PT_POOL   (RAM_BASE + (8ull << 20))
#define DEV_BASE  0x10000000ull
#define DEV_LEN   0x1000ull
#define NO_MEMORY 0x1000ull

/* Sv39 virtual addresses, each in its own TLB slot. */
#define V0        0x40000000ull               /* slot 0x00, left unmapped    */
#define V1        0x40001000ull               /* slot 0x01                   */
#define V2        0x40002000ull               /* slot 0x02                   */
#define V3        0xc0003000ull               /* slot 0x03, other root entry */
#define VCODE     0x40010000ull               /* slot 0x10                   */
#define VCODE_U   0x40011000ull               /* slot 0x11                   */
#define VDEV      0x40030000ull               /* slot 0x30                   */
#define VSUPER    0x40200000ull               /* 2 MiB page                  */
#define ASID      5

#define RW        (PTE_R | PTE_W | PTE_A | PTE_D)
#define RX        (PTE_R | PTE_X | PTE_A)

/* Instruction encodings (unprivileged spec ch. 2, priv spec 4.2.1). */
#define OPC_OP_IMM        0x13u
#define OPC_SYSTEM        0x73u
#define FUNCT7_SFENCE_VMA 0x09u
#define REG_ZERO          0u
#define REG_A0            10u
#define REG_A1            11u

static uint32_t enc_addi(unsigned rd, unsigned rs1, int imm)
{
    return ((uint32_t)imm & 0xfff) << 20 | rs1 << 15 | rd << 7 | OPC_OP_IMM;
}

static uint32_t enc_sfence_vma(unsigned rs1, unsigned rs2)
{
    return FUNCT7_SFENCE_VMA << 25 | rs2 << 20 | rs1 << 15 | OPC_SYSTEM;
}

/* A device that counts its accesses. */
struct counter_dev {
    unsigned reads, writes;
    uint64_t last_write;
};

static bool dev_read(void *dev, uint64_t off, unsigned size, uint64_t *val)
{
    struct counter_dev *d = dev;
    d->reads++;
    /* Offsets 0x100.. hold addi a0, a0, 1 for fetches; others a pattern. */
    uint32_t insn = enc_addi(REG_A0, REG_A0, 1);
    if (off >= 0x100 && off < 0x108)
        *val = (insn >> (8 * (off & 3))) & (size == 2 ? 0xffff : 0xffffffff);
    else
        *val = 0x5a00 + off;
    return true;
}

static bool dev_write(void *dev, uint64_t off, uint64_t val, unsigned size)
{
    struct counter_dev *d = dev;
    (void)off, (void)size;
    d->writes++;
    d->last_write = val;
    return true;
}

static const struct dev_ops counter_ops = { "counter", dev_read, dev_write };

static struct bus         *bus;
static struct dcache      *dc;
static struct timebase     tb;
static struct hart        *h;
static struct counter_dev  dev;
static uint64_t            next_page;
static uint64_t            root;
static unsigned            ram_writes;  /* calls of the ram_written hook */

/* Mirrors machine.c: a store to a page with decoded code forgets it. */
static void on_ram_written(void *ctx, uint64_t pa, uint64_t len)
{
    (void)ctx, (void)len;
    ram_writes++;
    if (bus_page_flags(bus, pa) & PGF_CODE)
        dcache_invalidate(dc, pa);
}

/* Mirrors machine.c: a page that gains a flag leaves the store fast path. */
static void on_flags_changed(void *ctx, uint64_t pa_page)
{
    (void)ctx;
    for (unsigned e = 0; e < TLB_SIZE; e++) {
        if (h->tlb.wm[e].pa == pa_page)
            h->tlb.w[e].tag = TLB_INVALID_TAG;
        if (h->tlb.rm[e].pa == pa_page && (bus_page_flags(bus, pa_page) & PGF_READ_WATCH))
            h->tlb.r[e].tag = TLB_INVALID_TAG;
    }
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

static uint64_t pte_pa(uint64_t pte)
{
    return ((pte & PTE_PPN_MASK) >> PTE_PPN_SHIFT) << PAGE_SHIFT;
}

/* Sv39: address of va's PTE at level, creating pointers above it. */
static uint64_t pte_slot(uint64_t va, int level)
{
    uint64_t table = root;
    for (int i = 2; i > level; i--) {
        uint64_t a = table + vpn(va, i) * 8;
        uint64_t pte = rd64(a);
        if (!(pte & PTE_V)) {
            pte = pte_of(pt_alloc(), PTE_V);
            wr64(a, pte);
        }
        table = pte_pa(pte);
    }
    return table + vpn(va, level) * 8;
}

/* Map (or remap, without any fence) va to pa with a leaf at level. */
static uint64_t map(uint64_t va, uint64_t pa, uint64_t flags, int level)
{
    uint64_t a = pte_slot(va, level);
    wr64(a, pte_of(pa, flags | PTE_V));
    return a;
}

static void setup(void)
{
    bus = bus_new(RAM_BASE, RAM_SIZE);
    ck_assert_ptr_nonnull(bus);
    dc = dcache_new(bus);
    ck_assert_ptr_nonnull(dc);
    h = calloc(1, sizeof(*h));
    ck_assert_ptr_nonnull(h);
    memset(&dev, 0, sizeof(dev));
    ram_writes = 0;
    ck_assert_int_eq(bus_map(bus, DEV_BASE, DEV_LEN, &counter_ops, &dev), 0);
    bus->ram_written = on_ram_written;
    bus->flags_changed = on_flags_changed;
    dc->dropped_all = on_dropped_all;
    memset(&tb, 0, sizeof(tb));
    hart_init(h, 0, bus, dc, &tb, CODE_A);
    h->mtvec = TRAP_PA;

    next_page = PT_POOL;
    root = pt_alloc();
    h->satp = ((uint64_t)SATP_MODE_SV39 << SATP_MODE_SHIFT) | ((uint64_t)ASID << SATP_ASID_SHIFT) |
              (root >> PAGE_SHIFT);
    h->priv = PRV_S;
    tlb_flush_all(&h->tlb);
}

static void teardown(void)
{
    free(h);
    dcache_free(dc);
    bus_free(bus);
}

static uint64_t ld(uint64_t va, unsigned size)
{
    uint64_t v = 0;
    enum exc e = mmu_load(h, va, size, &v);
    ck_assert_msg(e == EXC_NONE, "load %#llx: exc %d", (unsigned long long)va, e);
    return v;
}

static void st(uint64_t va, unsigned size, uint64_t v)
{
    enum exc e = mmu_store(h, va, size, v);
    ck_assert_msg(e == EXC_NONE, "store %#llx: exc %d", (unsigned long long)va, e);
}

static bool r_cached(uint64_t va)
{
    return h->tlb.r[tlb_index(va)].tag == (va & ~(PAGE_SIZE - 1));
}

static bool w_cached(uint64_t va)
{
    return h->tlb.w[tlb_index(va)].tag == (va & ~(PAGE_SIZE - 1));
}

/* Put the sfence.vma variants in a code page mapped at VCODE (S) and
 * VCODE_U (U). */
static void map_fence_code(void)
{
    wr32(CODE_A + 0, enc_sfence_vma(REG_ZERO, REG_ZERO));
    wr32(CODE_A + 4, enc_sfence_vma(REG_A0, REG_ZERO));
    wr32(CODE_A + 8, enc_sfence_vma(REG_ZERO, REG_A1));
    wr32(CODE_A + 12, enc_sfence_vma(REG_A0, REG_A1));
    map(VCODE, CODE_A, RX, 0);
    map(VCODE_U, CODE_A, RX | PTE_U, 0);
}

/* Execute the instruction at pc; it must retire without a trap. */
static void step_ok(uint64_t pc)
{
    enum priv priv = h->priv;
    h->pc = pc;
    hart_step(h);
    ck_assert_msg(h->pc == pc + 4, "insn at %#llx trapped: mcause %llu", (unsigned long long)pc,
                  (unsigned long long)h->mcause);
    ck_assert_int_eq(h->priv, priv);
}

/* A load fills the TLB; a second load hits and still sees the old page
 * after the PTE changes; sfence.vma of that page shows the new one. */
START_TEST(load_fills_then_hits)
{
    wr64(PAGE_A, 0x1111);
    wr64(PAGE_B, 0x2222);
    map(V1, PAGE_A, RW, 0);
    ck_assert(!r_cached(V1));
    ck_assert_uint_eq(ld(V1, 8), 0x1111);
    ck_assert(r_cached(V1));
    const struct tlb_meta *m = &h->tlb.rm[tlb_index(V1)];
    ck_assert_uint_eq(m->pa, PAGE_A);
    ck_assert_uint_eq(m->asid, ASID);
    ck_assert(!m->global);
    ck_assert_uint_eq(m->leaf_shift, 12);

    map(V1, PAGE_B, RW, 0);
    ck_assert_uint_eq(ld(V1, 8), 0x1111);
    tlb_flush_sfence(&h->tlb, true, V1, false, 0);
    ck_assert(!r_cached(V1));
    ck_assert_uint_eq(ld(V1, 8), 0x2222);
}
END_TEST

/* The same for stores: a stale store entry writes the old page. */
START_TEST(store_fills_then_hits)
{
    map(V1, PAGE_A, RW, 0);
    st(V1, 8, 0x3333);
    ck_assert(w_cached(V1));
    ck_assert_uint_eq(rd64(PAGE_A), 0x3333);
    map(V1, PAGE_B, RW, 0);
    st(V1, 8, 0x4444);
    ck_assert_uint_eq(rd64(PAGE_A), 0x4444);
    ck_assert_uint_eq(rd64(PAGE_B), 0);
    tlb_flush_sfence(&h->tlb, true, V1, false, 0);
    st(V1, 8, 0x5555);
    ck_assert_uint_eq(rd64(PAGE_B), 0x5555);
    ck_assert_uint_eq(rd64(PAGE_A), 0x4444);
}
END_TEST

/* sfence.vma zero, zero (executed by the hart in S) drops everything. */
START_TEST(sfence_instruction_all)
{
    map_fence_code();
    wr64(PAGE_A, 0xa);
    wr64(PAGE_B, 0xb);
    map(V1, PAGE_A, RW, 0);
    map(V2, PAGE_A, RW, 0);
    ck_assert_uint_eq(ld(V1, 8), 0xa);
    ck_assert_uint_eq(ld(V2, 8), 0xa);
    map(V1, PAGE_B, RW, 0);
    map(V2, PAGE_B, RW, 0);
    ck_assert_uint_eq(ld(V1, 8), 0xa);
    step_ok(VCODE);
    ck_assert_uint_eq(ld(V1, 8), 0xb);
    ck_assert_uint_eq(ld(V2, 8), 0xb);
}
END_TEST

/* By address: only the page holding the address goes; another page's
 * stale entry survives. rs1 != x0 selects by address even when its value
 * is 0 (priv spec 4.2.1), and any offset in the page selects it. */
START_TEST(sfence_by_address_only_that_page)
{
    map_fence_code();
    wr64(PAGE_A, 0xa);
    wr64(PAGE_B, 0xb);
    map(V1, PAGE_A, RW, 0);
    map(V2, PAGE_A, RW, 0);
    ld(V1, 8);
    ld(V2, 8);
    map(V1, PAGE_B, RW, 0);
    map(V2, PAGE_B, RW, 0);

    tlb_flush_sfence(&h->tlb, true, V1 + 0x123, false, 0);
    ck_assert_uint_eq(ld(V1, 8), 0xb);
    ck_assert_uint_eq(ld(V2, 8), 0xa);

    map(V1, PAGE_A, RW, 0);
    h->x[REG_A0] = 0;                   /* rs1 = a0 = 0: page 0 only */
    step_ok(VCODE + 4);
    ck_assert_uint_eq(ld(V1, 8), 0xb);
    ck_assert_uint_eq(ld(V2, 8), 0xa);

    h->x[REG_A0] = V2 + 0xff8;
    step_ok(VCODE + 4);
    ck_assert_uint_eq(ld(V1, 8), 0xb);
    ck_assert_uint_eq(ld(V2, 8), 0xb);
}
END_TEST

/* A 2 MiB page is cached as 4 KiB slices in many slots; sfence.vma of
 * any address in it drops all of them, and nothing else. */
START_TEST(sfence_superpage_all_slices)
{
    static const unsigned slices[] = { 0x20, 0x21, 0xa0, 0x1ff };
    for (unsigned k = 0; k < 4; k++) {
        wr64(SUPER_A + slices[k] * PAGE_SIZE, 0xa00 + k);
        wr64(SUPER_B + slices[k] * PAGE_SIZE, 0xb00 + k);
    }
    wr64(PAGE_A, 0xa);
    wr64(PAGE_B, 0xb);
    map(VSUPER, SUPER_A, RW, 1);
    map(V1, PAGE_A, RW, 0);
    for (unsigned k = 0; k < 4; k++) {
        ck_assert_uint_eq(ld(VSUPER + slices[k] * PAGE_SIZE, 8), 0xa00 + k);
        ck_assert_uint_eq(h->tlb.rm[tlb_index(VSUPER + slices[k] * PAGE_SIZE)].leaf_shift, 21);
    }
    ld(V1, 8);
    map(VSUPER, SUPER_B, RW, 1);
    map(V1, PAGE_B, RW, 0);
    ck_assert_uint_eq(ld(VSUPER + slices[0] * PAGE_SIZE, 8), 0xa00);

    tlb_flush_sfence(&h->tlb, true, VSUPER + 0x21 * PAGE_SIZE + 8, false, 0);
    for (unsigned k = 0; k < 4; k++)
        ck_assert_uint_eq(ld(VSUPER + slices[k] * PAGE_SIZE, 8), 0xb00 + k);
    ck_assert_uint_eq(ld(V1, 8), 0xa);
}
END_TEST

/* Entries record satp's ASID and whether the mapping is global (G in the
 * leaf or in any pointer above it, priv spec 4.3.1). sfence by ASID drops
 * that ASID's non-global entries only. */
START_TEST(sfence_asid_keeps_global_on_hart)
{
    map_fence_code();
    wr64(PAGE_A, 0xa);
    wr64(PAGE_B, 0xb);
    map(V1, PAGE_A, RW | PTE_G, 0);     /* global leaf           */
    map(V2, PAGE_A, RW, 0);             /* not global            */
    map(V3, PAGE_A, RW, 0);
    uint64_t ptr = root + vpn(V3, 2) * 8;
    wr64(ptr, rd64(ptr) | PTE_G);       /* global pointer above  */
    ld(V1, 8);
    ld(V2, 8);
    ld(V3, 8);
    ck_assert(h->tlb.rm[tlb_index(V1)].global);
    ck_assert(!h->tlb.rm[tlb_index(V2)].global);
    ck_assert(h->tlb.rm[tlb_index(V3)].global);
    ck_assert_uint_eq(h->tlb.rm[tlb_index(V2)].asid, ASID);
    map(V1, PAGE_B, RW | PTE_G, 0);
    map(V2, PAGE_B, RW, 0);
    map(V3, PAGE_B, RW, 0);

    tlb_flush_sfence(&h->tlb, false, 0, true, ASID + 1);
    ck_assert_uint_eq(ld(V1, 8), 0xa);
    ck_assert_uint_eq(ld(V2, 8), 0xa);
    ck_assert_uint_eq(ld(V3, 8), 0xa);

    h->x[REG_A1] = 0;                   /* rs2 = a1 = 0: ASID 0 only */
    step_ok(VCODE + 8);
    ck_assert_uint_eq(ld(V2, 8), 0xa);

    h->x[REG_A1] = ASID;
    step_ok(VCODE + 8);
    ck_assert_uint_eq(ld(V1, 8), 0xa);
    ck_assert_uint_eq(ld(V2, 8), 0xb);
    ck_assert_uint_eq(ld(V3, 8), 0xa);
}
END_TEST

/* sfence.vma is illegal in U, and in S when mstatus.TVM = 1; M may
 * execute it with TVM set (priv spec 3.1.6.5). */
START_TEST(sfence_privilege)
{
    map_fence_code();
    h->priv = PRV_U;
    h->pc = VCODE_U;
    hart_step(h);
    ck_assert_uint_eq(h->mcause, CAUSE_ILLEGAL_INSTRUCTION);
    ck_assert_uint_eq(h->mepc, VCODE_U);
    ck_assert_int_eq(h->priv, PRV_M);

    h->priv = PRV_S;
    h->mcause = 0;
    h->mstatus |= MSTATUS_TVM;
    h->pc = VCODE;
    hart_step(h);
    ck_assert_uint_eq(h->mcause, CAUSE_ILLEGAL_INSTRUCTION);
    ck_assert_uint_eq(h->mepc, VCODE);

    h->priv = PRV_M;
    h->mcause = 0;
    step_ok(CODE_A);
    ck_assert_uint_eq(h->mcause, 0);
}
END_TEST

/* A satp write flushes the hart's TLB (mmu/tlb.h); a write with a mode
 * the hart lacks has no effect at all (priv spec 4.1.11), and TVM makes
 * satp illegal in S. */
START_TEST(satp_write_flushes_and_warl)
{
    wr64(PAGE_A, 0xa);
    wr64(PAGE_B, 0xb);
    map(V1, PAGE_A, RW, 0);
    ld(V1, 8);
    map(V1, PAGE_B, RW, 0);
    uint64_t old = h->satp;
    ck_assert_int_eq(csr_check_write(h, CSR_SATP), EXC_NONE);
    for (uint64_t mode = 1; mode < 16; mode++) {
        if (mode == SATP_MODE_SV39 || mode == SATP_MODE_SV48)
            continue;
        csr_write(h, CSR_SATP, (mode << SATP_MODE_SHIFT) | (root >> PAGE_SHIFT));
        ck_assert_uint_eq(h->satp, old);
    }

    uint64_t other = (old & ~SATP_ASID) | ((uint64_t)(ASID + 1) << SATP_ASID_SHIFT);
    csr_write(h, CSR_SATP, other);
    ck_assert_uint_eq(h->satp, other);
    ck_assert(!r_cached(V1));
    ck_assert_uint_eq(ld(V1, 8), 0xb);

    h->mstatus |= MSTATUS_TVM;
    ck_assert_int_eq(csr_check_write(h, CSR_SATP), EXC_ILLEGAL_INSTRUCTION);
    h->priv = PRV_M;
    ck_assert_int_eq(csr_check_write(h, CSR_SATP), EXC_NONE);
}
END_TEST

/* A misaligned access fails the tag compare and takes the slow path,
 * which walks again (here: sees the new mapping) and still works. */
START_TEST(misaligned_misses_fast_path)
{
    for (unsigned k = 0; k < 16; k++) {
        wr64(PAGE_A + 8 * k, 0xa0a0a0a0a0a0a0a0ull + k);
        wr64(PAGE_B + 8 * k, 0xb0b0b0b0b0b0b0b0ull + k);
    }
    map(V1, PAGE_A, RW, 0);
    ck_assert_uint_eq(ld(V1, 8), 0xa0a0a0a0a0a0a0a0ull);
    map(V1, PAGE_B, RW, 0);
    ck_assert_uint_eq(ld(V1 + 8, 8), 0xa0a0a0a0a0a0a0a1ull);    /* aligned: hit  */
    ck_assert_uint_eq(ld(V1 + 4, 4), 0xa0a0a0a0);              /* aligned: hit  */
    ck_assert_uint_eq(ld(V1 + 9, 2), 0xb0b0);                  /* misaligned    */
    ck_assert_uint_eq(ld(V1 + 3, 8), 0xb0b0b1b0b0b0b0b0ull);    /* crosses words */

    /* Stores: an aligned store fills an entry (for B); after remapping to
     * A, aligned stores still hit B, a misaligned one walks and lands in A. */
    st(V1 + 0x18, 8, 0x99);
    map(V1, PAGE_A, RW, 0);
    st(V1 + 0x20, 8, 0x98);
    ck_assert_uint_eq(rd64(PAGE_B + 0x20), 0x98);
    ck_assert_uint_eq(rd64(PAGE_A + 0x20), 0xa0a0a0a0a0a0a0a4ull);
    st(V1 + 0x11, 4, 0x11223344);
    ck_assert_uint_eq(rd64(PAGE_A + 0x10), 0xa0a0a011223344a2ull);
    ck_assert_uint_eq(rd64(PAGE_B + 0x10), 0xb0b0b0b0b0b0b0b2ull);
}
END_TEST

/* A page-crossing load needs both pages; when the second is unmapped the
 * fault's tval is the start of the second page (priv spec 3.1.16: the
 * address of the portion that faulted). */
START_TEST(page_cross_load)
{
    wr64(PAGE_A + 0xff8, 0x8877665544332211ull);
    wr64(PAGE_C, 0x00ffeeddccbbaa99ull);
    map(V1, PAGE_A, RW, 0);
    uint64_t v;
    ck_assert_int_eq(mmu_load(h, V1 + 0xffc, 8, &v), EXC_LOAD_PAGE_FAULT);
    ck_assert_uint_eq(h->exc_tval, V2);
    ck_assert_int_eq(mmu_load(h, V1 + 0xfff, 2, &v), EXC_LOAD_PAGE_FAULT);
    ck_assert_uint_eq(h->exc_tval, V2);
    ck_assert_int_eq(mmu_load(h, V0 + 0xffe, 4, &v), EXC_LOAD_PAGE_FAULT);
    ck_assert_uint_eq(h->exc_tval, V0 + 0xffe);

    map(V2, PAGE_C, RW, 0);                 /* not adjacent to PAGE_A */
    ck_assert_uint_eq(ld(V1 + 0xffc, 8), 0xccbbaa9988776655ull);
    ck_assert_uint_eq(ld(V1 + 0xfff, 2), 0x9988);
}
END_TEST

/* A page-crossing store that faults in the second page (unmapped or
 * read-only) writes nothing to the first. */
START_TEST(page_cross_store)
{
    uint8_t *a = bus_ram_ptr(bus, PAGE_A, PAGE_SIZE);
    uint8_t *c = bus_ram_ptr(bus, PAGE_C, PAGE_SIZE);
    memset(a, 0x5a, PAGE_SIZE);
    map(V1, PAGE_A, RW, 0);
    ck_assert_int_eq(mmu_store(h, V1 + 0xffd, 8, ~0ull), EXC_STORE_PAGE_FAULT);
    ck_assert_uint_eq(h->exc_tval, V2);
    for (unsigned k = 0xff0; k < PAGE_SIZE; k++)
        ck_assert_uint_eq(a[k], 0x5a);

    map(V2, PAGE_C, PTE_R | PTE_A, 0);
    ck_assert_int_eq(mmu_store(h, V1 + 0xffe, 4, ~0ull), EXC_STORE_PAGE_FAULT);
    ck_assert_uint_eq(h->exc_tval, V2);
    ck_assert_uint_eq(a[0xffe], 0x5a);
    ck_assert_uint_eq(a[0xfff], 0x5a);
    ck_assert_uint_eq(c[0], 0);

    map(V2, PAGE_C, RW, 0);
    st(V1 + 0xffd, 8, 0x8877665544332211ull);
    ck_assert_uint_eq(a[0xffc], 0x5a);
    ck_assert_uint_eq(a[0xffd], 0x11);
    ck_assert_uint_eq(a[0xfff], 0x33);
    ck_assert_uint_eq(c[0], 0x44);
    ck_assert_uint_eq(c[4], 0x88);
    ck_assert_uint_eq(c[5], 0);
}
END_TEST

/* Device pages never enter the TLB: every access reaches the device,
 * translated (S) or not (M), loads, stores and fetches alike. */
START_TEST(mmio_never_cached)
{
    map(VDEV, DEV_BASE, RW | PTE_X, 0);
    for (unsigned k = 0; k < 3; k++)
        ck_assert_uint_eq(ld(VDEV + 0x10, 4), 0x5a10);
    ck_assert_uint_eq(dev.reads, 3);
    ck_assert(!r_cached(VDEV));
    st(VDEV + 8, 4, 0x77);
    st(VDEV + 8, 4, 0x78);
    ck_assert_uint_eq(dev.writes, 2);
    ck_assert_uint_eq(dev.last_write, 0x78);
    ck_assert(!w_cached(VDEV));

    h->x[REG_A0] = 0;
    for (unsigned k = 1; k <= 2; k++) {
        unsigned before = dev.reads;
        step_ok(VDEV + 0x100);
        ck_assert_uint_eq(h->x[REG_A0], k);
        ck_assert_uint_gt(dev.reads, before);
        ck_assert_uint_ne(h->tlb.x[tlb_index(VDEV)].tag, VDEV);
    }

    h->priv = PRV_M;
    unsigned before = dev.reads;
    ck_assert_uint_eq(ld(DEV_BASE + 0x20, 8), 0x5a20);
    ck_assert_uint_eq(ld(DEV_BASE + 0x20, 8), 0x5a20);
    ck_assert_uint_eq(dev.reads, before + 2);
    ck_assert(!r_cached(DEV_BASE));
}
END_TEST

/* A leaf pointing at physical memory that does not exist translates, and
 * the access itself is an access fault with tval = va. */
START_TEST(leaf_to_nothing_is_access_fault)
{
    map(V1, NO_MEMORY, RW | PTE_X, 0);
    uint64_t v;
    ck_assert_int_eq(mmu_load(h, V1 + 0x40, 8, &v), EXC_LOAD_ACCESS);
    ck_assert_uint_eq(h->exc_tval, V1 + 0x40);
    ck_assert_int_eq(mmu_store(h, V1 + 0x48, 8, 1), EXC_STORE_ACCESS);
    ck_assert_uint_eq(h->exc_tval, V1 + 0x48);
    h->pc = V1 + 0x50;
    hart_step(h);
    ck_assert_uint_eq(h->mcause, CAUSE_FETCH_ACCESS);
    ck_assert_uint_eq(h->mtval, V1 + 0x50);
    ck_assert_uint_eq(h->mepc, V1 + 0x50);
}
END_TEST

/* Pages the emulator watches (any flag) get no store entries, so every
 * store reaches the bus and its ram_written hook; PGF_READ_WATCH pages
 * get no load entries either (mmu/bus.h). */
START_TEST(watched_pages_not_cached)
{
    map(V1, PAGE_A, RW, 0);
    map(V2, PAGE_B, RW, 0);
    bus_set_page_flag(bus, PAGE_A, PGF_WATCH);
    for (unsigned k = 0; k < 3; k++)
        st(V1 + 8 * k, 8, k + 1);
    ck_assert_uint_eq(ram_writes, 3);
    ck_assert(!w_cached(V1));
    ck_assert_uint_eq(ld(V1 + 8, 8), 2);

    bus_set_page_flag(bus, PAGE_B, PGF_READ_WATCH);
    wr64(PAGE_B, 0x77);
    ck_assert_uint_eq(ld(V2, 8), 0x77);
    ck_assert_uint_eq(ld(V2, 8), 0x77);
    ck_assert(!r_cached(V2));
}
END_TEST

/* Loads fill only the load array: the first store to a page whose PTE
 * has D = 0 still walks, so D gets set (priv spec 4.3.2 step 7), and a
 * store to a read-only page whose load entry is cached still faults. */
START_TEST(store_after_load_sets_dirty)
{
    uint64_t a = map(V1, PAGE_A, PTE_R | PTE_W, 0);
    ld(V1, 8);
    ck_assert(r_cached(V1));
    ck_assert_uint_eq(rd64(a), pte_of(PAGE_A, PTE_V | PTE_R | PTE_W | PTE_A));
    st(V1, 8, 1);
    ck_assert_uint_eq(rd64(a), pte_of(PAGE_A, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D));

    map(V2, PAGE_B, PTE_R | PTE_A, 0);
    ld(V2, 8);
    ck_assert_int_eq(mmu_store(h, V2, 8, 1), EXC_STORE_PAGE_FAULT);
    ck_assert_uint_eq(h->exc_tval, V2);
    ck_assert_uint_eq(rd64(PAGE_B), 0);
}
END_TEST

/* Entries are made for one privilege/SUM/MXR/MPRV context; after the
 * context changes through a CSR write or a trap, an old entry must not
 * grant what the new context forbids (mmu/tlb.h: the hart flushes). */
START_TEST(context_change_drops_entries)
{
    uint64_t v;
    map(V1, PAGE_A, RW | PTE_U, 0);
    csr_write(h, CSR_SSTATUS, h->mstatus | MSTATUS_SUM);
    ld(V1, 8);
    st(V1, 8, 1);
    ck_assert(r_cached(V1) && w_cached(V1));
    csr_write(h, CSR_SSTATUS, h->mstatus & ~MSTATUS_SUM);
    ck_assert_int_eq(mmu_load(h, V1, 8, &v), EXC_LOAD_PAGE_FAULT);
    ck_assert_int_eq(mmu_store(h, V1, 8, 2), EXC_STORE_PAGE_FAULT);

    map(V2, PAGE_B, PTE_X | PTE_A, 0);
    csr_write(h, CSR_SSTATUS, h->mstatus | MSTATUS_MXR);
    ld(V2, 8);
    csr_write(h, CSR_SSTATUS, h->mstatus & ~MSTATUS_MXR);
    ck_assert_int_eq(mmu_load(h, V2, 8, &v), EXC_LOAD_PAGE_FAULT);

    /* U's entry for a U page does not serve S after a trap into S. */
    h->medeleg = 1ull << CAUSE_USER_ECALL;
    h->priv = PRV_U;
    tlb_flush_all(&h->tlb);
    ld(V1, 8);
    trap_take(h, CAUSE_USER_ECALL, 0);
    ck_assert_int_eq(h->priv, PRV_S);
    ck_assert_int_eq(mmu_load(h, V1, 8, &v), EXC_LOAD_PAGE_FAULT);

    /* M with MPRV: loads as MPP; changing MPP from U to S loses the U
     * page (no SUM). */
    h->priv = PRV_M;
    csr_write(h, CSR_MSTATUS, (h->mstatus & ~MSTATUS_MPP) | MSTATUS_MPRV);
    ld(V1, 8);
    ck_assert(r_cached(V1));
    csr_write(h, CSR_MSTATUS, h->mstatus | ((uint64_t)PRV_S << MSTATUS_MPP_SHIFT));
    ck_assert_int_eq(mmu_load(h, V1, 8, &v), EXC_LOAD_PAGE_FAULT);
}
END_TEST

static Suite *tlb_suite(void)
{
    Suite *s = suite_create("tlb");
    TCase *tc = tcase_create("hart");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, load_fills_then_hits);
    tcase_add_test(tc, store_fills_then_hits);
    tcase_add_test(tc, sfence_instruction_all);
    tcase_add_test(tc, sfence_by_address_only_that_page);
    tcase_add_test(tc, sfence_superpage_all_slices);
    tcase_add_test(tc, sfence_asid_keeps_global_on_hart);
    tcase_add_test(tc, sfence_privilege);
    tcase_add_test(tc, satp_write_flushes_and_warl);
    tcase_add_test(tc, misaligned_misses_fast_path);
    tcase_add_test(tc, page_cross_load);
    tcase_add_test(tc, page_cross_store);
    tcase_add_test(tc, mmio_never_cached);
    tcase_add_test(tc, leaf_to_nothing_is_access_fault);
    tcase_add_test(tc, watched_pages_not_cached);
    tcase_add_test(tc, store_after_load_sets_dirty);
    tcase_add_test(tc, context_change_drops_entries);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(tlb_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
