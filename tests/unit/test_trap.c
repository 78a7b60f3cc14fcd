/*
 * test_trap.c - exceptions, interrupts, delegation and the xRET/wfi
 * instructions, run through the hart (hart_fixture.h). References are to
 * the privileged spec (20211203): 3.1.6 (mstatus stack), 3.1.7 (mtvec),
 * 3.1.8 (medeleg/mideleg), 3.1.9 (mip/mie, priority), 3.1.15-16
 * (mcause/mtval), 3.3.2 (xRET), 3.3.3 (wfi), 4.1.1 (sstatus).
 */
#include "hart_fixture.h"

static struct fx *f;

#define CODE  (FX_RAM_BASE + 0x1000)
#define MTVEC (FX_RAM_BASE + 0x8000)
#define STVEC (FX_RAM_BASE + 0xc000)

static void setup(void)
{
    f = fx_new();
    f->h.mtvec = MTVEC;
    f->h.stvec = STVEC;
    f->h.pc = CODE;
}

static void teardown(void) { fx_free(f); f = NULL; }

/* Start over at CODE in privilege p. */
static void at(enum priv p)
{
    f->h.pc = CODE;
    fx_set_priv(f, p);
}

static void assert_s_trap(uint64_t cause, uint64_t tval, uint64_t epc)
{
    ck_assert_uint_eq(f->h.priv, PRV_S);
    ck_assert_uint_eq(f->h.scause, cause);
    ck_assert_uint_eq(f->h.stval, tval);
    ck_assert_uint_eq(f->h.sepc, epc);
}

/* ---- exceptions ---- */

