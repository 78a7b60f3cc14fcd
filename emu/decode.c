/*
 * decode.c - 32-bit instruction decode driven by insns.def.
 *
 * The table is grouped by the major opcode (bits 6:2), laid out as the
 * unprivileged spec's opcode map; within a group entries are tried in
 * insns.def order with match/mask. Operand fields are then extracted by
 * the entry's format.
 */
#include "insn.h"

#include <assert.h>
#include <stdbool.h>
#include <stddef.h>

_Static_assert(OP_COUNT <= 256, "struct insn keeps the op in a byte");

const struct insn_info insn_table[OP_COUNT] = {
    [OP_undecoded] = { "undecoded", 0, 0, FMT_NONE, 0 },
    [OP_illegal] = { "illegal", 0, 0, FMT_NONE, 0 },
#define X(n, match, mask, fmt, flags) [OP_##n] = { #n, match, mask, FMT_##fmt, flags },
#include "insns.def"
#undef X
};

/* Immediate extraction, one helper per format (unprivileged spec 2.3).
 * Fields are assembled unsigned and sign-extended once: shifting negative
 * values left is undefined in C. */
static inline int32_t sext(uint32_t v, unsigned bits)
{
    return (int32_t)(v << (32 - bits)) >> (32 - bits);
}
static inline int32_t imm_i(uint32_t w) { return sext(w >> 20, 12); }
static inline int32_t imm_s(uint32_t w)
{
    return sext(((w >> 25) << 5) | ((w >> 7) & 0x1f), 12);
}
static inline int32_t imm_b(uint32_t w)
{
    return sext(((w >> 31) << 12) | (((w >> 7) & 1) << 11) | (((w >> 25) & 0x3f) << 5) |
                (((w >> 8) & 0xf) << 1), 13);
}
static inline int32_t imm_u(uint32_t w) { return (int32_t)(w & 0xfffff000u); }
static inline int32_t imm_j(uint32_t w)
{
    return sext(((w >> 31) << 20) | (((w >> 12) & 0xff) << 12) | (((w >> 20) & 1) << 11) |
                (((w >> 21) & 0x3ff) << 1), 21);
}

/* Ops of each major-opcode group, in insns.def order. Built on first use;
 * the contents depend only on the static table, so a race between two
 * first users would write identical data. */
#define GROUPS 32
#define GROUP_MAX 64
struct group {
    uint16_t n;
    uint16_t ops[GROUP_MAX];
};
static struct group groups[GROUPS];
static bool groups_ready;

static void build_groups(void)
{
    for (unsigned op = OP_illegal + 1; op < OP_COUNT; op++) {
        unsigned g = (insn_table[op].match >> 2) & 0x1f;
        struct group *gr = &groups[g];
        assert(gr->n < GROUP_MAX && "decode group full: raise GROUP_MAX");
        gr->ops[gr->n++] = (uint16_t)op;
    }
    groups_ready = true;
}

static void extract(uint32_t w, enum fmt fmt, struct insn *out)
{
    out->rd = (w >> 7) & 0x1f;
    out->rs1 = (w >> 15) & 0x1f;
    out->rs2 = (w >> 20) & 0x1f;
    out->rs3 = (w >> 27) & 0x1f;
    out->rm = (w >> 12) & 7;
    switch (fmt) {
    case FMT_I:     out->imm = imm_i(w); break;
    case FMT_S:     out->imm = imm_s(w); break;
    case FMT_B:     out->imm = imm_b(w); break;
    case FMT_U:     out->imm = imm_u(w); break;
    case FMT_J:     out->imm = imm_j(w); break;
    case FMT_SHIFT: out->imm = (w >> 20) & 0x3f; break;
    case FMT_CSR:
    case FMT_CSRI:  out->imm = (w >> 20) & 0xfff; break;
    case FMT_AMO:   out->imm = (w >> 25) & 3; break;
    case FMT_FENCE: out->imm = (w >> 20) & 0xfff; break;
    default:        out->imm = 0; break;
    }
}

enum op dec_decode32(uint32_t w, struct insn *out)
{
    if (!groups_ready)
        build_groups();
    out->raw = w;
    out->len = 4;
    out->op = OP_illegal;
    out->rd = out->rs1 = out->rs2 = out->rs3 = out->rm = 0;
    out->imm = 0;
    if ((w & 3) != 3)
        return OP_illegal;
    const struct group *gr = &groups[(w >> 2) & 0x1f];
    for (unsigned k = 0; k < gr->n; k++) {
        const struct insn_info *ii = &insn_table[gr->ops[k]];
        if ((w & ii->mask) == ii->match) {
            out->op = gr->ops[k];
            extract(w, ii->fmt, out);
            /* RV64 shifts: shamt[5] is legal only for 64-bit shifts; the
             * W forms with bit 25 set are matched out by their mask. */
            return (enum op)out->op;
        }
    }
    return OP_illegal;
}
