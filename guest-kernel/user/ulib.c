/* ulib.c - program entry and the small string/memory library. */
#include "user.h"

/* GCC may turn a byte loop into a call to memset/memcpy; inside those
 * very functions that would recurse forever. */
#define NO_LIBCALL __attribute__((optimize("no-tree-loop-distribute-patterns")))

int main(int argc, char **argv);

/* The kernel enters here with argc in a0 and argv in a1. Returning from
 * main is the same as calling exit with its result. */
void _start(int argc, char **argv)
{
    exit(main(argc, argv));
}

char *strcpy(char *dst, const char *src)
{
    char *d = dst;
    while ((*d++ = *src++) != 0)
        ;
    return dst;
}

int strcmp(const char *p, const char *q)
{
    while (*p && *p == *q) {
        p++;
        q++;
    }
    return (uchar)*p - (uchar)*q;
}

int strncmp(const char *p, const char *q, uint n)
{
    for (; n > 0; n--, p++, q++) {
        if (*p != *q || *p == 0)
            return (uchar)*p - (uchar)*q;
    }
    return 0;
}

uint strlen(const char *s)
{
    uint n = 0;
    while (s[n])
        n++;
    return n;
}

char *strchr(const char *s, char c)
{
    for (; *s; s++) {
        if (*s == c)
            return (char *)s;
    }
    return 0;
}

NO_LIBCALL void *memset(void *dst, int c, uint n)
{
    uchar *d = dst;
    while (n-- > 0)
        *d++ = c;
    return dst;
}

/* Copies correctly when the ranges overlap, in either direction. */
NO_LIBCALL void *memmove(void *dst, const void *src, int n)
{
    uchar *d = dst;
    const uchar *s = src;
    if (n <= 0)
        return dst;
    if (d < s || d >= s + n) {
        while (n-- > 0)
            *d++ = *s++;
    } else {
        d += n;
        s += n;
        while (n-- > 0)
            *--d = *--s;
    }
    return dst;
}

void *memcpy(void *dst, const void *src, uint n)
{
    return memmove(dst, src, n);
}

int memcmp(const void *a, const void *b, uint n)
{
    const uchar *p = a, *q = b;
    for (; n > 0; n--, p++, q++) {
        if (*p != *q)
            return *p - *q;
    }
    return 0;
}

/* One line from fd 0, newline included, NUL-terminated. Reads a byte at
 * a time so the file offset stops right after the line: a shell reading
 * a script leaves the rest of it for later commands. Empty at EOF. */
char *gets(char *buf, int max)
{
    int i = 0;
    char c;
    while (i + 1 < max) {
        if (read(0, &c, 1) != 1)
            break;
        buf[i++] = c;
        if (c == '\n' || c == '\r')
            break;
    }
    buf[i] = 0;
    return buf;
}

int stat(const char *path, struct stat *st)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    int r = fstat(fd, st);
    close(fd);
    return r;
}

int atoi(const char *s)
{
    int sign = 1, n = 0;
    if (*s == '-') {
        sign = -1;
        s++;
    }
    while (*s >= '0' && *s <= '9')
        n = n * 10 + (*s++ - '0');
    return sign * n;
}
