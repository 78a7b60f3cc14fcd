/*
 * test_alu.c - RV64I, M and A instructions executed on a real hart
 * (hart_fixture.h): integer arithmetic edge cases, control transfer,
 * loads/stores, LR/SC and AMOs. Expected values come from the
 * unprivileged spec (ch. 2 RV32I, 5 RV64I, 7 M, 8 A), not from the code.
 *
 * Cross-hart LR/SC needs the machine's bus hook (emu/machine.c breaks
 * other harts' reservations), so those cases build a two-hart machine
 * from a minimal ELF written to a temporary file.
 */
#include <elf.h>
#include <stddef.h>
#include <stdio.h>
#include <unistd.h>

#include "hart_fixture.h"
#include "machine.h"

static struct fx *f;

static void setup(void)    { f = fx_new(); }
static void teardown(void) { fx_free(f); f = NULL; }

#define RD  FX_RD
#define RS1 FX_RS1
#define RS2 FX_RS2

/* rd = op(a, b) through the hart. */
#define RR(op, a, b) fx_run_rr(f, rv_##op(RD, RS1, RS2), (uint64_t)(a), (uint64_t)(b))
/* rd = op(a, imm). */
#define RI(op, a, imm) fx_run_rr(f, rv_##op(RD, RS1, imm), (uint64_t)(a), 0)

#define U64(x) ((uint64_t)(x))

/* ---- encoders vs the assembler ---- */

START_TEST(test_encoders_match_assembler)
{
    /* riscv64-unknown-elf-as -march=rv64gc, objdump -M no-aliases */
    ck_assert_uint_eq(rv_add(7, 5, 6), 0x006283b3);
    ck_assert_uint_eq(rv_sra(7, 5, 6), 0x4062d3b3);
    ck_assert_uint_eq(rv_subw(7, 5, 6), 0x406283bb);
    ck_assert_uint_eq(rv_lr_w(7, 5, 0), 0x1002a3af);
    ck_assert_uint_eq(rv_sc_w(7, 5, 6), 0x1862a3af);
    ck_assert_uint_eq(rv_amoswap_w(7, 5, 6), 0x0862a3af);
    ck_assert_uint_eq(rv_csrrw(7, CSR_MSTATUS, 5), 0x300293f3);
    ck_assert_uint_eq(rv_csrrc(7, CSR_MIP, 5), 0x3442b3f3);
    ck_assert_uint_eq(rv_sfence_vma(5, 6), 0x12628073);
}
END_TEST

/* ---- integer arithmetic ---- */

START_TEST(test_add_sub_wrap)
{
    ck_assert_uint_eq(RR(add, INT64_MAX, 1), U64(INT64_MIN));
    ck_assert_uint_eq(RR(add, UINT64_MAX, 1), 0);
    ck_assert_uint_eq(RR(sub, 0, 1), UINT64_MAX);
    ck_assert_uint_eq(RR(sub, INT64_MIN, 1), U64(INT64_MAX));
    ck_assert_uint_eq(RI(addi, 0, -2048), U64(-2048));
    ck_assert_uint_eq(RI(addi, UINT64_MAX, 1), 0);
    ck_assert_uint_eq(RI(xori, 0x0f0f, -1), ~U64(0x0f0f));   /* imm sign-extends */
    ck_assert_uint_eq(RI(andi, UINT64_MAX, -2048), U64(-2048));
    ck_assert_uint_eq(RI(ori, 0, 0x7ff), 0x7ff);
}
END_TEST

START_TEST(test_slt_sltu)
{
    ck_assert_uint_eq(RR(slt, INT64_MIN, 0), 1);
    ck_assert_uint_eq(RR(sltu, INT64_MIN, 0), 0);
    ck_assert_uint_eq(RR(slt, -1, 0), 1);
    ck_assert_uint_eq(RR(sltu, -1, 0), 0);
    ck_assert_uint_eq(RR(slt, 0, -1), 0);
    ck_assert_uint_eq(RR(sltu, 0, -1), 1);
    ck_assert_uint_eq(RR(slt, INT64_MIN, -1), 1);
    ck_assert_uint_eq(RR(sltu, INT64_MIN, -1), 1);
    ck_assert_uint_eq(RR(slt, -1, INT64_MIN), 0);
    ck_assert_uint_eq(RR(slt, 5, 5), 0);
    ck_assert_uint_eq(RR(sltu, 5, 5), 0);
    ck_assert_uint_eq(RI(slti, 5, -1), 0);
    ck_assert_uint_eq(RI(sltiu, 5, -1), 1);       /* -1 is UINT64_MAX unsigned */
    ck_assert_uint_eq(RI(slti, INT64_MIN, 0), 1);
    ck_assert_uint_eq(RI(sltiu, 0, 1), 1);        /* seqz */
    ck_assert_uint_eq(RI(sltiu, 7, 1), 0);
}
END_TEST

