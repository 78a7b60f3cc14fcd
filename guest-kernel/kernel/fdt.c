/*
 * fdt.c - read the few facts the kernel needs from the flattened device
 * tree the boot code passes in a1: RAM, the number of harts, whether
 * they have Sstc, and where rvemu's trace device is.
 *
 * Runs on hart 0 in M-mode before anything else, so it must cope with
 * any bytes at all: every offset is checked against the blob's bounds
 * and anything odd falls back to the defaults of QEMU's virt machine.
 */
#include "types.h"
#include "param.h"
#include "riscv.h"
#include "defs.h"

struct boardinfo board;

#define FDT_MAGIC       0xd00dfeed
#define FDT_BEGIN_NODE  1
#define FDT_END_NODE    2
#define FDT_PROP        3
#define FDT_NOP         4
#define FDT_END         9

#define FDT_MAX_SIZE    (4 << 20)   /* a sanity bound: QEMU 7.2 passes 1 MiB */
#define MAX_DEPTH       16
/* The direct map and the free list cover at most this much RAM. */
#define MAX_RAM         (1UL << 30)

/* Header word indexes (the header is ten big-endian 32-bit words). */
enum { H_MAGIC, H_TOTALSIZE, H_OFF_STRUCT, H_OFF_STRINGS, H_OFF_RSVMAP,
       H_VERSION, H_LAST_COMP, H_BOOT_CPU, H_SIZE_STRINGS, H_SIZE_STRUCT, H_WORDS };

/* The walk's view of the blob. */
struct fdt {
    const uchar *structs;
    uint32 struct_size;
    const char *strings;
    uint32 strings_size;
};

/* What the walk remembers about each open node (index = depth). */
struct node {
    const char *name;
    int addr_cells, size_cells;   /* for this node's children */
    uint64 reg_base, reg_size;
    int has_reg;
    int is_trace;
};

static uint32 be32(const void *p)
{
    const uchar *b = p;
    return ((uint32)b[0] << 24) | ((uint32)b[1] << 16) | ((uint32)b[2] << 8) | b[3];
}

/* Read `cells` 32-bit cells (1 or 2) as one number. */
static uint64 read_cells(const uchar *p, int cells)
{
    uint64 v = be32(p);
    if (cells == 2)
        v = (v << 32) | be32(p + 4);
    return v;
}

static int starts_with(const char *s, const char *prefix)
{
    while (*prefix)
        if (*s++ != *prefix++)
            return 0;
    return 1;
}

