/*
 * test_csr.c - CSR instructions and the CSRs' access and WARL rules, run
 * through the hart (hart_fixture.h). References are to the privileged
 * spec (20211203): 2.1 (CSR address map), 3.1 (machine CSRs), 4.1
 * (supervisor CSRs), 3.7 (PMP), Sstc; and the unprivileged spec ch. 9
 * (Zicsr) and 11.2 (fcsr).
 */
#include "hart_fixture.h"

#define CODE (FX_RAM_BASE + 0x100)
#define TVEC (FX_RAM_BASE + 0x8000)
#define RD   FX_RD
#define RS1  FX_RS1

static struct fx *f;

/* Traps go to TVEC unless a test moves mtvec. */
static void setup(void)
{
    f = fx_new();
    f->h.mtvec = TVEC;
}
static void teardown(void) { fx_free(f); f = NULL; }

/* Execute w at privilege p from CODE (medeleg must be 0). Returns true if
 * it retired; false if it raised illegal instruction to M with mtval = w. Any other outcome
 * fails the test. */
static bool run_at(enum priv p, uint32_t w)
{
    f->h.pc = CODE;
    f->h.mcause = 0;
    fx_set_priv(f, p);
    fx_exec(f, w);
    if (f->h.pc == CODE + 4) {
        ck_assert_uint_eq(f->h.priv, p);
        return true;
    }
    ck_assert_msg(f->h.pc == (f->h.mtvec & ~3ULL), "0x%08x: pc 0x%llx", w, (unsigned long long)f->h.pc);
    ck_assert_uint_eq(f->h.priv, PRV_M);
    ck_assert_uint_eq(f->h.mcause, CAUSE_ILLEGAL_INSTRUCTION);
    ck_assert_uint_eq(f->h.mtval, w);
    ck_assert_uint_eq(f->h.mepc, CODE);
    return false;
}

/* csrr at privilege p: true and *v on success, false if illegal. */
static bool read_at(enum priv p, unsigned csr, uint64_t *v)
{
    f->h.x[RD] = 0xdeadbeef;
    bool ok = run_at(p, rv_csrrs(RD, csr, 0));
    if (ok)
        *v = f->h.x[RD];
    else
        ck_assert_uint_eq(f->h.x[RD], 0xdeadbeef);
    return ok;
}

/* csrw at privilege p, through t3 so that tests' RS1 survives. */
static bool write_at(enum priv p, unsigned csr, uint64_t v)
{
    f->h.x[28] = v;
    return run_at(p, rv_csrrw(0, csr, 28));
}

static uint64_t read_m(unsigned csr)
{
    uint64_t v = 0;
    ck_assert_msg(read_at(PRV_M, csr, &v), "csrr 0x%03x illegal in M", csr);
    return v;
}

static void write_m(unsigned csr, uint64_t v)
{
    ck_assert_msg(write_at(PRV_M, csr, v), "csrw 0x%03x illegal in M", csr);
}

/* ---- identification ---- */

START_TEST(test_misa)
{
    uint64_t want = 2ULL << 62;   /* MXL = 64 */
    for (const char *e = "IMAFDCSU"; *e; e++)
        want |= 1ULL << (*e - 'A');
    ck_assert_uint_eq(read_m(CSR_MISA), want);
    write_m(CSR_MISA, 0);          /* WARL: legal, extensions stay on */
    ck_assert_uint_eq(read_m(CSR_MISA), want);
}
END_TEST

START_TEST(test_id_csrs_read_only)
{
    static const unsigned ids[] = { CSR_MVENDORID, CSR_MARCHID, CSR_MIMPID, CSR_MHARTID };
    uint64_t v;
    for (unsigned k = 0; k < 4; k++) {
        unsigned c = ids[k];
        ck_assert(read_at(PRV_M, c, &v));                          /* csrrs rd, c, x0 */
        ck_assert(run_at(PRV_M, rv_csrrsi(RD, c, 0)));             /* zimm = 0: no write */
        ck_assert(run_at(PRV_M, rv_csrrc(RD, c, 0)));
        f->h.x[RS1] = 0;                                            /* rs1 != x0 writes, */
        ck_assert(!run_at(PRV_M, rv_csrrs(RD, c, RS1)));           /* even a zero value */
        ck_assert(!run_at(PRV_M, rv_csrrw(RD, c, RS1)));
        ck_assert(!run_at(PRV_M, rv_csrrw(0, c, RS1)));
        ck_assert(!run_at(PRV_M, rv_csrrwi(0, c, 0)));
        ck_assert(!run_at(PRV_M, rv_csrrci(RD, c, 1)));
        ck_assert(!read_at(PRV_S, c, &v));                          /* M-level CSR */
    }
    ck_assert_uint_eq(read_m(CSR_MHARTID), 0);
    hart_init(&f->h, 5, f->bus, f->dc, &f->tb, FX_RAM_BASE);
    ck_assert_uint_eq(read_m(CSR_MHARTID), 5);
}
END_TEST

