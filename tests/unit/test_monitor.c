/*
 * test_monitor.c - the built-in monitor's commands (emu/monitor.c,
 * emu/monitor_vm.c) on a real machine built from a minimal bare-metal
 * ELF, with the debugger attached as the command line attaches it.
 *
 * Page tables, frames and kernel trace events are made by hand here, so
 * every expected line follows from the Sv39 layout (priv spec 4.4) and
 * docs/trace-device.md, not from the monitor's code.
 */
#include <check.h>
#include <elf.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "debug.h"
#include "machine.h"
#include "monitor.h"
#include "trace_sources.h"
#include "tracedev.h"

#define RAM MACHINE_RAM_BASE
#define ROOT  (RAM + 0x10000)   /* Sv39 tables: root, level 1, level 0 */
#define L1    (RAM + 0x11000)
#define L0    (RAM + 0x12000)
#define ROOT2 (RAM + 0x13000)   /* a second address space sharing L1 */
#define COW_PAGE (RAM + 0x20000)
#define PTE_COW (1ULL << 8)

static struct machine *m;
static struct monitor *mon;
static char *text;              /* output of the last command */
static size_t text_len;

/* A minimal RISC-V ELF64 ("j ." at the RAM base) in a temporary file. */
static void write_min_elf(char *path, size_t len)
{
    snprintf(path, len, "/tmp/rvemu_test_monitor_XXXXXX");
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    struct {
        Elf64_Ehdr eh;
        Elf64_Phdr ph;
        uint32_t code;
    } img;
    memset(&img, 0, sizeof(img));
    memcpy(img.eh.e_ident, ELFMAG, SELFMAG);
    img.eh.e_ident[EI_CLASS] = ELFCLASS64;
    img.eh.e_ident[EI_DATA] = ELFDATA2LSB;
    img.eh.e_ident[EI_VERSION] = EV_CURRENT;
    img.eh.e_type = ET_EXEC;
    img.eh.e_machine = EM_RISCV;
    img.eh.e_version = EV_CURRENT;
    img.eh.e_entry = RAM;
    img.eh.e_phoff = offsetof(__typeof__(img), ph);
    img.eh.e_ehsize = sizeof(Elf64_Ehdr);
    img.eh.e_phentsize = sizeof(Elf64_Phdr);
    img.eh.e_phnum = 1;
    img.ph.p_type = PT_LOAD;
    img.ph.p_flags = PF_R | PF_X;
    img.ph.p_offset = offsetof(__typeof__(img), code);
    img.ph.p_vaddr = img.ph.p_paddr = RAM;
    img.ph.p_filesz = img.ph.p_memsz = 4;
    img.code = 0x0000006f;   /* jal x0, 0 */
    ck_assert_int_eq(write(fd, &img, sizeof(img)), (int)sizeof(img));
    close(fd);
}

static void setup(void)
{
    char path[64], err[256];
    write_min_elf(path, sizeof(path));
    struct machine_config cfg = { .kernel = path, .ram_size = 1ULL << 20, .nharts = 2,
                                  .debugger = true };
    for (unsigned k = 0; k < MACHINE_MAX_DRIVES; k++)
        cfg.slot_drive[k] = -1;   /* no disks, as the command line says it */
    m = machine_new(&cfg, err, sizeof(err));
    unlink(path);
    ck_assert_msg(m != NULL, "machine_new: %s", err);
    ck_assert_ptr_nonnull(m->debug);
    mon = m->debug->mon;
    ck_assert_ptr_nonnull(mon);
    m->harts[0].pc = RAM + 0x1000;
    symtab_add(&m->syms, "func", RAM + 0x1000, 0x40, true);
    symtab_add(&m->syms, "caller", RAM + 0x1100, 0x40, true);
    symtab_add(&m->syms, "top", RAM + 0x1200, 0x40, true);
    symtab_sort(&m->syms);
}

static void teardown(void)
{
    machine_free(m);
    free(text);
    text = NULL;
    m = NULL;
}

