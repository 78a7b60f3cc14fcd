/*
 * exec.c - the handler table, generated from insns.def. OP_undecoded and
 * OP_illegal both raise illegal instruction (an undecoded slot is never
 * executed: fetch decodes it first).
 */
#include "exec.h"

static enum exc exec_illegal(struct hart *h, const struct insn *i)
{
    return exc_illegal(h, i);
}

const exec_fn exec_table[OP_COUNT] = {
    [OP_undecoded] = exec_illegal,
    [OP_illegal] = exec_illegal,
#define X(name, match, mask, fmt, flags) [OP_##name] = exec_##name,
#include "insns.def"
#undef X
};
