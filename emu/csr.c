/*
 * csr.c - CSR reads, writes and their rules.
 */
#include "csr.h"

#include <stdio.h>
#include <string.h>

#include "timebase.h"

#define SSTATUS_READ_MASK (MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_UBE | MSTATUS_SPP | \
                           MSTATUS_VS | MSTATUS_FS | MSTATUS_XS | MSTATUS_SUM |    \
                           MSTATUS_MXR | MSTATUS_UXL | MSTATUS_SD)
#define SSTATUS_WRITE_MASK (MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_FS | \
                            MSTATUS_SUM | MSTATUS_MXR)
#define MSTATUS_WRITE_MASK (SSTATUS_WRITE_MASK | MSTATUS_MIE | MSTATUS_MPIE |      \
                            MSTATUS_MPP | MSTATUS_MPRV | MSTATUS_TVM |            \
                            MSTATUS_TW | MSTATUS_TSR)
/* Changing any of these changes what a TLB hit may allow. */
#define MSTATUS_XLATE_BITS (MSTATUS_MPRV | MSTATUS_SUM | MSTATUS_MXR | MSTATUS_MPP)

/* Exceptions that may be delegated: all but M-mode ecall and the reserved
 * codes 10 and 14 (priv spec 3.1.8). */
#define MEDELEG_MASK ((1ULL << CAUSE_MISALIGNED_FETCH) | (1ULL << CAUSE_FETCH_ACCESS) |   \
                      (1ULL << CAUSE_ILLEGAL_INSTRUCTION) | (1ULL << CAUSE_BREAKPOINT) |  \
                      (1ULL << CAUSE_MISALIGNED_LOAD) | (1ULL << CAUSE_LOAD_ACCESS) |     \
                      (1ULL << CAUSE_MISALIGNED_STORE) | (1ULL << CAUSE_STORE_ACCESS) |   \
                      (1ULL << CAUSE_USER_ECALL) | (1ULL << CAUSE_SUPERVISOR_ECALL) |     \
                      (1ULL << CAUSE_FETCH_PAGE_FAULT) | (1ULL << CAUSE_LOAD_PAGE_FAULT) | \
                      (1ULL << CAUSE_STORE_PAGE_FAULT))
#define MIDELEG_MASK MIP_S_MASK
#define MIE_MASK MIP_ALL
#define COUNTEREN_MASK 0xffffffffULL
#define MENVCFG_MASK (MENVCFG_FIOM | MENVCFG_STCE)
#define SENVCFG_MASK MENVCFG_FIOM
#define PMPADDR_MASK ((1ULL << 54) - 1)

static const struct { unsigned num; const char *name; } csr_names[] = {
    { CSR_FFLAGS, "fflags" }, { CSR_FRM, "frm" }, { CSR_FCSR, "fcsr" },
    { CSR_CYCLE, "cycle" }, { CSR_TIME, "time" }, { CSR_INSTRET, "instret" },
    { CSR_SSTATUS, "sstatus" }, { CSR_SIE, "sie" }, { CSR_STVEC, "stvec" },
    { CSR_SCOUNTEREN, "scounteren" }, { CSR_SENVCFG, "senvcfg" },
    { CSR_SSCRATCH, "sscratch" }, { CSR_SEPC, "sepc" }, { CSR_SCAUSE, "scause" },
    { CSR_STVAL, "stval" }, { CSR_SIP, "sip" }, { CSR_STIMECMP, "stimecmp" },
    { CSR_SATP, "satp" }, { CSR_MVENDORID, "mvendorid" }, { CSR_MARCHID, "marchid" },
    { CSR_MIMPID, "mimpid" }, { CSR_MHARTID, "mhartid" }, { CSR_MCONFIGPTR, "mconfigptr" },
    { CSR_MSTATUS, "mstatus" }, { CSR_MISA, "misa" }, { CSR_MEDELEG, "medeleg" },
    { CSR_MIDELEG, "mideleg" }, { CSR_MIE, "mie" }, { CSR_MTVEC, "mtvec" },
    { CSR_MCOUNTEREN, "mcounteren" }, { CSR_MENVCFG, "menvcfg" },
    { CSR_MCOUNTINHIBIT, "mcountinhibit" }, { CSR_MSCRATCH, "mscratch" },
    { CSR_MEPC, "mepc" }, { CSR_MCAUSE, "mcause" }, { CSR_MTVAL, "mtval" },
    { CSR_MIP, "mip" }, { CSR_MCYCLE, "mcycle" }, { CSR_MINSTRET, "minstret" },
};