/* Run one command line; its output lands in text. */
static bool run(const char *line, struct dbg_resume *r)
{
    free(text);
    text = NULL;
    FILE *out = open_memstream(&text, &text_len);
    ck_assert_ptr_nonnull(out);
    bool resumed = monitor_exec(mon, line, out, r);
    fclose(out);
    return resumed;
}

#define ck_has(s) ck_assert_msg(strstr(text, (s)) != NULL, "no \"%s\" in:\n%s", (s), text)
#define ck_lacks(s) ck_assert_msg(strstr(text, (s)) == NULL, "\"%s\" in:\n%s", (s), text)

static unsigned count_lines(const char *s)
{
    unsigned n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

static void poke64(uint64_t pa, uint64_t v)
{
    uint8_t *p = bus_ram_ptr(m->bus, pa, 8);
    ck_assert_ptr_nonnull(p);
    memcpy(p, &v, 8);
}

static uint64_t pte(uint64_t pa, uint64_t flags)
{
    return (pa >> 12) << 10 | flags;
}

/*
 * Address space 1 (root ROOT), Sv39:
 *   va 0x1000        -> COW_PAGE           V R U A + COW (shared, read-only)
 *   va 0x2000-0x3fff -> RAM+0x21000..22fff V R W U A D  (two pages, one run)
 * Address space 2 (root ROOT2) shares the level-1 table, so it maps the
 * same pages at the same addresses.
 */
static void make_tables(void)
{
    poke64(ROOT, pte(L1, PTE_V));
    poke64(ROOT2, pte(L1, PTE_V));
    poke64(L1, pte(L0, PTE_V));
    poke64(L0 + 1 * 8, pte(COW_PAGE, PTE_V | PTE_R | PTE_U | PTE_A | PTE_COW));
    poke64(L0 + 2 * 8, pte(RAM + 0x21000, PTE_V | PTE_R | PTE_W | PTE_U | PTE_A | PTE_D));
    poke64(L0 + 3 * 8, pte(RAM + 0x22000, PTE_V | PTE_R | PTE_W | PTE_U | PTE_A | PTE_D));
}

static uint64_t satp_of(uint64_t root)
{
    return (uint64_t)SATP_MODE_SV39 << SATP_MODE_SHIFT | root >> 12;
}

static void enter_address_space(void)
{
    make_tables();
    m->harts[0].satp = satp_of(ROOT);
    m->harts[0].priv = PRV_S;
}

static void kernel_event(uint32_t code, uint64_t a0, uint64_t a1, uint64_t a2)
{
    const uint64_t args[4] = { a0, a1, a2, 0 };
    trace_kernel_event(m, 0, code, args);
}

/* ---- the command line ---- */

START_TEST(test_blank_line_does_nothing)
{
    ck_assert(!run("", NULL));
    ck_assert_uint_eq(text_len, 0);
    ck_assert(!run("   \t ", NULL));
    ck_assert_uint_eq(text_len, 0);
}
END_TEST

START_TEST(test_unknown_command_and_bad_arity)
{
    ck_assert(!run("frobnicate 1", NULL));
    ck_has("unknown command 'frobnicate'");
    ck_assert(!run("regs extra", NULL));
    ck_has("usage: regs\n");
    ck_assert(!run("x", NULL));
    ck_has("usage: x [/b|/g] ADDR [N]");
    ck_assert(!run("walk 1 2 3", NULL));
    ck_has("usage: walk [VA] [ROOT]");
    ck_assert(!run("help 1 2 3 4 5 6 7 8 9 10", NULL));
    ck_has("usage: help");
    ck_assert(!run("x/q 0x80000000", NULL));
    ck_has("x: unknown format '/q'");
    ck_assert(!run("regs/b", NULL));
    ck_has("unknown command 'regs/b'");
}
END_TEST

START_TEST(test_help_lists_every_command)
{
    static const char *const names[] = { "regs", "csr", "walk", "pt", "page", "pagemap", "x",
                                         "dis", "step", "continue|c", "hart", "events",
                                         "where", "break", "delete", "quit", "help" };
    run("help", NULL);
    for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
        char line[32];
        snprintf(line, sizeof(line), "\n  %s ", names[k]);
        ck_has(line);
    }
    ck_assert_uint_eq(count_lines(text), 1 + sizeof(names) / sizeof(names[0]));
    run("help page", NULL);
    ck_has("page PA");
    ck_assert_uint_eq(count_lines(text), 1);
}
END_TEST