START_TEST(test_shifts_immediate)
{
    const uint64_t v = 0x8000000180000001ULL;
    static const unsigned sh[] = { 0, 1, 31, 32, 63 };
    for (unsigned k = 0; k < 5; k++) {
        unsigned s = sh[k];
        ck_assert_uint_eq(fx_run_rr(f, rv_slli(RD, RS1, s), v, 0), v << s);
        ck_assert_uint_eq(fx_run_rr(f, rv_srli(RD, RS1, s), v, 0), v >> s);
        ck_assert_uint_eq(fx_run_rr(f, rv_srai(RD, RS1, s), v, 0),
                          U64((int64_t)v >> s));
    }
    ck_assert_uint_eq(fx_run_rr(f, rv_srai(RD, RS1, 63), U64(INT64_MIN), 0), UINT64_MAX);
    ck_assert_uint_eq(fx_run_rr(f, rv_srli(RD, RS1, 63), U64(INT64_MIN), 0), 1);
    ck_assert_uint_eq(fx_run_rr(f, rv_srai(RD, RS1, 1), U64(-8), 0), U64(-4));
}
END_TEST

START_TEST(test_shifts_register_masked)
{
    const uint64_t v = 0x8000000180000001ULL;
    /* Only rs2[5:0] counts: 64 is 0, 65 is 1, ~0 is 63. */
    ck_assert_uint_eq(RR(sll, v, 64), v);
    ck_assert_uint_eq(RR(sll, v, 65), v << 1);
    ck_assert_uint_eq(RR(srl, v, 0xffffffffffffffc1ULL), v >> 1);
    ck_assert_uint_eq(RR(srl, v, UINT64_MAX), 1);
    ck_assert_uint_eq(RR(sra, v, UINT64_MAX), UINT64_MAX);
    ck_assert_uint_eq(RR(sra, U64(-8), 1), U64(-4));
    ck_assert_uint_eq(RR(sra, U64(-1), 32), UINT64_MAX);
    ck_assert_uint_eq(RR(sra, U64(INT64_MIN), 32), 0xffffffff80000000ULL);
    ck_assert_uint_eq(RR(sll, 1, 31), 0x80000000ULL);   /* no 32-bit sign-extension */
    ck_assert_uint_eq(RR(sll, 1, 32), 0x100000000ULL);
    /* W forms: rs2[4:0], operate on the low word, sign-extend bit 31. */
    ck_assert_uint_eq(RR(sllw, 1, 31), 0xffffffff80000000ULL);
    ck_assert_uint_eq(RR(sllw, 1, 32), 1);
    ck_assert_uint_eq(RR(sllw, 1, 33), 2);
    ck_assert_uint_eq(RR(srlw, 0xffffffff80000000ULL, 32), 0xffffffff80000000ULL);
    ck_assert_uint_eq(RR(srlw, 0xffffffff80000000ULL, 1), 0x40000000);
    ck_assert_uint_eq(RR(srlw, 0x1234567800000000ULL, 0), 0);
    ck_assert_uint_eq(RR(sraw, 0x80000000ULL, 31), UINT64_MAX);
    ck_assert_uint_eq(RR(sraw, 0x00000000fffffff0ULL, 33), U64(-8));
    ck_assert_uint_eq(RR(sraw, 0x7fffffff00000004ULL, 1), 2);
}
END_TEST

START_TEST(test_shifts_word_immediate)
{
    ck_assert_uint_eq(fx_run_rr(f, rv_slliw(RD, RS1, 31), 1, 0), 0xffffffff80000000ULL);
    ck_assert_uint_eq(fx_run_rr(f, rv_slliw(RD, RS1, 0), 0x12345678ffffffffULL, 0), UINT64_MAX);
    ck_assert_uint_eq(fx_run_rr(f, rv_srliw(RD, RS1, 0), 0x80000000ULL, 0),
                      0xffffffff80000000ULL);
    ck_assert_uint_eq(fx_run_rr(f, rv_srliw(RD, RS1, 1), 0xffffffff80000000ULL, 0), 0x40000000);
    ck_assert_uint_eq(fx_run_rr(f, rv_srliw(RD, RS1, 31), 0xffffffff80000000ULL, 0), 1);
    ck_assert_uint_eq(fx_run_rr(f, rv_sraiw(RD, RS1, 31), 0x80000000ULL, 0), UINT64_MAX);
    ck_assert_uint_eq(fx_run_rr(f, rv_sraiw(RD, RS1, 4), 0x00000000ffffff00ULL, 0), U64(-16));
}
END_TEST

START_TEST(test_word_ops_sign_extend)
{
    ck_assert_uint_eq(RR(addw, 0x7fffffff, 1), 0xffffffff80000000ULL);
    ck_assert_uint_eq(RR(addw, 0xffffffff00000001ULL, 0x0000000100000001ULL), 2);
    ck_assert_uint_eq(RR(subw, 0x80000000ULL, 1), 0x7fffffff);
    ck_assert_uint_eq(RR(subw, 0, 1), UINT64_MAX);
    ck_assert_uint_eq(RI(addiw, 0x00000000ffffffffULL, 0), UINT64_MAX);   /* sext.w */
    ck_assert_uint_eq(RI(addiw, 0x7fffffff, 1), 0xffffffff80000000ULL);
    ck_assert_uint_eq(RR(mulw, 0x7fffffff, 2), U64(-2));
    ck_assert_uint_eq(RR(mulw, 0xffffffff00010000ULL, 0x10000), 0);
}
END_TEST

