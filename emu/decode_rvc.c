/*
 * decode_rvc.c - compressed (RVC) instruction decode driven by rvc.def.
 *
 * Every RV64C instruction is an abbreviation of one 32-bit instruction
 * (unprivileged spec, "C" Standard Extension). We decode a halfword by
 * rebuilding that 32-bit word from the rvc.def entry (base op's match
 * bits + registers + immediate re-encoded in the base format) and handing
 * it to dec_decode32(). The result is therefore field-for-field what the
 * 32-bit decoder gives for the equivalent instruction, so the executor
 * needs no compressed-specific handlers; only len (2) and raw (the
 * halfword) differ.
 *
 * Lookup: the entries of rvc.def are sorted by (quadrant, funct3); a
 * binary search finds the first entry of the halfword's bucket, then
 * match/mask is tried in list order (first match wins).
 */
#include "insn.h"

#include <assert.h>
#include <stdbool.h>
#include <stddef.h>

#include "rvc.def" /* without X: enum rvc_reg, rvc_imm, rvc_rsv */

struct rvc_entry {
    uint16_t match;
    uint16_t mask;
    uint16_t base;   /* enum op of the expansion */
    uint8_t  rd;     /* enum rvc_reg             */
    uint8_t  rs1;
    uint8_t  rs2;
    uint8_t  imm;    /* enum rvc_imm             */
    uint8_t  rsv;    /* enum rvc_rsv flags       */
};