START_TEST(test_resuming_commands)
{
    struct dbg_resume r;
    ck_assert(run("continue", &r));
    ck_assert_int_eq(r.kind, DBG_CONTINUE);
    ck_assert(run("c", &r));
    ck_assert_int_eq(r.kind, DBG_CONTINUE);
    ck_assert(run("step", &r));
    ck_assert_int_eq(r.kind, DBG_STEP_HART);
    ck_assert_uint_eq(r.steps, 1);
    ck_assert_uint_eq(r.hart, 0);
    ck_assert(run("hart 1", &r) == false);
    ck_assert(run("step 0x10", &r));
    ck_assert_uint_eq(r.steps, 16);
    ck_assert_uint_eq(r.hart, 1);
    ck_assert(run("quit", &r));
    ck_assert_int_eq(r.kind, DBG_KILL);
}
END_TEST

START_TEST(test_bad_counts_do_not_resume)
{
    struct dbg_resume r;
    ck_assert(!run("step 0", &r));
    ck_has("step: bad count '0'");
    ck_assert(!run("step -1", &r));
    ck_has("step: bad count '-1'");
    ck_assert(!run("step 3x", &r));
    ck_has("step: bad count '3x'");
    ck_assert(!run("hart 2", &r));
    ck_has("hart: bad hart number '2' (want 0..1)");
    ck_assert_uint_eq(m->debug->selected, 0);
}
END_TEST

START_TEST(test_from_gdb_resuming_is_refused)
{
    ck_assert(!run("continue", NULL));
    ck_has("continue: from gdb, use gdb's own commands");
    ck_assert(!run("step 2", NULL));
    ck_has("step: from gdb");
    ck_assert(!run("quit", NULL));
    ck_has("quit: from gdb");
}
END_TEST

/* ---- registers ---- */

START_TEST(test_regs)
{
    m->harts[0].x[10] = 0x1234;
    m->harts[0].x[2] = 0x80008000;
    m->harts[0].pc = RAM + 0x1008;
    m->harts[0].priv = PRV_S;
    run("regs", NULL);
    ck_has("hart 0  pc 0x80001008 <func+0x8>  priv S\n");
    ck_has("a0   0x0000000000001234");
    ck_has("sp   0x0000000080008000");
    ck_has("zero 0x0000000000000000");
    ck_has("t6   0x0000000000000000\n");
    ck_assert_uint_eq(count_lines(text), 9);
}
END_TEST

START_TEST(test_csr_by_name_and_number)
{
    m->harts[0].mscratch = 0xfeedULL;
    run("csr mscratch", NULL);
    ck_has("mscratch (0x340) = 0x000000000000feed\n");
    run("csr 0x340", NULL);
    ck_has("mscratch (0x340) = 0x000000000000feed\n");
    m->harts[0].satp = satp_of(ROOT) | 5ULL << SATP_ASID_SHIFT;
    run("csr satp", NULL);
    ck_has("mode Sv39, asid 5, root 0x80010000");
    m->harts[0].scause = 15;
    run("csr scause", NULL);
    ck_has("store page fault");
    run("csr bogus", NULL);
    ck_has("csr: unknown CSR 'bogus'");
    run("csr 0x7ff", NULL);
    ck_has("csr: CSR 0x7ff does not exist");
}
END_TEST

/* ---- page walks and tables ---- */

