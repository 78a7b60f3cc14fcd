/*
 * trace_format.c - records as text lines and JSON objects.
 */
#include "trace_format.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cow_check.h"
#include "mmu.h"
#include "riscv.h"
#include "tracedev.h"

/* Appending printf that never overflows. */
struct out {
    char *buf;
    size_t size, len;
};

static void put(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct out *o, const char *fmt, ...)
{
    if (o->len >= o->size)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(o->buf + o->len, o->size - o->len, fmt, ap);
    va_end(ap);
    if (n > 0)
        o->len += (size_t)n < o->size - o->len ? (size_t)n : o->size - o->len - 1;
}

const char *trace_cause_name(uint64_t cause)
{
    static const char *const exc[] = {
        "instruction address misaligned", "instruction access fault", "illegal instruction",
        "breakpoint", "load address misaligned", "load access fault",
        "store address misaligned", "store access fault", "ecall from U", "ecall from S",
        NULL, "ecall from M", "instruction page fault", "load page fault", NULL,
        "store page fault",
    };
    static const char *const irq[] = {
        NULL, "supervisor software interrupt", NULL, "machine software interrupt",
        NULL, "supervisor timer interrupt", NULL, "machine timer interrupt",
        NULL, "supervisor external interrupt", NULL, "machine external interrupt",
    };
    bool interrupt = cause >> 63;
    uint64_t code = cause & ~(1ULL << 63);
    if (interrupt)
        return code < sizeof(irq) / sizeof(irq[0]) ? irq[code] : NULL;
    return code < sizeof(exc) / sizeof(exc[0]) ? exc[code] : NULL;
}

const char *trace_event_name(const struct trace_rec *r)
{
    switch (r->kind) {
    case TR_KERNEL: {
        const char *n = tracedev_event_name(r->sub);
        return n ? n : "kernel-unknown";
    }
    case TR_COW_INFER:
        return r->sub == 0 ? "cow-resolved" : "made-writable";
    default:
        return trace_kind_name(r->kind);
    }
}

static const char *access_of(uint64_t cause)
{
    return cause == 12 ? "fetch" : cause == 13 ? "load" : cause == 15 ? "store" : "?";
}

/* "0x80002a1c <usertrap+0x5c>" or just the address. */
static void code_addr(struct out *o, const struct symtab *syms, uint64_t addr)
{
    char sym[160];
    put(o, "0x%" PRIx64, addr);
    if (syms && symtab_format(syms, addr, sym, sizeof(sym)) && sym[0])
        put(o, " %s", sym);
}

/* The program name of a proc-exec event (ARG2, ARG3: 16 NUL-padded
 * bytes), with anything unprintable shown as '?' so text and JSON stay
 * clean whatever the guest wrote. */
static void exec_name(const uint64_t *a, char name[17])
{
    memcpy(name, &a[2], 8);
    memcpy(name + 8, &a[3], 8);
    name[16] = '\0';
    for (char *c = name; *c; c++)
        if (*c < 32 || *c > 126)
            *c = '?';
}

/* A user-mode code address: from the program's symbols when it has
 * them, else as any code address (the old output, unchanged). */
static void user_code_addr(struct out *o, const struct symtab *syms, const struct symtab *usyms,
                           uint64_t addr)
{
    char sym[160];
    if (usyms && symtab_format(usyms, addr, sym, sizeof(sym)) && sym[0])
        put(o, "0x%" PRIx64 " %s", addr, sym);
    else
        code_addr(o, syms, addr);
}

/* " <buf.2+0x40>" after a process's virtual address that lies in one of
 * its program's sized symbols; nothing otherwise (heap, stack). */
static void user_va_sym(struct out *o, const struct symtab *usyms, uint64_t va)
{
    char sym[160];
    if (usyms && symtab_format_data(usyms, va, sym, sizeof(sym)) && sym[0])
        put(o, " %s", sym);
}

static void pid_text(struct out *o, uint64_t pid)
{
    if (pid != ~(uint64_t)0)
        put(o, " pid=%" PRIu64, pid);
}

char *trace_format_text(const struct trace_rec *r, const struct symtab *syms, char *buf,
                        size_t size)
{
    return trace_format_text_user(r, syms, NULL, buf, size);
}

