/*
 * gdbstub.c - the gdb remote serial protocol (gdb manual, appendix
 * "Remote Protocol") over TCP, in the shape gdb expects from QEMU's
 * stub: all-stop, one thread per hart (thread id = hart + 1), a target
 * description with QEMU's register numbering, Z packets for break and
 * watch points on virtual addresses, and "monitor" commands served by
 * the built-in monitor.
 *
 * The byte stream goes through one parser whether it comes from the
 * socket or from gdbstub_feed (the unit tests), so the tests exercise
 * exactly what gdb talks to. Replies collect in an output buffer that is
 * flushed to the socket (or taken by the tests).
 */
#include "gdbstub.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "csr.h"
#include "machine.h"
#include "monitor.h"

/* Largest packet (data bytes) either side sends; advertised as
 * PacketSize, which also bounds gdb's memory reads and writes. */
#define PKT_MAX 0x4000
/* Bytes a client may queue while the machine runs before it is taken
 * for a flood and dropped. */
#define INQ_MAX (1u << 20)
/* gdb's signal numbers in stop replies. */
#define SIG_INT 2
#define SIG_TRAP 5
/* Registers in a 'g' packet: x0..x31 and pc, as QEMU sends; gdb fetches
 * the others one by one with 'p'. */
#define G_REGS 33

enum rx_state { RX_IDLE, RX_DATA, RX_CK1, RX_CK2 };

/* What a packet handler did. */
enum pkt_result { PKT_REPLY, PKT_RESUME, PKT_SILENT };

struct sbuf {
    char  *p;
    size_t len, cap;
};

/* A break or watch point gdb inserted, kept so that a detach or a
 * disconnect can take out exactly gdb's points, and so that a stop can
 * say which kind of breakpoint it hit. */
struct gdb_point {
    int      type;            /* the Z packet's type, 0..4               */
    uint64_t addr, len;
    bool     owned;           /* breaks: this insert created the entry    */
};

struct gdbstub {
    struct machine *m;
    int  listen_fd, client_fd;    /* -1 when absent                     */
    int  port;
    bool client_detached;         /* sent D; the socket waits for EOF   */
    bool dead;                    /* a send failed: drop at next check  */

    uint8_t *in;                  /* received, not yet parsed            */
    size_t   in_len, in_cap, in_pos;

    enum rx_state rx;
    char     pkt[PKT_MAX + 1];
    size_t   pkt_len;
    bool     pkt_overflow;
    uint8_t  sum;                 /* running checksum of the packet data */
    unsigned ck_hi;

    struct sbuf out;              /* bytes for the client               */
    struct sbuf last;             /* last packet, for a '-' resend       */
    struct sbuf reply;            /* the reply being built              */

    bool no_ack;
    bool client_swbreak, client_hwbreak;
    bool running;                 /* gdb waits for a stop reply          */
    bool interrupt_sent;          /* the pending stop is gdb's Ctrl-C    */

    struct dbg_stop stop;
    unsigned hart_g, hart_c;      /* Hg and Hc selections, as harts      */

    struct gdb_point points[DBG_MAX_BREAKS + DBG_MAX_WATCHES];
    unsigned npoints;

    struct sbuf xml;              /* target.xml, built on first request  */
};

/* ---- small buffers ---- */

static void sb_reserve(struct sbuf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1)
        cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p) {
        /* Every buffer is bounded by PKT_MAX or INQ_MAX: running out of
         * memory here leaves nothing sensible to do. */
        fputs("rvemu: gdb stub: out of memory\n", stderr);
        abort();
    }
    b->p = p;
    b->cap = cap;
}

static void sb_add(struct sbuf *b, const void *data, size_t n)
{
    sb_reserve(b, n);
    if (n)
        memcpy(b->p + b->len, data, n);
    b->len += n;
    b->p[b->len] = 0;
}

static void sb_str(struct sbuf *b, const char *s)
{
    sb_add(b, s, strlen(s));
}

