/*
 * loader.h - loading guest ELF files into RAM.
 */
#ifndef RVEMU_LOADER_H
#define RVEMU_LOADER_H

#include <stddef.h>
#include <stdint.h>

#include "../mmu/bus.h"
#include "symtab.h"

struct elf_info {
    uint64_t entry;
    uint64_t lowest, highest;   /* physical range the segments occupy */
};

/* Load the RISC-V ELF64 executable at path into b's RAM, segment by
 * segment at their physical addresses, zero-filling bss; add its symbols
 * to syms (may be NULL). The file may start at byte `offset` of path and
 * be `length` bytes long (0 = to the end), for ELF files inside guest.img.
 * On failure returns -1 with a one-line reason in err. */
int loader_load_elf(const char *path, uint64_t offset, uint64_t length, struct bus *b,
                    struct symtab *syms, struct elf_info *info, char *err, size_t errlen);

/* Load the raw binary at path into RAM at addr (firmware payloads such as
 * u-boot.bin). Fills info (entry = addr). -1 with a reason on failure. */
int loader_load_raw(const char *path, uint64_t addr, struct bus *b, struct elf_info *info,
                    char *err, size_t errlen);

/* 1 if path starts with the ELF magic, 0 if not, -1 (with err) if it
 * cannot be read. */
int loader_is_elf(const char *path, char *err, size_t errlen);

/* Read only the symbols of an ELF file (for symbolizing user programs). */
int loader_read_symbols(const char *path, struct symtab *syms, char *err, size_t errlen);

#endif