const char *csr_name(unsigned csr)
{
    static const char *const pmpcfg[] = { "pmpcfg0", "pmpcfg1", "pmpcfg2", "pmpcfg3",
        "pmpcfg4", "pmpcfg5", "pmpcfg6", "pmpcfg7", "pmpcfg8", "pmpcfg9", "pmpcfg10",
        "pmpcfg11", "pmpcfg12", "pmpcfg13", "pmpcfg14", "pmpcfg15" };
    for (size_t k = 0; k < sizeof(csr_names) / sizeof(csr_names[0]); k++)
        if (csr_names[k].num == csr)
            return csr_names[k].name;
    if (csr >= CSR_PMPCFG0 && csr <= CSR_PMPCFG15)
        return pmpcfg[csr - CSR_PMPCFG0];
    return NULL;
}

int csr_by_name(const char *name)
{
    for (size_t k = 0; k < sizeof(csr_names) / sizeof(csr_names[0]); k++)
        if (strcmp(csr_names[k].name, name) == 0)
            return (int)csr_names[k].num;
    unsigned n;
    if (sscanf(name, "pmpaddr%u", &n) == 1 && n < 64)
        return (int)(CSR_PMPADDR0 + n);
    if (sscanf(name, "pmpcfg%u", &n) == 1 && n < 16)
        return (int)(CSR_PMPCFG0 + n);
    return -1;
}

static uint64_t mstatus_read(const struct hart *h)
{
    uint64_t s = h->mstatus;
    if (((s & MSTATUS_FS) >> MSTATUS_FS_SHIFT) == FS_DIRTY)
        s |= MSTATUS_SD;
    return s;
}

/* Counter CSRs below M: allowed only if mcounteren (and, for U, also
 * scounteren) has the counter's bit (priv spec 3.1.11). */
static bool counter_allowed(const struct hart *h, unsigned csr)
{
    uint64_t bit = 1ULL << (csr & 31);
    if (h->priv == PRV_M)
        return true;
    if (!(h->mcounteren & bit))
        return false;
    return h->priv == PRV_S || (h->scounteren & bit);
}

static bool is_pmpcfg(unsigned csr)
{
    /* RV64 has only the even-numbered pmpcfg registers. */
    return csr >= CSR_PMPCFG0 && csr <= CSR_PMPCFG15 && !(csr & 1);
}

static uint64_t pmpcfg_read(const struct hart *h, unsigned csr)
{
    unsigned base = (csr - CSR_PMPCFG0) * 4;
    uint64_t v = 0;
    for (unsigned k = 0; k < 8; k++)
        v |= (uint64_t)h->pmpcfg[base + k] << (8 * k);
    return v;
}

static void pmpcfg_write(struct hart *h, unsigned csr, uint64_t v)
{
    unsigned base = (csr - CSR_PMPCFG0) * 4;
    for (unsigned k = 0; k < 8; k++) {
        if (h->pmpcfg[base + k] & PMP_L)
            continue;
        uint8_t cfg = (uint8_t)(v >> (8 * k));
        /* W without R is reserved: WARL keeps the field legal. */
        if ((cfg & (PMP_R | PMP_W)) == PMP_W)
            cfg &= (uint8_t)~PMP_W;
        h->pmpcfg[base + k] = cfg & (PMP_R | PMP_W | PMP_X | PMP_A | PMP_L);
    }
}