START_TEST(test_lui_auipc)
{
    fx_exec(f, rv_lui(RD, 0x80000));
    ck_assert_uint_eq(f->h.x[RD], 0xffffffff80000000ULL);
    fx_exec(f, rv_lui(RD, 0x12345));
    ck_assert_uint_eq(f->h.x[RD], 0x12345000);
    fx_exec(f, rv_lui(RD, 0xfffff));
    ck_assert_uint_eq(f->h.x[RD], U64(-4096));
    uint64_t pc = f->h.pc;
    fx_exec(f, rv_auipc(RD, 0x80000));
    ck_assert_uint_eq(f->h.x[RD], pc + 0xffffffff80000000ULL);
    pc = f->h.pc;
    fx_exec(f, rv_auipc(RD, 1));
    ck_assert_uint_eq(f->h.x[RD], pc + 0x1000);
    pc = f->h.pc;
    fx_exec(f, rv_auipc(RD, 0));
    ck_assert_uint_eq(f->h.x[RD], pc);
}
END_TEST

START_TEST(test_mul_extremes)
{
    const uint64_t min = U64(INT64_MIN), max = U64(INT64_MAX);
    ck_assert_uint_eq(RR(mul, min, -1), min);
    ck_assert_uint_eq(RR(mul, max, 2), U64(-2));
    ck_assert_uint_eq(RR(mulh, min, min), 0x4000000000000000ULL);
    ck_assert_uint_eq(RR(mulh, -1, -1), 0);
    ck_assert_uint_eq(RR(mulh, min, -1), 0);                   /* +2^63 */
    ck_assert_uint_eq(RR(mulh, min, 1), UINT64_MAX);
    ck_assert_uint_eq(RR(mulh, max, max), 0x3fffffffffffffffULL);
    ck_assert_uint_eq(RR(mulhu, UINT64_MAX, UINT64_MAX), 0xfffffffffffffffeULL);
    ck_assert_uint_eq(RR(mulhu, min, 2), 1);
    ck_assert_uint_eq(RR(mulhsu, -1, UINT64_MAX), UINT64_MAX);  /* -(2^64 - 1) */
    ck_assert_uint_eq(RR(mulhsu, min, UINT64_MAX), min);        /* -2^127 + 2^63 */
    ck_assert_uint_eq(RR(mulhsu, 1, UINT64_MAX), 0);
    ck_assert_uint_eq(RR(mulhsu, max, UINT64_MAX), 0x7ffffffffffffffeULL);
    ck_assert_uint_eq(RR(mulhsu, -1, 1), UINT64_MAX);
}
END_TEST

START_TEST(test_div_rem_64)
{
    const uint64_t min = U64(INT64_MIN);
    /* Division by zero (unprivileged spec 7.2 table). */
    ck_assert_uint_eq(RR(div, 42, 0), UINT64_MAX);
    ck_assert_uint_eq(RR(divu, 42, 0), UINT64_MAX);
    ck_assert_uint_eq(RR(rem, -42, 0), U64(-42));
    ck_assert_uint_eq(RR(remu, 42, 0), 42);
    /* Signed overflow. */
    ck_assert_uint_eq(RR(div, min, -1), min);
    ck_assert_uint_eq(RR(rem, min, -1), 0);
    /* Rounding toward zero; remainder takes the dividend's sign. */
    ck_assert_uint_eq(RR(div, -7, 2), U64(-3));
    ck_assert_uint_eq(RR(rem, -7, 2), U64(-1));
    ck_assert_uint_eq(RR(div, 7, -2), U64(-3));
    ck_assert_uint_eq(RR(rem, 7, -2), 1);
    ck_assert_uint_eq(RR(divu, -7, 2), 0x7ffffffffffffffcULL);
    ck_assert_uint_eq(RR(remu, -7, 2), 1);
    ck_assert_uint_eq(RR(divu, min, -1), 0);
    ck_assert_uint_eq(RR(remu, min, -1), min);
}
END_TEST

START_TEST(test_div_rem_32)
{
    const uint64_t min32 = 0xffffffff80000000ULL;
    ck_assert_uint_eq(RR(divw, 42, 0), UINT64_MAX);
    ck_assert_uint_eq(RR(divuw, 42, 0), UINT64_MAX);   /* 0xffffffff, sign-extended */
    ck_assert_uint_eq(RR(remw, 0x1234567880000000ULL, 0), min32);
    ck_assert_uint_eq(RR(remuw, 0x80000000ULL, 0), min32);
    ck_assert_uint_eq(RR(remuw, 0xffffffff00000005ULL, 0), 5);
    ck_assert_uint_eq(RR(divw, 0x80000000ULL, -1), min32);
    ck_assert_uint_eq(RR(remw, 0x80000000ULL, -1), 0);
    /* Only the low words count. */
    ck_assert_uint_eq(RR(divw, 0x0000000100000006ULL, 0xfffffffe00000003ULL), 2);
    ck_assert_uint_eq(RR(divw, -7, 2), U64(-3));
    ck_assert_uint_eq(RR(remw, -7, 2), U64(-1));
    ck_assert_uint_eq(RR(divuw, 0xffffffffULL, 1), UINT64_MAX);
    ck_assert_uint_eq(RR(divuw, 0x80000000ULL, 0x100000002ULL), 0x40000000);
    ck_assert_uint_eq(RR(remuw, 0xfffffffbULL, 2), 1);
}
END_TEST

