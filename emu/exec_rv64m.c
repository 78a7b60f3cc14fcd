/*
 * exec_rv64m.c - M extension: multiply and divide (unprivileged spec ch. 7).
 *
 * Division never traps: by zero gives all ones (quotient) and the dividend
 * (remainder); the signed overflow INT_MIN / -1 gives INT_MIN and 0.
 */
#include "exec.h"
#include "exec_m.h"

#define RS1 (h->x[i->rs1])
#define RS2 (h->x[i->rs2])
#define RD  (h->x[i->rd])

enum exc exec_mul(struct hart *h, const struct insn *i) { RD = RS1 * RS2; return EXC_NONE; }

enum exc exec_mulh(struct hart *h, const struct insn *i)
{
    RD = (uint64_t)(((__int128)(int64_t)RS1 * (__int128)(int64_t)RS2) >> 64);
    return EXC_NONE;
}

enum exc exec_mulhsu(struct hart *h, const struct insn *i)
{
    RD = (uint64_t)(((__int128)(int64_t)RS1 * (__int128)(unsigned __int128)RS2) >> 64);
    return EXC_NONE;
}

enum exc exec_mulhu(struct hart *h, const struct insn *i)
{
    RD = (uint64_t)(((unsigned __int128)RS1 * (unsigned __int128)RS2) >> 64);
    return EXC_NONE;
}

enum exc exec_div(struct hart *h, const struct insn *i)
{
    RD = (uint64_t)sdiv64((int64_t)RS1, (int64_t)RS2);
    return EXC_NONE;
}

enum exc exec_divu(struct hart *h, const struct insn *i)
{
    RD = udiv64(RS1, RS2);
    return EXC_NONE;
}

enum exc exec_rem(struct hart *h, const struct insn *i)
{
    RD = (uint64_t)srem64((int64_t)RS1, (int64_t)RS2);
    return EXC_NONE;
}

enum exc exec_remu(struct hart *h, const struct insn *i)
{
    RD = urem64(RS1, RS2);
    return EXC_NONE;
}

enum exc exec_mulw(struct hart *h, const struct insn *i)
{
    RD = (uint64_t)sext32((uint32_t)RS1 * (uint32_t)RS2);
    return EXC_NONE;
}

enum exc exec_divw(struct hart *h, const struct insn *i)
{
    RD = (uint64_t)(int64_t)sdiv32((int32_t)RS1, (int32_t)RS2);
    return EXC_NONE;
}

enum exc exec_divuw(struct hart *h, const struct insn *i)
{
    RD = (uint64_t)sext32(udiv32((uint32_t)RS1, (uint32_t)RS2));
    return EXC_NONE;
}

enum exc exec_remw(struct hart *h, const struct insn *i)
{
    RD = (uint64_t)(int64_t)srem32((int32_t)RS1, (int32_t)RS2);
    return EXC_NONE;
}

enum exc exec_remuw(struct hart *h, const struct insn *i)
{
    RD = (uint64_t)sext32(urem32((uint32_t)RS1, (uint32_t)RS2));
    return EXC_NONE;
}