START_TEST(test_walk_cow_leaf)
{
    enter_address_space();
    run("walk 0x1234", NULL);
    ck_has("walk va 0x1234 satp 0x8000000000080010 (Sv39, root 0x80010000)\n");
    ck_has("  L2 pte@0x80010000 = 0x0000000020004401  V-------     next table at 0x80011000\n");
    ck_has("  L1 pte@0x80011000 = 0x0000000020004801  V-------     next table at 0x80012000\n");
    ck_has("  L0 pte@0x80012008 = 0x0000000020008153  VR--U-A- COW leaf: 4K page at 0x80020000\n");
    ck_has("  -> pa 0x80020234\n");
}
END_TEST

START_TEST(test_walk_stops_and_roots)
{
    enter_address_space();
    run("walk 0x5000", NULL);
    ck_has("  L0 pte@0x80012028 = 0x0000000000000000  --------     invalid\n");
    ck_has("  -> stopped at L0: invalid (V=0)");
    run("walk 0x4000000000", NULL);
    ck_has("-> stopped: non-canonical address");
    /* an explicit root works whatever the hart's satp */
    m->harts[0].satp = 0;
    run("walk 0x2010", NULL);
    ck_has("no translation (satp 0x0 is Bare)");
    run("walk 0x2010 0x80013000", NULL);
    ck_has("(Sv39, root 0x80013000)");
    ck_has("-> pa 0x80021010");
    run("walk 0x2010 0x8000000000080013", NULL);
    ck_has("-> pa 0x80021010");
    run("walk 0x2010 0x80013004", NULL);
    ck_has("walk: root 0x80013004 is not a page of RAM");
    run("walk 0x2010 0xa000000000000000", NULL);
    ck_has("walk: satp 0xa000000000000000 is neither Sv39 nor Sv48");
    run("walk", NULL);
    ck_has("walk: no page fault to default to: give VA");
    run("walk nosuchsym", NULL);
    ck_has("walk: bad address 'nosuchsym'");
}
END_TEST

START_TEST(test_walk_names_the_pid)
{
    enter_address_space();
    kernel_event(TEV_PROC_CREATE, 7, ROOT, 1);
    run("walk 0x1000", NULL);
    ck_has("(Sv39, root 0x80010000, pid 7)");
}
END_TEST

START_TEST(test_pt_folds_runs)
{
    enter_address_space();
    run("pt", NULL);
    ck_has("page table satp 0x8000000000080010 (Sv39, root 0x80010000):\n");
    ck_has("  0x0000000000001000-0x0000000000001fff -> 0x80020000-0x80020fff  VR--U-A- COW 1 x 4K\n");
    ck_has("  0x0000000000002000-0x0000000000003fff -> 0x80021000-0x80022fff  VRW-U-AD     2 x 4K\n");
    ck_has("3 leaves in 2 lines, 3 tables\n");
    /* different flags break a run even when addresses continue */
    poke64(L0 + 3 * 8, pte(RAM + 0x22000, PTE_V | PTE_R | PTE_U | PTE_A));
    run("pt", NULL);
    ck_has("3 leaves in 3 lines");
}
END_TEST

START_TEST(test_pt_superpage_and_sign_extension)
{
    /* a 1 GiB leaf at the top of the Sv39 space, and a malformed entry */
    poke64(ROOT + 511 * 8, pte(RAM, PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D));
    poke64(ROOT + 5 * 8, PTE_V | PTE_W);
    run("pt 0x80010000", NULL);
    ck_has("  0xffffffffc0000000-0xffffffffffffffff -> 0x80000000-0xbfffffff  VRWX--AD     1 x 1G\n");
    ck_has("1 leaves in 1 lines, 1 tables, 1 malformed entries skipped\n");
    m->harts[0].satp = 0;
    run("pt", NULL);
    ck_has("pt: hart 0 has no page table (satp 0x0 is Bare): give ROOT");
}
END_TEST

/* ---- physical pages ---- */