START_TEST(test_x0_is_zero)
{
    fx_exec(f, rv_addi(0, 0, 5));
    fx_exec(f, rv_lui(0, 0x12345));
    ck_assert_uint_eq(f->h.x[0], 0);
    fx_write(f, FX_DATA, 0x1122334455667788ULL, 8);
    f->h.x[RS1] = FX_DATA;
    fx_exec(f, rv_ld(0, RS1, 0));
    ck_assert_uint_eq(f->h.x[0], 0);
    fx_exec(f, rv_amoadd_d(0, RS1, RS1));   /* still does the memory part */
    ck_assert_uint_eq(f->h.x[0], 0);
    ck_assert_uint_eq(fx_read(f, FX_DATA, 8), 0x1122334455667788ULL + FX_DATA);
    uint64_t pc = f->h.pc;
    fx_exec(f, rv_jal(0, 8));               /* j: no link */
    ck_assert_uint_eq(f->h.x[0], 0);
    ck_assert_uint_eq(f->h.pc, pc + 8);
    ck_assert_uint_eq(fx_run_rr(f, rv_add(RD, 0, 0), 1, 2), 0);
}
END_TEST

/* ---- control transfer ---- */

START_TEST(test_jal_jalr)
{
    uint64_t pc = f->h.pc;
    fx_exec(f, rv_jal(1, 16));
    ck_assert_uint_eq(f->h.x[1], pc + 4);
    ck_assert_uint_eq(f->h.pc, pc + 16);
    pc = f->h.pc;
    fx_exec(f, rv_jal(1, -8));
    ck_assert_uint_eq(f->h.x[1], pc + 4);
    ck_assert_uint_eq(f->h.pc, pc - 8);

    /* jalr clears bit 0 of rs1 + imm (unprivileged spec 2.5.1). */
    pc = f->h.pc;
    f->h.x[RS1] = FX_RAM_BASE + 0x401;
    fx_exec(f, rv_jalr(RD, RS1, 0));
    ck_assert_uint_eq(f->h.pc, FX_RAM_BASE + 0x400);
    ck_assert_uint_eq(f->h.x[RD], pc + 4);
    f->h.x[RS1] = FX_RAM_BASE + 0x200;
    fx_exec(f, rv_jalr(RD, RS1, -0x101));
    ck_assert_uint_eq(f->h.pc, FX_RAM_BASE + 0x200 - 0x102);
    /* rd == rs1: the target uses the old value. */
    pc = f->h.pc;
    f->h.x[RS1] = FX_RAM_BASE + 0x800;
    fx_exec(f, rv_jalr(RS1, RS1, 4));
    ck_assert_uint_eq(f->h.pc, FX_RAM_BASE + 0x804);
    ck_assert_uint_eq(f->h.x[RS1], pc + 4);
}
END_TEST

/* Run branch w with rs1 = a, rs2 = b at a fresh pc; true if taken. */
static bool branch_taken(uint32_t w, uint64_t a, uint64_t b)
{
    f->h.pc = FX_RAM_BASE + 0x100;
    f->h.x[RS1] = a;
    f->h.x[RS2] = b;
    fx_exec(f, w);
    if (f->h.pc == FX_RAM_BASE + 0x100 + 64)
        return true;
    ck_assert_uint_eq(f->h.pc, FX_RAM_BASE + 0x104);
    return false;
}

START_TEST(test_branches)
{
    const uint64_t m1 = UINT64_MAX;
    ck_assert(branch_taken(rv_beq(RS1, RS2, 64), 5, 5));
    ck_assert(!branch_taken(rv_beq(RS1, RS2, 64), 5, 6));
    ck_assert(branch_taken(rv_bne(RS1, RS2, 64), 5, 6));
    ck_assert(!branch_taken(rv_bne(RS1, RS2, 64), m1, m1));
    ck_assert(branch_taken(rv_blt(RS1, RS2, 64), m1, 0));
    ck_assert(!branch_taken(rv_bltu(RS1, RS2, 64), m1, 0));
    ck_assert(!branch_taken(rv_blt(RS1, RS2, 64), 3, 3));
    ck_assert(branch_taken(rv_blt(RS1, RS2, 64), U64(INT64_MIN), U64(INT64_MAX)));
    ck_assert(branch_taken(rv_bge(RS1, RS2, 64), 0, m1));
    ck_assert(!branch_taken(rv_bgeu(RS1, RS2, 64), 0, m1));
    ck_assert(branch_taken(rv_bge(RS1, RS2, 64), 3, 3));
    ck_assert(branch_taken(rv_bgeu(RS1, RS2, 64), 3, 3));
    ck_assert(branch_taken(rv_bltu(RS1, RS2, 64), 0, m1));
    ck_assert(branch_taken(rv_bgeu(RS1, RS2, 64), m1, 0));
    /* Backward. */
    f->h.pc = FX_RAM_BASE + 0x200;
    f->h.x[RS1] = 1;
    fx_exec(f, rv_bne(RS1, 0, -0x100));
    ck_assert_uint_eq(f->h.pc, FX_RAM_BASE + 0x100);
}
END_TEST

/* ---- loads and stores ---- */

