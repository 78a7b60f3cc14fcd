/*
 * test_decode.c - unit tests of the 32-bit decoder (decode.c), the
 * instruction table (insns.def) and the disassembler (disasm.c).
 * Compressed decoding is tested in test_decode_rvc.c.
 *
 * Depends only on emu/decode.c, emu/decode_rvc.c and emu/disasm.c.
 * Expected words were produced with riscv64-unknown-elf-as
 * -march=rv64gc and checked with objdump -M no-aliases.
 */
#include "insn.h"

#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- encoders, written from the unprivileged spec's format figures ---- */

static uint32_t enc_r(uint32_t match, unsigned rd, unsigned rs1, unsigned rs2)
{
    return match | rd << 7 | rs1 << 15 | rs2 << 20;
}

static uint32_t enc_i(uint32_t match, unsigned rd, unsigned rs1, int32_t imm)
{
    return match | rd << 7 | rs1 << 15 | ((uint32_t)imm & 0xfff) << 20;
}

static uint32_t enc_s(uint32_t match, unsigned rs1, unsigned rs2, int32_t imm)
{
    uint32_t u = (uint32_t)imm;
    return match | (u & 0x1f) << 7 | rs1 << 15 | rs2 << 20 | ((u >> 5) & 0x7f) << 25;
}

static uint32_t enc_b(uint32_t match, unsigned rs1, unsigned rs2, int32_t imm)
{
    uint32_t u = (uint32_t)imm;
    return match | ((u >> 11) & 1) << 7 | ((u >> 1) & 0xf) << 8 | rs1 << 15 | rs2 << 20 |
           ((u >> 5) & 0x3f) << 25 | ((u >> 12) & 1) << 31;
}

static uint32_t enc_u(uint32_t match, unsigned rd, int32_t imm)
{
    return match | rd << 7 | ((uint32_t)imm & 0xfffff000u);
}

static uint32_t enc_j(uint32_t match, unsigned rd, int32_t imm)
{
    uint32_t u = (uint32_t)imm;
    return match | rd << 7 | ((u >> 12) & 0xff) << 12 | ((u >> 11) & 1) << 20 |
           ((u >> 1) & 0x3ff) << 21 | ((u >> 20) & 1) << 31;
}

#define M(name) (insn_table[OP_##name].match)

/* Decode w, expecting op; returns the decoded insn. */
static struct insn dec_ok(uint32_t w, enum op op)
{
    struct insn i;
    enum op got = dec_decode32(w, &i);
    ck_assert_msg(got == op, "0x%08x decoded to %s, expected %s", w, insn_table[got].name,
                  insn_table[op].name);
    ck_assert_uint_eq(i.op, op);
    ck_assert_uint_eq(i.len, 4);
    ck_assert_uint_eq(i.raw, w);
    return i;
}

/* ---- the table ---- */

START_TEST(test_table_well_formed)
{
    for (unsigned op = OP_illegal + 1; op < OP_COUNT; op++) {
        const struct insn_info *ii = &insn_table[op];
        ck_assert_msg(ii->name && ii->name[0], "op %u has no name", op);
        ck_assert_msg((ii->match & ~ii->mask) == 0, "%s: match has bits outside mask",
                      ii->name);
        ck_assert_msg((ii->match & 3) == 3 && (ii->mask & 0x7f) == 0x7f,
                      "%s: not a 32-bit encoding with a fixed opcode", ii->name);
    }
}
END_TEST

/* Each entry's match word, and the word with every free bit set, and a
 * few pseudo-random fillings of the free bits, decode to that entry. */
START_TEST(test_every_entry_decodes_to_itself)
{
    uint32_t seed = 12345;
    for (unsigned op = OP_illegal + 1; op < OP_COUNT; op++) {
        const struct insn_info *ii = &insn_table[op];
        dec_ok(ii->match, op);
        dec_ok(ii->match | ~ii->mask, op);
        for (int k = 0; k < 16; k++) {
            seed = seed * 1103515245u + 12345u;
            dec_ok(ii->match | (seed & ~ii->mask), op);
        }
    }
}
END_TEST

/* Two entries overlap iff some word satisfies both: the bits both masks
 * fix must agree. No whitelist: RV64GC has no overlapping encodings. */
