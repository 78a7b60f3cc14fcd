/*
 * machine.h - the whole emulated system: harts, bus, devices, and the
 * loop that runs harts in turn, deterministically.
 */
#ifndef RVEMU_MACHINE_H
#define RVEMU_MACHINE_H

#include <stdbool.h>
#include <stdint.h>

#include "conlog.h"
#include "console.h"
#include "debug.h"
#include "hart.h"
#include "script.h"
#include "symtab.h"
#include "timebase.h"
#include "trace.h"
#include "trace_filter.h"
#include "../mmu/mmu.h"

#define MACHINE_RAM_BASE 0x80000000ULL
#define MACHINE_DEFAULT_RAM (128ULL << 20)
#define MACHINE_MAX_HARTS 8

#define MACHINE_MAX_DRIVES 8
#define MACHINE_TRACE_ROOTS 512     /* page-table roots the kernel announced */
#define MACHINE_MAX_SYMBOLS 16      /* --symbols options */

/* A -drive: a raw image file with an id that a -device names. */
struct drive_config {
    const char *file;
    const char *id;
    bool        readonly;      /* readonly=on                              */
    uint64_t    offset, length; /* the disk is this part of file (0 = all)   */
    bool        attached;      /* some -device uses it                     */
};

/* Everything the command line decides. */
struct machine_config {
    const char *kernel;        /* ELF (or raw binary after firmware)        */
    uint64_t    kernel_offset, kernel_length; /* ELF inside a file (guest.img) */
    const char *bios;          /* firmware ELF/binary at RAM base, or NULL  */
    const char *append;        /* kernel command line for /chosen/bootargs  */
    bool        bios_given;    /* -bios appeared (else QEMU's default)      */
    bool        kernel_from_qemu_option; /* -kernel rather than a plain FILE */
    uint64_t    ram_size;
    unsigned    nharts;
    uint64_t    max_insns;     /* 0 = unbounded                            */
    double      timeout;       /* seconds of wall time, 0 = unbounded      */
    bool        stats;         /* print counters at exit                   */
    struct trace_filter trace; /* --trace=KINDS and --trace-pid/va/pa      */
    const char *trace_file;    /* --trace-file (default: text on stderr)   */
    const char *symbols[MACHINE_MAX_SYMBOLS]; /* --symbols: user ELFs or dirs of them */
    unsigned    nsymbols;
    int         check_cow;     /* enum cow_check_mode: --check-cow[=fatal] */
    bool        realtime;      /* mtime follows the host clock             */
    bool        snapshot;      /* disk writes stay in memory               */
    bool        virtio_legacy; /* virtio-mmio version 1 (QEMU's default)   */
    struct drive_config drives[MACHINE_MAX_DRIVES];
    unsigned    ndrives;
    int         slot_drive[MACHINE_MAX_DRIVES]; /* virtio slot -> drive, -1 */
    struct script script;      /* --expect/--send/--script steps          */
    const char *record_file;   /* --record: log console input here        */
    const char *replay_file;   /* --replay: console input from this log   */
    struct dbg_config dbg;     /* -s/-S/-gdb and --break-on               */
    bool        debugger;      /* attach the debugger (dbg asks, or a tty) */
    bool        display_sdl;   /* -display sdl: the window (docs/window.md) */
    const char *pagemap_png;   /* --pagemap-png: the page map at exit     */
};

enum exit_reason {
    EXIT_NONE,
    EXIT_GUEST,        /* the guest powered off or wrote tohost           */
    EXIT_MAX_INSNS,
    EXIT_TIMEOUT,
    EXIT_DEADLOCK,     /* every hart waits and nothing can wake one       */
    EXIT_QUIT,         /* the user typed Ctrl-A X                         */
    EXIT_DEBUGGER,     /* gdb's kill or the monitor's quit                */
    EXIT_CHECK,        /* --check-cow=fatal found a violation             */
    EXIT_WINDOW_CLOSED,/* the user closed the window                      */
};

struct clint;
struct pagestate;
struct plic;
struct rom;
struct testdev;
struct tracedev;
struct uart;
struct vblk;
struct window;

struct machine {
    struct machine_config cfg;
    struct bus     *bus;
    struct dcache  *dcache;
    struct timebase tb;
    struct hart    *harts;
    unsigned        nharts;
    struct clint   *clint;
    struct testdev *testdev;
    struct tracedev *tracedev;      /* the guest's own trace events      */
    struct plic    *plic;
    struct uart    *uart;
    struct rom     *rom;
    struct vblk    *vblk[MACHINE_MAX_DRIVES];  /* per virtio-mmio slot     */
    uint64_t        fdt_addr;       /* where the device tree lies in RAM  */
    void           *fdt_blob;       /* its contents, restored on reboot   */
    size_t          fdt_size;
    uint64_t        reset_pc;       /* where harts start (the boot ROM)   */
    bool            reset_requested; /* the guest asked for a reboot      */
    bool            console_dirty;  /* stdout has unflushed guest output */
    struct console  console;        /* the host side of UART0            */
    struct conlog   conlog;         /* --record / --replay of its input  */
    struct symtab   syms;      /* symbols of the loaded ELF                */

    bool     has_tohost;       /* HTIF: the ELF defines tohost             */
    uint64_t tohost, fromhost;

    /* The trace core, and what its producers keep between events. */
    struct trace    trace;
    struct trace_root { uint64_t root, pid; } trace_roots[MACHINE_TRACE_ROOTS];
    unsigned        trace_nroots;
    struct walk_record trace_walk[MACHINE_MAX_HARTS];  /* last failed walk */
    struct cow_infer *cow_infer;    /* --trace=cow: COW from PTE rewrites */
    struct cow_check *cow_check;    /* --check-cow: the COW checker       */
    bool            trace_walk_valid[MACHINE_MAX_HARTS];

    struct debugger *debug;         /* NULL unless cfg.debugger            */
    struct pagestate *pages;        /* page states for the monitor, the
                                       window and the PNG; or NULL        */
    struct window  *window;         /* -display sdl, or NULL               */

    /* The round of hart slices in progress, kept so that a debugger stop
     * in the middle of one hart's slice resumes exactly there. */
    struct round {
        bool     active;
        bool     cut;          /* left mid-slice for the debugger         */
        bool     ran;
        unsigned next;         /* hart whose slice runs now              */
        uint64_t used;         /* of its budget                          */
        uint64_t slice_start;  /* its instret when the slice began       */
        uint64_t longest;      /* most progress of any hart this round   */
    } round;

    enum exit_reason exit_reason;
    int      exit_code;
    uint64_t total_insns;
    double   start_time;
};

/* Build the machine described by cfg and load cfg->kernel. Returns NULL
 * with a one-line reason in err on bad input. */
struct machine *machine_new(const struct machine_config *cfg, char *err, size_t errlen);
void machine_free(struct machine *m);

/* Run until the guest exits or a bound is hit; returns the process exit
 * status (the guest's code, or non-zero for timeout/limit/deadlock). */
int machine_run(struct machine *m);

/* Ask the run loop to stop with this status (guest poweroff, HTIF). */
void machine_request_exit(struct machine *m, int code);

/* Print statistics to stderr (--stats). */
void machine_print_stats(const struct machine *m);

/* Insert the HTIF handling for tohost writes (htif.c). */
void htif_written(struct machine *m, uint64_t pa, uint64_t len);

#endif
