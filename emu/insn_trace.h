/*
 * insn_trace.h - --trace=insn: a commit log in the spirit of Spike's, on
 * stderr. (Page faults and their walks go through the trace core.)
 */
#ifndef RVEMU_INSN_TRACE_H
#define RVEMU_INSN_TRACE_H

#include "hart.h"
#include "symtab.h"

void insn_trace_enable(struct hart *h, const struct symtab *syms);

#endif