START_TEST(test_no_overlap)
{
    for (unsigned a = OP_illegal + 1; a < OP_COUNT; a++)
        for (unsigned b = a + 1; b < OP_COUNT; b++) {
            const struct insn_info *x = &insn_table[a], *y = &insn_table[b];
            ck_assert_msg(((x->match ^ y->match) & x->mask & y->mask) != 0,
                          "%s and %s overlap", x->name, y->name);
        }
}
END_TEST

START_TEST(test_illegal_words)
{
    static const uint32_t words[] = {
        0x00000000, /* low bits 00: not a 32-bit instruction      */
        0xffffffff, /* opcode 1111111: longer encodings           */
        0x0000007b, /* custom-3                                   */
        0x04000033, /* OP with funct7 0000010                     */
        0x0200151b, /* slliw with shamt[5] set, reserved on RV64  */
        0x1015a52f, /* lr.w with rs2 != 0                         */
        0x5a15f553, /* fsqrt.d with rs2 != 0                      */
        0x0000402f, /* AMO width 100 (no amoadd.q)                */
        0x00200073, /* SYSTEM funct3 0, imm 2 (uret, not in RV64GC) */
    };
    for (size_t k = 0; k < sizeof(words) / sizeof(words[0]); k++) {
        struct insn i;
        ck_assert_msg(dec_decode32(words[k], &i) == OP_illegal, "0x%08x decoded", words[k]);
        ck_assert_uint_eq(i.op, OP_illegal);
        ck_assert_uint_eq(i.raw, words[k]);
    }
}
END_TEST

/* ---- field extraction per format ---- */

START_TEST(test_fields_i)
{
    static const int32_t imms[] = { -2048, -1, 0, 1, 2047, -1024, 1365 };
    for (size_t k = 0; k < sizeof(imms) / sizeof(imms[0]); k++) {
        struct insn i = dec_ok(enc_i(M(addi), 31, 1, imms[k]), OP_addi);
        ck_assert_uint_eq(i.rd, 31);
        ck_assert_uint_eq(i.rs1, 1);
        ck_assert_int_eq(i.imm, imms[k]);
        i = dec_ok(enc_i(M(ld), 0, 31, imms[k]), OP_ld);
        ck_assert_uint_eq(i.rd, 0);
        ck_assert_uint_eq(i.rs1, 31);
        ck_assert_int_eq(i.imm, imms[k]);
    }
    /* every 12-bit immediate of jalr */
    for (int32_t imm = -2048; imm <= 2047; imm++)
        ck_assert_int_eq(dec_ok(enc_i(M(jalr), 1, 5, imm), OP_jalr).imm, imm);
}
END_TEST

START_TEST(test_fields_s)
{
    for (int32_t imm = -2048; imm <= 2047; imm++) {
        struct insn i = dec_ok(enc_s(M(sd), 27, 2, imm), OP_sd);
        ck_assert_int_eq(i.imm, imm);
        ck_assert_uint_eq(i.rs1, 27);
        ck_assert_uint_eq(i.rs2, 2);
    }
    struct insn i = dec_ok(enc_s(M(fsd), 2, 10, -8), OP_fsd);
    ck_assert_int_eq(i.imm, -8);
    ck_assert_uint_eq(i.rs2, 10);
}
END_TEST

START_TEST(test_fields_b)
{
    /* every even offset in -4 KiB .. 4 KiB - 2 */
    for (int32_t off = -4096; off <= 4094; off += 2) {
        struct insn i = dec_ok(enc_b(M(bltu), 10, 11, off), OP_bltu);
        ck_assert_int_eq(i.imm, off);
        ck_assert_uint_eq(i.rs1, 10);
        ck_assert_uint_eq(i.rs2, 11);
    }
}
END_TEST

START_TEST(test_fields_u_j)
{
    struct insn i = dec_ok(enc_u(M(lui), 10, (int32_t)0x80000000u), OP_lui);
    ck_assert_int_eq(i.imm, INT32_MIN);
    ck_assert_uint_eq(i.rd, 10);
    i = dec_ok(enc_u(M(auipc), 5, (int32_t)0xfffff000u), OP_auipc);
    ck_assert_int_eq(i.imm, -4096);
    i = dec_ok(enc_u(M(lui), 31, 0x7ffff000), OP_lui);
    ck_assert_int_eq(i.imm, 0x7ffff000);
    /* every even jal offset in -1 MiB .. 1 MiB - 2 */
    for (int32_t off = -(1 << 20); off < (1 << 20); off += 2) {
        i = dec_ok(enc_j(M(jal), 1, off), OP_jal);
        if (i.imm != off)
            ck_abort_msg("jal offset %d decoded as %d", off, i.imm);
    }
    ck_assert_uint_eq(i.rd, 1);
}
END_TEST