START_TEST(test_ecall_causes)
{
    static const struct { enum priv p; uint64_t cause; } c[] = {
        { PRV_U, CAUSE_USER_ECALL }, { PRV_S, CAUSE_SUPERVISOR_ECALL },
        { PRV_M, CAUSE_MACHINE_ECALL },
    };
    for (unsigned k = 0; k < 3; k++) {
        at(c[k].p);
        f->h.mtval = 0x55;
        fx_exec(f, RV_ECALL);
        fx_assert_mtrap(f, c[k].cause, 0);
        ck_assert_uint_eq(f->h.mepc, CODE);
        ck_assert_uint_eq(f->h.pc, MTVEC);
        ck_assert_uint_eq((f->h.mstatus & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT, c[k].p);
    }
    ck_assert_uint_eq(f->h.instret, 0);   /* trapping instructions do not retire */
}
END_TEST

START_TEST(test_delegated_exception_goes_to_s)
{
    f->h.medeleg = 1ULL << CAUSE_USER_ECALL;
    f->h.mstatus |= MSTATUS_SIE | MSTATUS_MIE;
    f->h.mcause = 0x77;
    at(PRV_U);
    fx_exec(f, RV_ECALL);
    assert_s_trap(CAUSE_USER_ECALL, 0, CODE);
    ck_assert_uint_eq(f->h.pc, STVEC);
    ck_assert_uint_eq(f->h.mstatus & MSTATUS_SPP, 0);           /* from U */
    ck_assert_uint_eq(f->h.mstatus & MSTATUS_SPIE, MSTATUS_SPIE); /* old SIE */
    ck_assert_uint_eq(f->h.mstatus & MSTATUS_SIE, 0);
    ck_assert_uint_eq(f->h.mstatus & MSTATUS_MIE, MSTATUS_MIE);  /* M stack untouched */
    ck_assert_uint_eq(f->h.mcause, 0x77);

    /* From S, with SIE = 0: SPP = S, SPIE = 0. */
    f->h.medeleg = 1ULL << CAUSE_ILLEGAL_INSTRUCTION;
    f->h.mstatus &= ~MSTATUS_SIE;
    at(PRV_S);
    fx_exec(f, 0x1234500bu);                                     /* custom-0: illegal */
    assert_s_trap(CAUSE_ILLEGAL_INSTRUCTION, 0x1234500b, CODE);
    ck_assert_uint_eq(f->h.mstatus & MSTATUS_SPP, MSTATUS_SPP);
    ck_assert_uint_eq(f->h.mstatus & MSTATUS_SPIE, 0);
}
END_TEST

START_TEST(test_not_delegated_goes_to_m)
{
    f->h.medeleg = 1ULL << CAUSE_USER_ECALL;   /* not S-mode ecall */
    f->h.mstatus |= MSTATUS_MIE;
    at(PRV_S);
    fx_exec(f, RV_ECALL);
    fx_assert_mtrap(f, CAUSE_SUPERVISOR_ECALL, 0);
    ck_assert_uint_eq(f->h.pc, MTVEC);
    ck_assert_uint_eq((f->h.mstatus & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT, PRV_S);
    ck_assert_uint_eq(f->h.mstatus & MSTATUS_MPIE, MSTATUS_MPIE);
    ck_assert_uint_eq(f->h.mstatus & MSTATUS_MIE, 0);
    /* And again from M with MIE = 0: MPIE becomes 0, MPP = M. */
    f->h.pc = CODE;
    fx_exec(f, RV_ECALL);
    ck_assert_uint_eq(f->h.mstatus & MSTATUS_MPIE, 0);
    ck_assert_uint_eq((f->h.mstatus & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT, PRV_M);
}
END_TEST

START_TEST(test_m_traps_never_delegated)
{
    f->h.medeleg = UINT64_MAX;   /* raw field: even bits the CSR would refuse */
    f->h.scause = 0x99;
    at(PRV_M);
    fx_exec(f, RV_EBREAK);
    fx_assert_mtrap(f, CAUSE_BREAKPOINT, CODE);
    ck_assert_uint_eq(f->h.scause, 0x99);
    at(PRV_M);
    fx_exec(f, 0x1234500bu);
    fx_assert_mtrap(f, CAUSE_ILLEGAL_INSTRUCTION, 0x1234500b);
    ck_assert_uint_eq(f->h.pc, MTVEC);
}
END_TEST

START_TEST(test_illegal_tval_is_bits)
{
    /* 32-bit: all 32 bits. */
    at(PRV_M);
    fx_exec(f, 0x1234500bu);
    fx_assert_mtrap(f, CAUSE_ILLEGAL_INSTRUCTION, 0x1234500b);
    ck_assert_uint_eq(f->h.mepc, CODE);
    /* A privileged instruction at too low a privilege: its bits. */
    at(PRV_U);
    fx_exec(f, RV_MRET);
    fx_assert_mtrap(f, CAUSE_ILLEGAL_INSTRUCTION, RV_MRET);
    /* 16-bit reserved encodings: just those 16 bits, whatever follows. */
    static const uint16_t rvc[] = { 0x0004 /* c.addi4spn nzuimm=0 */, 0x6081 /* c.lui nzimm=0 */,
                                    0x0000 /* defined illegal */ };
    for (unsigned k = 0; k < 3; k++) {
        at(PRV_M);
        fx_write(f, CODE + 2, 0xffff, 2);
        fx_exec16(f, rvc[k]);
        fx_assert_mtrap(f, CAUSE_ILLEGAL_INSTRUCTION, rvc[k]);
        ck_assert_uint_eq(f->h.mepc, CODE);
    }
}
END_TEST

START_TEST(test_ebreak_tval_is_pc)
{
    at(PRV_S);
    fx_exec(f, RV_EBREAK);
    fx_assert_mtrap(f, CAUSE_BREAKPOINT, CODE);
    at(PRV_U);
    fx_exec16(f, 0x9002);                      /* c.ebreak */
    fx_assert_mtrap(f, CAUSE_BREAKPOINT, CODE);
    ck_assert_uint_eq(f->h.mepc, CODE);
}
END_TEST

/* ---- xRET ---- */

START_TEST(test_mret)
{
    static const enum priv to[] = { PRV_U, PRV_S, PRV_M };
    for (unsigned k = 0; k < 3; k++) {
        at(PRV_M);
        f->h.mepc = FX_RAM_BASE + 0x2000;
        f->h.mstatus = (f->h.mstatus & ~(MSTATUS_MPP | MSTATUS_MIE)) | MSTATUS_MPIE |
                       MSTATUS_MPRV | ((uint64_t)to[k] << MSTATUS_MPP_SHIFT);
        fx_exec(f, RV_MRET);
        ck_assert_uint_eq(f->h.priv, to[k]);
        ck_assert_uint_eq(f->h.pc, FX_RAM_BASE + 0x2000);
        ck_assert_uint_eq(f->h.mstatus & MSTATUS_MIE, MSTATUS_MIE);    /* MIE = MPIE */
        ck_assert_uint_eq(f->h.mstatus & MSTATUS_MPIE, MSTATUS_MPIE);  /* MPIE = 1 */
        ck_assert_uint_eq(f->h.mstatus & MSTATUS_MPP, 0);              /* MPP = U */
        /* MPRV is cleared when returning below M, kept for M. */
        ck_assert_uint_eq(f->h.mstatus & MSTATUS_MPRV, to[k] == PRV_M ? MSTATUS_MPRV : 0);
    }
    /* MPIE = 0 restores MIE = 0. */
    at(PRV_M);
    f->h.mepc = CODE + 0x40;
    f->h.mstatus = (f->h.mstatus & ~(MSTATUS_MPIE | MSTATUS_MPP)) | MSTATUS_MIE |
                   (3ULL << MSTATUS_MPP_SHIFT);
    fx_exec(f, RV_MRET);
    ck_assert_uint_eq(f->h.mstatus & MSTATUS_MIE, 0);
    /* mret in S or U is illegal. */
    at(PRV_S);
    fx_exec(f, RV_MRET);
    fx_assert_mtrap(f, CAUSE_ILLEGAL_INSTRUCTION, RV_MRET);
}
END_TEST

START_TEST(test_sret)
{
    /* From S back to U, and from M to S (sret is legal in M). */
    at(PRV_S);
    f->h.sepc = FX_RAM_BASE + 0x3000;
    f->h.mstatus = (f->h.mstatus & ~(MSTATUS_SPP | MSTATUS_SIE)) | MSTATUS_SPIE | MSTATUS_MPRV;
    fx_exec(f, RV_SRET);
    ck_assert_uint_eq(f->h.priv, PRV_U);
    ck_assert_uint_eq(f->h.pc, FX_RAM_BASE + 0x3000);
    ck_assert_uint_eq(f->h.mstatus & MSTATUS_SIE, MSTATUS_SIE);
    ck_assert_uint_eq(f->h.mstatus & MSTATUS_SPIE, MSTATUS_SPIE);
    ck_assert_uint_eq(f->h.mstatus & MSTATUS_MPRV, 0);
    at(PRV_M);
    f->h.mstatus = (f->h.mstatus & ~MSTATUS_SPIE) | MSTATUS_SPP | MSTATUS_SIE | MSTATUS_TSR;
    fx_exec(f, RV_SRET);
    ck_assert_uint_eq(f->h.priv, PRV_S);
    ck_assert_uint_eq(f->h.mstatus & MSTATUS_SPP, 0);                  /* SPP = U */
    ck_assert_uint_eq(f->h.mstatus & MSTATUS_SIE, 0);                  /* SIE = SPIE */
    ck_assert_uint_eq(f->h.mstatus & MSTATUS_SPIE, MSTATUS_SPIE);
    /* Illegal in U, and in S with TSR. */
    at(PRV_U);
    fx_exec(f, RV_SRET);
    fx_assert_mtrap(f, CAUSE_ILLEGAL_INSTRUCTION, RV_SRET);
    f->h.mstatus |= MSTATUS_TSR;
    at(PRV_S);
    fx_exec(f, RV_SRET);
    fx_assert_mtrap(f, CAUSE_ILLEGAL_INSTRUCTION, RV_SRET);
    ck_assert_uint_eq(f->h.mepc, CODE);
}
END_TEST

START_TEST(test_trap_and_return_round_trip)
{
    /* U -> S (delegated ecall) -> sret -> U at sepc + 4. */
    f->h.medeleg = 1ULL << CAUSE_USER_ECALL;
    at(PRV_U);
    fx_exec(f, RV_ECALL);
    ck_assert_uint_eq(f->h.pc, STVEC);
    f->h.x[5] = f->h.sepc + 4;
    fx_exec(f, rv_csrrw(0, CSR_SEPC, 5));
    fx_exec(f, RV_SRET);
    ck_assert_uint_eq(f->h.priv, PRV_U);
    ck_assert_uint_eq(f->h.pc, CODE + 4);
}
END_TEST

/* ---- wfi ---- */

START_TEST(test_wfi_legality)
{
    at(PRV_U);
    fx_exec(f, RV_WFI);
    fx_assert_mtrap(f, CAUSE_ILLEGAL_INSTRUCTION, RV_WFI);
    f->h.mstatus |= MSTATUS_TW;
    at(PRV_S);
    fx_exec(f, RV_WFI);
    fx_assert_mtrap(f, CAUSE_ILLEGAL_INSTRUCTION, RV_WFI);
    /* TW does not apply to M; without TW, S may wait. */
    f->h.mstatus |= MSTATUS_TW;
    f->h.mie = MIP_MSIP;
    hart_set_irq(&f->h, MIP_MSIP, true);        /* pending: wfi completes at once */
    at(PRV_M);
    fx_exec(f, RV_WFI);
    ck_assert_uint_eq(f->h.pc, CODE + 4);
    ck_assert_uint_eq(f->h.state, HART_RUNNING);
    f->h.mstatus &= ~MSTATUS_TW;
    hart_set_irq(&f->h, MIP_MSIP, false);
    at(PRV_S);
    fx_exec(f, RV_WFI);
    ck_assert_uint_eq(f->h.priv, PRV_S);
    ck_assert_uint_eq(f->h.pc, CODE + 4);
    ck_assert_uint_eq(f->h.state, HART_WFI);
}
END_TEST

START_TEST(test_wfi_parks_until_interrupt)
{
    at(PRV_M);
    f->h.mie = MIP_MTIP;
    fx_exec(f, RV_WFI);
    ck_assert_uint_eq(f->h.state, HART_WFI);
    ck_assert_uint_eq(f->h.pc, CODE + 4);
    fx_write(f, CODE + 4, rv_addi(5, 0, 1), 4);
    hart_step(&f->h);                                /* parked: nothing runs */
    hart_step(&f->h);
    ck_assert_uint_eq(f->h.pc, CODE + 4);
    ck_assert_uint_eq(f->h.x[5], 0);
    /* A pending but disabled (mie) interrupt does not wake it. */
    hart_set_irq(&f->h, MIP_MSIP, true);
    hart_step(&f->h);
    ck_assert_uint_eq(f->h.state, HART_WFI);
    /* An enabled one does, even with mstatus.MIE = 0: execution resumes
     * after the wfi without taking the interrupt (priv spec 3.3.3). */
    hart_set_irq(&f->h, MIP_MTIP, true);
    ck_assert_uint_eq(f->h.state, HART_RUNNING);
    hart_step(&f->h);
    ck_assert_uint_eq(f->h.x[5], 1);
    ck_assert_uint_eq(f->h.pc, CODE + 8);

    /* With MIE = 1 the wake-up takes the interrupt, mepc = after wfi. */
    hart_set_irq(&f->h, MIP_MTIP, false);
    hart_set_irq(&f->h, MIP_MSIP, false);
    at(PRV_M);
    f->h.mstatus |= MSTATUS_MIE;
    fx_exec(f, RV_WFI);
    ck_assert_uint_eq(f->h.state, HART_WFI);
    hart_set_irq(&f->h, MIP_MTIP, true);
    hart_step(&f->h);
    ck_assert_uint_eq(f->h.mcause, CAUSE_INTERRUPT | IRQ_M_TIMER);
    ck_assert_uint_eq(f->h.mepc, CODE + 4);
    ck_assert_uint_eq(f->h.pc, MTVEC);
}
END_TEST

START_TEST(test_wfi_woken_by_time)
{
    /* No device line moves: Sstc's STIP becomes pending as time passes,
     * and the parked hart must notice on its next step. */
    f->h.menvcfg = MENVCFG_STCE;
    f->h.stimecmp = 100;
    f->h.mie = MIP_STIP;
    at(PRV_M);
    fx_exec(f, RV_WFI);
    ck_assert_uint_eq(f->h.state, HART_WFI);
    fx_write(f, CODE + 4, rv_addi(5, 0, 1), 4);
    hart_step(&f->h);
    ck_assert_uint_eq(f->h.state, HART_WFI);
    f->tb.clock = 100 * TIMEBASE_INSNS_PER_TICK;
    hart_step(&f->h);
    ck_assert_uint_eq(f->h.state, HART_RUNNING);
    ck_assert_uint_eq(f->h.x[5], 1);
    ck_assert_uint_eq(f->h.pc, CODE + 8);
}
END_TEST

/* ---- interrupts ---- */

/* Raise exactly the interrupts in `bits`: M-level lines through
 * hart_set_irq (as devices do), S-level ones as software bits in mip. */
static void raise(uint64_t bits)
{
    static const uint64_t lines[] = { MIP_MEIP, MIP_MSIP, MIP_MTIP };
    for (unsigned k = 0; k < 3; k++)
        hart_set_irq(&f->h, lines[k], (bits & lines[k]) != 0);
    f->h.mip = bits & (MIP_SSIP | MIP_STIP | MIP_SEIP);
}

/* Step once at CODE in privilege p; the interrupt taken, or -1. */
static int take(enum priv p)
{
    at(p);
    f->h.mcause = f->h.scause = 0;
    fx_write(f, CODE, RV_NOP, 4);
    hart_step(&f->h);
    if (f->h.pc == CODE + 4)
        return -1;
    uint64_t cause = f->h.priv == PRV_M ? f->h.mcause : f->h.scause;
    ck_assert(cause & CAUSE_INTERRUPT);
    return (int)(cause & ~CAUSE_INTERRUPT);
}

START_TEST(test_interrupt_priority)
{
    static const int order[] = { IRQ_M_EXT, IRQ_M_SOFT, IRQ_M_TIMER,
                                 IRQ_S_EXT, IRQ_S_SOFT, IRQ_S_TIMER };
    f->h.mie = MIP_ALL;
    for (unsigned k = 0; k < 6; k++) {
        uint64_t bits = 0;
        for (unsigned j = k; j < 6; j++)
            bits |= 1ULL << order[j];
        raise(bits);
        f->h.mstatus |= MSTATUS_MIE;
        ck_assert_int_eq(take(PRV_M), order[k]);
        ck_assert_uint_eq(f->h.mepc, CODE);
        ck_assert_uint_eq(f->h.mtval, 0);
    }
    /* The same order through hart_pending_interrupt. */
    raise(MIP_SSIP | MIP_STIP | MIP_SEIP | MIP_MTIP);
    at(PRV_U);
    ck_assert_int_eq(hart_pending_interrupt(&f->h), IRQ_M_TIMER);
}
END_TEST

START_TEST(test_m_interrupts_enable_rules)
{
    f->h.mie = MIP_MTIP;
    raise(MIP_MTIP);
    f->h.mstatus &= ~MSTATUS_MIE;
    ck_assert_int_eq(take(PRV_M), -1);            /* M with MIE = 0: not taken */
    ck_assert_int_eq(take(PRV_S), IRQ_M_TIMER);   /* below M: regardless of MIE */
    ck_assert_uint_eq((f->h.mstatus & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT, PRV_S);
    f->h.mstatus &= ~MSTATUS_MIE;
    ck_assert_int_eq(take(PRV_U), IRQ_M_TIMER);
    f->h.mstatus |= MSTATUS_MIE;
    ck_assert_int_eq(take(PRV_M), IRQ_M_TIMER);
    ck_assert_uint_eq(f->h.mstatus & MSTATUS_MIE, 0);
    ck_assert_uint_eq(f->h.mstatus & MSTATUS_MPIE, MSTATUS_MPIE);
    /* Pending but not enabled in mie: never taken. */
    f->h.mie = 0;
    f->h.mstatus |= MSTATUS_MIE;
    ck_assert_int_eq(take(PRV_M), -1);
    ck_assert_int_eq(take(PRV_U), -1);
}
END_TEST

START_TEST(test_delegated_interrupts)
{
    f->h.mideleg = MIP_SSIP | MIP_STIP | MIP_SEIP;
    f->h.mie = MIP_STIP;
    raise(MIP_STIP);
    f->h.mstatus |= MSTATUS_MIE | MSTATUS_SIE;
    ck_assert_int_eq(take(PRV_M), -1);            /* delegated: never in M */
    f->h.mstatus &= ~MSTATUS_SIE;
    ck_assert_int_eq(take(PRV_S), -1);            /* S with SIE = 0 */
    ck_assert_int_eq(take(PRV_U), IRQ_S_TIMER);   /* U: regardless of SIE */
    ck_assert_uint_eq(f->h.priv, PRV_S);
    ck_assert_uint_eq(f->h.sepc, CODE);
    ck_assert_uint_eq(f->h.pc, STVEC);
    ck_assert_uint_eq(f->h.mcause, 0);
    f->h.mstatus |= MSTATUS_SIE;
    ck_assert_int_eq(take(PRV_S), IRQ_S_TIMER);   /* S with SIE = 1 */
    ck_assert_uint_eq(f->h.mstatus & MSTATUS_SPP, MSTATUS_SPP);
    ck_assert_uint_eq(f->h.mstatus & MSTATUS_SIE, 0);
    ck_assert_uint_eq(f->h.mstatus & MSTATUS_SPIE, MSTATUS_SPIE);
    /* An M-level interrupt still goes to M from S, before the S one. */
    f->h.mie |= MIP_MSIP;
    raise(MIP_STIP | MIP_MSIP);
    f->h.mstatus |= MSTATUS_SIE;
    ck_assert_int_eq(take(PRV_S), IRQ_M_SOFT);
    ck_assert_uint_eq(f->h.priv, PRV_M);
    /* Not delegated S interrupt goes to M. */
    f->h.mideleg = 0;
    raise(MIP_STIP);
    f->h.mstatus &= ~MSTATUS_MIE;
    ck_assert_int_eq(take(PRV_S), IRQ_S_TIMER);
    ck_assert_uint_eq(f->h.priv, PRV_M);
    ck_assert_uint_eq(f->h.mcause, CAUSE_INTERRUPT | IRQ_S_TIMER);
}
END_TEST

START_TEST(test_interrupt_after_enabling_write)
{
    /* csrs mstatus, MIE with an interrupt pending: taken before the next
     * instruction, mepc pointing at it. */
    f->h.mie = MIP_MSIP;
    raise(MIP_MSIP);
    at(PRV_M);
    f->h.x[5] = MSTATUS_MIE;
    fx_exec(f, rv_csrrs(0, CSR_MSTATUS, 5));
    ck_assert_uint_eq(f->h.pc, CODE + 4);
    hart_step(&f->h);
    ck_assert_uint_eq(f->h.mcause, CAUSE_INTERRUPT | IRQ_M_SOFT);
    ck_assert_uint_eq(f->h.mepc, CODE + 4);
}
END_TEST

START_TEST(test_vectored_tvec)
{
    /* Vectored: interrupts at base + 4 * cause, exceptions at base. */
    f->h.mtvec = MTVEC | 1;
    f->h.mie = MIP_MTIP;
    raise(MIP_MTIP);
    f->h.mstatus |= MSTATUS_MIE;
    ck_assert_int_eq(take(PRV_M), IRQ_M_TIMER);
    ck_assert_uint_eq(f->h.pc, MTVEC + 4 * IRQ_M_TIMER);
    raise(0);
    at(PRV_U);
    fx_exec(f, RV_ECALL);
    ck_assert_uint_eq(f->h.pc, MTVEC);

    f->h.stvec = STVEC | 1;
    f->h.mideleg = MIP_SEIP;
    f->h.medeleg = 1ULL << CAUSE_USER_ECALL;
    f->h.mie = MIP_SEIP;
    raise(MIP_SEIP);
    ck_assert_int_eq(take(PRV_U), IRQ_S_EXT);
    ck_assert_uint_eq(f->h.pc, STVEC + 4 * IRQ_S_EXT);
    raise(0);
    at(PRV_U);
    fx_exec(f, RV_ECALL);
    ck_assert_uint_eq(f->h.pc, STVEC);
    ck_assert_uint_eq(f->h.scause, CAUSE_USER_ECALL);
}
END_TEST

START_TEST(test_hart_set_irq_and_mip)
{
    hart_set_irq(&f->h, MIP_MEIP, true);
    hart_set_irq(&f->h, MIP_SEIP, true);
    ck_assert_uint_eq(hart_mip(&f->h), MIP_MEIP | MIP_SEIP);
    hart_set_irq(&f->h, MIP_MEIP, false);
    ck_assert_uint_eq(hart_mip(&f->h), MIP_SEIP);
    f->h.mip = MIP_SEIP;                          /* software SEIP ORs in */
    hart_set_irq(&f->h, MIP_SEIP, false);
    ck_assert_uint_eq(hart_mip(&f->h), MIP_SEIP);
    f->h.mip = 0;
    ck_assert_uint_eq(hart_mip(&f->h), 0);
    ck_assert_int_eq(hart_pending_interrupt(&f->h), -1);
}
END_TEST

static Suite *trap_suite(void)
{
    Suite *s = suite_create("trap");
    TCase *t = tcase_create("exceptions");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, test_ecall_causes);
    tcase_add_test(t, test_delegated_exception_goes_to_s);
    tcase_add_test(t, test_not_delegated_goes_to_m);
    tcase_add_test(t, test_m_traps_never_delegated);
    tcase_add_test(t, test_illegal_tval_is_bits);
    tcase_add_test(t, test_ebreak_tval_is_pc);
    suite_add_tcase(s, t);

    t = tcase_create("xret");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, test_mret);
    tcase_add_test(t, test_sret);
    tcase_add_test(t, test_trap_and_return_round_trip);
    tcase_add_test(t, test_wfi_legality);
    tcase_add_test(t, test_wfi_parks_until_interrupt);
    tcase_add_test(t, test_wfi_woken_by_time);
    suite_add_tcase(s, t);

    t = tcase_create("interrupts");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, test_interrupt_priority);
    tcase_add_test(t, test_m_interrupts_enable_rules);
    tcase_add_test(t, test_delegated_interrupts);
    tcase_add_test(t, test_interrupt_after_enabling_write);
    tcase_add_test(t, test_vectored_tvec);
    tcase_add_test(t, test_hart_set_irq_and_mip);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(trap_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
