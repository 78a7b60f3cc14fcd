/*
 * test_decode_rvc.c - unit tests of compressed decoding (decode_rvc.c,
 * rvc.def) and of its disassembly.
 *
 * Depends only on emu/decode.c, emu/decode_rvc.c and emu/disasm.c.
 * The vectors were assembled with riscv64-unknown-elf-as -march=rv64gc,
 * once with the compressed mnemonic and once with the 32-bit expansion
 * the spec gives for it; HINT encodings the assembler refuses were
 * encoded by hand (marked HINT).
 */
#include "insn.h"

#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rvc.def" /* without X: enum rvc_reg, rvc_imm, rvc_rsv */

static const struct {
    const char *name;
    uint16_t    match, mask;
} rvc_entries[] = {
#define X(name, match, mask, base, rd, rs1, rs2, imm, rsv) { #name, match, mask },
#include "rvc.def"
#undef X
};
#define N_RVC (sizeof(rvc_entries) / sizeof(rvc_entries[0]))

/* Halfword, its 32-bit equivalent, and the rvc.def name it must show. */
static const struct {
    uint16_t    half;
    uint32_t    word;
    const char *name;
} vectors[] = {
    { 0x0048, 0x00410513, "c.addi4spn" }, /* c.addi4spn a0, sp, 4 -> addi a0, sp, 4 */
    { 0x1fe4, 0x3fc10493, "c.addi4spn" }, /* c.addi4spn s1, sp, 1020 -> addi s1, sp, 1020 */
    { 0x041c, 0x20010793, "c.addi4spn" }, /* c.addi4spn a5, sp, 512 -> addi a5, sp, 512 */
    { 0x2188, 0x0005b507, "c.fld" }, /* c.fld fa0, 0(a1) -> fld fa0, 0(a1) */
    { 0x3c64, 0x0f843487, "c.fld" }, /* c.fld fs1, 248(s0) -> fld fs1, 248(s0) */
    { 0x41c8, 0x0045a503, "c.lw" }, /* c.lw a0, 4(a1) -> lw a0, 4(a1) */
    { 0x5cfc, 0x07c4a783, "c.lw" }, /* c.lw a5, 124(s1) -> lw a5, 124(s1) */
    { 0x43a0, 0x0407a403, "c.lw" }, /* c.lw s0, 64(a5) -> lw s0, 64(a5) */
    { 0x6588, 0x0085b503, "c.ld" }, /* c.ld a0, 8(a1) -> ld a0, 8(a1) */
    { 0x7c7c, 0x0f843783, "c.ld" }, /* c.ld a5, 248(s0) -> ld a5, 248(s0) */
    { 0x6244, 0x08063483, "c.ld" }, /* c.ld s1, 128(a2) -> ld s1, 128(a2) */
    { 0xa588, 0x00a5b427, "c.fsd" }, /* c.fsd fa0, 8(a1) -> fsd fa0, 8(a1) */
    { 0xbfe0, 0x0e87bc27, "c.fsd" }, /* c.fsd fs0, 248(a5) -> fsd fs0, 248(a5) */
    { 0xc1c8, 0x00a5a223, "c.sw" }, /* c.sw a0, 4(a1) -> sw a0, 4(a1) */
    { 0xdc7c, 0x06f42e23, "c.sw" }, /* c.sw a5, 124(s0) -> sw a5, 124(s0) */
    { 0xc124, 0x04952023, "c.sw" }, /* c.sw s1, 64(a0) -> sw s1, 64(a0) */
    { 0xe588, 0x00a5b423, "c.sd" }, /* c.sd a0, 8(a1) -> sd a0, 8(a1) */
    { 0xffe0, 0x0e87bc23, "c.sd" }, /* c.sd s0, 248(a5) -> sd s0, 248(a5) */
    { 0x0001, 0x00000013, "c.nop" }, /* c.nop -> addi zero, zero, 0 */
    { 0x0015, 0x00500013, "c.nop" }, /* HINT -> addi zero, zero, 5 */
    { 0x0505, 0x00150513, "c.addi" }, /* c.addi a0, 1 -> addi a0, a0, 1 */
    { 0x1501, 0xfe050513, "c.addi" }, /* c.addi a0, -32 -> addi a0, a0, -32 */
    { 0x017d, 0x01f10113, "c.addi" }, /* c.addi sp, 31 -> addi sp, sp, 31 */
    { 0x1ffd, 0xffff8f93, "c.addi" }, /* c.addi t6, -1 -> addi t6, t6, -1 */
    { 0x0501, 0x00050513, "c.addi" }, /* HINT -> addi a0, a0, 0 */
    { 0x2501, 0x0005051b, "c.addiw" }, /* c.addiw a0, 0 -> addiw a0, a0, 0 */
    { 0x3501, 0xfe05051b, "c.addiw" }, /* c.addiw a0, -32 -> addiw a0, a0, -32 */
    { 0x2ffd, 0x01ff8f9b, "c.addiw" }, /* c.addiw t6, 31 -> addiw t6, t6, 31 */
    { 0x4501, 0x00000513, "c.li" }, /* c.li a0, 0 -> addi a0, zero, 0 */
    { 0x5501, 0xfe000513, "c.li" }, /* c.li a0, -32 -> addi a0, zero, -32 */
    { 0x40fd, 0x01f00093, "c.li" }, /* c.li ra, 31 -> addi ra, zero, 31 */
    { 0x4015, 0x00500013, "c.li" }, /* HINT -> addi zero, zero, 5 */
    { 0x7101, 0xe0010113, "c.addi16sp" }, /* c.addi16sp sp, -512 -> addi sp, sp, -512 */
    { 0x617d, 0x1f010113, "c.addi16sp" }, /* c.addi16sp sp, 496 -> addi sp, sp, 496 */
    { 0x6141, 0x01010113, "c.addi16sp" }, /* c.addi16sp sp, 16 -> addi sp, sp, 16 */
    { 0x717d, 0xff010113, "c.addi16sp" }, /* c.addi16sp sp, -16 -> addi sp, sp, -16 */
    { 0x6105, 0x02010113, "c.addi16sp" }, /* c.addi16sp sp, 32 -> addi sp, sp, 32 */
    { 0x6505, 0x00001537, "c.lui" }, /* c.lui a0, 1 -> lui a0, 1 */
    { 0x757d, 0xfffff537, "c.lui" }, /* c.lui a0, 0xfffff -> lui a0, 0xfffff */
    { 0x6ffd, 0x0001ffb7, "c.lui" }, /* c.lui t6, 31 -> lui t6, 31 */
    { 0x7401, 0xfffe0437, "c.lui" }, /* c.lui s0, 0xfffe0 -> lui s0, 0xfffe0 */
    { 0x60c1, 0x000100b7, "c.lui" }, /* c.lui ra, 0x10 -> lui ra, 0x10 */
    { 0x6005, 0x00001037, "c.lui" }, /* HINT -> lui zero, 1 */
    { 0x8105, 0x00155513, "c.srli" }, /* c.srli a0, 1 -> srli a0, a0, 1 */
    { 0x907d, 0x03f45413, "c.srli" }, /* c.srli s0, 63 -> srli s0, s0, 63 */
    { 0x9381, 0x0207d793, "c.srli" }, /* c.srli a5, 32 -> srli a5, a5, 32 */
    { 0x8101, 0x00055513, "c.srli" }, /* HINT -> srli a0, a0, 0 */
    { 0x8505, 0x40155513, "c.srai" }, /* c.srai a0, 1 -> srai a0, a0, 1 */
    { 0x94fd, 0x43f4d493, "c.srai" }, /* c.srai s1, 63 -> srai s1, s1, 63 */
    { 0x8501, 0x40055513, "c.srai" }, /* HINT -> srai a0, a0, 0 */
    { 0x997d, 0xfff57513, "c.andi" }, /* c.andi a0, -1 -> andi a0, a0, -1 */
    { 0x887d, 0x01f47413, "c.andi" }, /* c.andi s0, 31 -> andi s0, s0, 31 */
    { 0x9b81, 0xfe07f793, "c.andi" }, /* c.andi a5, -32 -> andi a5, a5, -32 */
    { 0x8901, 0x00057513, "c.andi" }, /* c.andi a0, 0 -> andi a0, a0, 0 */
    { 0x8d0d, 0x40b50533, "c.sub" }, /* c.sub a0, a1 -> sub a0, a0, a1 */
    { 0x8c1d, 0x40f40433, "c.sub" }, /* c.sub s0, a5 -> sub s0, s0, a5 */
    { 0x8c3d, 0x00f44433, "c.xor" }, /* c.xor s0, a5 -> xor s0, s0, a5 */
    { 0x8e55, 0x00d66633, "c.or" }, /* c.or a2, a3 -> or a2, a2, a3 */
    { 0x8cf9, 0x00e4f4b3, "c.and" }, /* c.and s1, a4 -> and s1, s1, a4 */
    { 0x9d0d, 0x40b5053b, "c.subw" }, /* c.subw a0, a1 -> subw a0, a0, a1 */
    { 0x9fa1, 0x008787bb, "c.addw" }, /* c.addw a5, s0 -> addw a5, a5, s0 */
    { 0xa009, 0x0020006f, "c.j" }, /* c.j .+2 -> jal zero, .+2 */
    { 0xbffd, 0xfffff06f, "c.j" }, /* c.j .-2 -> jal zero, .-2 */
    { 0xaffd, 0x7fe0006f, "c.j" }, /* c.j .+2046 -> jal zero, .+2046 */
    { 0xb001, 0x801ff06f, "c.j" }, /* c.j .-2048 -> jal zero, .-2048 */
    { 0xa46d, 0x2aa0006f, "c.j" }, /* c.j .+0x2aa -> jal zero, .+0x2aa */
    { 0xb46d, 0xaabff06f, "c.j" }, /* c.j .-0x556 -> jal zero, .-0x556 */
    { 0xcd7d, 0x0e050f63, "c.beqz" }, /* c.beqz a0, .+254 -> beq a0, zero, .+254 */
    { 0xd001, 0xf00400e3, "c.beqz" }, /* c.beqz s0, .-256 -> beq s0, zero, .-256 */
    { 0xcbb9, 0x04078b63, "c.beqz" }, /* c.beqz a5, .+0x56 -> beq a5, zero, .+0x56 */
    { 0xe389, 0x00079163, "c.bnez" }, /* c.bnez a5, .+2 -> bne a5, zero, .+2 */
    { 0xfcfd, 0xfe049fe3, "c.bnez" }, /* c.bnez s1, .-2 -> bne s1, zero, .-2 */
    { 0xf939, 0xf4051be3, "c.bnez" }, /* c.bnez a0, .-0xaa -> bne a0, zero, .-0xaa */
    { 0x0506, 0x00151513, "c.slli" }, /* c.slli a0, 1 -> slli a0, a0, 1 */
    { 0x10fe, 0x03f09093, "c.slli" }, /* c.slli ra, 63 -> slli ra, ra, 63 */
    { 0x1f82, 0x020f9f93, "c.slli" }, /* c.slli t6, 32 -> slli t6, t6, 32 */
    { 0x0006, 0x00101013, "c.slli" }, /* HINT -> slli zero, zero, 1 */
    { 0x0502, 0x00051513, "c.slli" }, /* HINT -> slli a0, a0, 0 */
    { 0x2502, 0x00013507, "c.fldsp" }, /* c.fldsp fa0, 0(sp) -> fld fa0, 0(sp) */
    { 0x307e, 0x1f813007, "c.fldsp" }, /* c.fldsp ft0, 504(sp) -> fld ft0, 504(sp) */
    { 0x2da2, 0x00813d87, "c.fldsp" }, /* c.fldsp fs11, 8(sp) -> fld fs11, 8(sp) */
    { 0x557e, 0x0fc12503, "c.lwsp" }, /* c.lwsp a0, 252(sp) -> lw a0, 252(sp) */
    { 0x4082, 0x00012083, "c.lwsp" }, /* c.lwsp ra, 0(sp) -> lw ra, 0(sp) */
    { 0x4f92, 0x00412f83, "c.lwsp" }, /* c.lwsp t6, 4(sp) -> lw t6, 4(sp) */
    { 0x60a2, 0x00813083, "c.ldsp" }, /* c.ldsp ra, 8(sp) -> ld ra, 8(sp) */
    { 0x757e, 0x1f813503, "c.ldsp" }, /* c.ldsp a0, 504(sp) -> ld a0, 504(sp) */
    { 0x6d82, 0x00013d83, "c.ldsp" }, /* c.ldsp s11, 0(sp) -> ld s11, 0(sp) */
    { 0x8082, 0x00008067, "c.jr" }, /* c.jr ra -> jalr zero, 0(ra) */
    { 0x8f82, 0x000f8067, "c.jr" }, /* c.jr t6 -> jalr zero, 0(t6) */
    { 0x8502, 0x00050067, "c.jr" }, /* c.jr a0 -> jalr zero, 0(a0) */
    { 0x852e, 0x00b00533, "c.mv" }, /* c.mv a0, a1 -> add a0, zero, a1 */
    { 0x8f86, 0x00100fb3, "c.mv" }, /* c.mv t6, ra -> add t6, zero, ra */
    { 0x802a, 0x00a00033, "c.mv" }, /* HINT -> add zero, zero, a0 */
    { 0x9002, 0x00100073, "c.ebreak" }, /* c.ebreak -> ebreak */
    { 0x9502, 0x000500e7, "c.jalr" }, /* c.jalr a0 -> jalr ra, 0(a0) */
    { 0x9082, 0x000080e7, "c.jalr" }, /* c.jalr ra -> jalr ra, 0(ra) */
    { 0x9f82, 0x000f80e7, "c.jalr" }, /* c.jalr t6 -> jalr ra, 0(t6) */
    { 0x952e, 0x00b50533, "c.add" }, /* c.add a0, a1 -> add a0, a0, a1 */
    { 0x917e, 0x01f10133, "c.add" }, /* c.add sp, t6 -> add sp, sp, t6 */
    { 0x902e, 0x00b00033, "c.add" }, /* HINT -> add zero, zero, a1 */
    { 0xbfaa, 0x1ea13c27, "c.fsdsp" }, /* c.fsdsp fa0, 504(sp) -> fsd fa0, 504(sp) */
    { 0xa002, 0x00013027, "c.fsdsp" }, /* c.fsdsp ft0, 0(sp) -> fsd ft0, 0(sp) */
    { 0xdfaa, 0x0ea12e23, "c.swsp" }, /* c.swsp a0, 252(sp) -> sw a0, 252(sp) */
    { 0xc002, 0x00012023, "c.swsp" }, /* c.swsp zero, 0(sp) -> sw zero, 0(sp) */
    { 0xe406, 0x00113423, "c.sdsp" }, /* c.sdsp ra, 8(sp) -> sd ra, 8(sp) */
    { 0xffee, 0x1fb13c23, "c.sdsp" }, /* c.sdsp s11, 504(sp) -> sd s11, 504(sp) */
};
#define N_VECTORS (sizeof(vectors) / sizeof(vectors[0]))

