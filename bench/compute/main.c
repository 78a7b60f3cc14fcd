/*
 * main.c - the compute benchmark as a bare-metal guest: runs the workload
 * of compute.c, compares each phase's checksum with the host's
 * (compute_expected.h, generated at build time) and exits through the
 * runtime's tohost/sifive_test protocol.
 *
 * Built twice: in M-mode with the MMU off (compute.elf), and with
 * BENCH_SV39 in S-mode under an Sv39 identity map of 4 KiB pages
 * (compute-sv39.elf), so that the pair shows what address translation
 * costs an emulator on the same instruction stream.
 *
 * Exit code: 0 pass; 1..0x3f a self-check of compute.h; 0x40 + phase a
 * checksum that differs from the host's.
 */
#include "bench.h"
#include "compute.h"
#include "compute_expected.h"

#ifndef BENCH_SV39
/* Instructions per phase, from minstret (M-mode only). On QEMU without
 * -icount minstret counts host ticks, not instructions. */
static uint64_t phase_insns[PH_COUNT];
static uint64_t phase_mark;
static int phase_current = -1;

static void before_phase(int phase)
{
    uint64_t now = csr_read(minstret);
    if (phase_current >= 0)
        phase_insns[phase_current] += now - phase_mark;
    phase_current = phase;
    phase_mark = now;
}
#endif

static void compute_main(void)
{
    uint64_t sums[PH_COUNT];
    int code = 0;

#ifdef BENCH_SV39
    bench_puts("compute: S-mode, Sv39 4 KiB pages, rounds=");
    int bad = compute_run(sums, NULL);
#else
    bench_puts("compute: M-mode, bare, rounds=");
    int bad = compute_run(sums, before_phase);
#endif
    bench_putdec(compute_config.rounds);
    bench_putc('\n');
    if (bad) {
        bench_puts("compute: FAIL self-check ");
        bench_putdec((uint64_t)bad);
        bench_putc('\n');
        bench_exit(bad);
    }
    for (int ph = 0; ph < PH_COUNT; ph++) {
        int ok = sums[ph] == compute_expected[ph];
        bench_puts("compute: ");
        bench_puts(compute_phase_name[ph]);
        bench_puts(ok ? " ok" : " MISMATCH");
        bench_puts(" sum=");
        bench_puthex(sums[ph]);
        if (!ok) {
            bench_puts(" expected=");
            bench_puthex(compute_expected[ph]);
        }
#ifndef BENCH_SV39
        bench_puts(" minstret=");
        bench_putdec(phase_insns[ph]);
#endif
        bench_putc('\n');
        if (!ok && code == 0)
            code = BENCH_FAIL_CHECKSUM + ph;
    }
    bench_puts(code ? "compute: FAIL\n" : "compute: PASS\n");
    bench_exit(code);
}

int bench_main(void)
{
#ifdef BENCH_SV39
    uint64_t *root = vm_new_table();

    vm_map(root, DRAM_BASE, DRAM_BASE, (uint64_t)(__image_end - __image_start),
           PTE_R | PTE_W | PTE_X);
    vm_map(root, UART0_BASE, UART0_BASE, PAGE_SIZE, PTE_R | PTE_W);
    vm_enter_smode(vm_satp(root), 0, compute_main);
#else
    compute_main();
#endif
    return 0;
}