START_TEST(test_csr_instruction_semantics)
{
    write_m(CSR_MSCRATCH, 0xf0f0);
    f->h.x[RS1] = 0x0ff0;
    ck_assert(run_at(PRV_M, rv_csrrs(RD, CSR_MSCRATCH, RS1)));
    ck_assert_uint_eq(f->h.x[RD], 0xf0f0);
    ck_assert_uint_eq(read_m(CSR_MSCRATCH), 0xfff0);
    ck_assert(run_at(PRV_M, rv_csrrc(RD, CSR_MSCRATCH, RS1)));
    ck_assert_uint_eq(f->h.x[RD], 0xfff0);
    ck_assert_uint_eq(read_m(CSR_MSCRATCH), 0xf000);
    ck_assert(run_at(PRV_M, rv_csrrwi(RD, CSR_MSCRATCH, 31)));
    ck_assert_uint_eq(f->h.x[RD], 0xf000);
    ck_assert_uint_eq(read_m(CSR_MSCRATCH), 31);
    ck_assert(run_at(PRV_M, rv_csrrci(RD, CSR_MSCRATCH, 1)));
    ck_assert(run_at(PRV_M, rv_csrrsi(RD, CSR_MSCRATCH, 0x20 >> 1)));
    ck_assert_uint_eq(f->h.x[RD], 30);
    ck_assert_uint_eq(read_m(CSR_MSCRATCH), 30);
    /* csrrw with rd = x0 still writes; x0 stays zero. */
    f->h.x[RS1] = 0x1234;
    ck_assert(run_at(PRV_M, rv_csrrw(0, CSR_MSCRATCH, RS1)));
    ck_assert_uint_eq(f->h.x[0], 0);
    ck_assert_uint_eq(read_m(CSR_MSCRATCH), 0x1234);
    /* rd = rs1: the old value goes to rd, the written value is rs1's old one. */
    f->h.x[RS1] = 0x55;
    ck_assert(run_at(PRV_M, rv_csrrw(RS1, CSR_MSCRATCH, RS1)));
    ck_assert_uint_eq(f->h.x[RS1], 0x1234);
    ck_assert_uint_eq(read_m(CSR_MSCRATCH), 0x55);
}
END_TEST

START_TEST(test_unknown_csr_illegal)
{
    uint64_t v;
    ck_assert(!read_at(PRV_M, 0x123, &v));
    ck_assert(!read_at(PRV_M, 0x7c0, &v));
    ck_assert(!write_at(PRV_M, 0x5ff, 1));
}
END_TEST

/* ---- privilege ---- */

START_TEST(test_privilege_checks)
{
    uint64_t v;
    ck_assert(!read_at(PRV_U, CSR_SSTATUS, &v));
    ck_assert(!read_at(PRV_U, CSR_MSTATUS, &v));
    ck_assert(!read_at(PRV_U, CSR_SSCRATCH, &v));
    ck_assert(!write_at(PRV_U, CSR_SSCRATCH, 1));
    ck_assert(!read_at(PRV_S, CSR_MSTATUS, &v));
    ck_assert(!read_at(PRV_S, CSR_MSCRATCH, &v));
    ck_assert(!write_at(PRV_S, CSR_MSCRATCH, 1));
    ck_assert(!write_at(PRV_S, CSR_MEDELEG, 1));
    ck_assert(!read_at(PRV_S, CSR_MISA, &v));
    ck_assert(!read_at(PRV_S, CSR_PMPADDR0, &v));
    ck_assert(write_at(PRV_S, CSR_SSCRATCH, 7));
    ck_assert(read_at(PRV_S, CSR_SSCRATCH, &v));
    ck_assert_uint_eq(v, 7);
    ck_assert(read_at(PRV_S, CSR_SSTATUS, &v));
    ck_assert_uint_eq(read_m(CSR_MSCRATCH), 0);   /* the S-mode attempt did nothing */
}
END_TEST

/* ---- mstatus / sstatus ---- */

