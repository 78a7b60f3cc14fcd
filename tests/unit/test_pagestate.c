/*
 * test_pagestate.c - the page-state model (emu/pagestate.c) and the page
 * map's PNG (emu/pagemap.c) on a real machine of 1 MiB (256 pages) built
 * from a minimal ELF. Kernel events and page tables are made by hand, so
 * each expected class follows from docs/trace-device.md, the Sv39 layout
 * and the rules of docs/window.md; the PNG is read back with libpng.
 */
#define _GNU_SOURCE     /* memmem */
#include <check.h>
#include <elf.h>
#include <png.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "machine.h"
#include "pagemap.h"
#include "pagestate.h"
#include "trace_sources.h"
#include "tracedev.h"

#define RAM MACHINE_RAM_BASE
#define NPAGES 256
#define ROOT   (RAM + 0x10000)      /* pid 1's Sv39 tables */
#define L1     (RAM + 0x11000)
#define L0     (RAM + 0x12000)
#define ROOT2  (RAM + 0x13000)      /* pid 2 shares L1 below its root */
#define SHARED (RAM + 0x20000)      /* count 2, mapped read-only COW */
#define UPRIV  (RAM + 0x21000)      /* count 1, mapped writable, user */
#define KPAGE  (RAM + 0x22000)      /* count 1, mapped without U (a trapframe) */
#define KALONE (RAM + 0x23000)      /* count 1, mapped nowhere */
#define FREED  (RAM + 0x24000)
#define THREE  (RAM + 0x25000)      /* count 3 */
#define MANY   (RAM + 0x26000)      /* count 7 */
#define UNSEEN (RAM + 0x30000)
#define PTE_COW (1ULL << 8)

static struct machine *m;
static struct pagestate *ps;

static void write_min_elf(char *path, size_t len)
{
    snprintf(path, len, "/tmp/rvemu_test_pagestate_XXXXXX");
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
    /* --pagemap-png alone must be enough for the model to exist */
    struct machine_config cfg = { .kernel = path, .ram_size = NPAGES * 4096ULL, .nharts = 1,
                                  .pagemap_png = "unused.png" };
    for (unsigned k = 0; k < MACHINE_MAX_DRIVES; k++)
        cfg.slot_drive[k] = -1;
    m = machine_new(&cfg, err, sizeof(err));
    unlink(path);
    ck_assert_msg(m != NULL, "machine_new: %s", err);
    ck_assert_ptr_null(m->debug);
    ps = m->pages;
    ck_assert_ptr_nonnull(ps);
    ck_assert_uint_eq(ps->npages, NPAGES);
}

static void teardown(void)
{
    machine_free(m);
    m = NULL;
}

