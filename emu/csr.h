/*
 * csr.h - control and status registers: access checks, WARL rules and the
 * side effects of writes (priv spec ch. 2, 3, 4; Sstc).
 */
#ifndef RVEMU_CSR_H
#define RVEMU_CSR_H

#include "hart.h"

/* misa of this hart: RV64 IMAFDC with S and U modes. */
#define RVEMU_MISA (MISA_MXL_64 | MISA_EXT('I') | MISA_EXT('M') | MISA_EXT('A') | \
                    MISA_EXT('F') | MISA_EXT('D') | MISA_EXT('C') |                 \
                    MISA_EXT('S') | MISA_EXT('U'))

/* Read CSR csr as an instruction at the current privilege would. Returns
 * EXC_ILLEGAL_INSTRUCTION for a missing CSR or one the privilege or
 * counter-enable rules forbid (the caller fills tval). */
enum exc csr_read(struct hart *h, unsigned csr, uint64_t *val);

/* Check that the current privilege may write csr (exists, not read-only,
 * privilege, TVM, FS). */
enum exc csr_check_write(struct hart *h, unsigned csr);

/* csr_check_write (when write) and csr_read in one: the checks of both,
 * then the current value into *old. */
enum exc csr_access(struct hart *h, unsigned csr, bool write, uint64_t *old);

/* Write csr, applying WARL masks and side effects (TLB flushes, interrupt
 * re-evaluation). Call only after csr_check_write succeeded. */
void csr_write(struct hart *h, unsigned csr, uint64_t val);

/* Read without privilege checks, for the debugger and trace; false if the
 * CSR does not exist. */
bool csr_peek(struct hart *h, unsigned csr, uint64_t *val);

/* The spec name of a CSR ("mstatus"), or NULL if unknown. */
const char *csr_name(unsigned csr);

/* Look a CSR up by name; -1 if unknown. */
int csr_by_name(const char *name);

#endif