static int str_eq(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

/* Does the (NUL-separated) string list val[0..len) contain word? */
static int list_contains(const char *val, uint32 len, const char *word, int whole)
{
    uint32 i = 0;
    while (i < len) {
        const char *s = val + i;
        uint32 n = 0;
        while (i + n < len && s[n])
            n++;
        if (i + n == len)           /* unterminated: ignore the rest */
            return 0;
        if (whole) {
            if (str_eq(s, word))
                return 1;
        } else {
            for (uint32 k = 0; k < n; k++)
                if (starts_with(s + k, word))
                    return 1;
        }
        i += n + 1;
    }
    return 0;
}

/* Length of the NUL-terminated string at off, or -1 if it runs off the
 * end of a block of the given size. */
static int bounded_strlen(const char *base, uint32 size, uint32 off)
{
    for (uint32 i = off; i < size; i++)
        if (base[i] == 0)
            return i - off;
    return -1;
}

static void set_defaults(void)
{
    board.ram_base = KERNBASE;
    board.ram_end = PHYSTOP_DEFAULT;
    board.ncpu = 1;
    board.has_sstc = 0;
    board.tracedev = 0;
}

/* One property of node n (at depth d; n[-1] is its parent). */
static void on_prop(struct node *n, int d, const char *pname, const uchar *val, uint32 len)
{
    const struct node *parent = d > 0 ? n - 1 : 0;

    if (str_eq(pname, "#address-cells") && len == 4)
        n->addr_cells = be32(val);
    else if (str_eq(pname, "#size-cells") && len == 4)
        n->size_cells = be32(val);
    else if (str_eq(pname, "reg") && parent) {
        int ac = parent->addr_cells, sc = parent->size_cells;
        if (ac >= 1 && ac <= 2 && sc >= 0 && sc <= 2 && len >= 4 * (uint32)(ac + sc)) {
            n->reg_base = read_cells(val, ac);
            n->reg_size = sc ? read_cells(val + 4 * ac, sc) : 0;
            n->has_reg = 1;
        }
    } else if (str_eq(pname, "compatible")) {
        if (list_contains((const char *)val, len, "rvemu,trace", 1))
            n->is_trace = 1;
    } else if ((str_eq(pname, "riscv,isa") || str_eq(pname, "riscv,isa-extensions")) &&
               d == 2 && str_eq(parent->name, "cpus") && str_eq(n->name, "cpu@0")) {
        if (list_contains((const char *)val, len, "sstc", 0))
            board.has_sstc = 1;
    }
}

/* Node n (depth d) is complete: keep what it told us. */
static void on_end_node(struct node *n, int d, uint64 *ram_base, uint64 *ram_size)
{
    if (d == 1 && starts_with(n->name, "memory") && n->has_reg && *ram_size == 0) {
        *ram_base = n->reg_base;
        *ram_size = n->reg_size;
    }
    if (n->is_trace && n->has_reg)
        board.tracedev = n->reg_base;
}

/* Walk the structure block. Returns 0 on success, -1 on malformed input. */
static int walk_tree(const struct fdt *f, uint64 *ram_base, uint64 *ram_size, int *ncpu)
{
    struct node nodes[MAX_DEPTH];
    int depth = -1;   /* index of the innermost open node */
    uint32 off = 0;

    for (;;) {
        if (off + 4 > f->struct_size)
            return -1;
        uint32 token = be32(f->structs + off);
        off += 4;

        if (token == FDT_BEGIN_NODE) {
            int n = bounded_strlen((const char *)f->structs, f->struct_size, off);
            if (n < 0 || depth + 1 >= MAX_DEPTH)
                return -1;
            struct node *nd = &nodes[++depth];
            nd->name = (const char *)f->structs + off;
            nd->addr_cells = 2;
            nd->size_cells = 1;
            nd->has_reg = nd->is_trace = 0;
            if (depth == 2 && str_eq(nodes[1].name, "cpus") && starts_with(nd->name, "cpu@"))
                (*ncpu)++;
            off = (off + n + 1 + 3) & ~3U;
        } else if (token == FDT_END_NODE) {
            if (depth < 0)
                return -1;
            on_end_node(&nodes[depth], depth, ram_base, ram_size);
            depth--;
        } else if (token == FDT_PROP) {
            if (off + 8 > f->struct_size || depth < 0)
                return -1;
            uint32 len = be32(f->structs + off);
            uint32 nameoff = be32(f->structs + off + 4);
            off += 8;
            if (len > f->struct_size - off || nameoff >= f->strings_size ||
                bounded_strlen(f->strings, f->strings_size, nameoff) < 0)
                return -1;
            on_prop(&nodes[depth], depth, f->strings + nameoff, f->structs + off, len);
            off = (off + len + 3) & ~3U;
        } else if (token == FDT_NOP) {
            continue;
        } else if (token == FDT_END) {
            return depth == -1 ? 0 : -1;
        } else {
            return -1;
        }
    }
}

void fdt_parse(uint64 dtb)
{
    set_defaults();

    /* Garbage in a1 could point anywhere; reading outside RAM could
     * fault with no handler yet, so accept only aligned RAM addresses. */
    if (dtb < KERNBASE || dtb >= KERNBASE + MAX_RAM || (dtb & 3))
        return;

    const uchar *blob = (const uchar *)dtb;
    uint32 h[H_WORDS];
    for (int i = 0; i < H_WORDS; i++)
        h[i] = be32(blob + 4 * i);
    if (h[H_MAGIC] != FDT_MAGIC)
        return;

    uint32 total = h[H_TOTALSIZE];
    uint32 soff = h[H_OFF_STRUCT], ssize = h[H_SIZE_STRUCT];
    uint32 toff = h[H_OFF_STRINGS], tsize = h[H_SIZE_STRINGS];
    if (total < 4 * H_WORDS || total > FDT_MAX_SIZE || (soff & 3) ||
        soff > total || ssize > total - soff || toff > total || tsize > total - toff)
        return;

    struct fdt f = {
        .structs = blob + soff,
        .struct_size = ssize,
        .strings = (const char *)blob + toff,
        .strings_size = tsize,
    };
    uint64 ram_base = 0, ram_size = 0;
    int ncpu = 0;
    if (walk_tree(&f, &ram_base, &ram_size, &ncpu) < 0) {
        set_defaults();
        return;
    }

    /* The kernel is linked at KERNBASE, so RAM must start there. */
    if (ram_base == KERNBASE && ram_size >= (1UL << 20)) {
        if (ram_size > MAX_RAM)
            ram_size = MAX_RAM;
        board.ram_base = ram_base;
        board.ram_end = PGROUNDDOWN(ram_base + ram_size);
    }
    if (ncpu >= 1)
        board.ncpu = ncpu > NCPU ? NCPU : ncpu;
}