char *trace_format_text_user(const struct trace_rec *r, const struct symtab *syms,
                             const struct symtab *usyms, char *buf, size_t size)
{
    struct out o = { buf, size, 0 };
    buf[0] = '\0';
    put(&o, "[%" PRIu64 " hart%u] %s", r->insn, r->hart, trace_event_name(r));
    const uint64_t *a = r->a;
    switch (r->kind) {
    case TR_TRAP: {
        const char *n = trace_cause_name(a[0]);
        put(&o, " cause=%s%" PRIu64 "%s%s%s tval=0x%" PRIx64 " epc=", a[0] >> 63 ? "irq:" : "",
            (uint64_t)(a[0] & ~(1ULL << 63)), n ? " (" : "", n ? n : "", n ? ")" : "", a[1]);
        user_code_addr(&o, syms, a[3] == PRV_U ? usyms : NULL, a[2]);
        put(&o, " %s->%s", trace_priv_name((unsigned)a[3]), trace_priv_name((unsigned)a[4]));
        break;
    }
    case TR_PAGE_FAULT: {
        const struct symtab *u = a[3] == PRV_U ? usyms : NULL;
        put(&o, " %s va=0x%" PRIx64, access_of(a[0]), a[1]);
        user_va_sym(&o, u, a[1]);
        put(&o, " pc=");
        user_code_addr(&o, syms, u, a[2]);
        put(&o, " priv=%s", trace_priv_name((unsigned)a[3]));
        pid_text(&o, a[5]);
        put(&o, " satp=0x%" PRIx64, a[4]);
        if (r->nwalk) {
            put(&o, "\n    walk:");
            for (unsigned l = 0; l < r->nwalk; l++)
                put(&o, " L%u pte@0x%" PRIx64 "=0x%" PRIx64, r->nwalk - 1 - l, r->walk[l].addr,
                    r->walk[l].pte);
            put(&o, " -> %s", walk_stop_name((enum walk_stop)r->walk_stop));
        }
        break;
    }
    case TR_SATP:
        put(&o, " 0x%" PRIx64 " (was 0x%" PRIx64 ") pc=", a[0], a[1]);
        code_addr(&o, syms, a[2]);
        pid_text(&o, a[5]);
        break;
    case TR_SFENCE:
        put(&o, " va=");
        put(&o, a[0] == ~(uint64_t)0 ? "all" : "0x%" PRIx64, a[0]);
        put(&o, " asid=");
        put(&o, a[1] == ~(uint64_t)0 ? "all" : "%" PRIu64, a[1]);
        put(&o, " pc=");
        code_addr(&o, syms, a[2]);
        break;
    case TR_KERNEL:
        switch (r->sub) {
        case TEV_PAGE_ALLOC:
            put(&o, " pa=0x%" PRIx64 "%s", a[0], a[1] == 1 ? " (page table)" : "");
            break;
        case TEV_REF_INC: case TEV_REF_DEC:
            put(&o, " pa=0x%" PRIx64 " count=%" PRIu64, a[0], a[1]);
            break;
        case TEV_PAGE_FREE:
            put(&o, " pa=0x%" PRIx64, a[0]);
            break;
        case TEV_COW_COPY:
            put(&o, " pid=%" PRIu64 " va=0x%" PRIx64, a[0], a[1]);
            user_va_sym(&o, usyms, a[1]);
            put(&o, " old=0x%" PRIx64 " new=0x%" PRIx64, a[2], a[3]);
            break;
        case TEV_COW_RECLAIM: case TEV_KILL_RO_WRITE:
            put(&o, " pid=%" PRIu64 " va=0x%" PRIx64, a[0], a[1]);
            user_va_sym(&o, usyms, a[1]);
            put(&o, " pa=0x%" PRIx64, a[2]);
            break;
        case TEV_PROC_CREATE:
            put(&o, " pid=%" PRIu64 " root=0x%" PRIx64 " parent=%" PRIu64, a[0], a[1], a[2]);
            break;
        case TEV_PROC_EXIT:
            put(&o, " pid=%" PRIu64 " root=0x%" PRIx64 " status=%" PRId64, a[0], a[1],
                (int64_t)(int32_t)a[2]);
            break;
        case TEV_PROC_EXEC: {
            char name[17];
            exec_name(a, name);
            put(&o, " pid=%" PRIu64 " root=0x%" PRIx64 " name=%s", a[0], a[1], name);
            break;
        }
        case TEV_COW_SHARE:
            put(&o, " parent=%" PRIu64 " child=%" PRIu64 " va=0x%" PRIx64, a[0], a[1], a[2]);
            user_va_sym(&o, usyms, a[2]);
            put(&o, " pa=0x%" PRIx64, a[3]);
            break;
        default:
            put(&o, " code=%u args=0x%" PRIx64 ",0x%" PRIx64 ",0x%" PRIx64 ",0x%" PRIx64,
                r->sub, a[0], a[1], a[2], a[3]);
        }
        break;
    case TR_COW_INFER:
        put(&o, " va=0x%" PRIx64, a[0]);
        user_va_sym(&o, usyms, a[0]);
        put(&o, " old=0x%" PRIx64 " new=0x%" PRIx64, a[1], a[2]);
        pid_text(&o, a[5]);
        put(&o, " satp=0x%" PRIx64, a[3]);
        break;
    case TR_CHECK:
        put(&o, " %s pa=0x%" PRIx64, cow_check_violation_name(r->sub), a[0]);
        pid_text(&o, a[1]);
        if (a[2] != ~(uint64_t)0) {
            put(&o, " va=0x%" PRIx64, a[2]);
            user_va_sym(&o, usyms, a[2]);
        }
        put(&o, " pc=");
        code_addr(&o, syms, a[3]);
        break;
    default:
        put(&o, " a=0x%" PRIx64 ",0x%" PRIx64 ",0x%" PRIx64 ",0x%" PRIx64, a[0], a[1], a[2],
            a[3]);
    }
    return buf;
}

