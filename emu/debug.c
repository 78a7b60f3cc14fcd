/*
 * debug.c - the debugging core: stop requests and the hooks that raise
 * them, break and watch point tables, resume, and guest state as a
 * debugger sees it. See debug.h for the model.
 */
#include "debug.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "csr.h"
#include "errmsg.h"
#include "gdbstub.h"
#include "machine.h"
#include "monitor.h"
#include "trace_format.h"
#include "trace_sources.h"
#include "../mmu/mmu.h"

#define NO_PC (~(uint64_t)0)

const char *debug_reason_name(enum dbg_reason r)
{
    switch (r) {
    case DBG_RUNNING:       return "running";
    case DBG_HALTED:        return "halted at start";
    case DBG_INTERRUPT:     return "interrupted";
    case DBG_BREAKPOINT:    return "breakpoint";
    case DBG_WATCHPOINT:    return "watchpoint";
    case DBG_STEP:          return "step";
    case DBG_PAGE_FAULT:    return "page fault";
    case DBG_COW_VIOLATION: return "copy-on-write violation";
    case DBG_GUEST_EXIT:    return "guest exit";
    }
    return "?";
}

/* ---- stopping ---- */

void debug_request_stop(struct machine *m, unsigned hart, const struct dbg_stop *stop)
{
    struct debugger *d = m->debug;
    if (!d || d->stop_pending || d->stopped)
        return;
    d->stop = *stop;
    d->stop.hart = hart < m->nharts ? hart : 0;
    d->stop_pending = true;
    /* Every hart leaves its slice: the one running now returns from
     * hart_run after this instruction, the others will not be entered. */
    for (unsigned k = 0; k < m->nharts; k++)
        m->harts[k].end_slice = true;
}

static void on_break(struct hart *h)
{
    struct machine *m = h->dbg_ctx;
    struct dbg_stop s = { .reason = DBG_BREAKPOINT, .addr = h->pc };
    char pcs[160];
    snprintf(s.what, sizeof(s.what), "breakpoint at %s",
             debug_format_pc(m, h->pc, pcs, sizeof(pcs)));
    debug_request_stop(m, (unsigned)h->mhartid, &s);
}

static bool watch_matches(enum dbg_watch_kind kind, int access)
{
    switch (kind) {
    case DBG_WATCH_WRITE:  return access == ACCESS_STORE;
    case DBG_WATCH_READ:   return access == ACCESS_LOAD;
    case DBG_WATCH_ACCESS: return true;
    }
    return false;
}

static bool overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
    return a < b + blen && b < a + alen;
}

static bool on_watch(struct hart *h, uint64_t va, unsigned size, int access)
{
    struct machine *m = h->dbg_ctx;
    struct debugger *d = m->debug;
    bool page_watched = false;
    uint64_t page = va & ~(uint64_t)0xfff;
    for (unsigned k = 0; k < d->nwatches; k++) {
        const struct dbg_watch *w = &d->watches[k];
        uint64_t wpage = w->addr & ~(uint64_t)0xfff;
        uint64_t wend = (w->addr + w->len + 0xfff) & ~(uint64_t)0xfff;
        if (page >= wpage && page < wend)
            page_watched = true;
        if (!overlaps(va, size, w->addr, w->len) || !watch_matches(w->kind, access))
            continue;
        struct dbg_stop s = { .reason = DBG_WATCHPOINT, .addr = w->addr,
                              .watch_kind = access == ACCESS_STORE ? DBG_WATCH_WRITE
                                            : w->kind == DBG_WATCH_ACCESS ? DBG_WATCH_ACCESS
                                                                         : DBG_WATCH_READ };
        char pcs[160];
        snprintf(s.what, sizeof(s.what), "watchpoint 0x%llx: %s of %u bytes at 0x%llx by %s",
                 (unsigned long long)w->addr, access == ACCESS_STORE ? "store" : "load", size,
                 (unsigned long long)va, debug_format_pc(m, h->pc, pcs, sizeof(pcs)));
        debug_request_stop(m, (unsigned)h->mhartid, &s);
    }
    return page_watched;
}

/* Point every hart at the current tables; called after each change and
 * after a reset (hart_init clears the hart). */
