/*
 * debug.h - the debugging core shared by the gdb stub and the monitor:
 * stopping the machine (breakpoints on pc, watchpoints on virtual
 * addresses, --break-on conditions, single steps, a user's interrupt),
 * resuming it, and reading or changing guest state the way a debugger
 * sees it (virtual addresses through the selected hart's MMU, registers
 * and CSRs by number).
 *
 * All-stop model: when one hart stops, every hart stops at an instruction
 * boundary. The round-robin schedule is resumed exactly where it was cut,
 * so a run with breakpoints that only continue sees the same guest
 * behaviour (and the same trace) as a run without them.
 *
 * Front ends (gdbstub.c, monitor.c) are called by the run loop through
 * debug_poll() while the machine runs and debug_serve() while it is
 * stopped; they never run guest code themselves, they answer with a
 * resume request.
 */
#ifndef RVEMU_DEBUG_H
#define RVEMU_DEBUG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct machine;
struct hart;
struct gdbstub;
struct monitor;
struct walk_record;

/* Why the machine is stopped. */
enum dbg_reason {
    DBG_RUNNING = 0,
    DBG_HALTED,         /* -S: stopped before the first instruction         */
    DBG_INTERRUPT,      /* Ctrl-C from gdb, Ctrl-A C on the console          */
    DBG_BREAKPOINT,     /* a pc breakpoint (gdb Z0/Z1 or --break-on=pc=)    */
    DBG_WATCHPOINT,     /* a watched virtual address was accessed           */
    DBG_STEP,           /* a requested single step completed                */
    DBG_PAGE_FAULT,     /* --break-on=page-fault matched a trap just taken  */
    DBG_COW_VIOLATION,  /* the COW checker reported a violation             */
    DBG_GUEST_EXIT,     /* the guest powered off while a debugger listened  */
};

/* Watchpoint kinds, numbered as gdb's Z2/Z3/Z4 packets. */
enum dbg_watch_kind { DBG_WATCH_WRITE = 2, DBG_WATCH_READ = 3, DBG_WATCH_ACCESS = 4 };

struct dbg_stop {
    enum dbg_reason reason;
    unsigned hart;            /* the hart that stopped (gdb's thread - 1) */
    uint64_t addr;            /* breakpoint pc, watched data address, fault va */
    enum dbg_watch_kind watch_kind;  /* DBG_WATCHPOINT: the access that hit */
    uint64_t cause;           /* DBG_PAGE_FAULT: scause/mcause value       */
    uint64_t epc;             /* DBG_PAGE_FAULT: the faulting instruction  */
    uint64_t pid;             /* DBG_PAGE_FAULT/COW: the process, or ~0    */
    bool from_ui;             /* asked for by the window: it serves it     */
    char what[320];           /* one line saying what happened             */
};

/* --break-on=page-fault[,cause=load|store|fetch][,pid=N][,va=LO-HI] */
struct dbg_pf_filter {
    bool     on;
    unsigned causes;          /* bit per cause (12, 13, 15); 0 = all three */
    bool     pid_set;
    uint64_t pid;
    uint64_t va_lo, va_hi;    /* inclusive; 0..~0 = every address          */
};

#define DBG_MAX_BREAKS 64
#define DBG_MAX_WATCHES 16
#define DBG_MAX_PC_SPECS 8

/* What the command line asked of the debugger (parsed by main.c). */
struct dbg_config {
    const char *gdb_listen;   /* "tcp::1234", "tcp:127.0.0.1:N", or NULL   */
    bool        start_halted; /* -S                                        */
    struct dbg_pf_filter pf;  /* --break-on=page-fault...                  */
    bool        break_on_cow; /* --break-on=cow-violation                  */
    const char *break_pc[DBG_MAX_PC_SPECS]; /* --break-on=pc=ADDR|SYMBOL   */
    unsigned    nbreak_pc;
    bool        monitor_stdin; /* stops are served by the monitor on stdin */
};

/* Add one --break-on condition to cfg: "page-fault[,cause=load|store|
 * fetch][,pid=N][,va=LO-HI]", "cow-violation", "pc=ADDR|SYMBOL[+OFF]"
 * (resolved later, once symbols are loaded). 0, or -1 with err. */
int debug_parse_break_on(const char *spec, struct dbg_config *cfg, char *err, size_t errlen);

/* How the user wants to go on after a stop. */
enum dbg_resume_kind {
    DBG_CONTINUE,             /* run until the next stop                   */
    DBG_STEP_HART,            /* run one instruction on hart, then stop    */
    DBG_DETACH,               /* drop every break/watch point, run freely  */
    DBG_KILL,                 /* end the emulator (gdb kill, monitor quit) */
};

struct dbg_resume {
    enum dbg_resume_kind kind;
    unsigned hart;            /* DBG_STEP_HART                             */
    uint64_t steps;           /* DBG_STEP_HART: instructions (>= 1)        */
    bool from_ui;             /* the window asked: the step's stop is its  */
};

/* A front end that is not a command line: the window (ui/window_sdl.c).
 * It serves the stops it asked for (its pause and step keys), and while
 * the monitor waits for a line on the terminal it keeps drawing through
 * idle, which may answer with a resume of its own. */
struct dbg_ui {
    struct dbg_resume (*serve)(void *ctx, const struct dbg_stop *stop);
    bool (*idle)(void *ctx, struct dbg_resume *r);   /* true: resume with *r */
    void *ctx;
};

