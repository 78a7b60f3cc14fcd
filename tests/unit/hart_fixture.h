/*
 * hart_fixture.h - a bare hart on a bus for the core's unit tests
 * (test_alu.c, test_csr.c, test_trap.c), and instruction encoders.
 *
 * The fixture is one hart with 1 MiB of RAM at 0x80000000, its own decoded
 * cache and a zeroed (deterministic, time 0) timebase. No devices. Tests
 * write an instruction at the hart's pc and step it:
 *
 *     fx_exec(f, rv_addi(5, 0, 1));     x5 = 1, pc += 4
 *
 * Each written word goes through bus_ram_written(), and the fixture wires
 * the same two bus hooks as emu/machine.c (forget decoded code on a store
 * to a code page; drop store TLB entries when a page becomes watched), so
 * rewriting an instruction that already ran is safe.
 *
 * The encoders are written from the unprivileged spec's format figures
 * (ch. 2.2-2.3, 34 "RV32/64G Instruction Set Listings") independently of
 * insns.def, so a wrong table entry cannot make a wrong test pass; a few
 * of them are checked against riscv64-unknown-elf-as in test_alu.c.
 *
 * Header-only: every function is static inline so each suite can include
 * it without unused-function warnings.
 */
#ifndef TESTS_UNIT_HART_FIXTURE_H
#define TESTS_UNIT_HART_FIXTURE_H

#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bus.h"
#include "csr.h"
#include "dcache.h"
#include "hart.h"
#include "timebase.h"

#define FX_RAM_BASE 0x80000000ULL
#define FX_RAM_SIZE (1ULL << 20)
#define FX_DATA     (FX_RAM_BASE + 0x80000)  /* data area, far from the code */

/* Registers fx_rr/fx_ri use: rd = t2, rs1 = t0, rs2 = t1. */
#define FX_RD  7
#define FX_RS1 5
#define FX_RS2 6

struct fx {
    struct bus     *bus;
    struct dcache  *dc;
    struct timebase tb;      /* zeroed: mtime 0 until a test sets clock */
    struct hart     h;
};

/* The machine's ram_written hook, minus HTIF and reservations: a store to
 * a page holding decoded code forgets the decoded slots. */
static inline void fx_ram_written(void *ctx, uint64_t pa, uint64_t len)
{
    struct fx *f = ctx;
    (void)len;
    if (bus_page_flags(f->bus, pa) & PGF_CODE)
        dcache_invalidate(f->dc, pa);
}

/* A page became watched: its store TLB entries must miss from now on. */
static inline void fx_flags_changed(void *ctx, uint64_t pa_page)
{
    struct fx *f = ctx;
    for (unsigned e = 0; e < TLB_SIZE; e++)
        if (f->h.tlb.wm[e].pa == pa_page)
            f->h.tlb.w[e].tag = TLB_INVALID_TAG;
}

static inline struct fx *fx_new(void)
{
    struct fx *f = calloc(1, sizeof(*f));
    ck_assert_ptr_nonnull(f);
    f->bus = bus_new(FX_RAM_BASE, FX_RAM_SIZE);
    ck_assert_ptr_nonnull(f->bus);
    f->dc = dcache_new(f->bus);
    ck_assert_ptr_nonnull(f->dc);
    f->bus->ram_written = fx_ram_written;
    f->bus->ram_written_ctx = f;
    f->bus->flags_changed = fx_flags_changed;
    f->bus->flags_changed_ctx = f;
    hart_init(&f->h, 0, f->bus, f->dc, &f->tb, FX_RAM_BASE);
    return f;
}

static inline void fx_free(struct fx *f)
{
    if (!f)
        return;
    dcache_free(f->dc);
    bus_free(f->bus);
    free(f);
}

/* ---- memory ---- */

static inline void fx_write(struct fx *f, uint64_t pa, uint64_t val, unsigned size)
{
    uint8_t *p = bus_ram_ptr(f->bus, pa, size);
    ck_assert_ptr_nonnull(p);
    memcpy(p, &val, size);   /* little-endian host, as the emulator assumes */
    bus_ram_written(f->bus, pa, size);
}

static inline uint64_t fx_read(struct fx *f, uint64_t pa, unsigned size)
{
    uint64_t v = 0;
    const uint8_t *p = bus_ram_ptr(f->bus, pa, size);
    ck_assert_ptr_nonnull(p);
    memcpy(&v, p, size);
    return v;
}

/* ---- running ---- */

/* Write the 32-bit instruction w at pc and step once. */
static inline void fx_exec(struct fx *f, uint32_t w)
{
    fx_write(f, f->h.pc, w, 4);
    hart_step(&f->h);
}

