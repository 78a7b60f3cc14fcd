/*
 * symtab.c - a sorted array of ELF symbols, and sets of them by program
 * name.
 */
#include "symtab.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "errmsg.h"
#include "loader.h"

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

/* How many symbols below addr a data lookup looks at: sized symbols may
 * nest (a function and its local labels), but not deeply. */
#define DATA_LOOKBACK 64

const char *symtab_format_data(const struct symtab *t, uint64_t addr, char *buf, size_t size)
{
    snprintf(buf, size, "%s", "");
    if (!t)
        return buf;
    size_t lo = 0, hi = t->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (t->syms[mid].addr <= addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t seen = 0; lo > 0 && seen < DATA_LOOKBACK; seen++) {
        const struct symbol *s = &t->syms[--lo];
        uint64_t off = addr - s->addr;
        if (s->size && off < s->size) {
            if (off)
                snprintf(buf, size, "<%s+0x%llx>", s->name, (unsigned long long)off);
            else
                snprintf(buf, size, "<%s>", s->name);
            break;
        }
    }
    return buf;
}

/* ---- symbol sets ---- */

/* Characters of a program name the guest kernel keeps (xv6's p->name is
 * 16 bytes with its NUL): a reported name this long may be cut short. */
#define SYMSET_NAME_KEPT 15

void symset_init(struct symset *s)
{
    memset(s, 0, sizeof(*s));
}

void symset_free(struct symset *s)
{
    for (size_t k = 0; k < s->n; k++) {
        free(s->progs[k].name);
        symtab_free(&s->progs[k].tab);
    }
    free(s->progs);
    symset_init(s);
}

/* Take over tab as the symbols of name (replacing a program so named). */
static int symset_put(struct symset *s, const char *name, struct symtab *tab)
{
    for (size_t k = 0; k < s->n; k++) {
        if (!strcmp(s->progs[k].name, name)) {
            symtab_free(&s->progs[k].tab);
            s->progs[k].tab = *tab;
            return 0;
        }
    }
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 16;
        struct symset_prog *p = realloc(s->progs, cap * sizeof(*p));
        if (!p)
            return -1;
        s->progs = p;
        s->cap = cap;
    }
    char *copy = strdup(name);
    if (!copy)
        return -1;
    s->progs[s->n++] = (struct symset_prog){ copy, *tab };
    return 0;
}

/* Read the symbols of one ELF file into s under name. 1 when loaded, 0
 * when it has no symbols (stripped), -1 with err when it is not a RISC-V
 * ELF program or cannot be read. */
static int load_one(struct symset *s, const char *path, const char *name, char *err,
                    size_t errlen)
{
    struct symtab tab;
    symtab_init(&tab);
    if (loader_read_symbols(path, &tab, err, errlen) != 0) {
        symtab_free(&tab);
        return -1;
    }
    if (!tab.n) {
        symtab_free(&tab);
        return 0;
    }
    if (symset_put(s, name, &tab) != 0) {
        symtab_free(&tab);
        return fail(err, errlen, "%s: out of memory", path);
    }
    return 1;
}

static int load_dir(struct symset *s, const char *path, char *err, size_t errlen)
{
    DIR *d = opendir(path);
    if (!d)
        return fail(err, errlen, "%s: %s", path, strerror(errno));
    unsigned loaded = 0, stripped = 0;
    char first_error[512] = "";
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        if (e->d_name[0] == '.')
            continue;
        char file[4096], why[512];
        struct stat st;
        if ((size_t)snprintf(file, sizeof(file), "%s/%s", path, e->d_name) >= sizeof(file) ||
            stat(file, &st) != 0 || !S_ISREG(st.st_mode) ||
            loader_is_elf(file, why, sizeof(why)) != 1)
            continue;
        /* Other ELF files beside the programs (host tools, objects of
         * another architecture) are not what the user meant: skip them,
         * and say why only if nothing at all could be loaded. */
        int got = load_one(s, file, e->d_name, why, sizeof(why));
        if (got < 0 && !first_error[0])
            snprintf(first_error, sizeof(first_error), "%s", why);
        loaded += got > 0;
        stripped += got == 0;
    }
    closedir(d);
    if (loaded)
        return 0;
    if (first_error[0])
        return fail(err, errlen, "%s: no usable RISC-V ELF file with symbols (%s)", path,
                    first_error);
    return fail(err, errlen, "%s: no RISC-V ELF file with symbols in this directory%s", path,
                stripped ? " (the ELF files in it are stripped)" : "");
}

int symset_load(struct symset *s, const char *path, char *err, size_t errlen)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return fail(err, errlen, "%s: %s", path, strerror(errno));
    if (S_ISDIR(st.st_mode))
        return load_dir(s, path, err, errlen);
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    int got = load_one(s, path, base, err, errlen);
    if (got == 0)
        return fail(err, errlen, "%s: no symbol table (stripped?)", path);
    return got < 0 ? -1 : 0;
}

const struct symtab *symset_find(const struct symset *s, const char *name)
{
    if (!s || !name || !*name)
        return NULL;
    const struct symtab *prefix = NULL;
    size_t len = strlen(name), matches = 0;
    for (size_t k = 0; k < s->n; k++) {
        if (!strcmp(s->progs[k].name, name))
            return &s->progs[k].tab;
        if (len >= SYMSET_NAME_KEPT && !strncmp(s->progs[k].name, name, len)) {
            prefix = &s->progs[k].tab;
            matches++;
        }
    }
    return matches == 1 ? prefix : NULL;
}