START_TEST(test_load_extension)
{
    fx_write(f, FX_DATA, 0x8000000080008080ULL, 8);
    fx_write(f, FX_DATA + 8, 0x7f7f7f7f7f7f7f7fULL, 8);
    f->h.x[RS1] = FX_DATA + 16;                   /* negative offsets below */
    struct { uint32_t w; uint64_t want; } c[] = {
        { rv_lb(RD, RS1, -16), 0xffffffffffffff80ULL },
        { rv_lbu(RD, RS1, -16), 0x80 },
        { rv_lh(RD, RS1, -16), 0xffffffffffff8080ULL },
        { rv_lhu(RD, RS1, -16), 0x8080 },
        { rv_lw(RD, RS1, -16), 0xffffffff80008080ULL },
        { rv_lwu(RD, RS1, -16), 0x80008080ULL },
        { rv_lw(RD, RS1, -12), 0xffffffff80000000ULL },
        { rv_ld(RD, RS1, -16), 0x8000000080008080ULL },
        { rv_lb(RD, RS1, -8), 0x7f },
        { rv_lh(RD, RS1, -8), 0x7f7f },
        { rv_lw(RD, RS1, -8), 0x7f7f7f7f },
    };
    for (unsigned k = 0; k < sizeof(c) / sizeof(c[0]); k++) {
        uint64_t pc = f->h.pc;
        fx_exec(f, c[k].w);
        ck_assert_uint_eq(f->h.pc, pc + 4);
        ck_assert_msg(f->h.x[RD] == c[k].want, "case %u: got 0x%llx", k,
                      (unsigned long long)f->h.x[RD]);
    }
}
END_TEST

START_TEST(test_store_widths)
{
    fx_write(f, FX_DATA, UINT64_MAX, 8);
    f->h.x[RS1] = FX_DATA;
    f->h.x[RS2] = 0x0123456789abcdefULL;
    fx_exec(f, rv_sb(RS2, RS1, 0));
    ck_assert_uint_eq(fx_read(f, FX_DATA, 8), 0xffffffffffffffefULL);
    fx_exec(f, rv_sh(RS2, RS1, 2));
    ck_assert_uint_eq(fx_read(f, FX_DATA, 8), 0xffffffffcdefffefULL);
    fx_exec(f, rv_sw(RS2, RS1, 4));
    ck_assert_uint_eq(fx_read(f, FX_DATA, 8), 0x89abcdefcdefffefULL);
    fx_exec(f, rv_sd(RS2, RS1, 8));
    ck_assert_uint_eq(fx_read(f, FX_DATA + 8, 8), 0x0123456789abcdefULL);
    ck_assert_uint_eq(fx_read(f, FX_DATA, 8), 0x89abcdefcdefffefULL);
}
END_TEST

START_TEST(test_misaligned_in_ram)
{
    /* rvemu performs misaligned accesses to RAM in hardware, including
     * ones that cross a page (priv spec 3.6.x: allowed, EEI-defined). */
    static const uint64_t addrs[] = { FX_DATA + 1, FX_DATA + 3, FX_DATA + 0xffd, FX_DATA + 0xfff };
    for (unsigned k = 0; k < 4; k++) {
        uint64_t a = addrs[k];
        f->h.x[RS1] = a;
        f->h.x[RS2] = 0x8877665544332211ULL;
        uint64_t pc = f->h.pc;
        fx_exec(f, rv_sd(RS2, RS1, 0));
        ck_assert_uint_eq(f->h.pc, pc + 4);
        ck_assert_uint_eq(fx_read(f, a, 8), 0x8877665544332211ULL);
        fx_exec(f, rv_ld(RD, RS1, 0));
        ck_assert_uint_eq(f->h.x[RD], 0x8877665544332211ULL);
        fx_exec(f, rv_lw(RD, RS1, 4));
        ck_assert_uint_eq(f->h.x[RD], 0xffffffff88776655ULL);
        fx_exec(f, rv_lhu(RD, RS1, 1));
        ck_assert_uint_eq(f->h.x[RD], 0x3322);
        fx_exec(f, rv_sw(RS2, RS1, 1));
        ck_assert_uint_eq(fx_read(f, a + 1, 4), 0x44332211);
        ck_assert_uint_eq(f->h.pc, pc + 20);
    }
}
END_TEST

/* ---- LR/SC ---- */

START_TEST(test_lr_sc_same_hart)
{
    fx_write(f, FX_DATA, 0x80000001, 4);
    f->h.x[RS1] = FX_DATA;
    fx_exec(f, rv_lr_w(RD, RS1, 0));
    ck_assert_uint_eq(f->h.x[RD], 0xffffffff80000001ULL);   /* lr.w sign-extends */
    f->h.x[RS2] = 42;
    fx_exec(f, rv_sc_w(RD, RS1, RS2));
    ck_assert_uint_eq(f->h.x[RD], 0);                        /* success */
    ck_assert_uint_eq(fx_read(f, FX_DATA, 4), 42);
    /* The SC consumed the reservation: a second SC fails, memory kept. */
    f->h.x[RS2] = 43;
    fx_exec(f, rv_sc_w(RD, RS1, RS2));
    ck_assert_uint_eq(f->h.x[RD], 1);
    ck_assert_uint_eq(fx_read(f, FX_DATA, 4), 42);
    /* SC to an address other than the reserved one fails. */
    fx_exec(f, rv_lr_d(RD, RS1, 0));
    f->h.x[RS1] = FX_DATA + 64;
    fx_write(f, FX_DATA + 64, 7, 8);
    fx_exec(f, rv_sc_d(RD, RS1, RS2));
    ck_assert_uint_eq(f->h.x[RD], 1);
    ck_assert_uint_eq(fx_read(f, FX_DATA + 64, 8), 7);
    /* lr.d/sc.d success. */
    fx_exec(f, rv_lr_d(RD, RS1, 0));
    ck_assert_uint_eq(f->h.x[RD], 7);
    fx_exec(f, rv_sc_d(RD, RS1, RS2));
    ck_assert_uint_eq(f->h.x[RD], 0);
    ck_assert_uint_eq(fx_read(f, FX_DATA + 64, 8), 43);
}
END_TEST

