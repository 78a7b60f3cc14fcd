/*
 * monitor_impl.h - what monitor.c (the command line, input, registers,
 * memory, control) and monitor_vm.c (page walks, page tables, physical
 * pages and their reference counts) share. Not for other modules: they
 * use monitor.h.
 */
#ifndef RVEMU_MONITOR_IMPL_H
#define RVEMU_MONITOR_IMPL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "monitor.h"

/* What the kernel's trace events say about one physical page. */
enum mon_page_state {
    MON_PAGE_UNSEEN = 0,     /* no alloc/ref/free event since the start    */
    MON_PAGE_LIVE,           /* allocated; count is the kernel's own       */
    MON_PAGE_FREE,           /* back on the free list                      */
};

struct mon_page {
    uint32_t count;          /* the count of the last ref+/ref- (alloc: 1) */
    uint8_t  state;          /* enum mon_page_state                        */
    uint8_t  page_table;     /* allocated as a page-table page             */
    uint8_t  last_event;     /* TEV_* code that set count                  */
};

struct monitor {
    struct machine *m;

    /* Reference counts, one entry per RAM page, kept by a trace sink. */
    struct mon_page *pages;
    uint64_t npages;
    int      sink;           /* index in m->trace.sinks, or -1             */

    /* The stop being served on the console (monitor_serve), if any. */
    bool     serving;
    struct dbg_stop stop;
    uint64_t stop_satp;      /* the stopped hart's satp when it stopped    */

    unsigned selected;       /* the hart, when no debugger is attached     */
    bool     eof;            /* stdin ended: later stops just continue     */
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

/* Register the reference-count sink on m->trace; -1 when the trace has
 * no room left for it. */
int mon_pages_attach(struct monitor *mon);
/* Unhook the sink (the trace outlives the monitor) and free the counts. */
void mon_pages_detach(struct monitor *mon);

/* The walk of va under satp, level by level (the stop's page fault). */
void mon_print_walk(struct monitor *mon, uint64_t satp, uint64_t va, FILE *out);

/* Commands, as monitor.c's table calls them: argv[0] is the command's
 * name; true when the command resumes the machine (these never do). */
bool mon_cmd_walk(struct monitor *mon, int argc, char **argv, FILE *out, struct dbg_resume *r);
bool mon_cmd_pt(struct monitor *mon, int argc, char **argv, FILE *out, struct dbg_resume *r);
bool mon_cmd_page(struct monitor *mon, int argc, char **argv, FILE *out, struct dbg_resume *r);

#endif