START_TEST(test_sstatus_is_masked_view)
{
    const uint64_t m_only = MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_MPRV |
                            MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR;
    const uint64_t s_bits = MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM | MSTATUS_MXR;
    write_m(CSR_MSTATUS, MSTATUS_MIE | MSTATUS_MPIE | (1ULL << MSTATUS_MPP_SHIFT) | MSTATUS_TW);
    uint64_t before = read_m(CSR_MSTATUS) & m_only;
    ck_assert(write_at(PRV_S, CSR_SSTATUS, UINT64_MAX));
    uint64_t ms = read_m(CSR_MSTATUS);
    ck_assert_uint_eq(ms & m_only, before);          /* MIE, MPP... unchanged */
    ck_assert_uint_eq(ms & s_bits, s_bits);
    uint64_t ss;
    ck_assert(read_at(PRV_S, CSR_SSTATUS, &ss));
    ck_assert_uint_eq(ss & m_only, 0);               /* M fields invisible */
    ck_assert_uint_eq(ss & s_bits, s_bits);
    ck_assert_uint_eq((ss & MSTATUS_UXL) >> 32, 2);  /* UXL = 64, read-only */
    ck_assert_uint_eq((ms & MSTATUS_SXL) >> 34, 2);
    /* From M too, an sstatus write cannot touch M fields. */
    write_m(CSR_SSTATUS, 0);
    ms = read_m(CSR_MSTATUS);
    ck_assert_uint_eq(ms & m_only, before);
    ck_assert_uint_eq(ms & s_bits, 0);
    /* UXL/SXL are read-only. */
    write_m(CSR_MSTATUS, 0);
    ck_assert_uint_eq(read_m(CSR_MSTATUS) & (MSTATUS_UXL | MSTATUS_SXL), (2ULL << 32) | (2ULL << 34));
}
END_TEST

START_TEST(test_mpp_warl)
{
    write_m(CSR_MSTATUS, 1ULL << MSTATUS_MPP_SHIFT);
    ck_assert_uint_eq(read_m(CSR_MSTATUS) & MSTATUS_MPP, 1ULL << MSTATUS_MPP_SHIFT);
    write_m(CSR_MSTATUS, 2ULL << MSTATUS_MPP_SHIFT);          /* reserved: keep old */
    ck_assert_uint_eq(read_m(CSR_MSTATUS) & MSTATUS_MPP, 1ULL << MSTATUS_MPP_SHIFT);
    write_m(CSR_MSTATUS, 3ULL << MSTATUS_MPP_SHIFT);
    ck_assert_uint_eq(read_m(CSR_MSTATUS) & MSTATUS_MPP, 3ULL << MSTATUS_MPP_SHIFT);
    f->h.x[RS1] = 1ULL << MSTATUS_MPP_SHIFT;                   /* 3 & ~1 = 2 via csrrc */
    ck_assert(run_at(PRV_M, rv_csrrc(0, CSR_MSTATUS, RS1)));
    ck_assert_uint_eq(read_m(CSR_MSTATUS) & MSTATUS_MPP, 3ULL << MSTATUS_MPP_SHIFT);
    write_m(CSR_MSTATUS, 0);
    ck_assert_uint_eq(read_m(CSR_MSTATUS) & MSTATUS_MPP, 0);
}
END_TEST

START_TEST(test_fs_dirty_sets_sd)
{
    uint64_t ss;
    write_m(CSR_MSTATUS, (uint64_t)FS_DIRTY << MSTATUS_FS_SHIFT);
    ck_assert(read_m(CSR_MSTATUS) & MSTATUS_SD);
    ck_assert(read_at(PRV_S, CSR_SSTATUS, &ss));
    ck_assert(ss & MSTATUS_SD);
    write_m(CSR_MSTATUS, (uint64_t)FS_CLEAN << MSTATUS_FS_SHIFT);
    ck_assert(!(read_m(CSR_MSTATUS) & MSTATUS_SD));
    write_m(CSR_MSTATUS, MSTATUS_SD);                          /* SD is read-only */
    ck_assert(!(read_m(CSR_MSTATUS) & MSTATUS_SD));
    ck_assert(!(read_m(CSR_MSTATUS) & MSTATUS_FS));
}
END_TEST

START_TEST(test_fs_off_makes_fp_illegal)
{
    uint64_t v;
    write_m(CSR_MSTATUS, 0);
    static const unsigned fcsrs[] = { CSR_FFLAGS, CSR_FRM, CSR_FCSR };
    for (unsigned k = 0; k < 3; k++) {
        ck_assert(!read_at(PRV_M, fcsrs[k], &v));
        ck_assert(!write_at(PRV_M, fcsrs[k], 0));
        ck_assert(!read_at(PRV_U, fcsrs[k], &v));
    }
    write_m(CSR_MSTATUS, 0);
    ck_assert(!run_at(PRV_M, rv_fadd_d(1, 2, 3)));
    write_m(CSR_MSTATUS, 0);
    ck_assert(!run_at(PRV_M, rv_fmv_x_d(RD, 2)));
    write_m(CSR_MSTATUS, 0);
    f->h.x[RS1] = FX_DATA;
    ck_assert(!run_at(PRV_S, rv_fld(1, RS1, 0)));

    /* FS = Initial: legal, and an FP instruction that writes makes it Dirty. */
    write_m(CSR_MSTATUS, (uint64_t)FS_INITIAL << MSTATUS_FS_SHIFT);
    ck_assert(read_at(PRV_U, CSR_FCSR, &v));
    ck_assert(run_at(PRV_M, rv_fadd_d(1, 2, 3)));
    ck_assert_uint_eq((read_m(CSR_MSTATUS) & MSTATUS_FS) >> MSTATUS_FS_SHIFT, FS_DIRTY);
    ck_assert(read_m(CSR_MSTATUS) & MSTATUS_SD);
}
END_TEST

