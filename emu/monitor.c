/*
 * monitor.c - the built-in monitor: a command line on the console for
 * looking at a stopped machine without gdb.
 *
 * The run loop hands a stop to monitor_serve(), which prints it and reads
 * commands until one resumes; gdb's "monitor CMD" reaches the same
 * commands through monitor_exec(), so both show the same text. Commands
 * about page tables and physical pages live in monitor_vm.c.
 *
 * Input is read from stdin one byte at a time, never through stdio: after
 * the monitor resumes, whatever the user typed beyond the last command
 * belongs to the guest's console, and a stdio buffer would swallow it.
 */
#include "monitor.h"
#include "monitor_impl.h"

#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csr.h"
#include "insn.h"
#include "machine.h"
#include "mmu.h"
#include "trace_format.h"

#define MON_LINE_MAX 256
#define MON_ARGS_MAX 8
#define MON_PROMPT "(rvemu) "
#define MON_MAX_FRAMES 32
#define MON_X_MAX_BYTES 4096
#define MON_DIS_MAX 256
#define MON_UI_SLICE_MS 20      /* a window draws between polls of stdin */

#define REG_RA 1                /* x1, the return address          */
#define REG_FP 8                /* x8 = s0, the frame pointer      */

#define KEY_CTRL_C 0x03
#define KEY_CTRL_D 0x04
#define KEY_CTRL_U 0x15
#define KEY_ESC    0x1b
#define KEY_DEL    0x7f

/* ---- shared helpers (monitor_impl.h) ---- */

struct debugger *mon_debugger(const struct monitor *mon)
{
    return mon->m->debug;
}

unsigned mon_hart(const struct monitor *mon)
{
    const struct debugger *d = mon_debugger(mon);
    unsigned h = d ? d->selected : mon->selected;
    return h < mon->m->nharts ? h : 0;
}

const struct dbg_stop *mon_stop(const struct monitor *mon)
{
    const struct debugger *d = mon_debugger(mon);
    if (mon->serving)
        return &mon->stop;
    return d && d->stopped ? &d->stop : NULL;
}

/* gdb's numbering for a register name: x0-x31 by number or ABI name,
 * "fp" for s0, "pc"; an optional '$' as gdb writes them. */
static bool reg_by_name(const char *s, unsigned *regno)
{
    if (*s == '$')
        s++;
    if (!strcmp(s, "pc")) {
        *regno = DBG_REG_PC;
        return true;
    }
    if (!strcmp(s, "fp")) {
        *regno = REG_FP;
        return true;
    }
    for (unsigned k = 0; k < 32; k++) {
        if (!strcmp(s, reg_abi_name[k])) {
            *regno = k;
            return true;
        }
    }
    char *end;
    if (s[0] == 'x' && s[1] >= '0' && s[1] <= '9') {
        unsigned long n = strtoul(s + 1, &end, 10);
        if (!*end && n < 32) {
            *regno = (unsigned)n;
            return true;
        }
    }
    return false;
}

bool mon_value(struct monitor *mon, const char *cmd, const char *what, const char *s,
               uint64_t *v, FILE *out)
{
    unsigned regno;
    if (reg_by_name(s, &regno) && debug_get_reg(mon->m, mon_hart(mon), regno, v))
        return true;
    if (*s != '$' && debug_parse_addr(mon->m, s, v))
        return true;
    fprintf(out, "%s: bad %s '%s' (a number, a symbol or a register)\n", cmd, what, s);
    return false;
}

bool mon_count(const char *cmd, const char *what, const char *s, uint64_t lo, uint64_t hi,
               uint64_t *v, FILE *out)
{
    char *end;
    errno = 0;
    unsigned long long n = strtoull(s, &end, 0);
    if (*s == '-' || end == s || *end || errno || n < lo || n > hi) {
        fprintf(out, "%s: bad %s '%s' (want %" PRIu64 "..%" PRIu64 ")\n", cmd, what, s, lo, hi);
        return false;
    }
    *v = n;
    return true;
}