static const struct rvc_entry rvc_table[] = {
#define X(name, match, mask, base, rd, rs1, rs2, imm, rsv)                         \
    { match, mask, OP_##base, RVC_REG_##rd, RVC_REG_##rs1, RVC_REG_##rs2,          \
      RVC_IMM_##imm, rsv },
#include "rvc.def"
#undef X
};

#define RVC_COUNT (sizeof(rvc_table) / sizeof(rvc_table[0]))

/*
 * Immediate layouts. Each is a list of bit runs copied from the halfword
 * into the immediate, written as the spec's encoding tables draw them:
 *
 *   c.addi4spn  15..13 | 12 11 | 10 9 8 7 | 6 | 5 | 4..2 | 1 0
 *               funct3 | [5:4] |   [9:6]  |[2]|[3]|  rd' | op
 *
 * becomes {11,2,4} {7,4,6} {6,1,2} {5,1,3}: "2 bits from bit 11 land at
 * bit 4", and so on. A signed layout sign-extends from its top bit.
 */
struct rvc_run {
    uint8_t from;   /* lowest source bit in the halfword */
    uint8_t width;  /* 0 ends the list                   */
    uint8_t to;     /* lowest destination bit            */
};

struct rvc_imm_layout {
    int8_t sign_bit;          /* bit to sign-extend from; -1 = unsigned */
    struct rvc_run run[8];
};

static const struct rvc_imm_layout imm_layout[RVC_IMM_COUNT] = {
    [RVC_IMM_NONE] = { -1, { { 0, 0, 0 } } },
    /* [12:5] = nzuimm[5:4|9:6|2|3] */
    [RVC_IMM_ADDI4SPN] = { -1, { { 11, 2, 4 }, { 7, 4, 6 }, { 6, 1, 2 }, { 5, 1, 3 } } },
    /* [12:10] = uimm[5:3], [6:5] = uimm[2|6] */
    [RVC_IMM_LSW] = { -1, { { 10, 3, 3 }, { 6, 1, 2 }, { 5, 1, 6 } } },
    /* [12:10] = uimm[5:3], [6:5] = uimm[7:6] */
    [RVC_IMM_LSD] = { -1, { { 10, 3, 3 }, { 5, 2, 6 } } },
    /* [12] = imm[5], [6:2] = imm[4:0] */
    [RVC_IMM_CI] = { 5, { { 12, 1, 5 }, { 2, 5, 0 } } },
    /* [12] = shamt[5], [6:2] = shamt[4:0] */
    [RVC_IMM_SHAMT] = { -1, { { 12, 1, 5 }, { 2, 5, 0 } } },
    /* [12] = nzimm[9], [6:2] = nzimm[4|6|8:7|5] */
    [RVC_IMM_ADDI16SP] = { 9, { { 12, 1, 9 }, { 6, 1, 4 }, { 5, 1, 6 }, { 3, 2, 7 },
                                { 2, 1, 5 } } },
    /* [12] = nzimm[17], [6:2] = nzimm[16:12] */
    [RVC_IMM_LUI] = { 17, { { 12, 1, 17 }, { 2, 5, 12 } } },
    /* [12:2] = offset[11|4|9:8|10|6|7|3:1|5] */
    [RVC_IMM_J] = { 11, { { 12, 1, 11 }, { 11, 1, 4 }, { 9, 2, 8 }, { 8, 1, 10 },
                          { 7, 1, 6 }, { 6, 1, 7 }, { 3, 3, 1 }, { 2, 1, 5 } } },
    /* [12:10] = offset[8|4:3], [6:2] = offset[7:6|2:1|5] */
    [RVC_IMM_B] = { 8, { { 12, 1, 8 }, { 10, 2, 3 }, { 5, 2, 6 }, { 3, 2, 1 },
                         { 2, 1, 5 } } },
    /* [12] = uimm[5], [6:2] = uimm[4:2|7:6] */
    [RVC_IMM_LWSP] = { -1, { { 12, 1, 5 }, { 4, 3, 2 }, { 2, 2, 6 } } },
    /* [12] = uimm[5], [6:2] = uimm[4:3|8:6] */
    [RVC_IMM_LDSP] = { -1, { { 12, 1, 5 }, { 5, 2, 3 }, { 2, 3, 6 } } },
    /* [12:7] = uimm[5:2|7:6] */
    [RVC_IMM_SWSP] = { -1, { { 9, 4, 2 }, { 7, 2, 6 } } },
    /* [12:7] = uimm[5:3|8:6] */
    [RVC_IMM_SDSP] = { -1, { { 10, 3, 3 }, { 7, 3, 6 } } },
};

/* The bucket key: quadrant (bits 1:0) then funct3 (bits 15:13). */
static inline unsigned rvc_key(uint16_t h)
{
    return ((h & 3u) << 3) | ((h >> 13) & 7u);
}

/* Index of the first entry whose key is >= key (RVC_COUNT if none). */
static size_t rvc_bucket(unsigned key)
{
    size_t lo = 0, hi = RVC_COUNT;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (rvc_key(rvc_table[mid].match) < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The immediate of halfword h in the given layout, sign-extended if the
 * layout is signed. */
static int32_t rvc_imm(uint16_t h, enum rvc_imm kind)
{
    const struct rvc_imm_layout *l = &imm_layout[kind];
    uint32_t v = 0;
    for (unsigned k = 0; k < 8 && l->run[k].width; k++) {
        const struct rvc_run *r = &l->run[k];
        v |= ((h >> r->from) & ((1u << r->width) - 1)) << r->to;
    }
    if (l->sign_bit >= 0 && (v >> l->sign_bit) & 1)
        v |= ~0u << l->sign_bit;
    return (int32_t)v;
}

/* The register number a field source names in halfword h. */
static unsigned rvc_reg(uint16_t h, enum rvc_reg src)
{
    switch (src) {
    case RVC_REG_RA:    return 1;
    case RVC_REG_SP:    return 2;
    case RVC_REG_R11_7: return (h >> 7) & 0x1f;
    case RVC_REG_R6_2:  return (h >> 2) & 0x1f;
    case RVC_REG_P9_7:  return 8 + ((h >> 7) & 7);
    case RVC_REG_P4_2:  return 8 + ((h >> 2) & 7);
    case RVC_REG_X0:
    default:            return 0;
    }
}

/* Place imm into the immediate bits of a 32-bit word of format fmt
 * (the inverse of decode.c's imm_* helpers; unprivileged spec 2.3). */
static uint32_t enc_imm(enum fmt fmt, int32_t imm)
{
    uint32_t u = (uint32_t)imm;
    switch (fmt) {
    case FMT_I:
        return (u & 0xfff) << 20;
    case FMT_SHIFT:
        return (u & 0x3f) << 20;
    case FMT_S:
        return ((u >> 5) & 0x7f) << 25 | (u & 0x1f) << 7;
    case FMT_B:
        return ((u >> 12) & 1) << 31 | ((u >> 5) & 0x3f) << 25 | ((u >> 1) & 0xf) << 8 |
               ((u >> 11) & 1) << 7;
    case FMT_U:
        return u & 0xfffff000u;
    case FMT_J:
        return ((u >> 20) & 1) << 31 | ((u >> 1) & 0x3ff) << 21 | ((u >> 11) & 1) << 20 |
               ((u >> 12) & 0xff) << 12;
    default:
        return 0;
    }
}

/* The entry halfword h matches, or NULL for a reserved/unknown code
 * point (including the entry-specific reserved cases in rsv). */
static const struct rvc_entry *rvc_lookup(uint16_t h)
{
    unsigned key = rvc_key(h);
    for (size_t k = rvc_bucket(key); k < RVC_COUNT; k++) {
        const struct rvc_entry *e = &rvc_table[k];
        if (rvc_key(e->match) != key)
            break;
        if ((h & e->mask) != e->match)
            continue;
        if ((e->rsv & RVC_RSV_IMM0) && rvc_imm(h, e->imm) == 0)
            return NULL;
        if ((e->rsv & RVC_RSV_RD0) && ((h >> 7) & 0x1f) == 0)
            return NULL;
        return e;
    }
    return NULL;
}

/*
 * Decode halfword h into *out: the fields dec_decode32() gives for the
 * 32-bit expansion, with len = 2 and raw = h. Returns the base op, or
 * OP_illegal (out->op too, other fields zero) for reserved encodings and
 * for quadrant 3, which is not compressed. The second decode costs
 * little: results live in the hart's decoded cache.
 */
enum op dec_decode16(uint16_t h, struct insn *out)
{
    const struct rvc_entry *e = rvc_lookup(h);
    if (!e) {
        *out = (struct insn){ .op = OP_illegal, .len = 2, .raw = h };
        return OP_illegal;
    }
    const struct insn_info *base = &insn_table[e->base];
    uint32_t w = base->match | rvc_reg(h, e->rd) << 7 | rvc_reg(h, e->rs1) << 15 |
                 rvc_reg(h, e->rs2) << 20 | enc_imm(base->fmt, rvc_imm(h, e->imm));
    enum op op = dec_decode32(w, out);
    assert(op == e->base && "rvc.def entry expands to a word of another op");
    out->len = 2;
    out->raw = h;
    return op;
}
