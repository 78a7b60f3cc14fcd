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

/* The same for a data address: only a symbol whose size covers addr
 * counts. A heap or stack address is not "the last function + 0x9000". */
const char *symtab_format_data(const struct symtab *t, uint64_t addr, char *buf, size_t size);

/* The symbols of several programs, each under its name (--symbols): the
 * user programs a guest runs, looked up by the name the kernel reports
 * when it execs one. */
struct symset {
    struct symset_prog {
        char *name;
        struct symtab tab;
    } *progs;
    size_t n, cap;
};

void symset_init(struct symset *s);
void symset_free(struct symset *s);
/* Add path: an ELF file, under its file name, or a directory, each of its
 * ELF files under its own name (other files are skipped). A name loaded
 * again replaces the earlier one. -1 with a one-line reason in err. */
int symset_load(struct symset *s, const char *path, char *err, size_t errlen);
/* The symbols of the program called name, or NULL. name is as a kernel
 * reports it: xv6 keeps 15 characters, so a name that long also matches
 * the one longer file name it begins. */
const struct symtab *symset_find(const struct symset *s, const char *name);

#endif