static bool pmpaddr_locked(const struct hart *h, unsigned n)
{
    if (h->pmpcfg[n] & PMP_L)
        return true;
    /* A locked TOR entry also locks the address below it. */
    return n + 1 < 64 && (h->pmpcfg[n + 1] & PMP_L) &&
           ((h->pmpcfg[n + 1] & PMP_A) >> PMP_A_SHIFT) == PMP_A_TOR;
}

bool csr_peek(struct hart *h, unsigned csr, uint64_t *val)
{
    switch (csr) {
    case CSR_FFLAGS:     *val = h->fflags; return true;
    case CSR_FRM:        *val = h->frm; return true;
    case CSR_FCSR:       *val = (h->frm << 5) | h->fflags; return true;
    case CSR_CYCLE:
    case CSR_MCYCLE:     *val = h->instret + h->mcycle_offset; return true;
    case CSR_INSTRET:
    case CSR_MINSTRET:   *val = h->instret + h->minstret_offset; return true;
    case CSR_TIME:       *val = hart_time(h); return true;
    case CSR_SSTATUS:    *val = mstatus_read(h) & SSTATUS_READ_MASK; return true;
    case CSR_SIE:        *val = h->mie & h->mideleg; return true;
    case CSR_STVEC:      *val = h->stvec; return true;
    case CSR_SCOUNTEREN: *val = h->scounteren; return true;
    case CSR_SENVCFG:    *val = h->senvcfg; return true;
    case CSR_SSCRATCH:   *val = h->sscratch; return true;
    case CSR_SEPC:       *val = h->sepc; return true;
    case CSR_SCAUSE:     *val = h->scause; return true;
    case CSR_STVAL:      *val = h->stval; return true;
    case CSR_SIP:        *val = hart_mip(h) & h->mideleg; return true;
    case CSR_STIMECMP:   *val = h->stimecmp; return true;
    case CSR_SATP:       *val = h->satp; return true;
    case CSR_MVENDORID:
    case CSR_MARCHID:
    case CSR_MIMPID:
    case CSR_MCONFIGPTR: *val = 0; return true;
    case CSR_MHARTID:    *val = h->mhartid; return true;
    case CSR_MSTATUS:    *val = mstatus_read(h); return true;
    case CSR_MISA:       *val = h->misa; return true;
    case CSR_MEDELEG:    *val = h->medeleg; return true;
    case CSR_MIDELEG:    *val = h->mideleg; return true;
    case CSR_MIE:        *val = h->mie; return true;
    case CSR_MTVEC:      *val = h->mtvec; return true;
    case CSR_MCOUNTEREN: *val = h->mcounteren; return true;
    case CSR_MENVCFG:    *val = h->menvcfg; return true;
    case CSR_MCOUNTINHIBIT: *val = 0; return true;
    case CSR_MSCRATCH:   *val = h->mscratch; return true;
    case CSR_MEPC:       *val = h->mepc; return true;
    case CSR_MCAUSE:     *val = h->mcause; return true;
    case CSR_MTVAL:      *val = h->mtval; return true;
    case CSR_MIP:        *val = hart_mip(h); return true;
    default: break;
    }
    if ((csr >= CSR_HPMCOUNTER3 && csr <= CSR_HPMCOUNTER31) ||
        (csr >= CSR_MHPMCOUNTER3 && csr <= CSR_MHPMCOUNTER31) ||
        (csr >= CSR_MHPMEVENT3 && csr <= CSR_MHPMEVENT31)) {
        *val = 0;  /* no hardware performance monitor events: read-only zero */
        return true;
    }
    if (is_pmpcfg(csr)) {
        *val = pmpcfg_read(h, csr);
        return true;
    }
    if (csr >= CSR_PMPADDR0 && csr <= CSR_PMPADDR63) {
        *val = h->pmpaddr[csr - CSR_PMPADDR0];
        return true;
    }
    return false;
}

