/*
 * exec_priv.c - privileged instructions: mret, sret, wfi, sfence.vma
 * (priv spec 3.3), and fence.i (Zifencei).
 */
#include "dcache.h"
#include "exec.h"

static void set_priv(struct hart *h, enum priv p)
{
    if (h->priv != p) {
        h->priv = p;
        hart_context_changed(h);
    }
}

enum exc exec_mret(struct hart *h, const struct insn *i)
{
    if (h->priv < PRV_M)
        return exc_illegal(h, i);
    uint64_t s = h->mstatus;
    enum priv to = (enum priv)((s & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT);
    s = (s & ~MSTATUS_MIE) | ((s & MSTATUS_MPIE) ? MSTATUS_MIE : 0);
    s |= MSTATUS_MPIE;
    s &= ~MSTATUS_MPP;               /* MPP := U, the least-privileged mode */
    if (to != PRV_M)
        s &= ~MSTATUS_MPRV;
    h->mstatus = s;
    h->npc = h->mepc;
    h->resv_pa = RESV_NONE;
    h->priv = to;
    hart_context_changed(h);         /* priv, MPRV and MPP all changed */
    h->end_slice = true;
    return EXC_NONE;
}

enum exc exec_sret(struct hart *h, const struct insn *i)
{
    if (h->priv < PRV_S || (h->priv == PRV_S && (h->mstatus & MSTATUS_TSR)))
        return exc_illegal(h, i);
    uint64_t s = h->mstatus;
    enum priv to = (s & MSTATUS_SPP) ? PRV_S : PRV_U;
    s = (s & ~MSTATUS_SIE) | ((s & MSTATUS_SPIE) ? MSTATUS_SIE : 0);
    s |= MSTATUS_SPIE;
    s &= ~MSTATUS_SPP;
    s &= ~MSTATUS_MPRV;              /* leaving to a mode below M */
    h->mstatus = s;
    h->npc = h->sepc;
    h->resv_pa = RESV_NONE;
    set_priv(h, to);
    h->end_slice = true;
    return EXC_NONE;
}

/* wfi in U is illegal when S exists; in S it is illegal with mstatus.TW
 * (we take the "time limit" to be zero, as QEMU does). */
enum exc exec_wfi(struct hart *h, const struct insn *i)
{
    if (h->priv == PRV_U || (h->priv == PRV_S && (h->mstatus & MSTATUS_TW)))
        return exc_illegal(h, i);
    if (!hart_wakeup_pending(h))
        h->state = HART_WFI;
    h->end_slice = true;
    return EXC_NONE;
}

enum exc exec_sfence_vma(struct hart *h, const struct insn *i)
{
    if (h->priv == PRV_U || (h->priv == PRV_S && (h->mstatus & MSTATUS_TVM)))
        return exc_illegal(h, i);
    if (h->mmu_hook)
        h->mmu_hook(h, HART_MMU_SFENCE, i->rs1 ? h->x[i->rs1] : ~(uint64_t)0,
                    i->rs2 ? h->x[i->rs2] & 0xffff : ~(uint64_t)0);
    /* Keeps sets no page-table store has made stale (mmu/tlb.h). */
    tlb_sfence_vma(&h->tlb, i->rs1 != 0, h->x[i->rs1], i->rs2 != 0, (uint16_t)h->x[i->rs2],
                   h->bus->pt_gen);
    return EXC_NONE;
}

/* Stores already invalidate decoded code precisely; fence.i additionally
 * drops every decoded page, which is what software that patches code
 * behind the emulator's back (DMA, another hart) relies on. */
enum exc exec_fence_i(struct hart *h, const struct insn *i)
{
    (void)i;
    dcache_flush_all(h->dcache);
    h->end_slice = true;
    return EXC_NONE;
}
