/*
 * loader.c - ELF loading with libelf. Every size and offset in the file is
 * checked before use: a truncated or corrupt file is an error, never a
 * read outside the buffer.
 */
#include "loader.h"

#include <errno.h>
#include <gelf.h>
#include <libelf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "errmsg.h"

#ifndef EM_RISCV
#define EM_RISCV 243
#endif

/* Read [offset, offset+length) of path into a new buffer. */
static uint8_t *read_region(const char *path, uint64_t offset, uint64_t *length,
                            char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fail(err, errlen, "%s: %s", path, strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        fail(err, errlen, "%s: not a regular file", path);
        fclose(f);
        return NULL;
    }
    uint64_t size = (uint64_t)st.st_size;
    if (offset > size || (*length && *length > size - offset)) {
        fail(err, errlen, "%s: truncated (ELF at offset %llu, %llu bytes, file has %llu)", path,
             (unsigned long long)offset, (unsigned long long)*length, (unsigned long long)size);
        fclose(f);
        return NULL;
    }
    if (!*length)
        *length = size - offset;
    uint8_t *buf = malloc(*length ? *length : 1);
    if (!buf || fseeko(f, (off_t)offset, SEEK_SET) != 0 ||
        fread(buf, 1, *length, f) != *length) {
        fail(err, errlen, "%s: cannot read: %s", path, buf ? strerror(errno) : "out of memory");
        free(buf);
        fclose(f);
        return NULL;
    }
    fclose(f);
    return buf;
}

static int check_header(Elf *e, const char *path, GElf_Ehdr *eh, char *err, size_t errlen)
{
    if (elf_kind(e) != ELF_K_ELF)
        return fail(err, errlen, "%s: not an ELF file", path);
    int cls = gelf_getclass(e);
    if (cls != ELFCLASS64)
        return fail(err, errlen, "%s: ELF class is %s, rvemu needs ELF64 (RV64)", path,
                    cls == ELFCLASS32 ? "ELF32" : "invalid");
    if (!gelf_getehdr(e, eh))
        return fail(err, errlen, "%s: corrupt ELF header: %s", path, elf_errmsg(-1));
    if (eh->e_ident[EI_DATA] != ELFDATA2LSB)
        return fail(err, errlen, "%s: big-endian ELF, RISC-V is little-endian", path);
    if (eh->e_machine != EM_RISCV)
        return fail(err, errlen, "%s: ELF is for machine %u, not RISC-V (%u)", path,
                    eh->e_machine, EM_RISCV);
    if (eh->e_type != ET_EXEC)
        return fail(err, errlen, "%s: not an executable ELF (type %u)", path, eh->e_type);
    return 0;
}

static int load_segments(Elf *e, const char *path, uint64_t file_len, struct bus *b,
                         struct elf_info *info, char *err, size_t errlen)
{
    size_t nph;
    if (elf_getphdrnum(e, &nph) != 0)
        return fail(err, errlen, "%s: corrupt program headers: %s", path, elf_errmsg(-1));
    info->lowest = UINT64_MAX;
    info->highest = 0;
    unsigned loaded = 0;
    for (size_t k = 0; k < nph; k++) {
        GElf_Phdr ph;
        if (!gelf_getphdr(e, (int)k, &ph))
            return fail(err, errlen, "%s: corrupt program header %zu", path, k);
        if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
            continue;
        if (ph.p_filesz > ph.p_memsz)
            return fail(err, errlen, "%s: segment %zu has filesz > memsz", path, k);
        if (ph.p_offset > file_len || ph.p_filesz > file_len - ph.p_offset)
            return fail(err, errlen, "%s: truncated: segment %zu lies beyond the end of the file",
                        path, k);
        uint8_t *dst = bus_ram_ptr(b, ph.p_paddr, ph.p_memsz);
        if (!dst)
            return fail(err, errlen,
                        "%s: segment %zu at 0x%llx-0x%llx lies outside RAM (0x%llx-0x%llx)",
                        path, k, (unsigned long long)ph.p_paddr,
                        (unsigned long long)(ph.p_paddr + ph.p_memsz),
                        (unsigned long long)b->ram_base,
                        (unsigned long long)(b->ram_base + b->ram_size));
        Elf_Data *d = ph.p_filesz ? elf_getdata_rawchunk(e, (int64_t)ph.p_offset, ph.p_filesz,
                                                         ELF_T_BYTE) : NULL;
        if (ph.p_filesz && !d)
            return fail(err, errlen, "%s: cannot read segment %zu: %s", path, k, elf_errmsg(-1));
        if (ph.p_filesz)
            memcpy(dst, d->d_buf, ph.p_filesz);
        memset(dst + ph.p_filesz, 0, ph.p_memsz - ph.p_filesz);
        bus_ram_written(b, ph.p_paddr, ph.p_memsz);
        if (ph.p_paddr < info->lowest)
            info->lowest = ph.p_paddr;
        if (ph.p_paddr + ph.p_memsz > info->highest)
            info->highest = ph.p_paddr + ph.p_memsz;
        loaded++;
    }
    if (!loaded)
        return fail(err, errlen, "%s: no loadable segments", path);
    return 0;
}

