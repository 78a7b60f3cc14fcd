/*
 * trace_format.c - records as text lines and JSON objects.
 */
#include "trace_format.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cow_check.h"
#include "mmu.h"
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

static void pid_text(struct out *o, uint64_t pid)
{
    if (pid != ~(uint64_t)0)
        put(o, " pid=%" PRIu64, pid);
}

char *trace_format_text(const struct trace_rec *r, const struct symtab *syms, char *buf,
                        size_t size)
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
        code_addr(&o, syms, a[2]);
        put(&o, " %s->%s", trace_priv_name((unsigned)a[3]), trace_priv_name((unsigned)a[4]));
        break;
    }
    case TR_PAGE_FAULT:
        put(&o, " %s va=0x%" PRIx64 " pc=", access_of(a[0]), a[1]);
        code_addr(&o, syms, a[2]);
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
            put(&o, " pid=%" PRIu64 " va=0x%" PRIx64 " old=0x%" PRIx64 " new=0x%" PRIx64, a[0],
                a[1], a[2], a[3]);
            break;
        case TEV_COW_RECLAIM: case TEV_KILL_RO_WRITE:
            put(&o, " pid=%" PRIu64 " va=0x%" PRIx64 " pa=0x%" PRIx64, a[0], a[1], a[2]);
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
            put(&o, " parent=%" PRIu64 " child=%" PRIu64 " va=0x%" PRIx64 " pa=0x%" PRIx64,
                a[0], a[1], a[2], a[3]);
            break;
        default:
            put(&o, " code=%u args=0x%" PRIx64 ",0x%" PRIx64 ",0x%" PRIx64 ",0x%" PRIx64,
                r->sub, a[0], a[1], a[2], a[3]);
        }
        break;
    case TR_COW_INFER:
        put(&o, " va=0x%" PRIx64 " old=0x%" PRIx64 " new=0x%" PRIx64, a[0], a[1], a[2]);
        pid_text(&o, a[5]);
        put(&o, " satp=0x%" PRIx64, a[3]);
        break;
    case TR_CHECK:
        put(&o, " %s pa=0x%" PRIx64, cow_check_violation_name(r->sub), a[0]);
        pid_text(&o, a[1]);
        if (a[2] != ~(uint64_t)0)
            put(&o, " va=0x%" PRIx64, a[2]);
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

char *trace_format_json(const struct trace_rec *r, const struct symtab *syms, char *buf,
                        size_t size)
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
        jcode(&o, "epc", syms, a[2]);
        jstr(&o, "from", trace_priv_name((unsigned)a[3]));
        jstr(&o, "to", trace_priv_name((unsigned)a[4]));
        break;
    case TR_PAGE_FAULT:
        jnum(&o, "cause", a[0]);
        jstr(&o, "access", access_of(a[0]));
        jhex(&o, "va", a[1]);
        jcode(&o, "pc", syms, a[2]);
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
            jhex(&o, "va", a[1]);
            jhex(&o, "old_pa", a[2]);
            jhex(&o, "new_pa", a[3]);
            break;
        case TEV_COW_RECLAIM: case TEV_KILL_RO_WRITE:
            jnum(&o, "pid", a[0]);
            jhex(&o, "va", a[1]);
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
            jhex(&o, "va", a[2]);
            jhex(&o, "pa", a[3]);
            break;
        default:
            jnum(&o, "code", r->sub);
            put(&o, ",\"args\":[\"0x%" PRIx64 "\",\"0x%" PRIx64 "\",\"0x%" PRIx64 "\",\"0x%" PRIx64
                "\"]", a[0], a[1], a[2], a[3]);
        }
        break;
    case TR_COW_INFER:
        jhex(&o, "va", a[0]);
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
            jhex(&o, "va", a[2]);
        jcode(&o, "pc", syms, a[3]);
        break;
    default:
        put(&o, ",\"args\":[%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 "]", a[0], a[1], a[2],
            a[3]);
    }
    put(&o, "}");
    return buf;
}
