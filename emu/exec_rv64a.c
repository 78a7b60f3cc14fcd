/*
 * exec_rv64a.c - A extension: LR/SC and AMOs (unprivileged spec ch. 8).
 *
 * The reservation is a real one: LR records the physical address, the
 * machine watches that page, and a store by another hart (or DMA) into the
 * reservation granule breaks it. SC succeeds only with an unbroken
 * reservation for the same address and size. Misaligned LR/SC/AMO raise
 * address-misaligned exceptions (QEMU does the same).
 */
#include "exec.h"
#include "mmu.h"

#define RS1 (h->x[i->rs1])
#define RS2 (h->x[i->rs2])
#define RD  (h->x[i->rd])

static inline uint64_t extend(uint64_t v, unsigned size)
{
    return size == 4 ? (uint64_t)sext32(v) : v;
}

static enum exc lr(struct hart *h, const struct insn *i, unsigned size)
{
    uint64_t va = RS1, pa, v;
    if (va & (size - 1)) {
        h->exc_tval = va;
        return EXC_MISALIGNED_LOAD;
    }
    const uint8_t *p = mmu_load_ptr(h, va, size);
    if (p) {
        /* A TLB hit: the translation a walk would give, without walking. */
        v = host_load(p, size);
        pa = (uint64_t)(p - h->bus->ram) + h->bus->ram_base;
    } else {
        enum exc e = mmu_translate(h, va, ACCESS_LOAD, &pa);
        if (e)
            return e;
        if (!bus_read(h->bus, pa, size, &v)) {
            h->exc_tval = va;
            return EXC_LOAD_ACCESS;
        }
    }
    RD = extend(v, size);
    h->resv_pa = pa;
    h->resv_size = size;
    if (h->resv_hook)
        h->resv_hook(h, pa);
    return EXC_NONE;
}

static enum exc sc(struct hart *h, const struct insn *i, unsigned size)
{
    uint64_t va = RS1, pa;
    if (va & (size - 1)) {
        h->exc_tval = va;
        return EXC_MISALIGNED_STORE;
    }
    /* No reservation: the SC fails without touching memory, so it neither
     * faults nor sets A/D (a D update must be exact, priv spec 4.3.1), as
     * in QEMU and the Sail model. */
    if (h->resv_pa == RESV_NONE) {
        RD = 1;
        return EXC_NONE;
    }
    /* A store entry is made only for a page without watch flags, and a
     * page holding any hart's reservation carries PGF_RESV (when the
     * machine watches reservations through resv_hook): a hit means this
     * hart's reservation is elsewhere, so the SC fails, as the walk
     * below would find too. */
    if (h->resv_hook && mmu_store_ptr(h, va, size)) {
        h->resv_pa = RESV_NONE;
        RD = 1;
        return EXC_NONE;
    }
    enum exc e = mmu_translate(h, va, ACCESS_STORE, &pa);
    if (e)
        return e;
    bool ok = h->resv_pa == pa && h->resv_size == size;
    h->resv_pa = RESV_NONE;
    if (ok) {
        if (!bus_write(h->bus, pa, RS2, size)) {
            h->exc_tval = va;
            return EXC_STORE_ACCESS;
        }
    }
    RD = !ok;
    return EXC_NONE;
}

/* Read-modify-write at RS1: rd gets the old value, memory gets f(old, rs2). */
static enum exc amo(struct hart *h, const struct insn *i, unsigned size,
                    uint64_t (*f)(uint64_t old, uint64_t src, unsigned size))
{
    uint64_t va = RS1, pa, old;
    if (va & (size - 1)) {
        h->exc_tval = va;
        return EXC_MISALIGNED_STORE;
    }
    /* A TLB store hit is unwatched RAM with write permission: the
     * read-modify-write happens in place. */
    uint8_t *p = mmu_store_ptr(h, va, size);
    if (p) {
        old = host_load(p, size);
        host_store(p, f(old, RS2, size), size);
        RD = extend(old, size);
        return EXC_NONE;
    }
    /* AMOs need write permission and fault as stores (priv spec 4.3.1). */
    enum exc e = mmu_translate(h, va, ACCESS_STORE, &pa);
    if (e)
        return e;
    if (!bus_read(h->bus, pa, size, &old) ||
        !bus_write(h->bus, pa, f(old, RS2, size), size)) {
        h->exc_tval = va;
        return EXC_STORE_ACCESS;
    }
    RD = extend(old, size);
    return EXC_NONE;
}

