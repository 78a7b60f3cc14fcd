/*
 * runtime.c - the bare-metal runtime of the bench programs: start-up in C,
 * console, the exit protocol, the M-mode trap handler, and the four string
 * functions gcc may call even in freestanding code.
 *
 * Exit protocol (both emulators, one image):
 *   1. store (code << 1) | 1 to tohost      - rvemu stops here (HTIF)
 *   2. write 0x5555 or (code << 16) | 0x3333 to sifive_test
 *                                           - QEMU stops here
 *   3. spin
 */
#include "bench.h"

/* HTIF mailboxes, found by symbol. fromhost is unused; Spike wants it. */
volatile uint64_t tohost __attribute__((section(".tohost"), aligned(64)));
volatile uint64_t fromhost __attribute__((section(".tohost"), aligned(8)));

/* minstret when _start reached C: the exit line reports the difference. */
static uint64_t start_instret;

void bench_start(void);
void m_trap(uint64_t cause, uint64_t epc, uint64_t tval, uint64_t a0, uint64_t a7);

void bench_putc(char c)
{
    /* 16550 THR is register 0. No LSR polling: a UART model that never sets
     * THRE must not hang the benchmark. */
    *(volatile uint8_t *)UART0_BASE = (uint8_t)c;
}

void bench_puts(const char *s)
{
    while (*s)
        bench_putc(*s++);
}

void bench_putdec(uint64_t v)
{
    char buf[24];
    int n = 0;
    do {
        buf[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        bench_putc(buf[--n]);
}

void bench_puthex(uint64_t v)
{
    static const char digits[] = "0123456789abcdef";
    bench_puts("0x");
    for (int shift = 60; shift >= 0; shift -= 4)
        bench_putc(digits[(v >> shift) & 0xf]);
}

/* M-mode half of bench_exit(): never returns. */
static __attribute__((noreturn)) void m_exit(int code)
{
    uint64_t insns = csr_read(minstret) - start_instret;

    bench_puts("bench: exit code=");
    bench_putdec((uint64_t)code);
    bench_puts(" minstret=");
    bench_putdec(insns);
    bench_putc('\n');
    tohost = ((uint64_t)code << 1) | 1;
    *(volatile uint32_t *)SIFIVE_TEST_BASE =
        code == 0 ? SIFIVE_TEST_PASS : ((uint32_t)code << 16) | SIFIVE_TEST_FAIL;
    for (;;)
        __asm__ volatile("wfi");
}

void bench_exit(int code)
{
    /* Always by ecall, so one function serves M, S and U: from M it traps to
     * m_trap_vector just the same (cause 11). */
    register uint64_t a0 __asm__("a0") = (uint64_t)code;
    register uint64_t a7 __asm__("a7") = BENCH_ECALL_EXIT;
    __asm__ volatile("ecall" ::"r"(a0), "r"(a7) : "memory");
    __builtin_unreachable();
}

/* Called by m_trap_vector for every trap that reaches M-mode. */
void m_trap(uint64_t cause, uint64_t epc, uint64_t tval, uint64_t a0, uint64_t a7)
{
    int is_ecall = cause == CAUSE_USER_ECALL || cause == CAUSE_SUPERVISOR_ECALL ||
                   cause == CAUSE_MACHINE_ECALL;
    int code;

    if (is_ecall && a7 == BENCH_ECALL_EXIT)
        m_exit((int)(a0 & 0xff));
    bench_puts("bench: unexpected trap mcause=");
    bench_puthex(cause);
    bench_puts(" mepc=");
    bench_puthex(epc);
    bench_puts(" mtval=");
    bench_puthex(tval);
    bench_putc('\n');
    if ((int64_t)cause < 0)
        code = BENCH_FAIL_IRQ | (int)(cause & 0x3f);
    else
        code = BENCH_FAIL_EXC | (int)(cause & 0x3f);
    m_exit(code);
}

void bench_start(void)
{
    start_instret = csr_read(minstret);
    bench_exit(bench_main());
}

/*
 * gcc may emit calls to these even with -ffreestanding (struct copies, big
 * initialisers). Built with -fno-tree-loop-distribute-patterns so these
 * loops do not turn into calls to themselves.
 */
void *memset(void *dst, int c, size_t n)
{
    uint8_t *d = dst;
    while (n--)
        *d++ = (uint8_t)c;
    return dst;
}

void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
    uint8_t *d = dst;
    const uint8_t *s = src;
    while (n--)
        *d++ = *s++;
    return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
    uint8_t *d = dst;
    const uint8_t *s = src;
    if (d < s) {
        while (n--)
            *d++ = *s++;
    } else {
        while (n--)
            d[n] = s[n];
    }
    return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const uint8_t *x = a, *y = b;
    for (; n; n--, x++, y++)
        if (*x != *y)
            return *x - *y;
    return 0;
}
