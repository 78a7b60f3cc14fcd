/*
 * hart.c - the step loop: fetch (through the decoded cache), execute,
 * retire, and take interrupts between instructions.
 */
#include "hart.h"

#include <stdio.h>
#include <string.h>

#include "csr.h"
#include "dcache.h"
#include "exec.h"
#include "mmu.h"

void hart_init(struct hart *h, unsigned id, struct bus *b, struct dcache *dc,
               struct timebase *tb, uint64_t reset_pc)
{
    memset(h, 0, sizeof(*h));
    h->mhartid = id;
    h->bus = b;
    h->dcache = dc;
    h->tb = tb;
    h->pc = reset_pc;
    h->priv = PRV_M;
    h->misa = RVEMU_MISA;
    /* UXL = SXL = 2: U and S are 64-bit (read-only). */
    h->mstatus = (2ULL << 32) | (2ULL << 34);
    h->stimecmp = ~(uint64_t)0;
    h->resv_pa = RESV_NONE;
    h->dbg_skip_pc = ~(uint64_t)0;
    h->state = HART_RUNNING;
    tlb_flush_all(&h->tlb);
}

/* The TLB set for the hart's translation context (mmu/tlb.h): satp and
 * the bits that decide what a cached entry may allow. When nothing is
 * translated (M without MPRV, or satp Bare) every context behaves alike
 * and shares one set. */
