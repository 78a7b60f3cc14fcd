/*
 * disasm.c - mnemonics and objdump-like disassembly of decoded
 * instructions, for traces, the monitor and the debugger.
 *
 * Output follows GNU objdump with -M no-aliases, with ", " between
 * operands: "addi a0, a0, 1", "ld ra, 8(sp)", "beq a0, a1, 0x80000010"
 * (absolute target), "csrrw t0, mstatus, t1", "fadd.d fa0, fa1, fa2, rtz"
 * (rm only when not dyn, nor rne on an exact conversion), "lr.w.aq a0, (a1)", "fence rw,rw".
 *
 * Compressed instructions print under their rvc.def name with the
 * compressed assembly syntax, "c.addi a0, 1", "c.lw a0, 4(a1)",
 * "c.j 0x80000010", "c.jr ra": the operands of the 32-bit expansion
 * minus those the compressed form fixes (x0 and ra sources, rs1 when it
 * is the rd field again, the immediate of a form without one).
 * Unknown words print as "illegal 0x%08x" (0x%04x for a halfword).
 */
#include "insn.h"
#include "riscv.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "rvc.def" /* without X: enum rvc_reg, rvc_imm */

const char *const reg_abi_name[32] = {
    "zero", "ra", "sp", "gp", "tp",  "t0",  "t1", "t2", "s0", "s1", "a0",
    "a1",   "a2", "a3", "a4", "a5",  "a6",  "a7", "s2", "s3", "s4", "s5",
    "s6",   "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
};

const char *const freg_abi_name[32] = {
    "ft0", "ft1", "ft2",  "ft3",  "ft4", "ft5", "ft6",  "ft7",
    "fs0", "fs1", "fa0",  "fa1",  "fa2", "fa3", "fa4",  "fa5",
    "fa6", "fa7", "fs2",  "fs3",  "fs4", "fs5", "fs6",  "fs7",
    "fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11",
};

/* Names of compressed instructions and how their operands map. */
struct rvc_name {
    const char *name;
    uint16_t    match, mask;
    uint8_t     rd, rs1, rs2;  /* enum rvc_reg */
    uint8_t     imm;           /* enum rvc_imm */
};