static const char *priv_name(uint64_t priv)
{
    return priv == PRV_U ? "U" : priv == PRV_S ? "S" : priv == PRV_M ? "M" : "?";
}

/* "0x80002a1c <usertrap+0x5c>" for an address. */
static const char *sym(struct monitor *mon, uint64_t pc, char *buf, size_t size)
{
    return debug_format_pc(mon->m, pc, buf, size);
}

static uint64_t reg(struct monitor *mon, unsigned regno)
{
    uint64_t v = 0;
    debug_get_reg(mon->m, mon_hart(mon), regno, &v);
    return v;
}

/* ---- registers ---- */

static bool cmd_regs(struct monitor *mon, int argc, char **argv, FILE *out, struct dbg_resume *r)
{
    (void)argc, (void)argv, (void)r;
    char pc[160];
    fprintf(out, "hart %u  pc %s  priv %s\n", mon_hart(mon), sym(mon, reg(mon, DBG_REG_PC), pc,
            sizeof(pc)), priv_name(reg(mon, DBG_REG_PRIV)));
    for (unsigned k = 0; k < 32; k++)
        fprintf(out, "%s%-4s 0x%016" PRIx64 "%s", k % 4 ? "  " : "", reg_abi_name[k],
                reg(mon, k), k % 4 == 3 ? "\n" : "");
    return false;
}

/* What a few CSRs mean, after their value. */
static void csr_explain(unsigned csr, uint64_t v, FILE *out)
{
    if (csr == CSR_SATP) {
        unsigned mode = (unsigned)(v >> SATP_MODE_SHIFT);
        uint64_t asid = (v & SATP_ASID) >> SATP_ASID_SHIFT, root = (v & SATP_PPN) << PAGE_SHIFT;
        fprintf(out, "  mode %s, asid %" PRIu64 ", root 0x%" PRIx64 "\n",
                mode == SATP_MODE_SV39 ? "Sv39" : mode == SATP_MODE_SV48 ? "Sv48" :
                mode == SATP_MODE_BARE ? "Bare" : "?", asid, root);
    } else if (csr == CSR_SCAUSE || csr == CSR_MCAUSE) {
        const char *n = trace_cause_name(v);
        if (n)
            fprintf(out, "  %s\n", n);
    }
}

static bool cmd_csr(struct monitor *mon, int argc, char **argv, FILE *out, struct dbg_resume *r)
{
    (void)argc, (void)r;
    int csr = csr_by_name(argv[1]);
    uint64_t num, v;
    if (csr < 0) {
        char *end;
        errno = 0;
        num = strtoull(argv[1], &end, 0);
        if (end == argv[1] || *end || errno || num > 0xfff) {
            fprintf(out, "csr: unknown CSR '%s' (a name like sstatus, or a number)\n", argv[1]);
            return false;
        }
        csr = (int)num;
    }
    if (!csr_peek(&mon->m->harts[mon_hart(mon)], (unsigned)csr, &v)) {
        fprintf(out, "csr: CSR 0x%03x does not exist on this hart\n", (unsigned)csr);
        return false;
    }
    const char *name = csr_name((unsigned)csr);
    fprintf(out, "%s (0x%03x) = 0x%016" PRIx64 "\n", name ? name : "csr", (unsigned)csr, v);
    csr_explain((unsigned)csr, v, out);
    return false;
}

/* ---- memory ---- */

static void dump_bytes(uint64_t va, const uint8_t *b, size_t n, FILE *out)
{
    for (size_t off = 0; off < n; off += 16) {
        fprintf(out, "0x%016" PRIx64 ":", va + off);
        for (size_t k = off; k < off + 16; k++) {
            if (k < n)
                fprintf(out, " %02x", b[k]);
            else
                fputs("   ", out);
        }
        fputs("  |", out);
        for (size_t k = off; k < off + 16 && k < n; k++)
            fputc(b[k] >= 0x20 && b[k] < 0x7f ? b[k] : '.', out);
        fputs("|\n", out);
    }
}