/* Privilege and enable rules common to reads and writes. */
static enum exc csr_check(struct hart *h, unsigned csr)
{
    unsigned min_priv = (csr >> 8) & 3;
    if (h->priv < min_priv)
        return EXC_ILLEGAL_INSTRUCTION;
    if (csr == CSR_FFLAGS || csr == CSR_FRM || csr == CSR_FCSR) {
        if (!hart_fp_enabled(h))
            return EXC_ILLEGAL_INSTRUCTION;
    } else if (csr >= CSR_CYCLE && csr <= CSR_HPMCOUNTER31) {
        if (!counter_allowed(h, csr))
            return EXC_ILLEGAL_INSTRUCTION;
    } else if (csr == CSR_SATP) {
        if (h->priv == PRV_S && (h->mstatus & MSTATUS_TVM))
            return EXC_ILLEGAL_INSTRUCTION;
    } else if (csr == CSR_STIMECMP) {
        /* Sstc: below M, needs menvcfg.STCE and mcounteren.TM. */
        if (h->priv < PRV_M &&
            (!(h->menvcfg & MENVCFG_STCE) || !(h->mcounteren & COUNTEREN_TM)))
            return EXC_ILLEGAL_INSTRUCTION;
    }
    return EXC_NONE;
}

enum exc csr_read(struct hart *h, unsigned csr, uint64_t *val)
{
    enum exc e = csr_check(h, csr);
    if (e)
        return e;
    return csr_peek(h, csr, val) ? EXC_NONE : EXC_ILLEGAL_INSTRUCTION;
}

enum exc csr_check_write(struct hart *h, unsigned csr)
{
    if (((csr >> 10) & 3) == 3)   /* top two bits 11: read-only CSR */
        return EXC_ILLEGAL_INSTRUCTION;
    enum exc e = csr_check(h, csr);
    if (e)
        return e;
    uint64_t dummy;
    return csr_peek(h, csr, &dummy) ? EXC_NONE : EXC_ILLEGAL_INSTRUCTION;
}

enum exc csr_access(struct hart *h, unsigned csr, bool write, uint64_t *old)
{
    if (write && ((csr >> 10) & 3) == 3)
        return EXC_ILLEGAL_INSTRUCTION;
    enum exc e = csr_check(h, csr);
    if (e)
        return e;
    return csr_peek(h, csr, old) ? EXC_NONE : EXC_ILLEGAL_INSTRUCTION;
}