static const struct rvc_name rvc_names[] = {
#define X(name, match, mask, base, rd, rs1, rs2, imm, rsv)                          \
    { #name, match, mask, RVC_REG_##rd, RVC_REG_##rs1, RVC_REG_##rs2, RVC_IMM_##imm },
#include "rvc.def"
#undef X
};

/* CSR names: single registers, then numbered ranges (priv spec 2.2). */
static const struct {
    uint16_t    num;
    const char *name;
} csr_names[] = {
    { CSR_FFLAGS, "fflags" },       { CSR_FRM, "frm" },
    { CSR_FCSR, "fcsr" },           { CSR_CYCLE, "cycle" },
    { CSR_TIME, "time" },           { CSR_INSTRET, "instret" },
    { CSR_SSTATUS, "sstatus" },     { CSR_SIE, "sie" },
    { CSR_STVEC, "stvec" },         { CSR_SCOUNTEREN, "scounteren" },
    { CSR_SENVCFG, "senvcfg" },     { CSR_SSCRATCH, "sscratch" },
    { CSR_SEPC, "sepc" },           { CSR_SCAUSE, "scause" },
    { CSR_STVAL, "stval" },         { CSR_SIP, "sip" },
    { CSR_STIMECMP, "stimecmp" },   { CSR_SATP, "satp" },
    { CSR_MVENDORID, "mvendorid" }, { CSR_MARCHID, "marchid" },
    { CSR_MIMPID, "mimpid" },       { CSR_MHARTID, "mhartid" },
    { CSR_MCONFIGPTR, "mconfigptr" }, { CSR_MSTATUS, "mstatus" },
    { CSR_MISA, "misa" },           { CSR_MEDELEG, "medeleg" },
    { CSR_MIDELEG, "mideleg" },     { CSR_MIE, "mie" },
    { CSR_MTVEC, "mtvec" },         { CSR_MCOUNTEREN, "mcounteren" },
    { CSR_MENVCFG, "menvcfg" },     { CSR_MCOUNTINHIBIT, "mcountinhibit" },
    { CSR_MSCRATCH, "mscratch" },   { CSR_MEPC, "mepc" },
    { CSR_MCAUSE, "mcause" },       { CSR_MTVAL, "mtval" },
    { CSR_MIP, "mip" },             { CSR_MCYCLE, "mcycle" },
    { CSR_MINSTRET, "minstret" },   { CSR_TSELECT, "tselect" },
    { CSR_TDATA1, "tdata1" },       { CSR_TDATA2, "tdata2" },
    { CSR_TDATA3, "tdata3" },
};

static const struct {
    uint16_t    lo, hi;
    const char *prefix;
    unsigned    first;  /* number of the register at lo */
} csr_ranges[] = {
    { CSR_HPMCOUNTER3, CSR_HPMCOUNTER31, "hpmcounter", 3 },
    { CSR_MHPMCOUNTER3, CSR_MHPMCOUNTER31, "mhpmcounter", 3 },
    { CSR_MHPMEVENT3, CSR_MHPMEVENT31, "mhpmevent", 3 },
    { CSR_PMPCFG0, CSR_PMPCFG15, "pmpcfg", 0 },
    { CSR_PMPADDR0, CSR_PMPADDR63, "pmpaddr", 0 },
};

static const char *const rm_name[8] = { "rne", "rtz", "rdn", "rup", "rmm", "rm5", "rm6", "dyn" };

/* Bounded append-only output; never overflows, always NUL-terminated. */
struct sbuf {
    char  *p;
    size_t size;
    size_t len;
};

__attribute__((format(printf, 2, 3))) static void put(struct sbuf *b, const char *fmt, ...)
{
    if (b->len + 1 >= b->size)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(b->p + b->len, b->size - b->len, fmt, ap);
    va_end(ap);
    if (n > 0)
        b->len += (size_t)n < b->size - b->len ? (size_t)n : b->size - b->len - 1;
}

/* Copy name into b with every '_' turned back into '.'. */
static void put_name(struct sbuf *b, const char *name)
{
    for (const char *s = name; *s; s++)
        put(b, "%c", *s == '_' ? '.' : *s);
}

const char *dec_mnemonic(enum op op, char *buf, unsigned size)
{
    struct sbuf b = { buf, size, 0 };
    if (size == 0)
        return buf;
    buf[0] = '\0';
    put_name(&b, (unsigned)op < OP_COUNT ? insn_table[op].name : "unknown");
    return buf;
}

/* Operands, in printing order. */
enum opnd {
    O_RD,
    O_RS1,
    O_RS2,
    O_RS3,
    O_IMM,     /* signed decimal                     */
    O_MEM,     /* imm(rs1)                           */
    O_ADDR,    /* (rs1), atomics                     */
    O_TARGET,  /* pc + imm, absolute hex             */
    O_UPPER,   /* imm >> 12 in hex (lui, auipc)      */
    O_CSR,     /* CSR name or number                 */
    O_ZIMM,    /* rs1 field as a 5-bit unsigned      */
    O_RM,      /* rounding mode                      */
};

#define FIELD_RD  (0x1fu << 7)
#define FIELD_RM  (0x7u << 12)
#define FIELD_RS2 (0x1fu << 20)

static bool is_int_type(const char *s, size_t n)
{
    return (n == 1 && (s[0] == 'w' || s[0] == 'l')) ||
           (n == 2 && (s[0] == 'w' || s[0] == 'l') && s[1] == 'u');
}

/* Whether operand k of an F/D instruction named name is an FP register.
 * Integer sides: fcvt to/from w, wu, l, lu; fmv.x.* and fmv.*.x;
 * compare/classify results; the address of loads and stores. */
static bool is_freg(const struct insn_info *ii, enum opnd k)
{
    const char *n = ii->name;
    if (!(ii->flags & F_FP) || k == O_MEM)
        return false;
    if (!strncmp(n, "fcvt_", 5)) {
        const char *dst = n + 5, *src = strchr(dst, '_') + 1;
        if (k == O_RD)
            return !is_int_type(dst, (size_t)(src - 1 - dst));
        return !is_int_type(src, strlen(src));
    }
    if (!strncmp(n, "fmv_x_", 6))
        return k != O_RD;
    if (!strncmp(n, "fmv_", 4))
        return k == O_RD;
    if (!strncmp(n, "feq_", 4) || !strncmp(n, "flt_", 4) || !strncmp(n, "fle_", 4) ||
        !strncmp(n, "fclass_", 7))
        return k != O_RD;
    return true;
}

/* Conversions that are exact in every rounding mode; assemblers encode
 * them with rm = rne, which objdump does not print either. */
static bool rm_exact(unsigned op)
{
    return op == OP_fcvt_d_s || op == OP_fcvt_d_w || op == OP_fcvt_d_wu;
}

/* Whether *i shows a rounding mode: an FP op with an rm field, unless
 * the mode is dyn (or rne on an exact conversion). */
static bool rm_shown(const struct insn *i)
{
    const struct insn_info *ii = &insn_table[i->op];
    if (!(ii->flags & F_FP) || (ii->mask & FIELD_RM) || i->rm == RM_DYN)
        return false;
    return !(i->rm == RM_RNE && rm_exact(i->op));
}

/* The operand list of a 32-bit instruction; returns how many. */
static unsigned operands(const struct insn *i, enum opnd *o)
{
    const struct insn_info *ii = &insn_table[i->op];
    bool has_rm = rm_shown(i);
    unsigned n = 0;
    switch (ii->fmt) {
    case FMT_R:
        if (!(ii->mask & FIELD_RD))
            o[n++] = O_RD;
        o[n++] = O_RS1;
        if (!(ii->mask & FIELD_RS2))
            o[n++] = O_RS2;
        if (has_rm)
            o[n++] = O_RM;
        break;
    case FMT_R4:
        o[n++] = O_RD, o[n++] = O_RS1, o[n++] = O_RS2, o[n++] = O_RS3;
        if (has_rm)
            o[n++] = O_RM;
        break;
    case FMT_I:
        if (i->op == OP_fence_i)
            break;
        o[n++] = O_RD;
        if (ii->flags & (F_LOAD | F_JUMP)) {
            o[n++] = O_MEM;
        } else {
            o[n++] = O_RS1, o[n++] = O_IMM;
        }
        break;
    case FMT_S:      o[n++] = O_RS2, o[n++] = O_MEM; break;
    case FMT_B:      o[n++] = O_RS1, o[n++] = O_RS2, o[n++] = O_TARGET; break;
    case FMT_U:      o[n++] = O_RD, o[n++] = O_UPPER; break;
    case FMT_J:      o[n++] = O_RD, o[n++] = O_TARGET; break;
    case FMT_SHIFT:  o[n++] = O_RD, o[n++] = O_RS1, o[n++] = O_IMM; break;
    case FMT_CSR:    o[n++] = O_RD, o[n++] = O_CSR, o[n++] = O_RS1; break;
    case FMT_CSRI:   o[n++] = O_RD, o[n++] = O_CSR, o[n++] = O_ZIMM; break;
    case FMT_AMO:
        o[n++] = O_RD;
        if (!(ii->mask & FIELD_RS2))  /* lr has no rs2 */
            o[n++] = O_RS2;
        o[n++] = O_ADDR;
        break;
    default:
        break;
    }
    return n;
}

/* Whether a register source is one the compressed syntax leaves implicit. */
static bool rvc_fixed(unsigned src)
{
    return src == RVC_REG_X0 || src == RVC_REG_RA;
}

/* Drop the operands compressed form c leaves implicit; returns the new count.
 * *imm_shown is cleared when the form has no immediate. */
static unsigned rvc_operands(const struct rvc_name *c, enum opnd *o, unsigned n,
                             bool *imm_shown)
{
    unsigned m = 0;
    *imm_shown = c->imm != RVC_IMM_NONE;
    for (unsigned k = 0; k < n; k++) {
        bool drop = (o[k] == O_RD && rvc_fixed(c->rd)) ||
                    (o[k] == O_RS1 && (rvc_fixed(c->rs1) || c->rs1 == c->rd)) ||
                    (o[k] == O_RS2 && rvc_fixed(c->rs2)) ||
                    (o[k] == O_IMM && !*imm_shown);
        if (!drop)
            o[m++] = o[k];
    }
    return m;
}

static const char *csr_name(unsigned csr, char *tmp, size_t size)
{
    for (size_t k = 0; k < sizeof(csr_names) / sizeof(csr_names[0]); k++)
        if (csr_names[k].num == csr)
            return csr_names[k].name;
    for (size_t k = 0; k < sizeof(csr_ranges) / sizeof(csr_ranges[0]); k++)
        if (csr >= csr_ranges[k].lo && csr <= csr_ranges[k].hi) {
            snprintf(tmp, size, "%s%u", csr_ranges[k].prefix,
                     csr - csr_ranges[k].lo + csr_ranges[k].first);
            return tmp;
        }
    snprintf(tmp, size, "0x%x", csr);
    return tmp;
}

/* Print one operand. */
static void put_operand(struct sbuf *b, const struct insn *i, enum opnd k, uint64_t pc,
                        bool imm_shown)
{
    const struct insn_info *ii = &insn_table[i->op];
    char tmp[24];
    switch (k) {
    case O_RD:
    case O_RS1:
    case O_RS2:
    case O_RS3: {
        unsigned r = k == O_RD ? i->rd : k == O_RS1 ? i->rs1 : k == O_RS2 ? i->rs2 : i->rs3;
        put(b, "%s", is_freg(ii, k) ? freg_abi_name[r & 31] : reg_abi_name[r & 31]);
        break;
    }
    case O_IMM:    put(b, "%d", i->imm); break;
    case O_ADDR:   put(b, "(%s)", reg_abi_name[i->rs1 & 31]); break;
    case O_TARGET: put(b, "0x%llx", (unsigned long long)(pc + (uint64_t)(int64_t)i->imm));
                   break;
    case O_UPPER:  put(b, "0x%x", (uint32_t)i->imm >> 12); break;
    case O_CSR:    put(b, "%s", csr_name((unsigned)i->imm & 0xfff, tmp, sizeof(tmp))); break;
    case O_ZIMM:   put(b, "%u", i->rs1 & 31u); break;
    case O_MEM:
        if (imm_shown)
            put(b, "%d(%s)", i->imm, reg_abi_name[i->rs1 & 31]);
        else
            put(b, "%s", reg_abi_name[i->rs1 & 31]);
        break;
    case O_RM:     put(b, "%s", rm_name[i->rm & 7]); break;
    }
}

/* "fence pred,succ" with sets written as subsets of "iorw" (unprivileged
 * spec, "Memory Ordering Instructions"); fm = 1000 with rw,rw is fence.tso. */
static void put_fence(struct sbuf *b, const struct insn *i)
{
    static const char letters[] = "iorw";
    unsigned fm = ((unsigned)i->imm >> 8) & 0xf;
    unsigned sets[2] = { ((unsigned)i->imm >> 4) & 0xf, (unsigned)i->imm & 0xf };
    const unsigned rw = 0x3, fm_tso = 0x8;
    if (fm == fm_tso && sets[0] == rw && sets[1] == rw) {
        put(b, "fence.tso");
        return;
    }
    put(b, "fence ");
    for (unsigned s = 0; s < 2; s++) {
        if (s)
            put(b, ",");
        if (!sets[s])
            put(b, "0");
        for (unsigned bit = 0; bit < 4; bit++)
            if (sets[s] & (8u >> bit))
                put(b, "%c", letters[bit]);
    }
}

static const struct rvc_name *rvc_find(uint16_t h)
{
    for (size_t k = 0; k < sizeof(rvc_names) / sizeof(rvc_names[0]); k++)
        if ((h & rvc_names[k].mask) == rvc_names[k].match)
            return &rvc_names[k];
    return NULL;
}

const char *dis_insn(const struct insn *i, uint64_t pc, char *buf, unsigned size)
{
    struct sbuf b = { buf, size, 0 };
    const struct rvc_name *c = i->len == 2 ? rvc_find((uint16_t)i->raw) : NULL;
    if (size == 0)
        return buf;
    buf[0] = '\0';
    if (i->op <= OP_illegal || i->op >= OP_COUNT || (i->len == 2 && !c)) {
        put(&b, i->len == 2 ? "illegal 0x%04x" : "illegal 0x%08x", i->raw);
        return buf;
    }
    const struct insn_info *ii = &insn_table[i->op];
    if (ii->fmt == FMT_FENCE) {
        put_fence(&b, i);
        return buf;
    }

    put_name(&b, c ? c->name : ii->name);
    if (ii->fmt == FMT_AMO) {
        static const char *const order[4] = { "", ".rl", ".aq", ".aqrl" };
        put(&b, "%s", order[i->imm & 3]);
    }

    enum opnd o[6];
    bool imm_shown = true;
    unsigned n = operands(i, o);
    if (c) {
        n = rvc_operands(c, o, n, &imm_shown);
        /* c.nop: a lone zero immediate is the plain nop. */
        if (n == 1 && o[0] == O_IMM && i->imm == 0)
            n = 0;
    }
    for (unsigned k = 0; k < n; k++) {
        put(&b, "%s", k ? ", " : " ");
        put_operand(&b, i, o[k], pc, imm_shown);
    }
    return buf;
}
