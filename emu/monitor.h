/*
 * monitor.h - the built-in monitor: a command line on the console for
 * people without gdb (regs, csr, walk, pt, page, pagemap, x, dis, step, continue,
 * events, where, help), entered on a --break-on stop or with Ctrl-A C,
 * and reachable from gdb as "monitor ...".
 */
#ifndef RVEMU_MONITOR_H
#define RVEMU_MONITOR_H

#include <stdbool.h>
#include <stdio.h>

#include "debug.h"

struct monitor *monitor_new(struct machine *m);
void monitor_free(struct monitor *mon);

/* Serve a stop on the console: print what stopped the machine (the what
 * line, the hart, its pc symbolized; for page faults the walk), then read
 * commands from stdin until one resumes. End of input continues to the
 * end of the run with every break removed (so a script of commands may
 * simply stop). */
struct dbg_resume monitor_serve(struct monitor *mon, const struct dbg_stop *stop);

/* Run one command line, writing its output to out (the console, or the
 * buffer a gdb qRcmd reply is made from). Returns true when the command
 * resumes the machine and fills *r (continue, step); from gdb, where
 * resuming is gdb's own business, pass r = NULL: such commands then say
 * to use gdb's continue/step instead. */
bool monitor_exec(struct monitor *mon, const char *line, FILE *out, struct dbg_resume *r);

#endif