void hart_context_changed(struct hart *h)
{
    uint64_t s = h->mstatus;
    bool mprv = h->priv == PRV_M && (s & MSTATUS_MPRV);
    uint64_t satp = h->satp;
    uint32_t mode;
    if ((satp >> SATP_MODE_SHIFT) == SATP_MODE_BARE || (h->priv == PRV_M && !mprv)) {
        satp = 0;
        mode = 1u << 16;
    } else {
        mode = (uint32_t)h->priv | ((s & MSTATUS_SUM) ? 4u : 0) | ((s & MSTATUS_MXR) ? 8u : 0);
        if (mprv)
            mode |= 16u | (uint32_t)((s & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT) << 5;
    }
    tlb_select(&h->tlb, satp, mode, h->bus->pt_gen);
}

/* Decode the instruction at pc into its dpage slot. Straddling 32-bit
 * instructions at the end of a page depend on the next page's mapping,
 * so they are decoded fresh every time into h's scratch slot instead. */
static const struct insn *fetch_fill(struct hart *h, struct tlb_fetch_entry *t, uint64_t pc,
                                     enum exc *e)
{
    unsigned off = (unsigned)(pc & 0xfff);
    const uint8_t *host = (const uint8_t *)(uintptr_t)(pc + t->addend);
    uint16_t lo;
    memcpy(&lo, host, 2);
    if ((lo & 3) == 3 && off == 0xffe) {
        uint32_t word;
        *e = mmu_fetch_slow(h, pc, &word);
        if (*e)
            return NULL;
        dec_decode(word, &h->scratch_insn);
        return &h->scratch_insn;
    }
    struct insn *slot = &t->dp->insn[off >> 1];
    uint32_t word = lo;
    if ((lo & 3) == 3)
        memcpy(&word, host, 4);
    dec_decode(word, slot);
    slot->xop = 0;          /* exec_fast.c picks its label on first use */
    /* The slot is filled: make sure stores to this page are watched. */
    bus_set_page_flag(h->bus, t->dp->pa, PGF_CODE);
    return slot;
}

static const struct insn *fetch_slow(struct hart *h, enum exc *e)
{
    uint32_t word;
    *e = mmu_fetch_slow(h, h->pc, &word);
    if (*e)
        return NULL;
    struct tlb_fetch_entry *t = &h->tlb.x[tlb_index(h->pc)];
    if (t->tag == (h->pc & ~(uint64_t)0xfff) && t->dp)
        return fetch_fill(h, t, h->pc, e);
    /* Not cacheable (ROM or device memory, or no dpage): decode fresh. */
    dec_decode(word, &h->scratch_insn);
    return &h->scratch_insn;
}

static inline const struct insn *fetch(struct hart *h, enum exc *e)
{
    uint64_t pc = h->pc;
    struct tlb_fetch_entry *t = &h->tlb.x[tlb_index(pc)];
    if (__builtin_expect(t->tag == (pc & ~(uint64_t)0xfff), 1)) {
        const struct insn *i = &t->dp->insn[(pc & 0xfff) >> 1];
        if (__builtin_expect(i->op != OP_undecoded, 1))
            return i;
        return fetch_fill(h, t, pc, e);
    }
    return fetch_slow(h, e);
}

/* Take the highest-priority enabled interrupt, if any. */
static void check_interrupts(struct hart *h)
{
    int irq = hart_pending_interrupt(h);
    if (irq >= 0)
        trap_take(h, CAUSE_INTERRUPT | (uint64_t)irq, 0);
}

static inline void execute(struct hart *h, const struct insn *i)
{
    uint64_t pc = h->pc;
    h->npc = pc + i->len;
    enum exc e = exec_table[i->op](h, i);
    h->x[0] = 0;
    if (__builtin_expect(e == EXC_NONE, 1)) {
        h->pc = h->npc;
        h->instret++;
    } else {
        trap_take(h, exc_cause(e), h->exc_tval);
    }
    if (__builtin_expect(h->insn_hook != NULL, 0))
        h->insn_hook(h, i, pc);
}

/* A debugger breakpoint at pc: the hook asks the machine to stop, and
 * the instruction stays unexecuted. */
static bool at_breakpoint(struct hart *h)
{
    uint64_t skip = h->dbg_skip_pc;
    h->dbg_skip_pc = ~(uint64_t)0;
    if (h->pc == skip)
        return false;
    for (unsigned k = 0; k < h->dbg_nbreaks; k++) {
        if (h->dbg_breaks[k] == h->pc) {
            h->break_hook(h);
            return true;
        }
    }
    return false;
}

bool hart_step_ref(struct hart *h)
{
    enum exc e = EXC_NONE;
    const struct insn *i = fetch(h, &e);
    if (__builtin_expect(i == NULL, 0)) {
        trap_take(h, exc_cause(e), h->exc_tval);
        return false;
    }
    execute(h, i);
    return true;
}

uint64_t hart_run(struct hart *h, uint64_t max_insns)
{
    uint64_t n = 0;
    if (h->state != HART_RUNNING)
        return 0;
    h->end_slice = false;
    /* The debugger may have written priv or CSRs directly. */
    hart_context_changed(h);
    check_interrupts(h);
    /* Without breakpoints or an instruction trace, exec_fast.c runs the
     * same loop with the common instructions inline (see there). */
    if (h->dbg_nbreaks == 0 && h->insn_hook == NULL)
        return exec_fast_run(h, max_insns);
    while (n < max_insns) {
        if (__builtin_expect(h->dbg_nbreaks != 0, 0) && at_breakpoint(h))
            break;
        enum exc e = EXC_NONE;
        const struct insn *i = fetch(h, &e);
        n++;
        if (__builtin_expect(i == NULL, 0)) {
            trap_take(h, exc_cause(e), h->exc_tval);
            continue;
        }
        execute(h, i);
        /* Interrupt state changed, the hart parked, or the machine
         * wants control: return; the caller calls again if it wants. */
        if (__builtin_expect(h->end_slice, 0))
            break;
    }
    return n;
}

void hart_step(struct hart *h)
{
    if (h->state == HART_WFI && hart_wakeup_pending(h))
        h->state = HART_RUNNING;
    if (h->state != HART_RUNNING)
        return;
    hart_context_changed(h);
    int irq = hart_pending_interrupt(h);
    if (irq >= 0) {
        trap_take(h, CAUSE_INTERRUPT | (uint64_t)irq, 0);
        return;
    }
    enum exc e = EXC_NONE;
    const struct insn *i = fetch(h, &e);
    if (!i) {
        trap_take(h, exc_cause(e), h->exc_tval);
        return;
    }
    execute(h, i);
    h->end_slice = false;
}
