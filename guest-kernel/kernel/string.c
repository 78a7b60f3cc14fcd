/* string.c - the C library string functions the kernel uses. */
#include "types.h"
#include "defs.h"

/* GCC may turn a byte loop into a call to memset/memmove; inside those
 * very functions that would recurse forever. */
#define NO_LIBCALL __attribute__((optimize("no-tree-loop-distribute-patterns")))

NO_LIBCALL void *memset(void *dst, int c, uint n)
{
    uchar *d = dst;
    uint64 word = (uchar)c;
    word |= word << 8;
    word |= word << 16;
    word |= word << 32;

    /* Whole pages are the common case: store 8 bytes at a time. */
    while (n > 0 && ((uint64)d & 7)) {
        *d++ = c;
        n--;
    }
    for (; n >= 8; n -= 8, d += 8)
        *(uint64 *)d = word;
    while (n-- > 0)
        *d++ = c;
    return dst;
}

int memcmp(const void *a, const void *b, uint n)
{
    const uchar *p = a, *q = b;
    for (; n > 0; n--, p++, q++)
        if (*p != *q)
            return *p - *q;
    return 0;
}

NO_LIBCALL void *memmove(void *dst, const void *src, uint n)
{
    const uchar *s = src;
    uchar *d = dst;

    if (s < d && s + n > d) {
        /* Overlapping with dst above src: copy from the end. */
        s += n;
        d += n;
        while (n-- > 0)
            *--d = *--s;
        return dst;
    }
    if ((((uint64)s | (uint64)d) & 7) == 0) {
        for (; n >= 8; n -= 8, s += 8, d += 8)
            *(uint64 *)d = *(const uint64 *)s;
    }
    while (n-- > 0)
        *d++ = *s++;
    return dst;
}

/* The compiler emits calls to memcpy for structure copies. */
void *memcpy(void *dst, const void *src, uint n)
{
    return memmove(dst, src, n);
}

int strncmp(const char *p, const char *q, uint n)
{
    for (; n > 0 && *p && *p == *q; n--, p++, q++)
        ;
    if (n == 0)
        return 0;
    return (uchar)*p - (uchar)*q;
}

/* Copies at most n bytes and pads with NULs; may leave dst unterminated. */
char *strncpy(char *dst, const char *src, int n)
{
    char *d = dst;
    for (; n > 0 && *src; n--)
        *d++ = *src++;
    for (; n > 0; n--)
        *d++ = 0;
    return dst;
}

/* Like strncpy, but always NUL-terminated (when n > 0). */
char *safestrcpy(char *dst, const char *src, int n)
{
    char *d = dst;
    if (n <= 0)
        return dst;
    for (; n > 1 && *src; n--)
        *d++ = *src++;
    *d = 0;
    return dst;
}

int strlen(const char *s)
{
    int n = 0;
    while (s[n])
        n++;
    return n;
}
