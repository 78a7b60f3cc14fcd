/*
 * main.c - the command line: flags -> struct machine_config -> build, run,
 * report. Every error is one line on stderr and a non-zero exit.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cow_check.h"
#include "guest_image.h"
#include "machine.h"
#include "pagemap.h"
#include "window.h"

#define EXIT_USAGE 2

static const char usage_text[] =
    "usage: rvemu [options] guest.img|FILE\n"
    "       rvemu -machine virt [-bios none|FILE] -kernel FILE [QEMU options]\n"
    "  guest.img             the in-tree guest: kernel + file system (default -smp 3, modern virtio)\n"
    "  FILE                  a bare-metal RISC-V ELF64 program (runs in M-mode at its entry)\n"
    "QEMU-compatible options:\n"
    "  -machine virt         the only machine (QEMU's virt layout)\n"
    "  -bios none|default|FILE  firmware at 0x80000000 (default: Debian's OpenSBI fw_dynamic)\n"
    "  -kernel FILE          kernel ELF, or raw payload at 0x80200000 after firmware\n"
    "  -append STRING        kernel command line (/chosen/bootargs)\n"
    "  -nographic            console on stdio (always the case)\n"
    "  -display sdl|none     sdl: also open a window with the console as a terminal and\n"
    "                        the page map (needs a build with SDL2); none: no window\n"
    "                        (the default). docs/window.md\n"
    "  -global virtio-mmio.force-legacy=true|false  virtio-mmio version 1 or 2 (default true)\n"
    "  -drive file=F,if=none,format=raw,id=ID[,readonly=on]\n"
    "  -device virtio-blk-device,drive=ID,bus=virtio-mmio-bus.N\n"
    "  -snapshot, --snapshot disk writes stay in memory\n"
    "other options:\n"
    "  -m SIZE               guest RAM (default 128M; suffixes K, M, G; plain number = MiB)\n"
    "  -smp N                number of harts, 1..8 (default 1; guest.img says 3)\n"
    "  --max-insns N         stop after N instructions (exit status 3)\n"
    "  --timeout SECONDS     stop after SECONDS of wall time (exit status 124)\n"
    "  --trace=KINDS         comma-separated: pf (page faults with their walk), trap (every\n"
    "                        trap), mmu (satp writes, sfence.vma, page faults), ref (page\n"
    "                        alloc/ref+/ref-/free), cow (shares, copies, reclaims, kills),\n"
    "                        proc (process create/exec/exit), kernel (all trace-device\n"
    "                        events), check, insn (every instruction), all\n"
    "  --trace-file=PATH     write the trace to PATH: .jsonl JSON Lines, .json Chrome trace\n"
    "                        (Perfetto), else text (default: text on stderr)\n"
    "  --trace-pid=N, --trace-va=LO-HI, --trace-pa=LO-HI  show only those events\n"
    "  --symbols=PATH        name user addresses in the trace (U-mode pc, a process's va)\n"
    "                        from the ELF of the program the process runs: PATH is an ELF\n"
    "                        file or a directory of them, each by its file name (e.g.\n"
    "                        build/guest/user); repeatable; docs/tracing.md\n"
    "  --expect TEXT         wait for TEXT on the console (exit 0 after the last one)\n"
    "  --send TEXT           type TEXT once the expectation before it is met (\\n = Enter)\n"
    "  --script FILE         lines of 'expect TEXT' / 'send TEXT'\n"
    "  --check-cow[=fatal]   check the guest kernel's copy-on-write bookkeeping against its\n"
    "                        page tables; report each violation (=fatal: stop at the first,\n"
    "                        exit status 5); docs/cow-check.md\n"
    "page map (docs/window.md):\n"
    "  --pagemap-png=FILE    at exit, write every RAM page as a cell coloured by what the\n"
    "                        guest kernel's trace says of it (free, kernel, user, shared\n"
    "                        copy-on-write by count, page table) to FILE, a PNG; needs no\n"
    "                        window. The monitor's 'pagemap FILE' writes it at a stop\n"
    "  window keys: F5 pause/continue, F6 step one instruction (Shift-F6: 1000),\n"
    "               Shift-PgUp/PgDn or the wheel: scrollback, click a page: pin its\n"
    "               details, Ctrl-A X or closing the window: quit\n"
    "debugging (docs/debugging.md):\n"
    "  -s                    gdb stub on 127.0.0.1:1234 (same as -gdb tcp::1234)\n"
    "  -gdb tcp::PORT        gdb stub on 127.0.0.1:PORT (PORT 0: any free port, printed)\n"
    "  -S                    do not start the harts until gdb (or the monitor) says so\n"
    "  --break-on=COND       stop into the monitor (or gdb, when connected) on COND:\n"
    "                        page-fault[,cause=load|store|fetch][,pid=N][,va=LO-HI],\n"
    "                        cow-violation (turns --check-cow on), pc=ADDR|SYMBOL[+OFF];\n"
    "                        repeatable. Ctrl-A C enters the monitor at any time\n"
    "  --stats               print instruction count, time and MIPS at exit\n"
    "  --realtime            mtime follows the host clock (default: retired instructions)\n"
    "  --record=FILE         log console input with the instruction count it arrived at\n"
    "  --replay=FILE         feed the input logged by --record at the same counts (stdin unused)\n"
    "  -h, --help            this text\n"
    "  --version             print the version\n"
    "exit status: the guest's exit code (HTIF tohost or the test device), or 2 for bad usage.\n";

/* The user's text made printable, so that an error stays one line
 * whatever bytes an argument holds. */
