/*
 * trap.c - taking exceptions and interrupts (priv spec 3.1.6-3.1.9, 3.3.1,
 * 4.1.1): delegation, the status stack, trap vectors, interrupt priority.
 */
#include "hart.h"

#include "timebase.h"

uint64_t hart_time(struct hart *h)
{
    return timebase_mtime(h->tb);
}

uint64_t hart_mip(struct hart *h)
{
    uint64_t mip = h->mip | h->mip_hw;
    if (h->menvcfg & MENVCFG_STCE) {
        /* Sstc: STIP is (time >= stimecmp), not the software bit. */
        mip &= ~MIP_STIP;
        if (hart_time(h) >= h->stimecmp)
            mip |= MIP_STIP;
    }
    return mip;
}

void hart_set_irq(struct hart *h, uint64_t mip_bit, bool level)
{
    if (level)
        h->mip_hw |= mip_bit;
    else
        h->mip_hw &= ~mip_bit;
    h->end_slice = true;
    if (level && h->state == HART_WFI && hart_wakeup_pending(h))
        h->state = HART_RUNNING;
}

bool hart_wakeup_pending(struct hart *h)
{
    return (hart_mip(h) & h->mie) != 0;
}

/* Priority among simultaneous interrupts (priv spec 3.1.9):
 * MEI, MSI, MTI, SEI, SSI, STI. */
static const int irq_priority[] = {
    IRQ_M_EXT, IRQ_M_SOFT, IRQ_M_TIMER, IRQ_S_EXT, IRQ_S_SOFT, IRQ_S_TIMER,
};

static int highest(uint64_t set)
{
    for (unsigned k = 0; k < sizeof(irq_priority) / sizeof(irq_priority[0]); k++)
        if (set & (1ULL << irq_priority[k]))
            return irq_priority[k];
    return -1;
}

int hart_pending_interrupt(struct hart *h)
{
    uint64_t pending = hart_mip(h) & h->mie;
    if (!pending)
        return -1;
    /* Interrupts for M are enabled below M, or in M with MIE. */
    uint64_t to_m = pending & ~h->mideleg;
    if (to_m && (h->priv < PRV_M || (h->mstatus & MSTATUS_MIE)))
        return highest(to_m);
    /* Delegated ones go to S: enabled in U, or in S with SIE; never in M. */
    uint64_t to_s = pending & h->mideleg;
    if (to_s && (h->priv < PRV_S || (h->priv == PRV_S && (h->mstatus & MSTATUS_SIE))))
        return highest(to_s);
    return -1;
}

static uint64_t vector_target(uint64_t tvec, uint64_t cause)
{
    uint64_t base = tvec & ~(uint64_t)3;
    if ((tvec & 3) == 1 && (cause & CAUSE_INTERRUPT))
        return base + 4 * (cause & ~CAUSE_INTERRUPT);
    return base;
}

void trap_take(struct hart *h, uint64_t cause, uint64_t tval)
{
    bool interrupt = (cause & CAUSE_INTERRUPT) != 0;
    uint64_t code = cause & ~CAUSE_INTERRUPT;
    uint64_t deleg = interrupt ? h->mideleg : h->medeleg;
    enum priv from = h->priv;
    enum priv to;
    uint64_t s = h->mstatus;

    if (from <= PRV_S && code < 64 && ((deleg >> code) & 1)) {
        to = PRV_S;
        h->scause = cause;
        h->sepc = h->pc;
        h->stval = tval;
        s = (s & ~MSTATUS_SPIE) | ((s & MSTATUS_SIE) ? MSTATUS_SPIE : 0);
        s &= ~MSTATUS_SIE;
        s = (s & ~MSTATUS_SPP) | (from == PRV_S ? MSTATUS_SPP : 0);
        h->pc = vector_target(h->stvec, cause);
    } else {
        to = PRV_M;
        h->mcause = cause;
        h->mepc = h->pc;
        h->mtval = tval;
        s = (s & ~MSTATUS_MPIE) | ((s & MSTATUS_MIE) ? MSTATUS_MPIE : 0);
        s &= ~MSTATUS_MIE;
        s = (s & ~MSTATUS_MPP) | ((uint64_t)from << MSTATUS_MPP_SHIFT);
        h->pc = vector_target(h->mtvec, cause);
    }
    h->mstatus = s;
    h->resv_pa = RESV_NONE;
    /* MPP feeds MPRV translation even when staying in M. */
    if (to != from || (s & MSTATUS_MPRV)) {
        h->priv = to;
        hart_context_changed(h);
    }
    if (h->trap_hook)
        h->trap_hook(h, cause, tval, to == PRV_S ? h->sepc : h->mepc, from, to);
}