static unsigned key(uint16_t h)
{
    return ((h & 3u) << 3) | ((h >> 13) & 7u);
}

/* rvc.def is sorted by (quadrant, funct3), every entry fixes both, and
 * entries overlap only where an earlier entry is a special case carved
 * out of a later, more general one (c.nop of c.addi, c.addi16sp of
 * c.lui, c.jr of c.mv, c.ebreak and c.jalr of c.add). */
START_TEST(test_rvc_table)
{
    for (size_t a = 0; a < N_RVC; a++) {
        uint16_t ma = rvc_entries[a].match, ka = rvc_entries[a].mask;
        ck_assert_msg(!strncmp(rvc_entries[a].name, "c_", 2), "%s", rvc_entries[a].name);
        ck_assert_msg((ma & ~ka) == 0, "%s: match outside mask", rvc_entries[a].name);
        ck_assert_msg((ka & 0xe003) == 0xe003, "%s: funct3/op not fixed", rvc_entries[a].name);
        ck_assert_msg((ma & 3) != 3, "%s: quadrant 3", rvc_entries[a].name);
        if (a > 0)
            ck_assert_msg(key(rvc_entries[a - 1].match) <= key(ma), "%s: out of order",
                          rvc_entries[a].name);
        for (size_t b = a + 1; b < N_RVC; b++) {
            uint16_t mb = rvc_entries[b].match, kb = rvc_entries[b].mask;
            if ((ma ^ mb) & ka & kb)
                continue;
            ck_assert_msg((ka & kb) == kb && ka != kb, "%s overlaps %s without refining it",
                          rvc_entries[a].name, rvc_entries[b].name);
        }
    }
}
END_TEST

