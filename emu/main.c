/*
 * main.c - the command line: flags -> struct machine_config -> build, run,
 * report. Every error is one line on stderr and a non-zero exit.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "machine.h"

#define EXIT_USAGE 2

static const char usage_text[] =
    "usage: rvemu [options] FILE\n"
    "  FILE                  a bare-metal RISC-V ELF64 program (runs in M-mode at its entry)\n"
    "options:\n"
    "  -m SIZE               guest RAM (default 128M; suffixes K, M, G; plain number = MiB)\n"
    "  -smp N                number of harts, 1..8 (default 1)\n"
    "  --max-insns N         stop after N instructions (exit status 3)\n"
    "  --timeout SECONDS     stop after SECONDS of wall time (exit status 124)\n"
    "  --trace=KINDS         comma-separated: insn (every instruction), mmu (page walk of each fault)\n"
    "  --stats               print instruction count, time and MIPS at exit\n"
    "  --realtime            mtime follows the host clock (default: retired instructions)\n"
    "  -h, --help            this text\n"
    "  --version             print the version\n"
    "exit status: the guest's exit code (HTIF tohost or the test device), or 2 for bad usage.\n";

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "rvemu: ");
    fprintf(stderr, fmt, arg);
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
    char buf[256];
    snprintf(buf, sizeof(buf), "%s", kinds);
    for (char *save = NULL, *k = strtok_r(buf, ",", &save); k; k = strtok_r(NULL, ",", &save)) {
        if (!strcmp(k, "insn"))
            cfg->trace_insn = true;
        else if (!strcmp(k, "mmu"))
            cfg->trace_mmu = true;
        else
            return usage_error("unknown trace kind '%s'", k);
    }
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
        } else if (is_option(a, "-smp")) {
            uint64_t n;
            if (!(v = option_value(argc, argv, &k, "-smp")) || parse_u64(v, &n) || n < 1 ||
                n > MACHINE_MAX_HARTS)
                return usage_error("-smp needs a hart count from 1 to 8, not '%s'", v ? v : "");
            cfg->nharts = (unsigned)n;
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
        } else if (!strcmp(a, "--stats")) {
            cfg->stats = true;
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
    if (!cfg->kernel)
        return usage_error("%s", "no program given");
    return 0;
}

int main(int argc, char **argv)
{
    struct machine_config cfg = {
        .ram_size = MACHINE_DEFAULT_RAM,
        .nharts = 1,
    };
    int rc = parse_args(argc, argv, &cfg);
    if (rc)
        return rc;
    if (cfg.ram_size < (1ULL << 20) || cfg.ram_size > (64ULL << 30) || cfg.ram_size % 4096) {
        fprintf(stderr, "rvemu: -m must be a multiple of 4 KiB between 1 MiB and 64 GiB\n");
        return EXIT_USAGE;
    }
    char err[512];
    struct machine *m = machine_new(&cfg, err, sizeof(err));
    if (!m) {
        fprintf(stderr, "rvemu: %s\n", err);
        return 1;
    }
    int status = machine_run(m);
    if (cfg.stats)
        machine_print_stats(m);
    machine_free(m);
    return status;
}