START_TEST(test_page_count_mappings_events)
{
    enter_address_space();
    kernel_event(TEV_PROC_CREATE, 1, ROOT, 0);
    kernel_event(TEV_PROC_CREATE, 2, ROOT2, 1);
    kernel_event(TEV_PAGE_ALLOC, COW_PAGE, 0, 0);
    const uint64_t share[4] = { 1, 2, 0x1000, COW_PAGE };
    trace_kernel_event(m, 0, TEV_COW_SHARE, share);
    kernel_event(TEV_REF_INC, COW_PAGE, 2, 0);
    kernel_event(TEV_PAGE_ALLOC, RAM + 0x30000, 0, 0);   /* another page's event */
    run("page 0x80020abc", NULL);
    ck_has("page 0x80020000:\n");
    ck_has("  count 2 (the kernel's last event: ref+)\n");
    ck_has("  mappings: 2 in the 2 address spaces the kernel announced\n");
    ck_has("    pid 1    va 0x0000000000001000  VR--U-A- COW\n");
    ck_has("    pid 2    va 0x0000000000001000  VR--U-A- COW\n");
    ck_has("  last events (3):\n");
    ck_has("alloc pa=0x80020000");
    ck_has("cow-share parent=1 child=2 va=0x1000 pa=0x80020000");
    ck_has("ref+ pa=0x80020000 count=2");
    ck_lacks("0x80030000");
}
END_TEST

START_TEST(test_page_free_and_unknown)
{
    kernel_event(TEV_PAGE_ALLOC, RAM + 0x40000, 1, 0);
    run("page 0x80040000", NULL);
    ck_has("count 1 (the kernel's last event: alloc), a page-table page");
    kernel_event(TEV_REF_DEC, RAM + 0x40000, 0, 0);
    kernel_event(TEV_PAGE_FREE, RAM + 0x40000, 0, 0);
    run("page 0x80040000", NULL);
    ck_has("count 0: free");
    run("page 0x80050000", NULL);
    ck_has("count: unknown");
    ck_has("mappings: 0 in the 0 address spaces");
    ck_has("last events: none");
    run("page 0x1000", NULL);
    ck_has("page: 0x1000 is not in RAM");
}
END_TEST

START_TEST(test_pagemap_writes_a_png)
{
    char path[] = "/tmp/rvemu_test_pagemap_XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    kernel_event(TEV_PAGE_ALLOC, RAM + 0x40000, 1, 0);
    char line[96];
    snprintf(line, sizeof(line), "pagemap %s", path);
    run(line, NULL);
    ck_has("pagemap: wrote ");
    ck_has("(256 pages)");
    /* a PNG: the eight signature bytes (PNG specification, 5.2) */
    unsigned char sig[8];
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fread(sig, 1, 8, f), 8);
    fclose(f);
    unlink(path);
    ck_assert_mem_eq(sig, "\x89PNG\r\n\x1a\n", 8);
    run("pagemap /nonexistent-dir/x.png", NULL);
    ck_has("pagemap: /nonexistent-dir/x.png: No such file or directory");
}
END_TEST

/* ---- memory ---- */

START_TEST(test_x_bytes_and_words)
{
    uint8_t *p = bus_ram_ptr(m->bus, RAM + 0x8000, 16);
    memcpy(p, "Hello, monitor!\n", 16);
    run("x/b 0x80008000 5", NULL);
    ck_has("0x0000000080008000: 48 65 6c 6c 6f");
    ck_has("|Hello|\n");
    run("x 0x80008000 2", NULL);
    ck_has("0x0000000080008000: 0x6d202c6f6c6c6548 0x0a21726f74696e6f\n");
    ck_assert_uint_eq(count_lines(text), 1);
    /* the last 8 bytes of RAM, then nothing */
    run("x 0x800ffff8 2", NULL);
    ck_has("0x00000000800ffff8: 0x0000000000000000\n");
    ck_has("x: cannot read 0x80100000");
    /* through the page table when the hart translates */
    enter_address_space();
    memcpy(bus_ram_ptr(m->bus, COW_PAGE, 4), "COW!", 4);
    run("x/b 0x1000 4", NULL);
    ck_has("|COW!|");
    run("x/b sp", NULL);
    ck_has("x: cannot read 0x0");
    run("x/b $nope", NULL);
    ck_has("x: bad address '$nope'");
}
END_TEST