/* Every vector decodes to exactly what its 32-bit expansion decodes to. */
START_TEST(test_rvc_matches_expansion)
{
    char buf[64];
    for (size_t k = 0; k < N_VECTORS; k++) {
        struct insn c, w, d;
        uint16_t h = vectors[k].half;
        enum op op16 = dec_decode16(h, &c);
        enum op op32 = dec_decode32(vectors[k].word, &w);
        ck_assert_msg(op32 != OP_illegal, "0x%08x", vectors[k].word);
        ck_assert_msg(op16 == op32, "0x%04x: %s, expected %s", h, insn_table[op16].name,
                      insn_table[op32].name);
        ck_assert_uint_eq(c.op, w.op);
        ck_assert_msg(c.rd == w.rd && c.rs1 == w.rs1 && c.rs2 == w.rs2 && c.rs3 == w.rs3 &&
                          c.rm == w.rm && c.imm == w.imm,
                      "0x%04x: rd %u rs1 %u rs2 %u rs3 %u rm %u imm %d, expected "
                      "rd %u rs1 %u rs2 %u rs3 %u rm %u imm %d",
                      h, c.rd, c.rs1, c.rs2, c.rs3, c.rm, c.imm, w.rd, w.rs1, w.rs2, w.rs3,
                      w.rm, w.imm);
        ck_assert_uint_eq(c.len, 2);
        ck_assert_uint_eq(c.raw, h);
        /* the length dispatcher in insn.h takes the same path */
        ck_assert_int_eq(dec_decode(h, &d), op16);
        ck_assert_uint_eq(d.len, 2);
        /* and the disassembly names the compressed instruction */
        size_t n = strlen(vectors[k].name);
        dis_insn(&c, 0x80000000, buf, sizeof(buf));
        ck_assert_msg(!strncmp(buf, vectors[k].name, n) && (buf[n] == ' ' || !buf[n]),
                      "0x%04x: \"%s\", expected %s", h, buf, vectors[k].name);
    }
}
END_TEST

