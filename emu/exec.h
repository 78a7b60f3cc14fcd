/*
 * exec.h - instruction handlers, one per insns.def entry.
 *
 * Every handler has the same shape:
 *     enum exc exec_NAME(struct hart *h, const struct insn *i);
 * It reads operands from *i, updates h, and returns EXC_NONE or the
 * exception to raise (with h->exc_tval set). Handlers that change control
 * flow write h->npc; the step loop has already set it to pc + len.
 * x0 is re-zeroed by the step loop after each instruction, so handlers
 * write h->x[i->rd] without checking rd.
 */
#ifndef RVEMU_EXEC_H
#define RVEMU_EXEC_H

#include "hart.h"

typedef enum exc (*exec_fn)(struct hart *h, const struct insn *i);

#define X(name, match, mask, fmt, flags) \
    enum exc exec_##name(struct hart *h, const struct insn *i);
#include "insns.def"
#undef X

extern const exec_fn exec_table[OP_COUNT];

/* Raise illegal instruction with the instruction bits in tval. */
static inline enum exc exc_illegal(struct hart *h, const struct insn *i)
{
    h->exc_tval = i->raw;
    return EXC_ILLEGAL_INSTRUCTION;
}

static inline int64_t sext32(uint64_t v) { return (int64_t)(int32_t)v; }

/* The step loop (hart.c): one iteration of the reference loop in
 * hart_run, that is fetch, then execute or take the fetch fault. Returns
 * true when an instruction was executed (retired or trapped), false when
 * the fetch itself trapped. */
bool hart_step_ref(struct hart *h);

/* exec_fast.c: hart_run's loop with the common instructions inline, for
 * harts without breakpoints or an instruction hook. Same contract as
 * hart_run after its interrupt check: runs up to max instructions,
 * returns how many it ran (retired or trapped). */
uint64_t exec_fast_run(struct hart *h, uint64_t max);

#endif