static void ev(uint32_t code, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
    const uint64_t args[4] = { a0, a1, a2, a3 };
    trace_kernel_event(m, 0, code, args);
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
 * pid 1 (ROOT) and pid 2 (ROOT2) share L1 and L0:
 *   va 0x1000 -> SHARED  V R U A + COW
 *   va 0x2000 -> UPRIV   V R W U A D
 *   va 0x3000 -> KPAGE   V R W A D (no U)
 * and the kernel's events for every page of the list above.
 */
static void make_world(void)
{
    poke64(ROOT, pte(L1, PTE_V));
    poke64(ROOT2, pte(L1, PTE_V));
    poke64(L1, pte(L0, PTE_V));
    poke64(L0 + 1 * 8, pte(SHARED, PTE_V | PTE_R | PTE_U | PTE_A | PTE_COW));
    poke64(L0 + 2 * 8, pte(UPRIV, PTE_V | PTE_R | PTE_W | PTE_U | PTE_A | PTE_D));
    poke64(L0 + 3 * 8, pte(KPAGE, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D));
    for (uint64_t t = ROOT; t <= ROOT2; t += 0x1000)
        ev(TEV_PAGE_ALLOC, t, 1, 0, 0);
    ev(TEV_PROC_CREATE, 1, ROOT, 0, 0);
    ev(TEV_PROC_CREATE, 2, ROOT2, 1, 0);
    ev(TEV_PAGE_ALLOC, SHARED, 0, 0, 0);
    ev(TEV_REF_INC, SHARED, 2, 0, 0);
    ev(TEV_COW_SHARE, 1, 2, 0x1000, SHARED);
    ev(TEV_PAGE_ALLOC, UPRIV, 0, 0, 0);
    ev(TEV_PAGE_ALLOC, KPAGE, 0, 0, 0);
    ev(TEV_PAGE_ALLOC, KALONE, 0, 0, 0);
    ev(TEV_PAGE_ALLOC, FREED, 0, 0, 0);
    ev(TEV_REF_DEC, FREED, 0, 0, 0);
    ev(TEV_PAGE_FREE, FREED, 0, 0, 0);
    ev(TEV_PAGE_ALLOC, THREE, 0, 0, 0);
    ev(TEV_REF_INC, THREE, 3, 0, 0);
    ev(TEV_PAGE_ALLOC, MANY, 0, 0, 0);
    ev(TEV_REF_INC, MANY, 7, 0, 0);
}

static struct ps_cell cells[NPAGES];

static const struct ps_cell *cell(uint64_t pa)
{
    return &cells[(pa - RAM) >> 12];
}

START_TEST(test_counts_follow_the_kernel)
{
    ev(TEV_PAGE_ALLOC, RAM + 0x5000, 0, 0, 0);
    const struct ps_page *p = pagestate_page(ps, RAM + 0x5abc);
    ck_assert_ptr_nonnull(p);
    ck_assert_int_eq(p->state, PS_LIVE);
    ck_assert_uint_eq(p->count, 1);
    ck_assert(!p->page_table);
    ev(TEV_REF_INC, RAM + 0x5000, 2, 0, 0);
    ck_assert_uint_eq(p->count, 2);
    ck_assert_int_eq(p->last_event, TEV_REF_INC);
    ev(TEV_REF_DEC, RAM + 0x5000, 1, 0, 0);
    ck_assert_uint_eq(p->count, 1);
    ev(TEV_REF_DEC, RAM + 0x5000, 0, 0, 0);
    ev(TEV_PAGE_FREE, RAM + 0x5000, 0, 0, 0);
    ck_assert_int_eq(p->state, PS_FREE);
    ck_assert_uint_eq(p->count, 0);
    /* a page-table page, then reused as data: alloc starts afresh */
    ev(TEV_PAGE_ALLOC, RAM + 0x5000, 1, 0, 0);
    ck_assert(p->page_table);
    ev(TEV_PAGE_FREE, RAM + 0x5000, 0, 0, 0);
    ev(TEV_PAGE_ALLOC, RAM + 0x5000, 0, 0, 0);
    ck_assert(!p->page_table);
    /* outside RAM: ignored, not a crash */
    ev(TEV_PAGE_ALLOC, 0x1000, 0, 0, 0);
    ev(TEV_PAGE_ALLOC, RAM + NPAGES * 4096ULL, 0, 0, 0);
    ck_assert_ptr_null(pagestate_page(ps, 0x1000));
    ck_assert_ptr_null(pagestate_page(ps, RAM + NPAGES * 4096ULL));
    ck_assert_uint_eq(ps->events, 8);     /* the two outside RAM do not count */
}
END_TEST

START_TEST(test_classes)
{
    make_world();
    pagestate_snapshot(ps, cells, false);
    ck_assert_int_eq(cell(ROOT)->cls, PS_CLASS_PAGETABLE);
    ck_assert_int_eq(cell(L0)->cls, PS_CLASS_PAGETABLE);
    ck_assert_int_eq(cell(SHARED)->cls, PS_CLASS_SHARED);
    ck_assert_uint_eq(cell(SHARED)->count, 2);
    ck_assert_uint_eq(cell(SHARED)->user_maps, 2);   /* both pids map it */
    ck_assert_int_eq(cell(UPRIV)->cls, PS_CLASS_USER);
    ck_assert_int_eq(cell(KPAGE)->cls, PS_CLASS_KERNEL);   /* mapped, but not U */
    ck_assert_uint_eq(cell(KPAGE)->user_maps, 0);
    ck_assert_int_eq(cell(KALONE)->cls, PS_CLASS_KERNEL);
    ck_assert_int_eq(cell(FREED)->cls, PS_CLASS_FREE);
    ck_assert_int_eq(cell(THREE)->cls, PS_CLASS_SHARED);
    ck_assert_uint_eq(cell(THREE)->count, 3);
    ck_assert_int_eq(cell(MANY)->cls, PS_CLASS_SHARED);
    ck_assert_int_eq(cell(UNSEEN)->cls, PS_CLASS_UNSEEN);
    /* a process that exits takes its mappings out of the census */
    ev(TEV_PROC_EXIT, 2, ROOT2, 0, 0);
    pagestate_snapshot(ps, cells, false);
    ck_assert_uint_eq(cell(SHARED)->user_maps, 1);
    ck_assert_uint_eq(cell(UPRIV)->user_maps, 1);
}
END_TEST

START_TEST(test_flashes)
{
    make_world();
    /* a store fault whose walk ended at SHARED's leaf */
    struct trace_rec r;
    trace_stamp(m, NULL, &r, TR_PAGE_FAULT);
    r.a[0] = 15;
    r.a[1] = 0x1000;
    r.nwalk = 3;
    r.walk[0].pte = pte(L1, PTE_V);
    r.walk[1].pte = pte(L0, PTE_V);
    r.walk[2].pte = pte(SHARED, PTE_V | PTE_R | PTE_U | PTE_A | PTE_COW);
    trace_emit(&m->trace, &r);
    /* an invalid leaf (a lazy page, say) flashes nothing */
    r.walk[2].pte = pte(UPRIV, 0);
    trace_emit(&m->trace, &r);
    ev(TEV_COW_COPY, 1, 0x1000, SHARED, THREE);
    pagestate_snapshot(ps, cells, false);
    ck_assert_uint_eq(cell(SHARED)->flash, PS_FLASH_FAULT | PS_FLASH_COPY);
    ck_assert_uint_eq(cell(THREE)->flash, PS_FLASH_COPY);
    ck_assert_uint_eq(cell(UPRIV)->flash, 0);
    /* without taking, they stay; taking hands them over once */
    pagestate_snapshot(ps, cells, true);
    ck_assert_uint_eq(cell(SHARED)->flash, PS_FLASH_FAULT | PS_FLASH_COPY);
    pagestate_snapshot(ps, cells, true);
    ck_assert_uint_eq(cell(SHARED)->flash, 0);
    /* a count event keeps a flash not yet taken */
    ev(TEV_COW_COPY, 1, 0x1000, SHARED, THREE);
    ev(TEV_REF_DEC, SHARED, 1, 0, 0);
    ck_assert_uint_eq(pagestate_page(ps, SHARED)->flash, PS_FLASH_COPY);
}
END_TEST

START_TEST(test_mappings_and_events)
{
    make_world();
    struct ps_mapping maps[4];
    unsigned n = pagestate_mappings(ps, SHARED + 0x123, maps, 4);
    ck_assert_uint_eq(n, 2);
    ck_assert_uint_eq(maps[0].pid, 1);
    ck_assert_uint_eq(maps[1].pid, 2);
    ck_assert_uint_eq(maps[0].va, 0x1000);
    ck_assert(maps[0].pte & PTE_COW);
    /* at most max stored, the total still counted */
    ck_assert_uint_eq(pagestate_mappings(ps, SHARED, maps, 1), 2);
    ck_assert_uint_eq(pagestate_mappings(ps, KALONE, maps, 4), 0);
    const struct trace_rec *found[8];
    n = pagestate_events(ps, SHARED, found, 8);
    ck_assert_uint_eq(n, 3);           /* alloc, ref+, cow-share; newest first */
    ck_assert_uint_eq(found[0]->sub, TEV_COW_SHARE);
    ck_assert_uint_eq(found[2]->sub, TEV_PAGE_ALLOC);
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    pagestate_describe(ps, SHARED + 8, f);
    fclose(f);
    ck_assert_ptr_nonnull(strstr(text, "page 0x80020000:\n  count 2 (the kernel's last event: ref+)"));
    ck_assert_ptr_nonnull(strstr(text, "    pid 2    va 0x0000000000001000  VR--U-A- COW\n"));
    free(text);
}
END_TEST

START_TEST(test_colours)
{
    /* every class its own colour; shared pages shade with the count */
    uint32_t seen[PS_NCLASSES + 3];
    unsigned n = 0;
    for (unsigned c = 0; c < PS_NCLASSES; c++)
        seen[n++] = pagemap_color((enum ps_class)c, 2);
    seen[n++] = pagemap_color(PS_CLASS_SHARED, 3);
    seen[n++] = pagemap_color(PS_CLASS_SHARED, 4);
    seen[n++] = pagemap_color(PS_CLASS_SHARED, 5);
    for (unsigned a = 0; a < n; a++)
        for (unsigned b = a + 1; b < n; b++)
            ck_assert_msg(seen[a] != seen[b], "colours %u and %u are both %06x", a, b, seen[a]);
    ck_assert_uint_eq(pagemap_color(PS_CLASS_SHARED, 9), pagemap_color(PS_CLASS_SHARED, 5));
    ck_assert_uint_eq(pagemap_color(PS_CLASS_USER, 1), pagemap_color(PS_CLASS_USER, 7));
    const struct pagemap_key *keys;
    ck_assert_uint_eq(pagemap_legend(&keys), 11);
}
END_TEST

START_TEST(test_layouts)
{
    struct pagemap_layout l;
    pagemap_png_layout(32768, &l);                 /* 128 MiB */
    ck_assert_uint_eq(l.columns, 256);
    ck_assert_uint_eq(l.cell, 4);
    ck_assert_uint_eq(l.rows, 128);
    pagemap_png_layout(257, &l);
    ck_assert_uint_eq(l.rows, 2);
    pagemap_png_layout(4ULL << 20, &l);            /* 16 GiB */
    ck_assert_uint_eq(l.columns, 4096);
    ck_assert_uint_eq(l.cell, 1);
    ck_assert_uint_eq(l.gap, 0);
    ck_assert_uint_eq(l.rows, 1024);
}
END_TEST

/* The whole file, for looking at its chunks. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    fseek(f, 0, SEEK_END);
    *len = (size_t)ftell(f);
    rewind(f);
    char *buf = malloc(*len);
    ck_assert_uint_eq(fread(buf, 1, *len, f), *len);
    fclose(f);
    return buf;
}

START_TEST(test_png_shows_the_states)
{
    make_world();
    char path[] = "/tmp/rvemu_test_pagemap_XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    char err[256];
    ck_assert_int_eq(pagemap_write_png(ps, path, err, sizeof(err)), 0);

    png_image img;
    memset(&img, 0, sizeof(img));
    img.version = PNG_IMAGE_VERSION;
    ck_assert_msg(png_image_begin_read_from_file(&img, path), "libpng: %s", img.message);
    img.format = PNG_FORMAT_RGB;
    ck_assert_uint_ge(img.width, 256 * 4);
    ck_assert_uint_gt(img.height, 4);          /* one row of cells, then the legend */
    uint8_t *px = malloc(PNG_IMAGE_SIZE(img));
    ck_assert(png_image_finish_read(&img, NULL, px, 0, NULL));
    unsigned stride = PNG_IMAGE_ROW_STRIDE(img);
    /* cell i at (4i, 0): its colour at the top left, black at the gap */
    static const struct { uint64_t pa; enum ps_class cls; unsigned count; } want[] = {
        { ROOT, PS_CLASS_PAGETABLE, 1 }, { SHARED, PS_CLASS_SHARED, 2 },
        { UPRIV, PS_CLASS_USER, 1 }, { KPAGE, PS_CLASS_KERNEL, 1 },
        { FREED, PS_CLASS_FREE, 0 }, { THREE, PS_CLASS_SHARED, 3 },
        { MANY, PS_CLASS_SHARED, 7 }, { UNSEEN, PS_CLASS_UNSEEN, 0 },
    };
    for (size_t k = 0; k < sizeof(want) / sizeof(want[0]); k++) {
        unsigned i = (unsigned)((want[k].pa - RAM) >> 12);
        const uint8_t *p = px + 4 * i * 3 + stride;          /* row 1 of the cell */
        uint32_t got = (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
        ck_assert_msg(got == pagemap_color(want[k].cls, want[k].count),
                      "page 0x%llx: 0x%06x", (unsigned long long)want[k].pa, got);
        const uint8_t *gap = px + (4 * i + 3) * 3 + stride;
        ck_assert_msg(!gap[0] && !gap[1] && !gap[2], "no gap right of page %u", i);
    }
    free(px);
    png_image_free(&img);
    /* the layout, for programs that read the file */
    size_t len;
    char *file = slurp(path, &len);
    const char meta[] = "rvemu-pagemap\0base=0x80000000 pages=256 columns=256 cell=4 gap=1";
    ck_assert_ptr_nonnull(memmem(file, len, meta, sizeof(meta) - 1));
    free(file);
    unlink(path);
    ck_assert_int_eq(pagemap_write_png(ps, "/nonexistent-dir/x.png", err, sizeof(err)), -1);
    ck_assert_str_eq(err, "/nonexistent-dir/x.png: No such file or directory");
}
END_TEST

static Suite *pagestate_suite(void)
{
    Suite *s = suite_create("pagestate");
    TCase *t = tcase_create("model");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, test_counts_follow_the_kernel);
    tcase_add_test(t, test_classes);
    tcase_add_test(t, test_flashes);
    tcase_add_test(t, test_mappings_and_events);
    tcase_add_test(t, test_colours);
    tcase_add_test(t, test_layouts);
    tcase_add_test(t, test_png_shows_the_states);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(pagestate_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