static const char *printable(const char *s, char *buf, size_t size)
{
    size_t n = 0;
    for (; *s && n + 5 < size; s++) {
        unsigned char c = (unsigned char)*s;
        if (c >= 0x20 && c < 0x7f)
            buf[n++] = (char)c;
        else
            n += (size_t)snprintf(buf + n, size - n, "\\x%02x", c);
    }
    buf[n] = 0;
    return buf;
}

static int usage_error(const char *fmt, const char *arg)
{
    char safe[256];
    fprintf(stderr, "rvemu: ");
    fprintf(stderr, fmt, arg ? printable(arg, safe, sizeof(safe)) : arg);
    fprintf(stderr, " (try 'rvemu --help')\n");
    return EXIT_USAGE;
}

/* QEMU-style size: a number with optional K/M/G suffix; no suffix = MiB. */
static int parse_size(const char *s, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (errno || end == s || *s == '-')
        return -1;
    unsigned shift = 20;
    if (*end) {
        switch (*end) {
        case 'k': case 'K': shift = 10; break;
        case 'm': case 'M': shift = 20; break;
        case 'g': case 'G': shift = 30; break;
        default: return -1;
        }
        if (end[1] && !(end[1] == 'B' && !end[2]) && !(end[1] == 'i' && end[2] == 'B' && !end[3]))
            return -1;
    }
    if (v > (UINT64_MAX >> shift))
        return -1;
    *out = (uint64_t)v << shift;
    return 0;
}

static int parse_u64(const char *s, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (errno || end == s || *end || *s == '-')
        return -1;
    *out = v;
    return 0;
}

static int parse_trace(const char *kinds, struct machine_config *cfg)
{
    char bad[64];
    if (trace_filter_parse_kinds(&cfg->trace, kinds, bad, sizeof(bad)) != 0)
        return usage_error("unknown trace kind '%s' (kinds: " TRACE_KINDS_HELP ")", bad);
    return 0;
}

/* Option value: "--opt=value" or "--opt value". */
static const char *option_value(int argc, char **argv, int *k, const char *name)
{
    size_t n = strlen(name);
    if (argv[*k][n] == '=')
        return argv[*k] + n + 1;
    if (*k + 1 < argc)
        return argv[++*k];
    return NULL;
}

static bool is_option(const char *arg, const char *name)
{
    size_t n = strlen(name);
    return strncmp(arg, name, n) == 0 && (arg[n] == '\0' || arg[n] == '=');
}