static void jstr(struct out *o, const char *key, const char *v)
{
    put(o, ",\"%s\":\"", key);
    for (; *v; v++) {
        if (*v == '"' || *v == '\\')
            put(o, "\\%c", *v);
        else if ((unsigned char)*v < 32)
            put(o, "\\u%04x", *v);
        else
            put(o, "%c", *v);
    }
    put(o, "\"");
}

static void jhex(struct out *o, const char *key, uint64_t v)
{
    put(o, ",\"%s\":\"0x%" PRIx64 "\"", key, v);
}

static void jnum(struct out *o, const char *key, uint64_t v)
{
    put(o, ",\"%s\":%" PRIu64, key, v);
}

static void jcode(struct out *o, const char *key, const struct symtab *syms, uint64_t addr)
{
    char sym[160];
    jhex(o, key, addr);
    if (syms && symtab_format(syms, addr, sym, sizeof(sym)) && sym[0]) {
        char k[64];
        snprintf(k, sizeof(k), "%s_sym", key);
        jstr(o, k, sym);
    }
}

/* JSON twins of user_code_addr and user_va_sym: "pc_sym", "va_sym". */
static void juser_code(struct out *o, const char *key, const struct symtab *syms,
                       const struct symtab *usyms, uint64_t addr)
{
    char sym[160];
    if (usyms && symtab_format(usyms, addr, sym, sizeof(sym)) && sym[0]) {
        char k[64];
        jhex(o, key, addr);
        snprintf(k, sizeof(k), "%s_sym", key);
        jstr(o, k, sym);
    } else {
        jcode(o, key, syms, addr);
    }
}

static void juser_va(struct out *o, const char *key, const struct symtab *usyms, uint64_t va)
{
    char sym[160];
    jhex(o, key, va);
    if (usyms && symtab_format_data(usyms, va, sym, sizeof(sym)) && sym[0]) {
        char k[64];
        snprintf(k, sizeof(k), "%s_sym", key);
        jstr(o, k, sym);
    }
}

char *trace_format_json(const struct trace_rec *r, const struct symtab *syms, char *buf,
                        size_t size)
{
    return trace_format_json_user(r, syms, NULL, buf, size);
}

