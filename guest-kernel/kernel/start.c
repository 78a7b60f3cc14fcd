/*
 * start.c - M-mode setup, run once per hart before the kernel proper.
 * The kernel runs in S-mode; M-mode only keeps the timer going when the
 * hart lacks Sstc. Everything else is delegated to S-mode.
 */
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "defs.h"

void main(void);
void timervec(void);

/* entry.S puts hart h's stack at stack0 + h * 4096 (grows down from the
 * next page). Page alignment lets panic's backtrace find the stack end. */
__attribute__((aligned(PGSIZE))) char stack0[PGSIZE * NCPU];

int timer_uses_sstc;

/* Hart 0 parses the device tree; the others must not read `board`
 * before it is filled. */
static volatile int board_ready;

/* CLINT path: timervec's per-hart scratch area (mscratch points here).
 * [0..2] spill space for three registers, [3] this hart's mtimecmp
 * address, [4] the interval in timebase ticks, [5] mtime's address. */
static uint64 timer_scratch[NCPU][6];

#define TIMEBASE_HZ 10000000UL
#define TICK_INTERVAL (TIMEBASE_HZ / TICK_HZ)

/* The DTB can claim Sstc on a hart that lacks it; trust only a
 * menvcfg.STCE bit that sticks. Called only when the DTB says Sstc, so
 * menvcfg (privileged spec 1.12) is known to exist. */
static int sstc_works(void)
{
    csr_set(menvcfg, MENVCFG_STCE);
    return (csr_read(menvcfg) & MENVCFG_STCE) != 0;
}

void timerinit(void)
{
    uint64 id = csr_read(mhartid);

    /* Let S-mode read time (and cycle/instret). */
    csr_set(mcounteren, 7);

    if (board.has_sstc && sstc_works()) {
        timer_uses_sstc = 1;
        /* S-mode owns the timer now: stimecmp raises STIP directly. */
        asm volatile("csrw 0x14d, %0" : : "r"(r_time() + TICK_INTERVAL));
        return;
    }

    /* No Sstc: the M-mode timer interrupt goes to timervec, which
     * re-arms mtimecmp and passes the tick on as a supervisor software
     * interrupt. */
    timer_uses_sstc = 0;
    uint64 *scratch = timer_scratch[id];
    scratch[3] = CLINT_MTIMECMP(id);
    scratch[4] = TICK_INTERVAL;
    scratch[5] = CLINT_MTIME;
    csr_write(mscratch, (uint64)scratch);
    csr_write(mtvec, (uint64)timervec);

    volatile uint64 *mtimecmp = (uint64 *)CLINT_MTIMECMP(id);
    *mtimecmp = *(volatile uint64 *)CLINT_MTIME + TICK_INTERVAL;

    csr_set(mstatus, MSTATUS_MIE);
    csr_set(mie, IE_MTIE);
}

void start(uint64 hartid, uint64 dtb)
{
    if (hartid == 0) {
        fdt_parse(dtb);
        __sync_synchronize();
        board_ready = 1;
    } else {
        while (!board_ready)
            ;
        __sync_synchronize();
    }

    /* mret will "return" to main in S-mode. */
    uint64 x = csr_read(mstatus);
    x &= ~MSTATUS_MPP_MASK;
    x |= MSTATUS_MPP_S;
    csr_write(mstatus, x);
    csr_write(mepc, (uint64)main);

    /* Paging stays off until kvminithart. */
    csr_write(satp, 0);

    /* Every trap and interrupt S-mode can take goes to S-mode. */
    csr_write(medeleg, 0xffff);
    csr_write(mideleg, 0xffff);
    csr_set(sie, IE_SEIE | IE_STIE | IE_SSIE);

    /* Without a PMP entry, S-mode may touch no memory at all. Entry 0:
     * NAPOT over the whole address space, R/W/X. */
    csr_write(pmpaddr0, 0x3fffffffffffffUL);
    csr_write(pmpcfg0, 0xf);

    timerinit();

    /* cpuid() reads tp. */
    w_tp(hartid);

    asm volatile("mret");
}