START_TEST(test_dis_marks_pc)
{
    uint32_t code[3] = { 0x00a00513 /* addi a0, zero, 10 */, 0x00b50533 /* add a0, a0, a1 */,
                         0x00008067 /* jalr zero, 0(ra) */ };
    memcpy(bus_ram_ptr(m->bus, RAM + 0x1000, sizeof(code)), code, sizeof(code));
    uint16_t c_nop = 0x0001;
    memcpy(bus_ram_ptr(m->bus, RAM + 0x100c, 2), &c_nop, 2);
    m->harts[0].pc = RAM + 0x1004;
    run("dis func 4", NULL);
    ck_assert_uint_eq(count_lines(text), 4);
    ck_has("   0x80001000 <func>:  00a00513");
    ck_has("=> 0x80001004 <func+0x4>:  00b50533");
    ck_has("add");
    ck_has("   0x8000100c <func+0xc>:  0001      ");
    /* the last halfword of RAM, then nothing */
    run("dis 0x800ffffe", NULL);
    ck_has("(illegal)");
    ck_has("dis: cannot read 0x80100000");
}
END_TEST

START_TEST(test_where_follows_frame_pointers)
{
    /* func's frame at fp 0x80009000 returns into caller, whose frame at
     * 0x80009100 returns into top, whose caller's fp is 0 */
    struct hart *h = &m->harts[0];
    h->pc = RAM + 0x1010;
    h->x[8] = RAM + 0x9000;
    poke64(RAM + 0x9000 - 8, RAM + 0x1120);
    poke64(RAM + 0x9000 - 16, RAM + 0x9100);
    poke64(RAM + 0x9100 - 8, RAM + 0x1230);
    poke64(RAM + 0x9100 - 16, 0);
    run("where", NULL);
    ck_has("#0  0x80001010 <func+0x10>  (priv M)\n");
    ck_has("#1  0x80001120 <caller+0x20>  (fp 0x80009000)\n");
    ck_has("#2  0x80001230 <top+0x30>  (fp 0x80009100)\n");
    ck_has("(end: caller's frame pointer 0x0 is not above 0x80009100)");
    /* a loop in the chain ends at once */
    poke64(RAM + 0x9100 - 16, RAM + 0x9000);
    run("where", NULL);
    ck_assert_uint_eq(count_lines(text), 4);
    h->x[8] = 3;
    run("where", NULL);
    ck_has("(end: frame pointer 0x3 is not a stack address)");
}
END_TEST

START_TEST(test_where_at_function_entry_uses_ra)
{
    /* stopped on func's first instruction: its caller is in ra, and s0
     * is still the caller's frame, whose return address leads to top */
    struct hart *h = &m->harts[0];
    h->pc = RAM + 0x1000;
    h->x[1] = RAM + 0x1120;
    h->x[8] = RAM + 0x9100;
    poke64(RAM + 0x9100 - 8, RAM + 0x1230);
    poke64(RAM + 0x9100 - 16, 0);
    run("where", NULL);
    ck_has("#0  0x80001000 <func>  (priv M)\n");
    ck_has("#1  0x80001120 <caller+0x20>  (ra: at the function's entry)\n");
    ck_has("#2  0x80001230 <top+0x30>  (fp 0x80009100)\n");
}
END_TEST

/* ---- breakpoints, harts, events ---- */