/* Every rvc.def entry is exercised by at least one vector. */
START_TEST(test_rvc_all_entries_covered)
{
    for (size_t a = 0; a < N_RVC; a++) {
        char name[16];
        size_t n = 0;
        for (const char *s = rvc_entries[a].name; *s && n + 1 < sizeof(name); s++)
            name[n++] = *s == '_' ? '.' : *s;
        name[n] = '\0';
        bool found = false;
        for (size_t k = 0; k < N_VECTORS && !found; k++)
            found = !strcmp(vectors[k].name, name);
        ck_assert_msg(found, "no vector for %s", name);
    }
}
END_TEST

START_TEST(test_rvc_reserved)
{
    static const uint16_t words[] = {
        0x0000, /* all zero: c.addi4spn with nzuimm = 0, defined illegal */
        0x0004, 0x001c, /* c.addi4spn nzuimm = 0, other rd'        */
        0x4002, 0x507e, /* c.lwsp rd = 0                           */
        0x6002, 0x707e, /* c.ldsp rd = 0                           */
        0x8002,         /* c.jr rs1 = 0                            */
        0x6101,         /* c.addi16sp nzimm = 0                    */
        0x6501, 0x6f81, /* c.lui nzimm = 0 (rd = a0, t6)           */
        0x6001,         /* c.lui rd = 0, nzimm = 0                 */
        0x2001, 0x207d, 0x3001, /* c.addiw rd = 0                  */
        0x8000, 0x9ffc, /* quadrant 0 funct3 100                   */
        0x9c41, 0x9c61, 0x9fe1, /* quadrant 1: bit 12 set, 6:5 = 10/11 */
        0x0003, 0xffff, /* quadrant 3 is not compressed            */
    };
    for (size_t k = 0; k < sizeof(words) / sizeof(words[0]); k++) {
        struct insn i;
        ck_assert_msg(dec_decode16(words[k], &i) == OP_illegal, "0x%04x decoded to %s",
                      words[k], insn_table[i.op].name);
        ck_assert_uint_eq(i.op, OP_illegal);
        ck_assert_uint_eq(i.len, 2);
        ck_assert_uint_eq(i.raw, words[k]);
    }
}
END_TEST

