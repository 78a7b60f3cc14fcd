/*
 * trace_chrome.c - the Chrome trace-event JSON writer (--trace-file=X.json),
 * for ui.perfetto.dev and chrome://tracing.
 *
 * Layout of the timeline:
 *   pid 1 "harts":     one thread per hart ("hart N", tid N) carrying the
 *                      instants of what the hardware did (page faults,
 *                      traps, satp writes, sfence.vma, inferred COW).
 *   pid 2 "processes": one thread per guest process (tid = guest pid),
 *                      named from proc-exec, with a B/E span per program
 *                      image (proc-create or proc-exec -> next exec or
 *                      proc-exit) and the instants the kernel reported
 *                      about that process (cow-copy, cow-reclaim, kill).
 *   pid 3 "memory":    counters: pages shared (count > 1, from ref+/ref-)
 *                      and pages allocated minus freed since the start.
 *
 * Time is the machine's retired-instruction count at the guest's time
 * base of 100 instructions per microsecond, printed exactly (two decimal
 * places), so the file is as deterministic as the run.
 *
 * The file is one JSON object; the closing "]}" is written by finish,
 * which machine_free runs on every exit path (timeouts, Ctrl-A X, guest
 * failures), so a cut-short run still gives valid JSON.
 */
#include "trace_sinks.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "trace_format.h"
#include "tracedev.h"

#define PID_HARTS 1
#define PID_PROCS 2
#define PID_MEMORY 3
#define CHROME_HARTS 256          /* r->hart is 8 bits */
#define INSNS_PER_US 100

/* A guest process seen so far: its name and whether its span is open. */
struct chrome_proc {
    uint64_t pid;
    char name[17];
    bool open;                    /* a "B" without its "E" yet */
};

struct chrome {
    struct trace_filter filter;
    FILE *out;
    const struct symtab *syms;
    struct symset *usyms;         /* --symbols, or NULL */
    struct trace_procs progs;     /* who runs what, for usyms */
    bool any;                     /* an event was written: next needs "," */
    bool hart_named[CHROME_HARTS];
    struct chrome_proc *procs;
    size_t nprocs, cap;
    int64_t shared, allocated;    /* counter values */
    uint64_t last_insn;           /* latest timestamp, to close spans at the end */
};

/* Start one element of traceEvents. */
static void begin(struct chrome *c)
{
    fputs(c->any ? ",\n" : "\n", c->out);
    c->any = true;
}

static void put_ts(struct chrome *c, uint64_t insn)
{
    fprintf(c->out, "\"ts\":%" PRIu64 ".%02u", insn / INSNS_PER_US,
            (unsigned)(insn % INSNS_PER_US));
}

/* A JSON string literal: names come from guest memory, so anything goes. */
static void put_str(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\')
            fprintf(out, "\\%c", ch);
        else if (ch < 32 || ch > 126)
            fprintf(out, "\\u%04x", ch);
        else
            fputc(ch, out);
    }
    fputc('"', out);
}

static void meta(struct chrome *c, const char *what, unsigned pid, const uint64_t *tid,
                 const char *name)
{
    begin(c);
    /* Process metadata may leave tid out, but some readers want every
     * event to have one: 0 stands for the process. */
    fprintf(c->out, "{\"name\":\"%s\",\"ph\":\"M\",\"pid\":%u,\"tid\":%" PRIu64, what, pid,
            tid ? *tid : 0);
    fputs(",\"args\":{\"name\":", c->out);
    put_str(c->out, name);
    fputs("}}", c->out);
}

static void name_hart(struct chrome *c, unsigned hart)
{
    if (c->hart_named[hart])
        return;
    c->hart_named[hart] = true;
    char name[16];
    snprintf(name, sizeof(name), "hart %u", hart);
    uint64_t tid = hart;
    meta(c, "thread_name", PID_HARTS, &tid, name);
}

static struct chrome_proc *find_proc(struct chrome *c, uint64_t pid, bool create)
{
    for (size_t k = 0; k < c->nprocs; k++)
        if (c->procs[k].pid == pid)
            return &c->procs[k];
    if (!create)
        return NULL;
    if (c->nprocs == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 64;
        struct chrome_proc *p = realloc(c->procs, cap * sizeof(*p));
        if (!p)
            return NULL;
        c->procs = p;
        c->cap = cap;
    }
    struct chrome_proc *p = &c->procs[c->nprocs++];
    *p = (struct chrome_proc){ .pid = pid };
    snprintf(p->name, sizeof(p->name), "pid %" PRIu64, pid);
    return p;
}