static void install_hooks(struct machine *m)
{
    struct debugger *d = m->debug;
    for (unsigned k = 0; k < m->nharts; k++) {
        struct hart *h = &m->harts[k];
        h->dbg_ctx = m;
        h->break_hook = on_break;
        h->dbg_breaks = d->breaks;
        h->dbg_nbreaks = d->nbreaks;
        h->watch_hook = d->nwatches ? on_watch : NULL;
    }
}

int debug_add_break(struct debugger *d, uint64_t pc)
{
    for (unsigned k = 0; k < d->nbreaks; k++)
        if (d->breaks[k] == pc)
            return 0;
    if (d->nbreaks == DBG_MAX_BREAKS)
        return -1;
    d->breaks[d->nbreaks++] = pc;
    install_hooks(d->m);
    return 0;
}

int debug_remove_break(struct debugger *d, uint64_t pc)
{
    for (unsigned k = 0; k < d->nbreaks; k++) {
        if (d->breaks[k] == pc) {
            d->breaks[k] = d->breaks[--d->nbreaks];
            install_hooks(d->m);
            return 0;
        }
    }
    return -1;
}

int debug_add_watch(struct debugger *d, uint64_t addr, uint64_t len, enum dbg_watch_kind kind)
{
    if (len == 0 || len > 4096 || d->nwatches == DBG_MAX_WATCHES)
        return -1;
    d->watches[d->nwatches++] = (struct dbg_watch){ addr, len, kind };
    install_hooks(d->m);
    /* Translations cached before now would let accesses to the page
     * bypass the hook. */
    for (unsigned k = 0; k < d->m->nharts; k++)
        tlb_flush_all(&d->m->harts[k].tlb);
    return 0;
}

int debug_remove_watch(struct debugger *d, uint64_t addr, uint64_t len, enum dbg_watch_kind kind)
{
    for (unsigned k = 0; k < d->nwatches; k++) {
        struct dbg_watch *w = &d->watches[k];
        if (w->addr == addr && w->len == len && w->kind == kind) {
            *w = d->watches[--d->nwatches];
            install_hooks(d->m);
            return 0;
        }
    }
    return -1;
}

/* ---- --break-on conditions, seen as trace records ---- */

static bool pf_matches(const struct dbg_pf_filter *f, const struct trace_rec *r)
{
    uint64_t cause = r->a[0], va = r->a[1], pid = r->a[5];
    if (f->causes && (cause >= 32 || !(f->causes & (1u << cause))))
        return false;
    if (f->pid_set && pid != f->pid)
        return false;
    return va >= f->va_lo && va <= f->va_hi;
}

static const char *fault_name(uint64_t cause)
{
    switch (cause) {
    case 12: return "fetch page fault";
    case 13: return "load page fault";
    case 15: return "store page fault";
    default: return "page fault";
    }
}

static void on_record(void *ctx, const struct trace_rec *r)
{
    struct machine *m = ctx;
    struct debugger *d = m->debug;
    char pcs[160];
    if (r->kind == TR_PAGE_FAULT && d->cfg.pf.on && pf_matches(&d->cfg.pf, r)) {
        struct dbg_stop s = { .reason = DBG_PAGE_FAULT, .addr = r->a[1], .cause = r->a[0],
                              .epc = r->a[2], .pid = r->a[5] };
        char pid[32] = "pid ?";
        if (r->a[5] != ~(uint64_t)0)
            snprintf(pid, sizeof(pid), "pid %llu", (unsigned long long)r->a[5]);
        snprintf(s.what, sizeof(s.what), "%s at va 0x%llx by %s (%s, %s-mode, hart %u)",
                 fault_name(r->a[0]), (unsigned long long)r->a[1],
                 debug_format_pc(m, r->a[2], pcs, sizeof(pcs)), pid,
                 trace_priv_name((unsigned)r->a[3]), r->hart);
        debug_request_stop(m, r->hart, &s);
    } else if (r->kind == TR_CHECK && d->cfg.break_on_cow) {
        struct dbg_stop s = { .reason = DBG_COW_VIOLATION, .addr = r->a[2], .pid = r->a[1],
                              .epc = r->a[3] };
        char line[256];
        trace_format_text(r, &m->syms, line, sizeof(line));
        snprintf(s.what, sizeof(s.what), "%s", line);
        debug_request_stop(m, r->hart, &s);
    }
}