START_TEST(test_sc_without_reservation)
{
    fx_write(f, FX_DATA, 5, 8);
    f->h.x[RS1] = FX_DATA;
    f->h.x[RS2] = 9;
    fx_exec(f, rv_sc_d(RD, RS1, RS2));
    ck_assert_uint_eq(f->h.x[RD], 1);
    ck_assert_uint_eq(fx_read(f, FX_DATA, 8), 5);
    fx_exec(f, rv_sc_w(RD, RS1, RS2));
    ck_assert_uint_eq(f->h.x[RD], 1);
    ck_assert_uint_eq(fx_read(f, FX_DATA, 8), 5);
}
END_TEST

START_TEST(test_lr_sc_misaligned)
{
    f->h.mtvec = FX_RAM_BASE + 0x4000;
    f->h.x[RS1] = FX_DATA + 2;
    f->h.x[RD] = 0x55;
    fx_exec(f, rv_lr_w(RD, RS1, 0));
    fx_assert_mtrap(f, CAUSE_MISALIGNED_LOAD, FX_DATA + 2);
    ck_assert_uint_eq(f->h.x[RD], 0x55);
    f->h.x[RS1] = FX_DATA + 4;
    fx_exec(f, rv_sc_d(RD, RS1, RS2));
    fx_assert_mtrap(f, CAUSE_MISALIGNED_STORE, FX_DATA + 4);
    ck_assert_uint_eq(f->h.pc, FX_RAM_BASE + 0x4000);
}
END_TEST

/* ---- two harts on a real machine: reservations broken by other harts ---- */

/* Write a minimal RISC-V ELF64 executable (one PT_LOAD of "j ." at the RAM
 * base) to a temporary file and return its path in buf. */
static void write_min_elf(char *buf, size_t len)
{
    snprintf(buf, len, "/tmp/rvemu_test_alu_XXXXXX");
    int fd = mkstemp(buf);
    ck_assert_int_ge(fd, 0);
    struct {
        Elf64_Ehdr eh;
        Elf64_Phdr ph;
        uint32_t code;
    } img;
    memset(&img, 0, sizeof(img));
    memcpy(img.eh.e_ident, ELFMAG, SELFMAG);
    img.eh.e_ident[EI_CLASS] = ELFCLASS64;
    img.eh.e_ident[EI_DATA] = ELFDATA2LSB;
    img.eh.e_ident[EI_VERSION] = EV_CURRENT;
    img.eh.e_type = ET_EXEC;
    img.eh.e_machine = EM_RISCV;
    img.eh.e_version = EV_CURRENT;
    img.eh.e_entry = MACHINE_RAM_BASE;
    img.eh.e_phoff = offsetof(__typeof__(img), ph);
    img.eh.e_ehsize = sizeof(Elf64_Ehdr);
    img.eh.e_phentsize = sizeof(Elf64_Phdr);
    img.eh.e_phnum = 1;
    img.ph.p_type = PT_LOAD;
    img.ph.p_flags = PF_R | PF_X;
    img.ph.p_offset = offsetof(__typeof__(img), code);
    img.ph.p_vaddr = img.ph.p_paddr = MACHINE_RAM_BASE;
    img.ph.p_filesz = img.ph.p_memsz = 4;
    img.code = rv_jal(0, 0);
    ck_assert_int_eq(write(fd, &img, sizeof(img)), (int)sizeof(img));
    close(fd);
}

static struct machine *machine_2harts(void)
{
    char path[64], err[256];
    write_min_elf(path, sizeof(path));
    struct machine_config cfg = { .kernel = path, .ram_size = 1ULL << 20, .nharts = 2 };
    struct machine *m = machine_new(&cfg, err, sizeof(err));
    unlink(path);
    ck_assert_msg(m != NULL, "machine_new: %s", err);
    m->harts[0].pc = MACHINE_RAM_BASE + 0x1000;   /* separate code pages */
    m->harts[1].pc = MACHINE_RAM_BASE + 0x2000;
    return m;
}

static void mx_exec(struct machine *m, unsigned hart, uint32_t w)
{
    struct hart *h = &m->harts[hart];
    uint8_t *p = bus_ram_ptr(m->bus, h->pc, 4);
    ck_assert_ptr_nonnull(p);
    memcpy(p, &w, 4);
    bus_ram_written(m->bus, h->pc, 4);
    uint64_t pc = h->pc;
    hart_step(h);
    ck_assert_msg(h->pc == pc + 4, "hart %u trapped: mcause %llu", hart,
                  (unsigned long long)h->mcause);
}