START_TEST(test_fcsr_aliasing)
{
    write_m(CSR_MSTATUS, (uint64_t)FS_INITIAL << MSTATUS_FS_SHIFT);
    write_m(CSR_FCSR, 0xff);
    ck_assert_uint_eq(read_m(CSR_FRM), 7);
    ck_assert_uint_eq(read_m(CSR_FFLAGS), 0x1f);
    ck_assert_uint_eq((read_m(CSR_MSTATUS) & MSTATUS_FS) >> MSTATUS_FS_SHIFT, FS_DIRTY);
    write_m(CSR_FRM, 2);
    ck_assert_uint_eq(read_m(CSR_FCSR), (2u << 5) | 0x1f);
    write_m(CSR_FFLAGS, FFLAGS_NX | FFLAGS_NV);
    ck_assert_uint_eq(read_m(CSR_FCSR), (2u << 5) | FFLAGS_NX | FFLAGS_NV);
    write_m(CSR_FCSR, 0xffffff01);                /* bits 31:8 are zero */
    ck_assert_uint_eq(read_m(CSR_FCSR), 0x01);
    write_m(CSR_FFLAGS, 0xff);                    /* 5 bits */
    ck_assert_uint_eq(read_m(CSR_FFLAGS), 0x1f);
    write_m(CSR_FRM, 0xfd);                       /* 3 bits */
    ck_assert_uint_eq(read_m(CSR_FRM), 5);
}
END_TEST

/* ---- delegation and interrupt enables ---- */

START_TEST(test_medeleg_mideleg_masks)
{
    write_m(CSR_MEDELEG, UINT64_MAX);
    uint64_t d = read_m(CSR_MEDELEG);
    ck_assert_uint_eq(d & (1ULL << CAUSE_MACHINE_ECALL), 0);   /* read-only zero */
    ck_assert_uint_eq(d & (1ULL << 10), 0);                    /* reserved */
    ck_assert_uint_eq(d & (1ULL << 14), 0);
    static const unsigned delegable[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 13, 15 };
    for (unsigned k = 0; k < sizeof(delegable) / sizeof(delegable[0]); k++)
        ck_assert_msg(d & (1ULL << delegable[k]), "cause %u not delegable", delegable[k]);
    write_m(CSR_MIDELEG, UINT64_MAX);
    ck_assert_uint_eq(read_m(CSR_MIDELEG), MIP_SSIP | MIP_STIP | MIP_SEIP);
    write_m(CSR_MIE, UINT64_MAX);
    ck_assert_uint_eq(read_m(CSR_MIE), 0xaaa);
}
END_TEST

START_TEST(test_sie_aliases_mie_through_mideleg)
{
    uint64_t v;
    write_m(CSR_MIE, UINT64_MAX);
    write_m(CSR_MIDELEG, 0);
    ck_assert(read_at(PRV_S, CSR_SIE, &v));
    ck_assert_uint_eq(v, 0);                                 /* nothing delegated */
    ck_assert(write_at(PRV_S, CSR_SIE, 0));
    ck_assert_uint_eq(read_m(CSR_MIE), 0xaaa);               /* read-only zero: no effect */
    write_m(CSR_MIDELEG, MIP_STIP);
    ck_assert(read_at(PRV_S, CSR_SIE, &v));
    ck_assert_uint_eq(v, MIP_STIP);
    ck_assert(write_at(PRV_S, CSR_SIE, 0));
    ck_assert_uint_eq(read_m(CSR_MIE), 0xaaa & ~MIP_STIP);
    ck_assert(write_at(PRV_S, CSR_SIE, UINT64_MAX));
    ck_assert_uint_eq(read_m(CSR_MIE), 0xaaa);
    write_m(CSR_MIE, 0);
    write_m(CSR_MIDELEG, MIP_SSIP | MIP_STIP | MIP_SEIP);
    ck_assert(write_at(PRV_S, CSR_SIE, UINT64_MAX));
    ck_assert_uint_eq(read_m(CSR_MIE), MIP_SSIP | MIP_STIP | MIP_SEIP);
}
END_TEST