/* ---- inspecting ---- */

static struct hart *hart_of(struct machine *m, unsigned hart)
{
    return &m->harts[hart < m->nharts ? hart : 0];
}

/* The physical address of va for the debugger, or false. */
static bool debug_translate(struct machine *m, unsigned hart, uint64_t va, uint64_t *pa)
{
    struct hart *h = hart_of(m, hart);
    if (h->priv == PRV_M || (h->satp >> SATP_MODE_SHIFT) == SATP_MODE_BARE) {
        *pa = va;
        return true;
    }
    /* S-mode with SUM and MXR sees every mapped page, user or not,
     * readable or execute-only: what a debugger wants to show. */
    return mmu_walk(h->bus, h->satp, va, ACCESS_LOAD, PRV_S, true, true, false, pa, NULL) ==
           EXC_NONE;
}

static bool read_rom(struct machine *m, uint64_t pa, uint8_t *buf, size_t len)
{
    const struct bus_region *r = bus_find(m->bus, pa);
    if (!r || strcmp(r->ops->name, "rom") || pa + len > r->base + r->len)
        return false;
    for (size_t k = 0; k < len; k++) {
        uint64_t v;
        if (!r->ops->read(r->dev, pa + k - r->base, 1, &v))
            return false;
        buf[k] = (uint8_t)v;
    }
    return true;
}

static size_t copy_virt(struct machine *m, unsigned hart, uint64_t va, void *buf,
                        const void *src, size_t len)
{
    size_t done = 0;
    while (done < len) {
        uint64_t cur = va + done, pa;
        size_t chunk = 0x1000 - (cur & 0xfff);
        if (chunk > len - done)
            chunk = len - done;
        if (!debug_translate(m, hart, cur, &pa))
            break;
        if (!bus_in_ram(m->bus, pa, chunk)) {
            /* gdb reads the instructions it steps over, also in the boot
             * ROM where -S leaves the harts; device registers stay
             * untouched (reads may have side effects). */
            if (src || !read_rom(m, pa, (uint8_t *)buf + done, chunk))
                break;
            done += chunk;
            continue;
        }
        uint8_t *p = bus_ram_ptr(m->bus, pa, chunk);
        if (src) {
            memcpy(p, (const uint8_t *)src + done, chunk);
            bus_ram_written(m->bus, pa, chunk);
        } else {
            memcpy((uint8_t *)buf + done, p, chunk);
        }
        done += chunk;
    }
    return done;
}

size_t debug_read_virt(struct machine *m, unsigned hart, uint64_t va, void *buf, size_t len)
{
    return copy_virt(m, hart, va, buf, NULL, len);
}

size_t debug_write_virt(struct machine *m, unsigned hart, uint64_t va, const void *buf, size_t len)
{
    return copy_virt(m, hart, va, NULL, buf, len);
}

size_t debug_read_phys(struct machine *m, uint64_t pa, void *buf, size_t len)
{
    size_t done = 0;
    while (done < len && bus_in_ram(m->bus, pa + done, 1)) {
        size_t chunk = 0x1000 - ((pa + done) & 0xfff);
        if (chunk > len - done)
            chunk = len - done;
        if (!bus_in_ram(m->bus, pa + done, chunk))
            break;
        memcpy((uint8_t *)buf + done, bus_ram_ptr(m->bus, pa + done, chunk), chunk);
        done += chunk;
    }
    return done;
}

void debug_walk(struct machine *m, unsigned hart, uint64_t satp, uint64_t va,
                struct walk_record *rec)
{
    struct hart *h = hart_of(m, hart);
    uint64_t pa;
    mmu_walk(h->bus, satp ? satp : h->satp, va, ACCESS_LOAD, PRV_S, true, true, false, &pa, rec);
}

bool debug_get_reg(struct machine *m, unsigned hart, unsigned regno, uint64_t *val)
{
    struct hart *h = hart_of(m, hart);
    if (regno < 32) {
        *val = h->x[regno];
    } else if (regno == DBG_REG_PC) {
        *val = h->pc;
    } else if (regno >= DBG_REG_F0 && regno < DBG_REG_F0 + 32) {
        *val = h->f[regno - DBG_REG_F0];
    } else if (regno >= DBG_REG_CSR0 && regno < DBG_REG_CSR0 + 4096) {
        return csr_peek(h, regno - DBG_REG_CSR0, val);
    } else if (regno == DBG_REG_PRIV) {
        *val = h->priv;
    } else {
        return false;
    }
    return true;
}