/* Options the user gave explicitly, so guest.img defaults do not override them. */
static struct {
    bool ram, smp, legacy;
} given;

#define DEFAULT_BIOS "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.elf"

/* Split "a=1,b=2" style option strings: returns the value of key or NULL.
 * QEMU's suboption syntax; values cannot contain commas here. */
static const char *subopt(const char *list, const char *key, char *buf, size_t size)
{
    size_t n = strlen(key);
    for (const char *p = list; p && *p;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len > n && strncmp(p, key, n) == 0 && p[n] == '=') {
            snprintf(buf, size, "%.*s", (int)(len - n - 1), p + n + 1);
            return buf;
        }
        p = end ? end + 1 : NULL;
    }
    return NULL;
}

/* Every key in list must be one of the allowed ones. */
static int check_subopts(const char *opt, const char *list, const char *const *allowed)
{
    for (const char *p = list; p && *p;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        const char *eq = memchr(p, '=', len);
        size_t klen = eq ? (size_t)(eq - p) : len;
        bool known = false;
        for (const char *const *a = allowed; *a; a++)
            known |= strlen(*a) == klen && strncmp(*a, p, klen) == 0;
        if (!known) {
            char key[128], safe[256];
            snprintf(key, sizeof(key), "%.*s", (int)klen, p);
            fprintf(stderr, "rvemu: %s: unsupported parameter '%s'\n", opt,
                    printable(key, safe, sizeof(safe)));
            return EXIT_USAGE;
        }
        p = end ? end + 1 : NULL;
    }
    return 0;
}

static int parse_drive(const char *v, struct machine_config *cfg)
{
    static const char *const allowed[] = { "file", "if", "format", "id", "readonly", "cache", NULL };
    char file[1024], ifv[32], fmt[32], id[64], ro[16];
    int rc = check_subopts("-drive", v, allowed);
    if (rc)
        return rc;
    if (!subopt(v, "file", file, sizeof(file)))
        return usage_error("-drive needs file=...: '%s'", v);
    if (subopt(v, "format", fmt, sizeof(fmt)) && strcmp(fmt, "raw") != 0)
        return usage_error("-drive: only format=raw is supported, not '%s'", fmt);
    if (subopt(v, "if", ifv, sizeof(ifv)) && strcmp(ifv, "none") != 0)
        return usage_error("-drive: only if=none is supported (attach it with -device), not '%s'",
                           ifv);
    if (cfg->ndrives == MACHINE_MAX_DRIVES)
        return usage_error("too many -drive options ('%s')", v);
    struct drive_config *d = &cfg->drives[cfg->ndrives++];
    d->file = strdup(file);
    d->id = strdup(subopt(v, "id", id, sizeof(id)) ? id : "");
    d->readonly = subopt(v, "readonly", ro, sizeof(ro)) && (!strcmp(ro, "on") || !strcmp(ro, "true"));
    return 0;
}

static int parse_device(const char *v, struct machine_config *cfg)
{
    static const char *const allowed[] = { "virtio-blk-device", "drive", "bus", NULL };
    char drive[64], bus[64];
    if (strncmp(v, "virtio-blk-device", 17) != 0 || (v[17] && v[17] != ','))
        return usage_error("unsupported -device '%s' (rvemu has virtio-blk-device)", v);
    int rc = check_subopts("-device", v, allowed);
    if (rc)
        return rc;
    if (!subopt(v, "drive", drive, sizeof(drive)))
        return usage_error("-device virtio-blk-device needs drive=ID: '%s'", v);
    unsigned slot = 0;
    if (subopt(v, "bus", bus, sizeof(bus)) &&
        (sscanf(bus, "virtio-mmio-bus.%u", &slot) != 1 || slot >= MACHINE_MAX_DRIVES))
        return usage_error("-device: bus must be virtio-mmio-bus.0 .. 7, not '%s'", bus);
    if (!subopt(v, "bus", bus, sizeof(bus))) {
        while (slot < MACHINE_MAX_DRIVES && cfg->slot_drive[slot] >= 0)
            slot++;
        if (slot == MACHINE_MAX_DRIVES)
            return usage_error("no free virtio-mmio slot for '%s'", v);
    }
    if (cfg->slot_drive[slot] >= 0)
        return usage_error("virtio-mmio-bus.%s is used twice", bus);
    for (unsigned k = 0; k < cfg->ndrives; k++) {
        if (!strcmp(cfg->drives[k].id, drive)) {
            cfg->slot_drive[slot] = (int)k;
            cfg->drives[k].attached = true;
            return 0;
        }
    }
    return usage_error("-device names drive '%s', but no -drive has that id (give -drive first)",
                       drive);
}