START_TEST(test_sip_and_mip_writable_bits)
{
    uint64_t v;
    write_m(CSR_MIP, UINT64_MAX);                  /* MSIP/MTIP/MEIP read-only */
    ck_assert_uint_eq(read_m(CSR_MIP), MIP_SSIP | MIP_STIP | MIP_SEIP);
    write_m(CSR_MIP, 0);
    ck_assert_uint_eq(read_m(CSR_MIP), 0);
    write_m(CSR_MIDELEG, MIP_SSIP | MIP_STIP | MIP_SEIP);
    ck_assert(write_at(PRV_S, CSR_SIP, UINT64_MAX));    /* only SSIP writable in sip */
    ck_assert_uint_eq(read_m(CSR_MIP), MIP_SSIP);
    ck_assert(read_at(PRV_S, CSR_SIP, &v));
    ck_assert_uint_eq(v, MIP_SSIP);
    write_m(CSR_MIP, MIP_STIP | MIP_SEIP);
    ck_assert(read_at(PRV_S, CSR_SIP, &v));
    ck_assert_uint_eq(v, MIP_STIP | MIP_SEIP);
    ck_assert(write_at(PRV_S, CSR_SIP, 0));
    ck_assert_uint_eq(read_m(CSR_MIP), MIP_STIP | MIP_SEIP);
    /* Not delegated: sip.SSIP is read-only zero. */
    write_m(CSR_MIP, 0);
    write_m(CSR_MIDELEG, 0);
    ck_assert(write_at(PRV_S, CSR_SIP, MIP_SSIP));
    ck_assert_uint_eq(read_m(CSR_MIP), 0);
    /* Device lines show in mip but are not software-writable. */
    hart_set_irq(&f->h, MIP_MEIP, true);
    ck_assert_uint_eq(read_m(CSR_MIP), MIP_MEIP);
    write_m(CSR_MIP, 0);
    ck_assert_uint_eq(read_m(CSR_MIP), MIP_MEIP);
}
END_TEST

START_TEST(test_mip_seip_read_modify_write)
{
    /* Priv spec 3.1.9: csrr sees SEIP = software bit | external line, but
     * csrrs/csrrc write back only the software bit. */
    hart_set_irq(&f->h, MIP_SEIP, true);
    ck_assert_uint_eq(read_m(CSR_MIP), MIP_SEIP);
    f->h.x[RS1] = MIP_SSIP;
    ck_assert(run_at(PRV_M, rv_csrrs(RD, CSR_MIP, RS1)));
    ck_assert_uint_eq(f->h.x[RD], MIP_SEIP);
    ck_assert(run_at(PRV_M, rv_csrrc(RD, CSR_MIP, RS1)));
    hart_set_irq(&f->h, MIP_SEIP, false);
    ck_assert_uint_eq(read_m(CSR_MIP), 0);          /* the line was not latched */
    f->h.x[RS1] = MIP_SEIP;
    ck_assert(run_at(PRV_M, rv_csrrs(0, CSR_MIP, RS1)));
    ck_assert_uint_eq(read_m(CSR_MIP), MIP_SEIP);   /* software bit alone */
}
END_TEST

/* ---- satp ---- */

START_TEST(test_satp_warl)
{
    const uint64_t sv39 = (8ULL << 60) | (0x1234ULL << 44) | 0x80123;
    write_m(CSR_SATP, sv39);
    ck_assert_uint_eq(read_m(CSR_SATP), sv39);
    write_m(CSR_SATP, (10ULL << 60) | 0x80456);   /* Sv57 unsupported: unchanged */
    ck_assert_uint_eq(read_m(CSR_SATP), sv39);
    write_m(CSR_SATP, (1ULL << 60) | 0x80456);    /* reserved mode: unchanged */
    ck_assert_uint_eq(read_m(CSR_SATP), sv39);
    const uint64_t sv48 = (9ULL << 60) | 0x80789;
    write_m(CSR_SATP, sv48);
    ck_assert_uint_eq(read_m(CSR_SATP), sv48);
    write_m(CSR_SATP, 0x0000123480000000ULL);     /* Bare: whole register zero */
    ck_assert_uint_eq(read_m(CSR_SATP), 0);
}
END_TEST

START_TEST(test_satp_tvm)
{
    uint64_t v;
    write_m(CSR_MSTATUS, MSTATUS_TVM);
    ck_assert(!read_at(PRV_S, CSR_SATP, &v));
    write_m(CSR_MSTATUS, MSTATUS_TVM);
    ck_assert(!write_at(PRV_S, CSR_SATP, 0));
    write_m(CSR_MSTATUS, MSTATUS_TVM);
    ck_assert(!run_at(PRV_S, rv_sfence_vma(0, 0)));
    write_m(CSR_MSTATUS, MSTATUS_TVM);
    ck_assert(write_at(PRV_M, CSR_SATP, 0));       /* M is not trapped */
    write_m(CSR_MSTATUS, 0);
    ck_assert(read_at(PRV_S, CSR_SATP, &v));
    ck_assert(run_at(PRV_S, rv_sfence_vma(0, 0)));
    ck_assert(!read_at(PRV_U, CSR_SATP, &v));
}
END_TEST