bool debug_set_reg(struct machine *m, unsigned hart, unsigned regno, uint64_t val)
{
    struct hart *h = hart_of(m, hart);
    uint64_t old;
    if (regno < 32) {
        if (regno)
            h->x[regno] = val;
    } else if (regno == DBG_REG_PC) {
        h->pc = val;
    } else if (regno >= DBG_REG_F0 && regno < DBG_REG_F0 + 32) {
        h->f[regno - DBG_REG_F0] = val;
    } else if (regno >= DBG_REG_CSR0 && regno < DBG_REG_CSR0 + 4096) {
        if (!csr_peek(h, regno - DBG_REG_CSR0, &old))
            return false;
        /* Through the CSR file's own write rules (WARL masks, flushes),
         * at M-mode so any CSR the hart has is writable. */
        enum priv saved = h->priv;
        h->priv = PRV_M;
        bool ok = csr_check_write(h, regno - DBG_REG_CSR0) == EXC_NONE;
        if (ok)
            csr_write(h, regno - DBG_REG_CSR0, val);
        h->priv = saved;
        return ok;
    } else if (regno == DBG_REG_PRIV) {
        if (val != PRV_U && val != PRV_S && val != PRV_M)
            return false;
        h->priv = (enum priv)val;
        tlb_flush_all(&h->tlb);
    } else {
        return false;
    }
    return true;
}

const char *debug_format_pc(struct machine *m, uint64_t pc, char *buf, size_t size)
{
    char sym[128];
    symtab_format(&m->syms, pc, sym, sizeof(sym));
    snprintf(buf, size, "0x%llx%s%s", (unsigned long long)pc, *sym ? " " : "", sym);
    return buf;
}

bool debug_parse_addr(struct machine *m, const char *s, uint64_t *addr)
{
    while (isspace((unsigned char)*s))
        s++;
    if (!*s)
        return false;
    char name[128];
    size_t n = strcspn(s, "+- \t");
    const char *rest = s + n;
    uint64_t base;
    char *end;
    if (isdigit((unsigned char)*s)) {
        base = strtoull(s, &end, 0);
        rest = end;
    } else {
        if (n == 0 || n >= sizeof(name))
            return false;
        memcpy(name, s, n);
        name[n] = 0;
        if (!symtab_lookup(&m->syms, name, &base))
            return false;
    }
    while (isspace((unsigned char)*rest))
        rest++;
    if (*rest == '+' || *rest == '-') {
        char sign = *rest++;
        uint64_t off = strtoull(rest, &end, 0);
        if (end == rest)
            return false;
        base = sign == '+' ? base + off : base - off;
        rest = end;
    }
    while (isspace((unsigned char)*rest))
        rest++;
    if (*rest)
        return false;
    *addr = base;
    return true;
}

/* ---- set-up ---- */

static int parse_pf_option(const char *opt, size_t n, struct dbg_pf_filter *f, char *err,
                           size_t errlen)
{
    char buf[96];
    if (n >= sizeof(buf))
        return fail(err, errlen, "option too long");
    memcpy(buf, opt, n);
    buf[n] = 0;
    char *val = strchr(buf, '=');
    if (!val)
        return fail(err, errlen, "'%s' is not NAME=VALUE", buf);
    *val++ = 0;
    char *end;
    if (!strcmp(buf, "cause")) {
        unsigned c = !strcmp(val, "load") ? 13 : !strcmp(val, "store") ? 15
                   : !strcmp(val, "fetch") ? 12 : 0;
        if (!c)
            return fail(err, errlen, "cause must be load, store or fetch, not '%s'", val);
        f->causes |= 1u << c;
    } else if (!strcmp(buf, "pid")) {
        f->pid = strtoull(val, &end, 0);
        if (end == val || *end)
            return fail(err, errlen, "bad pid '%s'", val);
        f->pid_set = true;
    } else if (!strcmp(buf, "va")) {
        char *dash = strchr(val, '-');
        if (!dash)
            return fail(err, errlen, "va wants LO-HI, not '%s'", val);
        *dash = 0;
        f->va_lo = strtoull(val, &end, 0);
        if (end == val || *end)
            return fail(err, errlen, "bad address '%s'", val);
        f->va_hi = strtoull(dash + 1, &end, 0);
        if (end == dash + 1 || *end || f->va_hi < f->va_lo)
            return fail(err, errlen, "bad address range end '%s'", dash + 1);
    } else {
        return fail(err, errlen, "unknown page-fault option '%s' (cause, pid, va)", buf);
    }
    return 0;
}

