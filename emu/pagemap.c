/*
 * pagemap.c - colours of the page map and its PNG export (through
 * Debian's libpng). See pagemap.h for the layout.
 */
#include "pagemap.h"

#include <errno.h>
#include <inttypes.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errmsg.h"
#include "font.h"
#include "pixbuf.h"

#define PNG_MARGIN 8
#define PNG_TEXT 0xc0c0c0u
#define PNG_BG 0x000000u
#define LEGEND_COLUMN 300    /* pixels per legend entry across */
#define SWATCH 12

/* Chosen to stay apart for people and for the tests alike: no two
 * classes share a colour, shared pages go from yellow to red as more
 * processes hold them. */
static const struct pagemap_key legend[] = {
    { 0x1c1c1cu, "not reported" },
    { 0x2a3550u, "free" },
    { 0x3c78d8u, "kernel" },
    { 0x30b040u, "user private" },
    { 0xa050d0u, "page table" },
    { 0xffd040u, "shared COW, count 2" },
    { 0xffa020u, "shared COW, count 3" },
    { 0xff6010u, "shared COW, count 4" },
    { 0xe02010u, "shared COW, count 5+" },
    { PAGEMAP_FLASH_FAULT, "flash: page fault" },
    { PAGEMAP_FLASH_COPY, "flash: COW copy" },
};
#define NKEYS (sizeof(legend) / sizeof(legend[0]))
#define NKEYS_PNG (NKEYS - 2)    /* the PNG has no flashes */

unsigned pagemap_legend(const struct pagemap_key **keys)
{
    *keys = legend;
    return NKEYS;
}

uint32_t pagemap_color(enum ps_class cls, unsigned count)
{
    switch (cls) {
    case PS_CLASS_UNSEEN:    return legend[0].color;
    case PS_CLASS_FREE:      return legend[1].color;
    case PS_CLASS_KERNEL:    return legend[2].color;
    case PS_CLASS_USER:      return legend[3].color;
    case PS_CLASS_PAGETABLE: return legend[4].color;
    case PS_CLASS_SHARED:
        return legend[5 + (count <= 2 ? 0 : count >= 5 ? 3 : count - 2)].color;
    case PS_NCLASSES:        break;
    }
    return PAGEMAP_GAP;
}

void pagemap_png_layout(uint64_t npages, struct pagemap_layout *l)
{
    /* A cell a pixel wide only where 4x4 cells would make an image of
     * more than 16 million pixels. */
    bool big = npages > 256 * 1024;
    l->columns = big ? 4096 : 256;
    l->cell = big ? 1 : 4;
    l->gap = big ? 0 : 1;
    l->rows = (unsigned)((npages + l->columns - 1) / l->columns);
}

/* libpng reports errors by longjmp; the message is kept for the caller. */
struct png_failure {
    char msg[256];
};

static void png_fail(png_structp png, png_const_charp msg)
{
    struct png_failure *f = png_get_error_ptr(png);
    snprintf(f->msg, sizeof(f->msg), "%s", msg);
    png_longjmp(png, 1);
}

static void png_warn(png_structp png, png_const_charp msg)
{
    (void)png, (void)msg;
}

/* Everything the writer touches after setjmp, behind one pointer that
 * does not change, so that no local can be clobbered by the longjmp. */
struct png_job {
    FILE *f;
    const struct pixbuf *img;
    const char *meta;
    uint8_t *row;
    struct png_failure failure;
};

static int png_emit(struct png_job *job)
{
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &job->failure, png_fail,
                                              png_warn);
    if (!png)
        return -1;
    png_infop info = png_create_info_struct(png);
    if (!info || setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, info ? &info : NULL);
        return -1;
    }
    png_init_io(png, job->f);
    png_set_IHDR(png, info, (png_uint_32)job->img->w, (png_uint_32)job->img->h, 8,
                 PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                 PNG_FILTER_TYPE_DEFAULT);
    png_text text[2];
    memset(text, 0, sizeof(text));
    text[0].compression = text[1].compression = PNG_TEXT_COMPRESSION_NONE;
    text[0].key = (png_charp) "Software";
    text[0].text = (png_charp) "rvemu " RVEMU_VERSION;
    text[1].key = (png_charp) "rvemu-pagemap";
    text[1].text = (png_charp)job->meta;
    png_set_text(png, info, text, 2);
    png_write_info(png, info);
    for (int y = 0; y < job->img->h; y++) {
        const uint32_t *src = job->img->px + (long)y * job->img->stride;
        for (int x = 0; x < job->img->w; x++) {
            job->row[3 * x] = (uint8_t)(src[x] >> 16);
            job->row[3 * x + 1] = (uint8_t)(src[x] >> 8);
            job->row[3 * x + 2] = (uint8_t)src[x];
        }
        png_write_row(png, job->row);
    }
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    return 0;
}