/*
 * All 65536 halfwords. The number of legal RV64C encodings, counted from
 * the spec's tables:
 *   Q0: addi4spn 2048-8, fld/lw/ld/fsd/sw/sd 6*2048          = 14328
 *   Q1: addi/nop 2048, addiw 2048-64, li 2048, addi16sp 64-1,
 *       lui 31*63, srli/srai/andi 3*512, sub..and 256,
 *       subw/addw 128, j/beqz/bnez 3*2048                      = 16160
 *   Q2: slli 2048, fldsp 2048, lwsp/ldsp 2*(2048-64),
 *       jr 31 + mv 992 + ebreak 1 + jalr 31 + add 992,
 *       fsdsp/swsp/sdsp 3*2048                                 = 16255
 */
#define RV64C_LEGAL_COUNT (14328 + 16160 + 16255)

START_TEST(test_rvc_sweep)
{
    char buf[64];
    unsigned legal = 0;
    for (uint32_t h = 0; h <= 0xffff; h++) {
        struct insn i;
        memset(&i, 0xa5, sizeof(i));
        enum op op = dec_decode16((uint16_t)h, &i);
        ck_assert_uint_eq(i.op, op);
        ck_assert_uint_eq(i.len, 2);
        ck_assert_uint_eq(i.raw, h);
        dis_insn(&i, 0x80000000, buf, sizeof(buf));
        if ((h & 3) == 3 || op == OP_illegal) {
            ck_assert_msg(op == OP_illegal, "0x%04x", h);
            continue;
        }
        legal++;
        ck_assert_msg(op > OP_illegal && op < OP_COUNT, "0x%04x: op %d", h, op);
        ck_assert_msg(i.rd < 32 && i.rs1 < 32 && i.rs2 < 32, "0x%04x", h);
        ck_assert_msg(!strncmp(buf, "c.", 2), "0x%04x: \"%s\"", h, buf);
    }
    ck_assert_uint_eq(legal, RV64C_LEGAL_COUNT);
}
END_TEST