/* Write the 16-bit (compressed) instruction c at pc and step once. */
static inline void fx_exec16(struct fx *f, uint16_t c)
{
    fx_write(f, f->h.pc, c, 2);
    hart_step(&f->h);
}

/* Run w with t0 = a, t1 = b; return t2 (w must use FX_RD/RS1/RS2). */
static inline uint64_t fx_run_rr(struct fx *f, uint32_t w, uint64_t a, uint64_t b)
{
    f->h.x[FX_RS1] = a;
    f->h.x[FX_RS2] = b;
    f->h.x[FX_RD] = 0xdeadbeefdeadbeefULL;   /* make "not written" visible */
    uint64_t pc = f->h.pc;
    fx_exec(f, w);
    ck_assert_msg(f->h.pc == pc + 4, "0x%08x trapped or jumped: pc 0x%llx mcause %llu", w,
                  (unsigned long long)f->h.pc, (unsigned long long)f->h.mcause);
    return f->h.x[FX_RD];
}

/* Put the hart in privilege p as if an xRET had happened (TLB flushed). */
static inline void fx_set_priv(struct fx *f, enum priv p)
{
    f->h.priv = p;
    hart_context_changed(&f->h);
}

/* A CSR's value as M-mode would read it (no privilege checks). */
static inline uint64_t fx_csr(struct fx *f, unsigned csr)
{
    uint64_t v = 0;
    ck_assert_msg(csr_peek(&f->h, csr, &v), "CSR 0x%03x does not exist", csr);
    return v;
}

/* Set a CSR as M-mode software would (for test setup). */
static inline void fx_set_csr(struct fx *f, unsigned csr, uint64_t val)
{
    enum priv saved = f->h.priv;
    f->h.priv = PRV_M;
    ck_assert_msg(csr_check_write(&f->h, csr) == EXC_NONE, "CSR 0x%03x not writable", csr);
    csr_write(&f->h, csr, val);
    f->h.priv = saved;
}

/* Assert that the last step trapped to M with cause and tval. */
#define fx_assert_mtrap(f, cause, tval) do {                                      \
        ck_assert_uint_eq((f)->h.priv, PRV_M);                                    \
        ck_assert_uint_eq((f)->h.mcause, (uint64_t)(cause));                      \
        ck_assert_uint_eq((f)->h.mtval, (uint64_t)(tval));                        \
    } while (0)

/* ---- encoders: unprivileged spec ch. 2.2 (formats), ch. 34 (opcode map) ---- */

enum {
    OPC_LOAD = 0x03, OPC_LOAD_FP = 0x07, OPC_MISC_MEM = 0x0f, OPC_OP_IMM = 0x13,
    OPC_AUIPC = 0x17, OPC_OP_IMM_32 = 0x1b, OPC_STORE = 0x23, OPC_STORE_FP = 0x27,
    OPC_AMO = 0x2f, OPC_OP = 0x33, OPC_LUI = 0x37, OPC_OP_32 = 0x3b, OPC_OP_FP = 0x53,
    OPC_BRANCH = 0x63, OPC_JALR = 0x67, OPC_JAL = 0x6f, OPC_SYSTEM = 0x73,
};

static inline uint32_t enc_r(unsigned opc, unsigned f3, unsigned f7, unsigned rd, unsigned rs1,
                             unsigned rs2)
{
    return opc | rd << 7 | f3 << 12 | rs1 << 15 | rs2 << 20 | f7 << 25;
}

static inline uint32_t enc_i(unsigned opc, unsigned f3, unsigned rd, unsigned rs1, int32_t imm)
{
    return opc | rd << 7 | f3 << 12 | rs1 << 15 | ((uint32_t)imm & 0xfff) << 20;
}

static inline uint32_t enc_s(unsigned opc, unsigned f3, unsigned rs1, unsigned rs2, int32_t imm)
{
    uint32_t u = (uint32_t)imm;
    return opc | (u & 0x1f) << 7 | f3 << 12 | rs1 << 15 | rs2 << 20 | ((u >> 5) & 0x7f) << 25;
}

static inline uint32_t enc_b(unsigned f3, unsigned rs1, unsigned rs2, int32_t imm)
{
    uint32_t u = (uint32_t)imm;
    return OPC_BRANCH | ((u >> 11) & 1) << 7 | ((u >> 1) & 0xf) << 8 | f3 << 12 | rs1 << 15 |
           rs2 << 20 | ((u >> 5) & 0x3f) << 25 | ((u >> 12) & 1) << 31;
}