START_TEST(test_fields_shift_csr_amo)
{
    struct insn i = dec_ok(enc_i(M(slli), 10, 11, 63), OP_slli);
    ck_assert_int_eq(i.imm, 63);
    i = dec_ok(enc_i(M(srai), 31, 1, 63), OP_srai);  /* funct6 stays in match */
    ck_assert_int_eq(i.imm, 63);
    ck_assert_uint_eq(i.rd, 31);
    ck_assert_uint_eq(i.rs1, 1);
    i = dec_ok(enc_i(M(sraiw), 3, 4, 31), OP_sraiw);
    ck_assert_int_eq(i.imm, 31);

    i = dec_ok(enc_i(M(csrrw), 10, 11, 0xfff), OP_csrrw);
    ck_assert_int_eq(i.imm, 0xfff);  /* CSR numbers are unsigned */
    ck_assert_uint_eq(i.rd, 10);
    ck_assert_uint_eq(i.rs1, 11);
    i = dec_ok(enc_i(M(csrrsi), 0, 31, 0x300), OP_csrrsi);
    ck_assert_int_eq(i.imm, 0x300);
    ck_assert_uint_eq(i.rs1, 31);  /* zimm */

    /* amoswap.d.aq t0, t1, (t2): aq is imm bit 1 */
    i = dec_ok(0x0c63b2af, OP_amoswap_d);
    ck_assert_uint_eq(i.rd, 5);
    ck_assert_uint_eq(i.rs1, 7);
    ck_assert_uint_eq(i.rs2, 6);
    ck_assert_int_eq(i.imm, 2);
    ck_assert_int_eq(dec_ok(0x1ab6352f, OP_sc_d).imm, 1); /* sc.d.rl */
}
END_TEST

START_TEST(test_fields_fp)
{
    /* fmadd.d fa0, fa1, fa2, fa3, rmm */
    struct insn i = dec_ok(0x6ac5c543, OP_fmadd_d);
    ck_assert_uint_eq(i.rd, 10);
    ck_assert_uint_eq(i.rs1, 11);
    ck_assert_uint_eq(i.rs2, 12);
    ck_assert_uint_eq(i.rs3, 13);
    ck_assert_uint_eq(i.rm, 4);
    /* fcvt.w.s a0, fa0, rtz */
    i = dec_ok(0xc0051553, OP_fcvt_w_s);
    ck_assert_uint_eq(i.rm, 1);
    /* fence: pred/succ in imm */
    i = dec_ok(0x0330000f, OP_fence);
    ck_assert_int_eq(i.imm, 0x033);
}
END_TEST

/* The encoders above agree with the assembler on the extremes. */
START_TEST(test_encoders_match_assembler)
{
    ck_assert_uint_eq(enc_i(M(addi), 10, 11, -2048), 0x80058513); /* addi a0,a1,-2048 */
    ck_assert_uint_eq(enc_i(M(addi), 31, 31, 2047), 0x7fff8f93);  /* addi t6,t6,2047  */
    ck_assert_uint_eq(enc_s(M(sd), 31, 27, -2048), 0x81bfb023);   /* sd s11,-2048(t6) */
    ck_assert_uint_eq(enc_s(M(sd), 2, 1, 2047), 0x7e113fa3);      /* sd ra,2047(sp)   */
    ck_assert_uint_eq(enc_b(M(beq), 10, 11, -4096), 0x80b50063);  /* beq a0,a1,.-4096 */
    ck_assert_uint_eq(enc_b(M(bne), 31, 0, 4094), 0x7e0f9fe3);    /* bne t6,zero,.+4094 */
    ck_assert_uint_eq(enc_j(M(jal), 1, -(1 << 20)), 0x800000ef);  /* jal ra,.-1MiB    */
    ck_assert_uint_eq(enc_j(M(jal), 0, (1 << 20) - 2), 0x7ffff06f);
    ck_assert_uint_eq(enc_u(M(lui), 10, (int32_t)0x80000000u), 0x80000537);
    ck_assert_uint_eq(enc_i(M(csrrw), 10, 11, 0xfff), 0xfff59573);
    ck_assert_uint_eq(enc_i(M(slli), 10, 10, 63), 0x03f51513);
    ck_assert_uint_eq(enc_i(M(srai), 31, 1, 63), 0x43f0df93);
    ck_assert_uint_eq(enc_r(M(sra), 10, 11, 12), 0x40c5d533);
}
END_TEST

