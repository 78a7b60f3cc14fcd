/*
 * fuzz_cmdline.c - the command-line parser on arbitrary argument vectors
 * (the input split at NUL bytes). A refusal must be exactly one line on
 * stderr, starting "rvemu: "; an acceptance must leave a configuration
 * within the machine's limits. main.c is compiled in here, its main()
 * renamed, so the harness drives the same static parse_args the program
 * runs.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#define main rvemu_main
#include "../../emu/main.c"
#undef main

#define MAX_ARGS 32

static void abort_with(const char *what, const char *text)
{
    fprintf(stderr, "invariant broken: %s: %s\n", what, text);
    abort();
}

/* Run parse_args with stderr captured in a memory file. */
static int parse_captured(int argc, char **argv, struct machine_config *cfg, char *err,
                          size_t errlen)
{
    static int mem = -1;
    if (mem < 0 && (mem = memfd_create("stderr", 0)) < 0)
        abort();
    if (ftruncate(mem, 0) != 0 || lseek(mem, 0, SEEK_SET) != 0)
        abort();
    fflush(stderr);
    int saved = dup(STDERR_FILENO);
    dup2(mem, STDERR_FILENO);
    int rc = parse_args(argc, argv, cfg);
    fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(saved);
    ssize_t n = pread(mem, err, errlen - 1, 0);
    err[n > 0 ? n : 0] = 0;
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* argv[0], then the input's NUL-separated strings. */
    char *copy = malloc(size + 1);
    memcpy(copy, data, size);
    copy[size] = 0;
    char *argv[MAX_ARGS + 1] = { "rvemu" };
    int argc = 1;
    for (size_t k = 0; k <= size && argc < MAX_ARGS; k += strlen(copy + k) + 1) {
        /* --help and --version print and exit by design. */
        if (strcmp(copy + k, "--help") && strcmp(copy + k, "-h") && strcmp(copy + k, "--version"))
            argv[argc++] = copy + k;
    }
    argv[argc] = NULL;

    struct machine_config cfg = { .ram_size = MACHINE_DEFAULT_RAM, .nharts = 1,
                                  .virtio_legacy = true };
    for (unsigned k = 0; k < MACHINE_MAX_DRIVES; k++)
        cfg.slot_drive[k] = -1;
    memset(&given, 0, sizeof(given));
    char err[4096];
    int rc = parse_captured(argc, argv, &cfg, err, sizeof(err));
    if (rc != 0) {
        char *nl = strchr(err, '\n');
        if (strncmp(err, "rvemu: ", 7) || !nl || nl[1])
            abort_with("a refusal is not one 'rvemu: ' line", err);
    } else {
        if (cfg.nharts < 1 || cfg.nharts > MACHINE_MAX_HARTS)
            abort_with("accepted a hart count outside 1..8", err);
        if (cfg.ndrives > MACHINE_MAX_DRIVES)
            abort_with("more drives than slots", err);
    }
    script_free(&cfg.script);
    for (unsigned k = 0; k < cfg.ndrives; k++) {
        free((char *)cfg.drives[k].file);
        free((char *)cfg.drives[k].id);
    }
    free(copy);
    return 0;
}