/* The track of a process an instant is about. One not seen in a
 * proc-create or proc-exec (filtered out, or older than the trace) gets
 * its name here, so that no track is left unnamed. */
static bool proc_track(struct chrome *c, uint64_t pid)
{
    if (find_proc(c, pid, false))
        return true;
    struct chrome_proc *p = find_proc(c, pid, true);
    if (!p)
        return false;
    meta(c, "thread_name", PID_PROCS, &pid, p->name);
    return true;
}

/* An instant on track (pid, tid) with the record as its args. */
static void instant(struct chrome *c, const struct trace_rec *r, const char *cat, unsigned pid,
                    uint64_t tid)
{
    char args[4096];          /* symbol names escaped as \u00XX need room */
    const struct symtab *u =
        c->usyms ? symset_find(c->usyms, trace_procs_program(&c->progs, r)) : NULL;
    trace_format_json_user(r, c->syms, u, args, sizeof(args));
    begin(c);
    fputs("{\"name\":", c->out);
    put_str(c->out, trace_event_name(r));
    fprintf(c->out, ",\"cat\":\"%s\",\"ph\":\"i\",\"s\":\"t\",", cat);
    put_ts(c, r->insn);
    fprintf(c->out, ",\"pid\":%u,\"tid\":%" PRIu64 ",\"args\":%s}", pid, tid, args);
}

static void counter(struct chrome *c, uint64_t insn, const char *name, int64_t value)
{
    begin(c);
    fprintf(c->out, "{\"name\":\"%s\",\"ph\":\"C\",", name);
    put_ts(c, insn);
    fprintf(c->out, ",\"pid\":%u,\"tid\":0,\"args\":{\"pages\":%" PRId64 "}}", PID_MEMORY,
            value);
}

static void span(struct chrome *c, struct chrome_proc *p, uint64_t insn, bool start,
                 const char *why)
{
    begin(c);
    fputs("{\"name\":", c->out);
    put_str(c->out, p->name);
    fprintf(c->out, ",\"cat\":\"proc\",\"ph\":\"%s\",", start ? "B" : "E");
    put_ts(c, insn);
    fprintf(c->out, ",\"pid\":%u,\"tid\":%" PRIu64 ",\"args\":{\"why\":\"%s\"}}", PID_PROCS,
            p->pid, why);
    p->open = start;
}

static bool pid_shown(const struct chrome *c, uint64_t pid)
{
    return !c->filter.has_pid || c->filter.pid == pid;
}

/* proc-create / proc-exec / proc-exit: the process tracks. */
static void process_event(struct chrome *c, const struct trace_rec *r)
{
    uint64_t pid = r->a[0];
    if (!pid_shown(c, pid))
        return;
    struct chrome_proc *p = find_proc(c, pid, true);
    if (!p)
        return;
    switch (r->sub) {
    case TEV_PROC_CREATE: {
        /* The old span ends under the name it began with. */
        if (p->open)
            span(c, p, r->insn, false, "pid reused");
        /* A forked child runs its parent's image until it execs. */
        const struct chrome_proc *parent = find_proc(c, r->a[2], false);
        if (parent && strncmp(parent->name, "pid ", 4) != 0)
            snprintf(p->name, sizeof(p->name), "%s", parent->name);
        else
            snprintf(p->name, sizeof(p->name), "pid %" PRIu64, pid);
        meta(c, "thread_name", PID_PROCS, &pid, p->name);
        span(c, p, r->insn, true, "proc-create");
        break;
    }
    case TEV_PROC_EXEC: {
        char name[17];
        memcpy(name, &r->a[2], 8);
        memcpy(name + 8, &r->a[3], 8);
        name[16] = '\0';
        if (p->open)
            span(c, p, r->insn, false, "proc-exec");
        snprintf(p->name, sizeof(p->name), "%s", name);
        meta(c, "thread_name", PID_PROCS, &pid, p->name);
        span(c, p, r->insn, true, "proc-exec");
        break;
    }
    case TEV_PROC_EXIT:
        if (p->open)
            span(c, p, r->insn, false, "proc-exit");
        break;
    default:
        break;
    }
}