/* ---- mnemonics and disassembly ---- */

START_TEST(test_mnemonics)
{
    char buf[32], dis[96];
    for (unsigned op = OP_illegal + 1; op < OP_COUNT; op++) {
        const char *m = dec_mnemonic(op, buf, sizeof(buf));
        size_t n = strlen(m);
        ck_assert_msg(n > 0, "op %u: empty mnemonic", op);
        ck_assert_msg(!strchr(m, '_'), "%s: '_' left in mnemonic", m);
        struct insn i;
        dec_decode32(insn_table[op].match, &i);
        dis_insn(&i, 0x80000000, dis, sizeof(dis));
        ck_assert_msg(!strncmp(dis, m, n) && strchr(" .", dis[n]) != NULL,
                      "\"%s\" does not start with \"%s\"", dis, m);
    }
    ck_assert_str_eq(dec_mnemonic(OP_fcvt_w_s, buf, sizeof(buf)), "fcvt.w.s");
    ck_assert_str_eq(dec_mnemonic(OP_sfence_vma, buf, sizeof(buf)), "sfence.vma");
    ck_assert_str_eq(dec_mnemonic(OP_amoadd_w, buf, sizeof(buf)), "amoadd.w");
    ck_assert_str_eq(dec_mnemonic(OP_fence_i, buf, sizeof(buf)), "fence.i");
    ck_assert_str_eq(dec_mnemonic(OP_illegal, buf, sizeof(buf)), "illegal");
    ck_assert_str_eq(dec_mnemonic(OP_lui, buf, 3), "lu");  /* truncated, terminated */
}
END_TEST

START_TEST(test_register_names)
{
    ck_assert_str_eq(reg_abi_name[0], "zero");
    ck_assert_str_eq(reg_abi_name[2], "sp");
    ck_assert_str_eq(reg_abi_name[8], "s0");
    ck_assert_str_eq(reg_abi_name[17], "a7");
    ck_assert_str_eq(reg_abi_name[18], "s2");
    ck_assert_str_eq(reg_abi_name[27], "s11");
    ck_assert_str_eq(reg_abi_name[31], "t6");
    ck_assert_str_eq(freg_abi_name[0], "ft0");
    ck_assert_str_eq(freg_abi_name[8], "fs0");
    ck_assert_str_eq(freg_abi_name[10], "fa0");
    ck_assert_str_eq(freg_abi_name[27], "fs11");
    ck_assert_str_eq(freg_abi_name[31], "ft11");
}
END_TEST

