/*
 * insn_trace.h - --trace=insn (a commit log in the spirit of Spike's) and
 * --trace=mmu (the page walk of every failed translation), on stderr.
 */
#ifndef RVEMU_INSN_TRACE_H
#define RVEMU_INSN_TRACE_H

#include "hart.h"
#include "symtab.h"

void insn_trace_enable(struct hart *h, const struct symtab *syms);
void mmu_trace_enable(struct hart *h);

#endif
