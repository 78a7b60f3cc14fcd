/*
 * bench.h - what the bench guest programs share: the QEMU virt memory map,
 * the few spec constants they use (under the spec's own names), CSR access,
 * and the bare-metal runtime (console, exit, page tables).
 *
 * The constants are usable from assembly too; C-only parts sit behind
 * __ASSEMBLER__. UL() keeps 64-bit constants valid in both.
 *
 * Sources: The RISC-V Instruction Set Manual, Volume II: Privileged
 * Architecture, 20211203 (chapter 3 machine level, chapter 4 Sv39).
 */
#ifndef BENCH_H
#define BENCH_H

#ifdef __ASSEMBLER__
#define UL(x) x
#else
#define UL(x) x##UL
#endif

/* QEMU virt memory map (hw/riscv/virt.c virt_memmap). */
#define SIFIVE_TEST_BASE UL(0x00100000)
#define UART0_BASE       UL(0x10000000)
#define DRAM_BASE        UL(0x80000000)

/* sifive_test: what a write of these values means. */
#define SIFIVE_TEST_PASS 0x5555
#define SIFIVE_TEST_FAIL 0x3333 /* (code << 16) | FAIL */

/* The one "SBI call" of the runtime: ecall with a7 = this, a0 = exit code.
 * Any privilege level may make it; M-mode handles it. */
#define BENCH_ECALL_EXIT 93

/*
 * Exit codes, one byte so the host's exit status keeps them whole:
 *   0           pass
 *   1..0x3f     the program's own self-checks
 *   0x40..0x7f  checksum mismatches (compute: 0x40 + phase)
 *   0x80..0xbf  unexpected exception: 0x80 | mcause
 *   0xc0..0xff  unexpected interrupt: 0xc0 | (mcause & 0x3f)
 */
#define BENCH_FAIL_CHECKSUM 0x40
#define BENCH_FAIL_EXC      0x80
#define BENCH_FAIL_IRQ      0xc0

/* Exception causes (priv spec 3.1.15). */
#define CAUSE_USER_ECALL       8
#define CAUSE_SUPERVISOR_ECALL 9
#define CAUSE_MACHINE_ECALL    11

/* mstatus/sstatus fields (priv spec 3.1.6). */
#define MSTATUS_SIE       (UL(1) << 1)
#define MSTATUS_SPIE      (UL(1) << 5)
#define MSTATUS_SPP       (UL(1) << 8)
#define MSTATUS_MPP_SHIFT 11
#define MSTATUS_MPP       (UL(3) << MSTATUS_MPP_SHIFT)
#define MSTATUS_FS_SHIFT  13
#define FS_INITIAL        1
#define PRV_S             1

/* PMP (priv spec 3.7): one TOR entry covering everything, RWX, so S and U
 * may touch memory at all (QEMU denies S/U when no entry matches). */
#define PMPCFG_R   0x01
#define PMPCFG_W   0x02
#define PMPCFG_X   0x04
#define PMPCFG_TOR 0x08
#define PMPADDR_ALL UL(0x3fffffffffffff)

/* Sv39 (priv spec 4.4). */
#define PAGE_SHIFT      12
#define PAGE_SIZE       (UL(1) << PAGE_SHIFT)
#define SATP_MODE_SV39  (UL(8) << 60)
#define PTE_V (UL(1) << 0)
#define PTE_R (UL(1) << 1)
#define PTE_W (UL(1) << 2)
#define PTE_X (UL(1) << 3)
#define PTE_U (UL(1) << 4)
#define PTE_A (UL(1) << 6)
#define PTE_D (UL(1) << 7)
#define PTE_PPN_SHIFT 10

#ifndef __ASSEMBLER__
#include <stddef.h>
#include <stdint.h>

#define csr_read(csr)                                           \
    ({                                                          \
        uint64_t v_;                                            \
        __asm__ volatile("csrr %0, " #csr : "=r"(v_));          \
        v_;                                                     \
    })
#define csr_write(csr, val) __asm__ volatile("csrw " #csr ", %0" ::"r"((uint64_t)(val)))
#define csr_set(csr, val)   __asm__ volatile("csrs " #csr ", %0" ::"r"((uint64_t)(val)))
#define csr_clear(csr, val) __asm__ volatile("csrc " #csr ", %0" ::"r"((uint64_t)(val)))

static inline void sfence_vma_all(void)
{
    __asm__ volatile("sfence.vma zero, zero" ::: "memory");
}

/* Provided by each program; runs in M-mode on hart 0 with bss zeroed and the
 * FPU on. Returning ends the program with that exit code. */
int bench_main(void);

/* runtime.c: console on UART0, written without polling (QEMU and rvemu both
 * take bytes at any rate); usable from M and from S with UART0 mapped 1:1. */
void bench_putc(char c);
void bench_puts(const char *s);
void bench_putdec(uint64_t v);
void bench_puthex(uint64_t v);

/* Ends the program from any privilege level: prints the instruction count
 * M-mode saw, stores (code << 1) | 1 to tohost, writes sifive_test, spins. */
__attribute__((noreturn)) void bench_exit(int code);

/* vm.c: Sv39 page tables from a static pool, and the drop from M to S. */
uint64_t *vm_new_table(void);
/* Maps [va, va+len) to [pa, pa+len) with 4 KiB pages; perm is PTE_R/W/X/U.
 * A and D are preset, so no emulator needs to update them. */
void vm_map(uint64_t *root, uint64_t va, uint64_t pa, uint64_t len, uint64_t perm);
uint64_t vm_satp(const uint64_t *root);
/* M-mode only: opens PMP, delegates the exceptions in medeleg, installs satp
 * and mret's to fn in S-mode on the current stack. */
__attribute__((noreturn)) void vm_enter_smode(uint64_t satp, uint64_t medeleg, void (*fn)(void));

/* Linker script symbols. */
extern char __image_start[], __image_end[];
#endif /* __ASSEMBLER__ */

#endif /* BENCH_H */