char *trace_format_json_user(const struct trace_rec *r, const struct symtab *syms,
                             const struct symtab *usyms, char *buf, size_t size)
{
    struct out o = { buf, size, 0 };
    const uint64_t *a = r->a;
    put(&o, "{\"insn\":%" PRIu64 ",\"hart\":%u", r->insn, r->hart);
    jstr(&o, "kind", trace_kind_name(r->kind));
    jstr(&o, "event", trace_event_name(r));
    switch (r->kind) {
    case TR_TRAP:
        jnum(&o, "cause", (uint64_t)(a[0] & ~(1ULL << 63)));
        put(&o, ",\"interrupt\":%s", a[0] >> 63 ? "true" : "false");
        jhex(&o, "tval", a[1]);
        juser_code(&o, "epc", syms, a[3] == PRV_U ? usyms : NULL, a[2]);
        jstr(&o, "from", trace_priv_name((unsigned)a[3]));
        jstr(&o, "to", trace_priv_name((unsigned)a[4]));
        break;
    case TR_PAGE_FAULT:
        jnum(&o, "cause", a[0]);
        jstr(&o, "access", access_of(a[0]));
        juser_va(&o, "va", a[3] == PRV_U ? usyms : NULL, a[1]);
        juser_code(&o, "pc", syms, a[3] == PRV_U ? usyms : NULL, a[2]);
        jstr(&o, "priv", trace_priv_name((unsigned)a[3]));
        jhex(&o, "satp", a[4]);
        if (a[5] != ~(uint64_t)0)
            jnum(&o, "pid", a[5]);
        put(&o, ",\"walk\":[");
        for (unsigned l = 0; l < r->nwalk; l++)
            put(&o, "%s{\"level\":%u,\"pte_addr\":\"0x%" PRIx64 "\",\"pte\":\"0x%" PRIx64 "\"}",
                l ? "," : "", r->nwalk - 1 - l, r->walk[l].addr, r->walk[l].pte);
        put(&o, "]");
        if (r->nwalk)
            jstr(&o, "walk_stop", walk_stop_name((enum walk_stop)r->walk_stop));
        break;
    case TR_SATP:
        jhex(&o, "satp", a[0]);
        jhex(&o, "old", a[1]);
        jcode(&o, "pc", syms, a[2]);
        break;
    case TR_SFENCE:
        if (a[0] != ~(uint64_t)0)
            jhex(&o, "va", a[0]);
        if (a[1] != ~(uint64_t)0)
            jnum(&o, "asid", a[1]);
        jcode(&o, "pc", syms, a[2]);
        break;
    case TR_KERNEL:
        switch (r->sub) {
        case TEV_PAGE_ALLOC:
            jhex(&o, "pa", a[0]);
            jnum(&o, "page_table", a[1] == 1);
            break;
        case TEV_REF_INC: case TEV_REF_DEC:
            jhex(&o, "pa", a[0]);
            jnum(&o, "count", a[1]);
            break;
        case TEV_PAGE_FREE:
            jhex(&o, "pa", a[0]);
            break;
        case TEV_COW_COPY:
            jnum(&o, "pid", a[0]);
            juser_va(&o, "va", usyms, a[1]);
            jhex(&o, "old_pa", a[2]);
            jhex(&o, "new_pa", a[3]);
            break;
        case TEV_COW_RECLAIM: case TEV_KILL_RO_WRITE:
            jnum(&o, "pid", a[0]);
            juser_va(&o, "va", usyms, a[1]);
            jhex(&o, "pa", a[2]);
            break;
        case TEV_PROC_CREATE: case TEV_PROC_EXIT:
            jnum(&o, "pid", a[0]);
            jhex(&o, "root", a[1]);
            if (r->sub == TEV_PROC_CREATE)
                jnum(&o, "parent", a[2]);
            else
                put(&o, ",\"status\":%" PRId64, (int64_t)(int32_t)a[2]);
            break;
        case TEV_PROC_EXEC: {
            char name[17];
            exec_name(a, name);
            jnum(&o, "pid", a[0]);
            jhex(&o, "root", a[1]);
            jstr(&o, "name", name);
            break;
        }
        case TEV_COW_SHARE:
            jnum(&o, "parent", a[0]);
            jnum(&o, "child", a[1]);
            juser_va(&o, "va", usyms, a[2]);
            jhex(&o, "pa", a[3]);
            break;
        default:
            jnum(&o, "code", r->sub);
            put(&o, ",\"args\":[\"0x%" PRIx64 "\",\"0x%" PRIx64 "\",\"0x%" PRIx64 "\",\"0x%" PRIx64
                "\"]", a[0], a[1], a[2], a[3]);
        }
        break;
    case TR_COW_INFER:
        juser_va(&o, "va", usyms, a[0]);
        jhex(&o, "old_pa", a[1]);
        jhex(&o, "new_pa", a[2]);
        jhex(&o, "satp", a[3]);
        if (a[5] != ~(uint64_t)0)
            jnum(&o, "pid", a[5]);
        break;
    case TR_CHECK:
        jstr(&o, "violation", cow_check_violation_name(r->sub));
        jhex(&o, "pa", a[0]);
        if (a[1] != ~(uint64_t)0)
            jnum(&o, "pid", a[1]);
        if (a[2] != ~(uint64_t)0)
            juser_va(&o, "va", usyms, a[2]);
        jcode(&o, "pc", syms, a[3]);
        break;
    default:
        put(&o, ",\"args\":[%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 "]", a[0], a[1], a[2],
            a[3]);
    }
    put(&o, "}");
    return buf;
}

/* ---- which process runs which program ---- */

