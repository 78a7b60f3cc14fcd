/*
 * fuzz_loader.c - the ELF loader and the guest.img reader on arbitrary
 * files. Each must either load (then every segment lies in RAM) or fail
 * with a one-line reason; never crash, never write outside RAM (ASan
 * watches the host side).
 */
#include "fuzz_common.h"

#include "guest_image.h"
#include "loader.h"
#include "symtab.h"

#define RAM_BASE 0x80000000ULL
#define RAM_SIZE (4ULL << 20)

static struct bus *bus;

static void check_reason(const char *err)
{
    FUZZ_ASSERT(err[0] != 0 && strchr(err, '\n') == NULL, "error '%s' is not one line", err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!bus && !(bus = bus_new(RAM_BASE, RAM_SIZE)))
        abort();
    const char *path = fuzz_as_file(data, size);
    char err[512] = "";
    struct symtab syms;
    symtab_init(&syms);
    struct elf_info info;
    if (loader_load_elf(path, 0, 0, bus, &syms, &info, err, sizeof(err)) == 0) {
        FUZZ_ASSERT(info.lowest >= RAM_BASE && info.highest <= RAM_BASE + RAM_SIZE,
                    "segments 0x%llx-0x%llx outside RAM", (unsigned long long)info.lowest,
                    (unsigned long long)info.highest);
    } else {
        check_reason(err);
    }
    symtab_free(&syms);
    symtab_init(&syms);
    err[0] = 0;
    if (loader_read_symbols(path, &syms, err, sizeof(err)) != 0)
        check_reason(err);
    symtab_free(&syms);

    struct guest_image_header h;
    err[0] = 0;
    if (guest_image_read(path, &h, err, sizeof(err)) == 0) {
        FUZZ_ASSERT(h.kernel_offset + h.kernel_size <= size && h.fs_offset + h.fs_size <= size,
                    "accepted an image whose parts lie past the end of the file");
    } else {
        check_reason(err);
    }
    return 0;
}