static int read_symbols(Elf *e, struct symtab *syms)
{
    Elf_Scn *scn = NULL;
    while ((scn = elf_nextscn(e, scn)) != NULL) {
        GElf_Shdr sh;
        if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB || sh.sh_entsize == 0)
            continue;
        Elf_Data *d = elf_getdata(scn, NULL);
        if (!d)
            continue;
        size_t count = d->d_size / sh.sh_entsize;
        for (size_t k = 0; k < count; k++) {
            GElf_Sym s;
            if (!gelf_getsym(d, (int)k, &s))
                break;
            unsigned type = GELF_ST_TYPE(s.st_info);
            if (type != STT_FUNC && type != STT_OBJECT && type != STT_NOTYPE)
                continue;
            if (s.st_shndx == SHN_UNDEF || s.st_name == 0)
                continue;
            const char *name = elf_strptr(e, sh.sh_link, s.st_name);
            if (!name || !*name || name[0] == '$' || strncmp(name, ".L", 2) == 0)
                continue;
            if (symtab_add(syms, name, s.st_value, s.st_size, type == STT_FUNC) != 0)
                return -1;
        }
    }
    symtab_sort(syms);
    return 0;
}

/* Name truncation before libelf does (it only says "invalid data"): the
 * file header and the program header table must lie inside the file. */
static int check_truncation(const uint8_t *buf, uint64_t len, const char *path,
                            char *err, size_t errlen)
{
    if (len == 0)
        return fail(err, errlen, "%s: empty file, not an ELF program", path);
    if (len < SELFMAG || memcmp(buf, ELFMAG, SELFMAG) != 0)
        return 0;   /* not ELF at all: libelf's answer is clear enough */
    if (len <= EI_CLASS || buf[EI_CLASS] != ELFCLASS64)
        return 0;   /* the class check names ELF32 and invalid classes */
    if (len < sizeof(Elf64_Ehdr))
        return fail(err, errlen, "%s: truncated ELF header (%llu of %zu bytes)", path,
                    (unsigned long long)len, sizeof(Elf64_Ehdr));
    Elf64_Ehdr eh;
    memcpy(&eh, buf, sizeof(eh));
    uint64_t table = (uint64_t)eh.e_phnum * eh.e_phentsize;
    if (eh.e_phoff > len || table > len - eh.e_phoff)
        return fail(err, errlen,
                    "%s: truncated: program headers lie beyond the end of the file", path);
    return 0;
}

static Elf *open_elf(uint8_t *buf, uint64_t len, const char *path, GElf_Ehdr *eh,
                     char *err, size_t errlen)
{
    if (check_truncation(buf, len, path, err, errlen) != 0)
        return NULL;
    elf_version(EV_CURRENT);
    Elf *e = elf_memory((char *)buf, len);
    if (!e) {
        fail(err, errlen, "%s: not an ELF file: %s", path, elf_errmsg(-1));
        return NULL;
    }
    if (check_header(e, path, eh, err, errlen) != 0) {
        elf_end(e);
        return NULL;
    }
    return e;
}

int loader_load_elf(const char *path, uint64_t offset, uint64_t length, struct bus *b,
                    struct symtab *syms, struct elf_info *info, char *err, size_t errlen)
{
    uint8_t *buf = read_region(path, offset, &length, err, errlen);
    if (!buf)
        return -1;
    GElf_Ehdr eh;
    Elf *e = open_elf(buf, length, path, &eh, err, errlen);
    int rc = -1;
    if (e && load_segments(e, path, length, b, info, err, errlen) == 0) {
        info->entry = eh.e_entry;
        rc = 0;
        if (syms && read_symbols(e, syms) != 0)
            rc = fail(err, errlen, "%s: out of memory reading symbols", path);
    }
    if (e)
        elf_end(e);
    free(buf);
    return rc;
}

int loader_read_symbols(const char *path, struct symtab *syms, char *err, size_t errlen)
{
    uint64_t length = 0;
    uint8_t *buf = read_region(path, 0, &length, err, errlen);
    if (!buf)
        return -1;
    GElf_Ehdr eh;
    Elf *e = open_elf(buf, length, path, &eh, err, errlen);
    int rc = -1;
    if (e) {
        rc = read_symbols(e, syms) == 0 ? 0 : fail(err, errlen, "%s: out of memory", path);
        elf_end(e);
    }
    free(buf);
    return rc;
}

int loader_is_elf(const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return fail(err, errlen, "%s: %s", path, strerror(errno));
    unsigned char magic[SELFMAG] = { 0 };
    size_t got = fread(magic, 1, sizeof(magic), f);
    fclose(f);
    return got == SELFMAG && memcmp(magic, ELFMAG, SELFMAG) == 0;
}

int loader_load_raw(const char *path, uint64_t addr, struct bus *b, struct elf_info *info,
                    char *err, size_t errlen)
{
    uint64_t length = 0;
    uint8_t *buf = read_region(path, 0, &length, err, errlen);
    if (!buf)
        return -1;
    uint8_t *dst = bus_ram_ptr(b, addr, length ? length : 1);
    if (!dst || length == 0) {
        free(buf);
        return fail(err, errlen, "%s: %s (%llu bytes at 0x%llx, RAM is 0x%llx-0x%llx)", path,
                    length ? "does not fit in RAM" : "empty file",
                    (unsigned long long)length, (unsigned long long)addr,
                    (unsigned long long)b->ram_base,
                    (unsigned long long)(b->ram_base + b->ram_size));
    }
    memcpy(dst, buf, length);
    bus_ram_written(b, addr, length);
    free(buf);
    info->entry = info->lowest = addr;
    info->highest = addr + length;
    return 0;
}
