/*
 * insn.h - the decoded form of one instruction, and the operation enum
 * generated from insns.def.
 *
 * An instruction is decoded once into a struct insn; the hart's decoded
 * cache keeps these per physical page so a loop is decoded only once.
 */
#ifndef RVEMU_INSN_H
#define RVEMU_INSN_H

#include <stdint.h>

/* Operand layouts named in insns.def. */
enum fmt {
    FMT_NONE,
    FMT_R,      /* rd, rs1, rs2 (FP ops: rm = funct3)               */
    FMT_R4,     /* rd, rs1, rs2, rs3, rm (fused multiply-add)        */
    FMT_I,      /* rd, rs1, imm[11:0]                                */
    FMT_S,      /* rs1, rs2, imm[11:5|4:0]                           */
    FMT_B,      /* rs1, rs2, branch offset                           */
    FMT_U,      /* rd, imm[31:12] << 12                              */
    FMT_J,      /* rd, jump offset                                   */
    FMT_SHIFT,  /* rd, rs1, shamt in imm                             */
    FMT_CSR,    /* rd, rs1, csr number in imm                        */
    FMT_CSRI,   /* rd, zimm in rs1, csr number in imm                */
    FMT_AMO,    /* rd, rs1, rs2, aq/rl in imm bits 1:0               */
    FMT_FENCE,  /* pred/succ in imm                                  */
};

/* Properties of an instruction; see insns.def. */
enum insn_flags {
    F_LOAD       = 1 << 0,
    F_STORE      = 1 << 1,
    F_BRANCH     = 1 << 2,
    F_JUMP       = 1 << 3,
    F_ATOMIC     = 1 << 4,
    F_FP         = 1 << 5,
    F_CSR        = 1 << 6,
    F_PRIV       = 1 << 7,
    F_TRAP       = 1 << 8,
    F_ENDS_BLOCK = 1 << 9,  /* changes state the step loop caches */
};

enum op {
    OP_undecoded = 0, /* a decoded-cache slot not yet filled */
    OP_illegal,       /* any word that matches no entry      */
#define X(name, match, mask, fmt, flags) OP_##name,
#include "insns.def"
#undef X
    OP_COUNT
};

struct insn {
    uint8_t  op;       /* enum op (OP_COUNT fits: see decode.c)      */
    uint8_t  xop;      /* exec_fast.c's dispatch index for a slot in
                        * the decoded cache; 0 until it picks one      */
    uint8_t  rd;
    uint8_t  rs1;
    uint8_t  rs2;
    uint8_t  rs3;
    uint8_t  rm;       /* funct3: FP rounding mode, or 0             */
    uint8_t  len;      /* 2 (compressed) or 4                        */
    int32_t  imm;      /* sign-extended immediate, CSR number, shamt */
    uint32_t raw;      /* the instruction bits as fetched            */
};

/* Static description of an op, from insns.def. */
struct insn_info {
    const char *name;  /* mnemonic with '_' for '.' */
    uint32_t    match;
    uint32_t    mask;
    enum fmt    fmt;
    unsigned    flags;
};

extern const struct insn_info insn_table[OP_COUNT];

/* Decode a 32-bit word into *out (len = 4). Returns the op (OP_illegal when
 * nothing matches; out->raw still holds the word). */
enum op dec_decode32(uint32_t word, struct insn *out);

/* Decode a 16-bit compressed word by expanding it into the equivalent base
 * op (len = 2, raw = the 16-bit word). Returns OP_illegal for reserved or
 * unknown encodings. */
enum op dec_decode16(uint16_t half, struct insn *out);

/* Decode whichever length the low bits say; the caller supplies at least
 * 16 bits and, if (word & 3) == 3, all 32. */
static inline enum op dec_decode(uint32_t word, struct insn *out)
{
    if ((word & 3) == 3)
        return dec_decode32(word, out);
    return dec_decode16((uint16_t)word, out);
}

/* Print the spec's mnemonic for an op ("fadd.s", "sfence.vma") into buf. */
const char *dec_mnemonic(enum op op, char *buf, unsigned size);

/* Disassemble *i at pc into buf ("addi a0, a0, 1"). Returns buf. */
const char *dis_insn(const struct insn *i, uint64_t pc, char *buf, unsigned size);

/* ABI register names, x0..x31 and f0..f31. */
extern const char *const reg_abi_name[32];
extern const char *const freg_abi_name[32];

#endif
