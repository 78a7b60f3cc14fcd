/*
 * symtab.h - symbols from guest ELF files, for HTIF (tohost/fromhost),
 * the trace's symbolized addresses and the debugger.
 */
#ifndef RVEMU_SYMTAB_H
#define RVEMU_SYMTAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct symbol {
    uint64_t addr;
    uint64_t size;
    char    *name;
    bool     func;
};

struct symtab {
    struct symbol *syms;   /* sorted by addr after symtab_sort() */
    size_t n, cap;
};

void symtab_init(struct symtab *t);
void symtab_free(struct symtab *t);
int symtab_add(struct symtab *t, const char *name, uint64_t addr, uint64_t size, bool func);
void symtab_sort(struct symtab *t);

/* Address of the symbol called name; false if absent. */
bool symtab_lookup(const struct symtab *t, const char *name, uint64_t *addr);

/* The symbol containing addr (or the closest one below it, within 64 KiB
 * when it has no size); NULL if none. *offset gets addr - symbol. */
const struct symbol *symtab_find(const struct symtab *t, uint64_t addr, uint64_t *offset);

/* Format "<name+0x1c>" for addr into buf, or "" when unknown. */
const char *symtab_format(const struct symtab *t, uint64_t addr, char *buf, size_t size);

#endif
