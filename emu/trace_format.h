/*
 * trace_format.h - one trace record as a line of text (for people: the
 * text sink, the monitor's history) or as one JSON object (JSON Lines).
 * Code addresses are symbolized from syms when given.
 */
#ifndef RVEMU_TRACE_FORMAT_H
#define RVEMU_TRACE_FORMAT_H

#include <stddef.h>

#include "symtab.h"
#include "trace.h"

/* The record as one line (no newline); page faults add an indented
 * second line with the walk. Returns buf. */
char *trace_format_text(const struct trace_rec *r, const struct symtab *syms, char *buf,
                        size_t size);
/* The record as one JSON object (no newline). Returns buf. */
char *trace_format_json(const struct trace_rec *r, const struct symtab *syms, char *buf,
                        size_t size);
/* "cow-copy", "page-fault", ...: the record's event name. */
const char *trace_event_name(const struct trace_rec *r);
/* Exception cause name ("store page fault"), or NULL. */
const char *trace_cause_name(uint64_t cause);

#endif
