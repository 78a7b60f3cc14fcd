/*
 * monitor_impl.h - what monitor.c (the command line, input, registers,
 * memory, control) and monitor_vm.c (page walks, page tables, physical
 * pages and their reference counts, the page map) share. Not for other
 * modules: they use monitor.h.
 */
#ifndef RVEMU_MONITOR_IMPL_H
#define RVEMU_MONITOR_IMPL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "monitor.h"

struct monitor {
    struct machine *m;

    /* The stop being served on the console (monitor_serve), if any. */
    bool     serving;
    struct dbg_stop stop;
    uint64_t stop_satp;      /* the stopped hart's satp when it stopped    */

    unsigned selected;       /* the hart, when no debugger is attached     */
    bool     eof;            /* stdin ended: later stops just continue     */

    /* The window resumed the machine while the monitor waited for a
     * line (its continue/step keys, or it was closed). */
    bool     ui_resumed;
    struct dbg_resume ui_resume;
};

/* The debugger m belongs to, or NULL (unit tests may run without one). */
struct debugger *mon_debugger(const struct monitor *mon);

/* The hart commands look at (the debugger's selected hart). */
unsigned mon_hart(const struct monitor *mon);

/* The stop the machine is in: the one being served, else the debugger's
 * when it is stopped; NULL while running. */
const struct dbg_stop *mon_stop(const struct monitor *mon);

/* Parse an address or value: a register of the selected hart ("sp",
 * "$a0", "x5", "pc"), a number or a symbol ("usertrap+0x10"). On failure
 * prints "CMD: bad WHAT 'S'" to out and returns false. */
bool mon_value(struct monitor *mon, const char *cmd, const char *what, const char *s,
               uint64_t *v, FILE *out);

/* Parse a plain number (decimal or 0x hex) in [lo, hi]; prints an error
 * like mon_value. */
bool mon_count(const char *cmd, const char *what, const char *s, uint64_t lo, uint64_t hi,
               uint64_t *v, FILE *out);

/* ---- monitor_vm.c ---- */

/* The walk of va under satp, level by level (the stop's page fault). */
void mon_print_walk(struct monitor *mon, uint64_t satp, uint64_t va, FILE *out);

/* Commands, as monitor.c's table calls them: argv[0] is the command's
 * name; true when the command resumes the machine (these never do). */
bool mon_cmd_walk(struct monitor *mon, int argc, char **argv, FILE *out, struct dbg_resume *r);
bool mon_cmd_pt(struct monitor *mon, int argc, char **argv, FILE *out, struct dbg_resume *r);
bool mon_cmd_page(struct monitor *mon, int argc, char **argv, FILE *out, struct dbg_resume *r);
bool mon_cmd_pagemap(struct monitor *mon, int argc, char **argv, FILE *out,
                     struct dbg_resume *r);

#endif
