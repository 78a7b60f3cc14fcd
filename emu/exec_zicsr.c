/*
 * exec_zicsr.c - CSR instructions (unprivileged spec ch. 9).
 *
 * csrrw with rd = x0 does not read the CSR; csrrs/csrrc with rs1 = x0 (and
 * the immediate forms with zimm = 0) do not write it, so they may read
 * read-only CSRs without trapping.
 */
#include "csr.h"
#include "exec.h"

enum csr_op { CSR_OP_WRITE, CSR_OP_SET, CSR_OP_CLEAR };

static enum exc csr_insn(struct hart *h, const struct insn *i, enum csr_op op, uint64_t src,
                         bool do_write)
{
    unsigned csr = (unsigned)i->imm;
    uint64_t old = 0;
    /* One check for both the write and the read (csr_access); reading
     * has no side effects, so csrrw with rd = x0 may read too. */
    if (csr_access(h, csr, do_write, &old))
        return exc_illegal(h, i);
    if (do_write) {
        /* mip.SEIP reads as software bit OR the external line, but a
         * read-modify-write uses only the software bit (priv spec 3.1.9). */
        uint64_t base = csr == CSR_MIP ? (old & ~MIP_SEIP) | (h->mip & MIP_SEIP) : old;
        uint64_t nv = op == CSR_OP_WRITE ? src : op == CSR_OP_SET ? base | src : base & ~src;
        csr_write(h, csr, nv);
    }
    h->x[i->rd] = old;
    return EXC_NONE;
}

enum exc exec_csrrw(struct hart *h, const struct insn *i)
{
    return csr_insn(h, i, CSR_OP_WRITE, h->x[i->rs1], true);
}
enum exc exec_csrrs(struct hart *h, const struct insn *i)
{
    return csr_insn(h, i, CSR_OP_SET, h->x[i->rs1], i->rs1 != 0);
}
enum exc exec_csrrc(struct hart *h, const struct insn *i)
{
    return csr_insn(h, i, CSR_OP_CLEAR, h->x[i->rs1], i->rs1 != 0);
}
enum exc exec_csrrwi(struct hart *h, const struct insn *i)
{
    return csr_insn(h, i, CSR_OP_WRITE, i->rs1, true);
}
enum exc exec_csrrsi(struct hart *h, const struct insn *i)
{
    return csr_insn(h, i, CSR_OP_SET, i->rs1, i->rs1 != 0);
}
enum exc exec_csrrci(struct hart *h, const struct insn *i)
{
    return csr_insn(h, i, CSR_OP_CLEAR, i->rs1, i->rs1 != 0);
}
