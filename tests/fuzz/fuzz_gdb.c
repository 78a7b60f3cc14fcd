/*
 * fuzz_gdb.c - the gdb remote-protocol parser on arbitrary byte streams,
 * fed to a stub on a two-hart machine as a client would send them. Every
 * byte the stub sends back must be an ack ('+', '-') or a well-formed
 * packet: '$', a body without '$' or '#', '#', two hex digits that are
 * the body's checksum (or, for notifications, '%' in place of '$').
 */
#include "fuzz_common.h"

#include <elf.h>

#include "gdbstub.h"
#include "machine.h"

#define RAM_BASE 0x80000000ULL

static struct machine *m;
static struct gdbstub *g;

/* An RV64 executable with one small segment at RAM_BASE. */
static const char *tiny_elf(void)
{
    static const uint32_t code[] = { 0x00100513, 0x00150513, 0xffdff06f };
    static uint8_t file[0x1100];
    Elf64_Ehdr eh = {
        .e_ident = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS64, ELFDATA2LSB, EV_CURRENT },
        .e_type = ET_EXEC, .e_machine = EM_RISCV, .e_version = EV_CURRENT,
        .e_entry = RAM_BASE, .e_phoff = sizeof(Elf64_Ehdr), .e_ehsize = sizeof(Elf64_Ehdr),
        .e_phentsize = sizeof(Elf64_Phdr), .e_phnum = 1,
    };
    Elf64_Phdr ph = {
        .p_type = PT_LOAD, .p_flags = PF_R | PF_X, .p_offset = 0x1000, .p_vaddr = RAM_BASE,
        .p_paddr = RAM_BASE, .p_filesz = 0x100, .p_memsz = 0x100, .p_align = 0x1000,
    };
    memcpy(file, &eh, sizeof(eh));
    memcpy(file + sizeof(eh), &ph, sizeof(ph));
    memcpy(file + 0x1000, code, sizeof(code));
    static char path[] = "/tmp/fuzz_gdb_XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0 || write(fd, file, sizeof(file)) != (ssize_t)sizeof(file))
        abort();
    close(fd);
    return path;
}

static int hexval(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static void check_output(const char *out, size_t n)
{
    size_t k = 0;
    while (k < n) {
        if (out[k] == '+' || out[k] == '-') {
            k++;
            continue;
        }
        FUZZ_ASSERT(out[k] == '$' || out[k] == '%', "reply starts with 0x%02x", out[k]);
        unsigned sum = 0;
        size_t j = k + 1;
        for (; j < n && out[j] != '#'; j++) {
            FUZZ_ASSERT(out[j] != '$', "'$' inside a reply");
            sum += (unsigned char)out[j];
        }
        FUZZ_ASSERT(j + 2 < n, "reply without its checksum");
        int hi = hexval(out[j + 1]), lo = hexval(out[j + 2]);
        FUZZ_ASSERT(hi >= 0 && lo >= 0 && (unsigned)(hi * 16 + lo) == (sum & 0xff),
                    "bad checksum in a reply");
        k = j + 3;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!m) {
        struct machine_config cfg = {
            .kernel = tiny_elf(), .ram_size = 16ull << 20, .nharts = 2, .virtio_legacy = true,
            .debugger = true,
        };
        for (unsigned k = 0; k < MACHINE_MAX_DRIVES; k++)
            cfg.slot_drive[k] = -1;
        char err[256];
        if (!(m = machine_new(&cfg, err, sizeof(err))))
            abort();
    }
    /* A fresh stub per input: one that resumed would ignore the rest. */
    gdbstub_free(g);
    if (!(g = gdbstub_new_detached(m)))
        abort();
    struct dbg_resume r;
    gdbstub_feed(g, data, size, &r);
    static char out[1 << 20];
    size_t n;
    while ((n = gdbstub_take_output(g, out, sizeof(out))) > 0)
        check_output(out, n);
    return 0;
}