static int parse_global(const char *v, struct machine_config *cfg)
{
    given.legacy = true;
    if (!strcmp(v, "virtio-mmio.force-legacy=false"))
        cfg->virtio_legacy = false;
    else if (!strcmp(v, "virtio-mmio.force-legacy=true"))
        cfg->virtio_legacy = true;
    else
        return usage_error("unsupported -global '%s'", v);
    return 0;
}

static int parse_display(const char *v, struct machine_config *cfg)
{
    if (!strcmp(v, "sdl")) {
        if (!WINDOW_AVAILABLE)
            return usage_error("%s", "-display sdl: this rvemu was built without SDL2 "
                               "(install libsdl2-dev and build again)");
        cfg->display_sdl = true;
    } else if (!strcmp(v, "none")) {
        cfg->display_sdl = false;
    } else {
        return usage_error("unsupported -display '%s' (rvemu has sdl and none)", v);
    }
    return 0;
}

/* The QEMU options that take a value; handled by parse_qemu_option. */
static int parse_qemu_option(const char *a, const char *v, struct machine_config *cfg)
{
    if (!v)
        return usage_error("%s needs a value", a);
    if (!strcmp(a, "-machine") || !strcmp(a, "-M")) {
        if (strcmp(v, "virt") != 0 && strncmp(v, "virt,", 5) != 0)
            return usage_error("unsupported machine '%s' (rvemu is QEMU's virt)", v);
        return 0;
    }
    if (!strcmp(a, "-bios")) {
        cfg->bios = !strcmp(v, "none") ? NULL : !strcmp(v, "default") ? DEFAULT_BIOS : v;
        cfg->bios_given = true;
        return 0;
    }
    if (!strcmp(a, "-kernel")) {
        cfg->kernel = v;
        cfg->kernel_from_qemu_option = true;
        return 0;
    }
    if (!strcmp(a, "-append")) {
        cfg->append = v;
        return 0;
    }
    if (!strcmp(a, "-drive"))
        return parse_drive(v, cfg);
    if (!strcmp(a, "-device"))
        return parse_device(v, cfg);
    if (!strcmp(a, "-global"))
        return parse_global(v, cfg);
    if (!strcmp(a, "-display"))
        return parse_display(v, cfg);
    return usage_error("unknown option '%s'", a);
}

static bool takes_qemu_value(const char *a)
{
    static const char *const names[] = { "-machine", "-M", "-bios", "-kernel", "-append",
                                         "-drive", "-device", "-global", "-display", NULL };
    for (const char *const *n = names; *n; n++)
        if (!strcmp(a, *n))
            return true;
    return false;
}