START_TEST(test_sc_fails_after_other_hart_store)
{
    struct machine *m = machine_2harts();
    const uint64_t a = MACHINE_RAM_BASE + 0x8000;
    for (unsigned k = 0; k < 2; k++) {
        m->harts[k].x[RS1] = a;
        m->harts[k].x[RS2] = 100 + k;
    }
    /* Hart 1 stores first so that its store TLB holds the data page:
     * the LR must still make hart 1's next store visible. */
    mx_exec(m, 1, rv_sw(RS2, RS1, 0));
    mx_exec(m, 0, rv_lr_w(RD, RS1, 0));
    ck_assert_uint_eq(m->harts[0].x[RD], 101);
    mx_exec(m, 1, rv_sw(RS2, RS1, 0));
    mx_exec(m, 0, rv_sc_w(RD, RS1, RS2));
    ck_assert_uint_eq(m->harts[0].x[RD], 1);
    uint64_t v;
    ck_assert(bus_read(m->bus, a, 4, &v));
    ck_assert_uint_eq(v, 101);

    /* An AMO by the other hart breaks a doubleword reservation too. */
    mx_exec(m, 0, rv_lr_d(RD, RS1, 0));
    mx_exec(m, 1, rv_amoadd_d(RD, RS1, RS2));
    mx_exec(m, 0, rv_sc_d(RD, RS1, RS2));
    ck_assert_uint_eq(m->harts[0].x[RD], 1);

    /* A store elsewhere in the page leaves the reservation alone
     * (rvemu's reservation granule is the LR's own bytes). */
    m->harts[1].x[RS1] = a + 64;
    mx_exec(m, 0, rv_lr_d(RD, RS1, 0));
    mx_exec(m, 1, rv_sd(RS2, RS1, 0));
    mx_exec(m, 0, rv_sc_d(RD, RS1, RS2));
    ck_assert_uint_eq(m->harts[0].x[RD], 0);
    ck_assert(bus_read(m->bus, a, 8, &v));
    ck_assert_uint_eq(v, 100);
    machine_free(m);
}
END_TEST

/* ---- AMOs ---- */

struct amo_case {
    const char *name;
    uint32_t (*enc)(unsigned rd, unsigned rs1, unsigned rs2);
    unsigned size;
    uint64_t mem, src, want_mem;   /* want_mem: the low `size` bytes */
};

static const struct amo_case amo_cases[] = {
    { "amoswap.w", rv_amoswap_w, 4, 0x80000000, 0xdead000000000001ULL, 1 },
    { "amoadd.w", rv_amoadd_w, 4, 0x7fffffff, 1, 0x80000000 },
    { "amoadd.w wraps", rv_amoadd_w, 4, 0xffffffff, 2, 1 },
    { "amoxor.w", rv_amoxor_w, 4, 0xff00ff00, 0x0ff00ff0, 0xf0f0f0f0 },
    { "amoand.w", rv_amoand_w, 4, 0xff00ff00, 0x0ff00ff0, 0x0f000f00 },
    { "amoor.w", rv_amoor_w, 4, 0xff00ff00, 0x0ff00ff0, 0xfff0fff0 },
    { "amomin.w", rv_amomin_w, 4, 0xffffffff, 1, 0xffffffff },
    { "amomax.w", rv_amomax_w, 4, 0xffffffff, 1, 1 },
    { "amominu.w", rv_amominu_w, 4, 0xffffffff, 1, 1 },
    { "amomaxu.w", rv_amomaxu_w, 4, 0xffffffff, 1, 0xffffffff },
    /* .w compares only the low words: rs2's upper bits are ignored. */
    { "amomin.w high bits", rv_amomin_w, 4, 5, 0x00000001fffffffeULL, 0xfffffffe },
    { "amomaxu.w high bits", rv_amomaxu_w, 4, 5, 0xffffffff00000003ULL, 5 },
    { "amomin.w INT32_MIN", rv_amomin_w, 4, 0x80000000, 0x7fffffff, 0x80000000 },
    { "amomaxu.w INT32_MIN", rv_amomaxu_w, 4, 0x80000000, 0x7fffffff, 0x80000000 },
    { "amoswap.d", rv_amoswap_d, 8, 0x8000000000000000ULL, 3, 3 },
    { "amoadd.d", rv_amoadd_d, 8, 0x7fffffffffffffffULL, 1, 0x8000000000000000ULL },
    { "amoxor.d", rv_amoxor_d, 8, 0xff00ff00ff00ff00ULL, 0xffffffff00000000ULL,
      0x00ff00ffff00ff00ULL },
    { "amoand.d", rv_amoand_d, 8, 0xff00ff00ff00ff00ULL, 0xffffffff00000000ULL,
      0xff00ff0000000000ULL },
    { "amoor.d", rv_amoor_d, 8, 0xff00ff00ff00ff00ULL, 0x00000000ffffffffULL,
      0xff00ff00ffffffffULL },
    { "amomin.d", rv_amomin_d, 8, UINT64_MAX, 1, UINT64_MAX },
    { "amomax.d", rv_amomax_d, 8, UINT64_MAX, 1, 1 },
    { "amominu.d", rv_amominu_d, 8, UINT64_MAX, 1, 1 },
    { "amomaxu.d", rv_amomaxu_d, 8, UINT64_MAX, 1, UINT64_MAX },
    { "amomin.d INT64_MIN", rv_amomin_d, 8, 0x8000000000000000ULL, 0x7fffffffffffffffULL,
      0x8000000000000000ULL },
    { "amomax.d INT64_MIN", rv_amomax_d, 8, 0x8000000000000000ULL, 0x7fffffffffffffffULL,
      0x7fffffffffffffffULL },
};

