/*
 * plic.h - RISC-V Platform-Level Interrupt Controller with QEMU virt's
 * layout: sources 1..95, priorities 0..7, two contexts per hart
 * (context 2N = hart N M-mode, 2N+1 = hart N S-mode).
 */
#ifndef RVEMU_PLIC_H
#define RVEMU_PLIC_H

#include <stdbool.h>
#include <stdint.h>

#include "irq.h"

struct bus;
struct plic;

/* Register map (RISC-V PLIC specification 1.0.0, "Memory Map"). */
#define PLIC_PRIORITY_BASE   0x000000  /* + 4 * source                  */
#define PLIC_PENDING_BASE    0x001000  /* + 4 * word (bit per source)   */
#define PLIC_ENABLE_BASE     0x002000  /* + 0x80 * context + 4 * word   */
#define PLIC_ENABLE_STRIDE   0x80
#define PLIC_CONTEXT_BASE    0x200000  /* + 0x1000 * context            */
#define PLIC_CONTEXT_STRIDE  0x1000
#define PLIC_THRESHOLD       0x0       /* within a context block        */
#define PLIC_CLAIM           0x4       /* claim (read) / complete (write) */

#define PLIC_NUM_SOURCES     96        /* 0 is reserved; QEMU riscv,ndev = 95 */
#define PLIC_MAX_PRIORITY    7         /* 3 priority bits, as QEMU virt  */
#define PLIC_MAX_CONTEXTS    1024      /* what fits in PLIC_MMIO_SIZE   */
/* QEMU virt's window: room for the contexts of its 512 harts. */
#define PLIC_MMIO_SIZE       (PLIC_CONTEXT_BASE + PLIC_MAX_CONTEXTS * PLIC_CONTEXT_STRIDE)

#define PLIC_CTX_M(hart)     (2 * (hart))      /* hart's M-mode context */
#define PLIC_CTX_S(hart)     (2 * (hart) + 1)  /* hart's S-mode context */

/* Create a PLIC for nharts harts (1..PLIC_MAX_CONTEXTS/2). outputs has
 * 2*nharts lines; outputs[ctx] is raised while context ctx has an enabled
 * pending source above its threshold (the machine wires 2N to hart N's
 * MEIP and 2N+1 to its SEIP). NULL on bad nharts or out-of-memory. */
struct plic *plic_new(unsigned nharts, const struct irq_line *outputs);
void plic_free(struct plic *p);

/* Map the registers at [base, base+len) on bus; bus_map()'s result. */
int plic_map(struct plic *p, struct bus *bus, uint64_t base, uint64_t len);

/* Return to the power-on state: all registers zero, nothing pending or
 * claimed (devices are reset with the machine and re-drive their lines). */
void plic_reset(struct plic *p);

/* Input from a device: source (1..95) is driven to level; pending follows
 * it. Devices call this after every change of their interrupt state, even
 * if the level stays high (see plic.c on why completion does not re-sample
 * the line). Has the irq_line set signature, so a device's line is
 * { plic_set_irq, plic, source } (or use plic_irq_line()). */
void plic_set_irq(void *plic, unsigned source, bool level);

static inline struct irq_line plic_irq_line(struct plic *p, unsigned source)
{
    return (struct irq_line){ plic_set_irq, p, source };
}

#endif