static const struct {
    uint32_t    word;
    uint64_t    pc;
    const char *text;
} dis_cases[] = {
    { 0x00150513, 0, "addi a0, a0, 1" },
    { 0x80058513, 0, "addi a0, a1, -2048" },
    { 0x00813083, 0, "ld ra, 8(sp)" },
    { 0xfea13c27, 0, "fsd fa0, -8(sp)" },
    { 0x0045a507, 0, "flw fa0, 4(a1)" },
    { 0x00b50863, 0x80000000, "beq a0, a1, 0x80000010" },
    { 0x80b50063, 0x80001000, "beq a0, a1, 0x80000000" },
    { 0x800000ef, 0x80100000, "jal ra, 0x80000000" },
    { 0x000500e7, 0, "jalr ra, 0(a0)" },
    { 0x80000537, 0, "lui a0, 0x80000" },
    { 0xfffff297, 0, "auipc t0, 0xfffff" },
    { 0x03f51513, 0, "slli a0, a0, 63" },
    { 0x43f0df93, 0, "srai t6, ra, 63" },
    { 0x40c5d533, 0, "sra a0, a1, a2" },
    { 0x300312f3, 0, "csrrw t0, mstatus, t1" },
    { 0x18002573, 0, "csrrs a0, satp, zero" },
    { 0xc0302573, 0, "csrrs a0, hpmcounter3, zero" },
    { 0x3ef02573, 0, "csrrs a0, pmpaddr63, zero" },
    { 0x00302573, 0, "csrrs a0, fcsr, zero" },
    { 0x7c02d2f3, 0, "csrrwi t0, 0x7c0, 5" },
    { 0x300fe073, 0, "csrrsi zero, mstatus, 31" },
    { 0x02c59553, 0, "fadd.d fa0, fa1, fa2, rtz" },
    { 0x02c5f553, 0, "fadd.d fa0, fa1, fa2" },
    { 0x6ac5c543, 0, "fmadd.d fa0, fa1, fa2, fa3, rmm" },
    { 0xc0051553, 0, "fcvt.w.s a0, fa0, rtz" },
    { 0xd2050553, 0, "fcvt.d.w fa0, a0" },
    { 0x42058553, 0, "fcvt.d.s fa0, fa1" },
    { 0x4015b553, 0, "fcvt.s.d fa0, fa1, rup" },
    { 0xe2050553, 0, "fmv.x.d a0, fa0" },
    { 0xf2050553, 0, "fmv.d.x fa0, a0" },
    { 0xa2b52553, 0, "feq.d a0, fa0, fa1" },
    { 0xe2051553, 0, "fclass.d a0, fa0" },
    { 0x5a05f553, 0, "fsqrt.d fa0, fa1" },
    { 0x20c59553, 0, "fsgnjn.s fa0, fa1, fa2" },
    { 0x1405a52f, 0, "lr.w.aq a0, (a1)" },
    { 0x06b6252f, 0, "amoadd.w.aqrl a0, a1, (a2)" },
    { 0x1ab6352f, 0, "sc.d.rl a0, a1, (a2)" },
    { 0x0c63b2af, 0, "amoswap.d.aq t0, t1, (t2)" },
    { 0x0330000f, 0, "fence rw,rw" },
    { 0x0ff0000f, 0, "fence iorw,iorw" },
    { 0x0100000f, 0, "fence w,0" },
    { 0x8330000f, 0, "fence.tso" },
    { 0x0000100f, 0, "fence.i" },
    { 0x00000073, 0, "ecall" },
    { 0x00100073, 0, "ebreak" },
    { 0x30200073, 0, "mret" },
    { 0x10500073, 0, "wfi" },
    { 0x12b50073, 0, "sfence.vma a0, a1" },
    { 0x12000073, 0, "sfence.vma zero, zero" },
    { 0xffffffff, 0, "illegal 0xffffffff" },
    { 0x04000033, 0, "illegal 0x04000033" },
};

START_TEST(test_disasm_exact)
{
    char buf[96];
    struct insn i;
    for (size_t k = 0; k < sizeof(dis_cases) / sizeof(dis_cases[0]); k++) {
        dec_decode32(dis_cases[k].word, &i);
        ck_assert_str_eq(dis_insn(&i, dis_cases[k].pc, buf, sizeof(buf)), dis_cases[k].text);
    }
}
END_TEST

START_TEST(test_disasm_truncates)
{
    char buf[8];
    struct insn i;
    memset(buf, 'x', sizeof(buf));
    dec_decode32(0x00150513, &i);
    ck_assert_str_eq(dis_insn(&i, 0, buf, sizeof(buf)), "addi a0");
    ck_assert_str_eq(dis_insn(&i, 0, buf, 1), "");
    dis_insn(&i, 0, buf, 0);  /* must not write */
}
END_TEST

static Suite *decode_suite(void)
{
    Suite *s = suite_create("decode");
    TCase *t = tcase_create("table");
    tcase_add_test(t, test_table_well_formed);
    tcase_add_test(t, test_every_entry_decodes_to_itself);
    tcase_add_test(t, test_no_overlap);
    tcase_add_test(t, test_illegal_words);
    suite_add_tcase(s, t);

    t = tcase_create("fields");
    tcase_add_test(t, test_fields_i);
    tcase_add_test(t, test_fields_s);
    tcase_add_test(t, test_fields_b);
    tcase_add_test(t, test_fields_u_j);
    tcase_add_test(t, test_fields_shift_csr_amo);
    tcase_add_test(t, test_fields_fp);
    tcase_add_test(t, test_encoders_match_assembler);
    suite_add_tcase(s, t);

    t = tcase_create("disasm");
    tcase_add_test(t, test_mnemonics);
    tcase_add_test(t, test_register_names);
    tcase_add_test(t, test_disasm_exact);
    tcase_add_test(t, test_disasm_truncates);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(decode_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
