/*
 * memlayout.h - physical addresses of QEMU's virt machine (which rvemu
 * reproduces) and the kernel's virtual layout.
 *
 * Physical: boot ROM 0x1000, test device 0x100000, CLINT 0x2000000,
 * PLIC 0xc000000, UART 0x10000000 (IRQ 10), virtio-mmio 0x10001000
 * (IRQ 1), RAM from 0x80000000 (size from the device tree).
 *
 * Virtual: the kernel maps devices and RAM one-to-one; the top page of
 * every address space is the trampoline, below it (user) the trap frame
 * or (kernel) the per-process kernel stacks with unmapped guard pages.
 */
#ifndef GK_MEMLAYOUT_H
#define GK_MEMLAYOUT_H

#define TESTDEV      0x00100000UL   /* sifive_test: 0x5555 off, 0x7777 reboot */
#define CLINT        0x02000000UL
#define CLINT_MTIMECMP(hart) (CLINT + 0x4000 + 8 * (hart))
#define CLINT_MTIME  (CLINT + 0xBFF8)
#define PLIC         0x0c000000UL
#define PLIC_SIZE    0x00600000UL
#define PLIC_PRIORITY        (PLIC + 0x0)
#define PLIC_SENABLE(hart)   (PLIC + 0x2080 + (hart) * 0x100)
#define PLIC_SPRIORITY(hart) (PLIC + 0x201000 + (hart) * 0x2000)
#define PLIC_SCLAIM(hart)    (PLIC + 0x201004 + (hart) * 0x2000)
#define UART0        0x10000000UL
#define UART0_IRQ    10
#define VIRTIO0      0x10001000UL
#define VIRTIO0_IRQ  1

#define KERNBASE     0x80000000UL
#define PHYSTOP_DEFAULT (KERNBASE + 128UL * 1024 * 1024)

#define PGSIZE 4096
#define MAXVA  (1UL << (9 + 9 + 9 + 12 - 1))  /* Sv39, one bit short to stay canonical */

#define TRAMPOLINE (MAXVA - PGSIZE)
#define KSTACK(slot) (TRAMPOLINE - ((slot) + 1) * 2 * PGSIZE)  /* guard page below each */
#define TRAPFRAME  (TRAMPOLINE - PGSIZE)
#endif
