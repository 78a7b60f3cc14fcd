/*
 * board.h - the memory map and interrupt numbers of QEMU's `virt` machine
 * (hw/riscv/virt.c), the single table the machine, the device tree and
 * the guest's memlayout.h agree on.
 */
#ifndef RVEMU_BOARD_H
#define RVEMU_BOARD_H

#define BOARD_MAX_HARTS    8

#define BOARD_ROM_BASE     0x00001000ULL
#define BOARD_ROM_SIZE     0x00001000ULL
#define BOARD_TEST_BASE    0x00100000ULL
#define BOARD_TEST_SIZE    0x00001000ULL
#define BOARD_CLINT_BASE   0x02000000ULL
#define BOARD_CLINT_SIZE   0x00010000ULL
#define BOARD_PLIC_BASE    0x0c000000ULL
#define BOARD_PLIC_SIZE    0x00600000ULL
#define BOARD_PLIC_NDEV    95
#define BOARD_UART0_BASE   0x10000000ULL
#define BOARD_UART0_SIZE   0x00000100ULL
#define BOARD_UART0_IRQ    10
#define BOARD_UART0_CLOCK  3686400
#define BOARD_VIRTIO_BASE  0x10001000ULL   /* slot n at base + n * size */
#define BOARD_VIRTIO_SIZE  0x00001000ULL
#define BOARD_VIRTIO_IRQ   1               /* slot n raises IRQ 1 + n   */
#define BOARD_VIRTIO_SLOTS 8
#define BOARD_TRACE_BASE   0x10100000ULL   /* rvemu's guest trace device */
#define BOARD_TRACE_SIZE   0x00001000ULL
#define BOARD_RAM_BASE     0x80000000ULL

#endif
