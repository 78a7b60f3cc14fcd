/*
 * trace_sinks.c - the text and JSON Lines writers and the summary.
 */
#include "trace_sinks.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "trace_format.h"
#include "tracedev.h"

enum trace_format trace_format_for_path(const char *path)
{
    size_t n = strlen(path);
    if (n >= 6 && !strcmp(path + n - 6, ".jsonl"))
        return TRACE_JSONL;
    if (n >= 5 && !strcmp(path + n - 5, ".json"))
        return TRACE_CHROME;
    return TRACE_TEXT;
}

struct symset *trace_load_symbols(const char *const *paths, unsigned n, char *err,
                                  size_t errlen)
{
    struct symset *u = malloc(sizeof(*u));
    if (!u) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    symset_init(u);
    for (unsigned k = 0; k < n; k++) {
        char why[768];
        if (symset_load(u, paths[k], why, sizeof(why)) != 0) {
            snprintf(err, errlen, "--symbols %s", why);
            trace_free_symbols(u);
            return NULL;
        }
    }
    return u;
}

void trace_free_symbols(struct symset *usyms)
{
    if (usyms) {
        symset_free(usyms);
        free(usyms);
    }
}

struct writer {
    struct trace_filter filter;
    enum trace_format fmt;
    FILE *out;
    const struct symtab *syms;
    struct symset *usyms;         /* NULL: no --symbols */
    struct trace_procs procs;     /* followed only with usyms */
};

static void writer_event(void *ctx, const struct trace_rec *r)
{
    struct writer *w = ctx;
    /* Process events arrive whatever the filter shows: they say which
     * program a later fault's addresses belong to. */
    if (w->usyms)
        trace_procs_update(&w->procs, r);
    if (!trace_filter_match(&w->filter, r))
        return;
    const struct symtab *u =
        w->usyms ? symset_find(w->usyms, trace_procs_program(&w->procs, r)) : NULL;
    char line[4096];      /* room for two symbol names and a full walk */
    if (w->fmt == TRACE_JSONL)
        trace_format_json_user(r, w->syms, u, line, sizeof(line));
    else
        trace_format_text_user(r, w->syms, u, line, sizeof(line));
    fputs(line, w->out);
    fputc('\n', w->out);
}

static void writer_finish(void *ctx)
{
    struct writer *w = ctx;
    if (w->out == stderr || w->out == stdout)
        fflush(w->out);
    else
        fclose(w->out);
    trace_procs_free(&w->procs);
    trace_free_symbols(w->usyms);
    free(w);
}

int trace_add_writer(struct trace *t, const struct trace_filter *filter, enum trace_format fmt,
                     FILE *out, const struct symtab *syms, struct symset *usyms, char *err,
                     size_t errlen)
{
    if (fmt == TRACE_CHROME)
        return trace_add_chrome_writer(t, filter, out, syms, usyms, err, errlen);
    struct writer *w = calloc(1, sizeof(*w));
    if (!w) {
        trace_free_symbols(usyms);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    *w = (struct writer){ .filter = *filter, .fmt = fmt, .out = out, .syms = syms,
                          .usyms = usyms };
    trace_procs_init(&w->procs);
    uint32_t mask = filter->kinds | (usyms ? TRACE_MASK(TR_KERNEL) : 0);
    if (trace_add_sink(t, mask, (struct trace_sink){ writer_event, writer_finish, w })) {
        trace_free_symbols(usyms);
        free(w);
        snprintf(err, errlen, "too many trace sinks");
        return -1;
    }
    return 0;
}

/* ---- summary ---- */

#define SUMMARY_PIDS 64

struct summary {
    FILE *out;
    uint64_t faults[16];                 /* by cause 12/13/15 (others 0)   */
    struct { uint64_t pid, faults; } by_pid[SUMMARY_PIDS];
    unsigned npids;
    uint64_t copies, reclaims, shares, kills, inferred;
    uint64_t allocs, frees;
    int64_t  shared_now, shared_peak;    /* pages with count > 1           */
    bool     kernel_seen;
};

static void count_pid(struct summary *s, uint64_t pid)
{
    for (unsigned k = 0; k < s->npids; k++) {
        if (s->by_pid[k].pid == pid) {
            s->by_pid[k].faults++;
            return;
        }
    }
    if (s->npids < SUMMARY_PIDS)
        s->by_pid[s->npids++] = (typeof(s->by_pid[0])){ pid, 1 };
}

static void summary_event(void *ctx, const struct trace_rec *r)
{
    struct summary *s = ctx;
    switch (r->kind) {
    case TR_PAGE_FAULT:
        s->faults[r->a[0] & 15]++;
        count_pid(s, r->a[5]);
        break;
    case TR_COW_INFER:
        s->inferred++;
        break;
    case TR_KERNEL:
        s->kernel_seen = true;
        switch (r->sub) {
        case TEV_PAGE_ALLOC: s->allocs++; break;
        case TEV_PAGE_FREE: s->frees++; break;
        case TEV_COW_COPY: s->copies++; break;
        case TEV_COW_RECLAIM: s->reclaims++; break;
        case TEV_COW_SHARE: s->shares++; break;
        case TEV_KILL_RO_WRITE: s->kills++; break;
        case TEV_REF_INC:
            if (r->a[1] == 2 && ++s->shared_now > s->shared_peak)
                s->shared_peak = s->shared_now;
            break;
        case TEV_REF_DEC:
            if (r->a[1] == 1)
                s->shared_now--;
            break;
        default: break;
        }
        break;
    default:
        break;
    }
}

static void summary_finish(void *ctx)
{
    struct summary *s = ctx;
    FILE *o = s->out;
    fprintf(o, "rvemu: trace summary: page faults: %" PRIu64 " fetch, %" PRIu64 " load, %" PRIu64
            " store\n", s->faults[12], s->faults[13], s->faults[15]);
    if (s->npids) {
        fprintf(o, "rvemu: trace summary: page faults by pid:");
        for (unsigned k = 0; k < s->npids; k++) {
            if (s->by_pid[k].pid == ~(uint64_t)0)
                fprintf(o, " unknown:%" PRIu64, s->by_pid[k].faults);
            else
                fprintf(o, " %" PRIu64 ":%" PRIu64, s->by_pid[k].pid, s->by_pid[k].faults);
        }
        fprintf(o, "%s\n", s->npids == SUMMARY_PIDS ? " ..." : "");
    }
    if (s->kernel_seen)
        fprintf(o, "rvemu: trace summary: COW shares %" PRIu64 ", copies %" PRIu64 ", reclaims %"
                PRIu64 ", kills for read-only writes %" PRIu64 ", peak shared pages %" PRId64
                ", pages allocated %" PRIu64 ", freed %" PRIu64 ", still allocated %" PRId64 "\n",
                s->shares, s->copies, s->reclaims, s->kills, s->shared_peak, s->allocs, s->frees,
                (int64_t)(s->allocs - s->frees));
    if (s->inferred)
        fprintf(o, "rvemu: trace summary: COW resolutions inferred from page tables: %" PRIu64
                "\n", s->inferred);
    fflush(o);
    free(s);
}

int trace_add_summary(struct trace *t, FILE *out)
{
    struct summary *s = calloc(1, sizeof(*s));
    if (!s)
        return -1;
    s->out = out;
    uint32_t mask = TRACE_MASK(TR_PAGE_FAULT) | TRACE_MASK(TR_KERNEL) | TRACE_MASK(TR_COW_INFER);
    if (trace_add_sink(t, mask, (struct trace_sink){ summary_event, summary_finish, s })) {
        free(s);
        return -1;
    }
    return 0;
}
