/*
 * exec_rv64i.c - RV64I base integer instructions (unprivileged spec ch. 2, 5).
 */
#include "exec.h"
#include "mmu.h"

#define RS1 (h->x[i->rs1])
#define RS2 (h->x[i->rs2])
#define RD  (h->x[i->rd])
#define IMM ((int64_t)i->imm)

enum exc exec_lui(struct hart *h, const struct insn *i)   { RD = (uint64_t)IMM; return EXC_NONE; }
enum exc exec_auipc(struct hart *h, const struct insn *i) { RD = h->pc + (uint64_t)IMM; return EXC_NONE; }

/* With C present IALIGN is 16, so targets are always even: no misaligned
 * fetch exception can arise from jal/branches (their offsets are even),
 * and jalr clears bit 0. */
enum exc exec_jal(struct hart *h, const struct insn *i)
{
    RD = h->npc;
    h->npc = h->pc + (uint64_t)IMM;
    return EXC_NONE;
}

enum exc exec_jalr(struct hart *h, const struct insn *i)
{
    uint64_t target = (RS1 + (uint64_t)IMM) & ~(uint64_t)1;
    RD = h->npc;
    h->npc = target;
    return EXC_NONE;
}

static inline enum exc branch(struct hart *h, const struct insn *i, bool taken)
{
    if (taken)
        h->npc = h->pc + (uint64_t)IMM;
    return EXC_NONE;
}

enum exc exec_beq(struct hart *h, const struct insn *i)  { return branch(h, i, RS1 == RS2); }
enum exc exec_bne(struct hart *h, const struct insn *i)  { return branch(h, i, RS1 != RS2); }
enum exc exec_blt(struct hart *h, const struct insn *i)  { return branch(h, i, (int64_t)RS1 < (int64_t)RS2); }
enum exc exec_bge(struct hart *h, const struct insn *i)  { return branch(h, i, (int64_t)RS1 >= (int64_t)RS2); }
enum exc exec_bltu(struct hart *h, const struct insn *i) { return branch(h, i, RS1 < RS2); }
enum exc exec_bgeu(struct hart *h, const struct insn *i) { return branch(h, i, RS1 >= RS2); }

/* Loads write rd only on success: a faulting load leaves rd unchanged. */
static inline enum exc load(struct hart *h, const struct insn *i, unsigned size, bool sign)
{
    uint64_t v;
    enum exc e = mmu_load(h, RS1 + (uint64_t)IMM, size, &v);
    if (e)
        return e;
    if (sign) {
        unsigned shift = 64 - 8 * size;
        v = (uint64_t)((int64_t)(v << shift) >> shift);
    }
    RD = v;
    return EXC_NONE;
}

enum exc exec_lb(struct hart *h, const struct insn *i)  { return load(h, i, 1, true); }
enum exc exec_lh(struct hart *h, const struct insn *i)  { return load(h, i, 2, true); }
enum exc exec_lw(struct hart *h, const struct insn *i)  { return load(h, i, 4, true); }
enum exc exec_ld(struct hart *h, const struct insn *i)  { return load(h, i, 8, false); }
enum exc exec_lbu(struct hart *h, const struct insn *i) { return load(h, i, 1, false); }
enum exc exec_lhu(struct hart *h, const struct insn *i) { return load(h, i, 2, false); }
enum exc exec_lwu(struct hart *h, const struct insn *i) { return load(h, i, 4, false); }

enum exc exec_sb(struct hart *h, const struct insn *i) { return mmu_store(h, RS1 + (uint64_t)IMM, 1, RS2); }
enum exc exec_sh(struct hart *h, const struct insn *i) { return mmu_store(h, RS1 + (uint64_t)IMM, 2, RS2); }
enum exc exec_sw(struct hart *h, const struct insn *i) { return mmu_store(h, RS1 + (uint64_t)IMM, 4, RS2); }
enum exc exec_sd(struct hart *h, const struct insn *i) { return mmu_store(h, RS1 + (uint64_t)IMM, 8, RS2); }

