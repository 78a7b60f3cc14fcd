/*
 * symtab.c - a sorted array of ELF symbols.
 */
#include "symtab.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SYMBOL_NOSIZE_REACH 0x10000

void symtab_init(struct symtab *t)
{
    memset(t, 0, sizeof(*t));
}

void symtab_free(struct symtab *t)
{
    for (size_t k = 0; k < t->n; k++)
        free(t->syms[k].name);
    free(t->syms);
    symtab_init(t);
}

int symtab_add(struct symtab *t, const char *name, uint64_t addr, uint64_t size, bool func)
{
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 256;
        struct symbol *s = realloc(t->syms, cap * sizeof(*s));
        if (!s)
            return -1;
        t->syms = s;
        t->cap = cap;
    }
    char *copy = strdup(name);
    if (!copy)
        return -1;
    t->syms[t->n++] = (struct symbol){ addr, size, copy, func };
    return 0;
}

static int by_addr(const void *a, const void *b)
{
    const struct symbol *x = a, *y = b;
    if (x->addr != y->addr)
        return x->addr < y->addr ? -1 : 1;
    /* Prefer functions, then sized symbols, at the same address. */
    if (x->func != y->func)
        return x->func ? -1 : 1;
    return (x->size < y->size) - (x->size > y->size);
}

void symtab_sort(struct symtab *t)
{
    if (t->n)
        qsort(t->syms, t->n, sizeof(t->syms[0]), by_addr);
}

bool symtab_lookup(const struct symtab *t, const char *name, uint64_t *addr)
{
    for (size_t k = 0; k < t->n; k++) {
        if (strcmp(t->syms[k].name, name) == 0) {
            *addr = t->syms[k].addr;
            return true;
        }
    }
    return false;
}

const struct symbol *symtab_find(const struct symtab *t, uint64_t addr, uint64_t *offset)
{
    size_t lo = 0, hi = t->n;
    while (lo < hi) {            /* first symbol with sym.addr > addr */
        size_t mid = (lo + hi) / 2;
        if (t->syms[mid].addr <= addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    while (lo > 0) {
        const struct symbol *s = &t->syms[--lo];
        uint64_t off = addr - s->addr;
        bool inside = s->size ? off < s->size : off < SYMBOL_NOSIZE_REACH;
        if (inside) {
            *offset = off;
            return s;
        }
        if (s->size)             /* a sized symbol that ends before addr */
            continue;
        break;
    }
    return NULL;
}

const char *symtab_format(const struct symtab *t, uint64_t addr, char *buf, size_t size)
{
    uint64_t off;
    const struct symbol *s = t ? symtab_find(t, addr, &off) : NULL;
    if (!s)
        snprintf(buf, size, "%s", "");
    else if (off)
        snprintf(buf, size, "<%s+0x%llx>", s->name, (unsigned long long)off);
    else
        snprintf(buf, size, "<%s>", s->name);
    return buf;
}