static void mstatus_write(struct hart *h, uint64_t val, uint64_t mask)
{
    uint64_t old = h->mstatus;
    uint64_t nv = (old & ~mask) | (val & mask);
    /* MPP is WARL: 2 (the H-mode encoding) is not a legal value. */
    if (((nv & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT) == 2)
        nv = (nv & ~MSTATUS_MPP) | (old & MSTATUS_MPP);
    h->mstatus = nv;
    if ((old ^ nv) & MSTATUS_XLATE_BITS)
        hart_context_changed(h);
    h->end_slice = true;
}

static void satp_write(struct hart *h, uint64_t val)
{
    uint64_t mode = val >> SATP_MODE_SHIFT;
    /* WARL: a mode we lack leaves satp unchanged (Linux probes Sv57). */
    if (mode != SATP_MODE_BARE && mode != SATP_MODE_SV39 && mode != SATP_MODE_SV48)
        return;
    if (mode == SATP_MODE_BARE)
        val = 0;
    if (h->mmu_hook)
        h->mmu_hook(h, HART_MMU_SATP, val, h->satp);
    if (val != h->satp) {
        h->satp = val;
        hart_context_changed(h);
    }
}

static void mip_write(struct hart *h, uint64_t val, uint64_t mask)
{
    /* With Sstc enabled, STIP reflects stimecmp and is read-only. */
    if (h->menvcfg & MENVCFG_STCE)
        mask &= ~MIP_STIP;
    h->mip = (h->mip & ~mask) | (val & mask);
    h->end_slice = true;
}

void csr_write(struct hart *h, unsigned csr, uint64_t val)
{
    switch (csr) {
    case CSR_FFLAGS: h->fflags = val & FFLAGS_MASK; hart_fp_dirty(h); return;
    case CSR_FRM:    h->frm = val & 7; hart_fp_dirty(h); return;
    case CSR_FCSR:
        h->fflags = val & FFLAGS_MASK;
        h->frm = (val >> 5) & 7;
        hart_fp_dirty(h);
        return;
    /* The write replaces this instruction's own increment (COMPAT-NOTES). */
    case CSR_MCYCLE:   h->mcycle_offset = val - (h->instret + 1); return;
    case CSR_MINSTRET: h->minstret_offset = val - (h->instret + 1); return;
    case CSR_SSTATUS:  mstatus_write(h, val, SSTATUS_WRITE_MASK); return;
    case CSR_MSTATUS:  mstatus_write(h, val, MSTATUS_WRITE_MASK); return;
    case CSR_SIE:
        h->mie = (h->mie & ~h->mideleg) | (val & h->mideleg & MIE_MASK);
        h->end_slice = true;
        return;
    case CSR_MIE:
        h->mie = val & MIE_MASK;
        h->end_slice = true;
        return;
    case CSR_SIP:      mip_write(h, val, MIP_SSIP & h->mideleg); return;
    case CSR_MIP:      mip_write(h, val, MIP_S_MASK); return;
    case CSR_STVEC:    if ((val & 3) < 2) h->stvec = val; return;
    case CSR_MTVEC:    if ((val & 3) < 2) h->mtvec = val; return;
    case CSR_SCOUNTEREN: h->scounteren = val & COUNTEREN_MASK; return;
    case CSR_MCOUNTEREN: h->mcounteren = val & COUNTEREN_MASK; return;
    case CSR_SENVCFG:  h->senvcfg = val & SENVCFG_MASK; return;
    case CSR_MENVCFG:  h->menvcfg = val & MENVCFG_MASK; h->end_slice = true; return;
    case CSR_SSCRATCH: h->sscratch = val; return;
    case CSR_MSCRATCH: h->mscratch = val; return;
    case CSR_SEPC:     h->sepc = val & ~1ULL; return;
    case CSR_MEPC:     h->mepc = val & ~1ULL; return;
    case CSR_SCAUSE:   h->scause = val; return;
    case CSR_MCAUSE:   h->mcause = val; return;
    case CSR_STVAL:    h->stval = val; return;
    case CSR_MTVAL:    h->mtval = val; return;
    case CSR_STIMECMP: h->stimecmp = val; h->end_slice = true; return;
    case CSR_SATP:     satp_write(h, val); return;
    case CSR_MEDELEG:  h->medeleg = val & MEDELEG_MASK; return;
    case CSR_MIDELEG:  h->mideleg = val & MIDELEG_MASK; h->end_slice = true; return;
    case CSR_MISA:     return;  /* WARL: extensions cannot be turned off */
    default: break;
    }
    /* PMP is not enforced yet, but cached translations will depend on it
     * when it is: drop them all. */
    if (is_pmpcfg(csr)) {
        pmpcfg_write(h, csr, val);
        tlb_flush_all(&h->tlb);
        hart_context_changed(h);
    } else if (csr >= CSR_PMPADDR0 && csr <= CSR_PMPADDR63) {
        unsigned n = csr - CSR_PMPADDR0;
        if (!pmpaddr_locked(h, n))
            h->pmpaddr[n] = val & PMPADDR_MASK;
        tlb_flush_all(&h->tlb);
        hart_context_changed(h);
    }
    /* Remaining writable CSRs (mcountinhibit, hpm counters and events)
     * are read-only zero: the write is ignored. */
}
