/*
 * tracedev.c - reporting to rvemu's guest trace device, when the device
 * tree has one ("rvemu,trace"). Without it (QEMU) every report is a
 * no-op. Each hart writes its own register bank, so no lock is needed;
 * interrupts stay off while a report is half-written.
 */
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "defs.h"

#define TRACE_MAGIC   0x52545652   /* "RVTR" */
#define TRACE_VERSION 1
#define REG_MAGIC     0x000
#define REG_VERSION   0x004
#define REG_NBANKS    0x008
#define BANK(b)       (0x100 + 0x40 * (b))
#define BANK_EVENT    0x20

static uint64 base;     /* 0 = no device */
static uint nbanks;

/* Called on hart 0 before the first page is allocated. Paging is off or
 * maps the device one-to-one, so the physical address works either way. */
void tracedev_init(void)
{
    if (board.tracedev == 0)
        return;
    volatile uint32 *id = (volatile uint32 *)board.tracedev;
    if (id[REG_MAGIC / 4] != TRACE_MAGIC || id[REG_VERSION / 4] != TRACE_VERSION)
        return;
    nbanks = id[REG_NBANKS / 4];
    base = board.tracedev;
}

int tracedev_present(void)
{
    return base != 0;
}

void trace_event(uint32 code, uint64 a0, uint64 a1, uint64 a2, uint64 a3)
{
    if (base == 0)
        return;
    push_off();
    uint hart = cpuid();
    if (hart < nbanks) {
        volatile uint64 *arg = (volatile uint64 *)(base + BANK(hart));
        arg[0] = a0;
        arg[1] = a1;
        arg[2] = a2;
        arg[3] = a3;
        *(volatile uint32 *)(base + BANK(hart) + BANK_EVENT) = code;
    }
    pop_off();
}
