/*
 * test_gdbstub.c - the gdb remote protocol stub, driven byte for byte
 * through a detached stub (gdbstub_new_detached) on a real machine: a
 * two-hart machine built by machine_new() from a tiny ELF this file
 * writes itself, with the debugger attached. Every reply is checked for
 * framing and checksum before its contents are looked at.
 *
 * Checksums and hex here are computed independently of the stub, from
 * the protocol's definition (gdb manual, "Overview" of the remote
 * protocol: the checksum is the sum of the packet data modulo 256).
 */
#include <check.h>
#include <elf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "debug.h"
#include "gdbstub.h"
#include "machine.h"

#define RAM_BASE 0x80000000ull
#define CODE_OFF 0x1000        /* the segment's place in the ELF file */
#define OUT_MAX  (1 << 17)
#define MAX_PKTS 256

static struct machine *m;
static struct gdbstub *g;
static char elf_path[64];

/* What the stub said after one input: its packets (checksum checked),
 * and how many acks and naks came with them. */
static struct {
    char  raw[OUT_MAX];
    char  pk[MAX_PKTS][OUT_MAX / 8];
    int   n, acks, naks;
} out;

/* ---- fixture ---- */

/* An RV64 executable with one segment at RAM_BASE: a few instructions,
 * then a recognisable byte pattern. The harts never run it: the stub
 * only needs a machine with RAM, harts and symbols to look at. */
static void write_elf(const char *path)
{
    static const uint32_t code[] = { 0x00100513, 0x00150513, 0xffdff06f };  /* li a0,1; addi; j */
    uint8_t seg[256];
    memcpy(seg, code, sizeof(code));
    for (unsigned k = sizeof(code); k < sizeof(seg); k++)
        seg[k] = (uint8_t)k;
    Elf64_Ehdr eh = {
        .e_ident = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS64, ELFDATA2LSB, EV_CURRENT },
        .e_type = ET_EXEC, .e_machine = EM_RISCV, .e_version = EV_CURRENT,
        .e_entry = RAM_BASE, .e_phoff = sizeof(Elf64_Ehdr), .e_ehsize = sizeof(Elf64_Ehdr),
        .e_phentsize = sizeof(Elf64_Phdr), .e_phnum = 1, .e_shentsize = sizeof(Elf64_Shdr),
    };
    Elf64_Phdr ph = {
        .p_type = PT_LOAD, .p_flags = PF_R | PF_X, .p_offset = CODE_OFF, .p_vaddr = RAM_BASE,
        .p_paddr = RAM_BASE, .p_filesz = sizeof(seg), .p_memsz = sizeof(seg), .p_align = 0x1000,
    };
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(fwrite(&eh, sizeof(eh), 1, f), 1);
    ck_assert_int_eq(fwrite(&ph, sizeof(ph), 1, f), 1);
    ck_assert_int_eq(fseek(f, CODE_OFF, SEEK_SET), 0);
    ck_assert_int_eq(fwrite(seg, sizeof(seg), 1, f), 1);
    ck_assert_int_eq(fclose(f), 0);
}

