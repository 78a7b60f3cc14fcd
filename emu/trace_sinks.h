/*
 * trace_sinks.h - writers that register on the trace core: human text,
 * JSON Lines, Chrome trace events (Perfetto), and the end-of-run summary.
 */
#ifndef RVEMU_TRACE_SINKS_H
#define RVEMU_TRACE_SINKS_H

#include <stddef.h>
#include <stdio.h>

#include "symtab.h"
#include "trace.h"
#include "trace_filter.h"

enum trace_format { TRACE_TEXT, TRACE_JSONL, TRACE_CHROME };

/* The format a --trace-file name asks for: .jsonl -> JSON Lines, .json ->
 * Chrome trace (Perfetto), anything else -> text. */
enum trace_format trace_format_for_path(const char *path);

/* Register a writer of records passing filter to out (closed at finish
 * unless it is stderr/stdout). Kernel addresses are symbolized from syms;
 * with usyms (--symbols; may be NULL) the user addresses of a process
 * from its program's symbols. The writer owns usyms from here on, even
 * when it fails. -1 with err on failure. */
int trace_add_writer(struct trace *t, const struct trace_filter *filter, enum trace_format fmt,
                     FILE *out, const struct symtab *syms, struct symset *usyms, char *err,
                     size_t errlen);

/* The Chrome trace-event writer behind TRACE_CHROME (trace_chrome.c):
 * hart and process tracks, COW instants, page counters. Owns usyms. */
int trace_add_chrome_writer(struct trace *t, const struct trace_filter *filter, FILE *out,
                            const struct symtab *syms, struct symset *usyms, char *err,
                            size_t errlen);

/* The symbols of the user programs named by --symbols (files or
 * directories, in order). NULL with err when one cannot be loaded. */
struct symset *trace_load_symbols(const char *const *paths, unsigned n, char *err,
                                  size_t errlen);
/* Free what trace_load_symbols returned (NULL is fine). */
void trace_free_symbols(struct symset *usyms);

/* Register the summary printed at exit to out. */
int trace_add_summary(struct trace *t, FILE *out);

#endif
