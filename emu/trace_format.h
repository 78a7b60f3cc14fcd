/*
 * trace_format.h - one trace record as a line of text (for people: the
 * text sink, the monitor's history) or as one JSON object (JSON Lines).
 * Code addresses are symbolized from syms when given, user addresses
 * from the symbols of the process's program (--symbols).
 */
#ifndef RVEMU_TRACE_FORMAT_H
#define RVEMU_TRACE_FORMAT_H

#include <stddef.h>
#include <stdint.h>

#include "symtab.h"
#include "trace.h"

/* The record as one line (no newline); page faults add an indented
 * second line with the walk. Returns buf. */
char *trace_format_text(const struct trace_rec *r, const struct symtab *syms, char *buf,
                        size_t size);
/* The record as one JSON object (no newline). Returns buf. */
char *trace_format_json(const struct trace_rec *r, const struct symtab *syms, char *buf,
                        size_t size);
/* The same with the user addresses of r (a U-mode pc, a process's va)
 * symbolized from usyms, the symbols of the program they belong to
 * (trace_procs_program); with usyms NULL these are the two above. */
char *trace_format_text_user(const struct trace_rec *r, const struct symtab *syms,
                             const struct symtab *usyms, char *buf, size_t size);
char *trace_format_json_user(const struct trace_rec *r, const struct symtab *syms,
                             const struct symtab *usyms, char *buf, size_t size);

/* Which program each guest process runs, as the kernel's proc-create
 * (a child runs its parent's program), proc-exec and proc-exit events
 * tell it, with the address space (page-table root) it runs in. A
 * process that exited is remembered a while: the checker reports its
 * leaks after the exit. */
struct trace_procs {
    struct trace_proc {
        uint64_t pid, root;     /* root ~0 once exited                 */
        uint64_t exited;        /* 0 while alive, else its exit number */
        char name[17];
    } *v;
    size_t n, cap;
    uint64_t exits;
};

void trace_procs_init(struct trace_procs *p);
void trace_procs_free(struct trace_procs *p);
/* Follow r if it is a process event; anything else is ignored. */
void trace_procs_update(struct trace_procs *p, const struct trace_rec *r);
/* The program whose addresses r's user addresses are ("" if unknown or
 * r has none): a U-mode trap or fault by its address space, a kernel
 * event by its pid. */
const char *trace_procs_program(const struct trace_procs *p, const struct trace_rec *r);

/* "cow-copy", "page-fault", ...: the record's event name. */
const char *trace_event_name(const struct trace_rec *r);
/* Exception cause name ("store page fault"), or NULL. */
const char *trace_cause_name(uint64_t cause);

#endif