static void dump_words(uint64_t va, const uint8_t *b, size_t n, FILE *out)
{
    for (size_t off = 0; off + 8 <= n; off += 8) {
        uint64_t w;
        memcpy(&w, b + off, 8);
        if (off % 16 == 0)
            fprintf(out, "0x%016" PRIx64 ":", va + off);
        fprintf(out, " 0x%016" PRIx64 "%s", w, off % 16 == 8 || off + 16 > n ? "\n" : "");
    }
}

/* x ADDR [N] / x/g: N 8-byte words (default 8); x/b: N bytes (default 64). */
static bool cmd_x(struct monitor *mon, int argc, char **argv, FILE *out, struct dbg_resume *r)
{
    (void)r;
    const char *fmt = strchr(argv[0], '/');
    bool bytes = fmt && !strcmp(fmt, "/b");
    if (fmt && !bytes && strcmp(fmt, "/g")) {
        fprintf(out, "x: unknown format '%s' (x/b bytes, x/g 8-byte words)\n", fmt);
        return false;
    }
    uint64_t va, n = bytes ? 64 : 8;
    unsigned unit = bytes ? 1 : 8;
    if (!mon_value(mon, "x", "address", argv[1], &va, out) ||
        (argc > 2 && !mon_count("x", "count", argv[2], 1, MON_X_MAX_BYTES / unit, &n, out)))
        return false;
    uint8_t buf[MON_X_MAX_BYTES];
    size_t want = (size_t)n * unit;
    size_t got = debug_read_virt(mon->m, mon_hart(mon), va, buf, want);
    got -= got % unit;
    if (bytes)
        dump_bytes(va, buf, got, out);
    else
        dump_words(va, buf, got, out);
    if (got < want)
        fprintf(out, "x: cannot read 0x%" PRIx64 " (not mapped for hart %u, or not RAM)\n",
                va + got, mon_hart(mon));
    return false;
}