static int parse_args(int argc, char **argv, struct machine_config *cfg)
{
    for (int k = 1; k < argc; k++) {
        const char *a = argv[k], *v;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(usage_text, stdout);
            exit(0);
        } else if (!strcmp(a, "--version")) {
            printf("rvemu %s\n", RVEMU_VERSION);
            exit(0);
        } else if (is_option(a, "-m")) {
            if (!(v = option_value(argc, argv, &k, "-m")) || parse_size(v, &cfg->ram_size))
                return usage_error("bad or missing size for -m: '%s'", v ? v : "");
            given.ram = true;
        } else if (is_option(a, "-smp")) {
            uint64_t n;
            if (!(v = option_value(argc, argv, &k, "-smp")) || parse_u64(v, &n) || n < 1 ||
                n > MACHINE_MAX_HARTS)
                return usage_error("-smp needs a hart count from 1 to 8, not '%s'", v ? v : "");
            cfg->nharts = (unsigned)n;
            given.smp = true;
        } else if (is_option(a, "--max-insns")) {
            if (!(v = option_value(argc, argv, &k, "--max-insns")) || parse_u64(v, &cfg->max_insns))
                return usage_error("bad --max-insns value '%s'", v ? v : "");
        } else if (is_option(a, "--timeout")) {
            char *end;
            if (!(v = option_value(argc, argv, &k, "--timeout")) ||
                (cfg->timeout = strtod(v, &end), *end || end == v || cfg->timeout <= 0))
                return usage_error("bad --timeout value '%s'", v ? v : "");
        } else if (is_option(a, "--trace")) {
            if (!(v = option_value(argc, argv, &k, "--trace")))
                return usage_error("%s needs a list of kinds", a);
            int rc = parse_trace(v, cfg);
            if (rc)
                return rc;
        } else if (is_option(a, "--trace-file")) {
            if (!(v = option_value(argc, argv, &k, "--trace-file")) || !*v)
                return usage_error("%s needs a file name", a);
            cfg->trace_file = v;
        } else if (is_option(a, "--symbols")) {
            if (!(v = option_value(argc, argv, &k, "--symbols")) || !*v)
                return usage_error("%s needs an ELF file or a directory", a);
            if (cfg->nsymbols == MACHINE_MAX_SYMBOLS)
                return usage_error("too many --symbols options ('%s')", v);
            cfg->symbols[cfg->nsymbols++] = v;
        } else if (is_option(a, "--trace-pid")) {
            if (!(v = option_value(argc, argv, &k, "--trace-pid")) || parse_u64(v, &cfg->trace.pid))
                return usage_error("bad --trace-pid value '%s'", v ? v : "");
            cfg->trace.has_pid = true;
        } else if (is_option(a, "--trace-va") || is_option(a, "--trace-pa")) {
            bool va = is_option(a, "--trace-va");
            if (!(v = option_value(argc, argv, &k, va ? "--trace-va" : "--trace-pa")) ||
                trace_filter_parse_range(v, va ? &cfg->trace.va_lo : &cfg->trace.pa_lo,
                                         va ? &cfg->trace.va_hi : &cfg->trace.pa_hi))
                return usage_error("bad address range '%s' (want LO-HI, e.g. 0x1000-0x1fff)",
                                   v ? v : "");
            *(va ? &cfg->trace.has_va : &cfg->trace.has_pa) = true;
        } else if (takes_qemu_value(a)) {
            int rc = parse_qemu_option(a, k + 1 < argc ? argv[++k] : NULL, cfg);
            if (rc)
                return rc;
        } else if (!strcmp(a, "-nographic")) {
            /* the console is always on stdio */
        } else if (!strcmp(a, "-snapshot") || !strcmp(a, "--snapshot")) {
            cfg->snapshot = true;
        } else if (!strcmp(a, "-S")) {
            cfg->dbg.start_halted = true;
        } else if (!strcmp(a, "-s")) {
            cfg->dbg.gdb_listen = "tcp::1234";
        } else if (!strcmp(a, "-gdb")) {
            if (k + 1 >= argc)
                return usage_error("%s needs a device, e.g. tcp::1234", a);
            cfg->dbg.gdb_listen = argv[++k];
        } else if (is_option(a, "--expect") || is_option(a, "--send")) {
            bool expect = is_option(a, "--expect");
            if (!(v = option_value(argc, argv, &k, expect ? "--expect" : "--send")) ||
                script_add(&cfg->script, expect ? SCRIPT_EXPECT : SCRIPT_SEND, v) != 0)
                return usage_error("bad text for %s (escapes: \\n \\r \\t \\e \\\\ \\xHH)", a);
        } else if (is_option(a, "--script")) {
            char err[512];
            if (!(v = option_value(argc, argv, &k, "--script")))
                return usage_error("%s needs a file", a);
            if (script_load(&cfg->script, v, err, sizeof(err)) != 0) {
                char safe[600];
                fprintf(stderr, "rvemu: %s\n", printable(err, safe, sizeof(safe)));
                return EXIT_USAGE;
            }
        } else if (!strcmp(a, "--check-cow") || !strcmp(a, "--check-cow=report")) {
            cfg->check_cow = COW_CHECK_REPORT;
        } else if (!strcmp(a, "--check-cow=fatal")) {
            cfg->check_cow = COW_CHECK_FATAL;
        } else if (is_option(a, "--break-on")) {
            char err[256];
            if (!(v = option_value(argc, argv, &k, "--break-on")))
                return usage_error("%s needs a condition", a);
            if (debug_parse_break_on(v, &cfg->dbg, err, sizeof(err)) != 0)
                return usage_error("bad --break-on value: %s", err);
            /* The checker finds the violations the debugger stops on. */
            if (cfg->dbg.break_on_cow && !cfg->check_cow)
                cfg->check_cow = COW_CHECK_REPORT;
        } else if (is_option(a, "--pagemap-png")) {
            if (!(v = option_value(argc, argv, &k, "--pagemap-png")) || !*v)
                return usage_error("%s needs a file name", a);
            cfg->pagemap_png = v;
        } else if (!strcmp(a, "--stats")) {
            cfg->stats = true;
        } else if (is_option(a, "--record") || is_option(a, "--replay")) {
            bool rec = is_option(a, "--record");
            if (!(v = option_value(argc, argv, &k, rec ? "--record" : "--replay")) || !*v)
                return usage_error("%s needs a file name", a);
            *(rec ? &cfg->record_file : &cfg->replay_file) = v;
        } else if (!strcmp(a, "--realtime")) {
            cfg->realtime = true;
        } else if (a[0] == '-' && a[1] != '\0') {
            return usage_error("unknown option '%s'", a);
        } else if (cfg->kernel) {
            return usage_error("more than one file given ('%s')", a);
        } else {
            cfg->kernel = a;
        }
    }
    for (unsigned k = 0; k < cfg->ndrives; k++)
        if (!cfg->drives[k].attached)
            return usage_error("-drive id=%s is not attached: add -device "
                               "virtio-blk-device,drive=<id>,bus=virtio-mmio-bus.0",
                               cfg->drives[k].id);
    /* QEMU loads its default firmware unless -bios is given; a plain
     * "rvemu prog.elf" runs the program itself. */
    if (!cfg->bios_given && cfg->kernel_from_qemu_option)
        cfg->bios = DEFAULT_BIOS;
    /* The log pins input to instruction counts: a script or host time
     * would make the counts mean nothing. */
    if ((cfg->record_file || cfg->replay_file) &&
        (cfg->realtime || script_active(&cfg->script) || (cfg->record_file && cfg->replay_file)))
        return usage_error("%s", "--record/--replay take stdin input on instruction time: "
                           "not with each other, --realtime or --expect/--send/--script");
    if (!cfg->kernel && !cfg->bios)
        return usage_error("%s", "no program given");
    return 0;
}