struct debugger {
    struct machine *m;
    struct dbg_config cfg;
    struct gdbstub *gdb;      /* NULL without -s/-gdb                      */
    struct monitor *mon;      /* the console monitor (always present)      */
    struct dbg_ui ui;         /* the window's hooks, or all NULL           */

    bool stopped;             /* the machine is stopped at stop            */
    struct dbg_stop stop;
    bool stop_pending;        /* a stop was requested; harts are leaving   */
    unsigned selected;        /* hart for register and memory access       */

    uint64_t breaks[DBG_MAX_BREAKS];
    unsigned nbreaks;
    struct dbg_watch { uint64_t addr, len; enum dbg_watch_kind kind; } watches[DBG_MAX_WATCHES];
    unsigned nwatches;

    int      step_hart;       /* hart being stepped, or -1                 */
    uint64_t step_left;
    bool     step_from_ui;    /* the window asked for the step             */
    uint64_t skip_break_pc[8]; /* per hart: resume over this breakpoint once */
};

/* Create the debugger for m (after the harts exist); 0 or -1 with err. */
int debug_attach(struct machine *m, const struct dbg_config *cfg, char *err, size_t errlen);
void debug_detach_all(struct machine *m);   /* free front ends at exit */

/* ---- stopping ---- */

/* Stop the whole machine at the next instruction boundary for reason;
 * called from hooks while a hart runs (hart = the one that saw it). The
 * what line is printf-style. Later requests before the stop is served
 * are ignored (the first reason wins). */
void debug_request_stop(struct machine *m, unsigned hart, const struct dbg_stop *stop);

/* Breakpoints on virtual pc (gdb's software and hardware ones alike).
 * Return 0, or -1 when the table is full (remove: not found). */
int debug_add_break(struct debugger *d, uint64_t pc);
int debug_remove_break(struct debugger *d, uint64_t pc);
int debug_add_watch(struct debugger *d, uint64_t addr, uint64_t len, enum dbg_watch_kind kind);
int debug_remove_watch(struct debugger *d, uint64_t addr, uint64_t len, enum dbg_watch_kind kind);

/* ---- inspecting (the selected hart's view) ---- */

/* Read/write guest memory at a virtual address as the hart would see it
 * now (its satp and privilege, MPRV ignored; bare when M-mode or satp
 * off), without setting A/D bits and without faults. Returns the number
 * of bytes done (short at the first untranslatable or non-RAM byte;
 * device registers are not touched). */
size_t debug_read_virt(struct machine *m, unsigned hart, uint64_t va, void *buf, size_t len);
size_t debug_write_virt(struct machine *m, unsigned hart, uint64_t va, const void *buf, size_t len);

/* Physical RAM access for the monitor's page commands; same contract. */
size_t debug_read_phys(struct machine *m, uint64_t pa, void *buf, size_t len);

/* Walk va under root (a satp value; 0 = the hart's satp) for a load by
 * S-mode with no side effects, filling rec. */
void debug_walk(struct machine *m, unsigned hart, uint64_t satp, uint64_t va,
                struct walk_record *rec);

/* Registers by gdb's RISC-V numbering: 0-31 x, 32 pc, 33-64 f, 65 + csr
 * number for CSRs (fflags 66, frm 67, fcsr 68, ...), 4161 the privilege
 * level ("priv"). Returns false for an unknown register. */
bool debug_get_reg(struct machine *m, unsigned hart, unsigned regno, uint64_t *val);
bool debug_set_reg(struct machine *m, unsigned hart, unsigned regno, uint64_t val);

#define DBG_REG_PC 32
#define DBG_REG_F0 33
#define DBG_REG_CSR0 65
#define DBG_REG_PRIV 4161

/* "0x80002a1c <usertrap+0x5c>" into buf (kernel symbols, or the user
 * program's when --symbols knows it). */
const char *debug_format_pc(struct machine *m, uint64_t pc, char *buf, size_t size);

/* Resolve "0x80001000", "1234", "usertrap", "usertrap+0x10". */
bool debug_parse_addr(struct machine *m, const char *s, uint64_t *addr);

/* ---- the run loop's side ---- */

/* While running: let front ends look for a connection or an interrupt
 * (cheap; called every few rounds). */
void debug_poll(struct machine *m);

/* While stopped: hand the stop to gdb (if connected) or the monitor and
 * apply the answer. Returns false when the user asked to end the run
 * (the machine's exit reason is set). */
bool debug_serve(struct machine *m);

/* After a reset cleared the harts: put the debugger's hooks back. */
void debug_harts_reset(struct machine *m);

/* The run loop ran n instructions on hart k (counts a step request down),
 * and asks how many hart k may run of budget before a step ends. */
void debug_ran(struct machine *m, unsigned k, uint64_t n);
uint64_t debug_step_limit(const struct machine *m, unsigned k, uint64_t budget);

/* While one hart single-steps the others hold still, as gdb's vCont;s
 * for one thread asks and as a monitor user expects; but not while the
 * stepped hart waits in wfi (debug.c says why). */
bool debug_holds(const struct debugger *d, unsigned k);

/* Apply a resume request (front ends may also call it through serve). */
void debug_resume(struct machine *m, const struct dbg_resume *r);

/* Short names for reasons ("breakpoint", "page fault", ...). */
const char *debug_reason_name(enum dbg_reason r);

#endif