/* One instruction at va into text; its length, or 0 when unreadable. */
static unsigned disassemble_at(struct monitor *mon, uint64_t va, uint32_t *word, char *text,
                               unsigned size)
{
    uint8_t b[4];
    size_t got = debug_read_virt(mon->m, mon_hart(mon), va, b, 2);
    if (got < 2)
        return 0;
    uint32_t w = (uint32_t)b[0] | (uint32_t)b[1] << 8;
    unsigned len = (w & 3) == 3 ? 4 : 2;
    if (len == 4) {
        if (debug_read_virt(mon->m, mon_hart(mon), va + 2, b + 2, 2) < 2)
            return 0;
        w |= (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
    }
    struct insn i;
    memset(&i, 0, sizeof(i));
    if (dec_decode(w, &i) == OP_illegal)
        snprintf(text, size, "(illegal)");
    else
        dis_insn(&i, va, text, size);
    *word = w;
    return len;
}

static bool cmd_dis(struct monitor *mon, int argc, char **argv, FILE *out, struct dbg_resume *r)
{
    (void)r;
    uint64_t pc = reg(mon, DBG_REG_PC), va = pc, n = 8;
    if ((argc > 1 && !mon_value(mon, "dis", "address", argv[1], &va, out)) ||
        (argc > 2 && !mon_count("dis", "count", argv[2], 1, MON_DIS_MAX, &n, out)))
        return false;
    for (uint64_t k = 0; k < n; k++) {
        char text[96], where[160];
        uint32_t w;
        unsigned len = disassemble_at(mon, va, &w, text, sizeof(text));
        if (!len) {
            fprintf(out, "dis: cannot read 0x%" PRIx64 " (not mapped for hart %u, or not RAM)\n",
                    va, mon_hart(mon));
            break;
        }
        fprintf(out, "%s%s:  %0*" PRIx32 "%s  %s\n", va == pc ? "=> " : "   ",
                sym(mon, va, where, sizeof(where)), (int)len * 2, w, len == 2 ? "    " : "", text);
        va += len;
    }
    return false;
}

/* ---- control ---- */

static bool cmd_step(struct monitor *mon, int argc, char **argv, FILE *out, struct dbg_resume *r)
{
    uint64_t n = 1;
    if (argc > 1 && !mon_count("step", "count", argv[1], 1, UINT32_MAX, &n, out))
        return false;
    *r = (struct dbg_resume){ .kind = DBG_STEP_HART, .hart = mon_hart(mon), .steps = n };
    return true;
}

static bool cmd_continue(struct monitor *mon, int argc, char **argv, FILE *out,
                         struct dbg_resume *r)
{
    (void)mon, (void)argc, (void)argv, (void)out;
    *r = (struct dbg_resume){ .kind = DBG_CONTINUE };
    return true;
}

static bool cmd_quit(struct monitor *mon, int argc, char **argv, FILE *out, struct dbg_resume *r)
{
    (void)mon, (void)argc, (void)argv, (void)out;
    *r = (struct dbg_resume){ .kind = DBG_KILL };
    return true;
}

static bool cmd_hart(struct monitor *mon, int argc, char **argv, FILE *out, struct dbg_resume *r)
{
    (void)argc, (void)r;
    uint64_t n;
    if (!mon_count("hart", "hart number", argv[1], 0, mon->m->nharts - 1, &n, out))
        return false;
    struct debugger *d = mon_debugger(mon);
    if (d)
        d->selected = (unsigned)n;
    mon->selected = (unsigned)n;
    char pc[160];
    fprintf(out, "hart %u  pc %s  priv %s\n", (unsigned)n, sym(mon, reg(mon, DBG_REG_PC), pc,
            sizeof(pc)), priv_name(reg(mon, DBG_REG_PRIV)));
    return false;
}

static bool cmd_events(struct monitor *mon, int argc, char **argv, FILE *out,
                       struct dbg_resume *r)
{
    (void)r;
    uint64_t n = 10;
    if (argc > 1 && !mon_count("events", "count", argv[1], 1, TRACE_RING, &n, out))
        return false;
    const struct trace *t = &mon->m->trace;
    while (n && !trace_recent(t, n - 1))
        n--;
    if (!n) {
        fputs("events: no trace records yet\n", out);
        return false;
    }
    char line[1024];
    for (uint64_t k = n; k-- > 0;)
        fprintf(out, "%s\n", trace_format_text(trace_recent(t, k), &mon->m->syms, line,
                                               sizeof(line)));
    return false;
}

static bool read_u64(struct monitor *mon, uint64_t va, uint64_t *v)
{
    return debug_read_virt(mon->m, mon_hart(mon), va, v, 8) == 8;
}

/* Is pc the first instruction of a function (its prologue not run)? */
static bool at_function_entry(struct monitor *mon, uint64_t pc)
{
    uint64_t off;
    const struct symbol *f = symtab_find(&mon->m->syms, pc, &off);
    return f && f->func && off == 0;
}

/* The frame-pointer chain (RISC-V psABI with -fno-omit-frame-pointer):
 * fp = s0 points just above the frame, the return address is at fp-8 and
 * the caller's fp at fp-16. A function whose prologue has not run yet has
 * no frame in the chain: at its entry the caller is still in ra. */
static bool cmd_where(struct monitor *mon, int argc, char **argv, FILE *out,
                      struct dbg_resume *r)
{
    (void)argc, (void)argv, (void)r;
    char buf[160];
    uint64_t pc = reg(mon, DBG_REG_PC), fp = reg(mon, REG_FP);
    unsigned n = 0;
    fprintf(out, "#%-2u %s  (priv %s)\n", n++, sym(mon, pc, buf, sizeof(buf)),
            priv_name(reg(mon, DBG_REG_PRIV)));
    const struct dbg_stop *s = mon_stop(mon);
    if (s && s->reason == DBG_PAGE_FAULT && s->hart == mon_hart(mon) && s->epc != pc)
        fprintf(out, "#%-2u %s  (the faulting instruction)\n", n++,
                sym(mon, s->epc, buf, sizeof(buf)));
    else if (at_function_entry(mon, pc))
        fprintf(out, "#%-2u %s  (ra: at the function's entry)\n", n++,
                sym(mon, reg(mon, REG_RA), buf, sizeof(buf)));
    for (; n < MON_MAX_FRAMES; n++) {
        uint64_t ra, prev;
        if (fp % 8 || fp < 16) {
            fprintf(out, "    (end: frame pointer 0x%" PRIx64 " is not a stack address)\n", fp);
            return false;
        }
        if (!read_u64(mon, fp - 8, &ra) || !read_u64(mon, fp - 16, &prev)) {
            fprintf(out, "    (end: frame at 0x%" PRIx64 " is not readable)\n", fp);
            return false;
        }
        if (!ra) {
            fputs("    (end: return address 0)\n", out);
            return false;
        }
        fprintf(out, "#%-2u %s  (fp 0x%" PRIx64 ")\n", n, sym(mon, ra, buf, sizeof(buf)), fp);
        if (prev <= fp) {
            fprintf(out, "    (end: caller's frame pointer 0x%" PRIx64 " is not above 0x%" PRIx64
                    ")\n", prev, fp);
            return false;
        }
        fp = prev;
    }
    fprintf(out, "    (stopped after %u frames)\n", MON_MAX_FRAMES);
    return false;
}

/* ---- breakpoints ---- */

static bool has_break(const struct debugger *d, uint64_t pc)
{
    for (unsigned k = 0; k < d->nbreaks; k++)
        if (d->breaks[k] == pc)
            return true;
    return false;
}

static bool cmd_break(struct monitor *mon, int argc, char **argv, FILE *out,
                      struct dbg_resume *r)
{
    (void)r;
    struct debugger *d = mon_debugger(mon);
    char buf[160];
    uint64_t pc;
    if (!d) {
        fputs("break: no debugger is attached\n", out);
        return false;
    }
    if (argc == 1) {
        if (!d->nbreaks)
            fputs("no breakpoints\n", out);
        for (unsigned k = 0; k < d->nbreaks; k++)
            fprintf(out, "breakpoint at %s\n", sym(mon, d->breaks[k], buf, sizeof(buf)));
        return false;
    }
    if (!mon_value(mon, "break", "address", argv[1], &pc, out))
        return false;
    if (has_break(d, pc))
        fprintf(out, "break: already set at %s\n", sym(mon, pc, buf, sizeof(buf)));
    else if (debug_add_break(d, pc) != 0)
        fprintf(out, "break: no room (%u breakpoints at most)\n", DBG_MAX_BREAKS);
    else
        fprintf(out, "breakpoint at %s\n", sym(mon, pc, buf, sizeof(buf)));
    return false;
}

static bool cmd_delete(struct monitor *mon, int argc, char **argv, FILE *out,
                       struct dbg_resume *r)
{
    (void)argc, (void)r;
    struct debugger *d = mon_debugger(mon);
    char buf[160];
    uint64_t pc;
    if (!d) {
        fputs("delete: no debugger is attached\n", out);
        return false;
    }
    if (!mon_value(mon, "delete", "address", argv[1], &pc, out))
        return false;
    if (debug_remove_break(d, pc) != 0)
        fprintf(out, "delete: no breakpoint at %s\n", sym(mon, pc, buf, sizeof(buf)));
    else
        fprintf(out, "deleted breakpoint at %s\n", sym(mon, pc, buf, sizeof(buf)));
    return false;
}

/* ---- the command table ---- */

typedef bool (*mon_fn)(struct monitor *mon, int argc, char **argv, FILE *out,
                       struct dbg_resume *r);

struct mon_cmd {
    const char *name;
    const char *alias;      /* or NULL                                    */
    const char *args;       /* usage after the name                       */
    const char *help;
    int         min, max;   /* argument counts                            */
    bool        resumes;    /* needs a resume request (not from gdb)      */
    bool        format;     /* takes a /FMT suffix                        */
    mon_fn      fn;
};

static bool cmd_help(struct monitor *mon, int argc, char **argv, FILE *out,
                     struct dbg_resume *r);

static const struct mon_cmd commands[] = {
    { "regs", NULL, "", "x registers, pc and privilege of the selected hart",
      0, 0, false, false, cmd_regs },
    { "csr", NULL, "NAME|NUMBER", "a CSR of the selected hart (csr satp, csr 0x142)",
      1, 1, false, false, cmd_csr },
    { "walk", NULL, "[VA] [ROOT]", "page walk of VA (default: the fault address) under satp "
      "or root ROOT", 0, 2, false, false, mon_cmd_walk },
    { "pt", NULL, "[ROOT]", "every mapping of the page table (default: the hart's satp)",
      0, 1, false, false, mon_cmd_pt },
    { "page", NULL, "PA", "a physical page: its reference count, mappings and last events",
      1, 1, false, false, mon_cmd_page },
    { "pagemap", NULL, "FILE", "write the page map (every RAM page by state) as a PNG",
      1, 1, false, false, mon_cmd_pagemap },
    { "x", NULL, "[/b|/g] ADDR [N]", "dump N words (x/b: N bytes) at a virtual address",
      1, 2, false, true, cmd_x },
    { "dis", NULL, "[ADDR] [N]", "disassemble N instructions (default: 8 at pc)",
      0, 2, false, false, cmd_dis },
    { "step", NULL, "[N]", "run N instructions on the selected hart, then stop",
      0, 1, true, false, cmd_step },
    { "continue", "c", "", "resume every hart", 0, 0, true, false, cmd_continue },
    { "hart", NULL, "N", "select hart N for the other commands", 1, 1, false, false, cmd_hart },
    { "events", NULL, "[N]", "the last N trace records (default 10)",
      0, 1, false, false, cmd_events },
    { "where", NULL, "", "pc and the frame-pointer backtrace", 0, 0, false, false, cmd_where },
    { "break", NULL, "[ADDR|SYMBOL]", "set a breakpoint (no argument: list them)",
      0, 1, false, false, cmd_break },
    { "delete", NULL, "ADDR|SYMBOL", "remove a breakpoint", 1, 1, false, false, cmd_delete },
    { "quit", NULL, "", "end the emulator", 0, 0, true, false, cmd_quit },
    { "help", NULL, "[COMMAND]", "this list", 0, 1, false, false, cmd_help },
};
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage_line(const struct mon_cmd *c, FILE *out)
{
    char left[48];
    snprintf(left, sizeof(left), "%s%s%s%s%s", c->name, c->alias ? "|" : "",
             c->alias ? c->alias : "", *c->args ? " " : "", c->args);
    fprintf(out, "  %-26s %s\n", left, c->help);
}

/* The command argv0 names ("x/b" names x); NULL if none. */
static const struct mon_cmd *find_command(const char *argv0)
{
    size_t len = strcspn(argv0, "/");
    for (size_t k = 0; k < NCOMMANDS; k++) {
        const struct mon_cmd *c = &commands[k];
        bool named = (strlen(c->name) == len && !strncmp(argv0, c->name, len)) ||
                     (c->alias && strlen(c->alias) == len && !strncmp(argv0, c->alias, len));
        if (named && (argv0[len] == '\0' || c->format))
            return c;
    }
    return NULL;
}

static bool cmd_help(struct monitor *mon, int argc, char **argv, FILE *out,
                     struct dbg_resume *r)
{
    (void)mon, (void)r;
    if (argc > 1) {
        const struct mon_cmd *c = find_command(argv[1]);
        if (!c) {
            fprintf(out, "help: no command '%s'\n", argv[1]);
            return false;
        }
        usage_line(c, out);
        return false;
    }
    fputs("commands (ADDR: a number, a symbol[+offset] or a register such as sp):\n", out);
    for (size_t k = 0; k < NCOMMANDS; k++)
        usage_line(&commands[k], out);
    return false;
}

static bool blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Split line in place at blanks; returns the word count (up to max + 1,
 * so the caller sees that there were too many). */
static int split(char *line, char **argv, int max)
{
    int argc = 0;
    char *p = line;
    while (argc <= max) {
        while (blank(*p))
            p++;
        if (!*p)
            break;
        argv[argc++] = p;
        while (*p && !blank(*p))
            p++;
        if (*p)
            *p++ = '\0';
    }
    return argc;
}

bool monitor_exec(struct monitor *mon, const char *line, FILE *out, struct dbg_resume *r)
{
    char buf[MON_LINE_MAX];
    char *argv[MON_ARGS_MAX + 1];
    if (strlen(line) >= sizeof(buf)) {
        fprintf(out, "line too long (%d characters at most)\n", MON_LINE_MAX - 1);
        return false;
    }
    strcpy(buf, line);
    int argc = split(buf, argv, MON_ARGS_MAX);
    if (argc == 0)
        return false;
    const struct mon_cmd *c = find_command(argv[0]);
    if (!c) {
        fprintf(out, "unknown command '%s' (try help)\n", argv[0]);
        return false;
    }
    if (argc - 1 < c->min || argc - 1 > c->max) {
        fprintf(out, "usage: %s%s%s\n", c->name, *c->args ? " " : "", c->args);
        return false;
    }
    if (c->resumes && !r) {
        fprintf(out, "%s: from gdb, use gdb's own commands to run or end the machine\n",
                c->name);
        return false;
    }
    struct dbg_resume ignored;
    bool resumed = c->fn(mon, argc, argv, out, r ? r : &ignored);
    fflush(out);
    return resumed;
}

/* ---- reading commands ---- */

/* One byte of stdin (unbuffered, see the file comment); false at the end
 * of input or on a read error. While a window is open the wait is cut
 * into slices so that it keeps drawing, and its keys may resume the
 * machine: then false with mon->ui_resumed set. */
static bool read_byte(struct monitor *mon, uint8_t *c)
{
    const struct debugger *d = mon_debugger(mon);
    for (;;) {
        if (d && d->ui.idle) {
            struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
            int ready = poll(&p, 1, MON_UI_SLICE_MS);
            if (ready < 0 && errno == EINTR)
                continue;
            if (ready == 0) {
                struct dbg_resume r;
                if (d->ui.idle(d->ui.ctx, &r)) {
                    mon->ui_resumed = true;
                    mon->ui_resume = r;
                    return false;
                }
                continue;
            }
        }
        ssize_t n = read(STDIN_FILENO, c, 1);
        if (n == 1)
            return true;
        if (n < 0 && errno == EINTR)
            continue;
        return false;
    }
}

static void put_now(const char *s)
{
    fputs(s, stdout);
    fflush(stdout);
}

/* Arrow keys and the like arrive as ESC [ ... final byte: dropped whole,
 * so they do not turn into stray letters in the command. */
static void skip_escape(struct monitor *mon)
{
    uint8_t c;
    if (!read_byte(mon, &c) || (c != '[' && c != 'O'))
        return;
    while (read_byte(mon, &c) && !(c >= 0x40 && c <= 0x7e))
        ;
}

/* A line typed on the console in raw mode, where the terminal neither
 * echoes nor edits: the monitor does both. Enter ends the line, Backspace
 * and Ctrl-U edit, Ctrl-C drops the line; Ctrl-D on an empty line (or
 * the end of input) returns false. */
static bool read_line_raw(struct monitor *mon, char *line, size_t size)
{
    size_t len = 0;
    uint8_t c;
    line[0] = '\0';
    while (read_byte(mon, &c)) {
        if (c == '\r' || c == '\n') {
            line[len] = '\0';
            put_now("\n");
            return true;
        } else if (c == KEY_DEL || c == '\b') {
            if (len) {
                len--;
                put_now("\b \b");
            }
        } else if (c == KEY_CTRL_U) {
            for (; len; len--)
                put_now("\b \b");
        } else if (c == KEY_CTRL_C) {
            put_now("^C\n");
            line[0] = '\0';
            return true;
        } else if (c == KEY_CTRL_D) {
            if (!len) {
                put_now("\n");
                return false;
            }
        } else if (c == KEY_ESC) {
            skip_escape(mon);
        } else if (c >= 0x20 && c < 0x7f && len + 1 < size) {
            line[len++] = (char)c;
            char echo[2] = { (char)c, '\0' };
            put_now(echo);
        }
    }
    return false;
}

/* A line from a pipe, a file or a cooked terminal: bytes up to '\n' (a
 * longer line is cut at size - 1). False when no byte was left. */
static bool read_line_plain(struct monitor *mon, char *line, size_t size)
{
    size_t len = 0;
    bool any = false;
    uint8_t c;
    while (read_byte(mon, &c)) {
        any = true;
        if (c == '\n')
            break;
        if (c != '\r' && len + 1 < size)
            line[len++] = (char)c;
    }
    line[len] = '\0';
    return any;
}

static bool read_command(struct monitor *mon, char *line, size_t size)
{
    if (mon->m->console.tty)
        return read_line_raw(mon, line, size);
    if (!read_line_plain(mon, line, size) || mon->ui_resumed)
        return false;
    /* Nobody echoed it: show the command so the transcript reads as a
     * session (scripts, logs, the tests). */
    if (!isatty(STDIN_FILENO))
        printf("%s\n", line);
    return true;
}

/* ---- serving a stop ---- */

static void print_stop(struct monitor *mon, const struct dbg_stop *s, FILE *out)
{
    char buf[160];
    fprintf(out, "\nrvemu: stopped (%s) on hart %u: %s\n", debug_reason_name(s->reason), s->hart,
            s->what[0] ? s->what : debug_reason_name(s->reason));
    fprintf(out, "  pc %s  priv %s\n", sym(mon, reg(mon, DBG_REG_PC), buf, sizeof(buf)),
            priv_name(reg(mon, DBG_REG_PRIV)));
    if (s->reason != DBG_PAGE_FAULT)
        return;
    if (!s->what[0]) {
        const char *cause = trace_cause_name(s->cause);
        fprintf(out, "  %s at va 0x%" PRIx64 " by %s", cause ? cause : "page fault", s->addr,
                sym(mon, s->epc, buf, sizeof(buf)));
        if (s->pid != ~(uint64_t)0)
            fprintf(out, " pid %" PRIu64, s->pid);
        fputc('\n', out);
    }
    mon_print_walk(mon, mon->stop_satp, s->addr, out);
}

/* Take the stop as the one being served: select its hart and remember
 * the address space it stopped in (walk's default). */
static void begin_stop(struct monitor *mon, const struct dbg_stop *s)
{
    mon->stop = *s;
    mon->serving = true;
    struct debugger *d = mon_debugger(mon);
    if (s->hart < mon->m->nharts) {
        mon->selected = s->hart;
        if (d)
            d->selected = s->hart;
    }
    mon->stop_satp = 0;
    csr_peek(&mon->m->harts[mon_hart(mon)], CSR_SATP, &mon->stop_satp);
}

struct dbg_resume monitor_serve(struct monitor *mon, const struct dbg_stop *stop)
{
    struct dbg_resume r;
    fflush(stdout);
    begin_stop(mon, stop);
    print_stop(mon, stop, stdout);
    while (!mon->eof) {
        char line[MON_LINE_MAX];
        put_now(MON_PROMPT);
        if (!read_command(mon, line, sizeof(line))) {
            if (mon->ui_resumed) {
                mon->ui_resumed = false;
                mon->serving = false;
                put_now("\nrvemu: resumed from the window\n");
                return mon->ui_resume;
            }
            mon->eof = true;
            break;
        }
        if (monitor_exec(mon, line, stdout, &r)) {
            mon->serving = false;
            fflush(stdout);
            return r;
        }
    }
    put_now("\nrvemu: end of monitor input: continuing with every breakpoint removed\n");
    mon->serving = false;
    return (struct dbg_resume){ .kind = DBG_DETACH };
}

/* ---- life cycle ---- */

struct monitor *monitor_new(struct machine *m)
{
    struct monitor *mon = calloc(1, sizeof(*mon));
    if (!mon)
        return NULL;
    mon->m = m;
    return mon;
}

void monitor_free(struct monitor *mon)
{
    if (!mon)
        return;
    free(mon);
}