int debug_parse_break_on(const char *spec, struct dbg_config *cfg, char *err, size_t errlen)
{
    if (!strcmp(spec, "cow-violation")) {
        cfg->break_on_cow = true;
        return 0;
    }
    if (!strncmp(spec, "pc=", 3)) {
        if (!spec[3])
            return fail(err, errlen, "pc= needs an address or a symbol");
        if (cfg->nbreak_pc == DBG_MAX_PC_SPECS)
            return fail(err, errlen, "at most %d pc= conditions", DBG_MAX_PC_SPECS);
        cfg->break_pc[cfg->nbreak_pc++] = spec + 3;
        return 0;
    }
    size_t n = strcspn(spec, ",");
    if (n != strlen("page-fault") || strncmp(spec, "page-fault", n))
        return fail(err, errlen, "known: page-fault[,cause=..][,pid=N][,va=LO-HI], "
                    "cow-violation, pc=ADDR|SYMBOL");
    struct dbg_pf_filter f = { .on = true, .va_hi = ~(uint64_t)0 };
    for (const char *p = spec + n; *p == ',';) {
        p++;
        size_t len = strcspn(p, ",");
        if (parse_pf_option(p, len, &f, err, errlen) != 0)
            return -1;
        p += len;
    }
    cfg->pf = f;
    return 0;
}

/* The records --break-on needs, and those the monitor's page and events
 * commands read back from the trace ring. */
static uint32_t wanted_records(const struct dbg_config *cfg)
{
    uint32_t mask = TRACE_MASK(TR_KERNEL) | TRACE_MASK(TR_PAGE_FAULT);
    if (cfg->break_on_cow)
        mask |= TRACE_MASK(TR_CHECK);
    return mask;
}

int debug_attach(struct machine *m, const struct dbg_config *cfg, char *err, size_t errlen)
{
    struct debugger *d = calloc(1, sizeof(*d));
    if (!d)
        return fail(err, errlen, "out of memory");
    d->m = m;
    d->cfg = *cfg;
    d->step_hart = -1;
    m->debug = d;
    for (unsigned k = 0; k < cfg->nbreak_pc; k++) {
        uint64_t pc;
        if (!debug_parse_addr(m, cfg->break_pc[k], &pc))
            return fail(err, errlen, "--break-on=pc=%s: no such address or symbol",
                        cfg->break_pc[k]);
        if (debug_add_break(d, pc) != 0)
            return fail(err, errlen, "too many breakpoints");
    }
    if (trace_add_sink(&m->trace, wanted_records(cfg),
                       (struct trace_sink){ .event = on_record, .ctx = m }) != 0)
        return fail(err, errlen, "too many trace sinks");
    d->mon = monitor_new(m);
    if (!d->mon)
        return fail(err, errlen, "out of memory");
    if (cfg->gdb_listen && !(d->gdb = gdbstub_open(m, cfg->gdb_listen, err, errlen)))
        return -1;
    if (cfg->start_halted) {
        struct dbg_stop s = { .reason = DBG_HALTED };
        snprintf(s.what, sizeof(s.what), "halted before the first instruction (-S)");
        debug_request_stop(m, 0, &s);
    }
    install_hooks(m);
    return 0;
}

void debug_harts_reset(struct machine *m)
{
    if (m->debug)
        install_hooks(m);
}

void debug_detach_all(struct machine *m)
{
    struct debugger *d = m->debug;
    if (!d)
        return;
    gdbstub_free(d->gdb);
    monitor_free(d->mon);
    free(d);
    m->debug = NULL;
}

