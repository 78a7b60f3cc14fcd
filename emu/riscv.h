/*
 * riscv.h - constants from the RISC-V specifications, under the spec's own
 * names so that a grep for a spec term finds the code.
 *
 * Sources: The RISC-V Instruction Set Manual, Volume II: Privileged
 * Architecture (20211203 and later), chapters 3 (machine), 4 (supervisor,
 * Sv39/Sv48) and the Sstc extension.
 */
#ifndef RVEMU_RISCV_H
#define RVEMU_RISCV_H

#include <stdint.h>

/* Privilege levels (priv spec 1.2). */
enum priv { PRV_U = 0, PRV_S = 1, PRV_M = 3 };

/* Exception causes (mcause with interrupt bit clear, priv spec 3.1.15). */
#define CAUSE_MISALIGNED_FETCH    0
#define CAUSE_FETCH_ACCESS        1
#define CAUSE_ILLEGAL_INSTRUCTION 2
#define CAUSE_BREAKPOINT          3
#define CAUSE_MISALIGNED_LOAD     4
#define CAUSE_LOAD_ACCESS         5
#define CAUSE_MISALIGNED_STORE    6
#define CAUSE_STORE_ACCESS        7
#define CAUSE_USER_ECALL          8
#define CAUSE_SUPERVISOR_ECALL    9
#define CAUSE_MACHINE_ECALL       11
#define CAUSE_FETCH_PAGE_FAULT    12
#define CAUSE_LOAD_PAGE_FAULT     13
#define CAUSE_STORE_PAGE_FAULT    15

/* Interrupt numbers (mip/mie bit positions). */
#define IRQ_S_SOFT   1
#define IRQ_M_SOFT   3
#define IRQ_S_TIMER  5
#define IRQ_M_TIMER  7
#define IRQ_S_EXT    9
#define IRQ_M_EXT    11

#define MIP_SSIP (1ULL << IRQ_S_SOFT)
#define MIP_MSIP (1ULL << IRQ_M_SOFT)
#define MIP_STIP (1ULL << IRQ_S_TIMER)
#define MIP_MTIP (1ULL << IRQ_M_TIMER)
#define MIP_SEIP (1ULL << IRQ_S_EXT)
#define MIP_MEIP (1ULL << IRQ_M_EXT)
#define MIP_S_MASK (MIP_SSIP | MIP_STIP | MIP_SEIP)
#define MIP_ALL (MIP_S_MASK | MIP_MSIP | MIP_MTIP | MIP_MEIP)

#define CAUSE_INTERRUPT (1ULL << 63)

/* mstatus fields (priv spec 3.1.6). */
#define MSTATUS_SIE   (1ULL << 1)
#define MSTATUS_MIE   (1ULL << 3)
#define MSTATUS_SPIE  (1ULL << 5)
#define MSTATUS_UBE   (1ULL << 6)
#define MSTATUS_MPIE  (1ULL << 7)
#define MSTATUS_SPP   (1ULL << 8)
#define MSTATUS_VS    (3ULL << 9)
#define MSTATUS_MPP_SHIFT 11
#define MSTATUS_MPP   (3ULL << MSTATUS_MPP_SHIFT)
#define MSTATUS_FS_SHIFT 13
#define MSTATUS_FS    (3ULL << MSTATUS_FS_SHIFT)
#define MSTATUS_XS    (3ULL << 15)
#define MSTATUS_MPRV  (1ULL << 17)
#define MSTATUS_SUM   (1ULL << 18)
#define MSTATUS_MXR   (1ULL << 19)
#define MSTATUS_TVM   (1ULL << 20)
#define MSTATUS_TW    (1ULL << 21)
#define MSTATUS_TSR   (1ULL << 22)
#define MSTATUS_UXL   (3ULL << 32)
#define MSTATUS_SXL   (3ULL << 34)
#define MSTATUS_SBE   (1ULL << 36)
#define MSTATUS_MBE   (1ULL << 37)
#define MSTATUS_SD    (1ULL << 63)

/* FS/XS/VS field values. */
#define FS_OFF     0
#define FS_INITIAL 1
#define FS_CLEAN   2
#define FS_DIRTY   3

/* misa (priv spec 3.1.1): MXL in the top two bits, one bit per letter. */
#define MISA_MXL_64 (2ULL << 62)
#define MISA_EXT(c) (1ULL << ((c) - 'A'))

/* satp (priv spec 4.1.11). */
#define SATP_MODE_SHIFT 60
#define SATP_MODE      (0xfULL << SATP_MODE_SHIFT)
#define SATP_ASID_SHIFT 44
#define SATP_ASID      (0xffffULL << SATP_ASID_SHIFT)
#define SATP_PPN       ((1ULL << 44) - 1)
#define SATP_MODE_BARE 0
#define SATP_MODE_SV39 8
#define SATP_MODE_SV48 9

