/*
 * riscv.h - CSR access, PTE bits and page arithmetic.
 * Only the kernel includes this (it uses privileged instructions).
 */
#ifndef GK_RISCV_H
#define GK_RISCV_H
#include "types.h"
#include "memlayout.h"

#define csr_read(name) ({ uint64 v_; asm volatile("csrr %0, " #name : "=r"(v_)); v_; })
#define csr_write(name, val) asm volatile("csrw " #name ", %0" : : "r"((uint64)(val)))
#define csr_set(name, bits) asm volatile("csrs " #name ", %0" : : "r"((uint64)(bits)))
#define csr_clear(name, bits) asm volatile("csrc " #name ", %0" : : "r"((uint64)(bits)))

/* mstatus / sstatus */
#define MSTATUS_MPP_MASK (3UL << 11)
#define MSTATUS_MPP_S    (1UL << 11)
#define MSTATUS_MIE      (1UL << 3)
#define SSTATUS_SPP      (1UL << 8)  /* previous mode: 1 = S, 0 = U */
#define SSTATUS_SPIE     (1UL << 5)
#define SSTATUS_SIE      (1UL << 1)
#define SSTATUS_SUM      (1UL << 18)

/* interrupt bits in mie/sie/mip/sip */
#define IE_SSIE (1UL << 1)
#define IE_MTIE (1UL << 7)
#define IE_STIE (1UL << 5)
#define IE_SEIE (1UL << 9)

/* scause values */
#define SCAUSE_INTR         (1UL << 63)
#define SCAUSE_SSI          (SCAUSE_INTR | 1)
#define SCAUSE_STI          (SCAUSE_INTR | 5)
#define SCAUSE_SEI          (SCAUSE_INTR | 9)
#define SCAUSE_ECALL_U      8
#define SCAUSE_FETCH_PF     12
#define SCAUSE_LOAD_PF      13
#define SCAUSE_STORE_PF     15

#define MENVCFG_STCE (1UL << 63)
#define MCOUNTEREN_TM (1UL << 1)

static inline uint64 r_tp(void) { uint64 x; asm volatile("mv %0, tp" : "=r"(x)); return x; }
static inline void w_tp(uint64 x) { asm volatile("mv tp, %0" : : "r"(x)); }
static inline uint64 r_sp(void) { uint64 x; asm volatile("mv %0, sp" : "=r"(x)); return x; }
static inline uint64 r_fp(void) { uint64 x; asm volatile("mv %0, s0" : "=r"(x)); return x; }
static inline uint64 r_time(void) { uint64 x; asm volatile("csrr %0, time" : "=r"(x)); return x; }

static inline void intr_on(void)  { csr_set(sstatus, SSTATUS_SIE); }
static inline void intr_off(void) { csr_clear(sstatus, SSTATUS_SIE); }
static inline int  intr_get(void) { return (csr_read(sstatus) & SSTATUS_SIE) != 0; }

static inline void sfence_vma(void) { asm volatile("sfence.vma zero, zero"); }

/* Sv39 */
#define SATP_SV39 (8UL << 60)
#define MAKE_SATP(pagetable) (SATP_SV39 | (((uint64)(pagetable)) >> 12))

#define PGSHIFT 12
#define PGROUNDUP(a)   (((a) + PGSIZE - 1) & ~((uint64)PGSIZE - 1))
#define PGROUNDDOWN(a) ((a) & ~((uint64)PGSIZE - 1))

#define PTE_V (1L << 0)
#define PTE_R (1L << 1)
#define PTE_W (1L << 2)
#define PTE_X (1L << 3)
#define PTE_U (1L << 4)
#define PTE_G (1L << 5)
#define PTE_A (1L << 6)
#define PTE_D (1L << 7)
#define PTE_RSW0 (1L << 8)   /* software bits: PTE_RSW0 is the COW mark */
#define PTE_RSW1 (1L << 9)
#define PTE_COW  PTE_RSW0

#define PA2PTE(pa) ((((uint64)(pa)) >> 12) << 10)
#define PTE2PA(pte) (((pte) >> 10) << 12)
#define PTE_FLAGS(pte) ((pte) & 0x3FF)

#define PXMASK 0x1FF
#define PXSHIFT(level) (PGSHIFT + 9 * (level))
#define PX(level, va) ((((uint64)(va)) >> PXSHIFT(level)) & PXMASK)
#endif