static void sb_printf(struct sbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void sb_printf(struct sbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n <= 0)
        return;
    sb_reserve(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

static void sb_hex(struct sbuf *b, const void *data, size_t n)
{
    static const char digits[] = "0123456789abcdef";
    const uint8_t *d = data;
    sb_reserve(b, 2 * n);
    for (size_t k = 0; k < n; k++) {
        b->p[b->len++] = digits[d[k] >> 4];
        b->p[b->len++] = digits[d[k] & 15];
    }
    b->p[b->len] = 0;
}

/* A register value as gdb wants it: size bytes, target (little) endian. */
static void sb_le(struct sbuf *b, uint64_t v, unsigned size)
{
    uint8_t bytes[8];
    for (unsigned k = 0; k < size; k++)
        bytes[k] = (uint8_t)(v >> (8 * k));
    sb_hex(b, bytes, size);
}

static void sb_free(struct sbuf *b)
{
    free(b->p);
    *b = (struct sbuf){ 0 };
}

/* ---- parsing helpers ---- */

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* A hex number of 1..16 digits at *p (before end); advances *p. */
static bool parse_hex(const char **p, const char *end, uint64_t *v)
{
    const char *s = *p;
    uint64_t x = 0;
    unsigned n = 0;
    while (s < end && hexval(*s) >= 0) {
        if (++n > 16)
            return false;
        x = x << 4 | (uint64_t)hexval(*s++);
    }
    if (n == 0)
        return false;
    *p = s;
    *v = x;
    return true;
}

static bool expect_char(const char **p, const char *end, char c)
{
    if (*p >= end || **p != c)
        return false;
    (*p)++;
    return true;
}

/* n bytes from 2n hex digits. */
static bool unhex(const char *s, size_t n, uint8_t *out)
{
    for (size_t k = 0; k < n; k++) {
        int hi = hexval(s[2 * k]), lo = hexval(s[2 * k + 1]);
        if (hi < 0 || lo < 0)
            return false;
        out[k] = (uint8_t)(hi << 4 | lo);
    }
    return true;
}

/* The packet's arguments after name, when the packet is name followed
 * by nothing or by one of the separators gdb uses (":,;"). */
static const char *after_name(const char *pkt, size_t len, const char *name)
{
    size_t n = strlen(name);
    if (len < n || memcmp(pkt, name, n) != 0)
        return NULL;
    if (len == n)
        return pkt + n;
    return strchr(":,;", pkt[n]) ? pkt + n + 1 : NULL;
}

/* A thread id: -1 (all), 0 (any) or a hart + 1, also in the
 * multiprocess form "pPID.TID". *tid gets -1, 0 or the id. */
static bool parse_thread(const char **p, const char *end, int64_t *tid)
{
    if (*p < end && **p == 'p') {
        const char *dot = memchr(*p, '.', (size_t)(end - *p));
        if (!dot)
            return false;
        *p = dot + 1;
    }
    if (end - *p >= 2 && (*p)[0] == '-' && (*p)[1] == '1') {
        *p += 2;
        *tid = -1;
        return true;
    }
    uint64_t v;
    if (!parse_hex(p, end, &v) || v > 0xffff)
        return false;
    *tid = (int64_t)v;
    return true;
}

/* ---- output ---- */

static void send_raw(struct gdbstub *g, const char *s, size_t n)
{
    sb_add(&g->out, s, n);
}

/* Frame data as $data#cs. Reply data never needs escaping except the
 * binary qXfer chunks, which are escaped when built. */
static void send_packet(struct gdbstub *g, const char *data, size_t n)
{
    uint8_t sum = 0;
    for (size_t k = 0; k < n; k++)
        sum = (uint8_t)(sum + (uint8_t)data[k]);
    g->last.len = 0;
    sb_add(&g->last, "$", 1);
    sb_add(&g->last, data, n);
    sb_printf(&g->last, "#%02x", sum);
    send_raw(g, g->last.p, g->last.len);
}

static void send_str(struct gdbstub *g, const char *s)
{
    send_packet(g, s, strlen(s));
}

/* Console output for gdb to print: only while it waits for a stop
 * reply, or as the body of a qRcmd answer. */
static void send_console(struct gdbstub *g, const char *text, size_t n)
{
    size_t chunk = (PKT_MAX - 2) / 2;
    struct sbuf o = { 0 };
    for (size_t k = 0; k < n; k += chunk) {
        o.len = 0;
        sb_str(&o, "O");
        sb_hex(&o, text + k, n - k < chunk ? n - k : chunk);
        send_packet(g, o.p, o.len);
    }
    sb_free(&o);
}

static void flush(struct gdbstub *g)
{
    if (g->client_fd < 0) {
        /* Detached (unit tests) keep output for gdbstub_take_output;
         * with the client gone it has nowhere to go. */
        if (g->listen_fd >= 0)
            g->out.len = 0;
        return;
    }
    size_t done = 0;
    while (done < g->out.len) {
        ssize_t n = send(g->client_fd, g->out.p + done, g->out.len - done, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            g->dead = true;
            break;
        }
        done += (size_t)n;
    }
    g->out.len = 0;
}

/* ---- gdb's break and watch points ---- */

static struct debugger *dbg(struct gdbstub *g)
{
    return g->m->debug;
}

static bool debugger_has_break(const struct debugger *d, uint64_t pc)
{
    for (unsigned k = 0; k < d->nbreaks; k++)
        if (d->breaks[k] == pc)
            return true;
    return false;
}

static bool is_break(int type)
{
    return type == 0 || type == 1;
}

static int insert_point(struct gdbstub *g, int type, uint64_t addr, uint64_t len)
{
    struct debugger *d = dbg(g);
    if (!d || g->npoints == sizeof(g->points) / sizeof(g->points[0]))
        return -1;
    struct gdb_point p = { .type = type, .addr = addr, .len = len };
    if (is_break(type)) {
        /* The debugger keeps one entry per pc; only the insert that made
         * it may take it out, so a --break-on=pc= survives gdb. */
        p.owned = !debugger_has_break(d, addr);
        if (debug_add_break(d, addr) != 0)
            return -1;
    } else if (debug_add_watch(d, addr, len, (enum dbg_watch_kind)type) != 0) {
        return -1;
    }
    g->points[g->npoints++] = p;
    return 0;
}

static void forget_point(struct gdbstub *g, unsigned k)
{
    struct debugger *d = dbg(g);
    struct gdb_point p = g->points[k];
    g->points[k] = g->points[--g->npoints];
    if (!is_break(p.type)) {
        debug_remove_watch(d, p.addr, p.len, (enum dbg_watch_kind)p.type);
        return;
    }
    for (unsigned j = 0; j < g->npoints; j++) {
        if (is_break(g->points[j].type) && g->points[j].addr == p.addr) {
            g->points[j].owned |= p.owned;
            return;
        }
    }
    if (p.owned)
        debug_remove_break(d, p.addr);
}

static int remove_point(struct gdbstub *g, int type, uint64_t addr, uint64_t len)
{
    for (unsigned k = 0; k < g->npoints; k++) {
        const struct gdb_point *p = &g->points[k];
        if (p->type == type && p->addr == addr && (is_break(type) || p->len == len)) {
            forget_point(g, k);
            return 0;
        }
    }
    return -1;
}

static void remove_all_points(struct gdbstub *g)
{
    while (g->npoints)
        forget_point(g, g->npoints - 1);
}

/* The Z type gdb used for a breakpoint at pc, or -1 if it set none. */
static int break_type_at(const struct gdbstub *g, uint64_t pc)
{
    for (unsigned k = 0; k < g->npoints; k++)
        if (is_break(g->points[k].type) && g->points[k].addr == pc)
            return g->points[k].type;
    return -1;
}

/* ---- stop replies ---- */

static const char *watch_name(enum dbg_watch_kind kind)
{
    switch (kind) {
    case DBG_WATCH_READ:   return "rwatch";
    case DBG_WATCH_ACCESS: return "awatch";
    case DBG_WATCH_WRITE:  break;
    }
    return "watch";
}

static void build_stop_reply(struct gdbstub *g, struct sbuf *b)
{
    const struct dbg_stop *s = &g->stop;
    int sig = s->reason == DBG_INTERRUPT && g->interrupt_sent ? SIG_INT : SIG_TRAP;
    sb_printf(b, "T%02xthread:%x;", sig, s->hart + 1);
    if (s->reason == DBG_BREAKPOINT) {
        /* Only a client that announced the stop reasons may get them;
         * a --break-on=pc= stop is not gdb's breakpoint at all. */
        int type = break_type_at(g, s->addr);
        if (type == 0 && g->client_swbreak)
            sb_str(b, "swbreak:;");
        else if (type == 1 && g->client_hwbreak)
            sb_str(b, "hwbreak:;");
    } else if (s->reason == DBG_WATCHPOINT) {
        sb_printf(b, "%s:%" PRIx64 ";", watch_name(s->watch_kind), s->addr);
    }
}

/* Stops gdb cannot explain by itself get their line on gdb's console. */
static bool stop_needs_words(enum dbg_reason r)
{
    return r == DBG_PAGE_FAULT || r == DBG_COW_VIOLATION || r == DBG_GUEST_EXIT;
}

void gdbstub_stopped(struct gdbstub *g, const struct dbg_stop *stop)
{
    g->stop = *stop;
    if (stop->hart < g->m->nharts)
        g->hart_g = g->hart_c = stop->hart;
    else
        g->stop.hart = g->hart_g = g->hart_c = 0;
    if (!g->running)
        return;
    g->running = false;
    if (stop_needs_words(stop->reason) && stop->what[0]) {
        char line[sizeof(stop->what) + 16];
        int n = snprintf(line, sizeof(line), "rvemu: %s\n", stop->what);
        send_console(g, line, (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
    }
    struct sbuf b = { 0 };
    build_stop_reply(g, &b);
    send_packet(g, b.p, b.len);
    sb_free(&b);
    g->interrupt_sent = false;
}

/* ---- the target description ---- */

static const char *const gpr_names[32] = {
    "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "fp", "s1", "a0", "a1", "a2", "a3", "a4",
    "a5", "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4",
    "t5", "t6",
};

static const char *const fpr_names[32] = {
    "ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7", "fs0", "fs1", "fa0",
    "fa1", "fa2", "fa3", "fa4", "fa5", "fa6", "fa7", "fs2", "fs3", "fs4", "fs5",
    "fs6", "fs7", "fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11",
};

/* fflags, frm and fcsr live in the fpu feature (as in gdb's own
 * 64bit-fpu.xml); listing them again among the CSRs would give gdb two
 * registers with one number. */
static bool is_fp_csr(unsigned csr)
{
    return csr == CSR_FFLAGS || csr == CSR_FRM || csr == CSR_FCSR;
}

static const char *gpr_type(unsigned k)
{
    if (k == 1)
        return "code_ptr";
    if ((k >= 2 && k <= 4) || k == 8)
        return "data_ptr";
    return "int";
}

static void xml_cpu(struct sbuf *x)
{
    sb_str(x, "<feature name=\"org.gnu.gdb.riscv.cpu\">\n");
    for (unsigned k = 0; k < 32; k++)
        sb_printf(x, "<reg name=\"%s\" bitsize=\"64\" type=\"%s\" regnum=\"%u\"/>\n",
                  gpr_names[k], gpr_type(k), k);
    sb_printf(x, "<reg name=\"pc\" bitsize=\"64\" type=\"code_ptr\" regnum=\"%u\"/>\n",
              DBG_REG_PC);
    sb_str(x, "</feature>\n");
}

static void xml_fpu(struct sbuf *x)
{
    sb_str(x, "<feature name=\"org.gnu.gdb.riscv.fpu\">\n"
              "<union id=\"riscv_double\"><field name=\"float\" type=\"ieee_single\"/>"
              "<field name=\"double\" type=\"ieee_double\"/></union>\n");
    for (unsigned k = 0; k < 32; k++)
        sb_printf(x, "<reg name=\"%s\" bitsize=\"64\" type=\"riscv_double\" regnum=\"%u\"/>\n",
                  fpr_names[k], DBG_REG_F0 + k);
    static const unsigned fcsrs[] = { CSR_FFLAGS, CSR_FRM, CSR_FCSR };
    for (unsigned k = 0; k < 3; k++)
        sb_printf(x, "<reg name=\"%s\" bitsize=\"32\" type=\"int\" regnum=\"%u\"/>\n",
                  csr_name(fcsrs[k]), DBG_REG_CSR0 + fcsrs[k]);
    sb_str(x, "</feature>\n");
}

/* Every CSR this hart implements, numbered 65 + csr as QEMU does. */
static void xml_csr(struct sbuf *x, struct hart *h)
{
    sb_str(x, "<feature name=\"org.gnu.gdb.riscv.csr\">\n");
    for (unsigned csr = 0; csr < 4096; csr++) {
        uint64_t v;
        const char *name = csr_name(csr);
        if (!name || is_fp_csr(csr) || !csr_peek(h, csr, &v))
            continue;
        sb_printf(x, "<reg name=\"%s\" bitsize=\"64\" type=\"int\" regnum=\"%u\"/>\n", name,
                  DBG_REG_CSR0 + csr);
    }
    sb_str(x, "</feature>\n");
}

static const struct sbuf *target_xml(struct gdbstub *g)
{
    struct sbuf *x = &g->xml;
    if (x->len)
        return x;
    sb_str(x, "<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
              "<target version=\"1.0\">\n<architecture>riscv:rv64</architecture>\n");
    xml_cpu(x);
    xml_fpu(x);
    xml_csr(x, &g->m->harts[0]);
    sb_printf(x, "<feature name=\"org.gnu.gdb.riscv.virtual\">\n"
                 "<reg name=\"priv\" bitsize=\"64\" type=\"int\" regnum=\"%u\"/>\n</feature>\n",
              DBG_REG_PRIV);
    sb_str(x, "</target>\n");
    return x;
}

/* The size in bytes of register regno as the description gives it, or
 * 0 for a number it does not have. */
static unsigned reg_size(unsigned regno)
{
    if (regno < DBG_REG_CSR0 || regno == DBG_REG_PRIV)
        return 8;
    if (regno < DBG_REG_CSR0 + 4096)
        return is_fp_csr(regno - DBG_REG_CSR0) ? 4 : 8;
    return 0;
}

/* ---- packet handlers: each builds g->reply ---- */

static enum pkt_result reply_str(struct gdbstub *g, const char *s)
{
    sb_str(&g->reply, s);
    return PKT_REPLY;
}

static enum pkt_result reply_error(struct gdbstub *g)
{
    return reply_str(g, "E01");
}

/* Memory gdb cannot read or write. */
static enum pkt_result reply_fault(struct gdbstub *g)
{
    return reply_str(g, "E14");
}

static enum pkt_result resume(struct dbg_resume *r, enum dbg_resume_kind kind, unsigned hart)
{
    *r = (struct dbg_resume){ .kind = kind, .hart = hart, .steps = 1 };
    return PKT_RESUME;
}

static enum pkt_result h_read_regs(struct gdbstub *g)
{
    for (unsigned k = 0; k < G_REGS; k++) {
        uint64_t v = 0;
        debug_get_reg(g->m, g->hart_g, k, &v);
        sb_le(&g->reply, v, 8);
    }
    return PKT_REPLY;
}

static enum pkt_result h_write_regs(struct gdbstub *g, const char *a, size_t n)
{
    uint8_t bytes[G_REGS * 8];
    if (n < 2 * sizeof(bytes) || !unhex(a, sizeof(bytes), bytes))
        return reply_error(g);
    for (unsigned k = 1; k < G_REGS; k++) {
        uint64_t v = 0;
        for (unsigned b = 0; b < 8; b++)
            v |= (uint64_t)bytes[8 * k + b] << (8 * b);
        debug_set_reg(g->m, g->hart_g, k, v);
    }
    return reply_str(g, "OK");
}

static enum pkt_result h_read_reg(struct gdbstub *g, const char *a, const char *end)
{
    uint64_t regno, v;
    if (!parse_hex(&a, end, &regno) || a != end || regno > DBG_REG_PRIV ||
        !reg_size((unsigned)regno) || !debug_get_reg(g->m, g->hart_g, (unsigned)regno, &v))
        return reply_error(g);
    sb_le(&g->reply, v, reg_size((unsigned)regno));
    return PKT_REPLY;
}

static enum pkt_result h_write_reg(struct gdbstub *g, const char *a, const char *end)
{
    uint64_t regno;
    if (!parse_hex(&a, end, &regno) || !expect_char(&a, end, '=') || regno > DBG_REG_PRIV)
        return reply_error(g);
    size_t nbytes = (size_t)(end - a) / 2;
    uint8_t bytes[8];
    if ((end - a) % 2 || nbytes == 0 || nbytes > 8 || !unhex(a, nbytes, bytes))
        return reply_error(g);
    uint64_t v = 0;
    for (size_t b = 0; b < nbytes; b++)
        v |= (uint64_t)bytes[b] << (8 * b);
    if (!reg_size((unsigned)regno) || !debug_set_reg(g->m, g->hart_g, (unsigned)regno, v))
        return reply_error(g);
    return reply_str(g, "OK");
}

/* "ADDR,LEN" */
static bool parse_addr_len(const char **a, const char *end, uint64_t *addr, uint64_t *len)
{
    return parse_hex(a, end, addr) && expect_char(a, end, ',') && parse_hex(a, end, len);
}

/* Reads longer than a reply packet can carry are cut short, which the
 * protocol allows; gdb asks again for the rest. */
static enum pkt_result h_read_mem(struct gdbstub *g, const char *a, const char *end)
{
    uint64_t addr, len;
    if (!parse_addr_len(&a, end, &addr, &len) || a != end)
        return reply_error(g);
    uint8_t buf[(PKT_MAX - 16) / 2];
    size_t want = len < sizeof(buf) ? (size_t)len : sizeof(buf);
    size_t got = debug_read_virt(g->m, g->hart_g, addr, buf, want);
    if (got == 0 && want != 0)
        return reply_fault(g);
    sb_hex(&g->reply, buf, got);
    return PKT_REPLY;
}

static enum pkt_result write_mem(struct gdbstub *g, uint64_t addr, const uint8_t *buf, size_t n)
{
    if (n && debug_write_virt(g->m, g->hart_g, addr, buf, n) != n)
        return reply_fault(g);
    return reply_str(g, "OK");
}

static enum pkt_result h_write_mem_hex(struct gdbstub *g, const char *a, const char *end)
{
    uint64_t addr, len;
    if (!parse_addr_len(&a, end, &addr, &len) || !expect_char(&a, end, ':'))
        return reply_error(g);
    uint8_t buf[PKT_MAX / 2];
    if (len > sizeof(buf) || (uint64_t)(end - a) != 2 * len || !unhex(a, (size_t)len, buf))
        return reply_error(g);
    return write_mem(g, addr, buf, (size_t)len);
}

/* 'X': the data is binary, with '}' escaping the next byte (xor 0x20). */
static enum pkt_result h_write_mem_bin(struct gdbstub *g, const char *a, const char *end)
{
    uint64_t addr, len;
    if (!parse_addr_len(&a, end, &addr, &len) || !expect_char(&a, end, ':'))
        return reply_error(g);
    uint8_t buf[PKT_MAX];
    size_t n = 0;
    while (a < end) {
        uint8_t c = (uint8_t)*a++;
        if (c == '}') {
            if (a == end)
                return reply_error(g);
            c = (uint8_t)(*a++ ^ 0x20);
        }
        buf[n++] = c;
    }
    if (n != len)
        return reply_error(g);
    return write_mem(g, addr, buf, n);
}

/* Z/z TYPE,ADDR,KIND[;cond...]: the conditions gdb may append are not
 * supported (not announced) and ignored. */
static enum pkt_result h_point(struct gdbstub *g, bool insert, const char *a, const char *end)
{
    uint64_t type, addr, kind;
    if (!parse_hex(&a, end, &type) || !expect_char(&a, end, ',') ||
        !parse_addr_len(&a, end, &addr, &kind) || (a != end && *a != ';'))
        return reply_error(g);
    if (type > 4)
        return PKT_REPLY;       /* unknown type: unsupported, empty reply */
    if (!dbg(g))
        return reply_error(g);
    int rc = insert ? insert_point(g, (int)type, addr, kind)
                    : remove_point(g, (int)type, addr, kind);
    return rc == 0 ? reply_str(g, "OK") : reply_error(g);
}

/* c [ADDR], s [ADDR], C SIG[;ADDR], S SIG[;ADDR]: the signal is
 * meaningless to a machine and dropped. */
static enum pkt_result h_resume(struct gdbstub *g, char op, const char *a, const char *end,
                                struct dbg_resume *r)
{
    uint64_t v;
    if (op == 'C' || op == 'S') {
        if (!parse_hex(&a, end, &v))
            return reply_error(g);
        if (a < end && !expect_char(&a, end, ';'))
            return reply_error(g);
    }
    if (a < end) {
        if (!parse_hex(&a, end, &v) || a != end)
            return reply_error(g);
        debug_set_reg(g->m, g->hart_c, DBG_REG_PC, v);
    }
    bool step = op == 's' || op == 'S';
    return resume(r, step ? DBG_STEP_HART : DBG_CONTINUE, g->hart_c);
}

static bool thread_valid(const struct gdbstub *g, int64_t tid)
{
    return tid >= 1 && tid <= (int64_t)g->m->nharts;
}

static enum pkt_result h_set_thread(struct gdbstub *g, const char *a, const char *end)
{
    if (a == end)
        return reply_error(g);
    char op = *a++;
    int64_t tid;
    if ((op != 'g' && op != 'c') || !parse_thread(&a, end, &tid) || a != end)
        return reply_error(g);
    if (tid > 0 && !thread_valid(g, tid))
        return reply_error(g);
    /* "any" and "all" keep the current hart: one the user knows. */
    unsigned hart = tid > 0 ? (unsigned)(tid - 1) : (op == 'g' ? g->hart_g : g->hart_c);
    if (op == 'g')
        g->hart_g = hart;
    else
        g->hart_c = hart;
    return reply_str(g, "OK");
}

static enum pkt_result h_thread_alive(struct gdbstub *g, const char *a, const char *end)
{
    int64_t tid;
    if (!parse_thread(&a, end, &tid) || a != end || !thread_valid(g, tid))
        return reply_error(g);
    return reply_str(g, "OK");
}

static enum pkt_result h_detach(struct gdbstub *g, struct dbg_resume *r)
{
    remove_all_points(g);
    g->client_detached = true;
    sb_str(&g->reply, "OK");
    resume(r, DBG_DETACH, g->hart_c);
    /* The OK goes out before the machine runs on. */
    return PKT_RESUME;
}

/* ---- q, Q and v packets ---- */

static enum pkt_result q_supported(struct gdbstub *g, const char *a, const char *end)
{
    g->client_swbreak = g->client_hwbreak = false;
    while (a < end) {
        const char *semi = memchr(a, ';', (size_t)(end - a));
        size_t n = (size_t)((semi ? semi : end) - a);
        if (n == 8 && !memcmp(a, "swbreak+", 8))
            g->client_swbreak = true;
        if (n == 8 && !memcmp(a, "hwbreak+", 8))
            g->client_hwbreak = true;
        a += n + (semi ? 1 : 0);
    }
    sb_printf(&g->reply, "PacketSize=%x;qXfer:features:read+;swbreak+;hwbreak+;"
                         "vContSupported+;QStartNoAckMode+", PKT_MAX);
    return PKT_REPLY;
}

/* qXfer:features:read:ANNEX:OFFSET,LENGTH */
static enum pkt_result q_xfer(struct gdbstub *g, const char *a, const char *end)
{
    static const char prefix[] = "features:read:";
    size_t plen = sizeof(prefix) - 1;
    if ((size_t)(end - a) < plen || memcmp(a, prefix, plen) != 0)
        return PKT_REPLY;       /* another object: unsupported */
    a += plen;
    const char *colon = memchr(a, ':', (size_t)(end - a));
    if (!colon)
        return reply_error(g);
    if (colon - a != 10 || memcmp(a, "target.xml", 10) != 0)
        return reply_str(g, "E00");
    a = colon + 1;
    uint64_t off, len;
    if (!parse_addr_len(&a, end, &off, &len) || a != end)
        return reply_error(g);
    const struct sbuf *x = target_xml(g);
    if (off >= x->len)
        return reply_str(g, "l");
    size_t room = len < PKT_MAX - 8 ? (size_t)len : PKT_MAX - 8;
    struct sbuf *b = &g->reply;
    sb_str(b, "m");
    size_t k = (size_t)off;
    while (k < x->len) {
        char c = x->p[k];
        bool esc = c == '$' || c == '#' || c == '}' || c == '*';
        /* b holds 'm' and the payload so far. */
        if (b->len - 1 + (esc ? 2 : 1) > room)
            break;
        if (esc) {
            char pair[2] = { '}', (char)(c ^ 0x20) };
            sb_add(b, pair, 2);
        } else {
            sb_add(b, &c, 1);
        }
        k++;
    }
    if (k == x->len)
        b->p[0] = 'l';
    return PKT_REPLY;
}

static enum pkt_result q_thread_info(struct gdbstub *g)
{
    sb_str(&g->reply, "m");
    for (unsigned k = 0; k < g->m->nharts; k++)
        sb_printf(&g->reply, k ? ",%x" : "%x", k + 1);
    return PKT_REPLY;
}

static char priv_letter(uint64_t priv)
{
    return priv == PRV_M ? 'M' : priv == PRV_S ? 'S' : 'U';
}

static enum pkt_result q_thread_extra(struct gdbstub *g, const char *a, const char *end)
{
    int64_t tid;
    if (!parse_thread(&a, end, &tid) || a != end || !thread_valid(g, tid))
        return reply_error(g);
    unsigned hart = (unsigned)(tid - 1);
    uint64_t priv = 0;
    debug_get_reg(g->m, hart, DBG_REG_PRIV, &priv);
    const struct hart *h = &g->m->harts[hart];
    char text[64];
    int n = snprintf(text, sizeof(text), "hart %u %c-mode%s", hart, priv_letter(priv),
                     h->state == HART_WFI ? ", wfi" : h->state == HART_STOPPED ? ", off" : "");
    sb_hex(&g->reply, text, (size_t)n);
    return PKT_REPLY;
}

/* qRcmd,HEX: a monitor command line; its output goes back as console
 * packets, then OK. Commands that would resume answer that gdb's own
 * continue and step are the way (monitor_exec with r = NULL). */
static enum pkt_result q_rcmd(struct gdbstub *g, const char *a, const char *end)
{
    size_t n = (size_t)(end - a) / 2;
    char line[PKT_MAX / 2 + 1];
    if ((end - a) % 2 || !unhex(a, n, (uint8_t *)line) || memchr(line, 0, n))
        return reply_error(g);
    line[n] = 0;
    struct debugger *d = dbg(g);
    if (!d || !d->mon)
        return reply_error(g);
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    if (!out)
        return reply_error(g);
    d->selected = g->hart_g;
    monitor_exec(d->mon, line, out, NULL);
    fclose(out);
    send_console(g, text, len);
    free(text);
    return reply_str(g, "OK");
}

static enum pkt_result h_query(struct gdbstub *g, const char *p, size_t n)
{
    const char *end = p + n, *a;
    if ((a = after_name(p, n, "qSupported")))
        return q_supported(g, a, end);
    if ((a = after_name(p, n, "qXfer")))
        return q_xfer(g, a, end);
    if (after_name(p, n, "qfThreadInfo"))
        return q_thread_info(g);
    if (after_name(p, n, "qsThreadInfo"))
        return reply_str(g, "l");
    if (n == 2 && !memcmp(p, "qC", 2)) {
        sb_printf(&g->reply, "QC%x", g->hart_g + 1);
        return PKT_REPLY;
    }
    if (after_name(p, n, "qAttached"))
        return reply_str(g, "1");
    if ((a = after_name(p, n, "qThreadExtraInfo")))
        return q_thread_extra(g, a, end);
    if ((a = after_name(p, n, "qRcmd")))
        return q_rcmd(g, a, end);
    return PKT_REPLY;
}

static enum pkt_result h_set(struct gdbstub *g, const char *p, size_t n)
{
    if (n != 15 || memcmp(p, "QStartNoAckMode", 15) != 0)
        return PKT_REPLY;       /* unknown: the empty reply */
    /* This packet was acked and gdb acks the OK; from then on, neither. */
    g->no_ack = true;
    return reply_str(g, "OK");
}

/* One vCont action, "c", "s", "Csig" or "Ssig", with an optional
 * ":thread". */
static bool parse_vcont_action(const char **a, const char *end, char *op, int64_t *tid)
{
    uint64_t sig;
    *op = *(*a)++;
    *tid = -1;
    if ((*op == 'C' || *op == 'S') && !parse_hex(a, end, &sig))
        return false;
    if (*op != 'c' && *op != 's' && *op != 'C' && *op != 'S')
        return false;
    if (*a < end && **a == ':') {
        (*a)++;
        if (!parse_thread(a, end, tid))
            return false;
    }
    return *a == end || **a == ';';
}

/* All-stop: a step action steps its hart alone; otherwise any continue
 * action runs every hart. */
static enum pkt_result v_cont(struct gdbstub *g, const char *a, const char *end,
                              struct dbg_resume *r)
{
    bool any = false, step = false;
    unsigned step_hart = g->hart_g;
    while (a < end) {
        char op;
        int64_t tid;
        if (!expect_char(&a, end, ';') || a == end || !parse_vcont_action(&a, end, &op, &tid))
            return reply_error(g);
        if (tid > 0 && !thread_valid(g, tid))
            return reply_error(g);
        any = true;
        if ((op == 's' || op == 'S') && !step) {
            step = true;
            if (tid > 0)
                step_hart = (unsigned)(tid - 1);
        }
    }
    if (!any)
        return reply_error(g);
    return resume(r, step ? DBG_STEP_HART : DBG_CONTINUE, step ? step_hart : g->hart_c);
}

static enum pkt_result h_verbose(struct gdbstub *g, const char *p, size_t n,
                                 struct dbg_resume *r)
{
    const char *end = p + n;
    if (n == 6 && !memcmp(p, "vCont?", 6))
        return reply_str(g, "vCont;c;C;s;S");
    if (n >= 5 && !memcmp(p, "vCont", 5) && (n == 5 || p[5] == ';'))
        return v_cont(g, p + 5, end, r);
    if (after_name(p, n, "vKill")) {
        sb_str(&g->reply, "OK");
        resume(r, DBG_KILL, 0);
        return PKT_RESUME;
    }
    return PKT_REPLY;
}

static enum pkt_result dispatch(struct gdbstub *g, const char *p, size_t n, struct dbg_resume *r)
{
    const char *end = p + n;
    if (n == 0)
        return PKT_REPLY;
    switch (p[0]) {
    case '?': build_stop_reply(g, &g->reply); return PKT_REPLY;
    case 'g': return n == 1 ? h_read_regs(g) : reply_error(g);
    case 'G': return h_write_regs(g, p + 1, n - 1);
    case 'p': return h_read_reg(g, p + 1, end);
    case 'P': return h_write_reg(g, p + 1, end);
    case 'm': return h_read_mem(g, p + 1, end);
    case 'M': return h_write_mem_hex(g, p + 1, end);
    case 'X': return h_write_mem_bin(g, p + 1, end);
    case 'Z': return h_point(g, true, p + 1, end);
    case 'z': return h_point(g, false, p + 1, end);
    case 'c': case 'C': case 's': case 'S': return h_resume(g, p[0], p + 1, end, r);
    case 'H': return h_set_thread(g, p + 1, end);
    case 'T': return h_thread_alive(g, p + 1, end);
    case 'D': return h_detach(g, r);
    case 'k': return resume(r, DBG_KILL, 0);      /* no reply */
    case 'q': return h_query(g, p, n);
    case 'Q': return h_set(g, p, n);
    case 'v': return h_verbose(g, p, n, r);
    default:  return PKT_REPLY;   /* unknown: the empty reply */
    }
}

/* ---- the byte stream ---- */

/* Stop the running machine: for gdb's Ctrl-C (reported as SIGINT), or
 * so that a client that connects or talks out of turn gets served
 * (reported as SIGTRAP, as QEMU does on connect). */
static void request_stop(struct gdbstub *g, bool ctrl_c)
{
    if (!g->m->debug)
        return;
    struct dbg_stop s = { .reason = DBG_INTERRUPT };
    snprintf(s.what, sizeof(s.what), ctrl_c ? "interrupted by gdb" : "stopped for gdb");
    g->interrupt_sent |= ctrl_c;
    debug_request_stop(g->m, g->hart_c, &s);
}

/* A complete packet: ack it, serve it, send the reply. */
static enum pkt_result packet_done(struct gdbstub *g, uint8_t sum, struct dbg_resume *r)
{
    /* Without acks a damaged packet cannot be asked for again; serve it
     * as it came, like gdbserver. */
    if (sum != g->sum && !g->no_ack) {
        send_raw(g, "-", 1);
        return PKT_SILENT;
    }
    if (!g->no_ack)
        send_raw(g, "+", 1);
    g->reply.len = 0;
    sb_reserve(&g->reply, 0);
    enum pkt_result res;
    if (g->pkt_overflow) {
        res = reply_error(g);
    } else {
        g->pkt[g->pkt_len] = 0;
        res = dispatch(g, g->pkt, g->pkt_len, r);
    }
    if (res == PKT_REPLY || (res == PKT_RESUME && g->reply.len))
        send_packet(g, g->reply.p, g->reply.len);
    if (res == PKT_RESUME) {
        /* Detach and kill answer at once; a resume leaves gdb waiting
         * for the stop reply. */
        g->running = r->kind == DBG_CONTINUE || r->kind == DBG_STEP_HART;
        g->interrupt_sent = false;
    }
    return res;
}

static void idle_byte(struct gdbstub *g, uint8_t c)
{
    switch (c) {
    case '$':
        g->rx = RX_DATA;
        g->pkt_len = 0;
        g->pkt_overflow = false;
        g->sum = 0;
        break;
    case '-':
        if (!g->no_ack && g->last.len)
            send_raw(g, g->last.p, g->last.len);
        break;
    case 0x03:
        if (g->running)
            request_stop(g, true);
        break;
    default:
        break;      /* '+' and line noise */
    }
}

static void data_byte(struct gdbstub *g, uint8_t c)
{
    if (c == '#') {
        g->rx = RX_CK1;
    } else if (c == '$') {
        /* A '$' cannot occur in packet data: the earlier packet was cut
         * short; start over with this one. */
        idle_byte(g, c);
    } else {
        g->sum = (uint8_t)(g->sum + c);
        if (g->pkt_len < PKT_MAX)
            g->pkt[g->pkt_len++] = (char)c;
        else
            g->pkt_overflow = true;
    }
}

/* One byte of the stream; returns PKT_RESUME when it ended a packet
 * that resumed the machine. */
static enum pkt_result rx_byte(struct gdbstub *g, uint8_t c, struct dbg_resume *r)
{
    int h = hexval(c);
    switch (g->rx) {
    case RX_IDLE:
        idle_byte(g, c);
        break;
    case RX_DATA:
        data_byte(g, c);
        break;
    case RX_CK1:
    case RX_CK2:
        if (h < 0) {
            /* Not a checksum: refuse the packet, and let the byte start
             * whatever it starts. */
            g->rx = RX_IDLE;
            if (!g->no_ack)
                send_raw(g, "-", 1);
            idle_byte(g, c);
        } else if (g->rx == RX_CK1) {
            g->ck_hi = (unsigned)h;
            g->rx = RX_CK2;
        } else {
            g->rx = RX_IDLE;
            return packet_done(g, (uint8_t)(g->ck_hi << 4 | (unsigned)h), r);
        }
        break;
    }
    return PKT_SILENT;
}

/* Serve queued bytes. When the machine runs (!stopped) a packet is
 * left queued (all-stop: gdb talks to a stopped target only) and a stop
 * is asked for so that it gets served. Returns 1 when a packet resumed
 * the machine. */
static int process_input(struct gdbstub *g, bool stopped, struct dbg_resume *r)
{
    int resumed = 0;
    while (g->in_pos < g->in_len) {
        uint8_t c = g->in[g->in_pos];
        if (!stopped && g->rx == RX_IDLE && c == '$') {
            request_stop(g, false);
            break;
        }
        g->in_pos++;
        if (rx_byte(g, c, r) == PKT_RESUME) {
            resumed = 1;
            break;
        }
    }
    if (g->in_pos) {
        memmove(g->in, g->in + g->in_pos, g->in_len - g->in_pos);
        g->in_len -= g->in_pos;
        g->in_pos = 0;
    }
    return resumed;
}

static void queue_input(struct gdbstub *g, const void *bytes, size_t len)
{
    if (g->in_len + len > g->in_cap) {
        size_t cap = g->in_cap ? g->in_cap : 4096;
        while (cap < g->in_len + len)
            cap *= 2;
        uint8_t *p = realloc(g->in, cap);
        if (!p) {
            fputs("rvemu: gdb stub: out of memory\n", stderr);
            abort();
        }
        g->in = p;
        g->in_cap = cap;
    }
    memcpy(g->in + g->in_len, bytes, len);
    g->in_len += len;
}

/* ---- connections ---- */

static void reset_session(struct gdbstub *g)
{
    g->in_len = g->in_pos = 0;
    g->rx = RX_IDLE;
    g->out.len = g->last.len = 0;
    g->no_ack = g->client_swbreak = g->client_hwbreak = false;
    g->running = g->interrupt_sent = false;
    g->client_detached = g->dead = false;
}

/* The client went away or detached: its points go (a disconnect acts
 * like a detach), the listener stays for the next one. */
static void drop_client(struct gdbstub *g)
{
    if (g->m->debug)
        remove_all_points(g);
    if (g->client_fd >= 0)
        close(g->client_fd);
    g->client_fd = -1;
    reset_session(g);
}

static bool accept_client(struct gdbstub *g)
{
    int fd = accept(g->listen_fd, NULL, NULL);
    if (fd < 0)
        return false;
    /* Linux gives the accepted socket none of the listener's flags:
     * blocking, as the serve loop wants; kept from exec'd children. */
    fcntl(fd, F_SETFD, FD_CLOEXEC);
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    g->client_fd = fd;
    reset_session(g);
    return true;
}

/* Read what the client sent. With wait, block until something comes.
 * False when the client is gone. */
static bool read_client(struct gdbstub *g, bool wait)
{
    uint8_t buf[4096];
    for (;;) {
        ssize_t n = recv(g->client_fd, buf, sizeof(buf), wait ? 0 : MSG_DONTWAIT);
        if (n > 0) {
            queue_input(g, buf, (size_t)n);
            if (g->in_len > INQ_MAX)
                return false;
            return true;
        }
        if (n == 0)
            return false;
        if (errno == EINTR)
            continue;
        return errno == EAGAIN || errno == EWOULDBLOCK;
    }
}

static void wait_for_client(struct gdbstub *g)
{
    if (g->client_fd >= 0)
        drop_client(g);     /* one that detached: a new session begins */
    while (g->client_fd < 0) {
        struct pollfd p = { .fd = g->listen_fd, .events = POLLIN };
        if (poll(&p, 1, -1) < 0 && errno != EINTR)
            return;
        accept_client(g);
    }
}

void gdbstub_poll(struct gdbstub *g)
{
    if (g->listen_fd < 0)
        return;
    if (g->client_fd < 0) {
        if (accept_client(g))
            request_stop(g, false);  /* as QEMU: a new client finds it stopped */
        return;
    }
    bool alive = read_client(g, false);
    if (alive && g->in_len) {
        /* A client that detached and talks again is served like a new one. */
        if (g->client_detached && memchr(g->in, '$', g->in_len))
            g->client_detached = false;
        struct dbg_resume r;
        process_input(g, false, &r);
        flush(g);
    }
    if (!alive || g->dead)
        drop_client(g);
}

struct dbg_resume gdbstub_serve(struct gdbstub *g, const struct dbg_stop *stop)
{
    if (g->client_fd < 0 || g->client_detached)
        wait_for_client(g);
    gdbstub_stopped(g, stop);
    struct dbg_resume r = { .kind = DBG_DETACH };
    for (;;) {
        int resumed = process_input(g, true, &r);
        flush(g);
        if (g->dead)
            break;
        if (resumed)
            return r;
        if (g->client_fd < 0 || !read_client(g, true))
            break;
    }
    drop_client(g);
    return (struct dbg_resume){ .kind = DBG_DETACH };
}

void gdbstub_exited(struct gdbstub *g, int status)
{
    if (!g || g->client_fd < 0 || !g->running)
        return;
    char w[8];
    snprintf(w, sizeof(w), "W%02x", status & 0xff);
    send_str(g, w);
    g->running = false;
    flush(g);
}

bool gdbstub_connected(const struct gdbstub *g)
{
    return g && g->client_fd >= 0 && !g->client_detached;
}

int gdbstub_port(const struct gdbstub *g)
{
    return g->port;
}

/* ---- set-up ---- */

static struct gdbstub *stub_new(struct machine *m)
{
    struct gdbstub *g = calloc(1, sizeof(*g));
    if (!g)
        return NULL;
    g->m = m;
    g->listen_fd = g->client_fd = -1;
    return g;
}

struct gdbstub *gdbstub_new_detached(struct machine *m)
{
    return stub_new(m);
}

void gdbstub_free(struct gdbstub *g)
{
    if (!g)
        return;
    if (g->client_fd >= 0)
        close(g->client_fd);
    if (g->listen_fd >= 0)
        close(g->listen_fd);
    free(g->in);
    sb_free(&g->out);
    sb_free(&g->last);
    sb_free(&g->reply);
    sb_free(&g->xml);
    free(g);
}

int gdbstub_feed(struct gdbstub *g, const void *bytes, size_t len, struct dbg_resume *r)
{
    if (len)
        queue_input(g, bytes, len);
    return process_input(g, !g->running, r);
}

size_t gdbstub_take_output(struct gdbstub *g, char *buf, size_t size)
{
    if (size == 0)
        return 0;
    size_t n = g->out.len < size - 1 ? g->out.len : size - 1;
    buf[n] = 0;
    if (n == 0)
        return 0;
    memcpy(buf, g->out.p, n);
    memmove(g->out.p, g->out.p + n, g->out.len - n);
    g->out.len -= n;
    return n;
}

/* "tcp::PORT", "tcp:HOST:PORT", ":PORT" or "PORT"; anything after a
 * comma (QEMU's ",server,nowait") is accepted and ignored. HOST must be
 * a loopback address: the stub lets anyone who connects change the
 * machine, so it is never offered beyond this host. */
static int parse_spec(const char *spec, struct in_addr *host, int *port, char *err,
                      size_t errlen)
{
    char buf[128];
    snprintf(buf, sizeof(buf), "%s", spec);
    buf[strcspn(buf, ",")] = 0;
    char *s = buf;
    if (!strncmp(s, "tcp:", 4))
        s += 4;
    char *colon = strrchr(s, ':');
    char *hostname = colon ? s : NULL, *portstr = colon ? colon + 1 : s;
    if (colon)
        *colon = 0;
    host->s_addr = htonl(INADDR_LOOPBACK);
    if (hostname && *hostname && strcmp(hostname, "localhost") != 0 &&
        (inet_pton(AF_INET, hostname, host) != 1 || (ntohl(host->s_addr) >> 24) != 127)) {
        snprintf(err, errlen, "-gdb %s: the gdb stub listens on a loopback address only "
                 "(127.0.0.1)", spec);
        return -1;
    }
    char *end;
    long p = strtol(portstr, &end, 10);
    if (!*portstr || *end || p < 0 || p > 65535) {
        snprintf(err, errlen, "-gdb %s: bad port '%s' (want tcp::PORT)", spec, portstr);
        return -1;
    }
    *port = (int)p;
    return 0;
}

static int listen_on(struct gdbstub *g, struct in_addr host, int port, const char *spec,
                     char *err, size_t errlen)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                             .sin_addr = host };
    int one = 1;
    socklen_t alen = sizeof(a);
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0 ||
        bind(fd, (struct sockaddr *)&a, sizeof(a)) != 0 || listen(fd, 1) != 0 ||
        getsockname(fd, (struct sockaddr *)&a, &alen) != 0) {
        snprintf(err, errlen, "-gdb %s: cannot listen on 127.0.0.1:%d: %s", spec, port,
                 strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    g->listen_fd = fd;
    g->port = ntohs(a.sin_port);
    return 0;
}

struct gdbstub *gdbstub_open(struct machine *m, const char *spec, char *err, size_t errlen)
{
    struct in_addr host;
    int port;
    if (parse_spec(spec, &host, &port, err, errlen) != 0)
        return NULL;
    struct gdbstub *g = stub_new(m);
    if (!g) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    if (listen_on(g, host, port, spec, err, errlen) != 0) {
        gdbstub_free(g);
        return NULL;
    }
    if (port == 0)
        fprintf(stderr, "rvemu: gdb stub listening on 127.0.0.1:%d\n", g->port);
    return g;
}
