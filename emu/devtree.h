/*
 * devtree.h - the flattened device tree handed to the guest in a1: QEMU virt's
 * layout for exactly the machine rvemu builds (generated with libfdt).
 */
#ifndef RVEMU_DEVTREE_H
#define RVEMU_DEVTREE_H

#include <stddef.h>
#include <stdint.h>

struct fdt_config {
    unsigned    nharts;
    uint64_t    ram_base, ram_size;
    const char *isa;           /* riscv,isa string                        */
    const char *mmu_type;      /* "riscv,sv48"                            */
    const char *bootargs;      /* /chosen bootargs, or NULL               */
    unsigned    virtio_slots;  /* virtio-mmio transports to describe      */
    uint64_t    trace_base;    /* guest trace device, 0 if absent         */
};

/* Build the blob; returns malloc'd memory and its size, or NULL. */
void *fdt_build(const struct fdt_config *cfg, size_t *size);

#endif