START_TEST(test_break_and_delete)
{
    struct debugger *d = m->debug;
    run("break", NULL);
    ck_has("no breakpoints");
    run("break func+8", NULL);
    ck_has("breakpoint at 0x80001008 <func+0x8>");
    ck_assert_uint_eq(d->nbreaks, 1);
    ck_assert_uint_eq(d->breaks[0], RAM + 0x1008);
    run("break 0x80001008", NULL);
    ck_has("break: already set");
    ck_assert_uint_eq(d->nbreaks, 1);
    run("break caller", NULL);
    run("break", NULL);
    ck_assert_uint_eq(count_lines(text), 2);
    run("delete func+8", NULL);
    ck_has("deleted breakpoint at 0x80001008");
    ck_assert_uint_eq(d->nbreaks, 1);
    run("delete func+8", NULL);
    ck_has("delete: no breakpoint at 0x80001008");
    run("break nowhere", NULL);
    ck_has("break: bad address 'nowhere'");
}
END_TEST

START_TEST(test_hart_selects_for_other_commands)
{
    m->harts[1].x[10] = 0xabc;
    m->harts[1].pc = RAM + 0x1100;
    run("hart 1", NULL);
    ck_has("hart 1  pc 0x80001100 <caller>  priv M");
    ck_assert_uint_eq(m->debug->selected, 1);
    run("regs", NULL);
    ck_has("a0   0x0000000000000abc");
}
END_TEST

START_TEST(test_events_oldest_first)
{
    run("events", NULL);
    ck_has("events: no trace records yet");
    kernel_event(TEV_PAGE_ALLOC, RAM + 0x40000, 0, 0);
    kernel_event(TEV_REF_INC, RAM + 0x40000, 2, 0);
    kernel_event(TEV_REF_DEC, RAM + 0x40000, 1, 0);
    run("events 2", NULL);
    ck_assert_uint_eq(count_lines(text), 2);
    char *inc = strstr(text, "ref+ pa=0x80040000 count=2");
    char *dec = strstr(text, "ref- pa=0x80040000 count=1");
    ck_assert(inc && dec && inc < dec);
    run("events 100", NULL);
    ck_assert_uint_eq(count_lines(text), 3);
}
END_TEST

/* ---- serving a stop on stdin ---- */

/* Point fd 0 at a pipe holding input (then closed: end of input) and
 * fd 1 at a file; returns the file's fd for reading the output. */
static int redirect(const char *input)
{
    int p[2];
    ck_assert_int_eq(pipe(p), 0);
    ck_assert_int_eq(write(p[1], input, strlen(input)), (int)strlen(input));
    close(p[1]);
    ck_assert_int_ge(dup2(p[0], STDIN_FILENO), 0);
    close(p[0]);
    char path[] = "/tmp/rvemu_test_monitor_out_XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    unlink(path);
    fflush(stdout);
    ck_assert_int_ge(dup2(fd, STDOUT_FILENO), 0);
    return fd;
}

static void slurp_output(int fd)
{
    fflush(stdout);
    free(text);
    off_t n = lseek(fd, 0, SEEK_END);
    text = calloc(1, (size_t)n + 1);
    ck_assert_int_eq(pread(fd, text, (size_t)n, 0), (int)n);
    text_len = (size_t)n;
}

START_TEST(test_serve_spells_out_a_fault_without_what)
{
    enter_address_space();
    int out = redirect("c\n");
    struct dbg_stop s = { .reason = DBG_PAGE_FAULT, .hart = 0, .addr = 0x1ff8, .cause = 15,
                          .epc = RAM + 0x1004, .pid = 3 };
    ck_assert_int_eq(monitor_serve(mon, &s).kind, DBG_CONTINUE);
    slurp_output(out);
    ck_has("rvemu: stopped (page fault) on hart 0: page fault\n");
    ck_has("  store page fault at va 0x1ff8 by 0x80001004 <func+0x4> pid 3\n");
}
END_TEST