/* ---- trap vectors and epc ---- */

START_TEST(test_tvec_modes)
{
    static const unsigned csrs[] = { CSR_MTVEC, CSR_STVEC };
    for (unsigned k = 0; k < 2; k++) {
        unsigned c = csrs[k];
        write_m(c, FX_RAM_BASE + 0x1000);
        write_m(c, FX_RAM_BASE + 0x2002);            /* mode 2: reserved */
        ck_assert_uint_eq(read_m(c), FX_RAM_BASE + 0x1000);
        write_m(c, FX_RAM_BASE + 0x2003);            /* mode 3: reserved */
        ck_assert_uint_eq(read_m(c), FX_RAM_BASE + 0x1000);
        write_m(c, FX_RAM_BASE + 0x2001);            /* vectored */
        ck_assert_uint_eq(read_m(c), FX_RAM_BASE + 0x2001);
        write_m(c, FX_RAM_BASE + 0x3000);            /* direct */
        ck_assert_uint_eq(read_m(c), FX_RAM_BASE + 0x3000);
    }
}
END_TEST

START_TEST(test_epc_bit0_cleared)
{
    write_m(CSR_MEPC, FX_RAM_BASE + 0x1001);
    ck_assert_uint_eq(read_m(CSR_MEPC), FX_RAM_BASE + 0x1000);
    write_m(CSR_MEPC, FX_RAM_BASE + 0x1002);          /* IALIGN = 16: bit 1 kept */
    ck_assert_uint_eq(read_m(CSR_MEPC), FX_RAM_BASE + 0x1002);
    write_m(CSR_SEPC, UINT64_MAX);
    ck_assert_uint_eq(read_m(CSR_SEPC), UINT64_MAX - 1);
}
END_TEST

/* ---- counters ---- */

START_TEST(test_counter_enables)
{
    static const unsigned ctr[] = { CSR_CYCLE, CSR_TIME, CSR_INSTRET, CSR_HPMCOUNTER3 };
    uint64_t v;
    for (unsigned k = 0; k < 4; k++) {
        unsigned c = ctr[k];
        uint64_t bit = 1ULL << (c - CSR_CYCLE), others = 0xffffffffULL & ~bit;
        ck_assert(read_at(PRV_M, c, &v));
        f->h.mcounteren = others;
        f->h.scounteren = 0xffffffffULL;
        ck_assert(!read_at(PRV_S, c, &v));
        ck_assert(!read_at(PRV_U, c, &v));
        f->h.mcounteren = bit;
        f->h.scounteren = others;
        ck_assert(read_at(PRV_S, c, &v));
        ck_assert(!read_at(PRV_U, c, &v));
        f->h.scounteren = bit;
        ck_assert(read_at(PRV_U, c, &v));
        ck_assert(!write_at(PRV_M, c, 0));           /* user counters are read-only */
    }
    /* Through the CSRs themselves: S may write scounteren, not mcounteren. */
    ck_assert(write_at(PRV_S, CSR_SCOUNTEREN, 7));
    ck_assert(!write_at(PRV_S, CSR_MCOUNTEREN, 7));
}
END_TEST

START_TEST(test_minstret_write_then_read)
{
    f->h.x[RS1] = 1000;
    f->h.pc = CODE;
    fx_exec(f, rv_csrrw(0, CSR_MINSTRET, RS1));
    fx_exec(f, rv_csrrs(RD, CSR_MINSTRET, 0));
    ck_assert_uint_eq(f->h.x[RD], 1000);        /* the write replaced the increment */
    fx_exec(f, rv_csrrs(RD, CSR_INSTRET, 0));
    ck_assert_uint_eq(f->h.x[RD], 1001);
    fx_exec(f, RV_NOP);
    fx_exec(f, RV_NOP);
    fx_exec(f, rv_csrrs(RD, CSR_MINSTRET, 0));
    ck_assert_uint_eq(f->h.x[RD], 1004);
    /* A trapping instruction does not retire. */
    f->h.mtvec = TVEC;
    fx_exec(f, rv_csrrw(0, CSR_MVENDORID, RS1));
    ck_assert_uint_eq(f->h.pc, TVEC);
    fx_exec(f, rv_csrrs(RD, CSR_MINSTRET, 0));
    ck_assert_uint_eq(f->h.x[RD], 1005);
    /* mcycle likewise reads back what was written. */
    f->h.x[RS1] = 5000;
    fx_exec(f, rv_csrrw(0, CSR_MCYCLE, RS1));
    fx_exec(f, rv_csrrs(RD, CSR_MCYCLE, 0));
    ck_assert_uint_eq(f->h.x[RD], 5000);
}
END_TEST