static inline uint32_t enc_u(unsigned opc, unsigned rd, uint32_t imm20)
{
    return opc | rd << 7 | imm20 << 12;
}

static inline uint32_t enc_j(unsigned rd, int32_t imm)
{
    uint32_t u = (uint32_t)imm;
    return OPC_JAL | rd << 7 | ((u >> 12) & 0xff) << 12 | ((u >> 11) & 1) << 20 |
           ((u >> 1) & 0x3ff) << 21 | ((u >> 20) & 1) << 31;
}

/* One encoder per instruction, one line each. */
#define FX_R(name, opc, f3, f7) \
    static inline uint32_t rv_##name(unsigned rd, unsigned rs1, unsigned rs2) \
    { return enc_r(opc, f3, f7, rd, rs1, rs2); }
#define FX_I(name, opc, f3) \
    static inline uint32_t rv_##name(unsigned rd, unsigned rs1, int32_t imm) \
    { return enc_i(opc, f3, rd, rs1, imm); }
#define FX_S(name, f3) \
    static inline uint32_t rv_##name(unsigned rs2, unsigned rs1, int32_t imm) \
    { return enc_s(OPC_STORE, f3, rs1, rs2, imm); }
#define FX_B(name, f3) \
    static inline uint32_t rv_##name(unsigned rs1, unsigned rs2, int32_t imm) \
    { return enc_b(f3, rs1, rs2, imm); }
/* AMOs: funct5 in 31:27, aq = rl = 0; rv_lr_* ignore rs2. */
#define FX_A(name, f5, f3) \
    static inline uint32_t rv_##name(unsigned rd, unsigned rs1, unsigned rs2) \
    { return enc_r(OPC_AMO, f3, (f5) << 2, rd, rs1, rs2); }
/* CSR instructions: rv_csrrw(rd, csr, rs1) (or zimm for the *i forms). */
#define FX_CSR(name, f3) \
    static inline uint32_t rv_##name(unsigned rd, unsigned csr, unsigned rs1) \
    { return enc_i(OPC_SYSTEM, f3, rd, rs1, (int32_t)csr); }

FX_R(add, OPC_OP, 0, 0x00)   FX_R(sub, OPC_OP, 0, 0x20)   FX_R(sll, OPC_OP, 1, 0x00)
FX_R(slt, OPC_OP, 2, 0x00)   FX_R(sltu, OPC_OP, 3, 0x00)  FX_R(xor, OPC_OP, 4, 0x00)
FX_R(srl, OPC_OP, 5, 0x00)   FX_R(sra, OPC_OP, 5, 0x20)   FX_R(or, OPC_OP, 6, 0x00)
FX_R(and, OPC_OP, 7, 0x00)
FX_R(addw, OPC_OP_32, 0, 0x00) FX_R(subw, OPC_OP_32, 0, 0x20) FX_R(sllw, OPC_OP_32, 1, 0x00)
FX_R(srlw, OPC_OP_32, 5, 0x00) FX_R(sraw, OPC_OP_32, 5, 0x20)
FX_R(mul, OPC_OP, 0, 0x01)   FX_R(mulh, OPC_OP, 1, 0x01)  FX_R(mulhsu, OPC_OP, 2, 0x01)
FX_R(mulhu, OPC_OP, 3, 0x01) FX_R(div, OPC_OP, 4, 0x01)   FX_R(divu, OPC_OP, 5, 0x01)
FX_R(rem, OPC_OP, 6, 0x01)   FX_R(remu, OPC_OP, 7, 0x01)
FX_R(mulw, OPC_OP_32, 0, 0x01) FX_R(divw, OPC_OP_32, 4, 0x01) FX_R(divuw, OPC_OP_32, 5, 0x01)
FX_R(remw, OPC_OP_32, 6, 0x01) FX_R(remuw, OPC_OP_32, 7, 0x01)

FX_I(addi, OPC_OP_IMM, 0)  FX_I(slti, OPC_OP_IMM, 2) FX_I(sltiu, OPC_OP_IMM, 3)
FX_I(xori, OPC_OP_IMM, 4)  FX_I(ori, OPC_OP_IMM, 6)  FX_I(andi, OPC_OP_IMM, 7)
FX_I(addiw, OPC_OP_IMM_32, 0)
FX_I(lb, OPC_LOAD, 0) FX_I(lh, OPC_LOAD, 1) FX_I(lw, OPC_LOAD, 2) FX_I(ld, OPC_LOAD, 3)
FX_I(lbu, OPC_LOAD, 4) FX_I(lhu, OPC_LOAD, 5) FX_I(lwu, OPC_LOAD, 6)
FX_I(jalr, OPC_JALR, 0)
FX_I(fld, OPC_LOAD_FP, 3)
FX_S(sb, 0) FX_S(sh, 1) FX_S(sw, 2) FX_S(sd, 3)
FX_B(beq, 0) FX_B(bne, 1) FX_B(blt, 4) FX_B(bge, 5) FX_B(bltu, 6) FX_B(bgeu, 7)