static void setup(void)
{
    strcpy(elf_path, "/tmp/test_gdbstub_XXXXXX");
    int fd = mkstemp(elf_path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    write_elf(elf_path);
    struct machine_config cfg = {
        .kernel = elf_path, .ram_size = 16ull << 20, .nharts = 2, .virtio_legacy = true,
        .debugger = true,
    };
    for (unsigned k = 0; k < MACHINE_MAX_DRIVES; k++)
        cfg.slot_drive[k] = -1;
    char err[256];
    m = machine_new(&cfg, err, sizeof(err));
    ck_assert_msg(m != NULL, "machine_new: %s", err);
    ck_assert_ptr_nonnull(m->debug);
    g = gdbstub_new_detached(m);
    ck_assert_ptr_nonnull(g);
}

static void teardown(void)
{
    gdbstub_free(g);
    machine_free(m);
    unlink(elf_path);
}

/* ---- talking to the stub ---- */

static uint8_t checksum(const char *data, size_t n)
{
    unsigned sum = 0;
    for (size_t k = 0; k < n; k++)
        sum += (uint8_t)data[k];
    return (uint8_t)sum;
}

static int hexdigit(char c)
{
    const char *d = "0123456789abcdef";
    const char *p = strchr(d, c);
    ck_assert_msg(c && p, "not a lower-case hex digit: '%c'", c);
    return (int)(p - d);
}

/* Split the stub's output into acks, naks and packets; every packet
 * must be well framed with a correct checksum. */
static void parse_output(void)
{
    out.n = out.acks = out.naks = 0;
    const char *p = out.raw;
    while (*p) {
        if (*p == '+' || *p == '-') {
            *p == '+' ? out.acks++ : out.naks++;
            p++;
            continue;
        }
        ck_assert_msg(*p == '$', "stray byte 0x%02x in output '%s'", *p, out.raw);
        const char *hash = strchr(p, '#');
        ck_assert_msg(hash && hash[1] && hash[2], "unterminated packet in '%s'", out.raw);
        size_t n = (size_t)(hash - p - 1);
        ck_assert_uint_lt(n, sizeof(out.pk[0]));
        ck_assert_int_lt(out.n, MAX_PKTS);
        unsigned sum = (unsigned)(hexdigit(hash[1]) << 4 | hexdigit(hash[2]));
        ck_assert_uint_eq(sum, checksum(p + 1, n));
        memcpy(out.pk[out.n], p + 1, n);
        out.pk[out.n++][n] = 0;
        p = hash + 3;
    }
}

static void take_output(void)
{
    gdbstub_take_output(g, out.raw, sizeof(out.raw));
    parse_output();
}

/* Feed raw bytes; returns the feed result and parses what came back. */
static int feed_raw(const void *bytes, size_t n, struct dbg_resume *r)
{
    struct dbg_resume dummy;
    int rc = gdbstub_feed(g, bytes, n, r ? r : &dummy);
    take_output();
    return rc;
}

static void frame(char *buf, size_t size, const char *data, size_t n)
{
    ck_assert_uint_lt(n + 5, size);
    buf[0] = '$';
    memcpy(buf + 1, data, n);
    snprintf(buf + 1 + n, size - 1 - n, "#%02x", checksum(data, n));
}

/* Send one packet; returns the feed result. */
static int send_bin(const char *data, size_t n, struct dbg_resume *r)
{
    static char buf[OUT_MAX];
    frame(buf, sizeof(buf), data, n);
    return feed_raw(buf, n + 4, r);
}

/* Send a packet that must be answered by exactly one reply; return it. */
static const char *ask(const char *data)
{
    ck_assert_int_eq(send_bin(data, strlen(data), NULL), 0);
    ck_assert_int_eq(out.acks, 1);
    ck_assert_int_eq(out.naks, 0);
    ck_assert_int_eq(out.n, 1);
    return out.pk[0];
}

static const char *askf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static const char *askf(const char *fmt, ...)
{
    char buf[OUT_MAX / 4];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    return ask(buf);
}

static void tohex(char *dst, const void *src, size_t n)
{
    const uint8_t *s = src;
    for (size_t k = 0; k < n; k++)
        sprintf(dst + 2 * k, "%02x", s[k]);
}

static uint64_t le_value(const char *hex, unsigned bytes)
{
    uint64_t v = 0;
    for (unsigned k = 0; k < bytes; k++)
        v |= (uint64_t)(hexdigit(hex[2 * k]) << 4 | hexdigit(hex[2 * k + 1])) << (8 * k);
    return v;
}

static void stop_with(enum dbg_reason reason, unsigned hart, uint64_t addr,
                      enum dbg_watch_kind kind)
{
    struct dbg_stop s = { .reason = reason, .hart = hart, .addr = addr, .watch_kind = kind };
    snprintf(s.what, sizeof(s.what), "test stop");
    gdbstub_stopped(g, &s);
    take_output();
}

/* Resume with vCont;c and check the stub now waits for the stop. */
static void resume_running(void)
{
    struct dbg_resume r;
    ck_assert_int_eq(send_bin("vCont;c", 7, &r), 1);
    ck_assert_int_eq(r.kind, DBG_CONTINUE);
    ck_assert_int_eq(out.n, 0);
}

/* ---- framing ---- */

START_TEST(ack_and_checksum)
{
    stop_with(DBG_HALTED, 0, 0, 0);
    ck_assert_int_eq(out.n, 0);              /* nobody was waiting */
    ck_assert_str_eq(ask("?"), "T05thread:1;");
    ck_assert_str_eq(out.raw, "+$T05thread:1;#d7");
}
END_TEST

START_TEST(bad_checksum_nak_then_retry)
{
    feed_raw("$qC#00", 6, NULL);
    ck_assert_int_eq(out.naks, 1);
    ck_assert_int_eq(out.n, 0);
    ck_assert_str_eq(ask("qC"), "QC1");
    /* A non-hex checksum is refused the same way. */
    feed_raw("$qC#zz", 6, NULL);
    ck_assert_int_eq(out.naks, 1);
    ck_assert_int_eq(out.n, 0);
    ck_assert_str_eq(ask("qC"), "QC1");
}
END_TEST

START_TEST(nak_resends_last_reply)
{
    ck_assert_str_eq(ask("qAttached"), "1");
    feed_raw("-", 1, NULL);
    ck_assert_int_eq(out.n, 1);
    ck_assert_int_eq(out.acks, 0);
    ck_assert_str_eq(out.pk[0], "1");
}
END_TEST

START_TEST(byte_at_a_time_and_noise)
{
    const char *stream = "xx+\r\n$qAttached#8f";
    for (const char *p = stream; *p; p++)
        feed_raw(p, 1, NULL);
    ck_assert_int_eq(out.n, 1);
    ck_assert_str_eq(out.pk[0], "1");
}
END_TEST

START_TEST(dollar_inside_packet_restarts_it)
{
    char buf[64];
    frame(buf, sizeof(buf), "qC", 2);
    char stream[80];
    snprintf(stream, sizeof(stream), "$m800%s", buf);
    feed_raw(stream, strlen(stream), NULL);
    ck_assert_int_eq(out.n, 1);
    ck_assert_str_eq(out.pk[0], "QC1");
}
END_TEST

START_TEST(overlong_packet_is_an_error)
{
    size_t n = 0x4000 + 100;
    char *big = malloc(n);
    memset(big, 'a', n);
    big[0] = 'q';
    send_bin(big, n, NULL);
    free(big);
    ck_assert_int_eq(out.acks, 1);
    ck_assert_int_eq(out.n, 1);
    ck_assert_str_eq(out.pk[0], "E01");
    ck_assert_str_eq(ask("qC"), "QC1");       /* and the stream goes on */
}
END_TEST

START_TEST(no_ack_mode)
{
    ck_assert_str_eq(ask("QStartNoAckMode"), "OK");
    send_bin("qC", 2, NULL);
    ck_assert_int_eq(out.acks, 0);
    ck_assert_int_eq(out.n, 1);
    /* Without acks a damaged packet is served as it came. */
    feed_raw("$qC#00", 6, NULL);
    ck_assert_int_eq(out.naks, 0);
    ck_assert_int_eq(out.n, 1);
    ck_assert_str_eq(out.pk[0], "QC1");
}
END_TEST

START_TEST(unknown_packets_get_empty_reply)
{
    static const char *const unknown[] = { "qOffsets", "qTStatus", "vMustReplyEmpty", "!",
                                           "Qbogus", "vFile:open:", "y", "QNonStop:1" };
    for (unsigned k = 0; k < sizeof(unknown) / sizeof(unknown[0]); k++)
        ck_assert_str_eq(ask(unknown[k]), "");
    /* An empty packet is unknown too. */
    ck_assert_str_eq(ask(""), "");
}
END_TEST

/* ---- features and the target description ---- */

START_TEST(q_supported)
{
    const char *r = ask("qSupported:multiprocess+;swbreak+;hwbreak+;vContSupported+");
    static const char *const want[] = { "PacketSize=4000", "qXfer:features:read+", "swbreak+",
                                        "hwbreak+", "vContSupported+", "QStartNoAckMode+" };
    for (unsigned k = 0; k < sizeof(want) / sizeof(want[0]); k++)
        ck_assert_msg(strstr(r, want[k]), "'%s' lacks %s", r, want[k]);
    ck_assert_str_eq(ask("vCont?"), "vCont;c;C;s;S");
}
END_TEST

/* Read target.xml in chunks of len bytes, as gdb does. */
static char *read_target_xml(unsigned len)
{
    static char xml[1 << 16];
    size_t have = 0;
    for (;;) {
        const char *r = askf("qXfer:features:read:target.xml:%zx,%x", have, len);
        ck_assert_msg(r[0] == 'm' || r[0] == 'l', "reply '%.40s'", r);
        /* Unescape: '}' makes the next byte xor 0x20. */
        size_t n = 0;
        for (const char *p = r + 1; *p; p++) {
            char c = *p == '}' ? (char)(*++p ^ 0x20) : *p;
            ck_assert_uint_lt(have + n, sizeof(xml) - 1);
            xml[have + n++] = c;
        }
        ck_assert_uint_le(n, len);
        have += n;
        if (r[0] == 'l')
            break;
        ck_assert_uint_gt(n, 0);
    }
    xml[have] = 0;
    return xml;
}

static bool has_reg(const char *xml, const char *name, unsigned bits, unsigned regnum)
{
    char want[128];
    snprintf(want, sizeof(want), "name=\"%s\" bitsize=\"%u\"", name, bits);
    const char *p = strstr(xml, want);
    if (!p)
        return false;
    snprintf(want, sizeof(want), "regnum=\"%u\"", regnum);
    const char *q = strstr(p, want), *eol = strchr(p, '\n');
    return q && eol && q < eol;
}

START_TEST(target_xml)
{
    char *xml = read_target_xml(0x3ff);
    ck_assert_ptr_nonnull(strstr(xml, "<architecture>riscv:rv64</architecture>"));
    static const char *const features[] = { "org.gnu.gdb.riscv.cpu", "org.gnu.gdb.riscv.fpu",
                                            "org.gnu.gdb.riscv.csr",
                                            "org.gnu.gdb.riscv.virtual" };
    for (unsigned k = 0; k < 4; k++)
        ck_assert_msg(strstr(xml, features[k]), "no feature %s", features[k]);
    ck_assert(has_reg(xml, "zero", 64, 0));
    ck_assert(has_reg(xml, "ra", 64, 1));
    ck_assert(has_reg(xml, "fp", 64, 8));
    ck_assert(has_reg(xml, "t6", 64, 31));
    ck_assert(has_reg(xml, "pc", 64, 32));
    ck_assert(has_reg(xml, "ft0", 64, 33));
    ck_assert(has_reg(xml, "ft11", 64, 64));
    ck_assert(has_reg(xml, "fflags", 32, 66));
    ck_assert(has_reg(xml, "frm", 32, 67));
    ck_assert(has_reg(xml, "fcsr", 32, 68));
    ck_assert(has_reg(xml, "sstatus", 64, 65 + 0x100));
    ck_assert(has_reg(xml, "stval", 64, 65 + 0x143));
    ck_assert(has_reg(xml, "satp", 64, 65 + 0x180));
    ck_assert(has_reg(xml, "mstatus", 64, 65 + 0x300));
    ck_assert(has_reg(xml, "mhartid", 64, 65 + 0xf14));
    ck_assert(has_reg(xml, "priv", 64, 4161));
    /* One register per number: fflags is not repeated among the CSRs. */
    ck_assert_ptr_null(strstr(strstr(xml, "org.gnu.gdb.riscv.csr"), "\"fflags\""));
    /* The same document whatever the chunk size. */
    char *copy = strdup(xml);
    ck_assert_str_eq(read_target_xml(0x80), copy);
    ck_assert_str_eq(read_target_xml(7), copy);
    free(copy);
}
END_TEST

START_TEST(target_xml_errors)
{
    ck_assert_str_eq(ask("qXfer:features:read:other.xml:0,100"), "E00");
    ck_assert_str_eq(ask("qXfer:features:read:target.xml:100000,100"), "l");
    ck_assert_str_eq(ask("qXfer:features:read:target.xml:zz,100"), "E01");
    ck_assert_str_eq(ask("qXfer:features:read:target.xml"), "E01");
    ck_assert_str_eq(ask("qXfer:auxv:read::0,100"), "");
}
END_TEST

/* ---- registers ---- */

START_TEST(read_all_registers)
{
    struct hart *h = &m->harts[0];
    for (unsigned k = 1; k < 32; k++)
        h->x[k] = 0x1111111111111111ull * (k % 15) + k;
    h->pc = 0x8000abcd12345678ull;
    const char *r = ask("g");
    ck_assert_uint_eq(strlen(r), 33 * 16);
    ck_assert_uint_eq(le_value(r, 8), 0);
    for (unsigned k = 1; k < 32; k++)
        ck_assert_uint_eq(le_value(r + 16 * k, 8), h->x[k]);
    ck_assert_uint_eq(le_value(r + 16 * 32, 8), h->pc);
    ck_assert(!strncmp(r + 16 * 32, "78563412cdab0080", 16));   /* little-endian */
}
END_TEST

START_TEST(write_all_registers)
{
    char pkt[1 + 33 * 16 + 1];
    pkt[0] = 'G';
    for (unsigned k = 0; k < 33; k++) {
        uint64_t v = 0xa0a0a0a000000000ull | k;
        tohex(pkt + 1 + 16 * k, &v, 8);
    }
    ck_assert_str_eq(ask(pkt), "OK");
    struct hart *h = &m->harts[0];
    ck_assert_uint_eq(h->x[0], 0);            /* x0 stays zero */
    ck_assert_uint_eq(h->x[10], 0xa0a0a0a00000000aull);
    ck_assert_uint_eq(h->pc, 0xa0a0a0a000000020ull);
    ck_assert_str_eq(ask("G0011"), "E01");    /* too short */
    pkt[20] = 'x';
    ck_assert_str_eq(ask(pkt), "E01");        /* not hex */
}
END_TEST

START_TEST(single_registers)
{
    struct hart *h = &m->harts[0];
    h->x[10] = 0x0123456789abcdefull;
    h->stval = 0x9f20;
    ck_assert_str_eq(ask("pa"), "efcdab8967452301");
    ck_assert_uint_eq(le_value(askf("p%x", 65 + 0x143), 8), 0x9f20);
    ck_assert_uint_eq(le_value(askf("p%x", 65 + 0xf14), 8), 0);    /* mhartid */
    ck_assert_uint_eq(le_value(ask("p1041"), 8), 3);               /* priv: M */
    /* fflags is 32 bits wide in the description: four bytes. */
    h->fflags = 0x1f;
    h->mstatus |= MSTATUS_FS;
    ck_assert_str_eq(ask("p42"), "1f000000");
    ck_assert_str_eq(ask("Pa=1122334455667788"), "OK");
    ck_assert_uint_eq(h->x[10], 0x8877665544332211ull);
    ck_assert_str_eq(askf("P%x=00000080ffffffff", 65 + 0x141), "OK");   /* sepc */
    ck_assert_uint_eq(h->sepc, 0xffffffff80000000ull);
    ck_assert_str_eq(ask("P1041=0100000000000000"), "OK");
    ck_assert_int_eq(h->priv, PRV_S);
    /* Numbers and values that do not exist. */
    ck_assert_str_eq(ask("p41"), "E01");       /* csr 0: not implemented */
    ck_assert_str_eq(ask("p1042"), "E01");
    ck_assert_str_eq(ask("pffffffffffffffffff"), "E01");
    ck_assert_str_eq(ask("p"), "E01");
    ck_assert_str_eq(ask("Pa"), "E01");
    ck_assert_str_eq(ask("Pa="), "E01");
    ck_assert_str_eq(ask("Pa=123"), "E01");
    ck_assert_str_eq(ask("Pa=112233445566778899"), "E01");
    ck_assert_str_eq(ask("P1041=0200000000000000"), "E01");  /* priv 2 */
}
END_TEST

/* ---- memory ---- */

START_TEST(read_memory)
{
    /* The ELF's pattern: byte k of the segment is k from offset 12. */
    ck_assert_str_eq(ask("m8000000c,4"), "0c0d0e0f");
    ck_assert_str_eq(ask("m80000000,4"), "13051000");
    ck_assert_str_eq(ask("m0,4"), "E14");                  /* not RAM */
    /* Across the end of RAM: what exists is returned. */
    ck_assert_str_eq(askf("m%llx,8", RAM_BASE + (16ull << 20) - 2), "0000");
    /* A huge length is cut to what a packet holds, not refused. */
    const char *r = ask("m80000000,ffffffffffffffff");
    ck_assert_uint_gt(strlen(r), 1000);
    ck_assert_uint_le(strlen(r), 0x4000);
    ck_assert(!strncmp(r, "13051000", 8));
    static const char *const bad[] = { "m", "m80000000", "m80000000,", "mzz,4", "m8000,4x",
                                       "m11112222333344445,4" };
    for (unsigned k = 0; k < sizeof(bad) / sizeof(bad[0]); k++)
        ck_assert_str_eq(ask(bad[k]), "E01");
}
END_TEST

START_TEST(write_memory_hex)
{
    ck_assert_str_eq(ask("M80001000,4:deadbeef"), "OK");
    uint8_t b[4];
    ck_assert_uint_eq(debug_read_phys(m, RAM_BASE + 0x1000, b, 4), 4);
    ck_assert_int_eq(b[0], 0xde);
    ck_assert_int_eq(b[3], 0xef);
    ck_assert_str_eq(ask("m80001000,4"), "deadbeef");
    ck_assert_str_eq(ask("M80001000,4:dead"), "E01");      /* short data */
    ck_assert_str_eq(ask("M80001000,ffffffffffff:00"), "E01");
    ck_assert_str_eq(ask("M80001000,1:zz"), "E01");
    ck_assert_str_eq(ask("M80001000,1"), "E01");
    ck_assert_str_eq(ask("M0,1:00"), "E14");
}
END_TEST

START_TEST(write_memory_binary)
{
    /* Bytes that must be escaped: '#', '$', '}', '*', plus a NUL. */
    const uint8_t data[] = { '#', '$', '}', '*', 0, 0x7f, 0xff };
    char pkt[64];
    int n = snprintf(pkt, sizeof(pkt), "X80002000,%zx:", sizeof(data));
    for (unsigned k = 0; k < sizeof(data); k++) {
        if (data[k] == '#' || data[k] == '$' || data[k] == '}' || data[k] == '*') {
            pkt[n++] = '}';
            pkt[n++] = (char)(data[k] ^ 0x20);
        } else {
            pkt[n++] = (char)data[k];
        }
    }
    ck_assert_int_eq(send_bin(pkt, (size_t)n, NULL), 0);
    ck_assert_int_eq(out.n, 1);
    ck_assert_str_eq(out.pk[0], "OK");
    uint8_t back[sizeof(data)];
    ck_assert_uint_eq(debug_read_phys(m, RAM_BASE + 0x2000, back, sizeof(back)), sizeof(back));
    ck_assert_mem_eq(back, data, sizeof(data));
    ck_assert_str_eq(ask("X80002000,0:"), "OK");           /* gdb's probe */
    ck_assert_str_eq(ask("X80002000,2:a"), "E01");         /* length mismatch */
    ck_assert_str_eq(ask("X80002000,1:}"), "E01");         /* dangling escape */
    ck_assert_str_eq(ask("X80002000"), "E01");
}
END_TEST

/* ---- break and watch points ---- */

START_TEST(breakpoints)
{
    struct debugger *d = m->debug;
    ck_assert_str_eq(ask("Z0,80000004,4"), "OK");
    ck_assert_str_eq(ask("Z1,80000008,2;X1,0"), "OK");   /* a condition is ignored */
    ck_assert_uint_eq(d->nbreaks, 2);
    ck_assert_str_eq(ask("z0,80000004,4"), "OK");
    ck_assert_uint_eq(d->nbreaks, 1);
    ck_assert_uint_eq(d->breaks[0], 0x80000008);
    ck_assert_str_eq(ask("z0,80000004,4"), "E01");       /* not there */
    ck_assert_str_eq(ask("z1,80000008,2"), "OK");
    ck_assert_uint_eq(d->nbreaks, 0);
    ck_assert_str_eq(ask("Z5,80000000,4"), "");           /* unknown type */
    ck_assert_str_eq(ask("Z0,80000000"), "E01");
    ck_assert_str_eq(ask("Z0"), "E01");
    ck_assert_str_eq(ask("Z0,zz,4"), "E01");
}
END_TEST

START_TEST(breakpoint_not_gdbs_survives)
{
    struct debugger *d = m->debug;
    ck_assert_int_eq(debug_add_break(d, 0x80000010), 0);   /* as --break-on=pc= */
    ck_assert_str_eq(ask("Z0,80000010,4"), "OK");
    ck_assert_str_eq(ask("z0,80000010,4"), "OK");
    ck_assert_uint_eq(d->nbreaks, 1);
    /* Two gdb inserts at one pc: the entry stays until the second goes. */
    ck_assert_str_eq(ask("Z0,80000020,4"), "OK");
    ck_assert_str_eq(ask("Z1,80000020,4"), "OK");
    ck_assert_str_eq(ask("z0,80000020,4"), "OK");
    ck_assert_uint_eq(d->nbreaks, 2);
    ck_assert_str_eq(ask("z1,80000020,4"), "OK");
    ck_assert_uint_eq(d->nbreaks, 1);
}
END_TEST

START_TEST(watchpoints)
{
    struct debugger *d = m->debug;
    ck_assert_str_eq(ask("Z2,80003000,8"), "OK");
    ck_assert_str_eq(ask("Z3,80003010,4"), "OK");
    ck_assert_str_eq(ask("Z4,80003020,1"), "OK");
    ck_assert_uint_eq(d->nwatches, 3);
    ck_assert_uint_eq(d->watches[0].addr, 0x80003000);
    ck_assert_uint_eq(d->watches[0].len, 8);
    ck_assert_int_eq(d->watches[0].kind, DBG_WATCH_WRITE);
    ck_assert_int_eq(d->watches[1].kind, DBG_WATCH_READ);
    ck_assert_int_eq(d->watches[2].kind, DBG_WATCH_ACCESS);
    ck_assert_str_eq(ask("z3,80003010,8"), "E01");        /* other length */
    ck_assert_str_eq(ask("z3,80003010,4"), "OK");
    ck_assert_uint_eq(d->nwatches, 2);
    ck_assert_str_eq(ask("Z2,80003000,0"), "E01");        /* the debugger refuses */
    for (unsigned k = d->nwatches; k < DBG_MAX_WATCHES; k++)
        ck_assert_str_eq(askf("Z2,%x,4", 0x80004000 + 8 * k), "OK");
    ck_assert_str_eq(ask("Z2,80005000,4"), "E01");        /* full */
}
END_TEST

START_TEST(detach_removes_gdbs_points)
{
    struct debugger *d = m->debug;
    ck_assert_int_eq(debug_add_break(d, 0x80000040), 0);
    ck_assert_str_eq(ask("Z0,80000004,4"), "OK");
    ck_assert_str_eq(ask("Z2,80003000,8"), "OK");
    struct dbg_resume r;
    ck_assert_int_eq(send_bin("D", 1, &r), 1);
    ck_assert_int_eq(r.kind, DBG_DETACH);
    ck_assert_int_eq(out.n, 1);
    ck_assert_str_eq(out.pk[0], "OK");
    ck_assert_uint_eq(d->nbreaks, 1);                     /* only gdb's went */
    ck_assert_uint_eq(d->breaks[0], 0x80000040);
    ck_assert_uint_eq(d->nwatches, 0);
}
END_TEST

/* ---- stop replies ---- */

START_TEST(stop_reply_breakpoints)
{
    ask("qSupported:swbreak+;hwbreak+");
    ask("Z0,80000004,4");
    ask("Z1,80000008,4");
    resume_running();
    stop_with(DBG_BREAKPOINT, 1, 0x80000004, 0);
    ck_assert_int_eq(out.n, 1);
    ck_assert_str_eq(out.pk[0], "T05thread:2;swbreak:;");
    ck_assert_str_eq(ask("qC"), "QC2");                   /* the stop's thread */
    resume_running();
    stop_with(DBG_BREAKPOINT, 0, 0x80000008, 0);
    ck_assert_str_eq(out.pk[0], "T05thread:1;hwbreak:;");
    /* A breakpoint gdb did not set (--break-on=pc=): a plain trap. */
    resume_running();
    stop_with(DBG_BREAKPOINT, 0, 0x80000100, 0);
    ck_assert_str_eq(out.pk[0], "T05thread:1;");
}
END_TEST

START_TEST(stop_reply_without_negotiation)
{
    ask("qSupported:multiprocess+");
    ask("Z0,80000004,4");
    resume_running();
    stop_with(DBG_BREAKPOINT, 0, 0x80000004, 0);
    ck_assert_str_eq(out.pk[0], "T05thread:1;");
}
END_TEST

START_TEST(stop_reply_watchpoints)
{
    static const struct { enum dbg_watch_kind kind; const char *want; } cases[] = {
        { DBG_WATCH_WRITE, "T05thread:1;watch:87f6c048;" },
        { DBG_WATCH_READ, "T05thread:1;rwatch:87f6c048;" },
        { DBG_WATCH_ACCESS, "T05thread:1;awatch:87f6c048;" },
    };
    for (unsigned k = 0; k < 3; k++) {
        resume_running();
        stop_with(DBG_WATCHPOINT, 0, 0x87f6c048, cases[k].kind);
        ck_assert_int_eq(out.n, 1);
        ck_assert_str_eq(out.pk[0], cases[k].want);
    }
}
END_TEST

START_TEST(stop_reply_page_fault_says_why)
{
    resume_running();
    stop_with(DBG_PAGE_FAULT, 1, 0x9f20, 0);
    ck_assert_int_eq(out.n, 2);
    ck_assert_uint_eq(out.pk[0][0], 'O');        /* the what line, hex */
    char text[128] = { 0 };
    for (size_t k = 0; out.pk[0][1 + 2 * k] && k < sizeof(text) - 1; k++)
        text[k] = (char)(hexdigit(out.pk[0][1 + 2 * k]) << 4 | hexdigit(out.pk[0][2 + 2 * k]));
    ck_assert_str_eq(text, "rvemu: test stop\n");
    ck_assert_str_eq(out.pk[1], "T05thread:2;");
}
END_TEST

START_TEST(ctrl_c_while_running)
{
    struct debugger *d = m->debug;
    resume_running();
    feed_raw("\x03", 1, NULL);
    ck_assert_int_eq(out.n, 0);
    ck_assert(d->stop_pending);
    ck_assert_int_eq(d->stop.reason, DBG_INTERRUPT);
    gdbstub_stopped(g, &d->stop);
    take_output();
    ck_assert_int_eq(out.n, 1);
    ck_assert_str_eq(out.pk[0], "T02thread:1;");
    /* Once stopped, a Ctrl-C means nothing. */
    feed_raw("\x03", 1, NULL);
    ck_assert_int_eq(out.n, 0);
}
END_TEST

START_TEST(packet_while_running_waits)
{
    struct debugger *d = m->debug;
    resume_running();
    char buf[16];
    frame(buf, sizeof(buf), "qC", 2);
    feed_raw(buf, strlen(buf), NULL);
    ck_assert_int_eq(out.n, 0);               /* not served while running */
    ck_assert(d->stop_pending);               /* but a stop is asked for */
    stop_with(DBG_INTERRUPT, 0, 0, 0);
    ck_assert_str_eq(out.pk[0], "T05thread:1;");   /* not SIGINT: no Ctrl-C */
    feed_raw(NULL, 0, NULL);
    ck_assert_int_eq(out.n, 1);
    ck_assert_str_eq(out.pk[0], "QC1");
}
END_TEST

/* ---- resuming ---- */

START_TEST(continue_and_step)
{
    struct dbg_resume r;
    ck_assert_int_eq(send_bin("c", 1, &r), 1);
    ck_assert_int_eq(out.n, 0);
    ck_assert_int_eq(r.kind, DBG_CONTINUE);
    stop_with(DBG_STEP, 1, 0, 0);
    ck_assert_int_eq(send_bin("s", 1, &r), 1);
    ck_assert_int_eq(r.kind, DBG_STEP_HART);
    ck_assert_uint_eq(r.hart, 1);             /* the stopped thread */
    ck_assert_uint_eq(r.steps, 1);
    stop_with(DBG_STEP, 0, 0, 0);
    ck_assert_int_eq(send_bin("vCont;s:2;c", 11, &r), 1);
    ck_assert_int_eq(r.kind, DBG_STEP_HART);
    ck_assert_uint_eq(r.hart, 1);
    stop_with(DBG_STEP, 1, 0, 0);
    ck_assert_int_eq(send_bin("vCont;C0b:1", 11, &r), 1);  /* the signal is dropped */
    ck_assert_int_eq(r.kind, DBG_CONTINUE);
    stop_with(DBG_STEP, 0, 0, 0);
    ck_assert_int_eq(send_bin("vCont;S05:p1.2", 14, &r), 1);
    ck_assert_int_eq(r.kind, DBG_STEP_HART);
    ck_assert_uint_eq(r.hart, 1);
    stop_with(DBG_STEP, 0, 0, 0);
    ck_assert_int_eq(send_bin("c80000010", 9, &r), 1);  /* continue at an address */
    ck_assert_uint_eq(m->harts[0].pc, 0x80000010);
    stop_with(DBG_STEP, 0, 0, 0);
    ck_assert_int_eq(send_bin("C05;80000020", 12, &r), 1);
    ck_assert_uint_eq(m->harts[0].pc, 0x80000020);
}
END_TEST

START_TEST(bad_resumes)
{
    static const char *const bad[] = { "vCont", "vCont;", "vCont;x", "vCont;s:9", "vCont;c:zz",
                                       "vCont;Czz", "vCont;c;", "Cxx", "c80000000x", "C05;zz" };
    for (unsigned k = 0; k < sizeof(bad) / sizeof(bad[0]); k++)
        ck_assert_msg(!strcmp(ask(bad[k]), "E01"), "%s", bad[k]);
}
END_TEST

START_TEST(kill_packets)
{
    struct dbg_resume r;
    ck_assert_int_eq(send_bin("k", 1, &r), 1);
    ck_assert_int_eq(r.kind, DBG_KILL);
    ck_assert_int_eq(out.n, 0);
    ck_assert_int_eq(send_bin("vKill;1", 7, &r), 1);
    ck_assert_int_eq(r.kind, DBG_KILL);
    ck_assert_int_eq(out.n, 1);
    ck_assert_str_eq(out.pk[0], "OK");
}
END_TEST

/* ---- threads ---- */

START_TEST(threads)
{
    ck_assert_str_eq(ask("qfThreadInfo"), "m1,2");
    ck_assert_str_eq(ask("qsThreadInfo"), "l");
    ck_assert_str_eq(ask("qAttached"), "1");
    ck_assert_str_eq(ask("qAttached:1"), "1");
    ck_assert_str_eq(ask("T1"), "OK");
    ck_assert_str_eq(ask("T2"), "OK");
    ck_assert_str_eq(ask("T3"), "E01");
    ck_assert_str_eq(ask("T0"), "E01");
    ck_assert_str_eq(ask("T"), "E01");
    m->harts[1].x[10] = 0x42;
    m->harts[1].priv = PRV_S;
    ck_assert_str_eq(ask("Hg2"), "OK");
    ck_assert_str_eq(ask("qC"), "QC2");
    ck_assert_uint_eq(le_value(ask("pa"), 8), 0x42);
    ck_assert_uint_eq(le_value(askf("p%x", 65 + 0xf14), 8), 1);   /* its mhartid */
    ck_assert_str_eq(ask("Hg0"), "OK");                          /* any: stays */
    ck_assert_str_eq(ask("qC"), "QC2");
    ck_assert_str_eq(ask("Hgp1.1"), "OK");
    ck_assert_str_eq(ask("qC"), "QC1");
    ck_assert_str_eq(ask("Hc-1"), "OK");
    ck_assert_str_eq(ask("Hg3"), "E01");
    ck_assert_str_eq(ask("Hx1"), "E01");
    ck_assert_str_eq(ask("H"), "E01");
    ck_assert_str_eq(ask("Hg"), "E01");
    /* "hart 1 S-mode" in hex. */
    char want[64];
    tohex(want, "hart 1 S-mode", 13);
    ck_assert_str_eq(ask("qThreadExtraInfo,2"), want);
    tohex(want, "hart 0 M-mode", 13);
    ck_assert_str_eq(ask("qThreadExtraInfo,1"), want);
    ck_assert_str_eq(ask("qThreadExtraInfo,5"), "E01");
    ck_assert_str_eq(ask("qThreadExtraInfo"), "E01");
}
END_TEST

/* ---- monitor commands ---- */

static char *unhex_console(void)
{
    static char text[OUT_MAX];
    size_t n = 0;
    for (int k = 0; k + 1 < out.n; k++) {
        ck_assert_uint_eq(out.pk[k][0], 'O');
        for (const char *p = out.pk[k] + 1; p[0] && p[1]; p += 2)
            text[n++] = (char)(hexdigit(p[0]) << 4 | hexdigit(p[1]));
    }
    text[n] = 0;
    return text;
}

START_TEST(monitor_command)
{
    char pkt[256] = "qRcmd,";
    tohex(pkt + 6, "help", 4);
    ck_assert_int_eq(send_bin(pkt, strlen(pkt), NULL), 0);
    ck_assert_int_ge(out.n, 2);
    ck_assert_str_eq(out.pk[out.n - 1], "OK");
    ck_assert_uint_gt(strlen(unhex_console()), 0);
    ck_assert_str_eq(ask("qRcmd,zz"), "E01");
    ck_assert_str_eq(ask("qRcmd,123"), "E01");
    ck_assert_str_eq(ask("qRcmd,6100"), "E01");        /* a NUL inside */
}
END_TEST

/* ---- robustness ---- */

/* Deterministic garbage, packets of every command letter with random
 * arguments among them: the stub must answer well-formed packets or
 * nothing, and still answer afterwards. Run under ASan/UBSan. */
START_TEST(garbage_never_hurts)
{
    uint64_t seed = 0x9e3779b97f4a7c15ull;
    static const char alphabet[] = "0123456789abcdefxyz,:;=-.p}#$*\x03+";
    static const char letters[] = "?gGpPmMXZzcCsSHTDkqQv";
    char pkt[512];
    for (unsigned round = 0; round < 3000; round++) {
        seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
        size_t n = 1 + seed % 40;
        pkt[0] = letters[(seed >> 8) % (sizeof(letters) - 1)];
        for (size_t k = 1; k < n; k++) {
            seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
            pkt[k] = alphabet[seed % (sizeof(alphabet) - 1)];
        }
        if (pkt[0] == 'D' || pkt[0] == 'k')
            pkt[0] = 'q';
        struct dbg_resume r;
        int rc = (seed >> 20) % 4 == 0 ? feed_raw(pkt, n, &r) : send_bin(pkt, n, &r);
        if (rc == 1) {
            /* Resumed: stop again so that packets get served. */
            stop_with(DBG_STEP, 0, 0, 0);
            feed_raw(NULL, 0, NULL);
        }
    }
    feed_raw("#00", 3, NULL);     /* end whatever packet the noise began */
    ck_assert_str_eq(ask("qAttached"), "1");
}
END_TEST

static Suite *gdbstub_suite(void)
{
    Suite *s = suite_create("gdbstub");
    struct { const char *name; const TTest *test; } groups[] = {
        { "ack_and_checksum", ack_and_checksum },
        { "bad_checksum_nak_then_retry", bad_checksum_nak_then_retry },
        { "nak_resends_last_reply", nak_resends_last_reply },
        { "byte_at_a_time_and_noise", byte_at_a_time_and_noise },
        { "dollar_inside_packet_restarts_it", dollar_inside_packet_restarts_it },
        { "overlong_packet_is_an_error", overlong_packet_is_an_error },
        { "no_ack_mode", no_ack_mode },
        { "unknown_packets_get_empty_reply", unknown_packets_get_empty_reply },
        { "q_supported", q_supported },
        { "target_xml", target_xml },
        { "target_xml_errors", target_xml_errors },
        { "read_all_registers", read_all_registers },
        { "write_all_registers", write_all_registers },
        { "single_registers", single_registers },
        { "read_memory", read_memory },
        { "write_memory_hex", write_memory_hex },
        { "write_memory_binary", write_memory_binary },
        { "breakpoints", breakpoints },
        { "breakpoint_not_gdbs_survives", breakpoint_not_gdbs_survives },
        { "watchpoints", watchpoints },
        { "detach_removes_gdbs_points", detach_removes_gdbs_points },
        { "stop_reply_breakpoints", stop_reply_breakpoints },
        { "stop_reply_without_negotiation", stop_reply_without_negotiation },
        { "stop_reply_watchpoints", stop_reply_watchpoints },
        { "stop_reply_page_fault_says_why", stop_reply_page_fault_says_why },
        { "ctrl_c_while_running", ctrl_c_while_running },
        { "packet_while_running_waits", packet_while_running_waits },
        { "continue_and_step", continue_and_step },
        { "bad_resumes", bad_resumes },
        { "kill_packets", kill_packets },
        { "threads", threads },
        { "monitor_command", monitor_command },
        { "garbage_never_hurts", garbage_never_hurts },
    };
    for (unsigned k = 0; k < sizeof(groups) / sizeof(groups[0]); k++) {
        TCase *tc = tcase_create(groups[k].name);
        tcase_add_checked_fixture(tc, setup, teardown);
        tcase_add_test(tc, groups[k].test);
        suite_add_tcase(s, tc);
    }
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(gdbstub_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