START_TEST(test_mcountinhibit_reads_zero)
{
    write_m(CSR_MCOUNTINHIBIT, UINT64_MAX);
    ck_assert_uint_eq(read_m(CSR_MCOUNTINHIBIT), 0);
    uint64_t a = read_m(CSR_MINSTRET);
    uint64_t b = read_m(CSR_MINSTRET);
    ck_assert_uint_eq(b, a + 1);                  /* still counting */
}
END_TEST

/* ---- Sstc ---- */

START_TEST(test_stimecmp_access)
{
    uint64_t v;
    ck_assert(read_at(PRV_M, CSR_STIMECMP, &v));    /* M: always */
    f->h.menvcfg = 0;
    f->h.mcounteren = COUNTEREN_TM;
    ck_assert(!read_at(PRV_S, CSR_STIMECMP, &v));
    ck_assert(!write_at(PRV_S, CSR_STIMECMP, 5));
    f->h.menvcfg = MENVCFG_STCE;
    f->h.mcounteren = 0;
    ck_assert(!read_at(PRV_S, CSR_STIMECMP, &v));
    f->h.mcounteren = COUNTEREN_TM;
    ck_assert(write_at(PRV_S, CSR_STIMECMP, 5));
    ck_assert(read_at(PRV_S, CSR_STIMECMP, &v));
    ck_assert_uint_eq(v, 5);
    f->h.scounteren = COUNTEREN_TM;
    ck_assert(!read_at(PRV_U, CSR_STIMECMP, &v));   /* S-level CSR */
    /* menvcfg keeps STCE. */
    write_m(CSR_MENVCFG, UINT64_MAX);
    ck_assert(read_m(CSR_MENVCFG) & MENVCFG_STCE);
}
END_TEST

START_TEST(test_stip_follows_stimecmp)
{
    f->tb.clock = 100 * TIMEBASE_INSNS_PER_TICK;    /* time = 100 */
    ck_assert_uint_eq(read_m(CSR_TIME), 100);
    write_m(CSR_MENVCFG, MENVCFG_STCE);
    write_m(CSR_STIMECMP, UINT64_MAX);
    ck_assert_uint_eq(read_m(CSR_MIP) & MIP_STIP, 0);
    write_m(CSR_STIMECMP, 100);
    ck_assert_uint_eq(read_m(CSR_MIP) & MIP_STIP, MIP_STIP);
    write_m(CSR_STIMECMP, 101);
    ck_assert_uint_eq(read_m(CSR_MIP) & MIP_STIP, 0);
    /* Read-only while STCE = 1: the write is ignored, not stored. */
    f->h.x[RS1] = MIP_STIP;
    ck_assert(run_at(PRV_M, rv_csrrs(0, CSR_MIP, RS1)));
    ck_assert_uint_eq(read_m(CSR_MIP) & MIP_STIP, 0);
    f->tb.clock = 101 * TIMEBASE_INSNS_PER_TICK;
    ck_assert_uint_eq(read_m(CSR_MIP) & MIP_STIP, MIP_STIP);
    ck_assert(run_at(PRV_M, rv_csrrc(0, CSR_MIP, RS1)));
    ck_assert_uint_eq(read_m(CSR_MIP) & MIP_STIP, MIP_STIP);
    ck_assert(run_at(PRV_M, rv_csrrs(0, CSR_MIP, RS1)));
    /* STCE = 0: STIP is the software bit again, still 0. */
    write_m(CSR_MENVCFG, 0);
    ck_assert_uint_eq(read_m(CSR_MIP) & MIP_STIP, 0);
    f->h.x[RS1] = MIP_STIP;
    ck_assert(run_at(PRV_M, rv_csrrs(0, CSR_MIP, RS1)));
    ck_assert_uint_eq(read_m(CSR_MIP) & MIP_STIP, MIP_STIP);
}
END_TEST

/* ---- PMP ---- */