FX_A(lr_w, 0x02, 2)      FX_A(sc_w, 0x03, 2)      FX_A(amoswap_w, 0x01, 2)
FX_A(amoadd_w, 0x00, 2)  FX_A(amoxor_w, 0x04, 2)  FX_A(amoand_w, 0x0c, 2)
FX_A(amoor_w, 0x08, 2)   FX_A(amomin_w, 0x10, 2)  FX_A(amomax_w, 0x14, 2)
FX_A(amominu_w, 0x18, 2) FX_A(amomaxu_w, 0x1c, 2)
FX_A(lr_d, 0x02, 3)      FX_A(sc_d, 0x03, 3)      FX_A(amoswap_d, 0x01, 3)
FX_A(amoadd_d, 0x00, 3)  FX_A(amoxor_d, 0x04, 3)  FX_A(amoand_d, 0x0c, 3)
FX_A(amoor_d, 0x08, 3)   FX_A(amomin_d, 0x10, 3)  FX_A(amomax_d, 0x14, 3)
FX_A(amominu_d, 0x18, 3) FX_A(amomaxu_d, 0x1c, 3)

FX_CSR(csrrw, 1) FX_CSR(csrrs, 2) FX_CSR(csrrc, 3)
FX_CSR(csrrwi, 5) FX_CSR(csrrsi, 6) FX_CSR(csrrci, 7)

/* fadd.d rd, rs1, rs2 with rm = dyn; fmv.x.d rd, rs1. */
FX_R(fadd_d, OPC_OP_FP, 7, 0x01)
static inline uint32_t rv_fmv_x_d(unsigned rd, unsigned rs1) { return enc_r(OPC_OP_FP, 0, 0x71, rd, rs1, 0); }

#undef FX_R
#undef FX_I
#undef FX_S
#undef FX_B
#undef FX_A
#undef FX_CSR

/* RV64 shifts by immediate: 6-bit shamt (5 for the W forms). */
static inline uint32_t rv_slli(unsigned rd, unsigned rs1, unsigned sh) { return enc_i(OPC_OP_IMM, 1, rd, rs1, (int32_t)(sh & 63)); }
static inline uint32_t rv_srli(unsigned rd, unsigned rs1, unsigned sh) { return enc_i(OPC_OP_IMM, 5, rd, rs1, (int32_t)(sh & 63)); }
static inline uint32_t rv_srai(unsigned rd, unsigned rs1, unsigned sh) { return enc_i(OPC_OP_IMM, 5, rd, rs1, (int32_t)(0x400 | (sh & 63))); }
static inline uint32_t rv_slliw(unsigned rd, unsigned rs1, unsigned sh) { return enc_i(OPC_OP_IMM_32, 1, rd, rs1, (int32_t)(sh & 31)); }
static inline uint32_t rv_srliw(unsigned rd, unsigned rs1, unsigned sh) { return enc_i(OPC_OP_IMM_32, 5, rd, rs1, (int32_t)(sh & 31)); }
static inline uint32_t rv_sraiw(unsigned rd, unsigned rs1, unsigned sh) { return enc_i(OPC_OP_IMM_32, 5, rd, rs1, (int32_t)(0x400 | (sh & 31))); }

static inline uint32_t rv_lui(unsigned rd, uint32_t imm20)   { return enc_u(OPC_LUI, rd, imm20); }
static inline uint32_t rv_auipc(unsigned rd, uint32_t imm20) { return enc_u(OPC_AUIPC, rd, imm20); }
static inline uint32_t rv_jal(unsigned rd, int32_t off)      { return enc_j(rd, off); }

/* SYSTEM instructions with fixed encodings (priv spec ch. 9 listing). */
#define RV_ECALL  0x00000073u
#define RV_EBREAK 0x00100073u
#define RV_SRET   0x10200073u
#define RV_MRET   0x30200073u
#define RV_WFI    0x10500073u
#define RV_NOP    0x00000013u   /* addi x0, x0, 0 */
static inline uint32_t rv_sfence_vma(unsigned rs1, unsigned rs2)
{
    return enc_r(OPC_SYSTEM, 0, 0x09, 0, rs1, rs2);
}

#endif