START_TEST(test_serve_leaves_guest_input_alone)
{
    int out = redirect("regs\ncontinue\nls\n");
    struct dbg_stop s = { .reason = DBG_INTERRUPT, .hart = 0 };
    snprintf(s.what, sizeof(s.what), "stopped by Ctrl-A C");
    struct dbg_resume r = monitor_serve(mon, &s);
    ck_assert_int_eq(r.kind, DBG_CONTINUE);
    /* the bytes after the resuming command are still the guest's */
    char rest[16] = { 0 };
    ck_assert_int_eq(read(STDIN_FILENO, rest, sizeof(rest) - 1), 3);
    ck_assert_str_eq(rest, "ls\n");
    /* then the input ends: continue without breakpoints */
    r = monitor_serve(mon, &s);
    ck_assert_int_eq(r.kind, DBG_DETACH);
    slurp_output(out);
    ck_has("rvemu: stopped (interrupted) on hart 0: stopped by Ctrl-A C\n");
    ck_has("(rvemu) regs\nhart 0");
    ck_has("(rvemu) continue\n");
    ck_has("end of monitor input: continuing with every breakpoint removed");
}
END_TEST

START_TEST(test_serve_page_fault_shows_walk)
{
    enter_address_space();
    int out = redirect("walk\nwhere\nc\n");
    struct dbg_stop s = { .reason = DBG_PAGE_FAULT, .hart = 0, .addr = 0x1ff8, .cause = 15,
                          .epc = RAM + 0x1004, .pid = 3 };
    snprintf(s.what, sizeof(s.what), "store page fault at va 0x1ff8");
    struct dbg_resume r = monitor_serve(mon, &s);
    ck_assert_int_eq(r.kind, DBG_CONTINUE);
    slurp_output(out);
    ck_has("rvemu: stopped (page fault) on hart 0: store page fault at va 0x1ff8\n");
    ck_lacks("  store page fault at va 0x1ff8 by");   /* the what line says it */
    /* printed once for the stop, once for the walk command */
    char *first = strstr(text, "L0 pte@0x80012008");
    ck_assert_ptr_nonnull(first);
    ck_assert_ptr_nonnull(strstr(first + 1, "L0 pte@0x80012008"));
    ck_has("-> pa 0x80020ff8");
    ck_has("#1  0x80001004 <func+0x4>  (the faulting instruction)");
}
END_TEST

static Suite *monitor_suite(void)
{
    Suite *s = suite_create("monitor");
    TCase *t = tcase_create("commands");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, test_blank_line_does_nothing);
    tcase_add_test(t, test_unknown_command_and_bad_arity);
    tcase_add_test(t, test_help_lists_every_command);
    tcase_add_test(t, test_resuming_commands);
    tcase_add_test(t, test_bad_counts_do_not_resume);
    tcase_add_test(t, test_from_gdb_resuming_is_refused);
    tcase_add_test(t, test_regs);
    tcase_add_test(t, test_csr_by_name_and_number);
    tcase_add_test(t, test_walk_cow_leaf);
    tcase_add_test(t, test_walk_stops_and_roots);
    tcase_add_test(t, test_walk_names_the_pid);
    tcase_add_test(t, test_pt_folds_runs);
    tcase_add_test(t, test_pt_superpage_and_sign_extension);
    tcase_add_test(t, test_page_count_mappings_events);
    tcase_add_test(t, test_page_free_and_unknown);
    tcase_add_test(t, test_pagemap_writes_a_png);
    tcase_add_test(t, test_x_bytes_and_words);
    tcase_add_test(t, test_dis_marks_pc);
    tcase_add_test(t, test_where_follows_frame_pointers);
    tcase_add_test(t, test_where_at_function_entry_uses_ra);
    tcase_add_test(t, test_break_and_delete);
    tcase_add_test(t, test_hart_selects_for_other_commands);
    tcase_add_test(t, test_events_oldest_first);
    suite_add_tcase(s, t);
    TCase *serve = tcase_create("serve");
    tcase_add_checked_fixture(serve, setup, teardown);
    tcase_add_test(serve, test_serve_leaves_guest_input_alone);
    tcase_add_test(serve, test_serve_page_fault_shows_walk);
    tcase_add_test(serve, test_serve_spells_out_a_fault_without_what);
    suite_add_tcase(s, serve);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(monitor_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