void trace_procs_init(struct trace_procs *p)
{
    memset(p, 0, sizeof(*p));
}

void trace_procs_free(struct trace_procs *p)
{
    free(p->v);
    trace_procs_init(p);
}

static struct trace_proc *proc_by_pid(const struct trace_procs *p, uint64_t pid)
{
    for (size_t k = 0; k < p->n; k++)
        if (p->v[k].pid == pid)
            return &p->v[k];
    return NULL;
}

static struct trace_proc *proc_new(struct trace_procs *p, uint64_t pid)
{
    struct trace_proc *e = proc_by_pid(p, pid);
    if (e)
        return e;       /* a pid used again: its old entry is stale */
    if (p->n == p->cap) {
        size_t cap = p->cap ? 2 * p->cap : 64;
        struct trace_proc *v = realloc(p->v, cap * sizeof(*v));
        if (!v)
            return NULL;    /* the process stays unnamed; nothing worse */
        p->v = v;
        p->cap = cap;
    }
    e = &p->v[p->n++];
    *e = (struct trace_proc){ .pid = pid };
    return e;
}

/* Processes that exited, kept so that events after the exit (a leak
 * confirmed at teardown) still name the program; beyond this many the
 * oldest is forgotten, so the table stays as small as the live set. */
#define PROCS_EXITED_KEPT 64

static void forget_oldest_exited(struct trace_procs *p)
{
    size_t exited = 0, oldest = 0;
    for (size_t k = 0; k < p->n; k++) {
        if (!p->v[k].exited)
            continue;
        if (!exited++ || p->v[k].exited < p->v[oldest].exited)
            oldest = k;
    }
    if (exited > PROCS_EXITED_KEPT)
        p->v[oldest] = p->v[--p->n];
}

void trace_procs_update(struct trace_procs *p, const struct trace_rec *r)
{
    if (r->kind != TR_KERNEL)
        return;
    const uint64_t *a = r->a;
    struct trace_proc *e;
    switch (r->sub) {
    case TEV_PROC_CREATE: {
        /* Copy the parent's name before proc_new may move the array. */
        const struct trace_proc *parent = proc_by_pid(p, a[2]);
        char name[17] = "";
        if (parent)
            memcpy(name, parent->name, sizeof(name));
        if ((e = proc_new(p, a[0])) != NULL) {
            e->root = a[1];
            e->exited = 0;
            memcpy(e->name, name, sizeof(name));
        }
        break;
    }
    case TEV_PROC_EXEC:
        if ((e = proc_new(p, a[0])) != NULL) {
            e->root = a[1];
            e->exited = 0;
            exec_name(a, e->name);
        }
        break;
    case TEV_PROC_EXIT:
        if ((e = proc_by_pid(p, a[0])) != NULL) {
            e->root = ~(uint64_t)0;
            e->exited = ++p->exits;
            forget_oldest_exited(p);
        }
        break;
    default:
        break;
    }
}

static const char *name_by_pid(const struct trace_procs *p, uint64_t pid)
{
    const struct trace_proc *e = pid == ~(uint64_t)0 ? NULL : proc_by_pid(p, pid);
    return e ? e->name : "";
}

static const char *name_by_satp(const struct trace_procs *p, uint64_t satp)
{
    uint64_t root = (satp & ((1ULL << 44) - 1)) << 12;
    for (size_t k = 0; k < p->n; k++)
        if (p->v[k].root == root)
            return p->v[k].name;
    return "";
}

const char *trace_procs_program(const struct trace_procs *p, const struct trace_rec *r)
{
    const uint64_t *a = r->a;
    switch (r->kind) {
    case TR_TRAP:
        return a[3] == PRV_U ? name_by_satp(p, a[5]) : "";
    case TR_PAGE_FAULT:
        if (a[3] != PRV_U)
            return "";
        return a[5] != ~(uint64_t)0 ? name_by_pid(p, a[5]) : name_by_satp(p, a[4]);
    case TR_COW_INFER:
        return a[5] != ~(uint64_t)0 ? name_by_pid(p, a[5]) : name_by_satp(p, a[3]);
    case TR_CHECK:
        return name_by_pid(p, a[1]);
    case TR_KERNEL:
        switch (r->sub) {
        case TEV_COW_COPY: case TEV_COW_RECLAIM: case TEV_KILL_RO_WRITE:
            return name_by_pid(p, a[0]);
        case TEV_COW_SHARE:
            /* the page is the parent's: the child runs the same image */
            return name_by_pid(p, a[0]);
        default:
            return "";
        }
    default:
        return "";
    }
}