/* Page table entry bits (priv spec 4.3.1 / 4.4.1). */
#define PTE_V (1ULL << 0)
#define PTE_R (1ULL << 1)
#define PTE_W (1ULL << 2)
#define PTE_X (1ULL << 3)
#define PTE_U (1ULL << 4)
#define PTE_G (1ULL << 5)
#define PTE_A (1ULL << 6)
#define PTE_D (1ULL << 7)
#define PTE_RSW_SHIFT 8
#define PTE_PPN_SHIFT 10
#define PTE_PPN_MASK  (((1ULL << 44) - 1) << PTE_PPN_SHIFT)
#define PTE_RESERVED  (0x7fULL << 54)   /* bits 60:54 must be zero */
#define PTE_PBMT      (3ULL << 61)      /* Svpbmt: not implemented, reserved */
#define PTE_N         (1ULL << 63)      /* Svnapot: not implemented, reserved */

#define PAGE_SHIFT 12
#define PAGE_SIZE  (1ULL << PAGE_SHIFT)

/* menvcfg (priv spec 3.1.18, Sstc). */
#define MENVCFG_FIOM (1ULL << 0)
#define MENVCFG_STCE (1ULL << 63)

/* Counter enable bits (mcounteren/scounteren). */
#define COUNTEREN_CY (1ULL << 0)
#define COUNTEREN_TM (1ULL << 1)
#define COUNTEREN_IR (1ULL << 2)

/* fcsr (unprivileged spec 11.2). */
#define FFLAGS_NX (1u << 0)
#define FFLAGS_UF (1u << 1)
#define FFLAGS_OF (1u << 2)
#define FFLAGS_DZ (1u << 3)
#define FFLAGS_NV (1u << 4)
#define FFLAGS_MASK 0x1fu

enum rounding_mode { RM_RNE = 0, RM_RTZ = 1, RM_RDN = 2, RM_RUP = 3, RM_RMM = 4, RM_DYN = 7 };

/* CSR numbers (priv spec 2.2). */
#define CSR_FFLAGS     0x001
#define CSR_FRM        0x002
#define CSR_FCSR       0x003
#define CSR_CYCLE      0xc00
#define CSR_TIME       0xc01
#define CSR_INSTRET    0xc02
#define CSR_HPMCOUNTER3 0xc03
#define CSR_HPMCOUNTER31 0xc1f
#define CSR_SSTATUS    0x100
#define CSR_SIE        0x104
#define CSR_STVEC      0x105
#define CSR_SCOUNTEREN 0x106
#define CSR_SENVCFG    0x10a
#define CSR_SSCRATCH   0x140
#define CSR_SEPC       0x141
#define CSR_SCAUSE     0x142
#define CSR_STVAL      0x143
#define CSR_SIP        0x144
#define CSR_STIMECMP   0x14d
#define CSR_SATP       0x180
#define CSR_MVENDORID  0xf11
#define CSR_MARCHID    0xf12
#define CSR_MIMPID     0xf13
#define CSR_MHARTID    0xf14
#define CSR_MCONFIGPTR 0xf15
#define CSR_MSTATUS    0x300
#define CSR_MISA       0x301
#define CSR_MEDELEG    0x302
#define CSR_MIDELEG    0x303
#define CSR_MIE        0x304
#define CSR_MTVEC      0x305
#define CSR_MCOUNTEREN 0x306
#define CSR_MENVCFG    0x30a
#define CSR_MCOUNTINHIBIT 0x320
#define CSR_MHPMEVENT3 0x323
#define CSR_MHPMEVENT31 0x33f
#define CSR_MSCRATCH   0x340
#define CSR_MEPC       0x341
#define CSR_MCAUSE     0x342
#define CSR_MTVAL      0x343
#define CSR_MIP        0x344
#define CSR_PMPCFG0    0x3a0
#define CSR_PMPCFG15   0x3af
#define CSR_PMPADDR0   0x3b0
#define CSR_PMPADDR63  0x3ef
#define CSR_MCYCLE     0xb00
#define CSR_MINSTRET   0xb02
#define CSR_MHPMCOUNTER3 0xb03
#define CSR_MHPMCOUNTER31 0xb1f
#define CSR_TSELECT    0x7a0
#define CSR_TDATA1     0x7a1
#define CSR_TDATA2     0x7a2
#define CSR_TDATA3     0x7a3

/* PMP configuration bits (priv spec 3.7.1). */
#define PMP_R 0x01
#define PMP_W 0x02
#define PMP_X 0x04
#define PMP_A 0x18
#define PMP_A_SHIFT 3
#define PMP_A_OFF   0
#define PMP_A_TOR   1
#define PMP_A_NA4   2
#define PMP_A_NAPOT 3
#define PMP_L 0x80

#endif