START_TEST(test_pmp_csrs)
{
    uint64_t v;
    /* RV64: only even pmpcfg registers exist (priv spec 3.7.1). */
    ck_assert(!read_at(PRV_M, CSR_PMPCFG0 + 1, &v));
    ck_assert(!write_at(PRV_M, CSR_PMPCFG0 + 3, 0));
    ck_assert(!read_at(PRV_M, CSR_PMPCFG15, &v));
    ck_assert(read_at(PRV_M, CSR_PMPCFG0 + 2, &v));
    ck_assert(read_at(PRV_M, CSR_PMPCFG0 + 14, &v));
    /* pmpaddr holds address bits 55:2. */
    write_m(CSR_PMPADDR0 + 7, UINT64_MAX);
    ck_assert_uint_eq(read_m(CSR_PMPADDR0 + 7), (1ULL << 54) - 1);
    write_m(CSR_PMPADDR0 + 63, 0x20001234);
    ck_assert_uint_eq(read_m(CSR_PMPADDR0 + 63), 0x20001234);
    /* cfg fields read back (entry 0 NAPOT RWX, entry 1 TOR R). */
    write_m(CSR_PMPCFG0, 0x091f);
    ck_assert_uint_eq(read_m(CSR_PMPCFG0), 0x091f);
    /* R = 0, W = 1 is reserved and must not be kept. */
    write_m(CSR_PMPCFG0 + 2, 0x02);
    ck_assert_uint_ne(read_m(CSR_PMPCFG0 + 2) & 0x03, 0x02);
}
END_TEST

START_TEST(test_pmp_lock)
{
    write_m(CSR_PMPADDR0, 0x1000);
    write_m(CSR_PMPADDR0 + 1, 0x2000);
    write_m(CSR_PMPADDR0 + 2, 0x3000);
    /* entry 0: L|NAPOT|RWX; entry 1: RW off; entry 3: L|TOR|R locks pmpaddr2. */
    write_m(CSR_PMPCFG0, (0x89ULL << 24) | (0x03ULL << 8) | 0x9f);
    ck_assert_uint_eq(read_m(CSR_PMPCFG0), (0x89ULL << 24) | (0x03ULL << 8) | 0x9f);
    write_m(CSR_PMPCFG0, 0);                       /* M cannot unlock */
    ck_assert_uint_eq(read_m(CSR_PMPCFG0), (0x89ULL << 24) | 0x9f);
    write_m(CSR_PMPADDR0, 0x5555);
    ck_assert_uint_eq(read_m(CSR_PMPADDR0), 0x1000);
    write_m(CSR_PMPADDR0 + 1, 0x5555);             /* unlocked */
    ck_assert_uint_eq(read_m(CSR_PMPADDR0 + 1), 0x5555);
    write_m(CSR_PMPADDR0 + 2, 0x5555);             /* below a locked TOR entry */
    ck_assert_uint_eq(read_m(CSR_PMPADDR0 + 2), 0x3000);
    write_m(CSR_PMPADDR0 + 3, 0x5555);             /* the locked entry itself */
    ck_assert_uint_eq(read_m(CSR_PMPADDR0 + 3), 0);
    /* A locked NAPOT entry does not lock the address below it. */
    write_m(CSR_PMPCFG0, 0x98ULL << 40);           /* entry 5: L|NAPOT */
    write_m(CSR_PMPADDR0 + 4, 0x4444);
    ck_assert_uint_eq(read_m(CSR_PMPADDR0 + 4), 0x4444);
}
END_TEST

static Suite *csr_suite(void)
{
    Suite *s = suite_create("csr");
    TCase *t = tcase_create("access");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, test_misa);
    tcase_add_test(t, test_id_csrs_read_only);
    tcase_add_test(t, test_csr_instruction_semantics);
    tcase_add_test(t, test_unknown_csr_illegal);
    tcase_add_test(t, test_privilege_checks);
    suite_add_tcase(s, t);

    t = tcase_create("status");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, test_sstatus_is_masked_view);
    tcase_add_test(t, test_mpp_warl);
    tcase_add_test(t, test_fs_dirty_sets_sd);
    tcase_add_test(t, test_fs_off_makes_fp_illegal);
    tcase_add_test(t, test_fcsr_aliasing);
    suite_add_tcase(s, t);

    t = tcase_create("interrupts");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, test_medeleg_mideleg_masks);
    tcase_add_test(t, test_sie_aliases_mie_through_mideleg);
    tcase_add_test(t, test_sip_and_mip_writable_bits);
    tcase_add_test(t, test_mip_seip_read_modify_write);
    suite_add_tcase(s, t);

    t = tcase_create("memory");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, test_satp_warl);
    tcase_add_test(t, test_satp_tvm);
    tcase_add_test(t, test_tvec_modes);
    tcase_add_test(t, test_epc_bit0_cleared);
    tcase_add_test(t, test_pmp_csrs);
    tcase_add_test(t, test_pmp_lock);
    suite_add_tcase(s, t);

    t = tcase_create("counters");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, test_counter_enables);
    tcase_add_test(t, test_minstret_write_then_read);
    tcase_add_test(t, test_mcountinhibit_reads_zero);
    tcase_add_test(t, test_stimecmp_access);
    tcase_add_test(t, test_stip_follows_stimecmp);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(csr_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