START_TEST(test_amo)
{
    const struct amo_case *c = &amo_cases[_i];
    const uint64_t guard = 0xa5a5a5a5a5a5a5a5ULL;
    fx_write(f, FX_DATA, guard, 8);
    fx_write(f, FX_DATA + 8, guard, 8);
    fx_write(f, FX_DATA + 16, guard, 8);
    fx_write(f, FX_DATA + 8, c->mem, c->size);
    f->h.x[RS1] = FX_DATA + 8;
    uint64_t old_sext = c->size == 4 ? U64((int64_t)(int32_t)(uint32_t)c->mem) : c->mem;
    uint64_t got = fx_run_rr(f, c->enc(RD, RS1, RS2), FX_DATA + 8, c->src);
    ck_assert_msg(got == old_sext, "%s: rd 0x%llx, want 0x%llx", c->name,
                  (unsigned long long)got, (unsigned long long)old_sext);
    uint64_t mem = fx_read(f, FX_DATA + 8, c->size);
    ck_assert_msg(mem == c->want_mem, "%s: memory 0x%llx, want 0x%llx", c->name,
                  (unsigned long long)mem, (unsigned long long)c->want_mem);
    /* Neighbours untouched. */
    ck_assert_uint_eq(fx_read(f, FX_DATA, 8), guard);
    if (c->size == 4)
        ck_assert_uint_eq(fx_read(f, FX_DATA + 12, 4), 0xa5a5a5a5ULL);
    ck_assert_uint_eq(fx_read(f, FX_DATA + 16, 8), guard);
}
END_TEST

START_TEST(test_amo_rd_equals_rs2)
{
    /* rd = rs2: the source is read before rd is written. */
    fx_write(f, FX_DATA, 10, 8);
    f->h.x[RS1] = FX_DATA;
    f->h.x[RS2] = 5;
    fx_exec(f, rv_amoadd_d(RS2, RS1, RS2));
    ck_assert_uint_eq(f->h.x[RS2], 10);
    ck_assert_uint_eq(fx_read(f, FX_DATA, 8), 15);
}
END_TEST

START_TEST(test_amo_misaligned)
{
    /* AMOs are never done misaligned: store/AMO address misaligned,
     * tval = the address, nothing written (priv spec 3.1.15/3.1.16). */
    static const struct { unsigned off; bool dword; } c[] = {
        { 2, false }, { 1, false }, { 4, true }, { 7, true },
    };
    f->h.mtvec = FX_RAM_BASE + 0x4000;
    for (unsigned k = 0; k < 4; k++) {
        fx_write(f, FX_DATA, 0x1111111111111111ULL, 8);
        fx_write(f, FX_DATA + 8, 0x1111111111111111ULL, 8);
        f->h.pc = FX_RAM_BASE;
        f->h.priv = PRV_M;
        f->h.x[RS1] = FX_DATA + c[k].off;
        f->h.x[RS2] = 0xff;
        f->h.x[RD] = 0x77;
        fx_exec(f, c[k].dword ? rv_amoswap_d(RD, RS1, RS2) : rv_amoadd_w(RD, RS1, RS2));
        fx_assert_mtrap(f, CAUSE_MISALIGNED_STORE, FX_DATA + c[k].off);
        ck_assert_uint_eq(f->h.mepc, FX_RAM_BASE);
        ck_assert_uint_eq(f->h.pc, FX_RAM_BASE + 0x4000);
        ck_assert_uint_eq(f->h.x[RD], 0x77);
        ck_assert_uint_eq(fx_read(f, FX_DATA, 8), 0x1111111111111111ULL);
        ck_assert_uint_eq(fx_read(f, FX_DATA + 8, 8), 0x1111111111111111ULL);
    }
}
END_TEST

static Suite *alu_suite(void)
{
    Suite *s = suite_create("alu");
    TCase *t = tcase_create("arith");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, test_encoders_match_assembler);
    tcase_add_test(t, test_add_sub_wrap);
    tcase_add_test(t, test_slt_sltu);
    tcase_add_test(t, test_shifts_immediate);
    tcase_add_test(t, test_shifts_register_masked);
    tcase_add_test(t, test_shifts_word_immediate);
    tcase_add_test(t, test_word_ops_sign_extend);
    tcase_add_test(t, test_lui_auipc);
    tcase_add_test(t, test_mul_extremes);
    tcase_add_test(t, test_div_rem_64);
    tcase_add_test(t, test_div_rem_32);
    tcase_add_test(t, test_x0_is_zero);
    suite_add_tcase(s, t);

    t = tcase_create("control");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, test_jal_jalr);
    tcase_add_test(t, test_branches);
    suite_add_tcase(s, t);

    t = tcase_create("memory");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, test_load_extension);
    tcase_add_test(t, test_store_widths);
    tcase_add_test(t, test_misaligned_in_ram);
    suite_add_tcase(s, t);

    t = tcase_create("atomic");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, test_lr_sc_same_hart);
    tcase_add_test(t, test_sc_without_reservation);
    tcase_add_test(t, test_lr_sc_misaligned);
    tcase_add_test(t, test_sc_fails_after_other_hart_store);
    tcase_add_loop_test(t, test_amo, 0, (int)(sizeof(amo_cases) / sizeof(amo_cases[0])));
    tcase_add_test(t, test_amo_rd_equals_rs2);
    tcase_add_test(t, test_amo_misaligned);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(alu_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