/* ref+/ref-/alloc/free feed the counters. */
static void memory_event(struct chrome *c, const struct trace_rec *r)
{
    switch (r->sub) {
    case TEV_REF_INC:
        if (r->a[1] == 2)
            counter(c, r->insn, "shared pages", ++c->shared);
        break;
    case TEV_REF_DEC:
        if (r->a[1] == 1)
            counter(c, r->insn, "shared pages", --c->shared);
        break;
    case TEV_PAGE_ALLOC:
        counter(c, r->insn, "allocated pages (allocs - frees)", ++c->allocated);
        break;
    case TEV_PAGE_FREE:
        counter(c, r->insn, "allocated pages (allocs - frees)", --c->allocated);
        break;
    default:
        break;
    }
}

static void chrome_event(void *ctx, const struct trace_rec *r)
{
    struct chrome *c = ctx;
    c->last_insn = r->insn;
    name_hart(c, r->hart);
    if (c->usyms)
        trace_procs_update(&c->progs, r);
    /* The structure (process tracks, counters) is built from every
     * kernel event, whatever the kinds shown, so that the instants the
     * filter selects sit on named tracks. */
    if (r->kind == TR_KERNEL) {
        if (r->sub == TEV_PROC_CREATE || r->sub == TEV_PROC_EXEC || r->sub == TEV_PROC_EXIT) {
            process_event(c, r);
            return;
        }
        if (r->sub == TEV_REF_INC || r->sub == TEV_REF_DEC || r->sub == TEV_PAGE_ALLOC ||
            r->sub == TEV_PAGE_FREE) {
            memory_event(c, r);
            return;
        }
    }
    if (!trace_filter_match(&c->filter, r))
        return;
    uint64_t pid;
    if (r->kind == TR_KERNEL && r->sub == TEV_COW_SHARE) {
        /* a share is about the child: it now maps the parent's page */
        if (proc_track(c, r->a[1]))
            instant(c, r, "cow", PID_PROCS, r->a[1]);
    } else if (r->kind == TR_KERNEL && trace_rec_pid(r, &pid)) {
        if (proc_track(c, pid))
            instant(c, r, "cow", PID_PROCS, pid);
    } else {
        const char *cat = r->kind == TR_KERNEL || r->kind == TR_COW_INFER ? "cow"
                          : r->kind == TR_CHECK                           ? "check"
                                                                          : "hw";
        instant(c, r, cat, PID_HARTS, r->hart);
    }
}

static void chrome_finish(void *ctx)
{
    struct chrome *c = ctx;
    /* Processes still running when the trace stops: end their spans at
     * the last record so viewers draw them to the end. */
    for (size_t k = 0; k < c->nprocs; k++)
        if (c->procs[k].open)
            span(c, &c->procs[k], c->last_insn, false, "end of trace");
    fputs("\n],\n\"displayTimeUnit\":\"ns\"}\n", c->out);
    if (c->out == stderr || c->out == stdout)
        fflush(c->out);
    else
        fclose(c->out);
    free(c->procs);
    trace_procs_free(&c->progs);
    trace_free_symbols(c->usyms);
    free(c);
}

int trace_add_chrome_writer(struct trace *t, const struct trace_filter *filter, FILE *out,
                            const struct symtab *syms, struct symset *usyms, char *err,
                            size_t errlen)
{
    struct chrome *c = calloc(1, sizeof(*c));
    if (!c) {
        trace_free_symbols(usyms);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    c->filter = *filter;
    c->out = out;
    c->syms = syms;
    c->usyms = usyms;
    trace_procs_init(&c->progs);
    if (trace_add_sink(t, filter->kinds | TRACE_MASK(TR_KERNEL),
                       (struct trace_sink){ chrome_event, chrome_finish, c })) {
        trace_free_symbols(usyms);
        free(c);
        snprintf(err, errlen, "too many trace sinks");
        return -1;
    }
    fputs("{\"traceEvents\":[", out);
    meta(c, "process_name", PID_HARTS, NULL, "harts");
    meta(c, "process_name", PID_PROCS, NULL, "processes");
    meta(c, "process_name", PID_MEMORY, NULL, "memory");
    return 0;
}