/* ---- the run loop's side ---- */

void debug_poll(struct machine *m)
{
    struct debugger *d = m->debug;
    if (d && d->gdb)
        gdbstub_poll(d->gdb);
    if (d && m->console.monitor_requested) {
        m->console.monitor_requested = false;
        struct dbg_stop s = { .reason = DBG_INTERRUPT };
        snprintf(s.what, sizeof(s.what), "stopped by Ctrl-A C");
        debug_request_stop(m, d->selected, &s);
    }
}

void debug_resume(struct machine *m, const struct dbg_resume *r)
{
    struct debugger *d = m->debug;
    if (r->kind == DBG_KILL) {
        /* A front end may have named a more precise reason (the window
         * was closed). */
        if (m->exit_reason == EXIT_NONE)
            m->exit_reason = EXIT_DEBUGGER;
        d->stopped = false;
        return;
    }
    if (r->kind == DBG_DETACH) {
        d->nbreaks = 0;
        d->nwatches = 0;
        d->cfg.pf.on = false;
        d->cfg.break_on_cow = false;
        install_hooks(m);
    }
    /* Resuming from a breakpoint executes the instruction under it. */
    if (d->stop.reason == DBG_BREAKPOINT)
        m->harts[d->stop.hart].dbg_skip_pc = m->harts[d->stop.hart].pc;
    d->step_hart = -1;
    if (r->kind == DBG_STEP_HART && r->hart < m->nharts) {
        d->step_hart = (int)r->hart;
        d->step_left = r->steps ? r->steps : 1;
        d->step_from_ui = r->from_ui;
        if (m->harts[r->hart].state == HART_STOPPED)
            d->step_hart = -1;
    }
    d->stopped = false;
    d->stop.reason = DBG_RUNNING;
}

/* The run loop ran n instructions on hart k: count down a step request. */
void debug_ran(struct machine *m, unsigned k, uint64_t n)
{
    struct debugger *d = m->debug;
    if (d->step_hart != (int)k || n == 0)
        return;
    d->step_left -= n < d->step_left ? n : d->step_left;
    if (d->step_left)
        return;
    d->step_hart = -1;
    struct hart *h = &m->harts[k];
    struct dbg_stop s = { .reason = DBG_STEP, .addr = h->pc, .from_ui = d->step_from_ui };
    char pcs[160];
    snprintf(s.what, sizeof(s.what), "stepped to %s", debug_format_pc(m, h->pc, pcs, sizeof(pcs)));
    debug_request_stop(m, k, &s);
}

/* Held, the other harts could keep a waiting hart's interrupt from ever
 * coming: an IPI they would send, or its timer, when time stops at a held
 * hart's earlier deadline that only that hart could move on. So while the
 * stepped hart waits in wfi they run, and the step is its first
 * instruction after it wakes. */
bool debug_holds(const struct debugger *d, unsigned k)
{
    if (!d || d->step_hart < 0 || (unsigned)d->step_hart == k)
        return false;
    return d->m->harts[d->step_hart].state != HART_WFI;
}

/* How many instructions hart k may run before a step request ends. */
uint64_t debug_step_limit(const struct machine *m, unsigned k, uint64_t budget)
{
    const struct debugger *d = m->debug;
    if (d && d->step_hart == (int)k && d->step_left < budget)
        return d->step_left;
    return budget;
}

bool debug_serve(struct machine *m)
{
    struct debugger *d = m->debug;
    d->stop_pending = false;
    d->stopped = true;
    d->selected = d->stop.hart;
    for (unsigned k = 0; k < m->nharts; k++)
        m->harts[k].end_slice = false;
    struct dbg_resume r;
    /* The window serves the stops its keys asked for; -S waits for gdb
     * at the start; later stops go to gdb only while it is connected,
     * else to the monitor. */
    if (d->stop.from_ui && d->ui.serve)
        r = d->ui.serve(d->ui.ctx, &d->stop);
    else if (d->gdb && (gdbstub_connected(d->gdb) || d->stop.reason == DBG_HALTED))
        r = gdbstub_serve(d->gdb, &d->stop);
    else
        r = monitor_serve(d->mon, &d->stop);
    debug_resume(m, &r);
    return m->exit_reason == EXIT_NONE;
}