static bool ram_size_ok(uint64_t size)
{
    return size >= (1ULL << 20) && size <= (64ULL << 30) && size % 4096 == 0;
}

/* "rvemu guest.img": the kernel ELF and the disk are parts of one file.
 * Returns 0 if path is not a guest image (nothing changes), 1 if it is and
 * cfg now describes it, -1 on a bad image (reason printed). */
static int use_guest_image(struct machine_config *cfg)
{
    char err[512];
    int is = guest_image_probe(cfg->kernel, err, sizeof(err));
    if (is < 0)
        fprintf(stderr, "rvemu: %s\n", err);
    if (is <= 0)
        return is;
    struct guest_image_header h;
    if (guest_image_read(cfg->kernel, &h, err, sizeof(err)) != 0) {
        fprintf(stderr, "rvemu: %s\n", err);
        return -1;
    }
    if (cfg->slot_drive[0] >= 0 || cfg->ndrives == MACHINE_MAX_DRIVES) {
        fprintf(stderr, "rvemu: guest.img brings its own disk on virtio-mmio-bus.0; "
                "attach other drives to buses 1..7\n");
        return -1;
    }
    cfg->kernel_offset = h.kernel_offset;
    cfg->kernel_length = h.kernel_size;
    struct drive_config *d = &cfg->drives[cfg->ndrives];
    *d = (struct drive_config){ .file = strdup(cfg->kernel), .id = strdup("guest.img"),
                                .offset = h.fs_offset, .length = h.fs_size, .attached = true };
    cfg->slot_drive[0] = (int)cfg->ndrives++;
    if (!given.legacy)
        cfg->virtio_legacy = false;     /* the in-tree kernel drives virtio 1.0 */
    if (!given.smp && h.default_harts)
        cfg->nharts = h.default_harts;
    if (!given.ram && h.default_ram_mib) {
        if (!ram_size_ok((uint64_t)h.default_ram_mib << 20)) {
            fprintf(stderr, "rvemu: %s: guest image asks for %u MiB of RAM (1 MiB to 64 GiB)\n",
                    cfg->kernel, h.default_ram_mib);
            return -1;
        }
        cfg->ram_size = (uint64_t)h.default_ram_mib << 20;
    }
    return 1;
}