static uint64_t f_swap(uint64_t o, uint64_t s, unsigned n) { (void)o; (void)n; return s; }
static uint64_t f_add(uint64_t o, uint64_t s, unsigned n)  { (void)n; return o + s; }
static uint64_t f_xor(uint64_t o, uint64_t s, unsigned n)  { (void)n; return o ^ s; }
static uint64_t f_and(uint64_t o, uint64_t s, unsigned n)  { (void)n; return o & s; }
static uint64_t f_or(uint64_t o, uint64_t s, unsigned n)   { (void)n; return o | s; }

static int64_t as_signed(uint64_t v, unsigned n) { return n == 4 ? sext32(v) : (int64_t)v; }
static uint64_t as_unsigned(uint64_t v, unsigned n) { return n == 4 ? (uint32_t)v : v; }

static uint64_t f_min(uint64_t o, uint64_t s, unsigned n)
{
    return as_signed(o, n) < as_signed(s, n) ? o : s;
}
static uint64_t f_max(uint64_t o, uint64_t s, unsigned n)
{
    return as_signed(o, n) > as_signed(s, n) ? o : s;
}
static uint64_t f_minu(uint64_t o, uint64_t s, unsigned n)
{
    return as_unsigned(o, n) < as_unsigned(s, n) ? o : s;
}
static uint64_t f_maxu(uint64_t o, uint64_t s, unsigned n)
{
    return as_unsigned(o, n) > as_unsigned(s, n) ? o : s;
}

enum exc exec_lr_w(struct hart *h, const struct insn *i)      { return lr(h, i, 4); }
enum exc exec_sc_w(struct hart *h, const struct insn *i)      { return sc(h, i, 4); }
enum exc exec_amoswap_w(struct hart *h, const struct insn *i) { return amo(h, i, 4, f_swap); }
enum exc exec_amoadd_w(struct hart *h, const struct insn *i)  { return amo(h, i, 4, f_add); }
enum exc exec_amoxor_w(struct hart *h, const struct insn *i)  { return amo(h, i, 4, f_xor); }
enum exc exec_amoand_w(struct hart *h, const struct insn *i)  { return amo(h, i, 4, f_and); }
enum exc exec_amoor_w(struct hart *h, const struct insn *i)   { return amo(h, i, 4, f_or); }
enum exc exec_amomin_w(struct hart *h, const struct insn *i)  { return amo(h, i, 4, f_min); }
enum exc exec_amomax_w(struct hart *h, const struct insn *i)  { return amo(h, i, 4, f_max); }
enum exc exec_amominu_w(struct hart *h, const struct insn *i) { return amo(h, i, 4, f_minu); }
enum exc exec_amomaxu_w(struct hart *h, const struct insn *i) { return amo(h, i, 4, f_maxu); }
enum exc exec_lr_d(struct hart *h, const struct insn *i)      { return lr(h, i, 8); }
enum exc exec_sc_d(struct hart *h, const struct insn *i)      { return sc(h, i, 8); }
enum exc exec_amoswap_d(struct hart *h, const struct insn *i) { return amo(h, i, 8, f_swap); }
enum exc exec_amoadd_d(struct hart *h, const struct insn *i)  { return amo(h, i, 8, f_add); }
enum exc exec_amoxor_d(struct hart *h, const struct insn *i)  { return amo(h, i, 8, f_xor); }
enum exc exec_amoand_d(struct hart *h, const struct insn *i)  { return amo(h, i, 8, f_and); }
enum exc exec_amoor_d(struct hart *h, const struct insn *i)   { return amo(h, i, 8, f_or); }
enum exc exec_amomin_d(struct hart *h, const struct insn *i)  { return amo(h, i, 8, f_min); }
enum exc exec_amomax_d(struct hart *h, const struct insn *i)  { return amo(h, i, 8, f_max); }
enum exc exec_amominu_d(struct hart *h, const struct insn *i) { return amo(h, i, 8, f_minu); }
enum exc exec_amomaxu_d(struct hart *h, const struct insn *i) { return amo(h, i, 8, f_maxu); }
