/*
 * insn_trace.c - per-instruction and per-fault trace lines.
 *
 *   core 0: M 0x0000000080000004 (0x00a00513) addi a0, zero, 10   x10 0x000000000000000a
 */
#include "insn_trace.h"

#include <stdio.h>
#include <string.h>

#include "mmu.h"

static const char priv_letter[] = { 'U', 'S', '?', 'M' };

/* Which register file an instruction writes: 'x', 'f', or 0 for none. */
static char dest_file(const struct insn *i)
{
    const struct insn_info *ii = &insn_table[i->op];
    if (i->op <= OP_illegal || ii->fmt == FMT_S || ii->fmt == FMT_B || ii->fmt == FMT_FENCE ||
        ii->fmt == FMT_NONE || i->op == OP_sfence_vma || i->op == OP_fence_i)
        return 0;
    if (!(ii->flags & F_FP))
        return 'x';
    const char *n = ii->name;
    if (!strncmp(n, "fcvt_w", 6) || !strncmp(n, "fcvt_l", 6) || !strncmp(n, "fmv_x", 5) ||
        !strncmp(n, "feq", 3) || !strncmp(n, "flt", 3) || !strncmp(n, "fle", 3) ||
        !strncmp(n, "fclass", 6))
        return 'x';
    return 'f';
}

static void trace_insn(struct hart *h, const struct insn *i, uint64_t pc)
{
    const struct symtab *syms = h->insn_hook_ctx;
    char dis[96], sym[96];
    dis_insn(i, pc, dis, sizeof(dis));
    symtab_format(syms, pc, sym, sizeof(sym));
    fprintf(stderr, "core %llu: %c 0x%016llx (0x%0*x) %-32s", (unsigned long long)h->mhartid,
            priv_letter[h->priv & 3], (unsigned long long)pc, i->len == 2 ? 4 : 8, i->raw, dis);
    char file = dest_file(i);
    if (file == 'x' && i->rd != 0)
        fprintf(stderr, " x%-2u 0x%016llx", i->rd, (unsigned long long)h->x[i->rd]);
    else if (file == 'f')
        fprintf(stderr, " f%-2u 0x%016llx", i->rd, (unsigned long long)h->f[i->rd]);
    if (sym[0])
        fprintf(stderr, " %s", sym);
    fputc('\n', stderr);
}

void insn_trace_enable(struct hart *h, const struct symtab *syms)
{
    h->insn_hook = trace_insn;
    h->insn_hook_ctx = (void *)syms;
}
