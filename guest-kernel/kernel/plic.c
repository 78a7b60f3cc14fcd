/* plic.c - the platform-level interrupt controller: route the UART and
 * disk interrupts to every hart's S-mode context. */
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "defs.h"

#define REG(addr) (*(volatile uint32 *)(addr))

void plicinit(void)
{
    /* Priority 0 means "never"; anything above the threshold (0) fires. */
    REG(PLIC_PRIORITY + UART0_IRQ * 4) = 1;
    REG(PLIC_PRIORITY + VIRTIO0_IRQ * 4) = 1;
}

void plicinithart(void)
{
    int hart = cpuid();
    REG(PLIC_SENABLE(hart)) = (1U << UART0_IRQ) | (1U << VIRTIO0_IRQ);
    REG(PLIC_SPRIORITY(hart)) = 0;
}

/* The highest-priority pending interrupt for this hart, 0 if none. */
int plic_claim(void)
{
    return REG(PLIC_SCLAIM(cpuid()));
}

/* This hart has handled irq; the PLIC may deliver it again. */
void plic_complete(int irq)
{
    REG(PLIC_SCLAIM(cpuid())) = irq;
}