static const struct {
    uint16_t    half;
    uint64_t    pc;
    const char *text;
} dis_cases[] = {
    { 0x0505, 0, "c.addi a0, 1" },
    { 0x1501, 0, "c.addi a0, -32" },
    { 0x0001, 0, "c.nop" },
    { 0x0015, 0, "c.nop 5" },
    { 0x0048, 0, "c.addi4spn a0, sp, 4" },
    { 0x2188, 0, "c.fld fa0, 0(a1)" },
    { 0x41c8, 0, "c.lw a0, 4(a1)" },
    { 0xa588, 0, "c.fsd fa0, 8(a1)" },
    { 0xe588, 0, "c.sd a0, 8(a1)" },
    { 0x2501, 0, "c.addiw a0, 0" },
    { 0x5501, 0, "c.li a0, -32" },
    { 0x717d, 0, "c.addi16sp sp, -16" },
    { 0x757d, 0, "c.lui a0, 0xfffff" },
    { 0x907d, 0, "c.srli s0, 63" },
    { 0x94fd, 0, "c.srai s1, 63" },
    { 0x997d, 0, "c.andi a0, -1" },
    { 0x8d0d, 0, "c.sub a0, a1" },
    { 0x9fa1, 0, "c.addw a5, s0" },
    { 0xb001, 0x80000800, "c.j 0x80000000" },
    { 0xcd7d, 0x80000000, "c.beqz a0, 0x800000fe" },
    { 0xfcfd, 0x80000002, "c.bnez s1, 0x80000000" },
    { 0x10fe, 0, "c.slli ra, 63" },
    { 0x2502, 0, "c.fldsp fa0, 0(sp)" },
    { 0x557e, 0, "c.lwsp a0, 252(sp)" },
    { 0x60a2, 0, "c.ldsp ra, 8(sp)" },
    { 0x8082, 0, "c.jr ra" },
    { 0x852e, 0, "c.mv a0, a1" },
    { 0x802a, 0, "c.mv zero, a0" },
    { 0x9002, 0, "c.ebreak" },
    { 0x9502, 0, "c.jalr a0" },
    { 0x952e, 0, "c.add a0, a1" },
    { 0xbfaa, 0, "c.fsdsp fa0, 504(sp)" },
    { 0xdfaa, 0, "c.swsp a0, 252(sp)" },
    { 0xe406, 0, "c.sdsp ra, 8(sp)" },
    { 0x0000, 0, "illegal 0x0000" },
    { 0x8002, 0, "illegal 0x8002" },
};

START_TEST(test_rvc_disasm_exact)
{
    char buf[64];
    struct insn i;
    for (size_t k = 0; k < sizeof(dis_cases) / sizeof(dis_cases[0]); k++) {
        dec_decode16(dis_cases[k].half, &i);
        ck_assert_str_eq(dis_insn(&i, dis_cases[k].pc, buf, sizeof(buf)), dis_cases[k].text);
    }
}
END_TEST

static Suite *rvc_suite(void)
{
    Suite *s = suite_create("decode_rvc");
    TCase *t = tcase_create("rvc");
    tcase_add_test(t, test_rvc_table);
    tcase_add_test(t, test_rvc_matches_expansion);
    tcase_add_test(t, test_rvc_all_entries_covered);
    tcase_add_test(t, test_rvc_reserved);
    tcase_add_test(t, test_rvc_sweep);
    tcase_add_test(t, test_rvc_disasm_exact);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(rvc_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