/* The grid of cells, then the title and the legend under it. */
static void draw(struct pixbuf *img, const struct ps_cell *cells, uint64_t npages,
                 const struct pagemap_layout *l, int grid_h, const char *title)
{
    pixbuf_fill(img, 0, 0, img->w, img->h, PNG_BG);
    int body = (int)(l->cell - l->gap);
    for (uint64_t i = 0; i < npages; i++) {
        int x = (int)(i % l->columns * l->cell), y = (int)(i / l->columns * l->cell);
        pixbuf_fill(img, x, y, body, body, pagemap_color(cells[i].cls, cells[i].count));
    }
    int y = grid_h + PNG_MARGIN;
    pixbuf_text(img, PNG_MARGIN, y, title, PNG_TEXT, PNG_BG);
    y += FONT_H + PNG_MARGIN / 2;
    int per_row = (img->w - PNG_MARGIN) / LEGEND_COLUMN;
    if (per_row < 1)
        per_row = 1;
    for (unsigned k = 0; k < NKEYS_PNG; k++) {
        int x = PNG_MARGIN + (int)(k % (unsigned)per_row) * LEGEND_COLUMN;
        int ky = y + (int)(k / (unsigned)per_row) * (FONT_H + 4);
        pixbuf_fill(img, x, ky + (FONT_H - SWATCH) / 2, SWATCH, SWATCH, legend[k].color);
        /* an outline, so that the darkest colours show on the background */
        pixbuf_frame(img, x - 1, ky + (FONT_H - SWATCH) / 2 - 1, SWATCH + 2, SWATCH + 2,
                     PAGEMAP_OUTLINE);
        pixbuf_text(img, x + SWATCH + 6, ky, legend[k].label, PNG_TEXT, PNG_BG);
    }
}

int pagemap_write_png(struct pagestate *ps, const char *path, char *err, size_t errlen)
{
    struct pagemap_layout l;
    pagemap_png_layout(ps->npages, &l);
    int grid_w = (int)(l.columns * l.cell), grid_h = (int)(l.rows * l.cell);
    int width = grid_w < 2 * LEGEND_COLUMN ? 2 * LEGEND_COLUMN : grid_w;
    int per_row = (width - PNG_MARGIN) / LEGEND_COLUMN;
    int legend_rows = (int)((NKEYS_PNG + (unsigned)per_row - 1) / (unsigned)per_row);
    int height = grid_h + PNG_MARGIN + FONT_H + PNG_MARGIN / 2 + legend_rows * (FONT_H + 4) +
                 PNG_MARGIN;
    struct ps_cell *cells = malloc(ps->npages * sizeof(*cells));
    struct pixbuf img = { calloc((size_t)width * (size_t)height, sizeof(uint32_t)), width,
                          height, width };
    struct png_job job = { .img = &img, .row = malloc((size_t)width * 3) };
    if (!cells || !img.px || !job.row) {
        free(cells), free(img.px), free(job.row);
        return fail(err, errlen, "out of memory for a %dx%d image", width, height);
    }
    pagestate_snapshot(ps, cells, false);
    char title[160], meta[160];
    snprintf(title, sizeof(title), "rvemu page map: 0x%" PRIx64 "-0x%" PRIx64 ", %" PRIu64
             " pages, %u a row", ps->base, ps->base + (ps->npages << 12) - 1, ps->npages,
             l.columns);
    snprintf(meta, sizeof(meta), "base=0x%" PRIx64 " pages=%" PRIu64 " columns=%u cell=%u gap=%u",
             ps->base, ps->npages, l.columns, l.cell, l.gap);
    draw(&img, cells, ps->npages, &l, grid_h, title);
    free(cells);
    job.meta = meta;
    int rc = 0;
    job.f = fopen(path, "wb");
    if (!job.f) {
        rc = fail(err, errlen, "%s: %s", path, strerror(errno));
    } else {
        if (png_emit(&job) != 0)
            rc = fail(err, errlen, "%s: %s", path, job.failure.msg[0] ? job.failure.msg
                                                                     : "cannot write the PNG");
        if (fclose(job.f) != 0 && rc == 0)
            rc = fail(err, errlen, "%s: %s", path, strerror(errno));
    }
    free(img.px);
    free(job.row);
    return rc;
}