/* Build and run the machine; every way out returns here so main can
 * free what the command line allocated. */
static int run(struct machine_config *cfg)
{
    if (!ram_size_ok(cfg->ram_size)) {
        fprintf(stderr, "rvemu: -m must be a multiple of 4 KiB between 1 MiB and 64 GiB\n");
        return EXIT_USAGE;
    }
    if (cfg->kernel && !cfg->kernel_from_qemu_option && !cfg->bios && use_guest_image(cfg) < 0)
        return 1;
    const struct dbg_config *d = &cfg->dbg;
    /* On a terminal Ctrl-A C may ask for the monitor at any moment; the
     * window's pause and step keys drive the debugger too. */
    cfg->debugger = d->gdb_listen || d->start_halted || d->pf.on || d->break_on_cow ||
                    d->nbreak_pc || isatty(STDIN_FILENO) || cfg->display_sdl;
    char err[512];
    /* Find out now, not after a long run, that the PNG cannot be written. */
    FILE *png = cfg->pagemap_png ? fopen(cfg->pagemap_png, "wb") : NULL;
    if (cfg->pagemap_png && !png) {
        fprintf(stderr, "rvemu: --pagemap-png %s: %s\n", cfg->pagemap_png, strerror(errno));
        return 1;
    }
    if (png)
        fclose(png);
    struct machine *m = machine_new(cfg, err, sizeof(err));
    if (!m) {
        fprintf(stderr, "rvemu: %s\n", err);
        return 1;
    }
    if (cfg->display_sdl && !(m->window = window_open(m, err, sizeof(err)))) {
        fprintf(stderr, "rvemu: %s\n", err);
        machine_free(m);
        return 1;
    }
    int status = machine_run(m);
    window_close(m->window);
    m->window = NULL;
    if (cfg->pagemap_png && pagemap_write_png(m->pages, cfg->pagemap_png, err, sizeof(err))) {
        fprintf(stderr, "rvemu: --pagemap-png %s\n", err);
        if (!status)
            status = 1;
    }
    if (cfg->stats)
        machine_print_stats(m);
    machine_free(m);
    return status;
}

int main(int argc, char **argv)
{
    struct machine_config cfg = {
        .ram_size = MACHINE_DEFAULT_RAM,
        .nharts = 1,
        .virtio_legacy = true,   /* QEMU's default transport */
    };
    for (unsigned k = 0; k < MACHINE_MAX_DRIVES; k++)
        cfg.slot_drive[k] = -1;
    int status = parse_args(argc, argv, &cfg);
    if (status == 0)
        status = run(&cfg);
    script_free(&cfg.script);
    for (unsigned k = 0; k < cfg.ndrives; k++) {
        free((char *)cfg.drives[k].file);
        free((char *)cfg.drives[k].id);
    }
    return status;
}
