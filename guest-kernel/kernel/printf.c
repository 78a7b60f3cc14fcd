/*
 * printf.c - formatted output to the console, and panic.
 *
 * One lock keeps lines from different harts from interleaving. panic()
 * prints without it (the lock may be what broke) and stops every other
 * hart's output, so its message and backtrace come out whole.
 */
#include <stdarg.h>

#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "spinlock.h"
#include "riscv.h"
#include "proc.h"
#include "defs.h"

volatile int panicked;          /* set once panic's report is out */

static struct {
    struct spinlock lock;
    int locking;                /* 0 before printfinit and during panic */
} pr;

/* 1 + the hart that is panicking, 0 if none. */
static volatile uint64 panic_hart;

static const char digits[] = "0123456789abcdef";

static void putc(int c)
{
    /* Another hart is reporting a panic: this hart says nothing more. */
    if (panic_hart && panic_hart != r_tp() + 1)
        for (;;)
            ;
    consputc(c);
}

static void print_uint(uint64 x, int base)
{
    char buf[24];
    int i = 0;
    do {
        buf[i++] = digits[x % base];
        x /= base;
    } while (x != 0);
    while (--i >= 0)
        putc(buf[i]);
}

static void print_int(int64 x)
{
    if (x < 0) {
        putc('-');
        print_uint(-(uint64)x, 10);
    } else {
        print_uint(x, 10);
    }
}

static void print_ptr(uint64 x)
{
    putc('0');
    putc('x');
    for (int i = 60; i >= 0; i -= 4)
        putc(digits[(x >> i) & 0xf]);
}

/* %d %u %x (each with an optional l or ll for 64 bits), %p %s %c %%. */
static void vprintf(const char *fmt, va_list ap)
{
    for (int i = 0; fmt[i]; i++) {
        if (fmt[i] != '%') {
            putc(fmt[i]);
            continue;
        }
        int is_long = 0;
        char c = fmt[++i];
        while (c == 'l') {      /* l and ll both mean 64 bits */
            is_long = 1;
            c = fmt[++i];
        }
        switch (c) {
        case 'd':
            print_int(is_long ? va_arg(ap, int64) : va_arg(ap, int));
            break;
        case 'u':
            print_uint(is_long ? va_arg(ap, uint64) : va_arg(ap, uint), 10);
            break;
        case 'x':
            print_uint(is_long ? va_arg(ap, uint64) : va_arg(ap, uint), 16);
            break;
        case 'p':
            print_ptr(va_arg(ap, uint64));
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            for (s = s ? s : "(null)"; *s; s++)
                putc(*s);
            break;
        }
        case 'c':
            putc(va_arg(ap, int));
            break;
        case '%':
            putc('%');
            break;
        case 0:             /* format ends in '%' */
            putc('%');
            return;
        default:            /* unknown: show it as written */
            putc('%');
            if (is_long)
                putc('l');
            putc(c);
            break;
        }
    }
}

int printf(const char *fmt, ...)
{
    va_list ap;
    int locking = pr.locking;
    if (locking)
        acquire(&pr.lock);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    if (locking)
        release(&pr.lock);
    return 0;
}

/* Walk the frame-pointer chain: with -fno-omit-frame-pointer every
 * non-leaf frame keeps ra at fp-8 and the caller's fp at fp-16. Kernel
 * stacks are one page, so stop at the page's end. Print ra - 4, an
 * address inside the call instruction: after a call to a noreturn
 * function such as panic, ra itself may already be the next function. */
static void backtrace(void)
{
    uint64 fp = r_fp();
    uint64 lo = PGROUNDDOWN(fp), hi = PGROUNDUP(fp);
    printf("backtrace (call sites):\n");
    for (int depth = 0; depth < 32 && fp > lo && fp <= hi && fp % 8 == 0; depth++) {
        uint64 ra = *(uint64 *)(fp - 8);
        printf("  %p\n", (void *)(ra - 4));
        fp = *(uint64 *)(fp - 16);
    }
}

void panic(const char *s)
{
    intr_off();
    /* Only the first hart to panic reports; a second one just stops. */
    if (!__sync_bool_compare_and_swap(&panic_hart, 0, r_tp() + 1))
        for (;;)
            ;
    pr.locking = 0;
    printf("panic: %s\n", s);
    backtrace();
    panicked = 1;
    for (;;)
        ;
}

void printfinit(void)
{
    initlock(&pr.lock, "pr");
    pr.locking = 1;
}
