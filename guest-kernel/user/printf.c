/* printf.c - formatted output: %d %u %x %p %s %c %%, with an optional
 * l (or ll) before d, u, x. Output collects in a small buffer so that a
 * short message reaches the file in one write(), not one per byte. */
#include <stdarg.h>
#include "user.h"

struct outbuf {
    int fd;
    int n;
    char buf[128];
};

static void flush(struct outbuf *o)
{
    if (o->n > 0)
        write(o->fd, o->buf, o->n);
    o->n = 0;
}

static void put(struct outbuf *o, char c)
{
    if (o->n == sizeof(o->buf))
        flush(o);
    o->buf[o->n++] = c;
}

static void putnum(struct outbuf *o, uint64 x, int base, int negative)
{
    static const char digits[] = "0123456789abcdef";
    char tmp[24];
    int i = 0;
    do {
        tmp[i++] = digits[x % base];
        x /= base;
    } while (x != 0);
    if (negative)
        put(o, '-');
    while (i > 0)
        put(o, tmp[--i]);
}

static void vprintf(int fd, const char *fmt, va_list ap)
{
    struct outbuf o = { .fd = fd, .n = 0 };

    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            put(&o, *fmt);
            continue;
        }
        int islong = 0;
        while (fmt[1] == 'l') {
            islong = 1;
            fmt++;
        }
        char c = *++fmt;
        if (c == 0)
            break;
        switch (c) {
        case 'd': {
            int64 v = islong ? va_arg(ap, int64) : va_arg(ap, int);
            putnum(&o, v < 0 ? -(uint64)v : (uint64)v, 10, v < 0);
            break;
        }
        case 'u':
            putnum(&o, islong ? va_arg(ap, uint64) : va_arg(ap, uint), 10, 0);
            break;
        case 'x':
            putnum(&o, islong ? va_arg(ap, uint64) : va_arg(ap, uint), 16, 0);
            break;
        case 'p': {
            uint64 v = (uint64)va_arg(ap, void *);
            put(&o, '0');
            put(&o, 'x');
            for (int shift = 60; shift >= 0; shift -= 4)
                put(&o, "0123456789abcdef"[(v >> shift) & 15]);
            break;
        }
        case 's': {
            const char *s = va_arg(ap, const char *);
            if (s == 0)
                s = "(null)";
            while (*s)
                put(&o, *s++);
            break;
        }
        case 'c':
            put(&o, va_arg(ap, int));
            break;
        case '%':
            put(&o, '%');
            break;
        default:
            /* Unknown: show it as written, so the mistake is visible. */
            put(&o, '%');
            put(&o, c);
            break;
        }
    }
    flush(&o);
}

void fprintf(int fd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vprintf(fd, fmt, ap);
    va_end(ap);
}

void printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vprintf(1, fmt, ap);
    va_end(ap);
}