enum exc exec_addi(struct hart *h, const struct insn *i)  { RD = RS1 + (uint64_t)IMM; return EXC_NONE; }
enum exc exec_slti(struct hart *h, const struct insn *i)  { RD = (int64_t)RS1 < IMM; return EXC_NONE; }
enum exc exec_sltiu(struct hart *h, const struct insn *i) { RD = RS1 < (uint64_t)IMM; return EXC_NONE; }
enum exc exec_xori(struct hart *h, const struct insn *i)  { RD = RS1 ^ (uint64_t)IMM; return EXC_NONE; }
enum exc exec_ori(struct hart *h, const struct insn *i)   { RD = RS1 | (uint64_t)IMM; return EXC_NONE; }
enum exc exec_andi(struct hart *h, const struct insn *i)  { RD = RS1 & (uint64_t)IMM; return EXC_NONE; }
enum exc exec_slli(struct hart *h, const struct insn *i)  { RD = RS1 << (i->imm & 63); return EXC_NONE; }
enum exc exec_srli(struct hart *h, const struct insn *i)  { RD = RS1 >> (i->imm & 63); return EXC_NONE; }
enum exc exec_srai(struct hart *h, const struct insn *i)  { RD = (uint64_t)((int64_t)RS1 >> (i->imm & 63)); return EXC_NONE; }

enum exc exec_add(struct hart *h, const struct insn *i)  { RD = RS1 + RS2; return EXC_NONE; }
enum exc exec_sub(struct hart *h, const struct insn *i)  { RD = RS1 - RS2; return EXC_NONE; }
enum exc exec_sll(struct hart *h, const struct insn *i)  { RD = RS1 << (RS2 & 63); return EXC_NONE; }
enum exc exec_slt(struct hart *h, const struct insn *i)  { RD = (int64_t)RS1 < (int64_t)RS2; return EXC_NONE; }
enum exc exec_sltu(struct hart *h, const struct insn *i) { RD = RS1 < RS2; return EXC_NONE; }
enum exc exec_xor(struct hart *h, const struct insn *i)  { RD = RS1 ^ RS2; return EXC_NONE; }
enum exc exec_srl(struct hart *h, const struct insn *i)  { RD = RS1 >> (RS2 & 63); return EXC_NONE; }
enum exc exec_sra(struct hart *h, const struct insn *i)  { RD = (uint64_t)((int64_t)RS1 >> (RS2 & 63)); return EXC_NONE; }
enum exc exec_or(struct hart *h, const struct insn *i)   { RD = RS1 | RS2; return EXC_NONE; }
enum exc exec_and(struct hart *h, const struct insn *i)  { RD = RS1 & RS2; return EXC_NONE; }

enum exc exec_addiw(struct hart *h, const struct insn *i) { RD = (uint64_t)sext32(RS1 + (uint64_t)IMM); return EXC_NONE; }
enum exc exec_slliw(struct hart *h, const struct insn *i) { RD = (uint64_t)sext32((uint32_t)RS1 << (i->imm & 31)); return EXC_NONE; }
enum exc exec_srliw(struct hart *h, const struct insn *i) { RD = (uint64_t)sext32((uint32_t)RS1 >> (i->imm & 31)); return EXC_NONE; }
enum exc exec_sraiw(struct hart *h, const struct insn *i) { RD = (uint64_t)(int64_t)((int32_t)RS1 >> (i->imm & 31)); return EXC_NONE; }
enum exc exec_addw(struct hart *h, const struct insn *i)  { RD = (uint64_t)sext32(RS1 + RS2); return EXC_NONE; }
enum exc exec_subw(struct hart *h, const struct insn *i)  { RD = (uint64_t)sext32(RS1 - RS2); return EXC_NONE; }
enum exc exec_sllw(struct hart *h, const struct insn *i)  { RD = (uint64_t)sext32((uint32_t)RS1 << (RS2 & 31)); return EXC_NONE; }
enum exc exec_srlw(struct hart *h, const struct insn *i)  { RD = (uint64_t)sext32((uint32_t)RS1 >> (RS2 & 31)); return EXC_NONE; }
enum exc exec_sraw(struct hart *h, const struct insn *i)  { RD = (uint64_t)(int64_t)((int32_t)RS1 >> (RS2 & 31)); return EXC_NONE; }

/* One hart, sequentially consistent memory: fences order nothing more. */
enum exc exec_fence(struct hart *h, const struct insn *i)
{
    (void)h;
    (void)i;
    return EXC_NONE;
}

enum exc exec_ecall(struct hart *h, const struct insn *i)
{
    (void)i;
    h->exc_tval = 0;
    switch (h->priv) {
    case PRV_U: return EXC_USER_ECALL;
    case PRV_S: return EXC_SUPERVISOR_ECALL;
    default:    return EXC_MACHINE_ECALL;
    }
}

/* tval for ebreak is the pc (priv spec 3.1.16: breakpoint writes the
 * faulting virtual address). */
enum exc exec_ebreak(struct hart *h, const struct insn *i)
{
    (void)i;
    h->exc_tval = h->pc;
    return EXC_BREAKPOINT;
}
